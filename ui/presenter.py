"""Presenter view: the tree on the projector, the controls on the laptop.

With a second screen attached, presentation mode (F5) opens a :class:`ProjectorWindow`
full screen on the projector: only the tree, in presentation style, and the agenda's
clock in a corner. The main window stays on the laptop as the presenter console, with
the outline, the inspector, the coach, the agenda and the parking lot shown; every edit
made there reaches the projector at once (both views follow the one document, and the
projector's branch follows the selection). The projector never takes the keyboard, so
dialogs (which belong to the console) always open on the console.

Which screen is the projector is chosen under View → Projector Screen and remembered
(:data:`SETTING`); by default it is a screen the console is not on. When the projector's
screen goes away mid-workshop, the projector window closes and the console carries on
alone, with nothing lost; any window left on a screen that went away is brought back
onto one that is still there (:func:`rescue_windows`). With one screen, presentation
mode works as before (the main window itself goes full screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QDockWidget, QFrame, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ui.canvas import CanvasView
    from ui.document import Document
    from ui.main_window import MainWindow

#: The QSettings key naming the projector's screen.
SETTING = "presenter/screen"
#: Type size of a dialog the room sees, relative to the normal size.
PRESENTATION_DIALOG_SCALE = 1.6


def _tr(text: str) -> str:
    return QCoreApplication.translate("Presenter", text)


def projector_screen(console: QScreen | None) -> QScreen | None:
    """The screen the projector window goes on: the remembered one if it is attached and
    the console is not on it, else the first other screen; None with one screen."""
    others = [s for s in QGuiApplication.screens() if s is not console]
    if not others or console is None:
        return None
    wanted = str(QSettings().value(SETTING, "") or "")
    return next((s for s in others if s.name() == wanted), others[0])


def room_sees(widget: QWidget | None) -> bool:
    """Whether a dialog opened from ``widget`` is seen by the room, so it takes the
    presentation type size (:data:`PRESENTATION_DIALOG_SCALE`).

    The decision: only with one screen. There presentation mode puts the window itself
    on the projector, so a dialog (the cascade wizard, a check-in, a note) is read from
    the back of the room and needs the large type. With two screens the presenter
    view's dialogs open on the console, the facilitator's laptop, which the room does not
    see: they keep the normal size that fits the laptop, while the projector alone shows
    the tree in the presentation style. (Dialogs never open on the projector.) The
    console's window and canvas are not ``presenting`` in that mode, which is what this
    reads: ``presenting`` on ``widget`` or any widget it sits in.
    """
    while widget is not None:
        if getattr(widget, "presenting", False) is True:
            return True
        widget = widget.parentWidget()
    return False


def dialog_scale(widget: QWidget | None) -> float | None:
    """The type scale of a dialog opened from ``widget`` (None: the normal size)."""
    return PRESENTATION_DIALOG_SCALE if room_sees(widget) else None


def on_a_screen(widget: QWidget) -> bool:
    """Whether any part of a window is on one of the attached screens."""
    frame = widget.frameGeometry()
    return any(s.geometry().intersects(frame) for s in QGuiApplication.screens())


def rescue_windows() -> list[QWidget]:
    """Bring every shown window that no screen holds back onto the primary screen;
    returns those moved."""
    screen = QGuiApplication.primaryScreen()
    moved: list[QWidget] = []
    if screen is None:
        return moved
    area = screen.availableGeometry()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and not on_a_screen(widget):
            size = widget.size().boundedTo(area.size())
            widget.resize(size)
            widget.move(area.center() - widget.rect().center())
            moved.append(widget)
    return moved


class ProjectorWindow(QWidget):
    """What the room sees: the tree and the agenda's clock, nothing else."""

    def __init__(self, document: Document, presenter: Presenter) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("projectorWindow")
        self.setWindowTitle(_tr("OKR Studio — projector"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
        self.presenter = presenter
        from ui.canvas import CanvasView  # the canvas and its extras load with the first file
        from ui.canvas.note_badges import NoteBadges
        from ui.timer_corner import TimerCorner

        self.canvas: CanvasView = CanvasView(document, self)
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas.setFrameShape(QFrame.Shape.NoFrame)  # no grey line round the room's screen
        self.corner = TimerCorner(self.canvas)
        self.badges = NoteBadges(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def show_on(self, screen: QScreen) -> None:
        """Full screen on ``screen``, presenting the branch of the console's selection."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.canvas.set_presentation(True)
        self.corner.refresh()

    def set_document(self, document: Document) -> None:
        self.canvas.set_document(document)
        self.badges.set_document(document)
        self.canvas.set_presentation(True)

    def toggle_presentation(self) -> None:
        """The canvas's own F5 / Esc (the projector rarely has the keyboard): stop."""
        self.presenter.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.presenter.projector is self:  # closed by the window system: stop cleanly
            QTimer.singleShot(0, self.presenter.stop)
        super().closeEvent(event)


class Presenter(QObject):
    """Starts and stops the projector window for one main window (the console)."""

    #: The projector window opened (True) or closed (False).
    changed = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.projector: ProjectorWindow | None = None
        #: The projector's screen, by name (Qt has moved its windows by the time it says
        #: a screen was removed).
        self.screen_name = ""
        self._console_docks: list[QDockWidget] = []
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenRemoved.connect(self._screen_removed)

    @property
    def active(self) -> bool:
        return self.projector is not None

    @property
    def canvas(self) -> CanvasView | None:
        return self.projector.canvas if self.projector is not None else None

    def start(self) -> bool:
        """Open the projector window; False (nothing done) with one screen or no file."""
        window = self.window
        screen = projector_screen(window.screen())
        if self.active or screen is None or window.document is None:
            return False
        window.inspector.flush()
        self.projector = ProjectorWindow(window.document, self)
        self.projector.show_on(screen)
        self.screen_name = screen.name()
        window.activateWindow()  # the keyboard stays on the console
        self._console_docks = [d for d in window._docks() if not d.isVisible()]
        for dock in self._console_docks:
            dock.show()
        shown = [d for d in window.room.docks if d in self._console_docks]
        if shown:  # the agenda and the parking lot share the bottom of the console
            half = max(window.width() // len(shown), 280)
            window.resizeDocks(shown, [half] * len(shown), Qt.Orientation.Horizontal)
            window.resizeDocks(shown, [window.height() // 4] * len(shown), Qt.Orientation.Vertical)
        window.status.showMessage(
            _tr("Presenting on “{0}”: the room sees the tree, this window is yours.").format(
                screen.name()
            ),
            8000,
        )
        self.changed.emit(True)
        return True

    def stop(self) -> None:
        projector, self.projector = self.projector, None
        if projector is None:
            return
        projector.hide()
        projector.deleteLater()
        for dock in self._console_docks:
            dock.hide()
        self._console_docks = []
        self.window.activateWindow()
        if self.window.canvas is not None:
            self.window.canvas.setFocus()
        self.changed.emit(False)

    def set_document(self, document: Document | None) -> None:
        """Another file (or none) in the console: the projector shows it too."""
        if document is None:
            self.stop()
        elif self.projector is not None:
            self.projector.set_document(document)

    def choose_screen(self, name: str) -> None:
        """Remember ``name`` as the projector's screen (and move there if presenting)."""
        QSettings().setValue(SETTING, name)
        screen = projector_screen(self.window.screen())
        if self.projector is not None and screen is not None:
            self.projector.show_on(screen)
            self.screen_name = screen.name()

    def _screen_removed(self, screen: QScreen) -> None:
        projector = self.projector
        if projector is not None and (
            screen.name() == self.screen_name or projector.screen() is self.window.screen()
        ):
            self.stop()
            self.window.status.showMessage(
                _tr("The projector went away: everything is back in this window."), 10000
            )
        # Qt moves windows off the screen that went away; bring them where they can be seen.
        QTimer.singleShot(0, rescue_windows)
