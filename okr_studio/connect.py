"""Connections to a workshop file: their settings, engines, repair and update.

Every connection gets the same settings before any transaction (foreign keys
on, trusted_schema off; for writing: rollback journal, synchronous FULL). The
driver is in autocommit mode and ``BEGIN`` is sent by us, so all statements of
one service call run in one transaction; a write begins ``IMMEDIATE``.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okr_studio import filecheck, migrations, tempfiles
from okr_studio.errors import WorkshopFileError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine


def configure(dbapi_conn: sqlite3.Connection, *, read_only: bool) -> None:
    """The settings every connection to a workshop gets, before any transaction."""
    # Autocommit at the driver level: BEGIN is sent by us (see make_engine), so
    # the reads and writes of one service call share one transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA trusted_schema=OFF")
        cur.execute("PRAGMA cell_size_check=ON")
        if not read_only:
            cur.execute("PRAGMA journal_mode=DELETE")
            cur.execute("PRAGMA synchronous=FULL")
    finally:
        cur.close()


#: What an engine needs: SQLAlchemy, its pool and the dialect create_engine("sqlite://") loads.
_WRITER_MODULES = ("sqlalchemy", "sqlalchemy.pool", "sqlalchemy.dialects.sqlite.pysqlite")
#: Set once :func:`load_writer` has loaded them.
_writer_loaded = threading.Event()
#: One engine is made at a time (SQLAlchemy's registry of event listeners is shared).
_making = threading.Lock()


def load_writer() -> None:
    """Import what :func:`make_engine` needs: SQLAlchemy and its SQLite dialect, some 170
    modules (half a second alone; the UI loads them in a thread after a file opens).

    Any thread may call it. It holds no lock of ours while it imports: a second thread
    that needs these modules meanwhile waits for them in Python's import lock, and the
    thread importing must never wait for that one (see ``Workshop.engine``).
    """
    if _writer_loaded.is_set():
        return
    for name in _WRITER_MODULES:
        importlib.import_module(name)
    _writer_loaded.set()


def writer_loaded() -> bool:
    """Whether :func:`load_writer` is done: making an engine is then quick (under 1 ms)."""
    return _writer_loaded.is_set()


def make_engine(creator: Any, *, read_only: bool) -> Engine:
    # SQLAlchemy is imported with the first engine, not at start-up: opening a file and
    # painting it needs only sqlite3 (see Workshop.engine).
    load_writer()
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    with _making:
        engine = create_engine("sqlite://", creator=creator, poolclass=StaticPool)

        # The listeners run in whichever thread uses the engine (the event loop's,
        # when the engine was made in a thread): they keep no state of their own.
        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            configure(dbapi_conn, read_only=read_only)

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            writing = conn.get_execution_options().get("okr_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writing and not read_only else "BEGIN")

    return engine


def file_connection(real: Path, *, read_only: bool) -> sqlite3.Connection:
    """The one connection a workshop keeps open for its life, configured."""
    uri = filecheck.sqlite_uri(real, "ro" if read_only else "rw")
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5.0)
    try:
        configure(conn, read_only=read_only)
    except BaseException:
        conn.close()
        raise
    return conn


def connection_engine(conn: sqlite3.Connection, *, read_only: bool) -> Engine:
    """An engine whose only connection is ``conn`` (already configured)."""
    return make_engine(lambda: conn, read_only=read_only)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def check_recovered_copy(path: Path, real: Path) -> None:
    """Check a file with a hot journal through a private copy; raise if it is refused.

    SQLite rolls a hot journal back into the file on the first read, so checking
    the file itself would change a file we then refuse. Instead the file and its
    journal are copied to a hidden temporary file beside it (held while in use,
    so a crash leaves debris the next open removes, see
    :mod:`okr_studio.tempfiles`), the copy is rolled back and given every check
    of :mod:`okr_studio.filecheck`; only a file whose copy passed may be
    recovered for real (:func:`recover_interrupted_save`).
    """
    journal = real.with_name(real.name + "-journal")
    before = (_stamp(real), _stamp(journal))
    copy: tempfiles.HeldTemp | None = None
    try:
        copy = tempfiles.create_beside(real)
        shutil.copyfile(real, copy.path)  # no connection of ours has it open (the caller checks)
        shutil.copyfile(journal, copy.journal)
        if (_stamp(real), _stamp(journal)) != before:
            raise WorkshopFileError(
                path, "is being written by another program right now. Try again in a moment."
            )
        recover_interrupted_save(path, copy.path, durable=False)
        raw = filecheck.read_header(copy.path)
        filecheck.check_header(path, raw, copy.path.stat().st_size, strict=True)
        conn = filecheck.connect_read_only(copy.path)
        try:
            filecheck.check_database(path, conn)
        finally:
            conn.close()
    except OSError as exc:
        raise WorkshopFileError(
            path,
            "was not closed properly during a save, and OKR Studio could not make the "
            f"copy it checks such a file with ({exc.strerror or exc}). Free some space "
            "on that drive and try again.",
        ) from exc
    finally:
        if copy is not None:
            tempfiles.discard(copy)


def recover_interrupted_save(path: Path, real: Path, *, durable: bool = True) -> None:
    """Let SQLite roll back a save that was cut off (a hot journal beside the file).

    ``durable=False`` (a private copy that is thrown away) skips syncing the rollback.
    """
    conn = sqlite3.connect(filecheck.sqlite_uri(real, "rw"), uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        if not durable:
            conn.execute("PRAGMA synchronous=OFF")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise filecheck.database_error(path, exc) from exc
    finally:
        conn.close()


def clear_dead_journal(real: Path) -> None:
    """Remove a journal that a crash left before it became a real one.

    A copy killed while it was starting a save can leave ``x.okr-journal`` with
    a zeroed header: SQLite rightly ignores it, but never removes it, and the
    workshop would no longer be a single file. Once we hold the write lock
    (``BEGIN IMMEDIATE``, so no other writer exists, and any hot journal has
    been rolled back by SQLite), a journal still present belongs to nobody.
    """
    journal = real.with_name(real.name + "-journal")
    if not journal.exists():
        return
    conn = sqlite3.connect(
        filecheck.sqlite_uri(real, "rw"), uri=True, isolation_level=None, timeout=1.0
    )
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            journal.unlink(missing_ok=True)
        finally:
            conn.execute("ROLLBACK")
    except (sqlite3.Error, OSError):
        pass  # another writer is active, or the folder refuses: leave it be
    finally:
        conn.close()


def writable(real: Path) -> str:
    """'' when the file and its folder can be written, else the reason for the UI."""
    if not os.access(real, os.W_OK):
        return (
            "The file is read-only on disk, so changes cannot be saved. "
            "Use Save As to keep an editable copy."
        )
    if not os.access(real.parent, os.W_OK | os.X_OK):
        return (
            "Its folder is read-only, so changes cannot be saved there. "
            "Use Save As to keep an editable copy somewhere else."
        )
    return ""


def migrate_file(path: Path, real: Path, version: int) -> None:
    conn = sqlite3.connect(filecheck.sqlite_uri(real, "rw"), uri=True, isolation_level=None)
    try:
        configure(conn, read_only=False)
        migrations.migrate(conn, version)
    except (migrations.MigrationError, sqlite3.Error) as exc:
        raise WorkshopFileError(
            path,
            "was made by an older version of OKR Studio and could not be updated "
            f"({exc}). The file was left as it was.",
        ) from exc
    finally:
        conn.close()


def migrated_copy(path: Path, source: sqlite3.Connection, version: int) -> sqlite3.Connection:
    """An in-memory, updated copy of an older file opened read-only."""
    memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    try:
        source.backup(memory)
        migrations.migrate(memory, version)
    except (migrations.MigrationError, sqlite3.Error) as exc:
        memory.close()
        raise WorkshopFileError(
            path, f"was made by an older version of OKR Studio and could not be read ({exc})."
        ) from exc
    return memory
