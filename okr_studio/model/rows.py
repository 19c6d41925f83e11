"""The interchange: rows with stable ids (JSON export and import, flat tables, merges).

Not tables: plain (pydantic) models of what leaves and enters a workshop. Every item
is keyed by its stable id; references (``parent``, ``aligned_to``, ``owner``, ``item``)
are stable ids too. Each table's columns (:mod:`okr_studio.model.tables`) map onto these
fields one to one, except the row ids and positions (a file's order is the order) and
the links, which are renamed (:data:`EXCHANGE_LINKS`); a test checks that every column
has its field here. ``okr_studio.exchange`` reads the field lists from these models, and
the JSON Schema (docs/exchange.schema.json) is generated from them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlmodel import Field, SQLModel

from okr_studio.vocab import (
    AgendaState,
    Decision,
    Direction,
    InitiativeState,
    Language,
    NoteKind,
    NoteStatus,
    Status,
    WorkType,
)

#: The JSON exchange format's name and version (``format`` and ``version`` keys).
EXCHANGE_FORMAT = "okr-studio-workshop"
EXCHANGE_VERSION = 1

#: Tables that do not travel: how this file relates to other files (its breakouts, or the
#: workshop it is a breakout of), not the workshop's content.
NOT_EXCHANGED: frozenset[str] = frozenset({"breakout", "breakout_origin"})

#: ``table -> {column: interchange field}`` for the columns that link rows by row id.
EXCHANGE_LINKS: dict[str, dict[str, str]] = {
    "unit": {"parent_id": "parent"},
    "objective": {"unit_id": "parent", "parent_kr_id": "aligned_to", "owner_id": "owner"},
    "key_result": {"objective_id": "parent", "owner_id": "owner"},
    "check_in": {"key_result_id": "parent", "person_id": "person"},
    "initiative": {"key_result_id": "parent", "owner_id": "owner"},
    "accepted_finding": {"item_id": "item", "item_kind": "item_type"},
    "note": {"owner_id": "owner"},
}


_ID = "The stable id (a UUID). Another id is read as a name for the item within this file."


def _ref(what: str) -> Any:
    return Field(default=None, description=f"The stable id of {what}.")


class _ExchangeRow(SQLModel):
    model_config = {"extra": "forbid", "allow_inf_nan": False}


class WorkshopRow(_ExchangeRow):
    """The workshop's details."""

    id: str = Field(default="", description=_ID)
    name: str = ""
    cycle: str = ""
    date: dt.date | None = None
    cycle_start: dt.date | None = None
    cycle_end: dt.date | None = None
    facilitator: str = ""
    notes: str = ""
    language: Language = Field(default=Language.SYSTEM, description='"" follows the system.')


class PersonRow(_ExchangeRow):
    """A person who owns objectives or key results."""

    id: str = Field(min_length=1, description=_ID)
    name: str = ""
    role: str = ""
    email: str = Field(default="", title="E-mail")


class UnitRow(_ExchangeRow):
    """A unit of the organisation tree (company, department, team…)."""

    id: str = Field(min_length=1, description=_ID)
    parent: str | None = _ref("the unit above (none for a top unit)")
    name: str = ""
    level: str = Field(default="", description="company, department, team… (free text)")


class ObjectiveRow(_ExchangeRow):
    """An objective of a unit."""

    id: str = Field(min_length=1, description=_ID)
    parent: str = Field(min_length=1, description="The stable id of the objective's unit.")
    aligned_to: str | None = _ref("the parent key result this objective supports")
    title: str = ""
    owner: str | None = _ref("the owner (a person)")
    status: Status = Status.DRAFT
    problem: str = Field(default="", title="Problem or opportunity")
    behaviour_change: str = ""
    success_measure: str = Field(default="", title="Measure of success")
    notes: str = ""
    actual_outcome: str = ""
    learned: str = Field(default="", title="What we learned")
    decision: Decision = Field(default=Decision.NONE, description='keep, change, drop or "".')
    carried_from: str = Field(
        default="", description="The stable id of the last cycle's objective it continues."
    )
    carried_score: float | None = Field(default=None, description="That objective's score then.")


class KeyResultRow(_ExchangeRow):
    """A key result of an objective."""

    id: str = Field(min_length=1, description=_ID)
    parent: str = Field(min_length=1, description="The stable id of the key result's objective.")
    title: str = ""
    owner: str | None = _ref("the owner (a person)")
    metric: str = ""
    baseline: float | None = None
    target: float | None = None
    unit_of_measure: str = ""
    direction: Direction = Direction.INCREASE
    due_date: dt.date | None = None
    work_type: WorkType = WorkType.FEATURE
    confidence: float | None = Field(default=None, ge=0, le=1, description="0.0 to 1.0")
    notes: str = ""
    weight: float = Field(default=1.0, ge=0, description="Its share in the objective's score.")
    learning_note: str = ""
    carried_from: str = Field(
        default="", description="The stable id of the last cycle's key result it continues."
    )
    carried_score: float | None = Field(default=None, description="That key result's score then.")


