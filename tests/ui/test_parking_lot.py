"""The parking lot: a note with one shortcut about the selected item, the panel's list and
filters, close / reopen / delete as one undo step each, counts on the cards, the dialog."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from okr_studio import services
from okr_studio.store import Workshop
from tests.ui.canvas_build import rows
from tests.ui.wizard_build import build_workshop
from tests.ui.wizard_keys import type_text
from ui.note_dialog import NoteDialog
from ui.parking_lot import ParkingLotView

K, M = Qt.Key, Qt.KeyboardModifier
LONG = "x" * 10_000


@pytest.fixture
def opened(window, tmp_path):
    path = tmp_path / "notes.okr"
    ids = build_workshop(path)
    assert window.open_path(path)
    return window, path, ids


def note(kind="question", text="Who owns the data?", item=None, **more):  # type: ignore[no-untyped-def]
    return {"kind": kind, "text": text, "item": item, "owner_name": "", "due_date": None, **more}


def test_one_shortcut_adds_a_note_about_the_selected_item(opened, answers):
    window, path, ids = opened
    doc = window.document
    doc.select(("key_result", ids["company_kr"]))
    window.canvas.setFocus()
    answers.add("ask_note", note(item=("key_result", ids["company_kr"])))
    QTest.keyClick(window.canvas, K.Key_P, M.ControlModifier | M.ShiftModifier)
    called = [c for c in answers.calls if c[0] == "ask_note"]
    assert called and called[0][1][2] == ("key_result", ids["company_kr"]), "about the selection"
    assert rows(path, "SELECT kind, text, item_kind, about FROM note") == [
        ("question", "Who owns the data?", "key_result", "Raise NPS from 30 to 45")
    ]
    assert doc.undo_stack.undoText() == "Add question"
    dock = window.room.parking_dock
    assert dock.isVisible() and "(1)" in dock.windowTitle()
    # the card of the key result's objective counts it
    card = window.canvas.canvas_scene.cards[("objective", ids["company_obj"])]
    assert card.notes == 1
    window.undo()
    assert rows(path, "SELECT count(*) FROM note") == [(0,)]
    assert card.notes == 0 and dock.windowTitle() == "Parking lot"
    window.redo()
    assert card.notes == 1


def test_an_action_with_owner_and_due_date_and_the_filters(opened, answers):
    window, path, ids = opened
    doc = window.document
    with_item = ("objective", ids["product_obj"])
    doc.execute(lambda ws: services.add_note(ws, "decision", "Ship search first", item=with_item))
    doc.execute(lambda ws: services.add_note(ws, "parked", "Pricing", item=None))
    doc.select(with_item)
    due = dt.date(2027, 2, 15)
    answers.add(
        "ask_note", note("action", "Ask legal", with_item, owner_name="Eli Moss", due_date=due)
    )
    window.room.add_note.trigger()
    assert rows(
        path, "SELECT n.kind, p.name, n.due_date FROM note n JOIN person p ON p.id=n.owner_id"
    ) == [("action", "Eli Moss", "2027-02-15")]
    view: ParkingLotView = window.room.parking_dock.view
    texts = [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]
    assert [t[2:] for t in texts] == ["Ship search first", "Pricing", "Ask legal"]
    assert view.tree.topLevelItem(1).text(1) == "the workshop"
    assert view.tree.topLevelItem(2).text(2) == "Eli Moss, 2027-02-15"
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("decision"))
    assert view.tree.topLevelItemCount() == 1
    view.kind_filter.setCurrentIndex(0)
    # Space closes the current note (one undo step); the open filter hides it
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    view.tree.setFocus()  # the keys go where the keyboard is
    QTest.keyClick(view.tree, K.Key_Space)
    assert rows(path, "SELECT status FROM note WHERE text='Ship search first'") == [("closed",)]
    assert doc.undo_stack.undoText() == "Close note"
    assert view.tree.topLevelItemCount() == 2
    view.state_filter.setCurrentIndex(view.state_filter.findData("closed"))
    assert view.tree.topLevelItemCount() == 1
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    view.tree.setFocus()  # the keys go where the keyboard is
    QTest.keyClick(view.tree, K.Key_Space)  # reopen
    assert rows(path, "SELECT status FROM note WHERE text='Ship search first'") == [("open",)]
    view.state_filter.setCurrentIndex(view.state_filter.findData(None))
    # Enter goes to the item the note is about
    doc.select(None)
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    view.tree.setFocus()  # the keys go where the keyboard is
    QTest.keyClick(view.tree, K.Key_Return)
    assert doc.current == with_item
    # Delete removes it, undo brings it back
    view.tree.setCurrentItem(view.tree.topLevelItem(1))
    view.tree.setFocus()  # the keys go where the keyboard is
    QTest.keyClick(view.tree, K.Key_Delete)
    assert rows(path, "SELECT count(*) FROM note WHERE text='Pricing'") == [(0,)]
    window.undo()
    assert rows(path, "SELECT count(*) FROM note WHERE text='Pricing'") == [(1,)]


def test_notes_survive_reopening_and_a_deleted_item_keeps_its_note(opened, answers):
    window, path, ids = opened
    doc = window.document
    kr = ("key_result", ids["company_kr"])
    doc.execute(
        lambda ws: services.add_note(ws, "question", "Baseline from which survey?", item=kr)
    )
    window.close_workshop()
    assert window.open_path(path)
    doc = window.document
    view = window.room.parking_dock.view
    assert view.tree.topLevelItemCount() == 1
    answers.add("confirm", True, True)
    doc.select(("objective", ids["search_obj"]))
    from ui import operations

    operations.delete_selection(doc, window)
    doc.select(kr)
    operations.delete_selection(doc, window)
    assert "(deleted)" in view.tree.topLevelItem(0).text(1)
    window.undo()
    assert "(deleted)" not in view.tree.topLevelItem(0).text(1)


def test_the_note_dialog_takes_bad_input_and_says_what_is_wrong(qtbot, tmp_path):
    path = tmp_path / "d.okr"
    ids = build_workshop(path)
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    dialog = NoteDialog(data, ("objective", ids["product_obj"]))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert "Teams find what they need" in dialog.about.text()
    assert not dialog.owner.isVisibleTo(dialog)
    dialog.accept()
    assert "Write what was said" in dialog.reason.text()
    QTest.keyClick(dialog, K.Key_4, M.ControlModifier)  # Ctrl+4: an action
    assert dialog.kind == "action" and dialog.owner.isVisibleTo(dialog)
    dialog.text.setText("<b>&amp; 🚀 " + LONG)
    dialog.due.setText("soon")
    dialog.accept()
    assert "not a date" in dialog.reason.text() and dialog.result() == 0
    dialog.due.setText("2027-03-01")
    dialog.owner.setCurrentText("Chen Wei")
    dialog.whole.setChecked(True)
    dialog.accept()
    assert dialog.result() == 1
    values = dialog.values()
    assert values["text"] == "<b>&amp; 🚀 " + LONG
    assert values["item"] is None and values["due_date"] == dt.date(2027, 3, 1)
    assert values["owner_name"] == "Chen Wei"


def test_the_dialog_types_from_the_keyboard(qtbot, tmp_path):
    path = tmp_path / "k.okr"
    build_workshop(path)
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    dialog = NoteDialog(data, None, kind="decision")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.text.hasFocus() and dialog.kind == "decision"
    type_text("We cascade the NPS key result")
    QTest.keyClick(dialog.text, K.Key_Return)
    assert dialog.result() == 1 and dialog.values()["kind"] == "decision"
