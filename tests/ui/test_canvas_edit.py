"""Editing on the canvas through real key presses and mouse clicks, with undo and redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from okr_studio import services
from tests.ui.canvas_build import click, point_of, rows

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _team_objective(doc):  # type: ignore[no-untyped-def]
    data = doc.data
    return next(
        o
        for o in data.objectives.values()
        if o.parent_kr_id is not None and data.unit_depth(o.unit_id) == 2
    )


def test_insert_adds_a_key_result_edited_in_place(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    obj = _team_objective(doc)
    click(view, point_of(view, ("objective", obj.id)))
    assert doc.selection == (("objective", obj.id),)
    n = len(doc.data.key_results_of(obj.id))
    qtbot.keyClick(view, K.Key_Insert)
    assert view.editor.active and view.editor.line.isVisible()
    qtbot.keyClicks(view.editor.line, "Cut churn from 8 % to 5 %")
    qtbot.keyClick(view.editor.line, K.Key_Return)
    got = rows(
        sample_file,
        "SELECT title, position FROM key_result WHERE objective_id=? ORDER BY position",
        obj.id,
    )
    assert len(got) == n + 1 and got[-1] == ("Cut churn from 8 % to 5 %", n)
    new_kr = doc.current
    assert new_kr[0] == "key_result"
    card = view.canvas_scene.cards[("objective", obj.id)]
    assert card.content.rows[-1].kr_id == new_kr[1]
    assert card.selected_rows == {new_kr[1]}
    # the add and its title are ONE undo step; redo brings the titled key result back
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Add key result"
    doc.undo()
    assert rows(sample_file, "SELECT id FROM key_result WHERE id=?", new_kr[1]) == []
    assert len(view.canvas_scene.cards[("objective", obj.id)].content.rows) == n
    doc.redo()
    assert rows(sample_file, "SELECT title FROM key_result WHERE id=?", new_kr[1]) == [
        ("Cut churn from 8 % to 5 %",)
    ]
    # Esc on a key result just added takes it away again, leaving nothing to undo
    click(view, point_of(view, ("objective", obj.id)))
    qtbot.keyClick(view, K.Key_Insert)
    assert view.editor.active
    qtbot.keyClick(view.editor.line, K.Key_Escape)
    assert len(doc.data.key_results_of(obj.id)) == n + 1
    assert doc.undo_stack.index() == 1 and doc.undo_stack.undoText() == "Add key result"
    assert not doc.undo_stack.canRedo()  # the abandoned item cannot be redone either
    assert rows(sample_file, "SELECT count(*) FROM key_result WHERE objective_id=?", obj.id) == [
        (n + 1,)
    ]


def test_enter_on_a_key_result_adds_the_next_one_after_it(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    obj = _team_objective(doc)
    first = doc.data.key_results_of(obj.id)[0]
    click(view, point_of(view, ("objective", obj.id), first.id))
    assert doc.selection == (("key_result", first.id),)
    qtbot.keyClick(view, K.Key_Return)
    qtbot.keyClicks(view.editor.line, "Second")
    qtbot.keyClick(view.editor.line, K.Key_Enter)
    titles = [
        t
        for (t,) in rows(
            sample_file,
            "SELECT title FROM key_result WHERE objective_id=? ORDER BY position",
            obj.id,
        )
    ]
    assert titles[0] == first.title and titles[1] == "Second"


def test_shift_enter_adds_a_sibling_objective_aligned_to_the_same_key_result(
    qtbot, sample_file, canvas
):
    doc, view = canvas(sample_file)
    obj = _team_objective(doc)
    click(view, point_of(view, ("objective", obj.id)))
    qtbot.keyClick(view, K.Key_Return, SHIFT)
    qtbot.keyClicks(view.editor.line, "Merchants trust our payouts")
    qtbot.keyClick(view.editor.line, K.Key_Return)
    got = rows(
        sample_file,
        "SELECT unit_id, parent_kr_id FROM objective WHERE title=?",
        "Merchants trust our payouts",
    )
    assert got == [(obj.unit_id, obj.parent_kr_id)]
    new = doc.current
    assert new in view.canvas_scene.cards
    box_new = view.canvas_scene.layout.boxes[new]
    box_old = view.canvas_scene.layout.boxes[("objective", obj.id)]
    assert box_new.x == box_old.x  # same column, right of the parent


def test_f2_edits_in_place_and_esc_cancels(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    obj = _team_objective(doc)
    click(view, point_of(view, ("objective", obj.id)))
    qtbot.keyClick(view, K.Key_F2)
    line = view.editor.line
    assert line.isVisible() and line.text() == obj.title
    line.selectAll()
    qtbot.keyClicks(line, "Never mind")
    qtbot.keyClick(line, K.Key_Escape)
    assert not line.isVisible()
    assert rows(sample_file, "SELECT title FROM objective WHERE id=?", obj.id) == [(obj.title,)]
    assert not doc.undo_stack.canUndo()
    # double-click edits too; Enter commits one undoable rename
    QTest.mouseDClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        point_of(view, ("objective", obj.id)),
    )
    assert line.isVisible()
    line.selectAll()
    qtbot.keyClicks(line, "Payments feel instant")
    qtbot.keyClick(line, K.Key_Return)
    assert rows(sample_file, "SELECT title FROM objective WHERE id=?", obj.id) == [
        ("Payments feel instant",)
    ]
    card = view.canvas_scene.cards[("objective", obj.id)]
    assert card.content.title == ("Payments feel instant",)
    assert doc.undo_stack.undoText().startswith("Rename") or doc.undo_stack.canUndo()
    doc.undo()
    assert rows(sample_file, "SELECT title FROM objective WHERE id=?", obj.id) == [(obj.title,)]
    assert " ".join(card.content.title).replace("…", "") in obj.title + "…"
    doc.redo()
    assert view.canvas_scene.cards[("objective", obj.id)].content.title == (
        "Payments feel instant",
    )


def test_delete_says_what_goes_with_it_then_undo_restores_everything(
    qtbot, sample_file, answers, canvas
):
    doc, view = canvas(sample_file)
    data = doc.data
    dept = next(
        o
        for o in data.objectives.values()
        if data.unit_depth(o.unit_id) == 1
        and any(data.aligned_to(k.id) for k in data.key_results_of(o.id))
    )
    krs = data.key_results_of(dept.id)
    orphans = [o for k in krs for o in data.aligned_to(k.id)]
    before_obj = rows(sample_file, "SELECT * FROM objective ORDER BY id")
    before_kr = rows(sample_file, "SELECT * FROM key_result ORDER BY id")
    click(view, point_of(view, ("objective", dept.id)))
    # cancelled: nothing changes
    answers.add("confirm", False)
    qtbot.keyClick(view, K.Key_Delete)
    assert rows(sample_file, "SELECT * FROM objective ORDER BY id") == before_obj
    question = answers.texts("confirm")[-1]
    assert f"{len(krs)} key results go with it" in question
    for o in orphans:
        assert o.title[:20] in question
    # accepted: the objective, its key results and the alignments go, in one step
    answers.add("confirm", True)
    qtbot.keyClick(view, K.Key_Delete)
    assert rows(sample_file, "SELECT id FROM objective WHERE id=?", dept.id) == []
    assert rows(sample_file, "SELECT count(*) FROM key_result WHERE objective_id=?", dept.id) == [
        (0,)
    ]
    for o in orphans:
        assert rows(sample_file, "SELECT parent_kr_id FROM objective WHERE id=?", o.id) == [(None,)]
    assert ("objective", dept.id) not in view.canvas_scene.cards
    positions = {k: (b.x, b.y) for k, b in view.canvas_scene.layout.boxes.items()}
    doc.undo()
    assert rows(sample_file, "SELECT * FROM objective ORDER BY id") == before_obj
    assert rows(sample_file, "SELECT * FROM key_result ORDER BY id") == before_kr
    assert ("objective", dept.id) in view.canvas_scene.cards
    doc.redo()
    assert rows(sample_file, "SELECT id FROM objective WHERE id=?", dept.id) == []
    assert {k: (b.x, b.y) for k, b in view.canvas_scene.layout.boxes.items()} == positions


def test_deleting_several_items_is_one_undo_step(qtbot, sample_file, answers, canvas):
    doc, view = canvas(sample_file)
    data = doc.data
    teams = [o for o in data.objectives.values() if data.unit_depth(o.unit_id) == 2][:2]
    kr_other = next(
        k for k in data.key_results.values() if k.objective_id not in {t.id for t in teams}
    )
    before_obj = rows(sample_file, "SELECT * FROM objective ORDER BY id")
    before_kr = rows(sample_file, "SELECT * FROM key_result ORDER BY id")
    click(view, point_of(view, ("objective", teams[0].id)))
    click(view, point_of(view, ("objective", teams[1].id)), CTRL)
    click(view, point_of(view, ("objective", kr_other.objective_id), kr_other.id), CTRL)
    assert len(doc.selection) == 3
    answers.add("confirm", True)
    qtbot.keyClick(view, K.Key_Delete)
    assert "these 3 items" in answers.texts("confirm")[-1]
    assert rows(
        sample_file,
        "SELECT count(*) FROM objective WHERE id IN (?, ?)",
        teams[0].id,
        teams[1].id,
    ) == [(0,)]
    assert rows(sample_file, "SELECT id FROM key_result WHERE id=?", kr_other.id) == []
    assert doc.undo_stack.count() == 1
    doc.undo()
    assert rows(sample_file, "SELECT * FROM objective ORDER BY id") == before_obj
    assert rows(sample_file, "SELECT * FROM key_result ORDER BY id") == before_kr
    doc.redo()
    assert rows(
        sample_file,
        "SELECT count(*) FROM objective WHERE id IN (?, ?)",
        teams[0].id,
        teams[1].id,
    ) == [(0,)]
    doc.undo()
    assert set(view.canvas_scene.cards) >= {("objective", t.id) for t in teams}


def test_key_on_a_key_result_adds_an_aligned_team_objective(
    qtbot, sample_file, monkeypatch, canvas
):
    import ui.wizard

    doc, view = canvas(sample_file)
    data = doc.data
    dept = next(o for o in data.objectives.values() if data.unit_depth(o.unit_id) == 1)
    kr = data.key_results_of(dept.id)[0]
    team = data.child_units(dept.unit_id)[0]
    calls = []

    def fake_wizard(parent, document, kr_id, **_kw):  # type: ignore[no-untyped-def]
        calls.append(kr_id)
        change = document.execute(
            lambda ws: services.cascade(
                ws,
                kr_id,
                team.id,
                {"title": "Support answers in minutes"},
                [{"title": f"KR {i}"} for i in range(3)],
            )
        )
        return change.subject[1]

    monkeypatch.setattr(ui.wizard, "run_cascade_wizard", fake_wizard)
    click(view, point_of(view, ("objective", dept.id), kr.id))
    qtbot.keyClick(view, K.Key_Right, CTRL | SHIFT)
    assert calls == [kr.id]
    new = doc.current
    assert new[0] == "objective" and new in view.canvas_scene.cards
    assert rows(sample_file, "SELECT parent_kr_id, unit_id FROM objective WHERE id=?", new[1]) == [
        (kr.id, team.id)
    ]
    edge = [e for e in view.canvas_scene.layout.edges if e.child == new]
    assert edge and edge[0].kr_id == kr.id
    doc.undo()
    assert new not in view.canvas_scene.cards
    # the context menu of a key result row offers the same gesture
    menu_texts = [a.text() for a in view.actions_by_name.values()]
    assert any(t.startswith("Add Aligned Team Objective") for t in menu_texts)


def test_a_key_result_typed_as_one_line_fills_its_fields(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    obj = _team_objective(doc)
    owner = next(iter(doc.data.people.values())).name
    click(view, point_of(view, ("objective", obj.id)))
    qtbot.keyClick(view, K.Key_Insert)
    qtbot.keyClicks(view.editor.line, "Raise activation from 20% to 35% ")
    view.editor.line.insert(f"@{owner} #debt")  # QTest types no "í" as a key press
    qtbot.keyClick(view.editor.line, K.Key_Return)
    kr_id = doc.current[1]
    got = rows(
        sample_file,
        "SELECT k.title, k.baseline, k.target, k.unit_of_measure, k.metric, k.work_type,"
        " p.name FROM key_result k JOIN person p ON p.id = k.owner_id WHERE k.id=?",
        kr_id,
    )
    assert got == [
        ("Raise activation from 20% to 35%", 20, 35, "%", "activation", "technical_debt", owner)
    ]
    assert doc.undo_stack.count() == 1
