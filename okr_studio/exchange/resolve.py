"""Incoming items made ready to compare with a workshop: references and owners resolved.

Readers leave open what only the workshop can answer (see
:mod:`okr_studio.exchange.incoming`); :func:`resolve` answers it:

- items the file gives no id are matched by place and title with the workshop's
  (a unit of the same name under the same parent, an objective of the same
  title in the same unit, a key result of the same title under the same
  objective), so importing the same sheet twice adds nothing twice;
- parents and parent key results named by title are found in the file, then in
  the workshop; one that is nowhere is a problem (an objective or unit goes
  under the unit imported into, a key result is left out, an alignment dropped);
- items without a parent go under the unit imported into (a new workshop gets a
  top unit named after the file for objectives that name none);
- owners named by text are the workshop's person with that e-mail address, else
  with that name, else a new person (one per name and address);
- every value is checked as the services check it (a bad one is left out);
- an alignment or a unit parent that would go round in a circle is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from okr_studio.data import name_key
from okr_studio.errors import EditRefused
from okr_studio.exchange.columns import fold
from okr_studio.exchange.incoming import Incoming, OwnerText, RefText
from okr_studio.exchange.items import PARENT_KIND, TREE_KINDS, Item, Side
from okr_studio.exchange.problems import Problem, Severity, shown
from okr_studio.vocab import new_uid

_UNIT_OF_LINE = {"json": "entry", "markdown": "line", "text": "line"}
_KIND_WORDS = {
    "unit": "unit",
    "objective": "objective",
    "key_result": "key result",
    "check_in": "check-in",
    "initiative": "initiative",
}


@dataclass
class Resolved:
    theirs: Side
    problems: list[Problem] = field(default_factory=list)


class _Resolver:
    def __init__(self, incoming: Incoming, ours: Side, under: str | None) -> None:
        self.incoming = incoming
        self.ours = ours
        self.under = under
        self.theirs = Side(workshop_id=incoming.side.workshop_id)
        self.problems: list[Problem] = []
        self.unit = _UNIT_OF_LINE.get(incoming.format, "row")
        self.titles: dict[tuple[str, str], list[str]] = {}
        for item in ours.items.values():
            if item.kind in TREE_KINDS:
                self.titles.setdefault((item.kind, fold(item.title)), []).append(item.key)
        self.people: dict[str, str] = {}  # "e:" + e-mail / "n:" + name -> person uid
        for person in ours.of_kind("person"):
            self._index_person(person)
        self.default_unit: str | None = None
        #: An outline's top unit for what it does not place (see :func:`resolve`).
        self.outline_root: str | None = None

    def _index_person(self, person: Item) -> None:
        email = str(person.get("email") or "").strip().casefold()
        if email:
            self.people.setdefault("e:" + email, person.key)
        name = name_key(str(person.get("name") or ""))
        if name:
            self.people.setdefault("n:" + name, person.key)

    def problem(
        self, item: Item, message: str, column: str = "", severity: Severity = "warning"
    ) -> None:
        self.problems.append(Problem(message, item.line, self.unit, self.header(column), severity))

    def header(self, field: str) -> str:
        """A field as the file names it: its column's header in a table."""
        table = self.incoming.table
        if not field or table is None:
            return field
        for header, mapped in zip(table.headers, self.incoming.mapping, strict=False):
            if mapped == field:
                return str(header)
        from okr_studio.exchange.columns import columns

        return next((c.header for c in columns() if c.field == field), field)

    def exists(self, kind: str, key: Any) -> bool:
        return isinstance(key, str) and ((kind, key) in self.theirs or (kind, key) in self.ours)

    # ---- matching items without ids --------------------------------------------------
    def match_made_up(self, items: list[Item]) -> dict[str, str]:
        """``made-up key -> the workshop's key`` for items found there by place and title."""
        renamed: dict[str, str] = {}
        made_up = self.incoming.made_up
        children: dict[tuple[str, Any, str], str] = {}
        for item in self.ours.items.values():
            if item.kind in TREE_KINDS:
                children.setdefault((item.kind, item.get("parent"), fold(item.title)), item.key)
        for kind in TREE_KINDS:
            for item in items:
                if item.kind != kind or item.key not in made_up or (kind, item.key) in self.ours:
                    continue
                parent = item.get("parent")
                parent = renamed.get(parent, parent) if isinstance(parent, str) else parent
                if parent is None and kind != "unit":
                    parent = self.under
                if parent is None and kind == "unit" and self.under is not None:
                    parent = self.under
                found = children.get((kind, parent, fold(item.title)))
                if found is not None and found not in renamed.values():
                    renamed[item.key] = found
        return renamed

    # ---- references ------------------------------------------------------------------
    def find(self, kind: str, value: Any) -> tuple[str | None, bool]:
        """(stable id, whether it was found) for a reference to an item of ``kind``."""
        if value is None:
            return None, True
        if isinstance(value, RefText):
            if self.exists(kind, value.text.lower()):
                return value.text.lower(), True
            found = self.titles.get((kind, fold(value.text)), [])
            return (found[0], True) if len(found) == 1 else (None, False)
        return (value, True) if self.exists(kind, value) else (None, False)

    def owner(self, item: Item) -> str | None:
        value = item.get("owner")
        if value is None or not isinstance(value, OwnerText):
            key, ok = self.find("person", value)
            if not ok:
                self.problem(
                    item,
                    f"The owner “{shown(value)}” is not in the file; the item "
                    "is imported without an owner.",
                    "owner",
                )
            return key
        if not value:
            return None
        name, email = value.name.strip(), value.email.strip()
        for probe in ("e:" + email.casefold() if email else "", "n:" + name_key(name)):
            key = self.people.get(probe) if probe not in ("", "n:") else None
            if key is None:
                continue
            if probe.startswith("n:") and email:
                person = self.theirs.get("person", key) or self.ours.get("person", key)
                known = str(person.get("email") or "") if person else ""
                if known and known.casefold() != email.casefold():
                    continue  # the same name with another address: another person
                if not known and (("person", key) not in self.theirs):
                    self.theirs.add(Item("person", key, {"email": email}, item.line))
            return key
        person = Item("person", new_uid(), {"name": name or email, "role": "", "email": email})
        self.theirs.add(person)
        self._index_person(person)
        return person.key


