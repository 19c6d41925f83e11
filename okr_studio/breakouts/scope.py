"""What a breakout file may change, and why the rest is locked.

A breakout file holds the whole workshop, but only the group's branch is its to
change: the units it was handed out for, every unit below them, their
objectives and key results, and those key results' check-ins and initiatives.
The rest is there for context (the chain above the branch that the group aligns
to, the other branches) and is locked. People who were in the workshop at
hand-out are shared by every group (people added in the breakout are its own);
notes about the branch, and notes raised in the breakout, are its own; the
workshop's details and agenda stay with the main workshop.

The rule is written once, over plain rows (:func:`row_reason`), and used by the
core's services through :mod:`okr_studio.breakouts.guard` (every change to a
breakout file) and by the app to grey out what is locked and say why.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from okr_studio.breakout_data import OriginData

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Scope:
    """The branch of a breakout in one state of its file: row ids and stable ids."""

    roots: frozenset[int]
    units: frozenset[int]
    objectives: frozenset[int]
    key_results: frozenset[int]
    #: The stable ids of those units, objectives and key results (what notes name).
    uids: frozenset[str]


def make_scope(
    root_uids: Iterable[str],
    units: Iterable[tuple[int, int | None, str]],
    objectives: Iterable[tuple[int, int, str]],
    key_results: Iterable[tuple[int, int, str]],
) -> Scope:
    """The branch below the units ``root_uids`` from ``(id, parent id, uid)`` triples."""
    wanted = set(root_uids)
    children: dict[int | None, list[int]] = {}
    uid_of: dict[int, str] = {}
    roots: set[int] = set()
    for row_id, parent, uid in units:
        children.setdefault(parent, []).append(row_id)
        uid_of[row_id] = uid
        if uid in wanted:
            roots.add(row_id)
    inside: set[int] = set()
    todo = list(roots)
    while todo:
        unit = todo.pop()
        if unit not in inside:
            inside.add(unit)
            todo.extend(children.get(unit, ()))
    uids = {uid_of[u] for u in inside}
    objs = set()
    for row_id, unit, uid in objectives:
        if unit in inside:
            objs.add(row_id)
            uids.add(uid)
    krs = set()
    for row_id, objective, uid in key_results:
        if objective in objs:
            krs.add(row_id)
            uids.add(uid)
    return Scope(
        frozenset(roots), frozenset(inside), frozenset(objs), frozenset(krs), frozenset(uids)
    )


@dataclass(frozen=True)
class Origin:
    """A breakout file's origin, read once: names for messages, what it started with."""

    group: str
    workshop: str
    roots: tuple[str, ...]
    #: Stable ids of the people and notes there were at hand-out (shared, locked).
    people: frozenset[str]
    notes: frozenset[str]


def origin_of(row: OriginData) -> Origin:
    try:
        base = json.loads(row.base) if row.base else {}
    except ValueError:
        base = {}
    if not isinstance(base, dict):
        base = {}

    def ids(name: str) -> frozenset[str]:
        entries = base.get(name)
        if not isinstance(entries, list):
            return frozenset()
        return frozenset(str(e.get("id")) for e in entries if isinstance(e, dict))

    return Origin(row.name, row.workshop_name, row.unit_uids, ids("people"), ids("notes"))


