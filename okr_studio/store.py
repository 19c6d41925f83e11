"""Open, create, close and Save As one workshop file.

Rules (docs/architecture.md, "The file rules"): one SQLite file per workshop, stamped with
``application_id`` and ``user_version``; every edit committed when made
(rollback journal, synchronous FULL); foreign keys on and trusted_schema off on
every connection; a file the app cannot use is never modified.

Opening runs :mod:`okr_studio.filecheck` (header, ``quick_check``, schema
objects) through a read-only connection first; only a file that passes is
locked (:mod:`okr_studio.lock`) and brought up to date (:mod:`okr_studio.migrations`).
A file, or a folder, that cannot be written is opened read-only, with
``read_only_reason`` saying why. An empty (0-byte) file is refused as "not a
workshop" and never written to, although SQLite would happily make it a database.

While a workshop is open for editing the lock file is its only side file: the
rollback journal exists only during a commit. After :meth:`Workshop.close` the
``.okr`` file is the whole workshop.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from okr_studio import connect, filecheck, opening
from okr_studio import lock as locks
from okr_studio.data import WorkshopData
from okr_studio.errors import (
    ReadOnlyError,
    WorkshopFileError,
    WorkshopLockedError,
    WorkshopWriteError,
)
from okr_studio.events import ChangeEvent, EventBus, Listener
from okr_studio.files import create_file, save_copy
from okr_studio.lock import LockInfo, WorkshopLock
from okr_studio.opening import FileKey, is_open_here
from okr_studio.snapshot import normalise, read_snapshot
from okr_studio.vocab import SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

__all__ = ["SUFFIX", "Workshop", "normalise", "read_snapshot"]

SUFFIX = ".okr"


def _cleanup(
    conn: sqlite3.Connection, engines: list[Engine], lock: WorkshopLock | None, key: FileKey
) -> None:
    for engine in engines:
        engine.dispose()
    conn.close()
    if lock is not None:
        lock.release()
    opening.unregister(key)


class Workshop:
    """One open workshop file. Make one with :meth:`create` or :meth:`open`.

    The workshop keeps one SQLite connection for its life. Reading (the snapshot)
    uses it directly; the SQLAlchemy engine that writes go through is made around that
    same connection on first use, or before by :meth:`prepare_writing` (from any thread),
    so opening and painting a file does not wait for SQLAlchemy to load (start-up time).
    """

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        *,
        read_only: bool,
        read_only_reason: str = "",
        lock: WorkshopLock | None = None,
        lock_info: LockInfo | None = None,
        key: FileKey = (0, 0),
        real_path: Path | None = None,
        opened_version: int = SCHEMA_VERSION,
    ) -> None:
        self.path = path
        self._conn = conn
        self._engines: list[Engine] = []  # the engine, once made (see :attr:`engine`)
        self._conn_guard = threading.RLock()
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        #: Our lock when editing; the holder's when read-only because of a lock.
        self.lock_info = lock.info if lock is not None else lock_info
        #: The format version the file had on disk before this open updated it.
        self.opened_version = opened_version
        self.events = EventBus()
        self._lock = lock
        self._key = key
        self._real = real_path or path
        self._closed = False
        #: The snapshot read while opening, until the file changes (see :meth:`snapshot`).
        self._first: tuple[WorkshopData, opening.Stamp] | None = None
        opening.register(key)
        self._finalizer = weakref.finalize(self, _cleanup, conn, self._engines, lock, key)

    # ---- life cycle ------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, *, name: str = "", cycle: str = "") -> Workshop:
        """Make a new workshop file at ``path`` (which must not exist) and open it for editing."""
        path = Path(path).absolute()
        lock = create_file(path, name=name, cycle=cycle)
        return cls._open(path, read_only=False, lock=lock)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Workshop:
        """Check and open the workshop at ``path``; see the module notes for the rules."""
        return cls._open(Path(path).absolute(), read_only=read_only, lock=None)

    @classmethod
    def _open(cls, path: Path, *, read_only: bool, lock: WorkshopLock | None) -> Workshop:
        held = [lock] if lock is not None else []
        try:
            return cls._open_checked(path, read_only=read_only, held=held)
        except BaseException:
            for taken in held:  # a lock given to us, or taken on the way, is let go
                taken.release()
            raise

    @classmethod
    def _open_checked(cls, path: Path, *, read_only: bool, held: list[WorkshopLock]) -> Workshop:
        st = filecheck.stat_file(path)
        real = Path(os.path.realpath(path))
        key: FileKey = (st.st_dev, st.st_ino)
        if not is_open_here(key):
            opening.check_header(path, real, st)
        try:
            check_conn = filecheck.connect_read_only(real)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise filecheck.database_error(path, exc) from exc
        try:
            version = filecheck.check_database(path, check_conn, skip_rows=opening.SNAPSHOT_TABLES)
            lock = held[0] if held else None
            reason, holder, lock = opening.access(real, read_only=read_only, lock=lock, held=held)
            read_only = bool(reason)
            if not read_only:
                connect.clear_dead_journal(real)
            memory: sqlite3.Connection | None = None
            if version < SCHEMA_VERSION:
                if read_only:
                    memory = connect.migrated_copy(path, check_conn, version)
                    reason += (
                        " It was made by an older version of OKR Studio; it is shown "
                        "updated, and the file itself stays as it was."
                    )
                else:
                    check_conn.close()
                    connect.migrate_file(path, real, version)
        finally:
            check_conn.close()
        conn = opening.open_connection(path, real, key, memory, read_only=read_only)
        workshop = cls(
            path,
            conn,
            read_only=read_only,
            read_only_reason=reason.strip(),
            lock=lock,
            lock_info=holder,
            key=key,
            real_path=real,
            opened_version=version,
        )
        if version == SCHEMA_VERSION:  # the check left these rows to the first snapshot
            try:
                with workshop._raw_read() as read:
                    workshop._first = opening.first_snapshot(path, read)
            except BaseException:
                workshop.close()
                raise
        return workshop

    def close(self) -> None:
        """Close the file and remove the lock. Safe to call more than once, and while
        another thread prepares writing (:meth:`prepare_writing`)."""
        with self._conn_guard:  # an engine is made for an open workshop only
            if self._closed:
                return
            self._closed = True
        self._finalizer()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "editing"
        state = "closed" if self._closed else mode
        return f"<Workshop {self.path.name!r} {state}>"

    # ---- the file on disk ------------------------------------------------
    def check_reachable(self) -> None:
        """Raise :class:`WorkshopWriteError` if the file is gone, moved or replaced.

        Cheap (one ``stat``, one read of the file's header and a read of the small
        lock file); the UI calls it on a timer, and :meth:`write` before every change.
        """
        save_as = "Use Save As to keep everything that is on screen."
        try:
            st = self._real.stat()
        except FileNotFoundError:
            raise WorkshopWriteError(
                self.path,
                f"is no longer where it was opened from: it was moved, renamed or deleted, or "
                f"its drive was removed. "
                f"{save_as}",
            ) from None
        except OSError:
            raise WorkshopWriteError(
                self.path, f"cannot be reached any more (was its drive removed?). {save_as}"
            ) from None
        if (st.st_dev, st.st_ino) != self._key:
            raise WorkshopWriteError(
                self.path,
                f"was replaced by another file with the same name while it was open. {save_as}",
            )
        if not self._closed:
            try:  # a pulled drive still answers stat from its cache, but reads fail
                self.data_version()
            except (sqlite3.Error, OSError) as exc:
                words = str(getattr(exc, "orig", exc)).lower()
                if "locked" not in words and "busy" not in words:  # busy: another copy commits
                    raise WorkshopWriteError(
                        self.path,
                        f"cannot be read any more: its drive was removed or is failing. {save_as}",
                    ) from None
        if self._lock is not None and not self._closed and not self._lock.still_held():
            holder = locks.read_lock(self._real)
            if holder is not None:
                raise WorkshopWriteError(
                    self.path,
                    f"is now being edited by {holder.describe()}, so changes here cannot "
                    f"be saved. {save_as}",
                )
            self._relock()

    def _relock(self) -> None:
        """Put back a lock file someone deleted while we edit."""
        with contextlib.suppress(OSError, WorkshopFileError):
            new = locks.acquire(self._real)
            old, self._lock = self._lock, new
            self.lock_info = new.info
            self._finalizer.detach()
            self._finalizer = weakref.finalize(
                self, _cleanup, self._conn, self._engines, new, self._key
            )
            if old is not None:
                old.release()

    def save_as(self, new_path: Path | str) -> Workshop:
        """Copy this workshop to ``new_path`` and return it, open for editing.

        The copy is made with SQLite's backup API in a temporary file beside the
        target, checked, then renamed over it. On success this workshop is
        closed; on failure nothing is left at the target and this one stays open.
        Saving to the file itself returns this workshop unchanged.
        """
        self._check_open()
        target = Path(new_path).absolute()
        with contextlib.suppress(OSError):
            if target.samefile(self._real):
                return self
        with contextlib.suppress(OSError):
            st = target.stat()
            if is_open_here((st.st_dev, st.st_ino)):
                raise WorkshopLockedError(
                    target,
                    "is open in this copy of OKR Studio. Close it first, or choose another name.",
                    holder="this copy of OKR Studio",
                )
        with self._conn_guard:
            lock = save_copy(self._conn, target)
        new = Workshop._open(target, read_only=False, lock=lock)
        self.close()
        return new

    # ---- events ----------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self.events.subscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self.events.unsubscribe(listener)

    def emit(self, event: ChangeEvent) -> None:
        self.events.emit(event)

    # ---- transactions ----------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise WorkshopFileError(self.path, "is closed.")

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine around the workshop's one connection (made on first use)."""
        self._check_open()
        self._make_engine()
        self._check_open()  # (closed meanwhile, from another thread)
        return self._engines[0]

    def prepare_writing(self) -> None:
        """Make the engine now (it loads SQLAlchemy), so the first write does not wait.
        Any thread may call it (the UI does, after opening): a workshop closed before or
        meanwhile gets no engine, and nothing is raised for it."""
        if not self.read_only:
            self._make_engine()

    @property
    def writing_prepared(self) -> bool:
        """Whether the engine is made: a write no longer waits for SQLAlchemy."""
        return bool(self._engines)

    def _make_engine(self) -> None:
        if self._engines or self._closed:
            return
        # Loaded before taking the guard, never under it: a thread waiting with the guard
        # for another's import of these modules would hold up every read meanwhile.
        connect.load_writer()
        with self._conn_guard:
            if not self._closed and not self._engines:
                engine = connect.connection_engine(self._conn, read_only=self.read_only)
                self._engines.append(engine)

    @contextmanager
    def _raw_read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction on the connection itself, without SQLAlchemy."""
        self._check_open()
        with self._conn_guard:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:  # an I/O error may have ended it already
                    conn.execute("ROLLBACK")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed on success, rolled back on any error."""
        self._check_open()
        if self.read_only:
            raise ReadOnlyError(
                f"“{self.path.name}” is open read-only; changes cannot be saved. "
                + self.read_only_reason
            )
        self.check_reachable()
        with self.engine.connect() as conn:
            conn.execution_options(okr_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read transaction (a consistent view of the file)."""
        self._check_open()
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # ---- reading ---------------------------------------------------------
    def snapshot(self) -> WorkshopData:
        """The whole workshop as plain data; the first call after opening gets the
        snapshot read then, if nothing has changed the file since."""
        with self._raw_read() as conn:
            first, self._first = self._first, None
            if first is not None and first[1] == opening.stamp(conn):
                return first[0]
            return read_snapshot(conn)

    def data_version(self) -> int:
        """A number that changes when another copy commits a change to the file.

        A read-only window can poll it (cheap) and re-read the workshop when it moves.
        """
        with self._raw_read() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0] or 0)
