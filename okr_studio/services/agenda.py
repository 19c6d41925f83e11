"""Services for the workshop's agenda and its timer.

The agenda's items are edited like any other item (add, edit, reorder, delete), and
the timer through four steps: start (or resume), pause, next, reset. The timer's state
lives in the items (see :mod:`okr_studio.agenda`): the current item, the seconds
counted, and when it was started while it runs, so a restart of the app loses no
time. Each call is one transaction, one change and one undo step; ``now`` (an aware
or UTC datetime) defaults to the clock, and tests pass their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from okr_studio.agenda import read_stamp, stamp, utc_now
from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.keys import ItemKey
from okr_studio.services._tx import Recorder, number, run, text_value
from okr_studio.store import Workshop
from okr_studio.vocab import AgendaState

#: The longest an agenda item may be planned for: a day.
MAX_MINUTES = 24 * 60
_ITEM_FIELDS = ("title", "planned_minutes", "elapsed_seconds")


def _minutes(value: Any) -> int:
    if isinstance(value, str):
        value = number(value, "planned time") if value.strip() else 0
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise EditRefused("The planned time is a whole number of minutes.")
    if not 0 <= value <= MAX_MINUTES:
        raise EditRefused(f"The planned time is between 0 and {MAX_MINUTES} minutes.")
    return int(value)


def _values(fields: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in _ITEM_FIELDS:
            raise EditRefused(f"“{key}” is not a field that can be edited here.")
        if key == "title":
            out[key] = text_value(value, "title")
        elif key == "planned_minutes":
            out[key] = _minutes(value)
        else:
            seconds = number(value, "time spent") or 0.0
            if seconds < 0:
                raise EditRefused("The time spent cannot be negative.")
            out[key] = seconds
    return out


def _ids(rec: Recorder) -> list[int]:
    return [r["id"] for r in rec.select("SELECT id FROM agenda_item ORDER BY position, id")]


def _place(rec: Recorder, item_id: int | None, index: int | None) -> None:
    """Put ``item_id`` at ``index`` (end when None) and renumber the agenda 0..n-1."""
    ids = [i for i in _ids(rec) if i != item_id]
    if item_id is not None:
        ids.insert(len(ids) if index is None else max(0, min(index, len(ids))), item_id)
    for position, row_id in enumerate(ids):
        rec.update("agenda_item", row_id, {"position": position})


def _add_rows(rec: Recorder, fields: Mapping[str, Any]) -> int:
    values = dict(fields)
    index = values.pop("index", None)
    values = _values(values)
    values["position"] = len(_ids(rec))
    item_id = rec.insert("agenda_item", values)
    if index is not None:
        _place(rec, item_id, index)
    return item_id


def add_agenda_item(
    ws: Workshop, title: str, planned_minutes: int = 0, *, index: int | None = None
) -> Change:
    """Add an item to the agenda ("Breakouts", 45 minutes), last or at ``index``."""

    def body(rec: Recorder) -> ItemKey:
        fields = {"title": title, "planned_minutes": planned_minutes, "index": index}
        return ("agenda_item", _add_rows(rec, fields))

    return run(ws, "Add agenda item", body)


def add_agenda_items(ws: Workshop, items: Sequence[Mapping[str, Any]]) -> Change:
    """Add several items (each with ``title``, ``planned_minutes``), last, as one step."""

    def body(rec: Recorder) -> ItemKey | None:
        added = [_add_rows(rec, item) for item in items]
        return ("agenda_item", added[0]) if added else None

    return run(ws, "Add agenda items" if len(items) != 1 else "Add agenda item", body)


def update_agenda_item(ws: Workshop, item_id: int, **fields: Any) -> Change:
    """Edit an item's ``title``, ``planned_minutes`` or ``elapsed_seconds`` (a correction)."""
    values = _values(fields)

    def body(rec: Recorder) -> ItemKey:
        rec.need("agenda_item", item_id)
        rec.update("agenda_item", item_id, values)
        return ("agenda_item", item_id)

    return run(ws, "Edit agenda item", body)


def move_agenda_item(ws: Workshop, item_id: int, index: int) -> Change:
    def body(rec: Recorder) -> ItemKey:
        rec.need("agenda_item", item_id)
        _place(rec, item_id, index)
        return ("agenda_item", item_id)

    return run(ws, "Reorder agenda", body)