def _rename(item: Item, renamed: dict[str, str]) -> Item:
    changes = {
        name: renamed[value]
        for name in ("parent", "aligned_to", "owner")
        if isinstance(value := item.get(name), str) and value in renamed
    }
    key = renamed.get(item.key, item.key)
    if key == item.key and not changes:
        return item
    return Item(item.kind, key, {**item.values, **changes}, item.line)


# ---- values, as the services check them --------------------------------------------------
_NOT_COLUMNS = {"parent", "aligned_to", "owner", "person", "item", "item_type"}
_CHOSEN = {("note", "kind"), ("note", "status"), ("agenda_item", "state")}


def _checked(r: _Resolver, item: Item) -> Item:
    from okr_studio.services._common import clean

    values = dict(item.values)
    for name, value in item.values.items():
        if name in _NOT_COLUMNS or item.kind == "accepted_finding" or (item.kind, name) in _CHOSEN:
            continue  # (a choice of a note or an agenda item: checked when it was read)
        try:
            values[name] = clean({name: value}, (name,))[name]
        except EditRefused as exc:
            r.problem(item, f"{exc} The value is left out.", name)
            del values[name]
    return Item(item.kind, item.key, values, item.line)


# ---- parents and alignments --------------------------------------------------------------
def _default_unit(r: _Resolver) -> str:
    if r.under is not None:
        return r.under
    if r.default_unit is None:
        name = PurePath(r.incoming.source).stem or "Imported"
        if r.incoming.source == "pasted text":
            name = "Imported"
        unit = Item("unit", new_uid(), {"name": name, "level": "company", "parent": None})
        r.theirs.items = {unit.ref: unit, **r.theirs.items}
        r.default_unit = unit.key
        r.problems.append(
            Problem(
                f"Objectives that name no unit are put under a new unit “{name}”.",
                severity="note",
            )
        )
    return r.default_unit


def _parent(r: _Resolver, item: Item) -> Item | None:
    """The item with its parent resolved; None when it cannot be placed."""
    kind = item.kind
    if kind not in PARENT_KIND:
        return item
    raw = item.get("parent")
    parent, found = r.find(PARENT_KIND[kind], raw)
    if not found:
        what = _KIND_WORDS[PARENT_KIND[kind]]
        if kind not in ("unit", "objective"):
            r.problem(
                item,
                f"The parent {what} “{shown(raw)}” is neither in the file nor in "
                f"the workshop. The {_KIND_WORDS[kind]} is left out.",
                "parent",
                "error",
            )
            return None
        r.problem(
            item,
            f"The parent {what} “{shown(raw)}” is neither in the file nor in the "
            "workshop; the item is placed under the unit imported into.",
            "parent",
        )
    if parent is not None:
        return item.with_values(parent=parent)
    if item.ref in r.ours and (kind != "unit" or not found):
        # an item of the workshop the file does not place (anew): it stays where it is
        return Item(
            kind, item.key, {k: v for k, v in item.values.items() if k != "parent"}, item.line
        )
    if kind == "objective":
        return item.with_values(parent=_default_unit(r))
    if item.ref in r.ours or item.key in (r.outline_root, r.default_unit):
        return item.with_values(parent=None)
    return item.with_values(parent=r.under or r.outline_root)


