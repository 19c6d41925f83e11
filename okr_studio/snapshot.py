"""Reading a whole workshop into a plain :class:`~okr_studio.data.WorkshopData`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, text

from okr_studio import data as d
from okr_studio.schema import DATE_COLUMNS


def _rows(conn: Connection, table: str) -> list[dict[str, Any]]:
    # Only our own table names reach this f-string.
    return [dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608


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


def read_snapshot(conn: Connection) -> d.WorkshopData:
    info_rows = [normalise(r) for r in _rows(conn, "workshop")]
    info = d.from_row(d.InfoData, info_rows[0]) if info_rows else d.InfoData()

    tables = {
        attr: {r["id"]: d.from_row(cls, normalise(r)) for r in _rows(conn, name)}
        for name, (attr, cls) in d.TABLE_DATA.items()
    }
    return d.WorkshopData(info=info, **tables)
