"""Services for the notes raised in the room: questions, parked topics, decisions, actions.

A note is about the workshop (``item=None``) or about one unit, objective or key result
(``item=("objective", 12)``); it names the item by its stable id (see
:mod:`okr_studio.room_notes`), so **deleting an item keeps its notes**: nothing about
the note changes, it counts as the workshop's from then on and still says what it was
about, and undoing the delete finds it attached again. Deleting a person leaves their
actions with nobody (recorded, so undo gives them back). Each call is one transaction,
one change and one undo step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.keys import ItemKey
from okr_studio.room_notes import NOTE_ITEM_KINDS
from okr_studio.services._common import clean, owner_from_name
from okr_studio.services._tx import Recorder, choice, run
from okr_studio.store import Workshop
from okr_studio.vocab import NoteKind, NoteStatus

#: The fields :func:`add_note` and :func:`update_note` take (besides ``item`` and
#: ``owner_name``).
NOTE_FIELDS = ("kind", "text", "owner_id", "due_date", "status", "created_at")
_TITLE = {"unit": "name", "objective": "title", "key_result": "title"}


def _label(verb: str, kind: str) -> str:
    """ "Add decision", "Close question": the step's name in the Undo menu."""
    try:
        noun = NoteKind(kind).label.lower()
    except ValueError:
        noun = "note"
    return f"{verb} {noun}"


def _attach(rec: Recorder, item: ItemKey | None) -> dict[str, str]:
    """The columns that name what a note is about."""
    if item is None:
        return {"item_kind": "", "item_uid": "", "about": ""}
    kind, item_id = item
    if kind not in NOTE_ITEM_KINDS:
        raise EditRefused("A note can be about the workshop, a unit, an objective or a key result.")
    row = rec.need(kind, item_id)
    return {"item_kind": kind, "item_uid": row["uid"], "about": row[_TITLE[kind]]}


def _values(rec: Recorder, fields: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    values.pop("item", None)
    owner_from_name(rec, values)
    out: dict[str, Any] = {}
    if "kind" in values:
        out["kind"] = choice(values.pop("kind"), NoteKind, "kind of note")
    if "status" in values:
        out["status"] = choice(values.pop("status"), NoteStatus, "state of a note")
    out.update(clean(values, NOTE_FIELDS))
    if out.get("owner_id") is not None:
        rec.need("person", out["owner_id"])
    if "item" in fields:
        out.update(_attach(rec, fields["item"]))
    return out


def _next_position(rec: Recorder) -> int:
    value = rec.scalar("SELECT MAX(position) FROM note")
    return 0 if value is None else int(value) + 1


def add_note(
    ws: Workshop,
    kind: str,
    text: str = "",
    *,
    item: ItemKey | None = None,
    **fields: Any,
) -> Change:
    """Add a note of ``kind`` ("question", "parked", "decision", "action") about ``item``
    (None: the workshop), last in order. ``fields``: ``owner_name`` (finds or adds the
    person) or ``owner_id``, ``due_date``, ``status``, ``created_at`` (ISO 8601; default
    now). The change's subject is ("note", id)."""

    def body(rec: Recorder) -> ItemKey:
        values = _values(rec, {"kind": kind, "text": text, "item": item, **fields})
        values.setdefault("created_at", dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat())
        values["position"] = _next_position(rec)
        return ("note", rec.insert("note", values))

    return run(ws, _label("Add", kind), body)


def update_note(ws: Workshop, note_id: int, **fields: Any) -> Change:
    """Edit a note: ``kind``, ``text``, ``owner_name`` / ``owner_id``, ``due_date``,
    ``status`` ("open" / "closed") or ``item`` (what it is about; None the workshop)."""

    def body(rec: Recorder) -> ItemKey:
        before = rec.need("note", note_id)
        rec.update("note", note_id, _values(rec, fields))
        return ("note", before["id"])

    label = "Edit note"
    if set(fields) == {"status"}:
        verb = "Close" if fields["status"] == NoteStatus.CLOSED.value else "Reopen"
        label = f"{verb} note"
    return run(ws, label, body)


def close_note(ws: Workshop, note_id: int) -> Change:
    """Mark a note done (answered, settled, carried out)."""
    return update_note(ws, note_id, status=NoteStatus.CLOSED.value)


def reopen_note(ws: Workshop, note_id: int) -> Change:
    return update_note(ws, note_id, status=NoteStatus.OPEN.value)


def move_note(ws: Workshop, note_id: int, index: int) -> Change:
    """Put a note at ``index`` among all notes (0 first) and renumber them."""

    def body(rec: Recorder) -> ItemKey:
        rec.need("note", note_id)
        ids = [r["id"] for r in rec.select("SELECT id FROM note ORDER BY position, id")]
        ids.remove(note_id)
        ids.insert(max(0, min(index, len(ids))), note_id)
        for position, row_id in enumerate(ids):
            rec.update("note", row_id, {"position": position})
        return ("note", note_id)

    return run(ws, "Reorder notes", body)


def delete_note(ws: Workshop, note_id: int) -> Change:
    def body(rec: Recorder) -> None:
        rec.need("note", note_id)
        rec.delete("note", note_id)

    return run(ws, "Delete note", body)
