"""The coach's rules for closing the loop, judged on a given day: must fire, must not fire."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from okr_studio.coach import RULES, Finding, Severity, check
from okr_studio.coach.rules_closing import STALE_WEEKS, cycle_dates
from okr_studio.data import CheckInData, InfoData, WorkshopData
from tests.core.coach_build import Build

Q1 = {"cycle": "2027 Q1", "cycle_start": dt.date(2027, 1, 1), "cycle_end": dt.date(2027, 3, 31)}
CLOSING = {
    "KR_NO_CHECK_IN",
    "KR_STALE_CHECK_IN",
    "KR_BEHIND",
    "KR_NO_LEARNING",
    "OBJ_NO_ACTUAL_OUTCOME",
    "OBJ_NO_DECISION",
}


class Cycle:
    """A company objective with one key result from 0 to 100, and its check-ins."""

    def __init__(self, *, info: dict | None = None, **kr_fields: object) -> None:
        self.b = Build(**(Q1 if info is None else info))
        self.obj = self.b.obj(self.b.unit("Acme", level="company"), "Customers keep coming back")
        kr_fields.setdefault("owner_id", self.b.person("Ana"))
        self.kr = self.b.kr(self.obj, "Raise retention from 0 to 100", 0, 100, **kr_fields)
        self.check_ins: dict[int, CheckInData] = {}
        self.review: dict[str, str] = {}

    def check_in(self, day: str, value: float) -> Cycle:
        cid = len(self.check_ins) + 1
        self.check_ins[cid] = CheckInData(cid, self.kr, dt.date.fromisoformat(day), value)
        return self

    def data(self) -> WorkshopData:
        data = self.b.data()
        obj = data.objectives[self.obj]._replace(**self.review)
        return dataclasses.replace(
            data, check_ins=dict(self.check_ins), objectives={**data.objectives, obj.id: obj}
        )

    def findings(self, day: str, **kw: object) -> list[Finding]:
        found = check(self.data(), today=dt.date.fromisoformat(day), **kw)  # type: ignore[arg-type]
        return [f for f in found if f.code in CLOSING]

    def codes(self, day: str, **kw: object) -> set[str]:
        return {f.code for f in self.findings(day, **kw)}


def test_the_closing_rules_are_listed() -> None:
    assert set(RULES) >= CLOSING
    assert {RULES[c].item_kind for c in CLOSING} == {"key_result", "objective"}


def test_without_a_day_no_closing_rule_runs() -> None:
    c = Cycle()  # no check-in, cycle long over: every rule would fire on a day
    assert not {f.code for f in check(c.data())} & CLOSING
    assert c.codes("2027-06-30") >= {"KR_NO_CHECK_IN", "OBJ_NO_ACTUAL_OUTCOME", "OBJ_NO_DECISION"}


# ---- a key result past its due date with no check-in --------------------------------------
def test_past_due_with_no_check_in_fires() -> None:
    c = Cycle(due_date=dt.date(2027, 2, 28))
    (f,) = [f for f in c.findings("2027-03-01") if f.code == "KR_NO_CHECK_IN"]
    assert f.item_id == c.kr and f.severity is Severity.WARNING
    assert "was due on 2027-02-28 and has no check-in" in f.message and "Ana" in f.hint


@pytest.mark.parametrize("day", ["2027-02-28", "2027-01-15"])
def test_not_yet_due_does_not_fire(day: str) -> None:
    assert "KR_NO_CHECK_IN" not in Cycle(due_date=dt.date(2027, 2, 28)).codes(day)


def test_past_due_with_a_check_in_does_not_fire() -> None:
    c = Cycle(due_date=dt.date(2027, 2, 28)).check_in("2027-02-27", 100)
    assert "KR_NO_CHECK_IN" not in c.codes("2027-03-10")


def test_no_due_date_means_the_end_of_the_cycle() -> None:
    assert "KR_NO_CHECK_IN" not in Cycle().codes("2027-03-31")
    assert "KR_NO_CHECK_IN" in Cycle().codes("2027-04-01")
    quarter_only = Cycle(info={"cycle": "2027 Q1"})
    assert cycle_dates(InfoData(cycle="2027 Q1")) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert "KR_NO_CHECK_IN" in quarter_only.codes("2027-04-01")
    assert Cycle(info={}).codes("2030-01-01") == set()  # no cycle dates, no due date


# ---- a check-in older than N weeks ------------------------------------------------------
def test_an_old_check_in_fires_after_n_weeks() -> None:
    c = Cycle().check_in("2027-01-10", 20)
    assert "KR_STALE_CHECK_IN" not in c.codes("2027-01-31")  # exactly 3 weeks
    (f,) = [f for f in c.findings("2027-02-01") if f.code == "KR_STALE_CHECK_IN"]
    assert f.severity is Severity.HINT and "from 2027-01-10, 3 weeks ago" in f.message
    assert STALE_WEEKS == 3


def test_the_number_of_weeks_is_a_parameter() -> None:
    c = Cycle().check_in("2027-01-10", 20)
    assert "KR_STALE_CHECK_IN" not in c.codes("2027-02-01", stale_weeks=6)
    assert "KR_STALE_CHECK_IN" in c.codes("2027-01-20", stale_weeks=1)


def test_a_recent_check_in_or_one_at_the_due_date_does_not_fire() -> None:
    assert "KR_STALE_CHECK_IN" not in Cycle().check_in("2027-01-10", 20).check_in(
        "2027-01-25", 30
    ).codes("2027-02-05")
    final = Cycle(due_date=dt.date(2027, 3, 31)).check_in("2027-03-31", 90)
    assert "KR_STALE_CHECK_IN" not in final.codes("2027-06-30")


# ---- an objective past the cycle's end without its review ------------------------------------
def test_after_the_cycle_an_objective_needs_its_actual_outcome_and_decision() -> None:
    c = Cycle().check_in("2027-03-31", 100)
    assert not c.codes("2027-03-31") & {"OBJ_NO_ACTUAL_OUTCOME", "OBJ_NO_DECISION"}
    found = {f.code: f for f in c.findings("2027-04-01")}
    assert found["OBJ_NO_ACTUAL_OUTCOME"].item_id == c.obj
    assert "The cycle ended on 2027-03-31" in found["OBJ_NO_DECISION"].message
    c.review = {"actual_outcome": "Retention doubled", "decision": ""}
    assert c.codes("2027-04-01") & {"OBJ_NO_ACTUAL_OUTCOME", "OBJ_NO_DECISION"} == {
        "OBJ_NO_DECISION"
    }
    c.review = {"actual_outcome": "  ", "decision": "keep"}
    assert "OBJ_NO_ACTUAL_OUTCOME" in c.codes("2027-04-01")
    c.review = {"actual_outcome": "Retention doubled", "decision": "drop"}
    assert not c.codes("2027-04-01") & {"OBJ_NO_ACTUAL_OUTCOME", "OBJ_NO_DECISION"}


# ---- a key result scored below 0.7 without a learning note ----------------------------------
def test_a_low_score_at_the_review_needs_a_learning_note() -> None:
    c = Cycle().check_in("2027-03-30", 45)
    (f,) = [f for f in c.findings("2027-04-02") if f.code == "KR_NO_LEARNING"]
    assert "scored 0.45 (yellow)" in f.message and f.severity is Severity.HINT


@pytest.mark.parametrize(
    ("value", "day", "note", "fires"),
    [
        (69, "2027-04-02", "", True),
        (70, "2027-04-02", "", False),  # green
        (10, "2027-04-02", "Launched late", False),  # written
        (10, "2027-03-15", "", False),  # the cycle still runs
    ],
)
def test_learning_note_rule_edges(value: float, day: str, note: str, fires: bool) -> None:
    c = Cycle(learning_note=note).check_in("2027-03-01", value)
    assert ("KR_NO_LEARNING" in c.codes(day)) is fires


def test_no_score_is_not_a_low_score() -> None:
    assert "KR_NO_LEARNING" not in Cycle().codes("2027-04-02")


# ---- progress far behind the time elapsed ---------------------------------------------------
def test_progress_far_behind_the_cycle_fires() -> None:
    c = Cycle().check_in("2027-02-20", 10)  # 0.1 of the way; 2027-03-10 is 76 % in
    (f,) = [f for f in c.findings("2027-03-10") if f.code == "KR_BEHIND"]
    assert "come 0.1 of the way" in f.message and "76 % of the cycle gone" in f.message
    assert f.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("value", "day", "direction", "fires"),
    [
        (50, "2027-03-10", "increase", False),  # 0.5 at 75 %: within the margin
        (10, "2027-01-20", "increase", False),  # too early in the cycle to tell
        (10, "2027-04-10", "increase", False),  # the cycle is over: the review's turn
        (10, "2027-03-10", "keep_above", False),  # a line to hold has no pace
    ],
)
def test_progress_rule_does_not_fire(value: float, day: str, direction: str, fires: bool) -> None:
    c = Cycle(direction=direction).check_in("2027-01-15", value)
    assert ("KR_BEHIND" in c.codes(day)) is fires


def test_a_decrease_behind_fires_too() -> None:
    c = Cycle(direction="decrease")
    c.b.key_results[c.kr] = c.b.key_results[c.kr]._replace(baseline=100, target=0)
    c.check_in("2027-03-01", 95)  # 0.05 of the way down
    assert "KR_BEHIND" in c.codes("2027-03-10")
    c.check_in("2027-03-05", 40)  # 0.6 of the way down
    assert "KR_BEHIND" not in c.codes("2027-03-10")


def test_accepted_closing_findings_are_marked() -> None:
    c = Cycle()
    c.b.accept("KR_NO_CHECK_IN", "key_result", c.kr, "Measured only yearly")
    (f,) = [f for f in c.findings("2027-04-02") if f.code == "KR_NO_CHECK_IN"]
    assert not f.is_open
