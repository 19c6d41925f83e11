"""What the main window's parts share: the window's state, typed once.

:class:`~ui.main_window.MainWindow` is built from parts (the File commands in
:mod:`ui.window_files`, the View commands in :mod:`ui.window_view`), each a class of
its own; :class:`WindowBase` declares the state and the methods they use, which
``MainWindow`` sets up and defines, so each part is checked against them.

The panels, the toolbar and their actions are made after the window's first paint
(:mod:`ui.window_parts`); the properties here reach them through
:attr:`WindowBase.parts`, which makes them at once when something needs them sooner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QStackedWidget, QToolBar

if TYPE_CHECKING:
    from ui.actions import WindowActions
    from ui.breakout_commands import BreakoutUI
    from ui.canvas import CanvasView
    from ui.document import Document
    from ui.inspector import Inspector
    from ui.outline import OutlineTree
    from ui.review_mode import ReviewActions
    from ui.room import Room
    from ui.statusbar import StatusBar
    from ui.welcome import WelcomePage
    from ui.window_parts import WindowParts


class WindowBase(QMainWindow):
    """The state of the main window (set up by ``MainWindow.__init__``)."""

    document: Document | None
    canvas: CanvasView | None
    welcome: WelcomePage
    stack: QStackedWidget
    status: StatusBar
    acts: WindowActions
    recent_menu: QMenu | None
    _reach_timer: QTimer
    #: Opening the file named on the command line (:meth:`FileCommands.open_at_start`).
    _at_start: bool
    #: While presenting: the docks that were open, and whether the window was maximised.
    _presentation_state: tuple[list[QDockWidget], bool] | None

    if TYPE_CHECKING:  # defined by MainWindow (parts, after_first_paint: StagedWindow)

        @property
        def parts(self) -> WindowParts: ...
        def _docks(self) -> list[QDockWidget]: ...
        def after_first_paint(self, step: Callable[[], None]) -> None: ...
        def _set_document(self, document: Document | None) -> None: ...
        def canvas_call(self, name: str, *args: object) -> bool: ...

    # ---- the parts made after the first paint ------------------------------------------
    @property
    def outline(self) -> OutlineTree:
        return self.parts.outline

    @property
    def inspector(self) -> Inspector:
        return self.parts.inspector

    @property
    def outline_dock(self) -> QDockWidget:
        return self.parts.outline_dock

    @property
    def inspector_dock(self) -> QDockWidget:
        return self.parts.inspector_dock

    @property
    def toolbar(self) -> QToolBar:
        return self.parts.toolbar

    @property
    def review_acts(self) -> ReviewActions:
        return self.parts.review_acts

    @property
    def breakouts(self) -> BreakoutUI:
        return self.parts.breakouts

    @property
    def room(self) -> Room:
        """The agenda, the parking lot and the presenter view (:mod:`ui.room`)."""
        return self.parts.room
