"""Running the room, on the main window: the agenda, the parking lot, the presenter view.

:class:`Room` adds to the main window what a facilitator needs while the room talks:
the Agenda and Parking lot panels (made with the first file, below the canvas, shown
when asked for or while presenting on two screens), Insert → Note… (one shortcut, while
any item is selected), the agenda timer's keys, the note counts and the agenda's clock
on the canvas, and the presenter view with its choice of projector screen
(:mod:`ui.presenter`). The main window calls :meth:`Room.set_document` and
:meth:`Room.follow_canvas`; everything else is wired here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from ui.presenter import Presenter, projector_screen

if TYPE_CHECKING:  # the panels load with the first file: start-up stays quick
    from ui.agenda_panel import AgendaDock
    from ui.canvas import CanvasView
    from ui.canvas.note_badges import NoteBadges
    from ui.document import Document
    from ui.main_window import MainWindow
    from ui.parking_lot import ParkingLotDock
    from ui.timer_corner import TimerCorner

#: The one shortcut that adds a note while any item (or nothing) is selected.
ADD_NOTE_KEYS = "Ctrl+Shift+P"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Room", text)


class Room(QObject):
    """The room's panels, keys and presenter view on one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.presenter = Presenter(window)
        self.presenter.changed.connect(self._presenter_changed)
        self.agenda_dock: AgendaDock | None = None
        self.parking_dock: ParkingLotDock | None = None
        self.corner: TimerCorner | None = None
        self.badges: NoteBadges | None = None
        self.add_note = self._action(_tr("&Note…"), self._add_note, ADD_NOTE_KEYS)
        self.add_note.setToolTip(_tr("A question, parked topic, decision or action"))
        self.add_note.setProperty("listed_as", _tr("Add a note to the parking lot"))
        self.start_timer = self._action(_tr("&Start or Pause the Timer"), self._start, "F6")
        self.next_item = self._action(_tr("&Next Agenda Item"), self._next, "Shift+F6")
        menus = window.menus
        menus["insert"].addSeparator()
        menus["insert"].addAction(self.add_note)
        self.screens_menu = QMenu(_tr("Projector &Screen"), window)
        self.screens_menu.aboutToShow.connect(self._fill_screens)
        view = menus["view"]
        after = window.acts.presentation
        actions = view.actions()
        if after in actions[:-1]:  # right after Presentation Mode
            view.insertMenu(actions[actions.index(after) + 1], self.screens_menu)
        else:
            view.addMenu(self.screens_menu)
        agenda = view.addMenu(_tr("A&genda"))
        agenda.addActions([self.start_timer, self.next_item])
        self._enable(None)

    def _action(self, text: str, slot: Callable[[], object], keys: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _c=False: slot())
        self.window.addAction(action)  # works in presentation mode too
        return action

    @property
    def docks(self) -> list[QDockWidget]:
        return [d for d in (self.agenda_dock, self.parking_dock) if d is not None]

    # ---- the main window's hooks ---------------------------------------------------------
    def set_document(self, document: Document | None) -> None:
        """Follow the main window's document (made the panels with the first file)."""
        if document is not None:
            self._ensure_docks()
        for dock in (self.agenda_dock, self.parking_dock):
            if dock is not None:
                dock.set_document(document)
        if self.badges is not None:
            self.badges.set_document(document)
        self.presenter.set_document(document)
        self._enable(document)

    def follow_canvas(self, canvas: CanvasView) -> None:
        """The main window's canvas: the note counts on its cards, the clock when it
        presents on the one screen."""
        if self.badges is None:
            from ui.canvas.note_badges import NoteBadges
            from ui.timer_corner import TimerCorner

            self.badges = NoteBadges(canvas)
            self.corner = TimerCorner(canvas)
            canvas.presentationChanged.connect(lambda _on: self.corner and self.corner.refresh())
        self.badges.set_document(canvas.document)

    # ---- panels ---------------------------------------------------------------------------
    def _ensure_docks(self) -> None:
        if self.agenda_dock is not None:
            return
        from ui.agenda_panel import AgendaDock
        from ui.parking_lot import ParkingLotDock

        window = self.window
        shown = QSettings().value("window/docks")
        shown = [shown] if isinstance(shown, str) else shown
        self.agenda_dock = AgendaDock(window)
        self.parking_dock = ParkingLotDock(window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.agenda_dock)
        window.splitDockWidget(self.agenda_dock, self.parking_dock, Qt.Orientation.Horizontal)
        for dock in self.docks:
            dock.setMinimumWidth(280)
            name = dock.objectName()
            # Hidden until asked for (or presenting on two screens): the canvas stays large.
            window._dock_wanted[name] = shown is not None and name in shown
            window.menus["panels"].addAction(dock.toggleViewAction())
        if window._saved_state is not None:
            window.restoreState(window._saved_state)

    def _enable(self, document: Document | None) -> None:
        editable = document is not None and not document.read_only
        for action in (self.add_note, self.start_timer, self.next_item):
            action.setEnabled(editable)

    def _add_note(self) -> None:
        doc = self.window.document
        if doc is None or self.parking_dock is None:
            return
        from ui import parking_lot

        self.window.inspector.flush()
        if parking_lot.add_note(doc, self.window) and not self.window.presenting:
            self.parking_dock.show()  # the note is where the room can find it again
            self.parking_dock.raise_()

    def _start(self) -> None:
        if self.agenda_dock is not None:
            self.agenda_dock.view.start_or_pause()

    def _next(self) -> None:
        if self.agenda_dock is not None:
            self.agenda_dock.view.next_item()

    # ---- presenter ------------------------------------------------------------------------
    def _presenter_changed(self, _on: bool) -> None:
        acts = self.window.acts
        acts.presentation.setChecked(self.window.presenting or self.presenter.active)

    def _fill_screens(self) -> None:
        menu = self.screens_menu
        menu.clear()
        group = QActionGroup(menu)
        chosen = projector_screen(self.window.screen())
        console = self.window.screen()
        for screen in QGuiApplication.screens():
            name, size = screen.name(), screen.geometry()
            label = _tr("{0} ({1} × {2})").format(name, size.width(), size.height())
            if screen is console:
                label = _tr("{0} — this window").format(label)
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(screen is chosen)
            action.setEnabled(screen is not console)
            action.triggered.connect(lambda _c=False, n=name: self.presenter.choose_screen(n))
            group.addAction(action)
        if len(QGuiApplication.screens()) < 2:
            note = menu.addAction(_tr("One screen: presentation mode uses this window"))
            note.setEnabled(False)
