"""Save what is on screen when the open workshop file cannot be read any more.

When the drive holding a workshop is pulled out, SQLite can no longer read the
file, so Save As (a copy of the database) fails. The app still has every row
in memory: the plain :class:`~okr_studio.data.WorkshopData` snapshot the screen
shows, which holds every column of every table. :func:`write_snapshot` writes
that snapshot to a new workshop file in one transaction; if anything fails,
the new file is removed again, so the target is either the whole workshop or
nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from okr_studio import data as d
from okr_studio.errors import WorkshopWriteError
from okr_studio.schema import COLUMNS
from okr_studio.store import Workshop
from okr_studio.write_errors import write_reason

# Parents first; foreign keys are checked at the commit anyway (deferred).
_TABLES = (
    "person",
    "unit",
    "objective",
    "key_result",
    "check_in",
    "initiative",
    "accepted_finding",
    "agenda_item",
    "note",
    "breakout",
    "breakout_origin",
)


def _sql_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _insert(conn: Any, table: str, row: dict[str, Any]) -> None:
    columns = [c for c in COLUMNS[table] if c in row]
    names = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    conn.execute(
        text(f"INSERT INTO {table} ({names}) VALUES ({marks})"),  # noqa: S608 - our own names
        {c: _sql_value(row[c]) for c in columns},
    )


def write_snapshot(data: d.WorkshopData, path: Path | str) -> Workshop:
    """Write ``data`` as a new workshop at ``path`` (which must not exist); returns it open."""
    path = Path(path).absolute()
    workshop = Workshop.create(path)
    try:
        with workshop.write() as conn:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            info = {k: _sql_value(v) for k, v in d.as_dict(data.info).items()}
            sets = ", ".join(f"{k} = :{k}" for k in info)
            conn.execute(text(f"UPDATE workshop SET {sets} WHERE id = 1"), info)  # noqa: S608
            for table in _TABLES:
                for item in getattr(data, d.TABLE_DATA[table][0]).values():
                    _insert(conn, table, d.as_dict(item))
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        workshop.close()
        with contextlib.suppress(OSError):
            path.unlink()
        cause = getattr(exc, "orig", exc)
        raise WorkshopWriteError(path, write_reason(cause, path=path)) from exc
    except BaseException:
        workshop.close()
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return workshop
