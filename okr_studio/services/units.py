"""Services for the organisation tree: add, rename, move and delete units.

:func:`delete_items` deletes any mix of units, objectives and key results as
one step (the UI's "delete the selection").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.keys import ItemKey
from okr_studio.services._common import UNIT_FIELDS, clean, next_position, place
from okr_studio.services._tx import Recorder, run
from okr_studio.services.okrs import delete_key_result_rows, delete_objective_rows
from okr_studio.store import Workshop


def add_unit(
    ws: Workshop,
    name: str,
    level: str = "team",
    parent_id: int | None = None,
    *,
    index: int | None = None,
) -> Change:
    values = clean({"name": name, "level": level, "parent_id": parent_id}, UNIT_FIELDS)

    def body(rec: Recorder) -> tuple[str, int]:
        if parent_id is not None:
            rec.need("unit", parent_id)
        values["position"] = next_position(rec, "unit", "parent_id", parent_id)
        unit_id = rec.insert("unit", values)
        if index is not None:
            place(rec, "unit", "parent_id", parent_id, unit_id, index)
        return ("unit", unit_id)

    return run(ws, f"Add {level or 'unit'}", body)


def update_unit(ws: Workshop, unit_id: int, **fields: Any) -> Change:
    values = clean(fields, ("name", "level"))

    def body(rec: Recorder) -> tuple[str, int]:
        rec.update("unit", unit_id, values)
        return ("unit", unit_id)

    label = "Rename unit" if set(values) == {"name"} else "Edit unit"
    return run(ws, label, body)


def rename_unit(ws: Workshop, unit_id: int, name: str) -> Change:
    return update_unit(ws, unit_id, name=name)


def move_unit(
    ws: Workshop, unit_id: int, new_parent_id: int | None, index: int | None = None
) -> Change:
    """Move a unit under another parent (or to the top), at ``index`` among its siblings."""

    def body(rec: Recorder) -> tuple[str, int]:
        unit = rec.need("unit", unit_id)
        if new_parent_id is not None:
            rec.need("unit", new_parent_id)
            walk: int | None = new_parent_id
            while walk is not None:
                if walk == unit_id:
                    raise EditRefused(
                        "A unit cannot be moved under itself or under one of its own units."
                    )
                walk = rec.need("unit", walk)["parent_id"]
        old_parent = unit["parent_id"]
        if old_parent != new_parent_id:
            rec.update("unit", unit_id, {"parent_id": new_parent_id})
            place(rec, "unit", "parent_id", old_parent, None)  # close the gap
        place(rec, "unit", "parent_id", new_parent_id, unit_id, index)
        return ("unit", unit_id)

    return run(ws, "Move unit", body)


def delete_unit_rows(rec: Recorder, unit_id: int) -> None:
    """Delete a unit, its units below, their objectives and key results (all recorded)."""
    for child in rec.select(
        "SELECT id FROM unit WHERE parent_id = :u ORDER BY position DESC, id DESC", u=unit_id
    ):
        delete_unit_rows(rec, child["id"])
    for obj in rec.select(
        "SELECT id FROM objective WHERE unit_id = :u ORDER BY position DESC, id DESC", u=unit_id
    ):
        delete_objective_rows(rec, obj["id"])
    rec.delete("unit", unit_id)


def delete_unit(ws: Workshop, unit_id: int) -> Change:
    def body(rec: Recorder) -> None:
        parent = rec.need("unit", unit_id)["parent_id"]
        delete_unit_rows(rec, unit_id)
        place(rec, "unit", "parent_id", parent, None)
        return

    return run(ws, "Delete unit", body)


#: Per kind: the column naming the item's container, and what deleting it takes with it.
_DELETABLE: dict[str, tuple[str, Callable[[Recorder, int], None]]] = {
    "unit": ("parent_id", delete_unit_rows),
    "objective": ("unit_id", delete_objective_rows),
    "key_result": ("objective_id", delete_key_result_rows),
}
_SINGLE_LABELS = {"unit": "Delete unit", "objective": "Delete objective"}


def delete_items(ws: Workshop, keys: Sequence[ItemKey]) -> Change:
    """Delete several units, objectives and key results, in one transaction and one step.

    Each goes with what it holds (as :func:`delete_unit` and the others do). An item
    that goes anyway with another one of ``keys`` (a key result of a deleted
    objective, a unit below a deleted unit) is simply part of that one; every item
    must still be in the workshop, else nothing is deleted.
    """
    wanted = list(dict.fromkeys(keys))
    for kind, _item_id in wanted:
        if kind not in _DELETABLE:
            raise EditRefused(f"A {kind.replace('_', ' ')} cannot be deleted this way.")
    rank = list(_DELETABLE)  # units first: what they hold is not deleted twice

    def body(rec: Recorder) -> None:
        for kind, item_id in wanted:
            rec.need(kind, item_id)
        gaps: dict[tuple[str, str, int | None], None] = {}
        for kind, item_id in sorted(wanted, key=lambda k: rank.index(k[0])):
            row = rec.get(kind, item_id)
            if row is None:  # went with a unit or an objective deleted just before
                continue
            column, delete_rows = _DELETABLE[kind]
            delete_rows(rec, item_id)
            gaps[(kind, column, row[column])] = None
        for table, column, parent in gaps:  # close the gaps among the siblings left
            place(rec, table, column, parent, None)

    if len(wanted) == 1:
        label = _SINGLE_LABELS.get(wanted[0][0], "Delete key result")
    else:
        label = f"Delete {len(wanted)} items"
    return run(ws, label, body)
