"""A plan: what an import would do to a workshop, before anything is written.

:func:`make_plan` resolves the incoming items against the workshop
(:mod:`okr_studio.exchange.resolve`), compares them with it and, for a file
exported from this workshop, with the values as exported
(:mod:`okr_studio.exchange.diff`). The :class:`Plan` lists every added, changed,
conflicting and missing item and every problem; :meth:`Plan.result` is the
workshop as it will be for the user's choices (items ticked for removal, the
answer to each conflict), which the preview shows as a tree and the service
:func:`okr_studio.services.imports.apply_plan` writes in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from okr_studio.data import WorkshopData
from okr_studio.exchange.diff import OURS, UNKNOWN, Choice, Choices, ItemDiff, diff_sides
from okr_studio.exchange.incoming import Incoming, OwnerText, RefText
from okr_studio.exchange.items import (
    KINDS,
    PARENT_KIND,
    REFERENCE_KIND,
    TREE_KINDS,
    Item,
    Ref,
    Side,
    empty_side,
    side_from_workshop,
)
from okr_studio.exchange.problems import Problem
from okr_studio.exchange.resolve import resolve


@dataclass(frozen=True)
class PreviewRow:
    """One line of the preview's tree: the item as it will be, and what happens to it."""

    depth: int
    kind: str
    key: str
    title: str
    #: "added", "changed", "conflict", "missing" (kept), "removed", or "" (unchanged).
    status: str
    line: int | None = None


@dataclass(frozen=True)
class Plan:
    """What an import would do; see the module notes."""

    source: str
    format: str
    #: True: the items make a new workshop (its details and id come from the file).
    new_workshop: bool
    #: The unit (stable id) the file's top items go under; None: the top of the tree.
    under: str | None
    theirs: Side
    ours: Side
    base: Side | None
    diffs: tuple[ItemDiff, ...]
    problems: tuple[Problem, ...]
    #: The workshop's state the plan was made from (the service refuses another).
    fingerprint: str
    #: The file names items of this workshop by their ids: a re-import.
    reimport: bool

    # ---- what it does ----------------------------------------------------------------
    def of_status(self, status: str) -> list[ItemDiff]:
        return [d for d in self.diffs if d.status == status]

    @property
    def added(self) -> list[ItemDiff]:
        return self.of_status("added")

    @property
    def changed(self) -> list[ItemDiff]:
        return self.of_status("changed")

    @property
    def conflicts(self) -> list[ItemDiff]:
        return self.of_status("conflict")

    @property
    def missing(self) -> list[ItemDiff]:
        return self.of_status("missing")

    @property
    def three_way(self) -> bool:
        """Whether the file carried the values as exported (else edits made in the
        workshop since the export show as differences)."""
        return self.base is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def empty(self) -> bool:
        return not any(d.status != "missing" for d in self.diffs)

    def summary(self) -> str:
        """ "12 added, 3 changed, 1 conflict, 2 missing (kept), 1 problem"."""
        parts = []
        for status, word in (
            ("added", "added"),
            ("changed", "changed"),
            ("conflict", "conflict"),
            ("missing", "missing (kept unless ticked for removal)"),
        ):
            count = len(self.of_status(status))
            if count:
                plural = "s" if status == "conflict" and count != 1 else ""
                parts.append(f"{count} {word}{plural}")
        errors = len(self.errors)
        if errors:
            parts.append(f"{errors} row{'s' if errors != 1 else ''} left out")
        return ", ".join(parts) or "nothing to change"

    # ---- the result ------------------------------------------------------------------
    def result(self, remove: Collection[Ref] = (), choices: Choices | None = None) -> Side:
        """The workshop as it will be: ticked missing items removed, conflicts answered
        (default: the workshop's value), new items after their siblings."""
        choices = choices or {}
        items: dict[Ref, Item] = dict(self.ours.items)
        for d in self.diffs:
            theirs = self.theirs.items.get(d.ref)
            if d.status == "added" and theirs is not None:
                items[d.ref] = _answered(theirs, d, choices)
            elif d.status in ("changed", "conflict") and theirs is not None:
                if d.ours_gone:
                    if choices.get((d.ref, ""), OURS).take != "ours":
                        items[d.ref] = theirs
                    continue
                values = dict(items[d.ref].values)
                for f in d.fields:
                    choice = choices.get((d.ref, f.field), OURS) if f.conflict else THEIRS_CHOICE
                    if choice.take == "theirs":
                        values[f.field] = f.theirs
                    elif choice.take == "edit":
                        values[f.field] = choice.value
                items[d.ref] = Item(d.kind, d.key, values, theirs.line)
        gone = {d.ref for d in self.diffs if d.status == "missing" and d.ref in remove}
        return _settle(items, gone, self.new_workshop, self.theirs, self.ours)

    def preview(
        self, remove: Collection[Ref] = (), choices: Choices | None = None
    ) -> list[PreviewRow]:
        """The tree as it will be, in order, each item with what happens to it."""
        from okr_studio.exchange.table_write import tree_order

        status = {d.ref: d.status for d in self.diffs}
        final = self.result(remove, choices)
        depth: dict[str, int] = {}
        rows = []
        for item in tree_order(final):
            parent = item.get("parent")
            level = depth.get(parent, -1) + 1 if parent is not None else 0
            depth[item.key] = level
            theirs = self.theirs.items.get(item.ref)
            rows.append(
                PreviewRow(
                    level,
                    item.kind,
                    item.key,
                    item.title,
                    status.get(item.ref, ""),
                    theirs.line if theirs else None,
                )
            )
        for ref in remove:
            if status.get(ref) == "missing" and (mine := self.ours.items.get(ref)) is not None:
                rows.append(PreviewRow(0, ref[0], ref[1], mine.title, "removed"))
        return rows

    # ---- showing values ------------------------------------------------------------------
    def value_text(self, kind: str, field: str, value: Any) -> str:
        """A value as the preview shows it: titles for references, numbers and dates as
        written in the user's locale, "" for nothing, "?" for an unknown base value."""
        from okr_studio.numbers import format_number

        if value is UNKNOWN:
            return "?"
        if value is None:
            return ""
        target = REFERENCE_KIND.get((kind, field))
        if target is not None and isinstance(value, str):
            item = self.theirs.get(target, value) or self.ours.get(target, value)
            return item.title if item is not None else value
        if isinstance(value, float):
            return format_number(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, (OwnerText, RefText)):
            return str(value)
        return str(value)


