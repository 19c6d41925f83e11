"""The View side of the main window: presentation mode and the theme.

A mixin of :class:`ui.main_window.MainWindow`. With a second screen, presentation mode
is the presenter view (:mod:`ui.presenter`, F5 again to stop). With one, presentation
mode (F5, Esc to leave) makes the window full screen with docks, bars and menus hidden, and
asks the canvas for its presentation style; the canvas can also switch it
itself (its own F5 key), and the window follows.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDockWidget, QToolBar

from ui import palette
from ui.window_base import WindowBase


class ViewCommands(WindowBase):
    """Presentation mode and theme; mixed into the main window."""

    @property
    def presenting(self) -> bool:
        return self._presentation_state is not None

    def toggle_presentation(self) -> None:
        """F5 / Esc: full screen, docks and bars hidden, the canvas in presentation style;
        with a second screen, the tree on the projector and this window as the console
        (:mod:`ui.presenter`)."""
        presenter = self.room.presenter
        if presenter.active:
            presenter.stop()
        elif self.presenting:
            self._leave_presentation()
        elif self.document is not None and not presenter.start():
            self._enter_presentation()
        self.acts.presentation.setChecked(self.presenting or presenter.active)

    def _enter_presentation(self) -> None:
        if self.presenting:
            return
        self.inspector.flush()
        # Every dock, also the panels other parts add (breakouts): the room sees the tree.
        docks = [d for d in self.findChildren(QDockWidget) if d.parent() is self]
        open_docks = [d for d in docks if d.toggleViewAction().isChecked()]
        self._presentation_state = (open_docks, self.isMaximized())
        # Every bar too: the tool bar and the banner of a breakout file.
        bars = [b for b in self.findChildren(QToolBar) if b.parent() is self]
        self._presentation_bars = [b for b in bars if b.isVisibleTo(self)]
        for w in (*docks, *bars, self.status):
            w.hide()
        self.menuBar().hide()
        self.showFullScreen()
        self.canvas_call("set_presentation", True)
        if self.canvas is not None:
            self.canvas.setFocus()

    def keep_off_the_room(self, bar: QToolBar) -> None:
        """While presenting (one screen), a bar another file shows is hidden; it comes
        back, or not, with the file open when presenting ends."""
        if bar.isVisibleTo(self) and bar not in self._presentation_bars:
            self._presentation_bars.append(bar)
        elif not bar.isVisibleTo(self) and bar in self._presentation_bars:
            self._presentation_bars.remove(bar)
        bar.hide()

    def _leave_presentation(self) -> None:
        if self._presentation_state is None:
            return
        open_docks, maximised = self._presentation_state
        self._presentation_state = None
        self.canvas_call("set_presentation", False)
        for dock in open_docks:
            dock.show()
        if self.inspector_dock in open_docks:
            self.inspector_dock.raise_()
        for bar in self._presentation_bars:
            bar.show()
        self._presentation_bars = []
        self.status.show()
        self.menuBar().show()
        if maximised:
            self.showMaximized()
        else:
            self.showNormal()

    def _on_canvas_presentation(self, on: bool) -> None:
        """Keep the window in step if the canvas switched presentation mode itself."""
        if on and not self.presenting:
            self._enter_presentation()
        elif not on and self.presenting:
            self._leave_presentation()
        self.acts.presentation.setChecked(self.presenting)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # loaded after the first paint, not before

        if event.key() == Qt.Key.Key_Escape and self.presenting:
            self.toggle_presentation()
            return
        super().keyPressEvent(event)

    def set_theme(self, choice: str) -> None:
        palette.apply(choice)
        self.acts.themes[choice].setChecked(True)
        QSettings().setValue("view/theme", choice)
