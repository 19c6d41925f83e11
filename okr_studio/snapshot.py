"""Reading a whole workshop into a plain :class:`~okr_studio.data.WorkshopData`.

One query per table, its columns named in the order of the record's fields, so
each row becomes its record positionally (no mapping per row): a 10,000-objective
workshop reads in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from okr_studio import data as d
from okr_studio.schema import DATE_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Connection

Conn = Any  # a sqlite3.Connection or a SQLAlchemy Connection


def _query(conn: Connection | sqlite3.Connection, sql: str) -> list[Sequence[Any]]:
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


def _records(conn: Connection | sqlite3.Connection, table: str, cls: type) -> dict[int, Any]:
    """Every row of ``table`` as a record of ``cls``, by id: one query."""
    names = [f.name for f in fields(cls)]
    if not set(names) <= set(_columns(conn, table)):  # an unexpected layout: by name
        return {r["id"]: d.from_row(cls, normalise(r)) for r in _rows(conn, table)}
    sql = f"SELECT {', '.join(names)} FROM {table}"  # noqa: S608 - our own names only
    rows = _query(conn, sql)
    dates = [i for i, name in enumerate(names) if name in DATE_COLUMNS]
    if not dates:
        return {row[0]: cls(*row) for row in rows}
    out: dict[int, Any] = {}
    for row in rows:
        if all(row[i] is None for i in dates):
            out[row[0]] = cls(*row)
            continue
        values = list(row)
        for i in dates:
            values[i] = _date(values[i])
        out[values[0]] = cls(*values)
    return out


def read_snapshot(conn: Connection | sqlite3.Connection) -> d.WorkshopData:
    """Every row of the workshop, through SQLAlchemy or straight from a sqlite3 connection."""
    info_rows = [normalise(r) for r in _rows(conn, "workshop")]
    info = d.from_row(d.InfoData, info_rows[0]) if info_rows else d.InfoData()
    tables = {attr: _records(conn, name, cls) for name, (attr, cls) in d.TABLE_DATA.items()}
    return d.WorkshopData(info=info, **tables)