def delete_agenda_item(ws: Workshop, item_id: int) -> Change:
    def body(rec: Recorder) -> None:
        rec.need("agenda_item", item_id)
        rec.delete("agenda_item", item_id)
        _place(rec, None, None)

    return run(ws, "Delete agenda item", body)


# ---- the timer ---------------------------------------------------------------------------
def _when(now: dt.datetime | None) -> dt.datetime:
    moment = now or utc_now()
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _stop(rec: Recorder, row: Mapping[str, Any], now: dt.datetime, state: str) -> None:
    """Count the time since ``row``'s timer started, stop it, and give it ``state``."""
    spent = float(row["elapsed_seconds"])
    since = read_stamp(row["running_since"])
    if since is not None:
        spent += max((now - since).total_seconds(), 0.0)
    rec.update(
        "agenda_item", row["id"], {"elapsed_seconds": spent, "running_since": "", "state": state}
    )


def _rows(rec: Recorder) -> list[dict[str, Any]]:
    return rec.select("SELECT * FROM agenda_item ORDER BY position, id")


def _current(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((r for r in rows if r["state"] == AgendaState.CURRENT.value), None)


def start_agenda_timer(
    ws: Workshop, *, item_id: int | None = None, now: dt.datetime | None = None
) -> Change:
    """Start (or resume) the timer: on ``item_id``, else on the current item, else on the
    first item still to come. Starting another item than the current one ends the
    current one (it is done)."""
    moment = _when(now)

    def body(rec: Recorder) -> ItemKey:
        rows = _rows(rec)
        current = _current(rows)
        if item_id is not None:
            target = rec.need("agenda_item", item_id)
        elif current is not None:
            target = current
        else:
            target = next((r for r in rows if r["state"] == AgendaState.WAITING.value), None)
            if target is None:
                raise EditRefused(_NOTHING_LEFT if rows else _NO_AGENDA)
        if current is not None and current["id"] != target["id"]:
            _stop(rec, current, moment, AgendaState.DONE.value)
        values: dict[str, Any] = {"state": AgendaState.CURRENT.value}
        if not target["running_since"]:
            values["running_since"] = stamp(moment)
        rec.update("agenda_item", target["id"], values)
        return ("agenda_item", target["id"])

    return run(ws, "Start timer", body)


_NO_AGENDA = "The workshop has no agenda yet: add its items first."
_NOTHING_LEFT = "Every agenda item is done; reset the agenda to run it again."


def pause_agenda_timer(ws: Workshop, *, now: dt.datetime | None = None) -> Change:
    """Pause the timer of the current item (nothing happens when it is not running)."""
    moment = _when(now)

    def body(rec: Recorder) -> ItemKey | None:
        current = _current(_rows(rec))
        if current is None or not current["running_since"]:
            return None
        _stop(rec, current, moment, AgendaState.CURRENT.value)
        return ("agenda_item", current["id"])

    return run(ws, "Pause timer", body)


def next_agenda_item(ws: Workshop, *, now: dt.datetime | None = None) -> Change:
    """The current item is done; the next one still to come becomes current, its timer
    running if the current one's was (before the start: the first item, paused)."""
    moment = _when(now)

    def body(rec: Recorder) -> ItemKey | None:
        rows = _rows(rec)
        if not rows:
            raise EditRefused(_NO_AGENDA)
        current = _current(rows)
        running = current is not None and bool(current["running_since"])
        after = rows[rows.index(current) + 1 :] if current is not None else rows
        waiting = [r for r in after if r["state"] == AgendaState.WAITING.value]
        waiting = waiting or [r for r in rows if r["state"] == AgendaState.WAITING.value]
        if current is not None:
            _stop(rec, current, moment, AgendaState.DONE.value)
        elif not waiting:
            raise EditRefused(_NOTHING_LEFT)
        if not waiting:
            return ("agenda_item", current["id"]) if current is not None else None
        values = {"state": AgendaState.CURRENT.value}
        if running:
            values["running_since"] = stamp(moment)
        rec.update("agenda_item", waiting[0]["id"], values)
        return ("agenda_item", waiting[0]["id"])

    return run(ws, "Next agenda item", body)


def reset_agenda(ws: Workshop) -> Change:
    """Every item to come again, with no time spent and the timer stopped."""

    def body(rec: Recorder) -> None:
        fresh = {"state": AgendaState.WAITING.value, "elapsed_seconds": 0.0, "running_since": ""}
        for row in _rows(rec):
            rec.update("agenda_item", row["id"], fresh)

    return run(ws, "Reset agenda", body)
