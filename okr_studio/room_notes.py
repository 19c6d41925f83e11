"""The notes raised in the room: questions, parked topics, decisions and actions.

A note is about the workshop or about one unit, objective or key result. It names
its item by the item's stable id (``item_uid``), not by a row link, so that nothing
said in the room is lost: when the item is deleted, the note stays, counts as the
workshop's, and still says what it was ``about`` (the item's title when the note was
attached); undoing the delete brings the item back with the same stable id, and the
note is attached to it again, exactly as before (the note itself never changed).

The services are in :mod:`okr_studio.services.notes`; the functions here read a
snapshot: which notes are about an item, about the workshop, or concern a team.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okr_studio.keys import ItemKey

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData

#: The kinds of item a note can be about (besides the workshop).
NOTE_ITEM_KINDS = ("unit", "objective", "key_result")


@dataclass(frozen=True, slots=True)
class NoteData:
    id: int
    #: A :class:`~okr_studio.vocab.NoteKind`: question, parked, decision or action.
    kind: str = "question"
    text: str = ""
    #: "unit", "objective" or "key_result"; "" when the note is about the workshop.
    item_kind: str = ""
    item_uid: str = ""
    #: The item's title when the note was attached to it.
    about: str = ""
    owner_id: int | None = None
    due_date: dt.date | None = None
    #: A :class:`~okr_studio.vocab.NoteStatus`: open or closed.
    status: str = "open"
    created_at: str = ""
    position: int = 0
    uid: str = ""

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def notes_in_order(data: WorkshopData, kinds: Iterable[str] | None = None) -> list[NoteData]:
    """Every note in order, or those of ``kinds``."""
    wanted = None if kinds is None else frozenset(kinds)
    notes = (n for n in data.notes.values() if wanted is None or n.kind in wanted)
    return sorted(notes, key=lambda n: (n.position, n.id))


def item_of(data: WorkshopData, note: NoteData) -> ItemKey | None:
    """The item the note is about, as it is in the workshop now; None for the workshop
    or for an item no longer there."""
    if not note.item_uid:
        return None
    found = data.by_uid.get(note.item_uid)
    if found is None or found[0] not in NOTE_ITEM_KINDS:
        return None
    return found


def is_orphaned(data: WorkshopData, note: NoteData) -> bool:
    """True for a note whose item was deleted (it now counts as the workshop's)."""
    return bool(note.item_uid) and item_of(data, note) is None


def notes_about(data: WorkshopData, key: ItemKey | None) -> list[NoteData]:
    """The notes about item ``key``; with None, the workshop's own notes and those whose
    item was deleted."""
    return [n for n in notes_in_order(data) if item_of(data, n) == key]


def unit_of_item(data: WorkshopData, key: ItemKey | None) -> int | None:
    """The unit an item belongs to (a unit is its own); None for the workshop."""
    if key is None:
        return None
    kind, item_id = key
    if kind == "unit":
        return item_id
    if kind == "objective":
        return data.objectives[item_id].unit_id
    if kind == "key_result":
        return data.objective_of_kr(item_id).unit_id
    return None


def notes_of_unit(data: WorkshopData, unit_id: int, kinds: Iterable[str]) -> list[NoteData]:
    """The notes of ``kinds`` a team's sheet carries: those about the unit, its
    objectives and their key results, and about the key results its objectives support
    (a decision about a parent key result concerns the teams that cascade it)."""
    wanted = frozenset(kinds)
    supported = {o.parent_kr_id for o in data.objectives_of(unit_id) if o.parent_kr_id}
    out = []
    for note in notes_in_order(data, wanted):
        key = item_of(data, note)
        if key is None:
            continue
        if unit_of_item(data, key) == unit_id or (key[0] == "key_result" and key[1] in supported):
            out.append(note)
    return out
