"""The steps of opening a workshop file that :meth:`okr_studio.store.Workshop.open` takes
in turn: the header first (rolling back an interrupted save only when the rolled-back
copy passes), then whether it may be written (and the lock), then the connection, checked
against the file having been replaced meanwhile. A file that fails a step is never
changed (docs/architecture.md, "The file rules").
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from okr_studio import connect, filecheck
from okr_studio import lock as locks
from okr_studio.data import TABLE_DATA, WorkshopData
from okr_studio.errors import WorkshopFileError
from okr_studio.lock import LockInfo, WorkshopLock
from okr_studio.snapshot import read_snapshot

FileKey = tuple[int, int]  # (st_dev, st_ino)
#: The tables the first snapshot reads whole: the file check leaves their rows to it.
SNAPSHOT_TABLES = frozenset({"workshop", *TABLE_DATA})
#: When a snapshot was read: (PRAGMA data_version, the connection's total_changes).
Stamp = tuple[int, int]

# Files this process has open (any mode), so their header is never read with a
# plain descriptor (closing it would drop SQLite's locks).
_open_files: dict[FileKey, int] = {}
_open_guard = threading.Lock()


def register(key: FileKey) -> None:
    with _open_guard:
        _open_files[key] = _open_files.get(key, 0) + 1


def unregister(key: FileKey) -> None:
    with _open_guard:
        count = _open_files.get(key, 0) - 1
        if count > 0:
            _open_files[key] = count
        else:
            _open_files.pop(key, None)


def is_open_here(key: FileKey) -> bool:
    with _open_guard:
        return key in _open_files


_NO_LOCK_FILE = (
    "OKR Studio cannot write its lock file beside it, so it is open read-only. "
    "Use Save As to keep an editable copy."
)


def check_header(path: Path, real: Path, st: os.stat_result) -> None:
    """Refuse a file that is not a workshop by its first bytes. A file left by an
    interrupted save (a rollback journal beside it) is checked leniently, then a
    rolled-back private copy is checked before the file itself is rolled back."""
    journal = real.with_name(real.name + "-journal")
    interrupted = journal.exists() and journal.stat().st_size > 0
    raw = filecheck.read_header(real)
    filecheck.check_header(path, raw, st.st_size, strict=not interrupted)
    if interrupted and not connect.writable(real):
        # A refused file is never changed: check a rolled-back private copy
        # first; only a file that passes is rolled back for real.
        connect.check_recovered_copy(path, real)
        connect.recover_interrupted_save(path, real)
        st = filecheck.stat_file(path)
        raw = filecheck.read_header(real)
        filecheck.check_header(path, raw, st.st_size, strict=True)


def access(
    real: Path, *, read_only: bool, lock: WorkshopLock | None, held: list[WorkshopLock]
) -> tuple[str, LockInfo | None, WorkshopLock | None]:
    """Why the file opens read-only ("" when it opens for editing), who else is editing
    it (when asked to open read-only), and the lock held for it. A lock taken here is
    also put in ``held``, so a later failure lets it go."""
    holder = None
    if read_only:
        holder = locks.live_holder(real)
        reason = (
            f"{holder.describe()} is editing it, so you are looking at it read-only."
            if holder is not None
            else "It was opened read-only."
        )
    else:
        reason = connect.writable(real)
        if not reason and lock is None:
            try:
                lock = locks.acquire(real)
                held.append(lock)
            except OSError:
                reason = _NO_LOCK_FILE
    if reason and lock is not None:
        lock.release()
        lock = None
    return reason, holder, lock


def open_connection(
    path: Path, real: Path, key: FileKey, memory: sqlite3.Connection | None, *, read_only: bool
) -> sqlite3.Connection:
    """The workshop's one connection (``memory``, a migrated copy, when given), configured;
    the file must still be the one that was checked. It is kept for the workshop's life,
    with its open file, so Save As still works if the file is deleted."""
    try:
        if memory is not None:
            connect.configure(memory, read_only=True)
            conn = memory
        else:
            conn = connect.file_connection(real, read_only=read_only)
    except sqlite3.Error as exc:
        if memory is not None:
            memory.close()
        raise filecheck.database_error(path, exc) from exc
    try:
        now = real.stat()
    except OSError:
        now = None
    if now is None or (now.st_dev, now.st_ino) != key:
        conn.close()
        raise WorkshopFileError(path, "was replaced while it was being opened. Try again.")
    return conn


def stamp(conn: sqlite3.Connection) -> Stamp:
    """What changes when the file does, by another connection or by this one."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0] or 0), conn.total_changes


def first_snapshot(path: Path, conn: sqlite3.Connection) -> tuple[WorkshopData, Stamp]:
    """The workshop as it opened, read once: this read is also the file check's reading
    of every row of these tables (text that cannot be read refuses the file)."""
    with filecheck.read_checked(path):
        return read_snapshot(conn), stamp(conn)
