"""The workshop's agenda and its timer, read from a snapshot (no clock of its own).

The agenda is a list of items ("Company objectives", 20 minutes; "Breakouts", 45…),
each *waiting*, *current* (at most one) or *done*. The timer counts the time spent on
the current item: ``elapsed_seconds`` holds what was counted up to the last pause or
switch, and ``running_since`` when the timer was started, while it runs. So the file
alone says where the room is, and a restart (or a crash) loses no time: the time
since ``running_since`` still counts. The services that change it are in
:mod:`okr_studio.services.agenda`; :func:`agenda_clock` tells the presenter view what
to show, given the time now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData


@dataclass(frozen=True, slots=True)
class AgendaItemData:
    id: int
    title: str = ""
    planned_minutes: int = 0
    #: An :class:`~okr_studio.vocab.AgendaState`: "waiting", "current" or "done".
    state: str = "waiting"
    elapsed_seconds: float = 0.0
    #: When the timer was started (ISO 8601, UTC) while it runs; "" when paused.
    running_since: str = ""
    position: int = 0
    uid: str = ""

    @property
    def running(self) -> bool:
        return bool(self.running_since)


def utc_now() -> dt.datetime:
    """Now, in UTC: what the services stamp ``running_since`` with by default."""
    return dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime) -> str:
    """``moment`` as stored in ``running_since`` (ISO 8601, UTC; naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


def read_stamp(text: str) -> dt.datetime | None:
    """A stored ``running_since`` as an aware datetime; None when empty or unreadable."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def elapsed(item: AgendaItemData, now: dt.datetime) -> float:
    """Seconds spent on ``item`` at ``now``: what was counted, plus the time since its
    timer was started while it runs (never negative, even if the clock went back)."""
    since = read_stamp(item.running_since)
    if since is None:
        return item.elapsed_seconds
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return item.elapsed_seconds + max((now - since).total_seconds(), 0.0)


def agenda_items(data: WorkshopData) -> list[AgendaItemData]:
    """The agenda in order."""
    return sorted(data.agenda.values(), key=lambda a: (a.position, a.id))


def current_item(data: WorkshopData) -> AgendaItemData | None:
    """The current agenda item, or None (not started, or every item done)."""
    return next((a for a in agenda_items(data) if a.state == "current"), None)


def agenda_in_progress(data: WorkshopData) -> bool:
    """Whether the room is working through the agenda: an item is current, or some are
    done and some are still to come (a break between two items)."""
    states = {a.state for a in data.agenda.values()}
    return "current" in states or ("done" in states and "waiting" in states)


@dataclass(frozen=True, slots=True)
class AgendaClock:
    """What the presenter view shows at a moment."""

    #: The current item (None before the start and after the last item).
    item: AgendaItemData | None
    running: bool
    #: Seconds spent on the current item, and planned for it.
    elapsed: float
    planned: float
    #: Whether the current item ran past its planned time (a gentle cue, not an alarm).
    overtime: bool
    #: Every item done.
    finished: bool
    #: Minutes planned for the whole agenda, and the seconds spent on it so far.
    total_planned: float
    total_elapsed: float

    @property
    def remaining(self) -> float:
        """Seconds left of the current item's planned time (negative in overtime)."""
        return self.planned - self.elapsed


def agenda_clock(data: WorkshopData, now: dt.datetime) -> AgendaClock:
    """The agenda's timer at ``now`` (see :class:`AgendaClock`)."""
    items = agenda_items(data)
    item = next((a for a in items if a.state == "current"), None)
    spent = elapsed(item, now) if item is not None else 0.0
    planned = item.planned_minutes * 60.0 if item is not None else 0.0
    return AgendaClock(
        item=item,
        running=item is not None and item.running,
        elapsed=spent,
        planned=planned,
        overtime=item is not None and planned > 0 and spent > planned,
        finished=bool(items) and all(a.state == "done" for a in items),
        total_planned=sum(a.planned_minutes for a in items) * 60.0,
        total_elapsed=sum(elapsed(a, now) for a in items),
    )
