"""A file, or its folder, that cannot be written: opened read-only, said so, nothing editable.

The file is made unwritable for real: permissions for a normal user, a
read-only bind mount for root (whom permissions do not stop). In both cases the
window title and the status bar say "read-only" and why, every editing action
is disabled, the canvas keys and in-place rename change nothing, the document
refuses ``execute``, the file's bytes stay the same, and the PDF export of the
open workshop to a writable folder still works.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from okr_studio import services
from okr_studio.errors import ReadOnlyError
from okr_studio.pdf import export_booklet
from tests.ui.canvas_build import drag, point_of
from tests.ui.faults_env import listing, read_only_file, read_only_folder, small_workshop

K = Qt.Key


def _check_read_only_window(window, answers, path: Path, reason_words: str) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    assert doc is not None and doc.read_only
    assert window.windowTitle() == f"{path.name} — OKR Studio [read-only]"
    status = window.status.save_label.text()
    assert status.startswith("Read-only: ")
    assert reason_words in status
    assert "Save As" in status  # what to do next
    # Every editing action is disabled; viewing and Save As are not.
    for act in window.acts.editing_actions():
        assert not act.isEnabled(), act.text()
    for act in (window.acts.delete, window.acts.rename, window.acts.undo, window.acts.redo):
        assert not act.isEnabled(), act.text()
    assert window.acts.save_as.isEnabled()
    assert window.acts.export.isEnabled()  # File → Export Alignment Sheets…


def _try_every_edit(window, answers, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Canvas keys, in-place rename and the document itself: nothing changes."""
    doc = window.document
    view = window.canvas
    before = doc.workshop.snapshot()
    obj = next(iter(doc.data.objectives))
    kr = next(iter(doc.data.key_results))
    doc.select(("objective", obj))
    view.setFocus()
    qtbot.keyClick(view, K.Key_Insert)
    assert "is open read-only" in window.statusBar().currentMessage()
    qtbot.keyClick(view, K.Key_Return)
    qtbot.keyClick(view, K.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, K.Key_F2)
    assert not view.editor.active  # no in-place editor on a read-only file
    assert not view.edit_current()
    doc.select(("key_result", kr))
    qtbot.keyClick(view, K.Key_Delete)
    qtbot.keyClick(view, K.Key_Backspace)
    # Drag the department's objective onto the other key result: no re-alignment.
    view.zoom_reset()
    team = next(i for i, o in doc.data.objectives.items() if o.parent_kr_id is not None)
    other_kr = max(k for k, r in doc.data.key_results.items() if r.objective_id == obj)
    drag(view, point_of(view, ("objective", team)), point_of(view, ("objective", obj), other_kr))
    window.acts.delete.trigger()
    window.acts.insert_unit.trigger()
    window.acts.undo.trigger()
    with pytest.raises(ReadOnlyError, match="read-only"):
        doc.execute(lambda ws: services.update_objective(ws, obj, title="Sneaky"))
    with pytest.raises(ReadOnlyError):
        services.update_objective(doc.workshop, obj, title="Sneaky")
    assert doc.undo_stack.count() == 0
    assert doc.workshop.snapshot() == before == doc.data
    # No question was asked and no error shown for gestures that cannot apply.
    assert [c[0] for c in answers.calls] == []


def _export_still_works(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui import export_dialog as ed

    doc = window.document
    out = tmp_path / "out" / "sheets.pdf"
    out.parent.mkdir()
    report = export_booklet(doc.data, out, workshop_name_for_footer=doc.path.name)
    assert report.files == [out] and report.pages >= 1
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Customers love us" in text
    assert "Raise NPS from 30 to 45" in text
    # The same through the export dialog of the window.
    through_dialog = tmp_path / "out" / "from the dialog.pdf"
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: through_dialog)
    dialog = ed.ExportDialog(window, doc.path, doc.data)
    qtbot.addWidget(dialog)
    dialog.booklet.setChecked(True)
    dialog.export()
    assert dialog.report is not None and dialog.report.files == [through_dialog]
    assert "Ship weekly" in "".join(p.extract_text() for p in PdfReader(through_dialog).pages)
    dialog.reject()


def test_a_read_only_file_opens_read_only_and_still_exports(
    window, answers, qtbot, tmp_path, monkeypatch
):
    folder = tmp_path / "w"
    folder.mkdir()
    path = small_workshop(folder / "locked.okr")
    with read_only_file(path):
        before = listing(folder)
        assert window.open_path(path)  # no question: it simply opens read-only
        _check_read_only_window(window, answers, path, "read-only on disk")
        _try_every_edit(window, answers, qtbot)
        _export_still_works(window, qtbot, tmp_path, monkeypatch)
        window.close_workshop()
        assert listing(folder) == before  # no lock, no journal, the same bytes


def test_a_read_only_folder_opens_read_only_and_still_exports(
    window, answers, qtbot, tmp_path, monkeypatch
):
    """The lock file cannot be written beside it: open read-only rather than unlocked."""
    folder = tmp_path / "shared"
    folder.mkdir()
    small_workshop(folder / "team.okr")
    with read_only_folder(folder, "team.okr") as view:
        path = view / "team.okr"
        before = listing(view)
        assert window.open_path(path)
        _check_read_only_window(window, answers, path, "folder is read-only")
        _try_every_edit(window, answers, qtbot)
        _export_still_works(window, qtbot, tmp_path, monkeypatch)
        # Save As somewhere writable gives an editable copy with everything in it.
        copy = tmp_path / "editable.okr"
        answers.add("ask_save_path", copy)
        window.acts.save_as.trigger()
        assert window.document.path == copy and not window.document.read_only
        assert len(window.document.data.key_results) == 2
        window.close_workshop()
        assert listing(view) == before


def test_a_lock_file_that_cannot_be_written_opens_read_only(window, answers, tmp_path):
    """The folder accepts the file but not our lock file beside it (here: a folder in its way)."""
    folder = tmp_path / "odd"
    folder.mkdir()
    path = small_workshop(folder / "team.okr")
    (folder / ".~team.okr.lock").mkdir()
    before = listing(folder)
    assert window.open_path(path)
    _check_read_only_window(window, answers, path, "cannot write its lock file")
    assert answers.calls == []
    window.close_workshop()
    assert listing(folder) == before
