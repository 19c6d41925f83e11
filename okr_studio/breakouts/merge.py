"""Merging breakout files back: one preview of every group's changes, then one step.

:func:`merge_plan` reads the files (:mod:`okr_studio.breakouts.reading`), judges
each one's differences with the main workshop against its base
(:mod:`okr_studio.breakouts.classify`), and puts what may be applied into one
plan of the diff engine. A change another group also makes to the same item is
refused for the later file; an alignment (or a unit's parent) that would go round
in a circle once everything is applied is turned into a conflict of that field,
answered "ours" until the user says otherwise. New orders of siblings come along
(:mod:`okr_studio.breakouts.order`). The preview's answers are
applied by :func:`okr_studio.services.breakouts.apply_merge`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from okr_studio.breakouts.classify import classify
from okr_studio.breakouts.preview import Conflict, GroupMerge, MergePreview, Refusal
from okr_studio.breakouts.reading import read_breakouts
from okr_studio.exchange.diff import FieldDiff, ItemDiff
from okr_studio.exchange.items import Ref, Side, side_from_workshop
from okr_studio.exchange.plan import Plan
from okr_studio.store import Workshop


def _both(title: str, other: str) -> str:
    return (
        f"“{title}” is changed by “{other}” too, in a file merged with this one: merge the "
        "files one at a time to see both versions."
    )


def _drop(group: GroupMerge, ref: Ref) -> None:
    for name in ("added", "changed", "removed"):
        setattr(group, name, [d for d in getattr(group, name) if d.ref != ref])
    group.conflicts = [c for c in group.conflicts if c.ref != ref]


def merge_plan(master: Workshop, paths: Sequence[Path | str]) -> MergePreview:
    """What merging the breakout files ``paths`` into ``master`` would do; nothing is
    written. Raises :class:`~okr_studio.breakouts.handout.BreakoutError` (naming the file)
    for a file that cannot be merged."""
    data = master.snapshot()
    files = read_breakouts(paths, data, master.path)
    ours = side_from_workshop(data)
    theirs = Side(workshop_id=ours.workshop_id)
    groups: list[GroupMerge] = []
    diffs: list[ItemDiff] = []
    claimed: dict[Ref, str] = {}
    for f in files:
        group, found = classify(f, ours)
        for d in found:
            if d.ref in claimed:
                if d.kind != "accepted_finding":
                    _drop(group, d.ref)
                    group.refused.append(
                        Refusal(f.name, d.ref, d.title, _both(d.title, claimed[d.ref]))
                    )
                continue
            claimed[d.ref] = f.name
            diffs.append(d)
            item = f.theirs.items.get(d.ref)
            if item is not None:
                theirs.add(item)
        _claim_orders(group, claimed)
        groups.append(group)
    plan = Plan(
        source=", ".join(f.path.name for f in files),
        format="breakout",
        new_workshop=False,
        under=None,
        theirs=theirs.ordered(),
        ours=ours,
        base=None,
        diffs=tuple(diffs),
        problems=(),
        fingerprint=ours.fingerprint(),
        reimport=True,
    )
    preview = MergePreview(tuple(groups), plan, tuple(f.record for f in files))
    preview = _circles(preview)
    _cleared_links(preview)
    return preview


def _claim_orders(group: GroupMerge, claimed: dict[Ref, str]) -> None:
    """A new order of siblings another file of the merge gives too is refused for this one."""
    for r in list(group.reordered):
        ref = (f"{r.child_kind}_order", r.parent.key)
        if ref in claimed:
            group.reordered.remove(r)
            group.refused.append(Refusal(group.name, r.parent.ref, r.parent.title,
                                         _both(r.parent.title, claimed[ref])))  # fmt: skip
        else:
            claimed[ref] = group.name


# ---- circles -------------------------------------------------------------------------------
def _on_circles(up: dict[str, str | None]) -> set[str]:
    """The keys that lie on a circle of ``up`` links."""
    out: set[str] = set()
    for start in up:
        seen: list[str] = []
        walk: str | None = start
        while walk is not None and walk not in seen and walk not in out:
            seen.append(walk)
            walk = up.get(walk)
        if walk is not None and walk in seen:
            out.update(seen[seen.index(walk) :])
    return out


def _circling(final: Side) -> dict[str, str]:
    """``key -> field`` of the objectives and units that are on a circle in ``final``."""
    kr_objective = {k.key: k.get("parent") for k in final.of_kind("key_result")}
    aligned = {
        o.key: kr_objective.get(o.get("aligned_to") or "") for o in final.of_kind("objective")
    }
    units = {u.key: u.get("parent") for u in final.of_kind("unit")}
    out = dict.fromkeys(_on_circles(aligned), "aligned_to")
    out.update(dict.fromkeys(_on_circles(units), "parent"))
    return out


def _circle_conflict(
    group: GroupMerge, d: ItemDiff, name: str, values: tuple[Any, Any, Any]
) -> Conflict:
    what = "support" if name == "aligned_to" else "sit under"
    if d.status == "added":
        undone = "support none" if name == "aligned_to" else "sit at the top"
        reason = (
            f"“{group.name}” added “{d.title}” to {what} an item that would go round in a "
            f"circle with it (it would end up supporting itself). Ours adds it to {undone}; "
            "theirs keeps the group's link, which only works if another link of the circle "
            "is answered with ours."
        )
    else:
        reason = (
            f"“{group.name}” made “{d.title}” {what} an item that, with the main workshop's "
            "changes, would go round in a circle (it would end up supporting itself). Ours "
            "keeps the main workshop's version."
        )
    base, theirs, ours = values
    return Conflict(group.name, "cycle", d.ref, d.title, name, base, theirs, ours, reason)


def _circle_field(d: ItemDiff, name: str | None, theirs: Side) -> FieldDiff | None:
    """The field of ``d`` that closes a circle (None: ``d`` does not change it)."""
    if name is None:
        return None
    if d.status == "added":  # a new item: its own link closes it; "ours" is no link
        item = theirs.items.get(d.ref)
        value = item.get(name) if item is not None else None
        return FieldDiff(name, None, value, None) if value is not None else None
    return next((x for x in d.fields if x.field == name and not x.conflict), None)


def _circles(preview: MergePreview) -> MergePreview:
    """Turn changes that close a circle, and new items that make one among themselves,
    into conflicts (answered "ours" by default)."""
    for _ in range(50):
        circling = _circling(preview.result())
        if not circling:
            return preview
        diffs = list(preview.plan.diffs)
        turned = False
        for group in preview.groups:
            for d in [*group.changed, *group.added]:
                found = _circle_field(d, circling.get(d.key), preview.plan.theirs)
                if found is None:
                    continue
                marked = dataclasses.replace(found, conflict=True)
                if d.status == "added":
                    new = dataclasses.replace(d, fields=(*d.fields, marked))
                else:
                    fields = tuple(marked if x is found else x for x in d.fields)
                    new = dataclasses.replace(d, fields=fields, status="conflict")
                    group.changed.remove(d)
                diffs[diffs.index(d)] = new
                if d.status == "added":
                    group.added[group.added.index(d)] = new
                values = (found.base, found.theirs, found.ours)
                group.conflicts.append(_circle_conflict(group, d, found.field, values))
                turned = True
        if not turned:
            return preview  # applying refuses it, saying so
        plan = dataclasses.replace(preview.plan, diffs=tuple(diffs))
        preview = dataclasses.replace(preview, plan=plan)
    return preview


def _cleared_links(preview: MergePreview) -> None:
    """Note the group's alignments to key results the main workshop deleted."""
    final = preview.result()
    for group in preview.groups:
        circling = {c.ref for c in group.conflicts if c.kind == "cycle"}
        for d in (*group.added, *group.changed):
            if d.kind != "objective" or d.ref in circling:
                continue
            theirs = preview.plan.theirs.items.get(d.ref)
            after = final.items.get(d.ref)
            kr = theirs.get("aligned_to") if theirs is not None else None
            if kr is not None and after is not None and after.get("aligned_to") is None:
                group.notes.append(
                    f"“{d.title}” supported a key result the main workshop deleted; it will "
                    "support none until it is aligned again."
                )
