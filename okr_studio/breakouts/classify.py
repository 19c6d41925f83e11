"""One breakout file's differences, judged: in its branch or refused, clean or a conflict.

The diff engine (:func:`okr_studio.exchange.diff.diff_sides`) compares the file
(theirs) with the main workshop (ours) against the base. :func:`classify` sorts
what it finds:

- a change outside the group's branch, to the people who were shared at hand-out,
  to the workshop's details or agenda, or that moves or removes a unit the file
  was handed out for, is refused with a reason;
- what the main workshop deleted while the group changed it, added under it or
  moved something into it is one conflict per deleted branch ("theirs" brings it
  back with the group's changes; "ours" leaves it deleted, and the group's items
  under it go with it, never left without a parent);
- what the group deleted while the main workshop changed it or added under it is
  one conflict per deleted branch ("theirs" removes it, "ours" keeps it);
- the same field changed differently on both sides is a conflict of that field;
- a new order of siblings in the branch is taken, or is a conflict when the main
  workshop reordered them too (the rule: :mod:`okr_studio.breakouts.order`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from okr_studio.breakouts.order import find_orders
from okr_studio.breakouts.preview import KIND_WORDS, Conflict, GroupMerge, Refusal
from okr_studio.breakouts.reading import BreakoutFile
from okr_studio.exchange.diff import ItemDiff, diff_sides
from okr_studio.exchange.items import KINDS, PARENT_KIND, TREE_KINDS, Item, Ref, Side

_CHILD_KINDS = {"unit": ("unit", "objective"), "objective": ("key_result",)}
_CHILD_KINDS["key_result"] = ("check_in", "initiative")


def branch_of(side: Side, roots: Iterable[str]) -> dict[str, set[str]]:
    """``kind -> keys`` of the items in the branch below the units ``roots`` in ``side``."""
    units = {key for key in roots if ("unit", key) in side}
    children: dict[str, list[str]] = {}
    for unit in side.of_kind("unit"):
        children.setdefault(str(unit.get("parent")), []).append(unit.key)
    todo = list(units)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in units:
                units.add(child)
                todo.append(child)
    out = {"unit": units}
    for kind in ("objective", "key_result", "check_in", "initiative"):
        above = out[PARENT_KIND[kind]]
        out[kind] = {i.key for i in side.of_kind(kind) if i.get("parent") in above}
    out["any"] = set().union(*(out[k] for k in TREE_KINDS))
    return out


def _inside(item: Item, branch: dict[str, set[str]]) -> bool:
    if item.kind == "unit":
        return item.key in branch["unit"]
    if item.kind in PARENT_KIND:
        return item.get("parent") in branch[PARENT_KIND[item.kind]]
    if item.kind == "accepted_finding":
        return item.get("item") in branch["any"]
    if item.kind == "note":
        return item.get("item_uid") in branch["any"]
    return False


# ---- refusals ------------------------------------------------------------------------------
def _outside(item_title: str, kind: str, group: str, verb: str) -> str:
    what = KIND_WORDS.get(kind, kind)
    return (
        f"The {what} “{item_title}” is not in the branch handed out to “{group}”, so the "
        f"breakout cannot {verb} it; it stays as it is in the main workshop."
    )


def _refusal(d: ItemDiff, f: BreakoutFile, base_branch: dict, their_branch: dict) -> str:
    """Why the group may not make the change ``d`` ("" when it may)."""
    group = f.name
    verb = {"added": "add", "missing": "remove"}.get(d.status, "change")
    theirs, was = f.theirs.items.get(d.ref), f.base.items.get(d.ref)
    title = was.title if was is not None else d.title
    if d.kind == "workshop":
        return "The workshop's details can only be changed in the main workshop."
    if d.kind == "agenda_item":
        return "The agenda is kept in the main workshop; a breakout cannot change it."
    if d.kind == "person":
        if d.status == "added":
            return ""
        return (
            f"“{title}” is one of the workshop's people, shared by every group: the "
            f"breakout cannot {verb} them."
        )
    if d.kind == "note" and d.status == "added":
        return ""
    if d.kind == "unit" and d.key in f.origin.unit_uids and d.status != "added":
        moved = d.status == "missing" or any(x.field == "parent" for x in d.fields)
        if moved:
            return (
                f"“{title}” is a unit the breakout was handed out for: it cannot move or remove it."
            )
    ok = True
    if was is not None:
        ok = _inside(was, base_branch)
    if ok and theirs is not None:
        ok = _inside(theirs, their_branch)
    return "" if ok else _outside(title, d.kind, group, verb)


# ---- clusters ------------------------------------------------------------------------------
def _up(side: Side, item: Item) -> Item | None:
    if item.kind not in PARENT_KIND:
        return None
    return side.get(PARENT_KIND[item.kind], item.get("parent"))


def _below(side: Side, top: Item) -> list[Item]:
    """``top`` and every item below it in ``side``."""
    out = [top]
    todo = [top]
    while todo:
        item = todo.pop()
        for kind in _CHILD_KINDS.get(item.kind, ()):
            for child in side.children(kind, item.key):
                out.append(child)
                todo.append(child)
    return out


def _gone_top(
    f: BreakoutFile, ours: Side, start: Item | None, branch: dict[str, set[str]]
) -> Item | None:
    """The highest item of the branch on the way up from ``start`` (in the file) that the
    main workshop deleted (it was there at hand-out); None when none was deleted."""
    top = None
    walk = start
    seen: set[Ref] = set()
    while walk is not None and walk.ref not in ours and walk.ref not in seen:
        seen.add(walk.ref)
        if not _inside(walk, branch):
            break
        if walk.ref in f.base:
            top = walk
        walk = _up(f.theirs, walk)
    return top


def _deleted_here(
    f: BreakoutFile, ours: Side, kept: list[ItemDiff], branch: dict[str, set[str]]
) -> list[Conflict]:
    tops: dict[Ref, Item] = {}
    for d in kept:
        item = f.theirs.items.get(d.ref)
        if item is None:
            continue
        if d.ours_gone:
            start: Item | None = item
        elif d.status == "added" or any(x.field == "parent" for x in d.fields):
            start = _up(f.theirs, item)
        else:
            continue
        top = _gone_top(f, ours, start, branch)
        if top is not None:
            tops.setdefault(top.ref, top)
    out = []
    for top in tops.values():
        members = tuple(i.ref for i in _below(f.theirs, top) if i.ref not in ours)
        reason = (
            f"The main workshop deleted the {KIND_WORDS[top.kind]} “{top.title}” after it "
            f"was handed out; “{f.name}” changed it or added to it. Theirs brings it back "
            "with the group's changes; ours leaves it deleted, with the group's items in it."
        )
        out.append(
            Conflict(f.name, "deleted_here", top.ref, top.title, reason=reason, members=members)
        )
    return out


def _removals(f: BreakoutFile, ours: Side, missing: list[ItemDiff]) -> tuple[list, list]:
    """(plain removals, conflicts) for what the group deleted."""
    refs = {d.ref: d for d in missing}
    groups: dict[Ref, list[ItemDiff]] = {}
    for d in missing:
        top = f.base.items[d.ref]
        while (above := _up(f.base, top)) is not None and above.ref in refs:
            top = above
        groups.setdefault(top.ref, []).append(d)
    plain: list[ItemDiff] = []
    conflicts: list[Conflict] = []
    for top_ref, diffs in groups.items():
        keys = {d.key for d in diffs}
        grown = [  # items of the main workshop that would go with it
            i
            for i in ours.items.values()
            if i.kind in PARENT_KIND
            and i.get("parent") in keys
            and i.ref not in refs
            and i.ref not in f.theirs
        ]
        if not grown and not any(d.changed_here for d in diffs):
            plain.extend(diffs)
            continue
        title = refs[top_ref].title
        reason = (
            f"“{f.name}” deleted the {KIND_WORDS[top_ref[0]]} “{title}”; the main workshop "
            "changed it or added to it since it was handed out. Theirs deletes it; ours "
            "keeps it."
        )
        members = tuple(d.ref for d in diffs)
        conflicts.append(Conflict(f.name, "deleted_there", top_ref, title, reason=reason,
                                  members=members))  # fmt: skip
    return plain, conflicts


def _field_conflicts(f: BreakoutFile, d: ItemDiff) -> list[Conflict]:
    out = []
    for x in d.conflicts:
        reason = (
            f"“{f.name}” and the main workshop both changed the {x.field.replace('_', ' ')} "
            f"of “{d.title}” since it was handed out."
        )
        out.append(
            Conflict(f.name, "field", d.ref, d.title, x.field, x.base, x.theirs, x.ours, reason)
        )
    return out


# ---- one file --------------------------------------------------------------------------------
def classify(f: BreakoutFile, ours: Side) -> tuple[GroupMerge, list[ItemDiff]]:
    """The group's part of the merge, and the engine's diffs to apply for it (the plan's)."""
    diffs = diff_sides(
        f.theirs, ours, f.base, missing_kinds=[k for k in KINDS if k != "workshop"], source=f.name
    )
    group = GroupMerge(f.path, f.name, f.record)
    base_branch = branch_of(f.base, f.origin.unit_uids)
    their_branch = branch_of(f.theirs, f.origin.unit_uids)
    kept: list[ItemDiff] = []
    for d in diffs:
        reason = _refusal(d, f, base_branch, their_branch)
        if reason:
            was = f.base.items.get(d.ref)  # named as the main workshop knows it
            group.refused.append(Refusal(f.name, d.ref, was.title if was else d.title, reason))
        else:
            kept.append(d)
    deleted_here = _deleted_here(f, ours, kept, their_branch)
    gone = {ref for c in deleted_here for ref in c.members}
    gone_keys = {key for _kind, key in gone}
    plan_diffs: list[ItemDiff] = []
    missing = [d for d in kept if d.status == "missing"]
    for d in kept:
        if d.status == "missing":
            continue
        if d.ref in gone and d.status != "added":
            continue  # the deleted branch's conflict answers for it
        if any(x.field == "parent" and x.theirs in gone_keys for x in d.fields):
            d = _parent_follows(d, gone_keys)
        plan_diffs.append(d)
        real = [
            c for c in _field_conflicts(f, d) if not (c.field == "parent" and c.theirs in gone_keys)
        ]
        if d.status == "added":
            group.added.append(d)
        elif real:
            group.conflicts.extend(real)
            if d.changes:  # its other fields change without a conflict: shown too
                group.changed.append(d)
        else:
            group.changed.append(d)
    for ref in gone:
        if ref in f.base and ref not in {d.ref for d in plan_diffs if d.status == "added"}:
            item = f.theirs.items[ref]
            plan_diffs.append(ItemDiff(*ref, "conflict", ours_gone=True, title=item.title,
                                       source=f.name))  # fmt: skip
    group.conflicts.extend(deleted_here)
    plain, deleted_there = _removals(f, ours, missing)
    group.removed.extend(plain)
    group.conflicts.extend(deleted_there)
    plan_diffs.extend(missing)
    parents = (base_branch["any"] & their_branch["any"]) - gone_keys
    reordered, order_conflicts = find_orders(f.name, f.base, f.theirs, ours, parents)
    group.reordered.extend(reordered)
    group.conflicts.extend(order_conflicts)
    return group, plan_diffs


def _parent_follows(d: ItemDiff, gone_keys: set[str]) -> ItemDiff:
    """The move of ``d`` under a deleted item follows the answer to that deletion."""
    fields = tuple(
        dataclasses.replace(x, conflict=True)
        if x.field == "parent" and x.theirs in gone_keys
        else x
        for x in d.fields
    )
    return dataclasses.replace(d, fields=fields, status="conflict")
