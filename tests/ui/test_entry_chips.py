"""One-line entry while typing: chips under the editor, Enter accepts, a chip clicked away
is not read; and the keys the cascade wizard saves (team by name, Enter to the owner)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidget

from okr_studio.entry import read_entry
from okr_studio.store import Workshop
from tests.ui.wizard_build import build_workshop
from tests.ui.wizard_keys import enter, focus, type_text
from ui.document import Document
from ui.entry_chips import chip_text, entry_context
from ui.wizard import open_cascade_wizard

K = Qt.Key
LINE = "Raise activation from 20% to 35% by 31 Mar @Ana García #debt"


@pytest.fixture
def opened(qtbot, tmp_path):
    path = tmp_path / "chips.okr"
    ids = build_workshop(path)
    return path, ids


def test_chips_say_what_a_line_means():
    entry = read_entry(LINE)
    texts = [chip_text(p) for p in entry.parts]
    assert "Baseline: 20" in texts and "Target: 35" in texts
    assert "Owner: Ana García" in texts
    assert "Work type: Technical debt" in texts
    assert any(t.startswith("Due: ") and t.endswith("-03-31") for t in texts)


def in_window(window, path):  # type: ignore[no-untyped-def]
    assert window.open_path(path)
    # The keys go to the window in front: under load a window of an earlier test could
    # still be the active one, and the editor's line would not get the keyboard.
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    return window.document, window.canvas


def typed(window, opened, text: str = LINE):  # type: ignore[no-untyped-def]
    """A new key result under the company's objective, ``text`` typed in place:
    (document, canvas, the editor's line, the chips under it)."""
    path, ids = opened
    doc, view = in_window(window, path)
    doc.select(("objective", ids["company_obj"]))
    QTest.keyClick(view, K.Key_Return)  # a new key result, its title ready for typing
    line = view.editor.line
    assert line.hasFocus()
    type_text(text, line)
    return doc, view, line, view.editor.chips


def test_a_key_result_typed_in_place_shows_chips_and_enter_keeps_them(window, opened, qtbot):
    doc, _view, line, chips = typed(window, opened)
    assert chips.isVisible()
    assert set(chips.buttons) == {
        "baseline", "target", "unit_of_measure", "direction", "metric", "due_date",
        "owner", "work_type",
    }  # fmt: skip
    # the chips sit under the editor and leave the keyboard in it
    assert chips.geometry().top() >= line.geometry().bottom()
    assert line.hasFocus()
    QTest.keyClick(line, K.Key_Return)
    assert not chips.isVisible()
    kr = doc.data.key_results[doc.current[1]]
    assert kr.title == "Raise activation from 20% to 35%"
    assert (kr.baseline, kr.target, kr.unit_of_measure, kr.work_type) == (
        20, 35, "%", "technical_debt"
    )  # fmt: skip
    assert doc.data.person_name(kr.owner_id) == "Ana García"
    assert kr.due_date is not None and (kr.due_date.month, kr.due_date.day) == (3, 31)
    assert doc.undo_stack.undoText() == "Add key result"  # one step


def test_a_chip_clicked_away_stays_in_the_title(window, opened, qtbot):
    doc, _view, line, chips = typed(window, opened)
    QTest.mouseClick(chips.buttons["owner"], Qt.MouseButton.LeftButton)
    assert "owner" not in chips.buttons and "work_type" in chips.buttons
    assert line.hasFocus(), "the chip never takes the keyboard"
    type_text(" now", line)  # typing on keeps the chip away
    assert "owner" not in chips.buttons
    QTest.keyClick(line, K.Key_Return)
    kr = doc.data.key_results[doc.current[1]]
    assert kr.title == "Raise activation from 20% to 35% @Ana García now"
    assert kr.owner_id is None
    assert kr.work_type == "technical_debt"


def test_chips_are_taken_back_from_the_keyboard(window, opened, qtbot):
    """Alt+Down marks the first chip, arrows move, Delete takes one back; Esc returns to
    the text without leaving the editor; the editor keeps the keyboard throughout."""
    doc, view, line, chips = typed(window, opened)
    names = list(chips.buttons)
    assert chips.buttons["owner"].accessibleName() == "Owner: Ana García"
    assert "keeps “@Ana García” in the title" in chips.buttons["owner"].accessibleDescription()
    QTest.keyClick(line, K.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert chips.marked == names[0] and line.hasFocus()
    QTest.keyClick(line, K.Key_End)
    assert chips.marked == names[-1]
    while chips.marked != "owner":
        QTest.keyClick(line, K.Key_Left)
    QTest.keyClick(line, K.Key_Delete)
    assert "owner" not in chips.buttons and chips.marked  # the next chip is marked
    assert line.hasFocus() and view.editor.active
    QTest.keyClick(line, K.Key_Escape)  # back to the text; the key result is still typed
    assert chips.marked == "" and view.editor.active
    assert line.text() == LINE
    QTest.keyClick(line, K.Key_Return)
    kr = doc.data.key_results[doc.current[1]]
    assert kr.title == "Raise activation from 20% to 35% @Ana García"
    assert kr.owner_id is None and kr.work_type == "technical_debt"


def test_keys_without_alt_down_type_as_before(window, opened):
    """Left, Backspace and Esc do what they always did until the chips are asked for."""
    _doc, view, line, _chips = typed(window, opened, "Raise NPS from 30 to 45")
    QTest.keyClick(line, K.Key_Backspace)
    QTest.keyClick(line, K.Key_Left)
    assert line.text() == "Raise NPS from 30 to 4" and line.cursorPosition() == 21
    assert view.editor.chips.marked == ""
    QTest.keyClick(line, K.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(line, K.Key_X)  # typing on leaves the chips and types
    assert view.editor.chips.marked == "" and line.text() == "Raise NPS from 30 to x4"
    QTest.keyClick(line, K.Key_Escape)  # Esc in the text cancels the new key result
    assert not view.editor.active


def test_renaming_shows_no_chips(window, opened):
    path, ids = opened
    doc, view = in_window(window, path)
    doc.select(("key_result", ids["company_kr"]))
    QTest.keyClick(view, K.Key_F2)
    type_text(" @Ben", view.editor.line)
    assert not view.editor.chips.isVisible()
    QTest.keyClick(view.editor.line, K.Key_Escape)


@pytest.fixture
def wizard(qtbot, opened):
    path, ids = opened
    doc = Document(Workshop.open(path))
    w = open_cascade_wizard(None, doc, ids["company_kr"])
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield SimpleNamespace(doc=doc, ids=ids, w=w)
    w.discard()
    w.deleteLater()
    doc.close()


def test_typing_a_team_name_picks_it(wizard):
    ids, w = wizard.ids, wizard.w
    page = w.pages[0]
    assert page.team.hasFocus()
    type_text("sea")  # "Search", indented under Product in the list
    assert w.draft.unit_id == ids["search"]
    QTest.qWait(QApplication.keyboardInputInterval() + 50)  # a pause starts a new search
    type_text("Prod")
    assert w.draft.unit_id == ids["product"]


def test_a_name_of_no_team_starts_a_new_one(wizard):
    w = wizard.w
    for ch in "Payments":  # each key to whatever has the keyboard then
        type_text(ch)
    page = w.pages[0]
    assert page.new_name.isVisible() and page.new_name.hasFocus()
    assert page.new_name.text() == "Payments"
    assert w.draft.new_team_name == "Payments"


def test_enter_in_the_objective_goes_to_the_owner_then_on(wizard):
    w = wizard.w
    enter()
    assert w.index == 1
    type_text("Teams find answers alone")
    enter()
    assert w.index == 1 and w.pages[1].owner.hasFocus()
    type_text("Eli Moss")  # not a known name: no list pops up
    enter()
    assert w.index == 2
    assert w.draft.objective["owner_name"] == "Eli Moss"
    assert w.draft.objective["title"] == "Teams find answers alone"


def test_a_key_result_row_reads_one_line(wizard):
    w = wizard.w
    enter()
    enter()
    enter()  # the objective as pre-filled, no owner: on
    assert w.index == 2
    table = w.pages[2].table
    type_text("Cut setup time from 30 to 10 minutes by end of May @Ben Okafor #risk")
    assert table.chips.isVisible()
    QTest.mouseClick(table.chips.buttons["metric"], Qt.MouseButton.LeftButton)
    assert focus() is not None and table.isAncestorOf(focus())
    enter()
    row = table.rows()[0]
    assert row["title"] == "Cut setup time from 30 to 10 minutes"
    assert (row["baseline"], row["target"], row["unit_of_measure"]) == ("30", "10", "minutes")
    assert (row["direction"], row["owner_name"], row["work_type"]) == (
        "decrease", "Ben Okafor", "risk"
    )  # fmt: skip
    assert row["metric"] == "", "the metric's chip was clicked away"
    assert dt.date.fromisoformat(row["due_date"]).month == 5
    assert table.currentRow() == 1 and not table.chips.isVisible()


def test_a_key_result_row_takes_a_chip_back_from_the_keyboard(wizard):
    w = wizard.w
    for _ in range(3):
        enter()
    table = w.pages[2].table
    type_text("Cut setup time from 30 to 10 minutes @Ben Okafor #risk")
    editor = focus()
    QTest.keyClick(editor, K.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert table.chips.marked
    while table.chips.marked != "work_type":
        QTest.keyClick(editor, K.Key_Right)
    QTest.keyClick(editor, K.Key_Backspace)
    assert "work_type" not in table.chips.buttons
    assert focus() is editor, "the cell's editor keeps the keyboard"
    enter()
    row = table.rows()[0]
    assert row["title"] == "Cut setup time from 30 to 10 minutes #risk"
    assert row["work_type"] == "feature" and row["owner_name"] == "Ben Okafor"


def test_a_line_never_overwrites_a_cell_typed_before(wizard):
    w = wizard.w
    for _ in range(3):
        enter()
    table = w.pages[2].table
    table.set_value(0, "owner_name", "Chen Wei")
    table.set_value(0, "baseline", "25")
    type_text("Raise NPS from 30 to 45 @Ana García")
    enter()
    row = table.rows()[0]
    assert row["owner_name"] == "Chen Wei"
    assert (row["baseline"], row["target"]) == ("25", "")
    assert row["title"] == "Raise NPS from 30 to 45"


def test_entry_context_follows_the_workshop(opened):
    path, _ids = opened
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    context = entry_context(data, dt.date(2027, 2, 1))
    assert "Ana García" in context.people
    assert context.cycle == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert context.today == dt.date(2027, 2, 1)


def test_the_shortcuts_list_names_the_chips_key_with_the_editor_keys_translated(window):
    """Alt+Down is in Help → Keyboard Shortcuts, next to F2 (rename in place), and its
    words go through translation."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui import actions

    class Marked(QTranslator):  # a "translation" that marks the chips' sentences
        def translate(self, context, source, disambiguation=None, n=-1):  # type: ignore[no-untyped-def]
            return f"«{source}»" if context == "EntryChips" else None

    translator = Marked()
    QCoreApplication.installTranslator(translator)
    try:
        dialog = actions.show_shortcuts(window)
    finally:
        QCoreApplication.removeTranslator(translator)
    table = dialog.findChild(QTableWidget)
    assert table is not None
    rows = [(table.item(i, 0).text(), table.item(i, 1).text()) for i in range(table.rowCount())]
    dialog.close()
    [at] = [i for i, (_what, keys) in enumerate(rows) if keys == "Alt+Down"]
    what = rows[at][0]
    assert what.startswith("«") and "chip" in what and "Delete" in what
    assert rows[at - 1][1].startswith("F2")  # with the other keys of the in-place editor
