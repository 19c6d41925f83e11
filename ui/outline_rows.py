"""What the outline shows for an item, without Qt: a row's text and tooltip, the rows
under a container, the container a changed row belongs to and the path of containers
from the top down to an item (to make a deep row on demand)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okr_studio.numbers import format_number

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.keys import ItemKey

ROOT: ItemKey = ("root", 0)


def _fmt_number(value: float | None) -> str:
    return format_number(value, empty="?")


def item_text(data: WorkshopData, key: ItemKey) -> tuple[str, str]:
    """(text, tooltip) of an outline row."""
    kind, item_id = key
    if kind == "unit":
        unit = data.units[item_id]
        name = unit.name or "(unnamed unit)"
        return name, f"{unit.level.capitalize() or 'Unit'}: {name}"
    if kind == "objective":
        obj = data.objectives[item_id]
        title = obj.title or "(untitled objective)"
        owner = data.person_name(obj.owner_id)
        return title, f"Objective: {title}" + (f"\nOwner: {owner}" if owner else "")
    kr = data.key_results[item_id]
    title = kr.title or "(untitled key result)"
    measure = ""
    if kr.baseline is not None or kr.target is not None:
        measure = f"{_fmt_number(kr.baseline)} → {_fmt_number(kr.target)}"
        if kr.unit_of_measure:
            measure += f" {kr.unit_of_measure}"
    text = f"{title}   [{measure}]" if measure else title
    owner = data.person_name(kr.owner_id)
    return text, f"Key result: {title}" + (f"\nOwner: {owner}" if owner else "")


def children_keys(data: WorkshopData, key: ItemKey) -> list[ItemKey]:
    kind, item_id = key
    if kind == "root":
        return [("unit", u.id) for u in data.root_units()]
    if kind == "unit":
        return [("objective", o.id) for o in data.objectives_of(item_id)] + [
            ("unit", u.id) for u in data.child_units(item_id)
        ]
    if kind == "objective":
        return [("key_result", k.id) for k in data.key_results_of(item_id)]
    return []


def container_of(table: str, row: dict) -> ItemKey | None:
    if table == "unit":
        return ("unit", row["parent_id"]) if row.get("parent_id") is not None else ROOT
    if table == "objective":
        return ("unit", row["unit_id"])
    if table == "key_result":
        return ("objective", row["objective_id"])
    return None


def has_children(data: WorkshopData, key: ItemKey) -> bool:
    """Whether the container ``key`` has rows under it (its expand arrow is shown)."""
    kind, item_id = key
    if kind == "unit":
        return bool(data.objectives_of(item_id) or data.child_units(item_id))
    if kind == "objective":
        return bool(data.key_results_of(item_id))
    return kind == "root" and bool(data.root_units())


def containers_above(data: WorkshopData, key: ItemKey) -> list[ItemKey] | None:
    """The containers from the top down to the one holding ``key`` (ROOT first); None
    when ``key`` is not in the data."""
    kind, item_id = key
    unit_id: int | None
    tail: list[ItemKey] = []
    if kind == "key_result":
        kr = data.key_results.get(item_id)
        if kr is None or kr.objective_id not in data.objectives:
            return None
        tail = [("objective", kr.objective_id)]
        unit_id = data.objectives[kr.objective_id].unit_id
    elif kind == "objective":
        obj = data.objectives.get(item_id)
        if obj is None:
            return None
        unit_id = obj.unit_id
    elif kind == "unit":
        if item_id not in data.units:
            return None
        unit_id = data.units[item_id].parent_id
    else:
        return None
    if unit_id is None:
        return [ROOT, *tail]
    if unit_id not in data.units:
        return None
    chain = [unit_id, *(u.id for u in data.unit_ancestors(unit_id))]
    return [ROOT, *(("unit", u) for u in reversed(chain)), *tail]