class CheckInRow(_ExchangeRow):
    """A measured value of a key result on a day."""

    id: str = Field(min_length=1, description=_ID)
    parent: str = Field(min_length=1, description="The stable id of the key result.")
    date: dt.date
    value: float
    confidence: float | None = Field(default=None, ge=0, le=1, description="0.0 to 1.0")
    comment: str = ""
    person: str | None = _ref("who checked in (a person)")


class InitiativeRow(_ExchangeRow):
    """An epic or a bet meant to move a key result."""

    id: str = Field(min_length=1, description=_ID)
    parent: str = Field(min_length=1, description="The stable id of the key result.")
    title: str = ""
    owner: str | None = _ref("the owner (a person)")
    work_type: WorkType = WorkType.FEATURE
    link: str = Field(default="", description="A web address or a ticket key.")
    state: InitiativeState = InitiativeState.PLANNED
    problem: str = Field(default="", title="Problem or opportunity")
    behaviour_change: str = ""
    success_measure: str = Field(default="", title="Measure of success")
    actual_outcome: str = ""


class AcceptedFindingRow(_ExchangeRow):
    """A coach finding the room accepted on purpose, with the reason."""

    code: str = Field(min_length=1)
    item: str = Field(min_length=1, description="The stable id of the item it is about.")
    item_type: str = Field(min_length=1, description="unit, objective or key_result")
    reason: str = ""
    accepted_at: str = Field(default="", description="When (ISO 8601).")


class AgendaItemRow(_ExchangeRow):
    """An item of the workshop's agenda, with its timer's state."""

    id: str = Field(min_length=1, description=_ID)
    title: str = ""
    planned_minutes: int = Field(default=0, ge=0, le=24 * 60, description="Minutes planned.")
    state: AgendaState = AgendaState.WAITING
    elapsed_seconds: float = Field(default=0.0, ge=0, description="Seconds spent on it so far.")
    running_since: str = Field(
        default="", description="When its timer was started (ISO 8601), while it runs."
    )


class NoteRow(_ExchangeRow):
    """A question, parked topic, decision or action raised in the room."""

    id: str = Field(min_length=1, description=_ID)
    kind: NoteKind = NoteKind.QUESTION
    text: str = ""
    item_kind: str = Field(
        default="", description='unit, objective or key_result; "" for the workshop.'
    )
    item_uid: str = Field(default="", description="The stable id of the item it is about.")
    about: str = Field(default="", description="The item's title when it was attached.")
    owner: str | None = _ref("who does it (a person)")
    due_date: dt.date | None = None
    status: NoteStatus = NoteStatus.OPEN
    created_at: str = Field(default="", description="When it was raised (ISO 8601).")


class ExchangeContent(_ExchangeRow):
    """A workshop's items, each list in order (the order is the order among siblings)."""

    workshop: WorkshopRow | None = None
    people: list[PersonRow] = Field(default_factory=list)
    units: list[UnitRow] = Field(default_factory=list)
    objectives: list[ObjectiveRow] = Field(default_factory=list)
    key_results: list[KeyResultRow] = Field(default_factory=list)
    check_ins: list[CheckInRow] = Field(default_factory=list)
    initiatives: list[InitiativeRow] = Field(default_factory=list)
    accepted_findings: list[AcceptedFindingRow] = Field(default_factory=list)
    agenda: list[AgendaItemRow] = Field(default_factory=list)
    notes: list[NoteRow] = Field(default_factory=list)


class ExchangeFile(ExchangeContent):
    """A workshop as a JSON file: its items and, for a later re-import, the base."""

    format: Literal["okr-studio-workshop"] = EXCHANGE_FORMAT
    version: int = Field(default=EXCHANGE_VERSION, ge=1)
    exported_at: str = Field(default="", description="When it was exported (ISO 8601).")
    base: ExchangeContent | None = Field(
        default=None,
        description="The items as they were exported, for a three-way re-import: "
        "leave it as it is.",
    )


#: ``table -> the interchange model of its rows``.
EXCHANGE_ROWS: dict[str, type[SQLModel]] = {
    "workshop": WorkshopRow,
    "person": PersonRow,
    "unit": UnitRow,
    "objective": ObjectiveRow,
    "key_result": KeyResultRow,
    "check_in": CheckInRow,
    "initiative": InitiativeRow,
    "accepted_finding": AcceptedFindingRow,
    "agenda_item": AgendaItemRow,
    "note": NoteRow,
}