# ---- the messages ------------------------------------------------------------------------
def _short(text: Any, limit: int = 60) -> str:
    line = " ".join(str(text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def locked_message(what: str, origin: Origin) -> str:
    """Why an item outside the branch cannot be changed in this breakout file."""
    return (
        f"{what} is shown for context only: this file is a breakout for “{_short(origin.group)}”, "
        "so only its own units and everything below them can be changed here. Change it in "
        f"the main workshop “{_short(origin.workshop)}”."
    )


def locked_add_message(what: str, origin: Origin) -> str:
    """Why nothing can be added to an item outside the branch in this breakout file."""
    return (
        f"{what} is shown for context only: this file is a breakout for “{_short(origin.group)}”, "
        "so nothing can be added to it here. Add it in the main workshop "
        f"“{_short(origin.workshop)}”."
    )


def details_message(origin: Origin) -> str:
    return (
        "The workshop's details can only be changed in the main workshop "
        f"“{_short(origin.workshop)}”; this file is a breakout for “{_short(origin.group)}”."
    )


def agenda_message(origin: Origin) -> str:
    return (
        "The agenda is kept in the main workshop "
        f"“{_short(origin.workshop)}”; this file is a breakout for “{_short(origin.group)}”."
    )


def origin_message() -> str:
    return (
        "Where a breakout file came from is recorded when it is handed out and cannot be changed."
    )


def root_message(name: str) -> str:
    return (
        f"“{_short(name)}” is a unit this breakout was handed out for: it cannot be moved or "
        "deleted here (everything below it can be changed)."
    )


def person_message(name: str, origin: Origin) -> str:
    return (
        f"“{_short(name)}” is one of the workshop's people, shared by every group: change their "
        f"details in the main workshop “{_short(origin.workshop)}”. People added in this "
        "breakout can be changed here."
    )


_WHAT = {
    "unit": "The unit “{}”",
    "objective": "The objective “{}”",
    "key_result": "The key result “{}”",
    "check_in": "A check-in of a key result",
    "initiative": "The initiative “{}”",
    "note": "The note “{}”",
    "accepted_finding": "An accepted finding",
}
_TITLE = {"unit": "name", "objective": "title", "key_result": "title", "initiative": "title"}
_TITLE["note"] = "text"


def _what(table: str, row: Row) -> str:
    return _WHAT[table].format(_short(row.get(_TITLE.get(table, ""), "")))


# ---- the rule ------------------------------------------------------------------------------
def _inside(table: str, row: Row, scope: Scope) -> bool:
    if table == "unit":
        return row.get("id") in scope.units
    if table == "objective":
        return row.get("unit_id") in scope.units
    if table == "key_result":
        return row.get("objective_id") in scope.objectives
    if table in ("check_in", "initiative"):
        return row.get("key_result_id") in scope.key_results
    if table == "accepted_finding":
        kind, item = row.get("item_kind"), row.get("item_id")
        found = {"unit": scope.units, "objective": scope.objectives}
        found["key_result"] = scope.key_results
        return kind in found and item in found[kind]
    return False


def row_reason(table: str, row: Row, scope: Scope, origin: Origin, *, existing: bool) -> str:
    """Why ``row`` of ``table`` may not be written in the breakout ("" when it may).

    ``existing``: the row is as it was before the change (an update's or a delete's
    old values) rather than as the change leaves it; people and notes that were
    not there at hand-out are the breakout's own.
    """
    if table == "workshop":
        return details_message(origin)
    if table == "agenda_item":
        return agenda_message(origin)
    if table in ("breakout", "breakout_origin"):
        return origin_message()
    if table == "person":
        if existing and row.get("uid") in origin.people:
            return person_message(str(row.get("name", "")), origin)
        return ""
    if table == "note":
        if existing and row.get("uid") in origin.notes and row.get("item_uid") not in scope.uids:
            return locked_message(_what(table, row), origin)
        return ""
    if table not in _WHAT or _inside(table, row, scope):
        return ""
    return locked_message(_what(table, row), origin)


#: ``table -> (the column naming its parent, the parent's table)``.
PARENT_OF = {
    "unit": ("parent_id", "unit"),
    "objective": ("unit_id", "unit"),
    "key_result": ("objective_id", "objective"),
    "check_in": ("key_result_id", "key_result"),
    "initiative": ("key_result_id", "key_result"),
}
Fetch = Callable[[str, int], Row | None]


def change_reason(
    table: str,
    before: Row | None,
    after: Row | None,
    scopes: tuple[Scope, Scope],
    origin: Origin,
    fetch: Fetch | None = None,
) -> str:
    """Why a row may not go from ``before`` to ``after`` (None: added / removed); "" when
    it may. ``scopes``: the branch before and after the change; ``fetch`` reads a row (to
    name the item something would be added to)."""
    was, now = scopes
    if before is not None:
        reason = row_reason(table, before, was, origin, existing=True)
        if reason:
            return reason
    if after is not None:
        reason = row_reason(table, after, now, origin, existing=False)
        if reason and before is None and fetch is not None and table in PARENT_OF:
            column, above = PARENT_OF[table]
            parent = fetch(above, after[column]) if after.get(column) is not None else None
            if parent is not None:
                return locked_add_message(_what(above, parent), origin)
        if reason:
            return reason
    if table == "unit" and before is not None and before.get("id") in was.roots:
        moved = after is None or any(
            before.get(c) != after.get(c) for c in ("parent_id", "position")
        )
        if moved:
            return root_message(str(before.get("name", "")))
    return ""
