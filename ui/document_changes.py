"""An undo step (:class:`ServiceCommand`), what it is about and where it sits: the items
a change names, and the item holding each (where the selection goes after an undo or
redo)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from okr_studio.data import WorkshopData
from okr_studio.events import Change, RowChange
from okr_studio.keys import ItemKey

if TYPE_CHECKING:
    from ui.document import Document

_ITEM_TABLES = ("unit", "objective", "key_result")
#: The column of each item table that names the item holding it.
_HOLDER = {
    "unit": ("unit", "parent_id"),
    "objective": ("unit", "unit_id"),
    "key_result": ("objective", "objective_id"),
}


def _holder(row: RowChange) -> ItemKey | None:
    values = row.after if row.after is not None else row.before
    kind, column = _HOLDER[row.table]
    parent = values[column] if values is not None else None
    return (kind, parent) if parent is not None else None


def subjects_of(change: Change) -> list[ItemKey]:
    """The items a change is about: its subject; or (a delete has none) each item it
    added or removed that was not inside another item it added or removed."""
    if change.subject is not None:
        return [change.subject]
    whole = {
        (r.table, r.id): r for r in change.rows if r.kind != "changed" and r.table in _ITEM_TABLES
    }
    tops = [key for key, row in whole.items() if _holder(row) not in whole]
    return sorted(tops, key=lambda k: _ITEM_TABLES.index(k[0]))


def container_of(data: WorkshopData, key: ItemKey) -> ItemKey | None:
    """Where an item sits: a key result's objective, an objective's parent key result
    (or its unit), a unit's parent unit."""
    kind, item_id = key
    if kind == "key_result" and item_id in data.key_results:
        return ("objective", data.key_results[item_id].objective_id)
    if kind == "objective" and item_id in data.objectives:
        obj = data.objectives[item_id]
        return ("key_result", obj.parent_kr_id) if obj.parent_kr_id else ("unit", obj.unit_id)
    if kind == "unit" and item_id in data.units:
        parent = data.units[item_id].parent_id
        return ("unit", parent) if parent is not None else None
    return None


class ServiceCommand(QUndoCommand):
    """An undo step holding one recorded change."""

    def __init__(self, document: Document, change: Change) -> None:
        super().__init__(change.label)
        self.document = document
        self.change = change
        self._first = True

    def redo(self) -> None:
        if self._first:  # the service already ran when the command was made
            self._first = False
            return
        self.document._replay(self.change, "redo")

    def undo(self) -> None:
        self.document._replay(self.change.inverse(), "undo")
