"""One frozen record per row of a workshop's tables (a unit, an objective, a key result…),
the parts of :class:`okr_studio.data.WorkshopData`.

Each class holds every column of its table (:data:`okr_studio.schema.COLUMNS`; a test
names any field missing here). The fields added after the first release come last, so
that positional construction keeps working: ``uid`` is the stable id (see
:func:`okr_studio.vocab.new_uid`), "" for an item not stored yet (the coach's preview of
a cascade). The agenda's and the notes' records live beside their rules
(:mod:`okr_studio.agenda`, :mod:`okr_studio.room_notes`).

The records of the tables a workshop has thousands of rows in are named tuples: reading a
file makes each straight from its row in C (a slotted dataclass needs a Python call per
record, most of the time it took to read 40,000 key results). Like the frozen dataclasses
they were, they compare and hash by value; :func:`field_names`, :func:`as_dict` and
:func:`replaced` work on either kind of record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple


def name_key(name: str) -> str:
    """What makes two names of people (or units) the same: case and outer spaces aside.

    The services reuse a person typed as an owner by this rule; the coach's preview and
    the wizard use it to tell which owners are new.
    """
    return name.strip().casefold()


@dataclass(frozen=True, slots=True)
class InfoData:
    name: str = ""
    cycle: str = ""
    date: dt.date | None = None
    cycle_start: dt.date | None = None
    cycle_end: dt.date | None = None
    facilitator: str = ""
    notes: str = ""
    #: A :class:`~okr_studio.vocab.Language` code; "" follows the system's locale.
    language: str = ""
    uid: str = ""


class PersonData(NamedTuple):
    id: int
    name: str = ""
    role: str = ""
    email: str = ""
    uid: str = ""


class UnitData(NamedTuple):
    id: int
    parent_id: int | None = None
    name: str = ""
    level: str = ""
    position: int = 0
    uid: str = ""


class ObjectiveData(NamedTuple):
    id: int
    unit_id: int
    parent_kr_id: int | None = None
    title: str = ""
    problem: str = ""
    behaviour_change: str = ""
    success_measure: str = ""
    owner_id: int | None = None
    status: str = "draft"
    position: int = 0
    notes: str = ""
    uid: str = ""
    actual_outcome: str = ""
    learned: str = ""
    #: A :class:`~okr_studio.vocab.Decision`: "", "keep", "change" or "drop".
    decision: str = ""
    #: The stable id of the objective of the last cycle this one was carried over from.
    carried_from: str = ""
    #: That objective's score when it was carried over (None: it had none).
    carried_score: float | None = None


class KeyResultData(NamedTuple):
    id: int
    objective_id: int
    title: str = ""
    metric: str = ""
    baseline: float | None = None
    target: float | None = None
    unit_of_measure: str = ""
    direction: str = "increase"
    due_date: dt.date | None = None
    owner_id: int | None = None
    work_type: str = "feature"
    confidence: float | None = None
    position: int = 0
    notes: str = ""
    uid: str = ""
    #: Its share in the objective's score relative to its siblings' (1 each: equal).
    weight: float = 1.0
    learning_note: str = ""
    carried_from: str = ""
    carried_score: float | None = None


class CheckInData(NamedTuple):
    """A measured value of a key result on a day (the latest one is its actual)."""

    id: int
    key_result_id: int
    date: dt.date
    value: float
    confidence: float | None = None
    comment: str = ""
    person_id: int | None = None
    uid: str = ""


class InitiativeData(NamedTuple):
    """An epic or a bet meant to move a key result."""

    id: int
    key_result_id: int
    title: str = ""
    work_type: str = "feature"
    owner_id: int | None = None
    link: str = ""
    #: An :class:`~okr_studio.vocab.InitiativeState`: planned, in progress, done, stopped.
    state: str = "planned"
    problem: str = ""
    behaviour_change: str = ""
    success_measure: str = ""
    actual_outcome: str = ""
    position: int = 0
    uid: str = ""


class AcceptedFindingData(NamedTuple):
    id: int
    code: str
    item_kind: str
    item_id: int
    reason: str = ""
    accepted_at: str = ""


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of a record class, in order (a named tuple's or a dataclass's)."""
    named = getattr(cls, "_fields", None)
    if isinstance(named, tuple):
        return named
    return tuple(f.name for f in dataclasses.fields(cls))


def as_dict(record: Any) -> dict[str, Any]:
    """A record's fields and values, in order."""
    if isinstance(record, tuple):
        return record._asdict()  # pyright: ignore[reportAttributeAccessIssue]
    return {name: getattr(record, name) for name in field_names(type(record))}


def replaced(record: Any, **changes: Any) -> Any:
    """A copy of ``record`` with ``changes`` (``dataclasses.replace`` for either kind)."""
    if isinstance(record, tuple):
        return record._replace(**changes)  # pyright: ignore[reportAttributeAccessIssue]
    return dataclasses.replace(record, **changes)


def from_row(cls: type, row: Mapping[str, Any]) -> Any:
    """Build a data object from a row mapping, ignoring unknown columns."""
    names = set(field_names(cls))
    return cls(**{k: v for k, v in row.items() if k in names})
