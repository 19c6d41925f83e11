"""The tables of a .okr file (SQLModel): the one place a field is declared.

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
from typing import Any

from sqlalchemy import Column, Date, Float, ForeignKey, Integer, Text
from sqlalchemy import text as sql
from sqlmodel import Field, SQLModel

from okr_studio.vocab import (
    AgendaState,
    Decision,
    Direction,
    InitiativeState,
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

    __tablename__ = "agenda_item"  # pyright: ignore[reportAssignmentType]
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

    __tablename__ = "note"  # pyright: ignore[reportAssignmentType]
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


class Breakout(SQLModel, table=True):
    """A hand-out: one breakout file written for a group, and when it was merged back.

    A breakout file names its hand-out (``uid``) in its :class:`BreakoutOrigin`, so a
    merge finds this row, checks the file's base against ``base_digest``, and marks
    the row merged (undoing the merge clears the mark).
    """

    __tablename__ = "breakout"  # pyright: ignore[reportAssignmentType]
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    #: The group's name ("Payments + Risk"), from its units' names.
    name: str = _text()
    #: The stable ids of the units handed out (a JSON list): each with everything below it.
    units: str = _text()
    #: The file's name when it was written (for people; the merge matches on ``uid``).
    file_name: str = _text()
    #: The fingerprint of the workshop's items at hand-out (the breakout file's base).
    base_digest: str = _text()
    #: When it was handed out and merged back (ISO 8601, UTC); "" not yet merged.
    handed_out_at: str = _text()
    merged_at: str = _text()
    #: What the merge brought ("3 added, 2 changed, 1 removed").
    merge_summary: str = _text()


class BreakoutOrigin(SQLModel, table=True):
    """In a breakout file, the one row (id 1) saying where it came from; none elsewhere.

    The group's units (and everything below them) are editable; everything else is
    there for context and locked. ``base`` is the whole workshop as it was handed
    out, as the JSON exchange content, for the three-way merge.
    """

    __tablename__ = "breakout_origin"  # pyright: ignore[reportAssignmentType]
    id: int | None = Field(default=None, primary_key=True)
    #: The hand-out's stable id (the main workshop's :class:`Breakout` row).
    breakout_uid: str = _text()
    #: The main workshop's stable id and its name then.
    workshop_uid: str = _text()
    workshop_name: str = _text()
    #: The group's name and the stable ids of its units (a JSON list).
    name: str = _text()
    units: str = _text()
    base: str = _text()
    handed_out_at: str = _text()


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
    Breakout,
    BreakoutOrigin,
)
TABLE_BY_NAME: dict[str, type[SQLModel]] = {t.__tablename__: t for t in TABLES}  # pyright: ignore[reportAssignmentType]
