"""The main workshop's record of its breakouts, and merging them back.

Each is one transaction, one change record and one undo step:
:func:`record_hand_outs` (written by :func:`okr_studio.breakouts.hand_out` once the
files are in place), :func:`take_back_hand_out` (a breakout that will not come
back), and :func:`apply_merge`, which writes a merge preview's plan with the
answers given and marks its hand-outs merged in the same transaction, so undoing
the merge also clears the mark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.services._tx import Recorder, run
from okr_studio.services.imports import apply_plan
from okr_studio.store import Workshop

if TYPE_CHECKING:
    from okr_studio.breakouts.preview import ConflictKey, MergePreview
    from okr_studio.exchange.diff import Choice


def _quoted(names: Sequence[str]) -> str:
    name = names[0] if len(names[0]) <= 40 else names[0][:39] + "…"
    return f"“{name}”"


def record_hand_outs(ws: Workshop, records: Sequence[Mapping[str, Any]]) -> Change:
    """Record breakout files handed out (one row each: see :class:`okr_studio.model.Breakout`)."""
    names = [str(r.get("name", "")) for r in records]
    if not records:
        raise EditRefused("Choose at least one unit to hand out.")
    label = (
        f"Hand out {_quoted(names)}" if len(records) == 1 else f"Hand out {len(records)} breakouts"
    )

    def body(rec: Recorder) -> tuple[str, int] | None:
        first = None
        for values in records:
            row_id = rec.insert("breakout", dict(values))
            first = first or ("breakout", row_id)
        return first

    return run(ws, label, body)


def take_back_hand_out(ws: Workshop, breakout_id: int) -> Change:
    """Forget a hand-out that will not come back: its file can no longer be merged (undo
    brings the record back)."""

    def body(rec: Recorder) -> None:
        row = rec.need("breakout", breakout_id)
        if row["merged_at"]:
            raise EditRefused(f"The breakout “{row['name']}” was merged back already.")
        rec.delete("breakout", breakout_id)

    name = ""
    with ws.read() as conn:
        found = conn.exec_driver_sql("SELECT name FROM breakout WHERE id = ?", (breakout_id,))
        name = str(found.scalar() or "")
    return run(ws, f"Take back the breakout “{name}”", body)


def _stamp(now: dt.datetime | None) -> str:
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


#: ``kind -> (its parent's table, the column naming the parent)`` of ordered siblings.
_SIBLINGS = {
    "unit": ("unit", "parent_id"),
    "objective": ("unit", "unit_id"),
    "key_result": ("objective", "objective_id"),
    "initiative": ("key_result", "key_result_id"),
}


def _put_in_order(rec: Recorder, kind: str, parent_uid: str, wanted: Sequence[str]) -> None:
    """Renumber the siblings of ``kind`` under ``parent_uid`` in the order ``wanted``
    (those it does not name after them; see :func:`okr_studio.breakouts.order.final_order`)."""
    from okr_studio.breakouts.order import final_order

    table, column = _SIBLINGS[kind]
    found = rec.select(f"SELECT id FROM {table} WHERE uid = :u", u=parent_uid)  # noqa: S608
    if not found:
        return  # the parent did not stay (the answers removed it)
    rows = rec.select(
        f"SELECT id, uid, position FROM {kind} WHERE {column} = :p ORDER BY position, id",  # noqa: S608
        p=found[0]["id"],
    )
    by_uid = {r["uid"]: r for r in rows}
    for position, uid in enumerate(final_order(wanted, [r["uid"] for r in rows])):
        if by_uid[uid]["position"] != position:
            rec.update(kind, by_uid[uid]["id"], {"position": position})


def apply_merge(
    ws: Workshop,
    preview: MergePreview,
    answers: Mapping[ConflictKey, Choice] | None = None,
    *,
    now: dt.datetime | None = None,
) -> Change:
    """Merge the preview's breakout files into ``ws`` as one step, with ``answers`` to its
    conflicts (default: the main workshop's version), the groups' new orders of siblings
    included. Refused, with nothing written, when
    the workshop changed since the preview, a hand-out was merged meanwhile, or the
    answers make an alignment go round in a circle."""
    remove, choices = preview.plan_choices(answers)
    orders = preview.orders(answers)
    stamp = _stamp(now)
    summaries = {g.record.id: g.summary() for g in preview.groups}

    def mark(rec: Recorder) -> None:
        for record in preview.records:
            row = rec.get("breakout", record.id)
            if row is None or row["uid"] != record.uid:
                raise EditRefused(
                    f"The record of the breakout “{record.name}” is gone from the workshop "
                    "(was the hand-out taken back?); it cannot be merged."
                )
            if row["merged_at"]:
                raise EditRefused(f"The breakout “{record.name}” was merged back already.")
            values = {"merged_at": stamp, "merge_summary": summaries.get(record.id, "")}
            rec.update("breakout", record.id, values)
        for order in orders:
            _put_in_order(rec, *order)

    names = [r.name for r in preview.records]
    label = (
        f"Merge the breakout {_quoted(names)}"
        if len(names) == 1
        else (f"Merge {len(names)} breakouts")
    )
    return apply_plan(ws, preview.plan, remove=remove, choices=choices, label=label, also=mark)
