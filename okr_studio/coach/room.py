"""The coach in the room: what the next cascade step fixes is a hint while the cascade runs.

During a cascade workshop the tree is built top-down, so much of it is unfinished on
purpose: a department key result nobody supports *yet* is simply the next one to
cascade. Shouting about it helps nobody. So, while the cascade is in progress, the
findings that the next step of the cascade will fix are *hints*; after the workshop they
are *warnings* again (their rule's severity), because then they are real gaps:

- KR_UNCOVERED: a key result of a unit with units below it that no objective supports
  (the next step cascades it to a team);
- UNIT_NO_OBJECTIVE: a unit with no objective yet (its turn has not come);
- OBJ_TOO_FEW_KRS: an objective with fewer than 3 key results (the room is writing them).

Every other finding keeps its severity: errors (an orphan or misaligned objective, a
missing title) and the quality warnings about an item itself (no target, no owner, task
wording) are what the room should fix while it writes the item.

**When the cascade is in progress** (:func:`cascade_in_progress`; the coach never reads
a clock, so the caller passes ``today``):

1. the room is working through the workshop's agenda (an item is current, or some are
   done and some still to come: a break): in progress, whatever the day;
2. every agenda item is done: the workshop is over;
3. else, with ``today``: the workshop has a date: from any day before it (preparing)
   up to and including that day; from the next day on, it is over. The workshop has no
   date: until the cycle starts (its first day, or the first day of a cycle written as
   a quarter, such as "2027 Q1"); a workshop with neither never is;
4. without ``today`` (and no agenda under way): the coach judges as after the workshop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from okr_studio.agenda import agenda_in_progress
from okr_studio.coach.findings import RULES, Finding, Severity
from okr_studio.data import WorkshopData
from okr_studio.dates import quarter_dates

#: The rules whose findings are hints while the cascade is in progress.
CALM_CODES = frozenset(code for code, rule in RULES.items() if rule.in_cascade is not None)


def cascade_in_progress(data: WorkshopData, today: dt.date | None) -> bool:
    """Whether the workshop's cascade is in progress on ``today`` (see the module's notes)."""
    if agenda_in_progress(data):
        return True
    if today is None or (data.agenda and all(a.state == "done" for a in data.agenda.values())):
        return False
    info = data.info
    if info.date is not None:
        return today <= info.date
    start = info.cycle_start
    if start is None:
        cycle = quarter_dates(info.cycle)
        start = cycle[0] if cycle is not None else None
    return start is not None and today < start


def calm(findings: Iterable[Finding], in_progress: bool) -> list[Finding]:
    """``findings`` with the rules' severities for a cascade in progress (a hint, marked
    ``during_cascade``) when ``in_progress``; unchanged otherwise."""
    if not in_progress:
        return list(findings)
    out = []
    for f in findings:
        eased = RULES[f.code].in_cascade if f.code in RULES else None
        if eased is not None and eased is not f.severity:
            f = replace(f, severity=eased, during_cascade=True)
        out.append(f)
    return out


__all__ = ["CALM_CODES", "Severity", "calm", "cascade_in_progress"]
