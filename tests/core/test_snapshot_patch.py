"""Patching a snapshot after an edit: the same as reading the file again, in time that
follows the edit (lookups carried over, untouched parts shared), and what changed
between two snapshots told across several edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okr_studio import services
from okr_studio.data import WorkshopData, patched
from okr_studio.data_patch import HISTORY, INFO_KEY, changed_items
from okr_studio.store import Workshop
from tests.core.edit_steps import STEPS, Session, scratch_copy
from tests.real_shaped import build_real_shaped

LOOKUPS = (
    "_unit_children",
    "_unit_objectives",
    "_objective_krs",
    "_kr_check_ins",
    "_kr_initiatives",
    "_aligned",
    "unit_depths",
    "_unit_paths",
    "by_uid",
)


def build_lookups(data: WorkshopData) -> None:
    for name in LOOKUPS:
        getattr(data, name)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_real_shaped(tmp_path_factory.mktemp("real") / "real.okr").path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEPS, min_size=1, max_size=12))
def test_a_patched_snapshot_equals_the_file_read_again(real: Path, steps: list) -> None:
    with scratch_copy(real) as path, Workshop.open(path) as ws:
        session = Session(ws)
        first = session.data
        for step in steps:
            build_lookups(session.data)  # so the patch has lookups to carry over
            session.step(step)
            fresh = ws.snapshot()
            for name in LOOKUPS:
                assert getattr(session.data, name) == getattr(fresh, name), name
            assert session.data.units == fresh.units
            assert session.data.objectives == fresh.objectives
            assert session.data.key_results == fresh.key_results
            for objective_id in fresh.objectives:  # the lookup without a copy, patched too
                in_place = session.data.key_results_in(objective_id)
                assert list(in_place) == fresh.key_results_of(objective_id)
        changed = changed_items(first, session.data)
        assert changed is not None
        for table, attr in (("objective", "objectives"), ("key_result", "key_results")):
            differ = {
                i
                for i in getattr(first, attr).keys() | getattr(session.data, attr).keys()
                if getattr(first, attr).get(i) != getattr(session.data, attr).get(i)
            }
            assert {(table, i) for i in differ} <= changed


def test_a_patch_shares_what_it_did_not_touch(real: Path) -> None:
    with scratch_copy(real) as path, Workshop.open(path) as ws:
        data = ws.snapshot()
        build_lookups(data)
        objective = next(iter(data.objectives.values()))
        change = services.add_key_result(ws, objective.id, "Raise repeat orders from 20% to 30%")
        new = patched(data, change.rows)
        # tables and lookups the edit did not touch are the old ones, not copies
        assert new.units is data.units and new.objectives is data.objectives
        assert new.__dict__["_unit_objectives"] is data.__dict__["_unit_objectives"]
        assert new.__dict__["unit_depths"] is data.__dict__["unit_depths"]
        # in a lookup it touched, only the group of the edit is new
        krs, old_krs = new.__dict__["_objective_krs"], data.__dict__["_objective_krs"]
        others = [o for o in old_krs if o != objective.id]
        assert all(krs[o] is old_krs[o] for o in others)
        assert len(krs[objective.id]) == len(old_krs.get(objective.id, [])) + 1
        assert new.key_results_of(objective.id) == ws.snapshot().key_results_of(objective.id)


def test_what_changed_is_told_across_edits_undos_and_history(real: Path) -> None:
    with scratch_copy(real) as path, Workshop.open(path) as ws:
        data = ws.snapshot()
        assert changed_items(data, data) == frozenset()
        assert changed_items(data, ws.snapshot()) is None  # read again: not patched from it
        objective = next(iter(data.objectives.values()))
        renamed = services.update_objective(ws, objective.id, title="Customers stay")
        one = patched(data, renamed.rows)
        info = services.update_info(ws, cycle="2027 Q2")
        two = patched(one, info.rows)
        back = patched(two, services.undo(ws, info).rows)
        assert changed_items(data, one) == {("objective", objective.id)}
        assert changed_items(data, two) == {("objective", objective.id), INFO_KEY}
        assert changed_items(one, back) == {INFO_KEY}
        assert changed_items(two, data) is None  # only forwards
        latest = back
        for i in range(2 * HISTORY + 2):
            change = services.update_objective(ws, objective.id, title=f"Customers stay {i}")
            latest = patched(latest, change.rows)
        assert changed_items(data, latest) is None  # too far back: let go
        assert changed_items(back, latest) is None
        assert changed_items(data, one) is not None  # the start of it stays
