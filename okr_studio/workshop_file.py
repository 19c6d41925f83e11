"""Writing a whole workshop, given as plain data, to a new ``.okr`` file: whole or not at all.

:func:`write_new_workshop` builds the file in a temporary file of the app's one
writer (:mod:`okr_studio.safewrite`): the current schema, the workshop's details
and every row in one SQLite transaction, then checked (``quick_check``, links,
application id and version), synced, and hard-linked to its name, which must not
exist yet. A crash, a full disk or a refused target never leaves a half-made
workshop under the name; the temporary file goes (or, after a kill, the next
write in that folder removes it). The new file is not locked or opened: open it
with :meth:`okr_studio.store.Workshop.open`.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from okr_studio import data as d
from okr_studio.errors import FileWriteError, WorkshopFileError, WorkshopWriteError
from okr_studio.filecheck import sqlite_uri
from okr_studio.migrations import statements
from okr_studio.safewrite import atomic_path
from okr_studio.schema import COLUMNS, CURRENT_DDL
from okr_studio.vocab import APPLICATION_ID, SCHEMA_VERSION, new_uid
from okr_studio.write_errors import write_reason

#: Parents first (the links are checked at the commit anyway).
TABLE_ORDER = (
    "person",
    "unit",
    "objective",
    "key_result",
    "check_in",
    "initiative",
    "accepted_finding",
)
_EXISTS = "already exists. Choose another name."


def _sql(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    columns = [c for c in COLUMNS[table] if c in row]
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    conn.execute(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - our own names
        [_sql(row[c]) for c in columns],
    )


def _fill(conn: sqlite3.Connection, data: d.WorkshopData) -> None:
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("PRAGMA defer_foreign_keys=ON")
    for statement in statements(CURRENT_DDL):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id={int(APPLICATION_ID)}")
    conn.execute(f"PRAGMA user_version={int(SCHEMA_VERSION)}")
    info = {**d.as_dict(data.info), "id": 1}
    info["uid"] = info["uid"] or new_uid()
    _insert(conn, "workshop", info)
    for table in TABLE_ORDER:
        rows = getattr(data, d.TABLE_DATA[table][0])
        for row in rows.values():
            values = d.as_dict(row)
            if "uid" in values and not values["uid"]:
                values["uid"] = new_uid()
            _insert(conn, table, values)
    conn.execute("COMMIT")


def _verify(conn: sqlite3.Connection) -> None:
    checked = [r[0] for r in conn.execute("PRAGMA quick_check")]
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if checked != ["ok"] or broken or app_id != APPLICATION_ID or version != SCHEMA_VERSION:
        raise sqlite3.DatabaseError("the new file did not pass its check")


def write_new_workshop(data: d.WorkshopData, path: Path | str) -> Path:
    """Write ``data`` as a new workshop file at ``path`` (which must not exist).

    Rows keep their ids and stable ids (a row without a stable id gets a new one).
    Raises :class:`~okr_studio.errors.WorkshopFileError` when ``path`` exists and
    :class:`~okr_studio.errors.WorkshopWriteError` when it cannot be written.
    """
    path = Path(path).absolute()
    if os.path.lexists(path):
        raise WorkshopFileError(path, _EXISTS)
    try:
        with atomic_path(path, exclusive=True, action="created") as pending:
            conn = sqlite3.connect(sqlite_uri(pending.temp, "rw"), uri=True, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=DELETE")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA trusted_schema=OFF")
                try:
                    _fill(conn, data)
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                _verify(conn)
            finally:
                conn.close()
    except FileWriteError as exc:
        if isinstance(exc.__cause__, FileExistsError):
            raise WorkshopFileError(path, _EXISTS) from exc
        raise WorkshopWriteError(path, exc.reason) from exc
    except (OSError, sqlite3.Error) as exc:
        reason = write_reason(exc, path=path, action="created")
        raise WorkshopWriteError(path, reason) from exc
    return path
