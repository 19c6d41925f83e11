"""A full disk, for real: a small tmpfs filled up while the workshop on it is open.

During an edit (menu, canvas in-place rename): the edit is refused with a
message that says the disk is full and what to do; the file holds the previous
state; the canvas, the document's data and the undo stack match the file; once
space is back the same edit works. During Save As and PDF export: a message, and
no half-written target or temporary file on the full drive.

Mounting needs root; elsewhere these tests skip (tests/core/test_save_as.py
covers a full disk with a file-size limit and SQLite's page limit).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from okr_studio import services
from okr_studio.pdf import ExportError, export_booklet
from okr_studio.store import Workshop
from tests.ui.faults_env import fill, listing, rows, small_drive, small_workshop
from ui.canvas.measure import card_for

BIG = "Customer Care " + "and more " * 6000  # grows the file by ~54 KB


@pytest.fixture
def drive(tmp_path: Path):  # type: ignore[no-untyped-def]
    with small_drive(tmp_path / "stick", size="1m") as mounted:
        yield mounted


def canvas_matches(window) -> None:  # type: ignore[no-untyped-def]
    """The canvas shows exactly what the file holds."""
    doc = window.document
    on_disk = doc.workshop.snapshot()
    assert doc.data == on_disk
    scene = window.canvas.canvas_scene
    objectives = {k for k in scene.cards if k[0] == "objective"}
    assert objectives == {("objective", i) for i in on_disk.objectives}
    for key, item in scene.cards.items():
        assert item.content == card_for(on_disk, key, scene.card_style), key


def test_an_edit_on_a_full_disk_is_refused_and_works_once_space_is_back(window, answers, drive):
    path = small_workshop(drive / "offsite.okr")
    assert window.open_path(path)
    doc = window.document
    company = doc.data.root_units()[0].id
    obj = next(iter(doc.data.objectives))
    # One edit before the disk fills: it is on the undo stack.
    doc.execute(lambda ws: services.update_objective(ws, obj, owner_name="Ana"))
    index, count = doc.undo_stack.index(), doc.undo_stack.count()
    units = rows(path, "SELECT count(*) FROM unit")
    filler = fill(drive)

    doc.select(("unit", company))
    answers.add("ask_text", BIG).add("show_error", None)
    window.acts.insert_unit.trigger()

    [message] = answers.texts("show_error")
    assert message.startswith("“offsite.okr” was not changed: the disk is full.")
    assert "Free some space on that drive" in message
    assert "make your last change again" in message
    assert "File → Save As" in message
    assert "Everything before that change is safe in the file." in message
    # The file holds the previous state; nothing else appeared on the drive.
    assert rows(path, "SELECT count(*) FROM unit") == units
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert sorted(p.name for p in drive.iterdir()) == [
        ".~offsite.okr.lock",
        "filler.bin",
        "offsite.okr",
    ]
    # Screen and undo stack match the file: no step pushed, the last one still undoable.
    assert (doc.undo_stack.index(), doc.undo_stack.count()) == (index, count)
    assert window.acts.undo.isEnabled()
    canvas_matches(window)
    assert window.status.save_label.text() == "All changes saved"

    filler.unlink()  # space is back: the same gesture now works
    answers.add("ask_text", BIG)
    window.acts.insert_unit.trigger()
    assert rows(path, "SELECT count(*) FROM unit") == [(units[0][0] + 1,)]
    assert doc.undo_stack.count() == count + 1
    canvas_matches(window)
    window.acts.undo.trigger()
    assert rows(path, "SELECT count(*) FROM unit") == units
    canvas_matches(window)


def test_an_in_place_rename_on_a_full_disk_puts_the_old_title_back(window, answers, drive):
    path = small_workshop(drive / "rename.okr")
    assert window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.select(("objective", obj))
    fill(drive)
    view = window.canvas
    assert view.edit_current()
    view.editor.line.setText("Customers adore us " + "really " * 8000)
    answers.add("show_error", None)
    view.editor.commit()
    [message] = answers.texts("show_error")
    assert "the disk is full" in message
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Customers love us",)]
    assert doc.undo_stack.count() == 0
    canvas_matches(window)
    card = view.canvas_scene.cards[("objective", obj)]
    assert " ".join(card.content.title) == "Customers love us"


@pytest.mark.parametrize("leave", [0, 8192], ids=["nothing-free", "room-for-the-lock-only"])
def test_save_as_to_a_full_disk_leaves_no_half_written_file(
    window, answers, tmp_path, drive, leave
):
    path = small_workshop(tmp_path / "home.okr")
    assert window.open_path(path)
    doc = window.document
    fill(drive, leave=leave)
    before = listing(drive)
    target = drive / "copy.okr"
    answers.add("ask_save_path", target).add("show_error", None)
    window.acts.save_as.trigger()

    [(_n, args, kwargs)] = [c for c in answers.calls if c[0] == "show_error"]
    message = str(args[1])
    assert kwargs["title"] == "Save As failed"
    assert message.startswith("“copy.okr” could not be saved: the disk is full.")
    assert "choose another drive" in message
    if leave:  # the copy itself failed, not the lock before it
        assert "The workshop is still open as it was." in message
    assert not target.exists()
    assert listing(drive) == before  # no temporary file, no lock left on the full drive
    # The window carries on with the original, still editable.
    assert window.document is doc and doc.path == path and not doc.read_only
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Still here"))
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Still here",)]


def test_pdf_export_to_a_full_disk_leaves_no_half_written_pdf(window, tmp_path, drive):
    path = small_workshop(tmp_path / "home.okr")
    assert window.open_path(path)
    doc = window.document
    earlier = drive / "sheets.pdf"
    earlier.write_bytes(b"%PDF-1.4 an earlier export")
    fill(drive)
    before = listing(drive)
    with pytest.raises(ExportError) as info:
        export_booklet(doc.data, drive / "sheets.pdf", workshop_name_for_footer=doc.path.name)
    message = str(info.value)
    assert message.startswith("“sheets.pdf” could not be saved: the disk is full.")
    assert "Free some space, or choose another drive" in message
    assert "earlier copy of the file was left as it was" in message
    assert listing(drive) == before  # the earlier PDF untouched, no temporary file
    with pytest.raises(ExportError, match="the disk is full"):
        export_booklet(doc.data, drive / "new.pdf", workshop_name_for_footer=doc.path.name)
    assert not (drive / "new.pdf").exists()
    assert listing(drive) == before


def test_an_inspector_edit_on_a_full_disk_keeps_the_typing_and_saves_once_space_is_back(
    window, qtbot, drive
):
    path = small_workshop(drive / "inspect.okr")
    assert window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.select(("objective", obj))
    field = window.inspector.page.fields["title"]
    assert field.text() == "Customers love us"
    filler = fill(drive)
    typed = "Customers adore us"
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    message = window.inspector.message.text()
    assert "“inspect.okr” was not changed: the disk is full." in message
    assert field.text() == typed  # nothing typed is lost on screen
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Customers love us",)]
    assert doc.undo_stack.count() == 0
    canvas_matches(window)

    filler.unlink()
    qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter again: the same typing, saved now
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [(typed,)]
    assert window.inspector.message.text() == ""
    assert doc.undo_stack.count() == 1
    canvas_matches(window)


@pytest.mark.parametrize("booklet", [True, False], ids=["booklet", "per-team"])
def test_the_export_dialog_on_a_full_disk_says_so_and_writes_nothing(
    window, answers, qtbot, tmp_path, drive, monkeypatch, booklet
):
    from ui import export_dialog as ed

    path = small_workshop(tmp_path / "home.okr")
    assert window.open_path(path)
    doc = window.document
    fill(drive)
    before = listing(drive)
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: drive / "sheets.pdf")
    monkeypatch.setattr(ed, "ask_folder", lambda _parent, _start: drive)
    dialog = ed.ExportDialog(window, doc.path, doc.data)
    qtbot.addWidget(dialog)
    (dialog.booklet if booklet else dialog.per_team).setChecked(True)
    answers.add("show_error", None)
    dialog.export()
    [message] = answers.texts("show_error")
    assert "could not be saved: the disk is full." in message
    assert "Free some space, or choose another drive." in message
    assert dialog.status.text() == "The export failed."
    assert dialog.report is None
    assert listing(drive) == before  # no PDF, no temporary file
    assert dialog.export_button.isEnabled()  # the dialog is usable again
    dialog.reject()


def test_undo_and_redo_on_a_full_disk_keep_the_stack_where_the_file_is(window, answers, drive):
    path = small_workshop(drive / "undo.okr")
    assert window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Customers adore us"))
    filler = fill(drive)
    answers.add("show_error", None)
    window.acts.undo.trigger()
    [message] = answers.texts("show_error")
    assert "was not changed: the disk is full." in message
    assert (doc.undo_stack.index(), doc.undo_stack.count()) == (1, 1)
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Customers adore us",)]
    canvas_matches(window)
    assert window.acts.undo.isEnabled()

    filler.unlink()
    window.acts.undo.trigger()
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Customers love us",)]
    assert doc.undo_stack.index() == 0
    canvas_matches(window)
    fill(drive)
    answers.add("show_error", None)
    window.acts.redo.trigger()
    assert "the disk is full" in answers.texts("show_error")[1]
    assert doc.undo_stack.index() == 0 and window.acts.redo.isEnabled()
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Customers love us",)]
    canvas_matches(window)


TABLES = ("unit", "objective", "key_result", "person")


def file_rows(path: Path) -> dict[str, list[tuple]]:
    return {t: rows(path, f"SELECT * FROM {t} ORDER BY id") for t in TABLES}


def test_a_multi_item_delete_when_the_disk_fills_part_way_changes_nothing(
    window, answers, drive, monkeypatch
):
    """The disk fills up after the first selected item is gone: all or nothing, one step."""
    from okr_studio.services._tx import Recorder

    path = small_workshop(drive / "several.okr")
    with Workshop.open(path) as ws:
        company = ws.snapshot().root_units()[0].id
        services.add_unit(ws, "Sales", "department", company)
    assert window.open_path(path)
    doc = window.document
    data = doc.data
    churn = next(k.id for k in data.key_results.values() if k.title.startswith("Cut churn"))
    product, sales = (u.id for u in data.child_units(company))
    doc.execute(lambda ws: services.update_objective(ws, min(data.objectives), owner_name="Ana"))
    selection = (("key_result", churn), ("unit", product), ("unit", sales))
    doc.select(selection)
    before = file_rows(path)
    index, count = doc.undo_stack.index(), doc.undo_stack.count()

    # The drive fills up as soon as the first item is deleted and the next one is started.
    real_delete = Recorder.delete
    deleted: list[tuple[str, int]] = []
    fillers: list[Path] = []

    def delete_then_fill(rec: Recorder, table: str, row_id: int) -> None:
        if deleted and table == "unit" and not fillers:
            fillers.append(fill(drive))
        real_delete(rec, table, row_id)
        deleted.append((table, row_id))

    monkeypatch.setattr(Recorder, "delete", delete_then_fill)
    answers.add("confirm", True).add("show_error", None)
    window.acts.delete.trigger()
    assert fillers, "the drive was not filled during the delete"
    [message] = answers.texts("show_error")
    assert "was not changed: the disk is full." in message
    # Nothing changed: the file's rows, the screen, the undo stack, the selection.
    assert file_rows(path) == before
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert (doc.undo_stack.index(), doc.undo_stack.count()) == (index, count)
    canvas_matches(window)
    assert doc.selection == selection
    assert window.acts.undo.text() == "&Undo Change owner of objective"

    monkeypatch.setattr(Recorder, "delete", real_delete)
    fillers[0].unlink()  # space is back: the same gesture deletes all three, as one step
    answers.add("confirm", True)
    window.acts.delete.trigger()
    assert (doc.undo_stack.index(), doc.undo_stack.count()) == (index + 1, count + 1)
    assert window.acts.undo.text() == "&Undo Delete 3 items"
    assert rows(path, "SELECT id FROM unit") == [(company,)]
    assert rows(path, f"SELECT count(*) FROM key_result WHERE id={churn}") == [(0,)]
    canvas_matches(window)
    window.acts.undo.trigger()  # one undo brings all three back, exactly as they were
    assert file_rows(path) == before
    assert doc.undo_stack.index() == index
    assert set(doc.selection) == set(selection)
    canvas_matches(window)
    window.acts.redo.trigger()
    assert rows(path, "SELECT id FROM unit") == [(company,)]
    canvas_matches(window)
