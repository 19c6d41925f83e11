"""The cascade wizard, driven end to end through key presses."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication

from okr_studio.store import Workshop
from tests.ui.wizard_build import build_workshop
from tests.ui.wizard_keys import enter, focus, go_on, key, tab, type_row, type_text
from ui.document import Document
from ui.wizard import CascadeWizard, open_cascade_wizard, run_cascade_wizard

THREE_ROWS = [
    {"title": "Cut payment errors", "metric": "payment errors", "baseline": "4", "target": "1",
     "unit_of_measure": "%", "direction": "D", "owner_name": "Ana García"},
    {"title": "Raise completed checkouts", "metric": "checkouts", "baseline": "900",
     "target": "1200", "owner_name": "Ben Okafor"},
    # "Keep … above" in the title already sets Keep above (its row is read as one line)
    {"title": "Keep availability above 99.5%", "metric": "availability", "baseline": "99.2",
     "target": "99.5", "unit_of_measure": "%", "owner_name": "Chen Wei"},
]  # fmt: skip


@pytest.fixture
def workshop(tmp_path):
    path = tmp_path / "cascade.okr"
    ids = build_workshop(path)
    doc = Document(Workshop.open(path))
    yield doc, ids, path
    doc.close()


@pytest.fixture
def wizard_for(qtbot, workshop):
    doc, ids, _path = workshop

    def make(kr: str = "product_kr", **kw) -> CascadeWizard:
        w = open_cascade_wizard(None, doc, ids[kr], **kw)
        made.append(w)
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow)
        return w

    made: list[CascadeWizard] = []
    yield make
    for w in made:
        w.discard()
        w.deleteLater()


def file_digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def to_objective_page() -> None:
    enter()  # page 1: the first team below the key result's unit is chosen; Enter = Next


def write_objective(title: str = "Shoppers finish checkout without getting stuck") -> None:
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(title)
    tab()
    type_text("Ana García")
    tab()
    type_text("One cart in five is abandoned at payment.")
    tab()
    type_text("Shoppers pay without calling support.")
    tab()
    type_text("Support calls about payment halve.")
    go_on()  # Ctrl+Enter: Next (Enter would start a new line in this field)


def test_happy_path_three_key_results(wizard_for, workshop):
    doc, ids, _path = workshop
    w = wizard_for()
    assert w.index == 0
    assert w.draft.unit_id == ids["checkout"]
    to_objective_page()
    assert w.index == 1
    assert w.pages[1].title_edit.text() == "Raise weekly active teams from 120 to 180"
    write_objective()
    assert w.index == 2
    for row in THREE_ROWS:
        type_row(row)
    assert w.reason.text() == ""
    go_on()
    assert w.index == 3
    branch = w.pages[3].tree.topLevelItem(0).child(0)
    assert "Shoppers finish checkout without getting stuck" in branch.text(0)
    assert branch.childCount() == 3
    assert "which helps" in branch.child(0).child(0).text(0)
    go_on()  # Finish

    new_id = w.objective_id
    assert new_id is not None
    assert not w.isVisible()
    assert doc.selection == (("objective", new_id),)
    data = doc.workshop.snapshot()  # read back from the file
    obj = data.objectives[new_id]
    assert obj.unit_id == ids["checkout"]
    assert obj.parent_kr_id == ids["product_kr"]
    assert obj.problem == "One cart in five is abandoned at payment."
    assert obj.behaviour_change == "Shoppers pay without calling support."
    assert obj.success_measure == "Support calls about payment halve."
    assert data.person_name(obj.owner_id) == "Ana García"
    krs = data.key_results_of(new_id)
    assert [k.title for k in krs] == [r["title"] for r in THREE_ROWS]
    assert [(k.baseline, k.target) for k in krs] == [(4, 1), (900, 1200), (99.2, 99.5)]
    assert [k.direction for k in krs] == ["decrease", "increase", "keep_above"]
    assert [data.person_name(k.owner_id) for k in krs] == ["Ana García", "Ben Okafor", "Chen Wei"]
    assert all(k.due_date == dt.date(2027, 3, 31) for k in krs)  # the cycle's end
    assert krs[0].unit_of_measure == "%"
    assert doc.undo_stack.count() == 1


def test_fewer_than_three_go_on_and_the_coach_says_so(wizard_for, workshop):
    """Real teams start with one or two key results: the coach notes it, nothing stops it."""
    doc, _ids, _path = workshop
    w = wizard_for()
    to_objective_page()
    write_objective()
    for row in THREE_ROWS[:2]:
        type_row(row)
    assert w.reason.text() == ""
    assert w.next_button.isEnabled()
    go_on()
    assert w.index == 3
    assert [f.code for f in w.pages[3].findings] == ["OBJ_TOO_FEW_KRS"]
    assert "only 2 key results" in w.pages[3].findings_label_box.text()
    assert "one objective with 2 key results" in w.pages[3].summary.text()
    go_on()  # Finish
    assert len(doc.data.key_results_of(w.objective_id)) == 2


def test_five_row_limit(wizard_for, workshop):
    doc, _ids, _path = workshop
    w = wizard_for()
    to_objective_page()
    write_objective()
    for i in range(6):
        type_row({"title": f"Key result {i + 1}", "baseline": "1", "target": str(i + 2)})
    assert "at most 5" in w.reason.text()
    assert "remove 1" in w.reason.text()
    assert not w.next_button.isEnabled()
    go_on()
    assert w.index == 2
    table = w.pages[2].table
    table.setCurrentCell(5, 0)
    key(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)  # remove the sixth
    assert w.reason.text() == ""
    go_on()
    go_on()
    data = doc.workshop.snapshot()
    assert len(data.key_results_of(w.objective_id)) == 5


def test_target_that_is_not_a_number(wizard_for, workshop):
    doc, _ids, _path = workshop
    w = wizard_for()
    to_objective_page()
    write_objective()
    type_row(THREE_ROWS[0])
    type_row({**THREE_ROWS[1], "target": "twelve"})
    type_row(THREE_ROWS[2])
    assert "Row 2: the target “twelve” is not a number." in w.reason.text()
    assert not w.next_button.isEnabled()
    assert not w.finish_button.isVisible()
    # Put it right: the target cell of row 2.
    table = w.pages[2].table
    table.setCurrentCell(1, 3)
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("1200")
    tab()
    assert w.reason.text() == ""
    go_on()
    go_on()
    assert doc.workshop.snapshot().key_results_of(w.objective_id)[1].target == 1200


@pytest.fixture
def german():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def test_locale_decimal_comma(german, wizard_for, workshop):
    doc, _ids, _path = workshop
    w = wizard_for()
    to_objective_page()
    write_objective()
    type_row({**THREE_ROWS[0], "baseline": "12,5", "target": "1.000,25"})
    type_row(THREE_ROWS[1])
    type_row({**THREE_ROWS[2], "due_date": "15.03.2027"})
    assert w.reason.text() == ""
    go_on()
    go_on()
    krs = doc.workshop.snapshot().key_results_of(w.objective_id)
    assert krs[0].baseline == 12.5
    assert krs[0].target == 1000.25
    assert krs[2].due_date == dt.date(2027, 3, 15)


def test_new_team_created_inside_the_wizard(wizard_for, workshop):
    doc, ids, _path = workshop
    w = wizard_for()
    assert focus() is w.pages[0].team
    key(Qt.Key.Key_End)  # the last entry: "New team…"
    assert w.pages[0].new_name.isVisible()
    assert "Name the new team" in w.reason.text()
    tab()
    type_text("Payments")
    assert w.reason.text() == ""
    enter()
    write_objective()
    for row in THREE_ROWS:
        type_row(row)
    go_on()
    assert "Finish creates the team Payments" in w.pages[3].summary.text()
    go_on()
    data = doc.workshop.snapshot()
    team = data.units[data.objectives[w.objective_id].unit_id]
    assert team.name == "Payments"
    assert team.parent_id == ids["product"]  # below the key result's unit
    assert team.level == "team"


def test_existing_alignment_is_mentioned(wizard_for, workshop):
    _doc, ids, _path = workshop
    w = wizard_for(team_id=ids["search"])
    assert w.draft.unit_id == ids["search"]
    note = w.pages[0].aligned_note
    assert note.isVisible()
    assert "Search already has an objective aligned to this key result" in note.text()
    assert "Search answers the first question" in note.text()
    key(Qt.Key.Key_Up)  # Checkout has none
    assert not note.isVisible()


def test_cancel_leaves_the_file_unchanged(wizard_for, workshop, answers):
    answers.add("confirm", True)
    doc, _ids, path = workshop
    before = doc.workshop.snapshot()
    digest = file_digest(path)
    w = wizard_for()
    key(Qt.Key.Key_End)
    tab()
    type_text("Payments")
    enter()
    write_objective()
    for row in THREE_ROWS:
        type_row(row)
    go_on()
    w.cancel_button.click()
    assert answers.texts("confirm"), "typed work is not thrown away without asking"
    assert not w.isVisible()
    assert w.objective_id is None
    assert doc.workshop.snapshot() == before
    assert file_digest(path) == digest
    assert doc.undo_stack.count() == 0


def test_cancel_can_be_taken_back(wizard_for, answers):
    answers.add("confirm", False)
    w = wizard_for()
    to_objective_page()
    type_text(" more")
    key(Qt.Key.Key_Escape)
    assert w.isVisible()


def test_finish_is_one_undo_step(wizard_for, workshop):
    doc, _ids, _path = workshop
    before = doc.workshop.snapshot()
    w = wizard_for()
    key(Qt.Key.Key_End)
    tab()
    type_text("Payments")
    enter()
    write_objective()
    rows = [{**r, "owner_name": f"New person {i}"} for i, r in enumerate(THREE_ROWS)]
    for row in rows:
        type_row(row)
    go_on()
    go_on()
    after = doc.workshop.snapshot()
    assert len(after.people) == len(before.people) + 3
    assert len(after.units) == len(before.units) + 1
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Cascade key result"

    doc.undo()
    assert doc.workshop.snapshot() == before
    assert doc.data == before
    doc.redo()
    assert doc.workshop.snapshot() == after
    assert w.objective_id in doc.data.objectives


def test_live_hints_while_typing_never_block(wizard_for):
    w = wizard_for()
    to_objective_page()
    page = w.pages[1]
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("Launch the new checkout in 3 markets")  # "in 2 weeks" is a horizon, no measure
    hints = " ".join(page.title_hints.hints)
    assert "reads like a task" in hints
    assert "holds a number" in hints
    assert any("No owner yet" in h for h in page.owner_hints.hints)
    assert w.next_button.isEnabled()  # hints never block
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("Shoppers finish checkout without help")
    assert page.title_hints.hints == []
    tab()
    type_text("Ana García")
    assert page.owner_hints.hints == []
    enter()
    # Key results: the current row's hints follow what is typed, before the cell is left.
    kr_page = w.pages[2]
    type_text("Raise completed checkouts")
    hints = " ".join(kr_page.row_hints.hints)
    assert "no number" in hints
    assert "no owner" in hints
    for _ in range(3):
        tab()
    type_text("1200")  # a target but no baseline yet
    hints = " ".join(kr_page.row_hints.hints)
    assert "no baseline" in hints
    assert "no number" not in hints
    enter()
    type_row(THREE_ROWS[0])
    type_row(THREE_ROWS[2])
    assert kr_page.other_hints.text() == "Also row 1: 2 hints."  # no baseline, no owner
    assert w.reason.text() == ""
    assert w.next_button.isEnabled()


def test_type_follows_the_font_scale(wizard_for):
    normal = wizard_for()
    large = wizard_for(font_scale=1.5)
    assert large.font().pointSizeF() == pytest.approx(normal.font().pointSizeF() * 1.5)
    for a, b in zip(normal.pages, large.pages, strict=True):
        assert b.heading.font().pointSizeF() > a.heading.font().pointSizeF()
        assert b.explainer.body.font().pointSizeF() > a.explainer.body.font().pointSizeF()
    assert large.reason.font().pointSizeF() > normal.reason.font().pointSizeF()
    table_a, table_b = normal.pages[2].table, large.pages[2].table
    assert table_b.rowHeight(0) > table_a.rowHeight(0)
    assert (
        table_b.horizontalHeader().font().pointSizeF()
        > table_a.horizontalHeader().font().pointSizeF()
    )
    assert table_b.columnWidth(7) > table_a.columnWidth(7)  # the due date stays readable


def test_explanations_fold_away_on_every_page(wizard_for, qtbot):
    w = wizard_for()
    assert all(p.explainer.expanded for p in w.pages)
    assert w.pages[0].explainer.body.isVisible()
    qtbot.mouseClick(w.pages[0].explainer.toggle, Qt.MouseButton.LeftButton)
    assert not w.pages[0].explainer.body.isVisible()
    assert not any(p.explainer.expanded for p in w.pages)
    enter()
    assert not w.pages[1].explainer.body.isVisible()
    assert "qualitative outcome" in w.pages[1].explainer.body.text()
    again = wizard_for()  # folded for the next cascade too, until unfolded
    assert not again.pages[0].explainer.body.isVisible()
    qtbot.mouseClick(again.pages[0].explainer.toggle, Qt.MouseButton.LeftButton)
    assert again.pages[0].explainer.body.isVisible()
    assert wizard_for().pages[0].explainer.expanded


def test_shortest_keyboard_path(wizard_for, workshop):
    """From the selected key result to Finish: no mouse, 22 keys besides the text typed."""
    doc, ids, _path = workshop
    w = wizard_for()
    presses = 0

    def press(k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        nonlocal presses
        presses += 1
        key(k, modifier)

    press(Qt.Key.Key_Return)  # the suggested team
    type_text("Shoppers finish checkout without help")  # replaces the selected title
    press(Qt.Key.Key_Tab)
    type_text("Ana García")
    press(Qt.Key.Key_Return)
    for i, row in enumerate(THREE_ROWS):
        type_text(row["title"])
        press(Qt.Key.Key_Tab)
        type_text(row["metric"])
        press(Qt.Key.Key_Tab)
        type_text(row["baseline"])
        press(Qt.Key.Key_Tab)
        type_text(row["target"])
        press(Qt.Key.Key_Tab)
        press(Qt.Key.Key_Tab)  # past the unit to the owner
        type_text(row["owner_name"])
        last = i == len(THREE_ROWS) - 1
        press(
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier if last else Qt.KeyboardModifier.NoModifier,
        )
    assert w.index == 3
    press(Qt.Key.Key_Return)  # Finish
    assert presses == 22
    data = doc.workshop.snapshot()
    obj = data.objectives[w.objective_id]
    assert obj.title == "Shoppers finish checkout without help"
    assert obj.unit_id == ids["checkout"]
    krs = data.key_results_of(obj.id)
    assert [(k.metric, k.baseline, k.target, data.person_name(k.owner_id)) for k in krs] == [
        (r["metric"], float(r["baseline"]), float(r["target"]), r["owner_name"]) for r in THREE_ROWS
    ]


def test_every_key_result_of_the_sample_opens(sample_file, document):
    """Company, department and team key results; a team's own key result gets a new sub-team."""
    doc = document(sample_file)
    for kr_id in sorted(doc.data.key_results):
        w = open_cascade_wizard(None, doc, kr_id)
        unit_id = doc.data.objective_of_kr(kr_id).unit_id
        below = list(doc.data.unit_descendants(unit_id))
        page = w.pages[0]
        assert page.team.count() == len(below) + 1  # and "New team…"
        if below:
            assert w.draft.unit_id == below[0].id
            assert w.reason.text() == ""
        else:
            assert w.draft.new_unit is not None
            assert "Name the new team" in w.reason.text()
        chain_top = page.chain.topLevelItem(0).text(0)
        root_unit = doc.data.units[doc.data.chain(doc.data.objective_of_kr(kr_id).id)[0][0].unit_id]
        assert chain_top.startswith(root_unit.name)
        w.discard()
        w.deleteLater()


