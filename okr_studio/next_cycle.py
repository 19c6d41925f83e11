"""The next cycle: a new ``.okr`` file that starts from this cycle's review.

:func:`plan_next_cycle` (pure) makes the next cycle's workshop from this one's data;
:func:`write_next_cycle` writes it to a new file through the one atomic writer
(:func:`okr_studio.workshop_file.write_new_workshop`). The old file is never touched.

What comes along:

- the same units and people (with their stable ids: they are the same organisation);
- the objectives the review decided to **keep** (as they are) or **change** (copied
  as drafts, for the room to rework), with their key results; objectives decided
  **drop**, and those not decided yet, stay behind (:attr:`NextCycle.left_behind`);
- each key result's new baseline is its last actual value (its latest check-in; with
  none, its old baseline); target, direction, unit, owner, weight and notes stay;
  its due date moves with the cycle; its confidence is asked again (none);
- each carried objective and key result has a new stable id and remembers where it
  came from (``carried_from``: the old item's stable id) and its score then
  (``carried_score``), so the next review can show it beside the new score;
- alignments between carried items are kept; one to a key result that stayed
  behind is dropped (the coach then asks for a new parent key result);
- nothing of the review itself: no check-ins, initiatives, actual outcomes, lessons,
  decisions or accepted findings.

The new cycle's name and dates follow from the old ones: "2027 Q1" becomes "2027 Q2"
(also "Q4 2027" → "Q1 2028", "H1 2027" → "H2 2027", "2. Quartal 2027" → "3. Quartal
2027"), and the workshop's name says the new cycle where it said the old one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from okr_studio.data import InfoData, KeyResultData, ObjectiveData, WorkshopData
from okr_studio.dates import quarter_dates
from okr_studio.scores import key_result_score, objective_score
from okr_studio.vocab import Decision, Status
from okr_studio.workshop_file import write_new_workshop

CARRIED = frozenset({Decision.KEEP.value, Decision.CHANGE.value})
_YEAR = re.compile(r"\d{4}")
_PERIOD = re.compile(r"(?i)([QH]\s*)([1-4])")
_GERMAN = re.compile(r"(?i)\b([1-4])(\s*\.\s*(?:Quartal|Halbjahr))")


@dataclass(frozen=True)
class NextCycle:
    """The next cycle's workshop, and what stayed behind."""

    data: WorkshopData
    #: Objectives of this cycle not carried over: (id, title, "drop" or "" = undecided).
    left_behind: tuple[tuple[int, str, str], ...] = ()

    @property
    def carried(self) -> int:
        return len(self.data.objectives)

    @property
    def undecided(self) -> int:
        return sum(1 for _i, _t, decision in self.left_behind if not decision)


def next_cycle_label(cycle: str) -> str | None:
    """The cycle after ``cycle``, written the same way ("2027 Q1" → "2027 Q2"); None
    when ``cycle`` is not a quarter or a half year."""
    period = quarter_dates(cycle)
    if period is None:
        return None
    months = 6 if (period[1] - period[0]).days > 100 else 3
    start = period[1] + dt.timedelta(days=1)
    number = (start.month - 1) // months + 1
    label = _YEAR.sub(str(start.year), cycle, count=1)
    if _GERMAN.search(label):
        return _GERMAN.sub(lambda m: f"{number}{m[2]}", label, count=1)
    return _PERIOD.sub(lambda m: f"{m[1]}{number}", label, count=1)


def next_cycle_info(info: InfoData) -> InfoData:
    """The next cycle's details: its label and dates, the name saying the new cycle."""
    label = next_cycle_label(info.cycle)
    start = info.cycle_end + dt.timedelta(days=1) if info.cycle_end else None
    end = None
    if label is not None:
        period = quarter_dates(label)
        if period is not None:
            start, end = period
    elif info.cycle_start and info.cycle_end and start is not None:
        end = start + (info.cycle_end - info.cycle_start)
    name = info.name
    if label is not None and info.cycle and info.cycle in name:
        name = name.replace(info.cycle, label)
    notes = f"Carried over from “{info.name or info.cycle or 'the last cycle'}”."
    return InfoData(
        name=name,
        cycle=label if label is not None else "",
        cycle_start=start,
        cycle_end=end,
        facilitator=info.facilitator,
        notes=notes,
        language=info.language,
    )


def _due(due: dt.date | None, old: InfoData, new: InfoData) -> dt.date | None:
    """A due date moved with the cycle: the old end becomes the new end."""
    if due is None:
        return None
    if old.cycle_end is not None and due == old.cycle_end:
        return new.cycle_end
    if old.cycle_start is not None and new.cycle_start is not None:
        return due + (new.cycle_start - old.cycle_start)
    return due


def plan_next_cycle(data: WorkshopData, info: InfoData | None = None) -> NextCycle:
    """The next cycle's workshop (see the module notes); ``info`` sets its details
    (default: :func:`next_cycle_info`)."""
    new_info = info if info is not None else next_cycle_info(data.info)
    old_info = data.info
    carried = [o for o in data.objectives.values() if o.decision in CARRIED]
    left = tuple(
        (o.id, o.title, o.decision)
        for o in sorted(data.objectives.values(), key=lambda o: o.id)
        if o.decision not in CARRIED
    )
    krs: dict[int, KeyResultData] = {}
    for obj in carried:
        for kr in data.key_results_of(obj.id):
            latest = data.latest_check_in(kr.id)
            krs[kr.id] = kr._replace(
                uid="",
                baseline=latest.value if latest is not None else kr.baseline,
                due_date=_due(kr.due_date, old_info, new_info),
                confidence=None,
                learning_note="",
                carried_from=kr.uid,
                carried_score=key_result_score(data, kr.id).value,
            )
    objectives: dict[int, ObjectiveData] = {}
    for obj in carried:
        siblings = [o for o in data.objectives_of(obj.unit_id) if o.decision in CARRIED]
        objectives[obj.id] = obj._replace(
            uid="",
            parent_kr_id=obj.parent_kr_id if obj.parent_kr_id in krs else None,
            status=obj.status if obj.decision == Decision.KEEP.value else Status.DRAFT.value,
            position=siblings.index(obj),
            actual_outcome="",
            learned="",
            decision="",
            carried_from=obj.uid,
            carried_score=objective_score(data, obj.id).value,
        )
    new = WorkshopData(
        info=new_info,
        people=dict(data.people),
        units=dict(data.units),
        objectives=objectives,
        key_results=krs,
    )
    return NextCycle(new, left)


def write_next_cycle(
    data: WorkshopData, path: Path | str, info: InfoData | None = None
) -> NextCycle:
    """Write the next cycle of ``data`` as a new workshop file at ``path`` (which must not
    exist); returns what was written. The file ``data`` was read from is not changed."""
    plan = plan_next_cycle(data, info)
    write_new_workshop(plan.data, path)
    return plan
