"""The sample workshop: realistic, multilingual, deliberately imperfect, deterministic."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from okr_studio import services
from okr_studio.coach import Severity, check
from okr_studio.data import WorkshopData, replaced
from okr_studio.errors import EditRefused, WorkshopFileError
from okr_studio.sample import build_sample, write_sample
from okr_studio.store import Workshop


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> WorkshopData:
    path = write_sample(tmp_path_factory.mktemp("sample") / "sample.okr")
    with Workshop.open(path) as ws:
        return ws.snapshot()


def test_info_names_the_cycle(sample: WorkshopData) -> None:
    info = sample.info
    assert info.cycle == "2027 Q1"
    assert (info.cycle_start, info.cycle_end) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert info.date is not None and info.facilitator and info.name


def test_company_departments_teams(sample: WorkshopData) -> None:
    (company,) = sample.root_units()
    assert company.level == "company"
    departments = sample.child_units(company.id)
    assert 2 <= len(departments) <= 3
    assert all(d.level == "department" for d in departments)
    teams = [t for d in departments for t in sample.child_units(d.id)]
    assert 6 <= len(teams) <= 10
    assert all(t.level == "team" and not sample.child_units(t.id) for t in teams)


def test_text_in_several_scripts(sample: WorkshopData) -> None:
    names = {u.name for u in sample.units.values()}
    assert "Zespół Płatności" in names
    assert "東京チーム" in names
    assert any(any("\u0370" <= ch <= "\u03ff" for ch in n) for n in names)  # Greek
    people = " ".join(p.name for p in sample.people.values())
    assert "é" in people and "ł" in people.lower()
    assert all(p.role for p in sample.people.values())


def test_onboarding_examples(sample: WorkshopData) -> None:
    titles = {k.title for k in sample.key_results.values()}
    assert "Increase customer retention by 10% within 30 days" in titles
    assert "Reduce onboarding-related support tickets by 15%" in titles


def test_owners_targets_and_alignment(sample: WorkshopData) -> None:
    assert all(sample.person_name(o.owner_id) for o in sample.objectives.values())
    assert all(sample.person_name(k.owner_id) for k in sample.key_results.values())
    measured = [k for k in sample.key_results.values() if k.direction != "milestone"]
    assert all(k.target is not None for k in measured)
    roots = {u.id for u in sample.root_units()}
    for obj in sample.objectives.values():
        assert (obj.parent_kr_id is None) == (obj.unit_id in roots)
        assert len(sample.chain(obj.id)) == 1 + sample.unit_depth(obj.unit_id)


def test_deliberate_findings_and_no_errors(sample: WorkshopData) -> None:
    findings = check(sample)
    open_codes = {f.code for f in findings if f.is_open}
    assert {
        "KR_TASK_WORDING",
        "KR_NO_BASELINE",
        "OBJ_TOO_FEW_KRS",
        "UNIT_NO_OBJECTIVE",
        "KR_DUE_OUTSIDE_CYCLE",
        "KR_UNCOVERED",
    } <= open_codes
    assert not [f for f in findings if f.severity is Severity.ERROR]
    accepted = [f for f in findings if not f.is_open]
    assert [f.code for f in accepted] == ["KR_UNCOVERED"]
    assert accepted[0].accepted is not None and accepted[0].accepted.reason


def _without_uids(data: WorkshopData) -> WorkshopData:
    def blank(rows: Mapping[int, Any]) -> dict[int, Any]:
        return {k: replaced(v, uid="") for k, v in rows.items()}

    return dataclasses.replace(
        data,
        info=dataclasses.replace(data.info, uid=""),
        people=blank(data.people),
        units=blank(data.units),
        objectives=blank(data.objectives),
        key_results=blank(data.key_results),
        check_ins=blank(data.check_ins),
        initiatives=blank(data.initiatives),
    )


def test_two_builds_are_identical(tmp_path: Path, sample: WorkshopData) -> None:
    """Row for row the same; only the stable ids are new (each file is a workshop of its own)."""
    path = write_sample(tmp_path / "again.okr")
    with Workshop.open(path) as ws:
        again = ws.snapshot()
    assert _without_uids(again) == _without_uids(sample)
    assert not set(again.by_uid) & set(sample.by_uid)
    assert again.info.uid != sample.info.uid


def test_write_sample_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "mine.okr"
    target.write_bytes(b"precious")
    with pytest.raises(WorkshopFileError):
        write_sample(target)
    assert target.read_bytes() == b"precious"


def test_build_sample_fills_only_an_empty_workshop(tmp_path: Path) -> None:
    with Workshop.create(tmp_path / "w.okr") as ws:
        services.add_unit(ws, "Acme", "company")
        with pytest.raises(EditRefused):
            build_sample(ws)
        assert len(ws.snapshot().units) == 1


def test_sample_is_made_of_undoable_service_changes(tmp_path: Path) -> None:
    changes = []
    with Workshop.create(tmp_path / "w.okr") as ws:
        ws.subscribe(lambda event: changes.append(event.change))
        build_sample(ws)
        assert len(ws.snapshot().key_results) > 20
        for change in reversed(changes):
            services.undo(ws, change)
        empty = ws.snapshot()
    assert not (empty.units or empty.objectives or empty.key_results or empty.people)
    assert not empty.accepted


def test_the_cycle_was_lived_check_ins_initiatives_and_a_review(sample: WorkshopData) -> None:
    from okr_studio import scores

    checked = {c.key_result_id for c in sample.check_ins.values()}
    assert len(sample.check_ins) >= 60 and len(checked) >= 25
    assert len(checked) < len(sample.key_results)  # some have none: "no score" shows too
    assert len(sample.initiatives) >= 5
    assert all(i.actual_outcome and i.problem for i in sample.initiatives.values())
    reviewed = [o for o in sample.objectives.values() if o.decision]
    assert {o.decision for o in reviewed} == {"keep", "change", "drop"} and len(reviewed) >= 4
    assert all(o.actual_outcome and o.learned for o in reviewed)
    bands = {s.word for _o, s in scores.scoreboard(sample)}
    assert bands == {"red", "yellow", "green", "no score"}
    # every reviewed key result below 0.7 has its learning note
    for obj in reviewed:
        for kr in sample.key_results_of(obj.id):
            score = scores.key_result_score(sample, kr.id)
            if score.value is not None and score.value < 0.7:
                assert kr.learning_note, kr.title
    # the closing rules read it: nothing is past due without a check-in on 2027-04-02
    # except what the sample leaves open on purpose
    findings = check(sample, today=dt.date(2027, 4, 2))
    no_check_in = {
        sample.key_results[f.item_id].title for f in findings if f.code == "KR_NO_CHECK_IN"
    }
    assert "Keep answer accuracy of the help assistant above 90%" in no_check_in
