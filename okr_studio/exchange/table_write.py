"""A workshop (a side) as the flat table: the header row and one row per item.

Rows come in tree order: a unit, its objectives each followed by its key
results, then the units below it. Cells are typed values (text, numbers,
dates, None); the CSV and XLSX writers format them. Choices are written as
their labels ("Keep above"); the readers take labels and values alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from okr_studio.exchange.cells import field_kind
from okr_studio.exchange.columns import Column, columns
from okr_studio.exchange.items import Item, Side, fields_of

_TYPE_LABELS = {"unit": "Unit", "objective": "Objective", "key_result": "Key result"}


def headers() -> list[str]:
    return [c.header for c in columns()]


def tree_order(side: Side) -> Iterator[Item]:
    """Units depth first; after each unit its objectives, each followed by its key results."""
    units: dict[str | None, list[Item]] = {}
    for unit in side.of_kind("unit"):
        units.setdefault(unit.get("parent"), []).append(unit)
    objectives: dict[str | None, list[Item]] = {}
    for obj in side.of_kind("objective"):
        objectives.setdefault(obj.get("parent"), []).append(obj)
    krs: dict[str | None, list[Item]] = {}
    for kr in side.of_kind("key_result"):
        krs.setdefault(kr.get("parent"), []).append(kr)
    known = {u.key for u in side.of_kind("unit")}
    seen: set[str] = set()
    stack = [u for u in reversed(side.of_kind_list("unit")) if u.get("parent") not in known]
    while stack:
        unit = stack.pop()
        if unit.key in seen:
            continue
        seen.add(unit.key)
        yield unit
        for obj in objectives.get(unit.key, []):
            yield obj
            yield from krs.get(obj.key, [])
        stack.extend(reversed(units.get(unit.key, [])))


def _choice_label(kind: str, name: str, value: Any) -> Any:
    choices = field_kind(kind, name)
    if isinstance(choices, type) and issubclass(choices, Enum) and value is not None:
        try:
            return getattr(choices(value), "label", value)
        except ValueError:
            return value
    return value


def _cell(column: Column, item: Item, side: Side) -> Any:
    field = column.field
    if item.kind not in column.kinds:
        return None
    if field == "id":
        return item.key
    if field == "type":
        return _TYPE_LABELS[item.kind]
    if field == "title":
        return item.title
    if field in ("owner", "owner_email"):
        person = side.get("person", item.get("owner"))
        if person is None:
            return None
        return person.get("name") if field == "owner" else person.get("email") or None
    if field not in fields_of(item.kind):
        return None
    return _choice_label(item.kind, field, item.get(field))


def table_rows(side: Side, items: list[Item] | None = None) -> list[list[Any]]:
    """One row of cells per unit, objective and key result (``items``: only those)."""
    cols = columns()
    chosen = items if items is not None else list(tree_order(side))
    return [[_cell(c, item, side) for c in cols] for item in chosen]
