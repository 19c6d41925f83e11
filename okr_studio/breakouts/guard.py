"""The lock on a breakout file's context, for the services and for the app.

:func:`start` is called by every service's transaction (see
:func:`okr_studio.services._tx.run`) before its body runs; in a breakout file it
returns a :class:`Guard` that, once the body has written its rows, refuses the
whole change (:class:`~okr_studio.errors.EditRefused`, rolled back) if any row it
wrote is outside the group's branch, saying which and why. In any other file it
costs one query per open workshop, then nothing.

:func:`view_of` gives the app the same rule for a snapshot (what to grey out and
the reason to show); :func:`out_units` tells the main workshop which of its
units are out in a breakout not merged yet.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from okr_studio.breakout_data import HandOutData, OriginData
from okr_studio.breakouts.scope import (
    Origin,
    Scope,
    change_reason,
    details_message,
    make_scope,
    origin_of,
    root_message,
    row_reason,
)
from okr_studio.data_items import as_dict
from okr_studio.errors import EditRefused

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from okr_studio.data import WorkshopData
    from okr_studio.events import RowChange
    from okr_studio.store import Workshop

_origins: weakref.WeakKeyDictionary[Workshop, Origin | None] = weakref.WeakKeyDictionary()


def read_origin(conn: Connection) -> OriginData | None:
    """The breakout origin of the file on ``conn`` (None: not a breakout file)."""
    from sqlalchemy import text  # here: the app paints a workshop before it loads SQLAlchemy

    row = conn.execute(text("SELECT * FROM breakout_origin ORDER BY id LIMIT 1")).first()
    return OriginData(**dict(row._mapping)) if row is not None else None


def _scope(conn: Connection, roots: Sequence[str]) -> Scope:
    from sqlalchemy import text

    return make_scope(
        roots,
        ((r[0], r[1], r[2]) for r in conn.execute(text("SELECT id, parent_id, uid FROM unit"))),
        ((r[0], r[1], r[2]) for r in conn.execute(text("SELECT id, unit_id, uid FROM objective"))),
        (
            (r[0], r[1], r[2])
            for r in conn.execute(text("SELECT id, objective_id, uid FROM key_result"))
        ),
    )


@dataclass
class Guard:
    """The branch as it was before a change; :meth:`check` judges the change's rows."""

    origin: Origin
    was: Scope

    def check(self, conn: Connection, rows: Sequence[RowChange]) -> None:
        if not rows:
            return
        from sqlalchemy import text

        now = _scope(conn, self.origin.roots)

        def fetch(table: str, row_id: int) -> dict[str, Any] | None:
            found = conn.execute(text(f"SELECT * FROM {table} WHERE id = :i"), {"i": row_id})  # noqa: S608
            first = found.first()
            return dict(first._mapping) if first is not None else None

        for row in rows:
            scopes = (self.was, now)
            reason = change_reason(row.table, row.before, row.after, scopes, self.origin, fetch)
            if reason:
                raise EditRefused(reason)


def start(ws: Workshop, conn: Connection) -> Guard | None:
    """The guard for a change about to be made to ``ws`` (None: not a breakout file)."""
    if ws in _origins:
        origin = _origins[ws]
    else:
        row = read_origin(conn)
        origin = origin_of(row) if row is not None else None
        _origins[ws] = origin
    if origin is None:
        return None
    return Guard(origin, _scope(conn, origin.roots))


# ---- for the app ----------------------------------------------------------------------------
_ATTR = {
    "unit": "units",
    "objective": "objectives",
    "key_result": "key_results",
    "check_in": "check_ins",
    "initiative": "initiatives",
    "person": "people",
    "note": "notes",
    "agenda_item": "agenda",
}


@dataclass(frozen=True)
class BreakoutView:
    """A breakout file's snapshot as the app shows it: its origin, what is locked."""

    row: OriginData
    origin: Origin
    scope: Scope

    def reason(self, data: WorkshopData, kind: str, row_id: int | None = None) -> str:
        """Why the item ``(kind, row_id)`` cannot be edited here ("" when it can)."""
        if kind == "workshop":
            return details_message(self.origin)
        rows: Any = getattr(data, _ATTR.get(kind, ""), None)
        if rows is None or row_id not in rows:
            return ""
        row = as_dict(rows[row_id])
        return row_reason(kind, row, self.scope, self.origin, existing=True)

    def editable(self, data: WorkshopData, kind: str, row_id: int | None = None) -> bool:
        return not self.reason(data, kind, row_id)

    def move_reason(self, data: WorkshopData, unit_id: int) -> str:
        """Why the unit cannot be moved or deleted ("" when it can)."""
        if unit_id in self.scope.roots:
            return root_message(data.units[unit_id].name)
        return self.reason(data, "unit", unit_id)


def view_of(data: WorkshopData) -> BreakoutView | None:
    """The breakout view of a snapshot (None: it is not a breakout file)."""
    if not data.origin:
        return None
    row = data.origin[min(data.origin)]
    origin = origin_of(row)
    scope = make_scope(
        origin.roots,
        ((u.id, u.parent_id, u.uid) for u in data.units.values()),
        ((o.id, o.unit_id, o.uid) for o in data.objectives.values()),
        ((k.id, k.objective_id, k.uid) for k in data.key_results.values()),
    )
    return BreakoutView(row, origin, scope)


def out_units(data: WorkshopData) -> dict[int, HandOutData]:
    """``unit id -> its hand-out`` for every unit out in a breakout not merged yet (the
    units handed out and every unit below them)."""
    by_uid = {u.uid: u.id for u in data.units.values()}
    out: dict[int, HandOutData] = {}
    for record in sorted(data.breakouts.values(), key=lambda r: r.id):
        if record.merged:
            continue
        for uid in record.unit_uids:
            top = by_uid.get(uid)
            if top is None:
                continue
            out.setdefault(top, record)
            for unit in data.unit_descendants(top):
                out.setdefault(unit.id, record)
    return out
