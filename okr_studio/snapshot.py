"""Reading a whole workshop into a plain :class:`~okr_studio.data.WorkshopData`."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, Any

from okr_studio import data as d
from okr_studio.schema import DATE_COLUMNS

if TYPE_CHECKING:
    from sqlalchemy import Connection


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


def read_snapshot(conn: Connection | sqlite3.Connection) -> d.WorkshopData:
    """Every row of the workshop, through SQLAlchemy or straight from a sqlite3 connection."""
    info_rows = [normalise(r) for r in _rows(conn, "workshop")]
    info = d.from_row(d.InfoData, info_rows[0]) if info_rows else d.InfoData()

    tables = {
        attr: {r["id"]: d.from_row(cls, normalise(r)) for r in _rows(conn, name)}
        for name, (attr, cls) in d.TABLE_DATA.items()
    }
    return d.WorkshopData(info=info, **tables)
