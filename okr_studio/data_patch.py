"""Patching a snapshot after an edit, in time that follows the edit, not the workshop.

:func:`patched` (also importable from :mod:`okr_studio.data`) makes the snapshot
after an edit from the one before and the edit's row changes: the tables the edit
touched are copied (a flat copy, the rows themselves are shared) and every lookup
the old snapshot had already built (key results of each objective, objectives of
each unit, the alignment index, stable ids…) is carried over with only the groups
the edit touched sorted again, so the first reader of the new snapshot does not
rebuild them over the whole workshop.

Each patched snapshot also remembers which items the edit changed, so that
incremental readers (the layout's :func:`okr_studio.layout.relayout`, the coach's
:func:`okr_studio.coach.recheck`) can ask :func:`changed_items` what changed between
a snapshot they worked on and a later one, across several edits, undos and redos.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any

from okr_studio.data import TABLE_DATA, InfoData, WorkshopData, from_row
from okr_studio.keys import ItemKey

#: How many edits back :func:`changed_items` can always look; history older than twice
#: this is let go.
HISTORY = 256

#: The item key of the workshop's own row (name, cycle, dates, language).
INFO_KEY: ItemKey = ("workshop", 0)


class _Lineage:
    """Where a snapshot came from: the one before it and the items its edit changed."""

    __slots__ = ("base", "depth", "keys")

    def __init__(self, base: _Lineage | None, keys: frozenset[ItemKey], depth: int) -> None:
        self.base, self.keys, self.depth = base, keys, depth


def _lineage(data: WorkshopData) -> _Lineage:
    found = data.__dict__.get("_lineage")
    if found is None:
        found = data.__dict__["_lineage"] = _Lineage(None, frozenset(), 0)
    return found


def changed_items(old: WorkshopData, new: WorkshopData) -> frozenset[ItemKey] | None:
    """The items (``("objective", 12)``, ``("workshop", 0)`` for the workshop's own row…)
    whose rows differ between ``old`` and a snapshot ``new`` patched from it, through
    any number of edits (at least :data:`HISTORY`); None when ``new`` was not made from
    ``old`` that way (read from the file again, or too far apart): then everything
    may have changed."""
    if old is new:
        return frozenset()
    target = _lineage(old)
    walk: _Lineage | None = _lineage(new)
    keys: set[ItemKey] = set()
    while walk is not None and walk is not target:
        keys |= walk.keys
        walk = walk.base
    return frozenset(keys) if walk is target else None


def _record(old: WorkshopData, new: WorkshopData, keys: frozenset[ItemKey]) -> None:
    base = _lineage(old)
    mine = new.__dict__["_lineage"] = _Lineage(base, keys, base.depth + 1)
    if mine.depth % HISTORY == 0:  # let go of what is more than HISTORY edits back
        walk = mine
        for _ in range(HISTORY):
            if walk.base is None:
                return
            walk = walk.base
        walk.base = None


# ---- the lookups a snapshot builds, carried over --------------------------------------
_by_position: Callable[[Any], tuple] = attrgetter("position", "id")
_by_date: Callable[[Any], tuple] = attrgetter("date", "id")


#: cached lookup -> (table attribute, the column it groups by, the order in a group)
_GROUPED: dict[str, tuple[str, str, Callable[[Any], tuple]]] = {
    "_unit_children": ("units", "parent_id", _by_position),
    "_unit_objectives": ("objectives", "unit_id", _by_position),
    "_objective_krs": ("key_results", "objective_id", _by_position),
    "_kr_check_ins": ("check_ins", "key_result_id", _by_date),
    "_kr_initiatives": ("initiatives", "key_result_id", _by_position),
}
_UID_TABLES = ("people", "units", "objectives", "key_results", "check_ins", "initiatives")
_UID_TABLES += ("agenda", "notes")


def _regroup(
    index: Mapping[Any, list[Any]],
    moved: Iterable[tuple[Any, Any]],
    group_of: Callable[[Any], Any],
    order: Callable[[Any], tuple],
    skip_none: bool = False,
) -> dict[Any, list[Any]]:
    """``index`` (group -> rows in order) with the rows in ``moved`` ((before, after)
    pairs, None for added or removed) taken out of their old group and put in the new."""
    out = dict(index)
    gone: dict[Any, set[int]] = {}
    come: dict[Any, list[Any]] = {}
    for before, after in moved:
        if before is not None and not (skip_none and group_of(before) is None):
            gone.setdefault(group_of(before), set()).add(before.id)
        if after is not None and not (skip_none and group_of(after) is None):
            come.setdefault(group_of(after), []).append(after)
            gone.setdefault(group_of(after), set()).add(after.id)
    for group, ids in gone.items():
        rows = [r for r in out.get(group, ()) if r.id not in ids]
        rows += come.get(group, ())
        if rows:
            rows.sort(key=order)
            out[group] = rows
        else:
            out.pop(group, None)
    return out


def _carry_over(
    old: WorkshopData, new: WorkshopData, moved: dict[str, list[tuple[Any, Any]]]
) -> None:
    """Give ``new`` the lookups ``old`` had built, patched for the rows that moved."""
    known, mine = old.__dict__, new.__dict__
    for name, (attr, column, order) in _GROUPED.items():
        if name in known:
            rows = moved.get(attr)
            mine[name] = (
                _regroup(known[name], rows, lambda r, c=column: getattr(r, c), order)
                if rows
                else known[name]
            )
    units_moved = any(
        b is None or a is None or b.parent_id != a.parent_id or b.position != a.position
        for b, a in moved.get("units", ())
    )
    if units_moved:
        return  # depths and the alignment index's unit order: built again when asked
    for name in ("unit_depths", "_unit_paths"):
        if name in known:
            mine[name] = known[name]
    if "_aligned" in known:
        rows = moved.get("objectives")
        mine["_aligned"] = (
            _regroup(
                known["_aligned"],
                rows,
                lambda o: o.parent_kr_id,
                lambda o: (new.unit_path_key(o.unit_id), o.position, o.id),
                skip_none=True,
            )
            if rows
            else known["_aligned"]
        )
    if "by_uid" in known:
        mine["by_uid"] = _patched_uids(known["by_uid"], moved)


_UID_NAMES = {
    "people": "person",
    "units": "unit",
    "objectives": "objective",
    "key_results": "key_result",
    "check_ins": "check_in",
    "initiatives": "initiative",
    "agenda": "agenda_item",
    "notes": "note",
}


def _patched_uids(
    by_uid: dict[str, tuple[str, int]], moved: dict[str, list[tuple[Any, Any]]]
) -> dict[str, tuple[str, int]]:
    if not any(moved.get(attr) for attr in _UID_TABLES):
        return by_uid
    out = dict(by_uid)
    for attr in _UID_TABLES:
        table = _UID_NAMES[attr]
        for before, _after in moved.get(attr, ()):
            if before is not None and before.uid and out.get(before.uid) == (table, before.id):
                del out[before.uid]
        for _before, after in moved.get(attr, ()):
            if after is not None and after.uid:
                out[after.uid] = (table, after.id)
    return out


def patched(data: WorkshopData, rows: Iterable[Any]) -> WorkshopData:
    """A new snapshot with row changes applied (``RowChange`` objects, in order).

    This is how the UI keeps its snapshot current after an edit without reading the
    whole file again: the change records carry every row's values after the edit.
    """
    tables: dict[str, dict[int, Any]] = {}
    info = data.info
    keys: set[ItemKey] = set()
    for row in rows:
        keys.add((row.table, row.id) if row.table != "workshop" else INFO_KEY)
        if row.table == "workshop":
            if row.after is not None:
                info = from_row(InfoData, row.after)
            continue
        attr, cls = TABLE_DATA[row.table]
        if attr not in tables:
            tables[attr] = dict(getattr(data, attr))
        target = tables[attr]
        if row.after is None:
            target.pop(row.id, None)
        else:
            target[row.id] = from_row(cls, row.after)
    kept: dict[str, Mapping[int, Any]] = {
        attr: tables[attr] if attr in tables else getattr(data, attr)
        for attr, _cls in TABLE_DATA.values()
    }
    new = WorkshopData(info=info, **kept)
    ids: dict[str, set[int]] = {}
    for table, item_id in keys:
        if table in TABLE_DATA:
            ids.setdefault(TABLE_DATA[table][0], set()).add(item_id)
    old_tables = {attr: getattr(data, attr) for attr in ids}
    moved = {
        attr: [(old_tables[attr].get(i), tables[attr].get(i)) for i in sorted(changed)]
        for attr, changed in ids.items()
    }
    _carry_over(data, new, moved)
    _record(data, new, frozenset(keys))
    return new