THEIRS_CHOICE = Choice("theirs")


def _answered(item: Item, d: ItemDiff, choices: Choices) -> Item:
    """A new item with its conflicting fields answered (a merge turns a new item's
    alignment that would close a circle into one: "ours" leaves the field as ``ours``)."""
    values = {}
    for f in d.conflicts:
        choice = choices.get((d.ref, f.field), OURS)
        values[f.field] = {"theirs": f.theirs, "edit": choice.value}.get(choice.take, f.ours)
    return item.with_values(**values) if values else item


#: Kinds only a JSON file carries (a table or an outline says nothing about them).
_JSON_ONLY = ("accepted_finding", "agenda_item", "note")


def _settle(
    items: dict[Ref, Item], gone: set[Ref], new_workshop: bool, theirs: Side, ours: Side
) -> Side:
    """Remove ``gone`` and what goes with it; drop new items whose parent is not there;
    clear links (alignments, owners) to items that are not there."""
    removed = set(gone)
    changed = True
    while changed:
        changed = False
        for ref, item in items.items():
            if ref in removed or item.kind not in PARENT_KIND:
                continue
            parent = item.get("parent")
            above = (PARENT_KIND[item.kind], parent)
            if parent is not None and (above in removed or above not in items):
                removed.add(ref)
                changed = True
    side = Side(workshop_id=theirs.workshop_id if new_workshop else ours.workshop_id)
    gone_keys = {key for _kind, key in removed}
    links = [
        (of, name, target) for (of, name), target in REFERENCE_KIND.items() if name != "parent"
    ]
    for kind in KINDS:
        for ref, item in items.items():
            if item.kind != kind or ref in removed:
                continue
            if kind == "accepted_finding" and item.get("item") in gone_keys:
                continue
            fixes = {}
            for of, name, target in links:
                value = item.get(name)
                gone_to = (target, value) not in items or (target, value) in removed
                if of == kind and value is not None and gone_to:
                    fixes[name] = None
            side.add(item.with_values(**fixes) if fixes else item)
    return side


