"""Open, create, close and Save As one workshop file.

Rules (DESIGN.md, "The .okr file"): one SQLite file per workshop, stamped with
``application_id`` and ``user_version``; every edit committed when made
(rollback journal, synchronous FULL); foreign keys on and trusted_schema off on
every connection; a file the app cannot use is never modified.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import StaticPool

from okr_studio import data as d
from okr_studio.errors import ReadOnlyError, WorkshopFileError
from okr_studio.events import ChangeEvent, EventBus, Listener
from okr_studio.model import APPLICATION_ID, SCHEMA_VERSION
from okr_studio.schema import SCHEMA_V1

SUFFIX = ".okr"


def _configure(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Autocommit at the driver level: we send BEGIN ourselves (see _begin), so
    # reads and writes of one service call share one transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA trusted_schema=OFF")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _make_engine(path: Path, *, read_only: bool) -> Engine:
    mode = "ro" if read_only else "rw"
    uri = f"file:{path.as_posix()}?mode={mode}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5.0)

    engine = create_engine("sqlite://", creator=connect, poolclass=StaticPool)
    event.listen(engine, "connect", _configure)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


class Workshop:
    """One open workshop file."""

    def __init__(self, path: Path, engine: Engine, *, read_only: bool) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self.events = EventBus()
        self._closed = False

    # ---- life cycle ------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, *, name: str = "", cycle: str = "") -> Workshop:
        path = Path(path)
        if path.exists():
            raise WorkshopFileError(path, "already exists; choose another name.")
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA journal_mode=DELETE")
            con.executescript(
                "BEGIN;"
                + SCHEMA_V1
                + f"PRAGMA application_id={APPLICATION_ID};"
                + f"PRAGMA user_version={SCHEMA_VERSION};"
                + "COMMIT;"
            )
            con.execute("INSERT INTO workshop (id, name, cycle) VALUES (1, ?, ?)", (name, cycle))
            con.commit()
        finally:
            con.close()
        return cls.open(path)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Workshop:
        path = Path(path)
        engine = _make_engine(path, read_only=read_only)
        return cls(path, engine, read_only=read_only)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.engine.dispose()

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- events ----------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self.events.subscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self.events.unsubscribe(listener)

    def emit(self, event: ChangeEvent) -> None:
        self.events.emit(event)

    # ---- transactions ----------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed on success, rolled back on any error."""
        if self.read_only:
            raise ReadOnlyError(f"“{self.path.name}” is open read-only; changes cannot be saved.")
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # ---- reading ---------------------------------------------------------
    def snapshot(self) -> d.WorkshopData:
        with self.read() as conn:
            return read_snapshot(conn)


def _rows(conn: Connection, table: str) -> list[dict[str, Any]]:
    # Only our own table names reach this f-string.
    return [dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608


def _date(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value


_DATE_COLUMNS = {"date", "cycle_start", "cycle_end", "due_date"}


def normalise(row: dict[str, Any]) -> dict[str, Any]:
    """Turn SQLite's stored values into Python ones (dates)."""
    for key in _DATE_COLUMNS & row.keys():
        row[key] = _date(row[key])
    return row


def read_snapshot(conn: Connection) -> d.WorkshopData:
    info_rows = [normalise(r) for r in _rows(conn, "workshop")]
    info = d.from_row(d.InfoData, info_rows[0]) if info_rows else d.InfoData()

    def table(name: str, cls: type) -> dict[int, Any]:
        return {r["id"]: d.from_row(cls, normalise(r)) for r in _rows(conn, name)}

    return d.WorkshopData(
        info=info,
        people=table("person", d.PersonData),
        units=table("unit", d.UnitData),
        objectives=table("objective", d.ObjectiveData),
        key_results=table("key_result", d.KeyResultData),
        accepted=table("accepted_finding", d.AcceptedFindingData),
    )
