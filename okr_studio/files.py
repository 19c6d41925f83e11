"""Making workshop files appear whole: New and Save As.

A new file, or a Save As copy, is built by SQLite in a temporary file of the
app's one writer (:mod:`okr_studio.safewrite`), checked (``quick_check``, id
and version), synced, and only then put in place: a new file is hard-linked
to its name (never replacing one that appeared meanwhile), a copy renamed
over the target. A crash or a full disk never leaves a half-made workshop
under the real name, and a failure removes the temporary file. Both take the
target's lock before it appears and hand it to the caller. Why a write
failed is said by :mod:`okr_studio.write_errors`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from okr_studio import lock as locks
from okr_studio.errors import FileWriteError, WorkshopFileError, WorkshopWriteError
from okr_studio.filecheck import sqlite_uri
from okr_studio.lock import WorkshopLock
from okr_studio.migrations import statements
from okr_studio.safewrite import atomic_path, check_target
from okr_studio.schema import CURRENT_DDL
from okr_studio.vocab import APPLICATION_ID, SCHEMA_VERSION, new_uid
from okr_studio.write_errors import write_reason

_EXISTS = "already exists. Choose another name, or open it instead."


def _connect(temp: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(sqlite_uri(temp, "rw"), uri=True, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA trusted_schema=OFF")
    return conn


def _verify(conn: sqlite3.Connection) -> None:
    checked = [r[0] for r in conn.execute("PRAGMA quick_check")]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if checked != ["ok"] or app_id != APPLICATION_ID or version != SCHEMA_VERSION:
        raise sqlite3.DatabaseError("the new file did not pass its check")


_STILL_OPEN = " The workshop is still open as it was."


def create_file(path: Path, *, name: str = "", cycle: str = "") -> WorkshopLock:
    """Create a fresh workshop file at ``path`` and return the lock taken on it."""
    if os.path.lexists(path):
        raise WorkshopFileError(path, _EXISTS)
    lock: WorkshopLock | None = None
    try:
        with atomic_path(path, exclusive=True, action="created") as pending:
            conn = _connect(pending.temp)
            try:
                conn.execute("BEGIN IMMEDIATE")
                for statement in statements(CURRENT_DDL):
                    conn.execute(statement)
                conn.execute(f"PRAGMA application_id={int(APPLICATION_ID)}")
                conn.execute(f"PRAGMA user_version={int(SCHEMA_VERSION)}")
                conn.execute(
                    "INSERT INTO workshop (id, uid, name, cycle) VALUES (1, ?, ?, ?)",
                    (new_uid(), name, cycle),
                )
                conn.execute("COMMIT")
                _verify(conn)
            finally:
                conn.close()
            lock = locks.acquire(pending.target.real)
        return lock  # noqa: RET504 - the except clause needs the name
    except BaseException as exc:
        if lock is not None:
            lock.release()
        if isinstance(exc, FileWriteError):
            if isinstance(exc.__cause__, FileExistsError):
                raise WorkshopFileError(path, _EXISTS) from exc
            raise WorkshopWriteError(path, exc.reason) from exc
        if isinstance(exc, (OSError, sqlite3.Error)):
            reason = write_reason(exc, path=path, action="created")
            raise WorkshopWriteError(path, reason) from exc
        raise


def save_copy(source: sqlite3.Connection, path: Path) -> WorkshopLock:
    """Copy the database on ``source`` to ``path`` whole; return the lock taken on it.

    ``path`` may name an existing workshop (replaced, keeping its mode) or a
    link (the file it points to is written); never a folder, device or pipe.
    """
    try:
        real = check_target(path).real
    except FileWriteError as exc:
        raise WorkshopWriteError(path, exc.reason) from exc
    try:
        lock = locks.acquire(real)
    except OSError as exc:
        reason = write_reason(exc, path=real, stage="create")
        raise WorkshopWriteError(path, reason + _STILL_OPEN) from exc
    try:
        with atomic_path(path) as pending:
            conn = _connect(pending.temp)
            try:
                source.backup(conn)
                _verify(conn)
            finally:
                conn.close()
        return lock
    except BaseException as exc:
        lock.release()
        if isinstance(exc, FileWriteError):
            raise WorkshopWriteError(path, exc.reason + _STILL_OPEN) from exc
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise WorkshopWriteError(path, write_reason(exc, path=real) + _STILL_OPEN) from exc
        raise


def write_changed_copy(
    source: sqlite3.Connection, path: Path, change: Callable[[sqlite3.Connection], None]
) -> None:
    """Write a new file at ``path`` (never replacing one): a copy of the database on
    ``source`` with ``change`` made to it in one transaction, checked, then put in place.

    No lock is taken: the caller does not open the new file (a breakout handed out).
    """
    if os.path.lexists(path):
        raise WorkshopFileError(path, _EXISTS)
    try:
        with atomic_path(path, exclusive=True, action="created") as pending:
            conn = _connect(pending.temp)
            try:
                source.backup(conn)
                conn.execute("BEGIN IMMEDIATE")
                change(conn)
                conn.execute("COMMIT")
                _verify(conn)
            finally:
                conn.close()
    except FileWriteError as exc:
        if isinstance(exc.__cause__, FileExistsError):
            raise WorkshopFileError(path, _EXISTS) from exc
        raise WorkshopWriteError(path, exc.reason) from exc
    except (OSError, sqlite3.Error) as exc:
        raise WorkshopWriteError(path, write_reason(exc, path=path, action="created")) from exc