def _alignment(r: _Resolver, item: Item) -> Item:
    if item.kind != "objective" or "aligned_to" not in item.values:
        return item
    raw = item.get("aligned_to")
    kr, found = r.find("key_result", raw)
    if not found:
        r.problem(
            item,
            f"The parent key result “{shown(raw)}” is neither in the file nor in the "
            "workshop; the objective is imported without alignment.",
            "aligned_to",
        )
    return item.with_values(aligned_to=kr)


def _walks_back(start: str | None, me: str, up: dict[str, str | None]) -> bool:
    seen: set[str] = set()
    walk = start
    while walk is not None and walk not in seen:
        if walk == me:
            return True
        seen.add(walk)
        walk = up.get(walk)
    return False


def _no_circles(r: _Resolver) -> None:
    """Drop a unit parent or an alignment of the file that would go round in a circle."""
    unit_up: dict[str, str | None] = {u.key: u.get("parent") for u in r.ours.of_kind("unit")}
    unit_up.update({u.key: u.get("parent") for u in r.theirs.of_kind("unit")})
    for unit in r.theirs.of_kind_list("unit"):
        if _walks_back(unit.get("parent"), unit.key, unit_up):
            r.problem(
                unit,
                "The unit would be inside itself (its parents go round in a "
                "circle); it is placed at the top.",
                "parent",
            )
            r.theirs.add(unit.with_values(parent=None))
            unit_up[unit.key] = None
    kr_objective = {k.key: k.get("parent") for k in r.ours.of_kind("key_result")}
    kr_objective.update({k.key: k.get("parent") for k in r.theirs.of_kind("key_result")})
    aligned = {o.key: o.get("aligned_to") for o in r.ours.of_kind("objective")}
    aligned.update({o.key: o.get("aligned_to") for o in r.theirs.of_kind("objective")})
    up = {o: kr_objective.get(k) if k else None for o, k in aligned.items()}
    for obj in r.theirs.of_kind_list("objective"):
        kr = obj.get("aligned_to")
        if kr is not None and _walks_back(kr_objective.get(kr), obj.key, up):
            r.problem(
                obj,
                "The alignment would go round in a circle (the objective would "
                "support itself); the objective is imported without it.",
                "aligned_to",
            )
            r.theirs.add(obj.with_values(aligned_to=None))
            up[obj.key] = None


def _kind_clash(r: _Resolver, item: Item) -> bool:
    other = r.ours.kind_of(item.key)
    if other is None or other == item.kind or item.kind not in (*TREE_KINDS, "person"):
        return False
    r.problem(
        item,
        f"The id “{item.key}” belongs to a {_KIND_WORDS.get(other, other)} of the "
        "workshop, not a "
        f"{_KIND_WORDS.get(item.kind, item.kind)}. The row is left out.",
        "id",
        "error",
    )
    return True


def resolve(incoming: Incoming, ours: Side, *, under: str | None = None) -> Resolved:
    """The incoming items ready for :func:`okr_studio.exchange.diff.diff_sides`."""
    r = _Resolver(incoming, ours, under)
    items = [i for i in incoming.side.items.values() if not _kind_clash(r, i)]
    outline = incoming.format in ("markdown", "text")
    if (
        outline
        and under is None
        and any(i.kind == "objective" and i.get("parent") is None for i in items)
    ):
        # an outline's top objectives and the units it makes share one top unit
        r.outline_root = _default_unit(r)
    renamed = r.match_made_up(items)
    for item in items:
        r.theirs.add(_rename(item, renamed))
    for ref, item in list(r.theirs.items.items()):
        if ref not in r.theirs:
            continue
        placed = _parent(r, _checked(r, item))
        if placed is None:
            del r.theirs.items[ref]
            continue
        placed = _alignment(r, placed)
        if (
            placed.kind in ("objective", "key_result", "initiative", "note")
            and "owner" in placed.values
        ):
            placed = placed.with_values(owner=r.owner(placed))
        if placed.kind == "check_in" and placed.get("person") is not None:
            person, found = r.find("person", placed.get("person"))
            placed = placed.with_values(person=person if found else None)
        r.theirs.items[ref] = placed
    _drop_orphans(r)
    _no_circles(r)
    return Resolved(r.theirs.ordered(), r.problems)


def _drop_orphans(r: _Resolver) -> None:
    """Key results whose objective was left out go too, and check-ins and initiatives
    whose key result was (said once for each)."""
    for kind in ("key_result", "check_in", "initiative"):
        above = PARENT_KIND[kind]
        for item in r.theirs.of_kind_list(kind):
            if not r.exists(above, item.get("parent")):
                message = f"Its {_KIND_WORDS[above]} was left out, so the "
                message += f"{_KIND_WORDS[kind]} is left out too."
                r.problem(item, message, "parent", "error")
                del r.theirs.items[item.ref]