def test_zoom_keys_grow_the_type_and_are_remembered(wizard_for):
    w = wizard_for()
    size = w.font().pointSizeF()
    key(Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    key(Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert w.font().pointSizeF() == pytest.approx(size * 1.15 * 1.15)
    assert w.pages[0].heading.font().pointSizeF() > size * 1.3
    again = wizard_for()  # the next cascade opens at the same size
    assert again.font().pointSizeF() == pytest.approx(w.font().pointSizeF())
    key(Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.font().pointSizeF() == pytest.approx(size)


def test_a_zoom_of_the_rooms_wizard_is_not_remembered(wizard_for):
    """Opened in the presentation size (one screen, presenting), its zoom is for the room:
    the facilitator's next wizard opens at its own size."""
    normal = wizard_for()
    size = normal.font().pointSizeF()
    normal.discard()
    room = wizard_for(font_scale=1.6)
    key(Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert room.font().pointSizeF() == pytest.approx(size * 1.6 * 1.15)
    again = wizard_for()
    assert again.font().pointSizeF() == pytest.approx(size)


def when_modal(action) -> None:  # type: ignore[no-untyped-def]
    """Run ``action(wizard)`` once the modal wizard is up; never leave it blocking."""

    def attempt() -> None:
        w = QApplication.activeModalWidget()
        if not isinstance(w, CascadeWizard) or not w.isActiveWindow():
            QTimer.singleShot(10, attempt)
            return
        try:
            action(w)
        finally:
            if w.isVisible():
                w.discard()

    QTimer.singleShot(0, attempt)


def test_run_cascade_wizard_waits_and_returns_the_new_objective(qtbot, workshop):
    """The entry point menus and the canvas call: modal, returns the new objective's id."""
    doc, ids, _path = workshop
    seen = []

    def drive(w: CascadeWizard) -> None:
        seen.append(w)
        enter()
        write_objective()
        for row in THREE_ROWS:
            type_row(row)
        go_on()
        go_on()

    when_modal(drive)
    new_id = run_cascade_wizard(None, doc, ids["product_kr"])
    assert len(seen) == 1
    assert new_id is not None
    assert doc.data.objectives[new_id].parent_kr_id == ids["product_kr"]
    assert doc.selection == (("objective", new_id),)


def test_run_cascade_wizard_cancelled_returns_none(qtbot, workshop):
    doc, ids, _path = workshop
    when_modal(lambda w: key(Qt.Key.Key_Escape))
    assert run_cascade_wizard(None, doc, ids["product_kr"]) is None
    assert doc.undo_stack.count() == 0


def test_read_only_file_is_refused(workshop, answers, document):
    _doc, ids, path = workshop
    ro = document(path, read_only=True)
    answers.add("show_error", None)
    assert run_cascade_wizard(None, ro, ids["product_kr"]) is None
    assert "read-only" in answers.texts("show_error")[0]
