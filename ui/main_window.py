"""The main window: canvas in the centre, outline and inspector docks, menus, status bar.

With no workshop open the centre shows the welcome page. Opening a file makes a
new :class:`~ui.document.Document` (so the undo stack starts empty) and closes
the previous workshop. Every store error is shown through
:func:`ui.dialogs.show_error`; file choosers go through :mod:`ui.prompts`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from okr_studio.errors import OkrError, WorkshopLockedError
from okr_studio.store import Workshop
from ui import dialogs, palette, prompts, recent, theme, window_edit
from ui.actions import WindowActions, build_menus, build_toolbar
from ui.document import Document
from ui.inspector import Inspector
from ui.outline import OutlineTree
from ui.statusbar import StatusBar
from ui.welcome import WelcomePage

log = logging.getLogger("okr_studio")

APP_TITLE = "OKR Studio"
#: How often the window checks that the open file is still there (ms).
REACHABLE_INTERVAL_MS = 2000
#: Point size of text in the docks: readable on a projector.
DOCK_POINT_SIZE = 13.0


class CanvasPlaceholder(QLabel):
    """Stands in for the canvas when it is not available."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        font = QFont(self.font())
        font.setPointSizeF(20)
        self.setFont(font)
        document.changed.connect(lambda _e: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        data = self.document.data
        self.setText(
            f"{data.info.name or self.document.path.stem}\n\n"
            f"{len(data.units)} units · {len(data.objectives)} objectives · "
            f"{len(data.key_results)} key results"
        )


def make_canvas(document: Document, parent: QWidget | None = None) -> QWidget:
    """The centre widget for an open workshop (the canvas, or a placeholder without it)."""
    try:
        from ui.canvas import CanvasView  # type: ignore[attr-defined]
    except ImportError:
        return CanvasPlaceholder(document, parent)
    return CanvasView(document, parent)


def _sample_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home()) / "OKR Studio"


