"""Every service: what it writes, what it refuses, and that undo/redo are exact."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from okr_studio import services as s
from okr_studio.errors import EditRefused, NotFound, ReadOnlyError
from okr_studio.events import ChangeEvent
from okr_studio.store import Workshop


@pytest.fixture
def ws(tmp_path: Path):
    w = Workshop.create(tmp_path / "w.okr", name="Test", cycle="2027 Q1")
    yield w
    w.close()


def tree(ws: Workshop) -> dict[str, int]:
    """company → department → team, a company objective with one KR."""
    ids: dict[str, int] = {}
    ids["company"] = s.add_unit(ws, "ACME", "company").subject[1]
    ids["dept"] = s.add_unit(ws, "Sales", "department", ids["company"]).subject[1]
    ids["team"] = s.add_unit(ws, "Team A", "team", ids["dept"]).subject[1]
    ids["obj"] = s.add_objective(ws, ids["company"], "Customers love us").subject[1]
    ids["kr"] = s.add_key_result(
        ws, ids["obj"], "Increase retention", baseline=70, target=80
    ).subject[1]
    return ids


def rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_each_call_commits_one_transaction_and_emits_one_event(ws: Workshop) -> None:
    events: list[ChangeEvent] = []
    ws.subscribe(events.append)
    ids = tree(ws)
    assert len(events) == 5
    assert rows(ws.path, "SELECT title FROM key_result") == [("Increase retention",)]
    assert events[-1].change.added == {("key_result", ids["kr"])}
    assert events[-1].origin == "do"


def test_cascade_creates_branch_in_one_step_and_undo_removes_all(ws: Workshop) -> None:
    ids = tree(ws)
    before = ws.snapshot()
    change = s.cascade(
        ws,
        ids["kr"],
        None,
        {"title": "Keep customers", "owner_name": "Zoë"},
        [{"title": f"KR {i}", "target": i, "owner_name": "Zoë"} for i in range(3)],
        new_unit={"name": "New team", "level": "team", "parent_id": ids["dept"]},
    )
    after = ws.snapshot()
    obj = after.objectives[change.subject[1]]
    assert obj.parent_kr_id == ids["kr"]
    assert after.units[obj.unit_id].name == "New team"
    assert len(after.key_results_of(obj.id)) == 3
    assert len(after.people) == 1  # Zoë added once, reused for every KR
    s.undo(ws, change)
    assert ws.snapshot() == before
    s.redo(ws, change)
    assert ws.snapshot() == after


def test_cascade_refuses_more_than_five_key_results(ws: Workshop) -> None:
    ids = tree(ws)
    before = ws.snapshot()
    with pytest.raises(EditRefused, match="at most 5"):
        s.cascade(ws, ids["kr"], ids["team"], {"title": "x"}, [{"title": "k"}] * 6)
    assert ws.snapshot() == before


@pytest.mark.parametrize("count", [0, 1, 2])
def test_cascade_takes_fewer_than_three_key_results(ws: Workshop, count: int) -> None:
    """Real teams start with one or two key results; the coach says so, nothing refuses."""
    ids = tree(ws)
    change = s.cascade(ws, ids["kr"], ids["team"], {"title": "x"}, [{"title": "k"}] * count)
    assert len(ws.snapshot().key_results_of(change.subject[1])) == count


def test_cascade_rolls_back_entirely_when_one_key_result_is_bad(ws: Workshop) -> None:
    ids = tree(ws)
    before = ws.snapshot()
    krs = [{"title": "a"}, {"title": "b"}, {"title": "c", "target": "lots"}]
    with pytest.raises(EditRefused, match="target must be a number"):
        s.cascade(
            ws,
            ids["kr"],
            None,
            {"title": "x", "owner_name": "New person"},
            krs,
            new_unit={"name": "T", "parent_id": ids["dept"]},
        )
    assert ws.snapshot() == before


def test_align_allows_any_unit_and_refuses_only_a_circle(ws: Workshop) -> None:
    ids = tree(ws)
    team_obj = s.add_objective(ws, ids["team"], "Team goal").subject[1]
    team_kr = s.add_key_result(ws, team_obj, "Team KR").subject[1]
    dept_obj = s.add_objective(ws, ids["dept"], "Dept goal").subject[1]
    dept_kr = s.add_key_result(ws, dept_obj, "Dept KR").subject[1]
    peer = s.add_unit(ws, "Marketing", "department", ids["company"]).subject[1]
    peer_obj = s.add_objective(ws, peer, "Peer goal", parent_kr_id=dept_kr).subject[1]
    sub_obj = s.add_objective(ws, ids["team"], "Sub-goal", parent_kr_id=team_kr).subject[1]
    s.align_objective(ws, dept_obj, team_kr)  # to a unit below: allowed
    s.align_objective(ws, team_obj, ids["kr"])
    data = ws.snapshot()
    assert data.objectives[peer_obj].parent_kr_id == dept_kr  # sideways, to a peer
    assert data.objectives[sub_obj].parent_kr_id == team_kr  # its own unit
    assert data.objectives[dept_obj].parent_kr_id == team_kr
    before = ws.snapshot()
    with pytest.raises(EditRefused, match="own key results"):
        s.align_objective(ws, team_obj, team_kr)
    # team_obj's key result is supported by dept_obj, whose key result peer_obj supports:
    with pytest.raises(EditRefused, match=r"round in a circle.*“Dept goal”"):
        s.align_objective(ws, team_obj, dept_kr)
    peer_kr = s.add_key_result(ws, peer_obj, "Peer KR").subject[1]
    with pytest.raises(EditRefused, match="round in a circle"):
        s.align_objective(ws, team_obj, peer_kr)
    assert ws.snapshot().objectives == before.objectives


def test_moving_a_key_result_refuses_a_circle(ws: Workshop) -> None:
    ids = tree(ws)
    team_obj = s.add_objective(ws, ids["team"], "Team goal", parent_kr_id=ids["kr"]).subject[1]
    team_kr = s.add_key_result(ws, team_obj, "Team KR").subject[1]
    s.add_objective(ws, ids["team"], "Sub-goal", parent_kr_id=team_kr)
    before = ws.snapshot()
    # the company's key result moved onto the team objective aligned to it: a circle
    with pytest.raises(EditRefused, match="support itself"):
        s.update_key_result(ws, ids["kr"], objective_id=team_obj)
    assert ws.snapshot() == before
    other = s.add_objective(ws, ids["dept"], "Dept goal").subject[1]
    s.update_key_result(ws, team_kr, objective_id=other)  # its supporter follows: fine
    assert ws.snapshot().objective_of_kr(team_kr).id == other


def test_delete_objective_undo_restores_rows_children_and_alignments(ws: Workshop) -> None:
    ids = tree(ws)
    s.add_key_result(ws, ids["obj"], "Second KR", target=3)
    aligned = s.add_objective(ws, ids["dept"], "Dept", parent_kr_id=ids["kr"]).subject[1]
    before = ws.snapshot()
    change = s.delete_objective(ws, ids["obj"])
    mid = ws.snapshot()
    assert ids["obj"] not in mid.objectives
    assert not mid.key_results
    assert mid.objectives[aligned].parent_kr_id is None
    s.undo(ws, change)
    assert ws.snapshot() == before  # same ids, same alignments, same positions


def test_delete_unit_takes_units_below_and_undo_restores(ws: Workshop) -> None:
    ids = tree(ws)
    s.add_objective(ws, ids["team"], "Team goal", parent_kr_id=ids["kr"])
    before = ws.snapshot()
    change = s.delete_unit(ws, ids["dept"])
    assert set(ws.snapshot().units) == {ids["company"]}
    s.undo(ws, change)
    assert ws.snapshot() == before


def test_delete_items_of_mixed_kinds_is_one_transaction_and_one_exact_step(
    ws: Workshop,
) -> None:
    ids = tree(ws)
    second = s.add_key_result(ws, ids["obj"], "Second KR", target=3).subject[1]
    third = s.add_key_result(ws, ids["obj"], "Third KR", target=4).subject[1]
    team_obj = s.add_objective(ws, ids["team"], "Team goal", parent_kr_id=second).subject[1]
    team_kr = s.add_key_result(ws, team_obj, "Team KR").subject[1]
    dept_obj = s.add_objective(ws, ids["dept"], "Dept goal").subject[1]
    before = ws.snapshot()
    events: list[ChangeEvent] = []
    ws.subscribe(events.append)
    # A key result, a unit, and an item inside that unit (it goes with the unit anyway).
    keys = [("key_result", second), ("unit", ids["dept"]), ("key_result", team_kr)]
    change = s.delete_items(ws, keys)
    assert [e.change for e in events] == [change]
    assert change.label == "Delete 3 items"
    after = ws.snapshot()
    assert set(after.units) == {ids["company"]}
    assert set(after.objectives) == {ids["obj"]}
    assert {k: v.position for k, v in after.key_results.items()} == {ids["kr"]: 0, third: 1}
    assert dept_obj not in after.objectives
    s.undo(ws, change)
    assert ws.snapshot() == before  # one step back: ids, alignments and positions as they were
    s.redo(ws, change)
    assert ws.snapshot() == after
    assert len(events) == 3


def test_delete_items_changes_nothing_when_one_item_is_gone(ws: Workshop) -> None:
    ids = tree(ws)
    before = ws.snapshot()
    with pytest.raises(NotFound, match="no longer in the workshop"):
        s.delete_items(ws, [("key_result", ids["kr"]), ("objective", 999)])
    assert ws.snapshot() == before
    with pytest.raises(EditRefused, match="person cannot be deleted this way"):
        s.delete_items(ws, [("person", 1)])
    assert s.delete_items(ws, [("objective", ids["obj"])]).label == "Delete objective"
    assert s.delete_items(ws, []).empty


def test_add_several_key_results_and_objectives_in_one_step(ws: Workshop) -> None:
    ids = tree(ws)
    before = ws.snapshot()
    events: list[ChangeEvent] = []
    ws.subscribe(events.append)
    change = s.add_key_results(
        ws, ids["obj"], [{"title": "A", "owner_name": "Ana"}, {"title": "B", "index": 0}]
    )
    assert len(events) == 1 and change.label == "Add 2 key results"
    data = ws.snapshot()
    krs = data.key_results_of(ids["obj"])
    assert [k.title for k in krs] == ["B", "Increase retention", "A"]
    assert change.subject == ("key_result", krs[2].id)  # the first one added
    assert data.person_name(krs[2].owner_id) == "Ana"
    s.undo(ws, change)
    assert ws.snapshot() == before
    pasted = s.add_objectives(
        ws, ids["team"], [{"title": "One"}, {"title": "Two", "parent_kr_id": ids["kr"]}],
        label="Paste 2 objectives",
    )  # fmt: skip
    assert pasted.label == "Paste 2 objectives"
    titles = [o.title for o in ws.snapshot().objectives_of(ids["team"])]
    assert titles == ["One", "Two"]
    # One item refused: none of them is added.
    with pytest.raises(EditRefused):
        s.add_objectives(ws, ids["dept"], [{"title": "Ok"}, {"title": "Bad", "parent_kr_id": 999}])
    assert ws.snapshot().objectives_of(ids["dept"]) == []


def test_move_unit_refuses_cycle_and_renumbers(ws: Workshop) -> None:
    ids = tree(ws)
    with pytest.raises(EditRefused, match="under itself"):
        s.move_unit(ws, ids["dept"], ids["team"])
    other = s.add_unit(ws, "Ops", "department", ids["company"]).subject[1]
    s.move_unit(ws, other, ids["company"], 0)
    data = ws.snapshot()
    assert [u.name for u in data.child_units(ids["company"])] == ["Ops", "Sales"]


def test_reorder_key_results(ws: Workshop) -> None:
    ids = tree(ws)
    second = s.add_key_result(ws, ids["obj"], "Second").subject[1]
    change = s.move_key_result(ws, second, 0)
    assert [k.title for k in ws.snapshot().key_results_of(ids["obj"])] == [
        "Second",
        "Increase retention",
    ]
    s.undo(ws, change)
    assert [k.id for k in ws.snapshot().key_results_of(ids["obj"])] == [ids["kr"], second]


def test_update_validates_fields(ws: Workshop) -> None:
    ids = tree(ws)
    with pytest.raises(EditRefused, match="direction"):
        s.update_key_result(ws, ids["kr"], direction="sideways")
    with pytest.raises(EditRefused, match="work type"):
        s.update_key_result(ws, ids["kr"], work_type="chores")
    with pytest.raises(EditRefused, match="finite"):
        s.update_key_result(ws, ids["kr"], target=float("nan"))
    with pytest.raises(EditRefused, match="Confidence"):
        s.update_key_result(ws, ids["kr"], confidence=1.5)
    with pytest.raises(EditRefused, match="not a field"):
        s.update_key_result(ws, ids["kr"], colour="red")
    with pytest.raises(NotFound):
        s.update_objective(ws, 999, title="x")
    s.update_key_result(ws, ids["kr"], due_date="2027-03-31", direction="keep_above")
    kr = ws.snapshot().key_results[ids["kr"]]
    assert kr.due_date == dt.date(2027, 3, 31)
    assert kr.direction == "keep_above"


def test_unchanged_update_records_nothing(ws: Workshop) -> None:
    ids = tree(ws)
    events: list[ChangeEvent] = []
    ws.subscribe(events.append)
    change = s.update_objective(ws, ids["obj"], title="Customers love us")
    assert change.empty
    assert events == []


def test_owner_by_name_reuses_people_case_insensitively(ws: Workshop) -> None:
    ids = tree(ws)
    s.update_objective(ws, ids["obj"], owner_name="Łucja Nowak")
    s.update_key_result(ws, ids["kr"], owner_name="łucja nowak")
    data = ws.snapshot()
    assert len(data.people) == 1
    assert data.objectives[ids["obj"]].owner_id == data.key_results[ids["kr"]].owner_id


def test_delete_person_keeps_items_without_owner_and_undo(ws: Workshop) -> None:
    ids = tree(ws)
    s.update_objective(ws, ids["obj"], owner_name="Ana")
    person = ws.snapshot().objectives[ids["obj"]].owner_id
    assert person is not None
    before = ws.snapshot()
    change = s.delete_person(ws, person)
    assert ws.snapshot().objectives[ids["obj"]].owner_id is None
    s.undo(ws, change)
    assert ws.snapshot() == before


def test_undo_refuses_when_the_file_changed_underneath(ws: Workshop) -> None:
    ids = tree(ws)
    change = s.update_objective(ws, ids["obj"], title="One")
    s.update_objective(ws, ids["obj"], title="Two")
    with pytest.raises(EditRefused, match="changed since"):
        s.undo(ws, change)
    assert ws.snapshot().objectives[ids["obj"]].title == "Two"


def test_info_and_accepted_findings(ws: Workshop) -> None:
    s.update_info(ws, facilitator="Ζωή", cycle_end="2027-03-31")
    info = ws.snapshot().info
    assert info.facilitator == "Ζωή"
    assert info.cycle_end == dt.date(2027, 3, 31)
    ids = tree(ws)
    first = s.accept_finding(ws, "OBJ_NO_OWNER", "objective", ids["obj"], "Owner named later")
    again = s.accept_finding(ws, "OBJ_NO_OWNER", "objective", ids["obj"], "Reason two")
    assert first.subject == again.subject
    data = ws.snapshot()
    acc = data.is_accepted("OBJ_NO_OWNER", "objective", ids["obj"])
    assert acc is not None and acc.reason == "Reason two"
    s.reopen_finding(ws, acc.id)
    assert ws.snapshot().is_accepted("OBJ_NO_OWNER", "objective", ids["obj"]) is None


def test_long_and_hostile_text_is_stored_exactly(ws: Workshop) -> None:
    ids = tree(ws)
    title = "R&D <b>x</b> &amp; " + "🙂ש" * 5000
    s.update_objective(ws, ids["obj"], title=title)
    ws.close()
    with Workshop.open(ws.path) as again:
        assert again.snapshot().objectives[ids["obj"]].title == title


def test_read_only_workshop_refuses_edits(tmp_path: Path) -> None:
    path = tmp_path / "r.okr"
    Workshop.create(path).close()
    with Workshop.open(path, read_only=True) as ro, pytest.raises(ReadOnlyError):
        s.add_unit(ro, "x")


def test_column_lists_match_the_sqlmodel_tables() -> None:
    from okr_studio.model import TABLE_BY_NAME
    from okr_studio.schema import COLUMNS

    assert set(COLUMNS) == set(TABLE_BY_NAME)
    for name, table in TABLE_BY_NAME.items():
        assert COLUMNS[name] == tuple(table.model_fields), name


def test_services_do_not_load_sqlmodel() -> None:
    """The app starts faster when only SQLAlchemy core is loaded (the tables are for tests)."""
    import subprocess
    import sys

    code = (
        "import sys, okr_studio.services, okr_studio.store, okr_studio.coach;"
        "print('sqlmodel' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
