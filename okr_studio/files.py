"""Making workshop files appear whole: New and Save As.

A new file, or a Save As copy, is built in a temporary file in the target
folder, checked (``quick_check``, id and version), flushed to disk, and only
then renamed to its name. A crash or a full disk never leaves a half-made
workshop under the real name, and a failure removes the temporary file.
Both take the target's lock before it appears and hand it to the caller.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from pathlib import Path

from okr_studio import lock as locks
from okr_studio.errors import WorkshopFileError, WorkshopWriteError
from okr_studio.filecheck import sqlite_uri
from okr_studio.lock import WorkshopLock
from okr_studio.migrations import statements
from okr_studio.schema import SCHEMA_V1
from okr_studio.vocab import APPLICATION_ID, SCHEMA_VERSION

_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def write_reason(exc: BaseException) -> str:
    """Why writing a file failed, with what to do next."""
    code = getattr(exc, "errno", None)
    message = str(exc).lower()
    if code in _FULL or "full" in message:
        return (
            "there is not enough free space on that drive. Free some space, or choose "
            "another drive."
        )
    if code in _DENIED or "readonly" in message or "read-only" in message:
        return "that folder cannot be written to. Choose another folder."
    if code == errno.EIO or "disk i/o" in message:
        return "the drive reported an error while writing (was it removed?). Choose another place."
    return f"{getattr(exc, 'strerror', None) or exc}."


def _real_target(path: Path) -> Path:
    """``path`` with its folder's links resolved: where SQLite and the lock really live."""
    return Path(os.path.realpath(path.parent)) / path.name


def _temp_beside(real: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".~{real.name}.", suffix=".tmp", dir=real.parent)
    os.close(fd)
    return Path(name)


def _remove(temp: Path | None) -> None:
    if temp is None:
        return
    for leftover in (temp, temp.with_name(temp.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def fsync_file(path: Path) -> None:
    # No SQLite connection has this file open here, so a plain descriptor is safe.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not possible, nor needed, on Windows)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename still happened
    finally:
        os.close(fd)


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


def _folder_must_exist(path: Path, real: Path, what: str) -> None:
    if not real.parent.is_dir():
        raise WorkshopWriteError(path, f"cannot be {what}: its folder does not exist.")


def create_file(path: Path, *, name: str = "", cycle: str = "") -> WorkshopLock:
    """Create a fresh workshop file at ``path`` and return the lock taken on it."""
    if os.path.lexists(path):
        raise WorkshopFileError(path, "already exists. Choose another name, or open it instead.")
    real = _real_target(path)
    _folder_must_exist(path, real, "created")
    temp: Path | None = None
    lock: WorkshopLock | None = None
    try:
        temp = _temp_beside(real)
        conn = _connect(temp)
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in statements(SCHEMA_V1):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id={int(APPLICATION_ID)}")
            conn.execute(f"PRAGMA user_version={int(SCHEMA_VERSION)}")
            conn.execute("INSERT INTO workshop (id, name, cycle) VALUES (1, ?, ?)", (name, cycle))
            conn.execute("COMMIT")
            _verify(conn)
        finally:
            conn.close()
        fsync_file(temp)
        lock = locks.acquire(real)
        try:
            os.link(temp, real)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            raise WorkshopFileError(
                path, "already exists. Choose another name, or open it instead."
            ) from None
        except OSError:  # a file system without hard links (FAT, exFAT)
            if os.path.lexists(real):
                raise WorkshopFileError(
                    path, "already exists. Choose another name, or open it instead."
                ) from None
            temp.replace(real)
        fsync_dir(real.parent)
        return lock
    except BaseException as exc:
        if lock is not None:
            lock.release()
        if isinstance(exc, (OSError, sqlite3.Error)) and not isinstance(exc, WorkshopFileError):
            raise WorkshopWriteError(path, f"could not be created: {write_reason(exc)}") from exc
        raise
    finally:
        _remove(temp)


def save_copy(source: sqlite3.Connection, path: Path) -> WorkshopLock:
    """Copy the database on ``source`` to ``path`` whole; return the lock taken on it."""
    real = _real_target(path)
    if real.is_dir():
        raise WorkshopWriteError(path, "is a folder. Choose a file name to save to.")
    _folder_must_exist(path, real, "saved")
    try:
        lock = locks.acquire(real)
    except OSError as exc:
        raise WorkshopWriteError(path, f"could not be saved: {write_reason(exc)}") from exc
    temp: Path | None = None
    try:
        temp = _temp_beside(real)
        conn = _connect(temp)
        try:
            source.backup(conn)
            _verify(conn)
        finally:
            conn.close()
        fsync_file(temp)
        temp.replace(real)
        temp = None
        fsync_dir(real.parent)
        return lock
    except BaseException as exc:
        _remove(temp)
        lock.release()
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise WorkshopWriteError(
                path,
                f"could not be saved: {write_reason(exc)} The workshop is still open as it was.",
            ) from exc
        raise
