"""The schema of a .okr file (SQLModel tables): the one place a field is declared.

A workshop is one SQLite file. Every table here is part of schema version
``SCHEMA_VERSION``, whose DDL is frozen in :mod:`okr_studio.schema` (the app
reads the column lists from that DDL, without loading SQLModel); a test builds
these tables and checks they match that DDL column for column, index for index.
Adding a field: declare it here, add it to the current version's DDL (or, when
that version is released, write the next one with a step in
:mod:`okr_studio.migrations`), and the tests name every other place it must go.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import Column, Date, Float, ForeignKey, Integer, Text
from sqlalchemy import text as sql
from sqlmodel import Field, SQLModel

from okr_studio.vocab import (  # noqa: F401 - re-exported for readers of the schema
    APPLICATION_ID,
    SCHEMA_VERSION,
    AgendaState,
    Decision,
    Direction,
    InitiativeState,
    Language,
    NoteKind,
    NoteStatus,
    Status,
    WorkType,
    new_uid,
)


def _text(default: str = "", *, server: str = "") -> Any:
    # TEXT has no length limit in SQLite; nullable=False keeps "" distinct from "unknown".
    return Field(
        default=default,
        sa_type=Text,
        sa_column_kwargs={"nullable": False, "server_default": server},
    )


def _choice(default: str) -> Any:
    return _text(default, server=default)


def _uid() -> Any:
    """The stable id (see :func:`okr_studio.vocab.new_uid`); unique within its table."""
    return Field(
        default_factory=new_uid,
        sa_column=Column(Text, nullable=False, unique=True, index=True),
    )


def _position() -> Any:
    return Field(default=0, sa_column=Column(Integer, nullable=False, server_default=sql("0")))


def _fk(target: str, *, ondelete: str, nullable: bool = True) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


# SQLModel declares __tablename__ as SQLAlchemy's declared_attr, so pyright refuses the
# plain name each table sets (fastapi/sqlmodel#98); at run time every name is a str.


class WorkshopInfo(SQLModel, table=True):
    """The single row of workshop metadata (id is always 1)."""

    __tablename__ = "workshop"  # pyright: ignore[reportAssignmentType]
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    name: str = _text()
    cycle: str = _text()
    date: dt.date | None = None
    cycle_start: dt.date | None = None
    cycle_end: dt.date | None = None
    facilitator: str = _text()
    notes: str = _text()
    #: A :class:`~okr_studio.vocab.Language` code; "" follows the system's locale.
    language: str = _text()


class Person(SQLModel, table=True):
    __tablename__ = "person"  # pyright: ignore[reportAssignmentType]
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    name: str = _text()
    role: str = _text()
    email: str = _text()


class Unit(SQLModel, table=True):
    """A node of the organisation tree; ``level`` is data (company, department, team…)."""

    __tablename__ = "unit"  # pyright: ignore[reportAssignmentType]
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    parent_id: int | None = Field(default=None, sa_column=_fk("unit.id", ondelete="CASCADE"))
    name: str = _text()
    level: str = _text("team")
    position: int = _position()


class Objective(SQLModel, table=True):
    __tablename__ = "objective"  # pyright: ignore[reportAssignmentType]
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    unit_id: int = Field(sa_column=_fk("unit.id", ondelete="CASCADE", nullable=False))
    parent_kr_id: int | None = Field(
        default=None, sa_column=_fk("key_result.id", ondelete="SET NULL")
    )
    title: str = _text()
    problem: str = _text()
    behaviour_change: str = _text()
    success_measure: str = _text()
    notes: str = _text()
    owner_id: int | None = Field(default=None, sa_column=_fk("person.id", ondelete="SET NULL"))
    status: str = _choice(Status.DRAFT.value)
    # The review at the end of the cycle: what happened, what we learned, what next.
    actual_outcome: str = _text()
    learned: str = _text()
    #: A :class:`~okr_studio.vocab.Decision`; "" until the review decides.
    decision: str = _choice(Decision.NONE.value)
    #: Carried over from the last cycle: that objective's stable id and its score then.
    carried_from: str = _text()
    carried_score: float | None = None
    position: int = _position()


class KeyResult(SQLModel, table=True):
    __tablename__ = "key_result"  # pyright: ignore[reportAssignmentType]
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    objective_id: int = Field(sa_column=_fk("objective.id", ondelete="CASCADE", nullable=False))
    title: str = _text()
    metric: str = _text()
    baseline: float | None = None
    target: float | None = None
    unit_of_measure: str = _text()
    direction: str = _choice(Direction.INCREASE.value)
    due_date: dt.date | None = None
    owner_id: int | None = Field(default=None, sa_column=_fk("person.id", ondelete="SET NULL"))
    work_type: str = _choice(WorkType.FEATURE.value)
    #: 0.0 – 1.0, or None when nobody said.
    confidence: float | None = None
    notes: str = _text()
    #: Its share in the objective's score, relative to its siblings' (1 each: equal).
    weight: float = Field(
        default=1.0, sa_column=Column(Float, nullable=False, server_default=sql("1"))
    )
    #: What the review learned from it (asked for when it scored below 0.7).
    learning_note: str = _text()
    #: Carried over from the last cycle: that key result's stable id and its score then.
    carried_from: str = _text()
    carried_score: float | None = None
    position: int = _position()


class CheckIn(SQLModel, table=True):
    """A measured value of a key result on a day; the latest one is its actual value."""

    __tablename__ = "check_in"  # pyright: ignore[reportAssignmentType]
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    key_result_id: int = Field(sa_column=_fk("key_result.id", ondelete="CASCADE", nullable=False))
    date: dt.date = Field(sa_column=Column(Date, nullable=False))
    value: float = Field(sa_column=Column(Float, nullable=False))
    #: 0.0 – 1.0 (shown as %), as the key result's own confidence; None when nobody said.
    confidence: float | None = None
    comment: str = _text()
    #: Who checked in.
    person_id: int | None = Field(default=None, sa_column=_fk("person.id", ondelete="SET NULL"))


class Initiative(SQLModel, table=True):
    """An epic or a bet meant to move a key result, with its anticipated and actual outcome."""

    __tablename__ = "initiative"  # pyright: ignore[reportAssignmentType]
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    key_result_id: int = Field(sa_column=_fk("key_result.id", ondelete="CASCADE", nullable=False))
    title: str = _text()
    work_type: str = _choice(WorkType.FEATURE.value)
    owner_id: int | None = Field(default=None, sa_column=_fk("person.id", ondelete="SET NULL"))
    #: A web address or a ticket key ("PAY-123").
    link: str = _text()
    #: An :class:`~okr_studio.vocab.InitiativeState`: planned, in progress, done, stopped.
    state: str = _choice(InitiativeState.PLANNED.value)
    # The anticipated outcome, in the objective's three parts.
    problem: str = _text()
    behaviour_change: str = _text()
    success_measure: str = _text()
    actual_outcome: str = _text()
    position: int = _position()


class AcceptedFinding(SQLModel, table=True):
    """A coach finding the room looked at and accepted on purpose, with the reason."""

    __tablename__ = "accepted_finding"  # pyright: ignore[reportAssignmentType]
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    code: str = _text()
    item_kind: str = _text()
    item_id: int = Field(sa_column=Column(Integer, nullable=False))
    reason: str = _text()
    accepted_at: str = _text()


class AgendaItem(SQLModel, table=True):
    """An item of the workshop's agenda, with what its timer needs to survive a restart."""

    __tablename__ = "agenda_item"
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    title: str = _text()
    planned_minutes: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default=sql("0"))
    )
    #: An :class:`~okr_studio.vocab.AgendaState`: waiting, current (at most one) or done.
    state: str = _choice(AgendaState.WAITING.value)
    #: Seconds spent on it up to the last pause or switch.
    elapsed_seconds: float = Field(
        default=0.0, sa_column=Column(Float, nullable=False, server_default=sql("0"))
    )
    #: When its timer was started (ISO 8601, UTC) while it runs; "" when paused.
    running_since: str = _text()
    position: int = _position()


