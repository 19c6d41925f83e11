"""ui.operations: the edit gestures shared by canvas keys and menus."""

from __future__ import annotations

from okr_studio import services
from tests.ui.canvas_build import rows
from ui import operations


def test_realign_refusal_is_shown_and_nothing_changes(sample_file, answers, document):
    doc = document(sample_file)
    data = doc.data
    company = next(o for o in data.objectives.values() if o.parent_kr_id is None)
    own_kr = data.key_results_of(company.id)[0]
    answers.add("show_error", None)
    assert not operations.realign(doc, company.id, own_kr.id)
    assert "cannot support one of its own key results" in answers.texts("show_error")[0]
    assert not doc.undo_stack.canUndo()


def test_delete_a_unit_says_what_goes_and_undo_restores_it(sample_file, answers, document):
    doc = document(sample_file)
    data = doc.data
    dept_unit = next(
        u
        for u in data.units.values()
        if data.unit_depth(u.id) == 1 and list(data.unit_descendants(u.id))
    )
    below = [u.id for u in data.unit_descendants(dept_unit.id)]
    before = rows(sample_file, "SELECT count(*) FROM unit")[0][0]
    objectives_before = rows(sample_file, "SELECT * FROM objective ORDER BY id")
    doc.select([("unit", dept_unit.id), ("unit", below[0])])
    answers.add("confirm", True)
    assert operations.delete_selection(doc, None)
    question = answers.texts("confirm")[0]
    assert f"unit “{dept_unit.name}”" in question
    assert f"{len(below)} unit(s) below it" in question
    assert rows(sample_file, "SELECT count(*) FROM unit")[0][0] == before - 1 - len(below)
    assert doc.undo_stack.count() == 1  # the sub-unit went with its parent: one call
    doc.undo()
    assert rows(sample_file, "SELECT count(*) FROM unit")[0][0] == before
    assert rows(sample_file, "SELECT * FROM objective ORDER BY id") == objectives_before


def test_rename_and_add_sibling_key_result(sample_file, document):
    doc = document(sample_file)
    data = doc.data
    obj = next(iter(data.objectives.values()))
    krs = data.key_results_of(obj.id)
    assert operations.rename(doc, ("objective", obj.id), "Clear and kind")
    assert not operations.rename(doc, ("objective", obj.id), "Clear and kind")  # no-op
    new = operations.add_sibling(doc, ("key_result", krs[0].id), title="Right after")
    ids = [k.id for k in doc.data.key_results_of(obj.id)]
    assert ids[1] == new[1] and len(ids) == len(krs) + 1
    assert doc.undo_stack.undoText() == "Add key result"
    doc.undo()
    doc.undo()
    assert doc.data.objectives[obj.id].title == obj.title
    doc.execute(lambda ws: services.update_objective(ws, obj.id, title="x"))
