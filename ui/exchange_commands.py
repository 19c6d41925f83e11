"""File → Import… and the preview of a paste: read, preview, then write in one step.

The flow: a file chooser (:func:`ask_import_path`), the core reads the file
(a file it cannot read is refused with a dialog naming it, and the open
workshop is untouched), the preview (:class:`ui.import_dialog.ImportDialog`,
shown by :func:`ask_preview`) gathers the user's choices, and only then is
anything written — into the open workshop as one undo step through
``Document.execute`` ("Import 37 items from teams.xlsx"), or as a new
workshop built aside and saved whole before it is opened.

:func:`ask_import_path` and :func:`ask_preview` are the questions this module
asks; tests replace them, so nothing here ever blocks.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from okr_studio.errors import OkrError
from ui import dialogs, prompts

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.exchange import Incoming
    from ui.import_dialog import ImportDialog
    from ui.import_session import ImportSession
    from ui.window_files import FileCommands


def _tr(text: str) -> str:
    return QCoreApplication.translate("Import", text)


def import_filter() -> str:
    return ";;".join(
        (
            _tr("Files to import (*.csv *.tsv *.xlsx *.json *.md *.markdown *.txt)"),
            _tr("Spreadsheets (*.xlsx *.csv *.tsv)"),
            _tr("JSON exports of OKR Studio (*.json)"),
            _tr("Outlines: Markdown and text (*.md *.markdown *.txt)"),
            _tr("All files (*)"),
        )
    )


def ask_import_path(parent: QWidget | None) -> Path | None:
    """The native file chooser for a file to import; None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(
        parent, _tr("Import"), str(prompts.default_folder()), import_filter()
    )
    return Path(name) if name else None


def ask_preview(dialog: ImportDialog) -> bool:
    """Show the preview (modal); True when the user confirmed."""
    return dialog.exec() == QDialog.DialogCode.Accepted


@contextlib.contextmanager
def busy() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def unit_choices(data: WorkshopData | None) -> list[tuple[int, str, int]]:
    """(id, name, depth) of every unit, in tree order, for the "under" choice."""
    if data is None:
        return []
    return [(u.id, u.name, data.unit_depth(u.id)) for u in data.walk_units()]


def _default_under(window: FileCommands, incoming: Incoming) -> int | None:
    """A file that brings its own units goes at the top; other items under the
    selected unit (or the unit of the selected item), else the first top unit."""
    from ui.window_edit import unit_of

    doc = window.document
    if doc is None or any(True for _ in incoming.side.of_kind("unit")):
        return None
    unit = unit_of(doc.data, doc.current)
    if unit is None and doc.data.units:
        unit = doc.data.root_units()[0].id
    return unit


# ---- the flow ---------------------------------------------------------------------------------
def import_file(window: FileCommands) -> bool:
    """File → Import…: choose a file, preview it, write it; True when something was written."""
    path = ask_import_path(window)
    if path is None:
        return False
    window.inspector.flush()
    from okr_studio.exchange import read_file

    try:
        with busy():
            incoming = read_file(path)
    except OkrError as exc:
        dialogs.show_error(window, exc, title=_tr("Cannot import"))
        return False
    return preview_and_write(window, incoming)


def preview_and_write(
    window: FileCommands, incoming: Incoming, *, paste: bool = False, under: int | None = None
) -> bool:
    """Show the preview of ``incoming``; on confirmation write it (see the module notes)."""
    from ui.import_dialog import ImportDialog
    from ui.import_session import ImportSession

    doc = window.document
    data = doc.data if doc is not None and not doc.read_only else None
    if under is None and not paste:
        under = _default_under(window, incoming)
    try:
        with busy():
            session = ImportSession(incoming, data, under=under, only_add=paste)
            dialog = ImportDialog(window, session, units=unit_choices(data), paste=paste)
    except OkrError as exc:
        dialogs.show_error(window, exc, title=_tr("Cannot import"))
        return False
    try:
        if not ask_preview(dialog):
            return False
        label = dialog.step_label()
    finally:
        dialog.deleteLater()
    if session.into:
        return _write_into_open(window, session, label)
    return _write_new(window, session, incoming.source)


def _write_into_open(window: FileCommands, session: ImportSession, label: str) -> bool:
    doc = window.document
    if doc is None:
        return False
    try:
        with busy():
            change = doc.execute(lambda ws: session.apply(ws, label))
    except OkrError as exc:
        dialogs.show_error(window, exc, title=_tr("Cannot import"))
        return False
    if change.subject is not None and doc.exists(change.subject):
        doc.select(change.subject)
    window.statusBar().showMessage(label, 5000)
    return True


def _write_new(window: FileCommands, session: ImportSession, source: str) -> bool:
    """Build the new workshop aside, save it whole where the user says, and open it."""
    from okr_studio import services
    from okr_studio.store import Workshop

    stem = Path(source).stem or _tr("Imported workshop")
    target = prompts.ask_save_path(window, _tr("Save the new workshop as"), f"{stem}.okr")
    if target is None:
        return False
    try:
        with busy(), tempfile.TemporaryDirectory(prefix="okr-studio-import-") as folder:
            built = Workshop.create(Path(folder) / "import.okr")
            try:
                session.apply(built, _tr("Import"))
                if not built.snapshot().info.name:
                    services.update_info(built, name=stem)
                built.save_as(target).close()
            finally:
                built.close()
    except (OkrError, OSError) as exc:
        dialogs.show_error(window, exc, title=_tr("Cannot create the workshop"))
        return False
    return window.open_path(target)
