"""The interchange in memory: items keyed by stable id, and a workshop seen as them.

Every way in and out of a workshop (JSON, CSV, XLSX, outlines, paste, breakout
files) turns into a :class:`Side`: the workshop's items in order, each an
:class:`Item` of one kind (``workshop``, ``person``, ``unit``, ``objective``,
``key_result``, ``accepted_finding``) keyed by its stable id, whose values are
the fields of the interchange models in :mod:`okr_studio.model` (references —
``parent``, ``aligned_to``, ``owner``, ``item`` — are stable ids). The diff
engine (:mod:`okr_studio.exchange.diff`) compares sides; the readers make them,
the writers print them.

The field lists come from the interchange models (:func:`fields_of`), which are
loaded the first time they are needed (SQLModel stays off the app's start-up).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from okr_studio.data import WorkshopData

#: The kinds of item, parents before children (the order they are written and applied).
KINDS: tuple[str, ...] = (
    "workshop",
    "person",
    "unit",
    "objective",
    "key_result",
    "check_in",
    "initiative",
    "accepted_finding",
    "agenda_item",
    "note",
)
#: The kinds that form the tree (rows of the flat table).
TREE_KINDS: tuple[str, ...] = ("unit", "objective", "key_result")
#: ``kind -> the kind its parent is`` (None: a top unit has no parent).
PARENT_KIND: dict[str, str] = {
    "unit": "unit",
    "objective": "unit",
    "key_result": "objective",
    "check_in": "key_result",
    "initiative": "key_result",
}
#: The key of the one workshop item.
WORKSHOP_KEY = "workshop"
#: Fields holding a stable id of another item, and that item's kind.
REFERENCE_KIND: dict[tuple[str, str], str] = {
    ("unit", "parent"): "unit",
    ("objective", "parent"): "unit",
    ("objective", "aligned_to"): "key_result",
    ("objective", "owner"): "person",
    ("key_result", "parent"): "objective",
    ("key_result", "owner"): "person",
    ("check_in", "parent"): "key_result",
    ("check_in", "person"): "person",
    ("initiative", "parent"): "key_result",
    ("initiative", "owner"): "person",
    ("note", "owner"): "person",
}
#: How an item names itself: its title field.
TITLE_FIELD = {
    "workshop": "name",
    "person": "name",
    "unit": "name",
    "objective": "title",
    "key_result": "title",
    "check_in": "comment",
    "initiative": "title",
    "accepted_finding": "code",
    "agenda_item": "title",
    "note": "text",
}
#: ``kind -> the attribute of WorkshopData`` holding its rows.
_DATA_ATTR = {
    "person": "people",
    "unit": "units",
    "objective": "objectives",
    "key_result": "key_results",
    "check_in": "check_ins",
    "initiative": "initiatives",
}

Ref = tuple[str, str]  # (kind, key)


@cache
def fields_of(kind: str) -> tuple[str, ...]:
    """The interchange fields of ``kind`` (its model's fields but ``id``), in model order."""
    from okr_studio.model import EXCHANGE_ROWS

    table = "workshop" if kind == "workshop" else kind
    return tuple(name for name in EXCHANGE_ROWS[table].model_fields if name != "id")


def finding_key(code: str, item_type: str, item: str) -> str:
    """The key of an accepted finding: what it is about and which rule."""
    return f"{code}|{item_type}|{item}"


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a side: its kind, key (stable id), values, and where it was read."""

    kind: str
    key: str
    values: Mapping[str, Any]
    #: The row (tables) or line (outlines) it was read from; None for a workshop's items.
    line: int | None = None

    @property
    def ref(self) -> Ref:
        return (self.kind, self.key)

    @property
    def title(self) -> str:
        if self.kind == "check_in":  # "2027-02-01: 42"
            return f"{self.values.get('date', '')}: {self.values.get('value', '')}"
        return str(self.values.get(TITLE_FIELD[self.kind]) or "")

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def with_values(self, **values: Any) -> Item:
        return Item(self.kind, self.key, {**self.values, **values}, self.line)


@dataclass
class Side:
    """A workshop as items, in order: each kind's items in the order of its siblings."""

    items: dict[Ref, Item] = field(default_factory=dict)
    #: The workshop's own stable id ("" when the source does not say).
    workshop_id: str = ""

    def add(self, item: Item) -> None:
        self.items[item.ref] = item

    def get(self, kind: str, key: str | None) -> Item | None:
        return self.items.get((kind, key)) if key is not None else None

    def __contains__(self, ref: object) -> bool:
        return ref in self.items

    def __len__(self) -> int:
        return len(self.items)

    def of_kind(self, kind: str) -> Iterator[Item]:
        return (item for item in self.items.values() if item.kind == kind)

    def of_kind_list(self, kind: str) -> list[Item]:
        return list(self.of_kind(kind))

    @property
    def workshop(self) -> Item | None:
        return self.items.get(("workshop", WORKSHOP_KEY))

    def kind_of(self, key: str) -> str | None:
        """The kind of the item with stable id ``key``, looked up among the tree and people."""
        for kind in ("unit", "objective", "key_result", "person", "check_in", "initiative"):
            if (kind, key) in self.items:
                return kind
        return None

    def children(self, kind: str, parent: str | None) -> list[Item]:
        return [i for i in self.of_kind(kind) if i.get("parent") == parent]

    def ordered(self) -> Side:
        """The same items with the kinds in :data:`KINDS` order (stable within a kind)."""
        out = Side(workshop_id=self.workshop_id)
        for kind in KINDS:
            for item in self.of_kind(kind):
                out.add(item)
        return out

    def fingerprint(self) -> str:
        """A digest of every item and value, in order (the workshop's own id left out)."""
        h = hashlib.sha256()
        for item in self.items.values():
            values = sorted(item.values.items())
            h.update(repr((item.kind, item.key, values)).encode("utf-8", "surrogatepass"))
        return h.hexdigest()


# ---- a workshop as a side ------------------------------------------------------------------
def _value(value: Any) -> Any:
    return value.value if hasattr(value, "value") and not isinstance(value, dt.date) else value


def _uid_of(data: WorkshopData, kind: str, row_id: int | None) -> str | None:
    if row_id is None:
        return None
    rows = getattr(data, _DATA_ATTR[kind])
    row = rows.get(row_id)
    return row.uid if row is not None and row.uid else None


def _tree_values(data: WorkshopData, kind: str, row: Any) -> dict[str, Any]:
    from okr_studio.model import EXCHANGE_LINKS

    links = {f: c for c, f in EXCHANGE_LINKS.get(kind, {}).items()}
    out: dict[str, Any] = {}
    for name in fields_of(kind):
        column = links.get(name)
        if column is None:
            out[name] = _value(getattr(row, name))
            continue
        target = REFERENCE_KIND[(kind, name)]
        out[name] = _uid_of(data, target, getattr(row, column))
    return out


def _units_in_order(data: WorkshopData) -> Iterable[Any]:
    seen: set[int] = set()
    for unit in data.walk_units():
        seen.add(unit.id)
        yield unit
    # units in a loop of parents (a damaged file) still leave
    for unit in sorted(data.units.values(), key=lambda u: (u.position, u.id)):
        if unit.id not in seen:
            yield unit


def side_from_workshop(data: WorkshopData) -> Side:
    """Every item of a workshop, in tree order (units depth first, then their objectives
    and key results), people by their row order, then accepted findings, the agenda and
    the notes of the room."""
    side = Side(workshop_id=data.info.uid)
    info = {name: _value(getattr(data.info, name, "")) for name in fields_of("workshop")}
    side.add(Item("workshop", WORKSHOP_KEY, info))
    for person in sorted(data.people.values(), key=lambda p: p.id):
        side.add(Item("person", person.uid, _tree_values(data, "person", person)))
    units = list(_units_in_order(data))
    for unit in units:
        side.add(Item("unit", unit.uid, _tree_values(data, "unit", unit)))
    for unit in units:
        for obj in data.objectives_of(unit.id):
            side.add(Item("objective", obj.uid, _tree_values(data, "objective", obj)))
    krs = [
        kr
        for unit in units
        for obj in data.objectives_of(unit.id)
        for kr in data.key_results_of(obj.id)
    ]
    for kr in krs:
        side.add(Item("key_result", kr.uid, _tree_values(data, "key_result", kr)))
    by_kr: dict[int, list[Any]] = {}
    for check_in in sorted(data.check_ins.values(), key=lambda c: (c.date, c.id)):
        by_kr.setdefault(check_in.key_result_id, []).append(check_in)
    for initiative in sorted(data.initiatives.values(), key=lambda i: (i.position, i.id)):
        by_kr.setdefault(initiative.key_result_id, []).append(initiative)
    for kind in ("check_in", "initiative"):
        for kr in krs:
            for row in by_kr.get(kr.id, []):
                if (kind == "check_in") == hasattr(row, "value"):
                    side.add(Item(kind, row.uid, _tree_values(data, kind, row)))
    for accepted in sorted(data.accepted.values(), key=lambda a: a.id):
        kind = accepted.item_kind
        item = _uid_of(data, kind, accepted.item_id) if kind in _DATA_ATTR else None
        if item is None:
            continue  # about an item that is gone: nothing shows it, nothing exports it
        values = {
            "code": accepted.code,
            "item": item,
            "item_type": kind,
            "reason": accepted.reason,
            "accepted_at": accepted.accepted_at,
        }
        side.add(Item("accepted_finding", finding_key(accepted.code, kind, item), values))
    for kind, rows in (("agenda_item", data.agenda), ("note", data.notes)):
        for row in sorted(rows.values(), key=lambda r: (r.position, r.id)):
            side.add(Item(kind, row.uid, _tree_values(data, kind, row)))
    return side


def empty_side() -> Side:
    """What a new, empty workshop looks like (its details blank)."""
    from okr_studio.model import WorkshopRow

    info = WorkshopRow().model_dump(exclude={"id"})
    side = Side()
    side.add(Item("workshop", WORKSHOP_KEY, {k: _value(v) for k, v in info.items()}))
    return side
