"""Rules for closing the loop: check-ins, progress and the review, judged on a given day.

These rules depend on the date, so they run only when the caller passes ``today``
(:func:`okr_studio.coach.check`); the coach never reads a clock, so it stays a function
of the workshop and the date, and a new day re-runs it. The cycle's dates are the
workshop's cycle start and end, or those of a cycle written as a quarter ("2027 Q1").
A key result is due on its due date, or, with none, at the end of the cycle.

- KR_NO_CHECK_IN: a key result past its due date with no check-in at all.
- KR_STALE_CHECK_IN: its latest check-in is older than ``stale_weeks`` (default
  :data:`STALE_WEEKS`) and was made before its due date (so its final value may be
  missing).
- KR_BEHIND: while the cycle runs (from a quarter of it on), an increase or decrease
  key result whose progress is more than :data:`BEHIND_MARGIN` behind the share of the
  cycle gone (at 60 % of the cycle, below 0.3 of the way from baseline to target).
- KR_NO_LEARNING: at the review (past its due date or the cycle's end), a key result
  scored below 0.7 with no learning note.
- OBJ_NO_ACTUAL_OUTCOME, OBJ_NO_DECISION: after the cycle's end, an objective whose
  review says nothing of what happened, or nothing of what becomes of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from okr_studio import coach_settings
from okr_studio.coach.findings import Finding, finding
from okr_studio.coach.wording import quote
from okr_studio.data import InfoData, KeyResultData, ObjectiveData, WorkshopData
from okr_studio.dates import quarter_dates
from okr_studio.numbers import format_number
from okr_studio.scores import GREEN_FROM, elapsed_share, key_result_score
from okr_studio.vocab import Direction

#: After how many weeks a check-in counts as old (when no other number is chosen).
STALE_WEEKS = coach_settings.STALE_WEEKS
#: How far behind the share of the cycle gone a key result's progress may be.
BEHIND_MARGIN = 0.3
#: Progress is not judged in the first part of the cycle (too early to tell).
BEHIND_FROM = 0.25
_LINEAR = (Direction.INCREASE.value, Direction.DECREASE.value)


def cycle_dates(info: InfoData) -> tuple[dt.date | None, dt.date | None]:
    """The cycle's first and last day: the workshop's own, else a quarter's ("2027 Q1")."""
    start, end = info.cycle_start, info.cycle_end
    if start is None or end is None:
        quarter = quarter_dates(info.cycle)
        if quarter is not None:
            start, end = start or quarter[0], end or quarter[1]
    return start, end


def closing_findings(
    data: WorkshopData, today: dt.date, *, stale_weeks: int = STALE_WEEKS
) -> Iterator[Finding]:
    """Every closing finding of the workshop on ``today``."""
    cycle = cycle_dates(data.info)
    for obj in data.objectives.values():
        if obj.unit_id not in data.units:
            continue
        yield from objective_closing(obj, today, cycle)
        for kr in data.key_results_of(obj.id):
            yield from kr_closing(data, kr, obj.unit_id, today, cycle, stale_weeks)


Cycle = tuple[dt.date | None, dt.date | None]


def objective_closing(obj: ObjectiveData, today: dt.date, cycle: Cycle) -> Iterator[Finding]:
    """The closing findings of one objective (its review, after the cycle's end)."""
    end = cycle[1]
    if end is not None and today > end:
        yield from _review_findings(obj, end)


def kr_closing(
    data: WorkshopData,
    kr: KeyResultData,
    unit: int,
    today: dt.date,
    cycle: Cycle,
    stale_weeks: int = STALE_WEEKS,
) -> Iterator[Finding]:
    """The closing findings of one key result of an objective of ``unit``."""
    due = kr.due_date or cycle[1]
    yield from _check_in_findings(data, kr, unit, today, due, stale_weeks)
    yield from _score_findings(data, kr, unit, today, due, cycle)


def _days(date: dt.date) -> str:
    return date.isoformat()


def _review_findings(obj: ObjectiveData, end: dt.date) -> Iterator[Finding]:
    q = quote(obj.title) if obj.title.strip() else "This objective"
    unit = obj.unit_id
    if not obj.actual_outcome.strip():
        yield finding(
            "OBJ_NO_ACTUAL_OUTCOME",
            obj.id,
            unit,
            obj.title,
            f"The cycle ended on {_days(end)}, and {q} has no actual outcome yet.",
            "Write what actually happened: which problem was solved or which behaviour "
            "changed, and how you know. Compare it with the anticipated outcome.",
        )
    if not obj.decision:
        yield finding(
            "OBJ_NO_DECISION",
            obj.id,
            unit,
            obj.title,
            f"The cycle ended on {_days(end)}, and nobody has decided what becomes of {q}.",
            "Decide for the next cycle: keep it as it is, change it, or drop it.",
        )


def _check_in_findings(
    data: WorkshopData,
    kr: KeyResultData,
    unit: int,
    today: dt.date,
    due: dt.date | None,
    stale_weeks: int,
) -> Iterator[Finding]:
    q = quote(kr.title) if kr.title.strip() else "This key result"
    owner = data.person_name(kr.owner_id)
    ask = f"Ask its owner, {owner}," if owner.strip() else "Ask its owner"
    latest = data.latest_check_in(kr.id)
    if latest is None:
        if due is not None and today > due:
            yield finding(
                "KR_NO_CHECK_IN",
                kr.id,
                unit,
                kr.title,
                f"{q} was due on {_days(due)} and has no check-in, so nobody can tell "
                "whether it was reached.",
                f"{ask} for the value measured at the due date, and check it in.",
            )
        return
    age = (today - latest.date).days
    if age > 7 * stale_weeks and (due is None or latest.date < due):
        yield finding(
            "KR_STALE_CHECK_IN",
            kr.id,
            unit,
            kr.title,
            f"The latest check-in of {q} is from {_days(latest.date)}, {age // 7} weeks ago.",
            f"{ask} for its value now (or at its due date), so its score is current.",
        )


def _score_findings(
    data: WorkshopData,
    kr: KeyResultData,
    unit: int,
    today: dt.date,
    due: dt.date | None,
    cycle: tuple[dt.date | None, dt.date | None],
) -> Iterator[Finding]:
    score = key_result_score(data, kr.id)
    if score.value is None:
        return
    q = quote(kr.title) if kr.title.strip() else "This key result"
    start, end = cycle
    reviewing = (due is not None and today > due) or (end is not None and today > end)
    if reviewing and score.value < GREEN_FROM and not kr.learning_note.strip():
        yield finding(
            "KR_NO_LEARNING",
            kr.id,
            unit,
            kr.title,
            f"{q} scored {score.text} ({score.word}) and has no learning note.",
            "Write down what the team learned from falling short: what got in the way, "
            "and what it would do differently next cycle.",
        )
    share = elapsed_share(start, end, today)
    if (
        kr.direction in _LINEAR
        and share is not None
        and end is not None
        and today <= end
        and share >= BEHIND_FROM
        and score.progress is not None
        and score.progress < share - BEHIND_MARGIN
    ):
        yield finding(
            "KR_BEHIND",
            kr.id,
            unit,
            kr.title,
            f"{q} has come {format_number(round(score.progress, 2))} of the way from its "
            f"baseline to its target, with {round(share * 100)} % of the cycle gone.",
            "Talk about what holds it back and whether the target still stands; say so "
            "in its confidence if it does not.",
        )
