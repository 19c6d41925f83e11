"""The coach in the room: what the next cascade step fixes is a hint while the cascade runs.

Must fire as a hint during the workshop and as a warning after it: a department key
result no team supports yet (KR_UNCOVERED), a team with no objective yet
(UNIT_NO_OBJECTIVE), an objective still short of key results (OBJ_TOO_FEW_KRS). Must not
change: errors and the warnings about an item's own quality.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.cli import main
from okr_studio.coach import RULES, Severity, cascade_in_progress, check
from okr_studio.coach.room import CALM_CODES
from okr_studio.store import Workshop
from tests.core.coach_build import Build

D = dt.date
WORKSHOP_DAY = D(2027, 1, 12)


def _mid_cascade(**info: object) -> tuple[Build, dict[str, int]]:
    """A company → department → team tree half-way through the cascade: the department
    has a fresh key result no team supports yet, a team has no objective yet, another
    team's objective has only one key result, and one key result has no target."""
    b = Build(**info)
    company = b.unit("Acme", level="company")
    dept = b.unit("Product", company, level="department")
    team = b.unit("Checkout", dept)
    waiting = b.unit("Search", dept)
    loose = b.unit("Loose ends", dept)
    _, company_krs = b.good_obj(company)
    for kr in company_krs[1:]:
        b.good_obj(dept, parent_kr=kr)
    dept_obj, dept_krs = b.good_obj(dept, parent_kr=company_krs[0])
    fresh = b.kr(dept_obj, "Raise repeat purchases from 20% to 30%", 20, 30)
    for kr in dept_krs:
        b.good_obj(team, parent_kr=kr)
    short = b.obj(team, "Checkout feels instant", parent_kr=dept_krs[0])
    no_target = b.kr(short, "Cut checkout time from 40 to 20 seconds", 40, None)
    b.obj(loose, "Findings come first")  # an orphan: an error, during the workshop too
    ids = {"fresh": fresh, "waiting": waiting, "short": short, "no_target": no_target}
    return b, ids


def _severity(b: Build, code: str, item_id: int, today: dt.date | None) -> Severity:
    (f,) = [f for f in check(b.data(), today=today) if f.code == code and f.item_id == item_id]
    return f.severity


def _findings_that_calm(ids: dict[str, int]) -> list[tuple[str, int]]:
    # The next steps: cascade the fresh key result, give the waiting team its objective,
    # write the short objective's key results.
    return [
        ("KR_UNCOVERED", ids["fresh"]),
        ("UNIT_NO_OBJECTIVE", ids["waiting"]),
        ("OBJ_TOO_FEW_KRS", ids["short"]),
    ]


@pytest.mark.parametrize("today", [WORKSHOP_DAY, WORKSHOP_DAY - dt.timedelta(days=3)])
def test_during_the_workshop_the_next_step_is_a_hint(today: dt.date) -> None:
    b, ids = _mid_cascade(date=WORKSHOP_DAY)
    for code, item in _findings_that_calm(ids):
        (f,) = [f for f in check(b.data(), today=today) if (f.code, f.item_id) == (code, item)]
        assert f.severity is Severity.HINT and f.during_cascade, code


@pytest.mark.parametrize("today", [WORKSHOP_DAY + dt.timedelta(days=1), None])
def test_after_the_workshop_they_are_warnings(today: dt.date | None) -> None:
    b, ids = _mid_cascade(date=WORKSHOP_DAY)
    for code, item in _findings_that_calm(ids):
        (f,) = [f for f in check(b.data(), today=today) if (f.code, f.item_id) == (code, item)]
        assert f.severity is Severity.WARNING and not f.during_cascade, code


def test_errors_and_quality_warnings_keep_their_severity_during_the_workshop() -> None:
    b, ids = _mid_cascade(date=WORKSHOP_DAY)
    during = check(b.data(), today=WORKSHOP_DAY)
    after = check(b.data())
    assert [(f.code, f.item_id) for f in during] == [(f.code, f.item_id) for f in after]
    for f_during, f_after in zip(during, after, strict=True):
        if f_after.code not in CALM_CODES:
            assert f_during == f_after
    assert _severity(b, "KR_NO_TARGET", ids["no_target"], WORKSHOP_DAY) is Severity.WARNING
    orphans = [f for f in during if f.code == "OBJ_ORPHAN"]
    assert orphans and all(f.severity is Severity.ERROR for f in orphans)


