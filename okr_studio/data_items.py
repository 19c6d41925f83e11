"""One frozen record per row of a workshop's tables (a unit, an objective, a key result…),
the parts of :class:`okr_studio.data.WorkshopData`.

Each class holds every column of its table (:data:`okr_studio.schema.COLUMNS`; a test
names any field missing here). The fields added after the first release come last, so
that positional construction keeps working: ``uid`` is the stable id (see
:func:`okr_studio.vocab.new_uid`), "" for an item not stored yet (the coach's preview of
a cascade). The agenda's and the notes' records live beside their rules
(:mod:`okr_studio.agenda`, :mod:`okr_studio.room_notes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


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


@dataclass(frozen=True, slots=True)
class PersonData:
    id: int
    name: str = ""
    role: str = ""
    email: str = ""
    uid: str = ""


@dataclass(frozen=True, slots=True)
class UnitData:
    id: int
    parent_id: int | None = None
    name: str = ""
    level: str = ""
    position: int = 0
    uid: str = ""


@dataclass(frozen=True, slots=True)
class ObjectiveData:
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


@dataclass(frozen=True, slots=True)
class KeyResultData:
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


@dataclass(frozen=True, slots=True)
class CheckInData:
    """A measured value of a key result on a day (the latest one is its actual)."""

    id: int
    key_result_id: int
    date: dt.date
    value: float
    confidence: float | None = None
    comment: str = ""
    person_id: int | None = None
    uid: str = ""


@dataclass(frozen=True, slots=True)
class InitiativeData:
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


@dataclass(frozen=True, slots=True)
class AcceptedFindingData:
    id: int
    code: str
    item_kind: str
    item_id: int
    reason: str = ""
    accepted_at: str = ""


def from_row(cls: type, row: Mapping[str, Any]) -> Any:
    """Build a data object from a row mapping, ignoring unknown columns."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in row.items() if k in names})