class Note(SQLModel, table=True):
    """A question, parked topic, decision or action raised in the room.

    It is about the workshop or about one unit, objective or key result, named by its
    stable id (``item_uid``; "" for the workshop) so that deleting the item keeps the
    note (it then counts as the workshop's and says what it was ``about``) and undoing
    the delete finds it attached again.
    """

    __tablename__ = "note"
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    #: A :class:`~okr_studio.vocab.NoteKind`.
    kind: str = _choice(NoteKind.QUESTION.value)
    text: str = _text()
    #: The kind of item it is about ("unit", "objective", "key_result"; "" the workshop).
    item_kind: str = _text()
    item_uid: str = Field(
        default="",
        sa_column=Column(Text, nullable=False, server_default="", index=True),
    )
    #: The item's title (a unit's name) when the note was attached to it.
    about: str = _text()
    #: Who does it (actions).
    owner_id: int | None = Field(default=None, sa_column=_fk("person.id", ondelete="SET NULL"))
    due_date: dt.date | None = None
    #: A :class:`~okr_studio.vocab.NoteStatus`: open or closed.
    status: str = _choice(NoteStatus.OPEN.value)
    #: When it was raised (ISO 8601).
    created_at: str = _text()
    position: int = _position()


#: Tables in dependency order (parents first).
TABLES: tuple[type[SQLModel], ...] = (
    WorkshopInfo,
    Person,
    Unit,
    Objective,
    KeyResult,
    CheckIn,
    Initiative,
    AcceptedFinding,
    AgendaItem,
    Note,
)
TABLE_BY_NAME: dict[str, type[SQLModel]] = {t.__tablename__: t for t in TABLES}  # pyright: ignore[reportAssignmentType]


# ---- the interchange: rows with stable ids (JSON export/import, flat tables, merges) ------
#
# Not tables: plain (pydantic) models of what leaves and enters a workshop. Every item
# is keyed by its stable id; references (``parent``, ``aligned_to``, ``owner``, ``item``)
# are stable ids too. Each table's columns map onto these fields one to one, except the
# row ids and positions (a file's order is the order) and the links, which are renamed
# (:data:`EXCHANGE_LINKS`); a test checks that every column has its field here.
# ``okr_studio.exchange`` reads the field lists from these models, and the JSON Schema
# (docs/exchange.schema.json) is generated from them.

#: The JSON exchange format's name and version (``format`` and ``version`` keys).
EXCHANGE_FORMAT = "okr-studio-workshop"
EXCHANGE_VERSION = 1

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
