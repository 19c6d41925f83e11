"""What the main window's parts share: the window's state, typed once.

:class:`~ui.main_window.MainWindow` is built from parts (the File commands in
:mod:`ui.window_files`, the View commands in :mod:`ui.window_view`), each a class of
its own; :class:`WindowBase` declares the state and the methods they use, which
``MainWindow`` sets up and defines, so each part is checked against them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar

if TYPE_CHECKING:
    from ui.actions import WindowActions
    from ui.canvas import CanvasView
    from ui.document import Document
    from ui.inspector import Inspector
    from ui.room import Room
    from ui.statusbar import StatusBar
    from ui.welcome import WelcomePage


class WindowBase(QMainWindow):
    """The state of the main window (set up by ``MainWindow.__init__``)."""

    document: Document | None
    canvas: CanvasView | None
    welcome: WelcomePage
    inspector: Inspector
    inspector_dock: QDockWidget
    status: StatusBar
    acts: WindowActions
    toolbar: QToolBar
    recent_menu: QMenu | None
    #: The agenda, the parking lot and the presenter view (:mod:`ui.room`).
    room: Room
    _reach_timer: QTimer
    #: While presenting: the docks that were open, and whether the window was maximised.
    _presentation_state: tuple[list[QDockWidget], bool] | None

    if TYPE_CHECKING:  # defined by MainWindow

        def _docks(self) -> list[QDockWidget]: ...
        def _set_document(self, document: Document | None) -> None: ...
        def canvas_call(self, name: str, *args: object) -> bool: ...
