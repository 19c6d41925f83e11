"""The main window: canvas in the centre, outline and inspector docks, menus, status bar.

With no workshop open the centre shows the welcome page. Opening a file makes a
new :class:`~ui.document.Document` (so the undo stack starts empty) and closes
the previous workshop. Every store error is shown through
:func:`ui.dialogs.show_error`; file choosers go through :mod:`ui.prompts`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from okr_studio.errors import OkrError
from ui import dialogs, palette, theme
from ui.actions import WindowActions, build_menus
from ui.statusbar import StatusBar
from ui.welcome import WelcomePage
from ui.window_files import FileCommands
from ui.window_parts import AfterFirstPaint, StagedWindow, WindowParts, dock_font
from ui.window_view import ViewCommands

if TYPE_CHECKING:
    from ui.canvas import CanvasView
    from ui.coach_panel import CoachPanel
    from ui.document import Document
    from ui.document_view import DocumentView

log = logging.getLogger("okr_studio")

APP_TITLE = "OKR Studio"
#: How often the window checks that the open file is still there (ms).
REACHABLE_INTERVAL_MS = 2000


def make_canvas(document: Document, parent: QWidget | None) -> CanvasView:
    """The centre widget for an open workshop (imported on first use: start-up stays quick)."""
    from ui.canvas import CanvasView

    return CanvasView(document, parent)


class MainWindow(StagedWindow, FileCommands, ViewCommands, QMainWindow):
    """The window; its panels are made after its first paint (:mod:`ui.window_parts`)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.document: Document | None = None
        self.canvas: CanvasView | None = None
        self.coach_dock: CoachPanel | None = None
        self._parts: WindowParts | None = None
        self._saved_state = None
        self._docks_setting: list[str] | None = None
        self.recent_menu: QMenu | None = None  # set by build_menus

        self.stack = QStackedWidget()
        self.welcome = WelcomePage()
        self.welcome.newRequested.connect(self.new_workshop)
        self.welcome.openRequested.connect(self.open_dialog)
        self.welcome.sampleRequested.connect(self.open_sample)
        self.welcome.recentChosen.connect(self.open_path)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)

        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.status.findingsClicked.connect(lambda: self.show_findings())

        self.acts = WindowActions(self)  # every key of the welcome page works from the start
        self.menus = build_menus(self, self.acts)
        self.menus["file"].aboutToShow.connect(self._fill_recent_menu)

        self._reach_timer = QTimer(self)
        self._reach_timer.setInterval(REACHABLE_INTERVAL_MS)
        self._reach_timer.timeout.connect(self.check_reachable)
        #: While presenting: the docks that were open, and whether the window was maximised.
        self._presentation_state: tuple[list[QDockWidget], bool] | None = None

        self.resize(1400, 900)
        self.restored = False
        self._dock_wanted: dict[str, bool] = {}
        self._theme_pending = self._ticks_pending = False
        self._painted = False
        self._at_start = False  # opening the file named on the command line
        self._after_paint_steps: list[Callable[[], None]] = []
        self._before_parts_steps: list[Callable[[], None]] = []
        self._restore_settings()
        self._set_document(None)
        self._after_paint = AfterFirstPaint(self, self._first_paint_done)

    # ---- construction helpers ---------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry:
            self.restored = self.restoreGeometry(geometry)
        self._saved_state = settings.value("window/state") or None  # with the docks
        shown = settings.value("window/docks")
        if isinstance(shown, str):
            shown = [shown]
        self._docks_setting = shown
        choice = str(settings.value("view/theme", "system"))
        if choice in self.acts.themes:
            self.acts.themes[choice].setChecked(True)
            # The first paint has the theme's palette (the platform's, for "System": asking
            # Qt whether the system is dark loads its whole namespace); the tick boxes'
            # style and the "System" theme's colours follow with the panels.
            self._theme_pending = True
            if choice != "system":
                palette.apply(choice, style=False)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        if self._parts is not None:  # else the docks' layout stays as it was remembered
            if self._presentation_state is None:
                settings.setValue("window/state", self.saveState())
                if self.document is not None:
                    self._remember_docks()
            wanted = [name for name, shown in self._dock_wanted.items() if shown]
            settings.setValue("window/docks", wanted)
        settings.setValue("view/theme", theme.choice())
        settings.sync()

    def _size_docks(self) -> None:
        docks = self._docks()
        if not docks:  # made after the first paint
            return
        from PySide6.QtCore import Qt  # (the whole namespace: loaded after the first paint)

        width = self.width()
        sizes = [max(280, width // 5), max(300, width // 4)]
        self.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)

    def show_first_time(self) -> None:
        """No remembered geometry: take the whole screen (often a projector)."""
        screen = self.screen()
        if screen is not None:
            self.setGeometry(screen.availableGeometry())
        self._size_docks()
        self.showMaximized()

    def _docks(self) -> list[QDockWidget]:
        if self._parts is None:
            return []
        docks = [self.outline_dock, self.inspector_dock, *self.room.docks]
        return [*docks, self.coach_dock] if self.coach_dock is not None else docks

    def _ensure_coach_dock(self) -> None:
        """The coach's findings, in a dock beside the inspector (made with the first file)."""
        if self.coach_dock is not None:
            return
        from PySide6.QtCore import Qt

        from ui.coach_panel import CoachPanel

        dock = CoachPanel(None, self)
        dock_font(dock.widget())
        dock.setMinimumWidth(280)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.inspector_dock, dock)
        self.coach_dock = dock
        shown = self._docks_setting
        self._dock_wanted[dock.objectName()] = shown is None or dock.objectName() in shown
        self.menus["panels"].addAction(dock.toggleViewAction())
        if self._saved_state is not None:
            self.restoreState(self._saved_state)
        self.inspector_dock.raise_()

    def show_findings(self) -> None:
        if self.coach_dock is not None and self.document is not None:
            self.coach_dock.show()
            self.coach_dock.raise_()

    def _remember_docks(self) -> None:
        for dock in self._docks():  # a dock behind another tab is open, though not visible
            self._dock_wanted[dock.objectName()] = dock.toggleViewAction().isChecked()

    # ---- the open document ---------------------------------------------------------------
    def _set_document(self, document: Document | None) -> None:
        old = self.document
        if self.presenting and document is None:  # another file is presented in its place
            self.toggle_presentation()
        if old is not None:
            self.inspector.flush()
            if self.isVisible() and not self.presenting:
                self._remember_docks()
        self.document = document
        # A workshop needs the panels; the welcome page leaves them to after the first paint.
        parts = self.parts if document is not None else self._parts
        from ui.opening_progress import step

        step("panels")
        if parts is not None:
            self._panels_follow(parts, document)
        self.status.set_document(document)
        if document is not None:
            step("layout")
            if self.canvas is None:
                # One canvas for the window's life: it shows each opened file in turn.
                self.canvas = make_canvas(document, self.stack)
                self.stack.addWidget(self.canvas)
                changed = getattr(self.canvas, "presentationChanged", None)
                if changed is not None:
                    changed.connect(self._on_canvas_presentation)
            else:
                self.canvas.set_document(document)
            self.room.follow_canvas(self.canvas)
            self.stack.setCurrentWidget(self.canvas)
            self.canvas.setFocus()  # the keyboard starts on the tree, ready for its keys
            if document.current is None:  # …on its first card, so the arrows work at once
                from ui.canvas.keys import select_top

                select_top(self.canvas)
            document.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
            document.selectionChanged.connect(lambda _s: self._update_actions())
            document.replayFailed.connect(lambda exc: self.status.update_save_state(str(exc)))
            self._reach_timer.start()
        else:
            self._reach_timer.stop()
            self.welcome.refresh()
            self.stack.setCurrentWidget(self.welcome)
        if parts is not None:
            parts.breakouts.set_document(document)
        if old is not None:
            old.close()
        for dock in self._docks():
            wanted = document is not None and self._dock_wanted[dock.objectName()]
            dock.setVisible(wanted and not self.presenting)
        if parts is not None:
            parts.toolbar.setVisible(document is not None and not self.presenting)
        self.update_title()
        self._update_actions()

    def _panels_follow(self, parts: WindowParts, document: Document | None) -> None:
        later = document is not None and self._at_start  # the tree is painted first
        if document is not None:
            # The inspector's fields are made first, so Tab goes canvas → outline →
            # inspector → coach (the focus chain follows the order widgets are made).
            if later:
                parts.inspector.prepare()  # (it shows the workshop after the paint)
            else:
                parts.inspector.set_document(document)
            self._ensure_coach_dock()
        parts.room.set_document(document)
        views: list[CoachPanel | DocumentView] = [
            v for v in (parts.inspector, self.coach_dock, parts.outline) if v is not None
        ]
        if later:
            self.after_first_paint(lambda: self._views_follow(views, document))
        else:
            self._views_follow(views, document)

    def _views_follow(
        self, views: list[CoachPanel | DocumentView], document: Document | None
    ) -> None:
        if document is self.document:  # (not closed meanwhile)
            for view in views:
                view.set_document(document)

    def update_title(self) -> None:
        doc = self.document
        if doc is None:
            self.setWindowTitle(APP_TITLE)
            return
        title = f"{doc.path.name} — {APP_TITLE}"
        if doc.read_only:
            title += " [read-only]"
        self.setWindowTitle(title)

    def _update_actions(self) -> None:
        doc = self.document
        has_doc = doc is not None
        editable = doc is not None and not doc.read_only
        for act in self.acts.document_actions():
            act.setEnabled(has_doc)
        for act in self.acts.editing_actions():
            act.setEnabled(editable)
        has_sel = doc is not None and doc.current is not None
        self.acts.delete.setEnabled(editable and has_sel)
        self.acts.rename.setEnabled(editable and has_sel)
        self.acts.paste.setEnabled(editable)  # an outline needs no selection
        self.acts.copy.setEnabled(has_sel)
        stack = doc.undo_stack if doc is not None and editable else None
        undo = stack.undoText() if stack is not None and stack.canUndo() else None
        redo = stack.redoText() if stack is not None and stack.canRedo() else None
        self.acts.undo.setEnabled(undo is not None)
        self.acts.redo.setEnabled(redo is not None)
        self.acts.undo.setText(
            self.tr("&Undo {action}").format(action=undo) if undo is not None else self.tr("&Undo")
        )
        self.acts.redo.setText(
            self.tr("&Redo {action}").format(action=redo) if redo is not None else self.tr("&Redo")
        )
        if self._parts is not None:
            self._parts.review_acts.update()

    # ---- Edit and View -------------------------------------------------------------------
    def undo(self) -> None:
        self._step(lambda doc: doc.undo())

    def redo(self) -> None:
        self._step(lambda doc: doc.redo())

    def _step(self, action: Callable[[Document], None]) -> None:
        if self.document is None:
            return
        self.inspector.flush()
        try:
            action(self.document)
        except OkrError as exc:
            dialogs.show_error(self, exc)

    def canvas_call(self, name: str, *args: object) -> bool:
        """Call a canvas method if the canvas has it; True when it was called."""
        method = getattr(self.canvas, name, None)
        if not callable(method):
            return False
        method(*args)
        return True

    def focus_canvas(self) -> None:
        """Give the keyboard back to the canvas (Esc in the inspector)."""
        if self.presenting:
            self.inspector_dock.hide()  # opened for Edit Details: the room sees the tree again
        if self.canvas is not None and self.document is not None:
            self.canvas.setFocus()

    def focus_inspector(self, field: str) -> bool:
        editor = self.inspector.page.fields.get(field)
        if editor is None:
            return False
        self.inspector_dock.show()
        self.inspector_dock.raise_()  # it may be behind the coach's tab
        editor.setFocus()
        if isinstance(editor, QLineEdit):
            editor.selectAll()
        return True

    def show_about(self) -> None:
        from ui.about import show_about

        show_about(self)

    def recover(self) -> None:
        """After an unexpected error: re-read the file so the screen matches it."""
        if self.document is not None:
            try:
                self.document.reload()
            except OkrError as exc:
                dialogs.show_error(self, exc)

    # ---- window events --------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.toLocalFile().lower().endswith(".okr") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().lower().endswith(".okr"):
                event.acceptProposedAction()
                self.open_path(Path(url.toLocalFile()))
                return

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._presentation_state is not None:
            self.toggle_presentation()
        if self._parts is not None:  # the console's extra panels are not remembered as open
            self._parts.room.presenter.stop()
        self.save_settings()
        self._set_document(None)
        super().closeEvent(event)
