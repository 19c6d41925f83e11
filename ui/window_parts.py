"""The main window in two stages: the welcome page first, its panels right after.

:class:`~ui.main_window.MainWindow` first builds only what the welcome page shows and
needs: the centre, the status bar, and the menus with every action that works without
a workshop (so their keys work as soon as the window is there). Once that has been
painted, :meth:`StagedWindow.build_parts` adds the rest: the outline and inspector
docks, the toolbar, closing the loop, breakouts and the room, and resolves the
"System" theme. Their modules (and Qt's whole ``Qt`` namespace) load only then, so the
window appears sooner. Whatever needs a part before that (a file opened at once, a
test) builds them through :attr:`StagedWindow.parts`. A file named on the command line
is painted first too: :meth:`StagedWindow.after_first_paint` runs what can follow it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from ui import palette, theme
from ui.window_base import WindowBase

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray, Qt

    from ui.breakout_commands import BreakoutUI
    from ui.inspector import Inspector
    from ui.main_window import MainWindow
    from ui.outline import OutlineTree
    from ui.review_mode import ReviewActions
    from ui.room import Room


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


#: Point size of text in the docks: readable on a projector.
DOCK_POINT_SIZE = 13.0


class WindowParts:
    """The window's parts made after its first paint (filled in by :func:`build_parts`)."""

    outline: OutlineTree
    inspector: Inspector
    outline_dock: QDockWidget
    inspector_dock: QDockWidget
    toolbar: QToolBar
    review_acts: ReviewActions
    breakouts: BreakoutUI
    room: Room


def dock_font(widget: QWidget) -> None:
    """The docks' text size: at least :data:`DOCK_POINT_SIZE`, readable on a projector."""
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), DOCK_POINT_SIZE))
    widget.setFont(font)


def _dock(
    window: MainWindow, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock_font(widget)
    dock.setWidget(widget)
    dock.setMinimumWidth(280)
    window.addDockWidget(area, dock)
    return dock


def make_parts(window: MainWindow, parts: WindowParts) -> None:
    """Make the window's panels, toolbar and their actions into ``parts``.

    ``parts`` is already the window's, so each part can reach those made before it
    (closing the loop connects to the inspector, breakouts tab beside it).
    """
    from PySide6.QtCore import Qt  # the whole Qt namespace loads here, after the first paint

    from ui.actions import build_toolbar
    from ui.breakout_commands import BreakoutUI
    from ui.inspector import Inspector
    from ui.outline import OutlineTree
    from ui.review_mode import ReviewActions
    from ui.room import Room

    parts.outline = OutlineTree()
    parts.inspector = Inspector()
    parts.outline_dock = _dock(window, _tr("Outline"), "outlineDock", parts.outline,
                               Qt.DockWidgetArea.LeftDockWidgetArea)  # fmt: skip
    parts.inspector_dock = _dock(window, _tr("Inspector"), "inspectorDock", parts.inspector,
                                 Qt.DockWidgetArea.RightDockWidgetArea)  # fmt: skip
    # Tab goes canvas → outline → inspector → coach, as widgets follow each other in the
    # order they were made; the status bar (made before the first paint) comes after the
    # outline, as if it had been made with the panels.
    QWidget.setTabOrder(parts.outline, window.status.coach_button)
    parts.inspector.doneEditing.connect(window.focus_canvas)
    back = QShortcut(QKeySequence(Qt.Key.Key_Escape), parts.outline)  # Esc: to the canvas
    back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    back.activated.connect(window.focus_canvas)
    window.menus["panels"].addActions(
        [parts.outline_dock.toggleViewAction(), parts.inspector_dock.toggleViewAction()]
    )
    parts.toolbar = build_toolbar(window, window.acts)
    parts.review_acts = ReviewActions(window)  # check-ins, review mode, the next cycle
    parts.breakouts = BreakoutUI(window)  # File → Breakouts, its banner, panel and marks
    parts.room = Room(window)  # the agenda, the parking lot, the presenter view
    parts.room.presenter.changed.connect(lambda _on: parts.review_acts.update())  # projector


def opening_now() -> bool:
    """Whether a workshop is being opened: a paint meanwhile (behind the opening's
    progress) is not the window's first paint; the next one, when it is open, is."""
    progress = sys.modules.get("ui.opening_progress")  # loaded by the first opening
    return progress is not None and progress.current() is not None


class AfterFirstPaint(QObject):
    """Calls ``then`` once, from the event loop, after ``window`` was first painted."""

    def __init__(self, window: QWidget, then: Callable[[], object]) -> None:
        super().__init__(window)
        self._then: Callable[[], object] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        then = self._then
        if then is not None and event.type() == QEvent.Type.Paint and not opening_now():
            self._then = None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # once this paint has been delivered
        return False


class StagedWindow(WindowBase):
    """The window's two stages, mixed into :class:`~ui.main_window.MainWindow` (see the
    module's notes): the parts, made after the first paint or when first needed, and
    what else waits for that paint."""

    _parts: WindowParts | None
    _painted: bool
    _after_paint_steps: list[Callable[[], None]]
    _before_parts_steps: list[Callable[[], None]]
    #: The theme is applied whole with the panels (see MainWindow._restore_settings),
    #: its tick boxes' style after the first paint (no tick box is in it).
    _theme_pending: bool
    _ticks_pending: bool
    _saved_state: QByteArray | None
    _docks_setting: list[str] | None
    _dock_wanted: dict[str, bool]

    if TYPE_CHECKING:  # defined by MainWindow

        def _size_docks(self) -> None: ...

    def _first_paint_done(self) -> None:
        self._painted = True
        self.build_parts()
        if self._ticks_pending:
            self._ticks_pending = False
            palette.apply(theme.choice())
        steps, self._after_paint_steps = self._after_paint_steps, []
        for step in steps:
            step()

    def before_parts(self, step: Callable[[], None]) -> None:
        """Run ``step`` right before the panels are made (now, if they are): before
        anything shows a workshop's data."""
        if self._parts is not None:
            step()
        else:
            self._before_parts_steps.append(step)

    def after_first_paint(self, step: Callable[[], None]) -> None:
        """Run ``step`` right after the window's first paint (now, if that was)."""
        if self._painted:
            step()
        else:
            self._after_paint_steps.append(step)

    @property
    def parts(self) -> WindowParts:
        """The panels, toolbar and their actions; made now if the first paint has not
        come yet (a file opened at once, a test)."""
        if self._parts is None:
            self.build_parts()
        assert self._parts is not None
        return self._parts

    def build_parts(self) -> None:
        """Make the outline, inspector, toolbar, closing the loop, breakouts and the room."""
        if self._parts is not None:
            return
        steps, self._before_parts_steps = self._before_parts_steps, []
        for step in steps:
            step()
        if self._theme_pending:
            self._theme_pending = False
            self._ticks_pending = not self._painted
            palette.apply(theme.choice(), style=self._painted)
        parts = self._parts = WindowParts()
        make_parts(cast("MainWindow", self), parts)
        docks = self._docks()
        shown = self._docks_setting
        for dock in docks:
            self._dock_wanted[dock.objectName()] = shown is None or dock.objectName() in shown
        self._size_docks()
        if self._saved_state is not None:
            self.restoreState(self._saved_state)
        document = self.document
        for dock in docks:
            dock.setVisible(document is not None and self._dock_wanted[dock.objectName()])
        parts.toolbar.setVisible(document is not None)
        parts.breakouts.set_document(document)
        parts.room.set_document(document)
        parts.review_acts.update()
