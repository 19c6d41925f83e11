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
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlalchemy import text as sql
from sqlmodel import Field, SQLModel

from okr_studio.vocab import (  # noqa: F401 - re-exported for readers of the schema
    APPLICATION_ID,
    SCHEMA_VERSION,
    Direction,
    Language,
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


class WorkshopInfo(SQLModel, table=True):
    """The single row of workshop metadata (id is always 1)."""

    __tablename__ = "workshop"
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
    __tablename__ = "person"
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    name: str = _text()
    role: str = _text()
    email: str = _text()


class Unit(SQLModel, table=True):
    """A node of the organisation tree; ``level`` is data (company, department, team…)."""

    __tablename__ = "unit"
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    parent_id: int | None = Field(default=None, sa_column=_fk("unit.id", ondelete="CASCADE"))
    name: str = _text()
    level: str = _text("team")
    position: int = _position()


class Objective(SQLModel, table=True):
    __tablename__ = "objective"
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
    position: int = _position()


class KeyResult(SQLModel, table=True):
    __tablename__ = "key_result"
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
    position: int = _position()


class AcceptedFinding(SQLModel, table=True):
    """A coach finding the room looked at and accepted on purpose, with the reason."""

    __tablename__ = "accepted_finding"
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    code: str = _text()
    item_kind: str = _text()
    item_id: int = Field(sa_column=Column(Integer, nullable=False))
    reason: str = _text()
    accepted_at: str = _text()


#: Tables in dependency order (parents first).
TABLES: tuple[type[SQLModel], ...] = (
    WorkshopInfo,
    Person,
    Unit,
    Objective,
    KeyResult,
    AcceptedFinding,
)
TABLE_BY_NAME: dict[str, type[SQLModel]] = {t.__tablename__: t for t in TABLES}