def test_the_calm_rules_are_the_three_the_next_step_fixes() -> None:
    assert {"KR_UNCOVERED", "UNIT_NO_OBJECTIVE", "OBJ_TOO_FEW_KRS"} == CALM_CODES
    assert all(RULES[c].severity is Severity.WARNING for c in CALM_CODES)
    assert all(RULES[c].in_cascade is Severity.HINT for c in CALM_CODES)


@pytest.mark.parametrize(
    ("info", "today", "expected"),
    [
        ({"date": WORKSHOP_DAY}, WORKSHOP_DAY, True),
        ({"date": WORKSHOP_DAY}, D(2026, 12, 1), True),  # preparing
        ({"date": WORKSHOP_DAY}, D(2027, 1, 13), False),
        ({"date": WORKSHOP_DAY, "cycle": "2026 Q4"}, D(2027, 1, 10), True),  # the date wins
        ({"cycle_start": D(2027, 1, 1)}, D(2026, 12, 31), True),
        ({"cycle_start": D(2027, 1, 1)}, D(2027, 1, 1), False),
        ({"cycle": "2027 Q2"}, D(2027, 3, 20), True),
        ({"cycle": "2027 Q2"}, D(2027, 4, 2), False),
        ({"cycle": "Spring"}, D(2027, 1, 1), False),
        ({}, D(2027, 1, 1), False),
        ({"date": WORKSHOP_DAY}, None, False),
    ],
)
def test_when_the_cascade_is_in_progress(info: dict, today: dt.date | None, expected: bool) -> None:
    assert cascade_in_progress(Build(**info).data(), today) is expected


def test_accepted_findings_stay_accepted_when_calmed() -> None:
    b, ids = _mid_cascade(date=WORKSHOP_DAY)
    b.accept("KR_UNCOVERED", "key_result", ids["fresh"], "Product drives it alone")
    (f,) = [
        f
        for f in check(b.data(), today=WORKSHOP_DAY)
        if (f.code, f.item_id) == ("KR_UNCOVERED", ids["fresh"])
    ]
    assert f.accepted is not None and f.severity is Severity.HINT and not f.is_open


def test_the_command_line_checks_as_on_a_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.okr"
    with Workshop.create(path) as ws:
        services.update_info(ws, date=WORKSHOP_DAY)
        company = services.add_unit(ws, "Acme", level="company").subject[1]
        services.add_unit(ws, "Checkout", parent_id=company)
        obj = services.add_objective(ws, company, "Customers love checkout").subject[1]
        services.add_key_result(ws, obj, "Raise NPS from 30 to 45", baseline=30, target=45)
    assert main(["check", str(path), "--today", "2027-01-12"]) == 0
    during = capsys.readouterr().out
    assert main(["check", str(path), "--today", "2027-01-13"]) == 0
    after = capsys.readouterr().out
    uncovered = [line for line in during.splitlines() if "KR_UNCOVERED" in line]
    assert uncovered and uncovered[0].startswith("hint")
    assert next(line for line in after.splitlines() if "KR_UNCOVERED" in line).startswith("warn")
    main(["check", "--rules"])
    rules = capsys.readouterr().out.splitlines()
    assert [r.split()[1] for r in rules if "while the cascade is in progress" in r] == [
        "UNIT_NO_OBJECTIVE",
        "OBJ_TOO_FEW_KRS",
        "KR_UNCOVERED",
    ]


def test_an_agenda_under_way_is_the_workshop_in_progress() -> None:
    from okr_studio.agenda import AgendaItemData

    b, ids = _mid_cascade(date=WORKSHOP_DAY)
    data = b.data()

    def with_states(*states: str):  # type: ignore[no-untyped-def]
        items = {
            i: AgendaItemData(i, f"Item {i}", 20, st, position=i) for i, st in enumerate(states)
        }
        return dataclasses.replace(data, agenda=items)

    for states, expected in [
        (("current", "waiting"), True),
        (("done", "waiting"), True),  # a break between two items
        (("waiting", "waiting"), False),  # not started: the day decides (none given here)
        (("done", "done"), False),
    ]:
        shown = with_states(*states)
        assert cascade_in_progress(shown, None) is expected, states
        (f,) = [f for f in check(shown) if (f.code, f.item_id) == ("KR_UNCOVERED", ids["fresh"])]
        assert f.severity is (Severity.HINT if expected else Severity.WARNING)
    # Every item done: the workshop is over, even on its own day.
    assert not cascade_in_progress(with_states("done", "done"), WORKSHOP_DAY)
    assert cascade_in_progress(with_states("waiting", "waiting"), WORKSHOP_DAY)