def unique_path(folder: Path, stem: str, suffix: str = ".okr") -> Path:
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem} {n}{suffix}"
        n += 1
    return candidate


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.document: Document | None = None
        self.canvas: QWidget | None = None
        self.recent_menu = None  # set by build_menus

        self.stack = QStackedWidget()
        self.welcome = WelcomePage()
        self.welcome.newRequested.connect(self.new_workshop)
        self.welcome.openRequested.connect(self.open_dialog)
        self.welcome.sampleRequested.connect(self.open_sample)
        self.welcome.recentChosen.connect(self.open_path)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)

        self.outline = OutlineTree()
        self.inspector = Inspector()
        self.outline_dock = self._dock("Outline", "outlineDock", self.outline,
                                       Qt.DockWidgetArea.LeftDockWidgetArea)  # fmt: skip
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector,
                                         Qt.DockWidgetArea.RightDockWidgetArea)  # fmt: skip

        self.status = StatusBar(self)
        self.setStatusBar(self.status)

        self.acts = WindowActions(self)
        self.menus = build_menus(self, self.acts)
        self.menus["panels"].addActions(
            [self.outline_dock.toggleViewAction(), self.inspector_dock.toggleViewAction()]
        )
        self.menus["file"].aboutToShow.connect(self._fill_recent_menu)
        self.toolbar = build_toolbar(self, self.acts)
        self.find_field = QLineEdit()
        self.find_field.setObjectName("findField")
        self.find_field.setPlaceholderText("Find title or owner (Ctrl+F)")
        self.find_field.setClearButtonEnabled(True)
        self.find_field.setMaximumWidth(320)
        self.find_field.returnPressed.connect(lambda: window_edit.find_next(self))
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.find_field)

        self._reach_timer = QTimer(self)
        self._reach_timer.setInterval(REACHABLE_INTERVAL_MS)
        self._reach_timer.timeout.connect(self.check_reachable)
        self._presentation_state: tuple[bool, bool, bool] | None = None

        self.resize(1400, 900)
        self.resizeDocks([self.outline_dock, self.inspector_dock], [380, 420],
                         Qt.Orientation.Horizontal)  # fmt: skip
        self.restored = False
        self._dock_wanted = {d.objectName(): True for d in self._docks()}
        self._restore_settings()
        self._set_document(None)

    # ---- construction helpers ---------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        font = QFont(widget.font())
        font.setPointSizeF(max(font.pointSizeF(), DOCK_POINT_SIZE))
        widget.setFont(font)
        dock.setWidget(widget)
        dock.setMinimumWidth(280)
        self.addDockWidget(area, dock)
        return dock

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry:
            self.restored = self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if state:
            self.restoreState(state)
        shown = settings.value("window/docks")
        if isinstance(shown, str):
            shown = [shown]
        for dock in self._docks():
            self._dock_wanted[dock.objectName()] = shown is None or dock.objectName() in shown
        choice = str(settings.value("view/theme", "system"))
        if choice in self.acts.themes:
            self.acts.themes[choice].setChecked(True)
            palette.apply(choice)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        if self._presentation_state is None:
            settings.setValue("window/state", self.saveState())
            if self.document is not None:
                self._remember_docks()
        wanted = [name for name, shown in self._dock_wanted.items() if shown]
        settings.setValue("window/docks", wanted)
        settings.setValue("view/theme", theme.choice())
        settings.sync()

    def _docks(self) -> list[QDockWidget]:
        return [self.outline_dock, self.inspector_dock]

    def _remember_docks(self) -> None:
        for dock in self._docks():
            self._dock_wanted[dock.objectName()] = dock.isVisible()

    # ---- the open document ---------------------------------------------------------------
    def _set_document(self, document: Document | None) -> None:
        old, old_canvas = self.document, self.canvas
        if self._presentation_state is not None:
            self.toggle_presentation()
        if old is not None:
            self.inspector.flush()
            if self.isVisible():
                self._remember_docks()
        self.document = document
        self.outline.set_document(document)
        self.inspector.set_document(document)
        self.status.set_document(document)
        self.canvas = None
        if document is not None:
            self.canvas = make_canvas(document, self.stack)
            self.stack.addWidget(self.canvas)
            self.stack.setCurrentWidget(self.canvas)
            document.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
            document.selectionChanged.connect(lambda _s: self._update_actions())
            document.replayFailed.connect(lambda exc: self.status.update_save_state(str(exc)))
            self._reach_timer.start()
        else:
            self._reach_timer.stop()
            self.welcome.refresh()
            self.stack.setCurrentWidget(self.welcome)
        if old_canvas is not None:
            self.stack.removeWidget(old_canvas)
            old_canvas.deleteLater()
        if old is not None:
            old.close()
            old.deleteLater()
        for dock in self._docks():
            dock.setVisible(document is not None and self._dock_wanted[dock.objectName()])
        self.toolbar.setVisible(document is not None)
        self.update_title()
        self._update_actions()

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
        editable = has_doc and not doc.read_only  # type: ignore[union-attr]
        for act in self.acts.document_actions():
            act.setEnabled(has_doc)
        for act in self.acts.editing_actions():
            act.setEnabled(editable)
        has_sel = has_doc and doc.current is not None  # type: ignore[union-attr]
        self.acts.delete.setEnabled(editable and has_sel)
        self.acts.rename.setEnabled(editable and has_sel)
        self.acts.copy.setEnabled(has_sel)
        stack = doc.undo_stack if doc is not None else None
        can_undo = bool(editable and stack is not None and stack.canUndo())
        can_redo = bool(editable and stack is not None and stack.canRedo())
        self.acts.undo.setEnabled(can_undo)
        self.acts.redo.setEnabled(can_redo)
        self.acts.undo.setText(f"&Undo {stack.undoText()}" if can_undo else "&Undo")  # type: ignore[union-attr]
        self.acts.redo.setText(f"&Redo {stack.redoText()}" if can_redo else "&Redo")  # type: ignore[union-attr]

    # ---- File ----------------------------------------------------------------------------
    def open_path(self, path: Path | str, *, read_only: bool = False) -> bool:
        """Open a workshop file, replacing the open one; errors are shown, never raised."""
        path = Path(path)
        try:
            workshop = Workshop.open(path, read_only=read_only)
        except WorkshopLockedError as exc:
            if not dialogs.confirm(
                self,
                "Workshop in use",
                str(exc),
                detail="You can open it read-only: you will see everything but cannot change it.",
                ok_text="Open Read-Only",
            ):
                return False
            return self.open_path(path, read_only=True)
        except OkrError as exc:
            dialogs.show_error(self, exc, title="Cannot open workshop")
            return False
        except OSError as exc:
            dialogs.show_error(
                self, f"“{path.name}” could not be opened: {exc.strerror or exc}.",
                title="Cannot open workshop",
            )  # fmt: skip
            return False
        self._adopt(workshop)
        return True

    def _adopt(self, workshop: Workshop) -> None:
        self._set_document(Document(workshop))
        recent.add_recent(workshop.path)
        recent.mark_opened()

    def open_dialog(self) -> bool:
        path = prompts.ask_open_path(self)
        return self.open_path(path) if path is not None else False

    def new_workshop(self) -> bool:
        details = prompts.ask_details(self)
        if details is None:
            return False
        name, cycle = details
        path = prompts.ask_save_path(self, "Save the new workshop as", f"{name or 'Workshop'}.okr")
        if path is None:
            return False
        try:
            workshop = Workshop.create(path, name=name, cycle=cycle)
        except OkrError as exc:
            dialogs.show_error(self, exc, title="Cannot create workshop")
            return False
        except OSError as exc:
            dialogs.show_error(self, f"“{path.name}” could not be created: {exc.strerror or exc}.")
            return False
        self._adopt(workshop)
        return True

    def open_sample(self) -> bool:
        """Copy a fresh sample workshop into Documents/OKR Studio and open it."""
        try:
            from okr_studio.sample import write_sample
        except ImportError:
            dialogs.show_error(self, "The sample workshop is not part of this installation.")
            return False
        folder = _sample_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = unique_path(folder, "OKR Studio sample")
            write_sample(path)
        except (OkrError, OSError) as exc:
            dialogs.show_error(self, f"The sample could not be written to {folder}: {exc}")
            return False
        return self.open_path(path)

    def save_as(self) -> bool:
        doc = self.document
        if doc is None:
            return False
        self.inspector.flush()
        path = prompts.ask_save_path(self, "Save workshop as", f"{doc.path.stem} copy.okr")
        if path is None:
            return False
        try:
            new = doc.workshop.save_as(path)
        except (OkrError, OSError) as exc:
            dialogs.show_error(self, exc, title="Save As failed")
            return False
        if new is doc.workshop:
            return True
        self._adopt(new)
        return True

    def close_workshop(self) -> None:
        if self.document is not None:
            self._set_document(None)

    def export_sheets(self) -> None:
        if self.document is None:
            return
        try:
            from ui import export_dialog  # type: ignore[attr-defined]
        except ImportError:
            dialogs.show_info(self, "PDF export is not available in this version.")
            return
        export_dialog.show_export_dialog(self, self.document)

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        files = recent.recent_files()
        for path in files:
            act = menu.addAction(path.name, lambda p=path: self.open_path(p))
            act.setToolTip(str(path))
            act.setEnabled(path.is_file())
        if files:
            menu.addSeparator()
            menu.addAction("Clear the list", recent.clear_recent)
        menu.setEnabled(bool(files))

    def check_reachable(self) -> bool:
        """Called on a timer: if the file is gone, say so and offer Save As."""
        doc = self.document
        if doc is None or not hasattr(doc.workshop, "check_reachable"):
            return True
        try:
            doc.workshop.check_reachable()
        except OkrError as exc:
            self._reach_timer.stop()
            self.status.update_save_state("Not saved: the file cannot be reached")
            if dialogs.confirm(
                self, "Workshop file not found", str(exc),
                detail="Everything on screen is still here. Save it to a new file now?",
                ok_text="Save As…",
            ):  # fmt: skip
                if not self.save_as():
                    self._reach_timer.start()
            else:
                self._reach_timer.start()
            return False
        return True

    # ---- Edit and View -------------------------------------------------------------------
    def undo(self) -> None:
        self._step(lambda doc: doc.undo())

    def redo(self) -> None:
        self._step(lambda doc: doc.redo())

    def _step(self, action) -> None:  # type: ignore[no-untyped-def]
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

    def focus_inspector(self, field: str) -> bool:
        editor = self.inspector.page.fields.get(field)
        if editor is None:
            return False
        self.inspector_dock.show()
        editor.setFocus()
        if isinstance(editor, QLineEdit):
            editor.selectAll()
        return True

    def toggle_presentation(self) -> None:
        if self._presentation_state is None:
            if self.document is None:
                self.acts.presentation.setChecked(False)
                return
            self._presentation_state = (
                self.outline_dock.isVisible(), self.inspector_dock.isVisible(), self.isMaximized()
            )  # fmt: skip
            for w in (self.outline_dock, self.inspector_dock, self.toolbar, self.status):
                w.hide()
            self.menuBar().hide()
            self.showFullScreen()
            self.canvas_call("set_presentation", True)
            self.acts.presentation.setChecked(True)
        else:
            outline, inspector, maximised = self._presentation_state
            self._presentation_state = None
            self.canvas_call("set_presentation", False)
            self.outline_dock.setVisible(outline)
            self.inspector_dock.setVisible(inspector)
            self.toolbar.show()
            self.status.show()
            self.menuBar().show()
            self.showMaximized() if maximised else self.showNormal()
            self.acts.presentation.setChecked(False)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape and self._presentation_state is not None:
            self.toggle_presentation()
            return
        super().keyPressEvent(event)

    def set_theme(self, choice: str) -> None:
        palette.apply(choice)
        self.acts.themes[choice].setChecked(True)
        QSettings().setValue("view/theme", choice)

    def show_about(self) -> None:
        try:
            from ui.about import show_about
        except ImportError:
            dialogs.show_info(self, APP_TITLE)
            return
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
        self.save_settings()
        self._set_document(None)
        super().closeEvent(event)
