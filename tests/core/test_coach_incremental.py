"""The coach after an edit: after any sequence of edits, undos and redos,
:func:`recheck` gives exactly the findings of a whole :func:`check` of the same
snapshot, for the same day, in the same order, and names the items whose findings
changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okr_studio import services
from okr_studio.coach import check, recheck, rechecks_all
from okr_studio.data import patched
from okr_studio.errors import OkrError
from okr_studio.store import Workshop
from tests.core.edit_steps import EDIT_SETTINGS, STEPS, Session, edit_trees, scratch_copy

#: Before the cycle (the cascade is calm), in it (closing rules run) and after it.
DAYS = st.sampled_from([None, dt.date(2026, 12, 1), dt.date(2027, 2, 20), dt.date(2027, 5, 1)])
#: Edits the coach reads beyond the tree: check-ins, accepted findings, the agenda, people.
MORE = st.tuples(
    st.sampled_from(["check_in", "accept", "reopen", "agenda", "person"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(["", "Ana Lima", "Cy"]),
)


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return edit_trees(tmp_path_factory.mktemp("trees"))


def _more(session: Session, step: tuple[str, int, int, str], today: dt.date | None) -> None:
    """An edit of what the coach reads beyond the tree, through the services."""
    try:
        change = _service(session, step, today)
    except OkrError:
        return
    if change is not None and not change.empty:
        session.undo.append(change)
        session.redo.clear()
        session._patch(change)


def _service(session: Session, step: tuple[str, int, int, str], today: dt.date | None) -> Any:
    kind, a, b, name = step
    ws, data = session.ws, session.data
    krs, people = sorted(data.key_results), sorted(data.people)
    change = None
    if kind == "check_in" and krs:
        day = (today or dt.date(2027, 2, 1)) - dt.timedelta(days=b % 60)
        change = services.add_check_in(ws, krs[a % len(krs)], float(b % 90), date=day)
    elif kind == "accept":
        found = check(data, "en", today=today)
        if found:
            f = found[a % len(found)]
            change = services.accept_finding(ws, f.code, f.item_kind, f.item_id, "Agreed")
    elif kind == "reopen" and data.accepted:
        change = services.reopen_finding(ws, sorted(data.accepted)[a % len(data.accepted)])
    elif kind == "agenda":
        change = (
            services.add_agenda_item(ws, "Cascade the sales key results")
            if b % 2
            else services.next_agenda_item(ws)
        )
    elif kind == "person" and people:
        change = services.update_person(ws, people[a % len(people)], name=name or "Bo")
    return change


@pytest.mark.parametrize("name", ["real-shaped", "generated"])
@EDIT_SETTINGS
@given(
    steps=st.lists(st.one_of(STEPS, MORE), min_size=1, max_size=14),
    today=DAYS,
    language=st.sampled_from(["en", "de", ""]),
)
def test_recheck_equals_a_whole_check_after_every_step(
    trees: dict[str, Path], name: str, steps: list, today: dt.date | None, language: str
) -> None:
    with scratch_copy(trees[name]) as path, Workshop.open(path) as ws:
        session = Session(ws)
        run = recheck(None, session.data, language, today=today)
        assert list(run.findings) == check(session.data, language, today=today)
        for step in steps:
            before = run.findings
            if step[0] in ("check_in", "accept", "reopen", "agenda", "person"):
                _more(session, step, today)
            else:
                session.step(step)
            run = recheck(run, session.data, language, today=today)
            assert list(run.findings) == check(session.data, language, today=today)
            if run.changed is not None:  # whatever differs belongs to an item it names
                differ = set(before) ^ set(run.findings)
                assert {(f.item_kind, f.item_id) for f in differ} <= run.changed


def test_an_edit_rechecks_few_items(trees: dict[str, Path]) -> None:
    with scratch_copy(trees["generated"]) as path, Workshop.open(path) as ws:
        data = ws.snapshot()
        run = recheck(None, data, "en")
        kr = next(iter(data.key_results.values()))
        change = services.update_key_result(ws, kr.id, title="Complete three refactoring tickets")
        data = patched(data, change.rows)
        run = recheck(run, data, "en")
        assert run.changed is not None and ("key_result", kr.id) in run.changed
        assert len(run.changed) <= 3
        assert any(f.code == "KR_TASK_WORDING" and f.item_id == kr.id for f in run.findings)
        assert list(run.findings) == check(data, "en")


def test_another_day_or_language_or_a_file_read_again_checks_everything(
    trees: dict[str, Path],
) -> None:
    with Workshop.open(trees["real-shaped"], read_only=True) as ws:
        data, again = ws.snapshot(), ws.snapshot()
    run = recheck(None, data, "en")
    assert recheck(run, data, "en").changed == frozenset()
    day = dt.date(2027, 5, 1)
    for new in (
        recheck(recheck(None, data, "en"), data, "en", today=day),
        recheck(recheck(None, data, "en"), data, "de"),
        recheck(recheck(None, data, "en"), again, "en"),
    ):
        assert new.changed is None
    assert list(recheck(run, data, "en", today=day).findings) == check(data, "en", today=day)


def test_rechecks_all_foresees_when_every_rule_runs(trees: dict[str, Path]) -> None:
    with scratch_copy(trees["generated"]) as path, Workshop.open(path) as ws:
        data, again = ws.snapshot(), ws.snapshot()
        run = recheck(None, data, "en")
        assert rechecks_all(None, data, "en")
        assert not rechecks_all(run, data, "en")
        assert rechecks_all(run, data, "en", today=dt.date(2027, 5, 1))
        assert rechecks_all(run, data, "en", stale_weeks=6)
        assert rechecks_all(run, data, "de")
        assert rechecks_all(run, again, "en")  # read from the file again
        kr = next(iter(data.key_results.values()))
        edited = patched(data, services.update_key_result(ws, kr.id, title="Grow").rows)
        assert not rechecks_all(run, edited, "en")
        renamed = patched(edited, services.update_info(ws, name="Another name").rows)
        assert rechecks_all(run, renamed, "en")  # the workshop's own row
        later = recheck(run, edited, "en")
        assert rechecks_all(run, edited, "en") and not rechecks_all(later, edited, "en")
        assert later.changed is not None