def make_plan(
    incoming: Incoming,
    data: WorkshopData | None = None,
    *,
    under: int | None = None,
    only_add: bool = False,
) -> Plan:
    """Compare ``incoming`` with the workshop ``data`` (None: for a new workshop).

    ``under``: the unit (row id) the file's top items go under. ``only_add``: list no
    missing items (a paste adds; it does not stand for the whole workshop).
    """
    new = data is None
    ours = empty_side() if data is None else side_from_workshop(data)
    under_uid = None
    if data is not None and under is not None and under in data.units:
        under_uid = data.units[under].uid
    resolved = resolve(incoming, ours, under=under_uid)
    theirs = resolved.theirs
    if not new and incoming.guessed_levels:
        fit_levels(theirs, ours, incoming.guessed_levels)
    problems = [*incoming.problems, *resolved.problems]
    base = incoming.base
    if base is not None and (new or base.workshop_id != ours.workshop_id):
        if not new:
            problems.append(
                Problem(
                    "The file was exported from another workshop, so its values as exported do "
                    "not apply here: every difference is listed.",
                    severity="note",
                )
            )
        base = None
    same_workshop = bool(theirs.workshop_id) and theirs.workshop_id == ours.workshop_id
    if not new and not same_workshop:
        theirs.items.pop(("workshop", "workshop"), None)
    reimport = not new and any(ref in ours.items for ref in theirs.items if ref[0] in TREE_KINDS)
    missing_kinds: tuple[str, ...] = TREE_KINDS
    if incoming.format == "json":  # the whole workshop: what it lacks is missing
        missing_kinds = ("person", *TREE_KINDS, "check_in", "initiative", *_JSON_ONLY)
    diffs = diff_sides(
        theirs,
        ours,
        base,
        missing_kinds=missing_kinds,
        find_missing=reimport and not only_add,
    )
    return Plan(
        source=incoming.source,
        format=incoming.format,
        new_workshop=new,
        under=under_uid,
        theirs=theirs,
        ours=ours,
        base=base,
        diffs=tuple(diffs),
        problems=tuple(sorted(problems, key=lambda p: (p.line is not None, p.line or 0))),
        fingerprint=ours.fingerprint(),
        reimport=reimport,
    )


#: Levels by depth in the tree, for a workshop that has no unit at that depth yet.
_LEVELS = ("company", "department", "team")


def fit_levels(theirs: Side, ours: Side, guessed: Collection[str]) -> None:
    """New units whose level the reader guessed take the level of where they land: the
    level most units of the workshop have at that depth, else company, department or team
    by depth (an outline's top heading pasted under a company is a department)."""
    depths: dict[str, int] = {}

    def depth(key: str, seen: frozenset[str] = frozenset()) -> int:
        if key not in depths:
            item = theirs.get("unit", key) or ours.get("unit", key)
            parent = item.get("parent") if item is not None else None
            if isinstance(parent, str) and parent not in seen:
                depths[key] = depth(parent, seen | {key}) + 1
            else:
                depths[key] = 0
        return depths[key]

    used: dict[int, Counter[str]] = {}
    for item in ours.of_kind("unit"):
        if item.get("level"):
            used.setdefault(depth(item.key), Counter())[str(item.get("level"))] += 1
    for item in theirs.of_kind_list("unit"):
        if item.key in guessed and item.ref not in ours.items:
            counts = used.get(depth(item.key))
            level = counts.most_common(1)[0][0] if counts else _LEVELS[min(depth(item.key), 2)]
            theirs.add(item.with_values(level=level))
