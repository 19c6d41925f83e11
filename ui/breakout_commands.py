"""File → Breakouts: hand branches out to groups and merge their files back.

The flows ask their questions through the functions at the top of this module
(:func:`ask_hand_out`, :func:`ask_merge`, :func:`ask_breakout_files`,
:func:`ask_folder`), which tests replace, so nothing here blocks; every change
goes through the core (:func:`okr_studio.breakouts.hand_out`,
:func:`okr_studio.services.apply_merge`) as one undo step of the document.
:class:`BreakoutUI` puts the menu, the banner, the Breakouts panel and the
canvas's marks on a main window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from okr_studio.errors import OkrError
from ui import dialogs
from ui.document_view import DocumentView
from ui.exchange_commands import busy

if TYPE_CHECKING:
    from okr_studio.events import Change, ChangeEvent
    from okr_studio.store import Workshop
    from ui.breakout_handout import HandOutDialog
    from ui.breakout_merge import MergeDialog
    from ui.canvas.scene import CanvasScene
    from ui.document import Document
    from ui.main_window import MainWindow

BREAKOUT_FILTER = "OKR workshops (*.okr);;All files (*)"
#: The Breakouts panel's least height under the inspector (its list shows 3–4 groups).
PANEL_MIN_HEIGHT = 170


def _tr(text: str) -> str:
    return QCoreApplication.translate("Breakouts", text)


# ---- the questions (tests replace these) ------------------------------------------------
def ask_hand_out(dialog: HandOutDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_merge(dialog: MergeDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_breakout_files(parent: QWidget | None, start: Path) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(
        parent, _tr("Merge breakout files"), str(start), _tr(BREAKOUT_FILTER)
    )
    return [Path(n) for n in names]


def ask_folder(parent: QWidget | None, start: Path) -> Path | None:
    name = QFileDialog.getExistingDirectory(
        parent, _tr("Folder for the breakout files"), str(start)
    )
    return Path(name) if name else None


# ---- the flows ------------------------------------------------------------------------------
def _editable(window: MainWindow) -> Document | None:
    doc = window.document
    if doc is None or doc.read_only:
        return None
    window.inspector.flush()
    return doc


def hand_out(window: MainWindow) -> bool:
    """File → Breakouts → Hand Out…; True when files were written."""
    from okr_studio.breakouts import hand_out as write
    from okr_studio.breakouts import out_units
    from ui.breakout_handout import HandOutDialog

    doc = _editable(window)
    if doc is None:
        return False
    data = doc.data
    out = {unit: record.name for unit, record in out_units(data).items()}
    dialog = HandOutDialog(window, data, doc.path.parent, out, lambda p, s: ask_folder(p, s),
                           master=doc.path)  # fmt: skip
    current = doc.current
    if current is not None and current[0] == "unit" and current[1] not in out:
        dialog.set_ticked([current[1]])
    try:
        if not ask_hand_out(dialog):
            return False
        groups, folder = dialog.groups(), dialog.folder()
    finally:
        dialog.deleteLater()
    written: list[Path] = []

    def call(ws: Workshop) -> Change:
        done = write(ws, groups, folder)
        written.extend(done.files)
        return done.change

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with busy():
            doc.execute(call)
    except (OkrError, OSError) as exc:
        dialogs.show_error(window, exc, title=_tr("Cannot hand out"))
        return False
    names = ", ".join(f"“{p.name}”" for p in written)
    window.statusBar().showMessage(
        _tr("Handed out to {folder}: {names}").format(folder=folder, names=names), 10000
    )
    return True


def merge(window: MainWindow, paths: list[Path] | None = None) -> bool:
    """File → Breakouts → Merge…; True when the merge was written."""
    from okr_studio.breakouts import merge_plan
    from okr_studio.services import apply_merge
    from ui.breakout_merge import MergeDialog

    doc = _editable(window)
    if doc is None:
        return False
    paths = paths or ask_breakout_files(window, doc.path.parent)
    if not paths:
        return False
    try:
        with busy():
            preview = merge_plan(doc.workshop, paths)
    except OkrError as exc:
        dialogs.show_error(window, exc, title=_tr("Cannot merge"))
        return False
    dialog = MergeDialog(window, preview)
    try:
        if not ask_merge(dialog):
            return False
        answers = dialog.answers()
    finally:
        dialog.deleteLater()
    try:
        with busy():
            change = doc.execute(lambda ws: apply_merge(ws, preview, answers))
    except OkrError as exc:
        dialogs.show_error(window, exc, title=_tr("Cannot merge"))
        return False
    window.statusBar().showMessage(change.label, 10000)
    return True


def take_back(window: MainWindow, record_id: int) -> bool:
    from okr_studio import services

    doc = _editable(window)
    if doc is None or record_id not in doc.data.breakouts:
        return False
    record = doc.data.breakouts[record_id]
    question = _tr(
        "Take back the breakout “{group}”? Its file can then no longer be merged (Undo "
        "brings the hand-out back)."
    ).format(group=record.name)
    if not dialogs.confirm(
        window, _tr("Take back"), question, ok_text=_tr("&Take Back"), destructive=True
    ):
        return False
    try:
        doc.execute(lambda ws: services.take_back_hand_out(ws, record_id))
    except OkrError as exc:
        dialogs.show_error(window, exc)
        return False
    return True


# ---- on the window ------------------------------------------------------------------------
class BreakoutUI(DocumentView, QObject):
    """The menu, banner, panel and canvas marks of breakouts on one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        from ui.breakout_panel import BreakoutBanner, BreakoutsPanel

        self.window = window
        self.hand_out_action = QAction(_tr("&Hand Out…"), window)
        self.hand_out_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.hand_out_action.triggered.connect(lambda _c=False: hand_out(window))
        self.hand_out_action.setToolTip(_tr("Give branches to groups as their own files"))
        self.merge_action = QAction(_tr("&Merge…"), window)
        self.merge_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.merge_action.triggered.connect(lambda _c=False: merge(window))
        for action in (self.hand_out_action, self.merge_action):
            action.setProperty("listed_as", action.text().replace("&", "").removesuffix("…")
                               + " " + _tr("Breakouts"))  # fmt: skip
            window.addAction(action)  # the keys work in presentation mode too
        self.merge_action.setToolTip(_tr("Bring breakout files back, with a preview first"))
        file_menu = window.menus["file"]
        menu = file_menu.addMenu(_tr("&Breakouts"))
        menu.setObjectName("breakoutsMenu")
        menu.addActions([self.hand_out_action, self.merge_action])
        after_export = file_menu.actions().index(window.acts.export) + 1
        file_menu.insertMenu(file_menu.actions()[after_export], menu)
        self.banner = BreakoutBanner(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        window.insertToolBarBreak(self.banner)  # a row of its own, the window's width
        self.banner.setVisible(False)
        self.panel = BreakoutsPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        # Below the inspector (and the coach, tabbed with it), not a tab over it: who is
        # out and the selected item are both in sight (see _show_panel).
        window.splitDockWidget(window.inspector_dock, self.panel, Qt.Orientation.Vertical)
        self.panel.view.mergeRequested.connect(lambda: merge(window))
        self.panel.view.takeBackRequested.connect(lambda i: take_back(window, i))
        window.menus["panels"].addAction(self.panel.toggleViewAction())
        self.panel.setVisible(False)
        self._scene: CanvasScene | None = None

    def show_document(self, document: Document | None) -> None:
        data = document.data if document is not None else None
        self.banner.show_for(data)
        if self.banner.isVisibleTo(self.window) and not self.window.toolBarBreak(self.banner):
            self.window.insertToolBarBreak(self.banner)  # a restored layout may lack it
        if self.window.presenting:  # one screen: the room sees the tree, not the banner
            self.window.keep_off_the_room(self.banner)
        self.panel.view.set_document(document)
        editable = document is not None and not document.read_only and not document.data.origin
        self.hand_out_action.setEnabled(editable)
        self.merge_action.setEnabled(editable)
        if data is not None and data.breakouts and not data.origin:
            self._show_panel()  # below the inspector: the room sees who is out
        elif data is None or data.origin:
            self.panel.hide()
        self._follow_canvas()

    def on_document_changed(self, event: ChangeEvent) -> None:
        if any(r.table == "breakout" for r in event.change.rows):
            self._mark()
            if self.document is not None and self.document.data.breakouts:
                self._show_panel()

    def _show_panel(self) -> None:
        """Show the panel under the inspector, a quarter of their height (a few rows of
        groups), so the inspector keeps room for a key result's fields."""
        if self.panel.isVisible() or self.window.presenting:
            return
        self.panel.show()
        QTimer.singleShot(0, self._size_panel)  # once the window has shown its docks

    def _size_panel(self) -> None:
        window, inspector = self.window, self.window.inspector_dock
        beside = window.dockWidgetArea(self.panel) == window.dockWidgetArea(inspector)
        if not (self.panel.isVisible() and inspector.isVisible() and beside):
            return
        if window.tabifiedDockWidgets(self.panel) or self.panel.isFloating():
            return  # the user put it elsewhere (a remembered layout): leave it there
        total = inspector.height() + self.panel.height()
        low = max(PANEL_MIN_HEIGHT, total // 4)
        window.resizeDocks([inspector, self.panel], [total - low, low], Qt.Orientation.Vertical)

    def _follow_canvas(self) -> None:
        canvas = self.window.canvas
        scene = canvas.canvas_scene if canvas is not None else None
        if scene is not None and scene is not self._scene:
            scene.relaidOut.connect(self._mark)
            scene.cardsMade.connect(self._mark_new)
            self._scene = scene
        self._mark()

    def _mark(self) -> None:
        from ui.breakout_canvas import mark

        if self._scene is not None:
            mark(self._scene)

    def _mark_new(self, cards: list) -> None:
        from ui.breakout_canvas import mark

        if self._scene is not None:
            mark(self._scene, cards)
