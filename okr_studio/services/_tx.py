"""The recorder every service writes through, and the generic undo/redo.

A service runs inside :func:`run`: one write transaction, a :class:`Recorder`
that performs each insert/update/delete and notes the row before and after,
then one commit and one :class:`~okr_studio.events.ChangeEvent`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol

from okr_studio.errors import EditRefused, NotFound, OkrError, WorkshopWriteError
from okr_studio.events import Change, ChangeEvent, RowChange
from okr_studio.numbers import read_value
from okr_studio.schema import COLUMNS
from okr_studio.store import Workshop, normalise
from okr_studio.vocab import new_uid
from okr_studio.write_errors import edit_reason

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.sql.elements import TextClause


def text(sql: str) -> TextClause:
    """SQLAlchemy's ``text``, imported with the first write, not at start-up."""
    from sqlalchemy import text as sql_text

    return sql_text(sql)


KIND_WORDS = {
    "unit": "unit",
    "person": "person",
    "objective": "objective",
    "key_result": "key result",
    "workshop": "workshop",
    "accepted_finding": "accepted finding",
    "agenda_item": "agenda item",
    "note": "note",
    "breakout": "hand-out",
}


def _columns(table: str) -> tuple[str, ...]:
    return tuple(COLUMNS[table])


def _to_sql(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Recorder:
    """Performs row writes on one connection and remembers before/after values."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows: list[RowChange] = []

    # ---- reads -------------------------------------------------------------
    def get(self, table: str, row_id: int) -> dict[str, Any] | None:
        _columns(table)  # only known tables reach the SQL below
        row = self.conn.execute(
            text(f"SELECT * FROM {table} WHERE id = :id"),  # noqa: S608
            {"id": row_id},
        ).first()
        return normalise(dict(row._mapping)) if row is not None else None

    def need(self, table: str, row_id: int | None) -> dict[str, Any]:
        row = self.get(table, row_id) if row_id is not None else None
        if row is None:
            raise NotFound(f"That {KIND_WORDS.get(table, table)} is no longer in the workshop.")
        return row

    def select(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        return [normalise(dict(r._mapping)) for r in self.conn.execute(text(sql), params)]

    def scalar(self, sql: str, **params: Any) -> Any:
        return self.conn.execute(text(sql), params).scalar()

    # ---- writes ------------------------------------------------------------
    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert a row; a table with stable ids gives it a new one unless ``values`` has one.

        (Undo of a delete re-inserts the recorded row, so the item keeps its ``uid``.)
        """
        cols = _columns(table)
        vals = {k: _to_sql(v) for k, v in values.items() if k in cols}
        if "uid" in cols and not vals.get("uid"):
            vals["uid"] = new_uid()
        names = ", ".join(vals)
        marks = ", ".join(f":{k}" for k in vals)
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        if not vals:
            sql = f"INSERT INTO {table} DEFAULT VALUES"
        result = self.conn.execute(text(sql), vals)
        row_id = int(vals["id"]) if "id" in vals else int(result.lastrowid)
        self.rows.append(RowChange(table, row_id, None, self.need(table, row_id)))
        return row_id

    def update(self, table: str, row_id: int, values: Mapping[str, Any]) -> bool:
        """Update the given columns; returns False (and records nothing) if nothing changed."""
        cols = _columns(table)
        before = self.need(table, row_id)
        vals = {k: v for k, v in values.items() if k in cols and k != "id"}
        vals = {k: v for k, v in vals.items() if before.get(k) != v}
        if not vals:
            return False
        sets = ", ".join(f"{k} = :{k}" for k in vals)
        self.conn.execute(
            text(f"UPDATE {table} SET {sets} WHERE id = :__id"),  # noqa: S608
            {**{k: _to_sql(v) for k, v in vals.items()}, "__id": row_id},
        )
        self.rows.append(RowChange(table, row_id, before, self.need(table, row_id)))
        return True

    def delete(self, table: str, row_id: int) -> None:
        before = self.need(table, row_id)
        self.conn.execute(text(f"DELETE FROM {table} WHERE id = :id"), {"id": row_id})  # noqa: S608
        self.rows.append(RowChange(table, row_id, before, None))

    # ---- replay (undo / redo) ---------------------------------------------
    def replay(self, row: RowChange) -> None:
        """Make one row go from ``row.before`` to ``row.after``, checking it is as expected."""
        current = self.get(row.table, row.id)
        if current != (dict(row.before) if row.before is not None else None):
            raise EditRefused(
                "The workshop changed since this step was recorded, so it cannot be "
                "undone or redone safely."
            )
        if row.after is None:
            self.delete(row.table, row.id)
        elif row.before is None:
            self.insert(row.table, dict(row.after))
        else:
            self.update(row.table, row.id, dict(row.after))


def _reachable(ws: Workshop) -> bool:
    try:
        ws.check_reachable()
    except OkrError:
        return False
    return True


def _write_error(ws: Workshop, exc: BaseException) -> WorkshopWriteError:
    return WorkshopWriteError(ws.path, edit_reason(exc, reachable=lambda: _reachable(ws)))


def run(
    ws: Workshop,
    label: str,
    body: Callable[[Recorder], tuple[str, int] | None],
    *,
    origin: Literal["do", "undo", "redo"] = "do",
) -> Change:
    """Run ``body`` in one transaction; commit, emit and return the recorded change.

    In a breakout file the change is refused whole if it writes outside the group's
    branch (:mod:`okr_studio.breakouts.guard`).
    """
    from sqlalchemy.exc import DBAPIError

    from okr_studio.breakouts import guard as breakout_guard

    try:
        with ws.write() as conn:
            guard = breakout_guard.start(ws, conn)
            rec = Recorder(conn)
            subject = body(rec)
            if guard is not None:
                guard.check(conn, rec.rows)
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        raise _write_error(ws, exc) from exc
    change = Change(label, tuple(rec.rows), subject)
    if not change.empty:
        ws.emit(ChangeEvent(change, origin))
    return change


def apply(ws: Workshop, change: Change, *, origin: Literal["undo", "redo"]) -> Change:
    """Replay a recorded change (pass ``change.inverse()`` to undo it)."""

    def body(rec: Recorder) -> tuple[str, int] | None:
        for row in change.rows:
            rec.replay(row)
        return change.subject

    return run(ws, change.label, body, origin=origin)


def undo(ws: Workshop, change: Change) -> Change:
    return apply(ws, change.inverse(), origin="undo")


def redo(ws: Workshop, change: Change) -> Change:
    return apply(ws, change, origin="redo")


# ---- small validators shared by the services -------------------------------
def number(value: Any, what: str) -> float | None:
    """A number field's value as :func:`okr_studio.numbers.read_value` reads it (None
    when empty); anything that is not a finite number is refused with EditRefused."""
    return read_value(value, what)


def text_value(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise EditRefused(f"The {what} must be text.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise EditRefused(
            f"The {what} contains a broken character (half of an emoji or symbol) "
            "that cannot be saved; retype the last characters."
        ) from None
    return value


class Labelled(Protocol):
    """A member of one of the fixed choices (okr_studio.vocab): a stored value and a label."""

    @property
    def value(self) -> str: ...
    @property
    def label(self) -> str: ...


def choice(value: Any, allowed: Iterable[Labelled], what: str) -> str:
    values = [m.value for m in allowed]
    if value in values:
        return str(value)
    labels = ", ".join(m.label for m in allowed)
    raise EditRefused(f"“{value}” is not a {what}; choose one of: {labels}.")


def date_value(value: Any, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise EditRefused(f"The {what} must be a date like 2027-03-31.") from None
