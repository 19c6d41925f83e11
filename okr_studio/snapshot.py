"""Reading a whole workshop into a plain :class:`~okr_studio.data.WorkshopData`.

One query per table, its columns named in the order of the record's fields, so
each row becomes its record positionally (no mapping per row): a 10,000-objective
workshop reads in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from okr_studio import data as d
from okr_studio.gc_pause import gc_paused
from okr_studio.schema import DATE_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Connection

Conn = Any  # a sqlite3.Connection or a SQLAlchemy Connection


def _query(conn: Connection | sqlite3.Connection, sql: str) -> list[Any]:
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql).fetchall()
    return list(conn.exec_driver_sql(sql))


def _columns(conn: Connection | sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in _query(conn, f"PRAGMA table_info({table})")]


def _rows(conn: Connection | sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    sql = f"SELECT * FROM {table}"  # noqa: S608 - only our own table names reach this
    if isinstance(conn, sqlite3.Connection):
        cursor = conn.execute(sql)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]
    return [dict(r._mapping) for r in conn.exec_driver_sql(sql)]


def _date(value: Any) -> Any:
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value


def normalise(row: dict[str, Any]) -> dict[str, Any]:
    """Turn SQLite's stored values into Python ones (dates)."""
    for key in DATE_COLUMNS & row.keys():
        row[key] = _date(row[key])
    return row


def _maker(cls: type) -> Callable[..., Any]:
    """A function making a record of ``cls`` from its fields' values in order, as
    ``cls(*values)`` does, for a frozen dataclass with slots and no ``__post_init__``:
    it fills the slots straight away (a frozen record's ``__init__`` sets each field
    through ``object.__setattr__``, half the cost of reading a large workshop). Any
    other class gets ``cls`` itself. (Named tuples are made by :func:`_made`.)"""
    made = _MAKERS.get(cls)
    if made is not None:
        return made
    names = list(d.field_names(cls))
    slots = getattr(cls, "__slots__", ())
    if hasattr(cls, "__post_init__") or not names or set(names) != set(slots):
        _MAKERS[cls] = cls
        return cls
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    for i, name in enumerate(names):
        scope[f"set{i}"] = getattr(cls, name).__set__  # the slot's own setter
    args = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    set{i}(o, v{i})\n" for i in range(len(names)))
    exec(f"def make({args}):\n    o = new(cls)\n{body}    return o\n", scope)  # noqa: S102
    _MAKERS[cls] = made = scope["make"]
    return made


_MAKERS: dict[type, Callable[..., Any]] = {}


def _made(rows: list[Any], cls: type) -> dict[int, Any]:
    """``{row[0]: cls(*row)}`` for every row, the first value being the id: a named
    tuple's straight from the row, in C (no Python call per row)."""
    if issubclass(cls, tuple):
        return dict(zip(map(_FIRST, rows), map(partial(tuple.__new__, cls), rows), strict=True))
    make = _maker(cls)
    return {row[0]: make(*row) for row in rows}


_FIRST = itemgetter(0)


def _with_dates(rows: list[Any], dates: list[int]) -> None:
    """Read the dates at ``dates`` in every row (a row with one becomes a list)."""
    known: dict[Any, Any] = {}
    for k, row in enumerate(rows):
        values = None
        for i in dates:
            value = row[i]
            if value is not None:
                if values is None:
                    values = list(row)
                date = known.get(value, _UNREAD)
                if date is _UNREAD:
                    date = known[value] = _date(value)
                values[i] = date
        if values is not None:
            rows[k] = values


_UNREAD = object()


def _records(conn: Connection | sqlite3.Connection, table: str, cls: type) -> dict[int, Any]:
    """Every row of ``table`` as a record of ``cls``, by id: one query."""
    names = d.field_names(cls)
    if not set(names) <= set(_columns(conn, table)):  # an unexpected layout: by name
        return {r["id"]: d.from_row(cls, normalise(r)) for r in _rows(conn, table)}
    sql = f"SELECT {', '.join(names)} FROM {table}"  # noqa: S608 - our own names only
    rows = _query(conn, sql)
    dates = [i for i, name in enumerate(names) if name in DATE_COLUMNS]
    if dates:
        _with_dates(rows, dates)
    return _made(rows, cls)


def read_snapshot(conn: Connection | sqlite3.Connection) -> d.WorkshopData:
    """Every row of the workshop, through SQLAlchemy or straight from a sqlite3 connection."""
    with gc_paused():  # tens of thousands of records that all stay
        info_rows = [normalise(r) for r in _rows(conn, "workshop")]
        info = d.from_row(d.InfoData, info_rows[0]) if info_rows else d.InfoData()
        tables = {attr: _records(conn, name, cls) for name, (attr, cls) in d.TABLE_DATA.items()}
        return d.WorkshopData(info=info, **tables)
