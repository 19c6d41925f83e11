"""The coach after an edit: re-check only what the edit can change.

:func:`recheck` gives the same findings as :func:`okr_studio.coach.check` (in the
same order), but from the run on an earlier snapshot: it asks the snapshot what
changed (:func:`okr_studio.data_patch.changed_items`) and runs the rules again only
for the items whose findings can depend on it, keeps every other item's findings,
and splices the new ones into the sorted list. What an item's findings depend on:

- a key result: its own fields, owner, check-ins and the cycle; its objective's
  unit (KR_UNCOVERED needs units below it and an objective aligned to it);
- an objective: its fields and owner, its key results (how many, whose, what
  work), its unit and the units below it, its parent key result and that key
  result's objective and unit, and the chain of alignments above it (a circle);
- a unit: its name and level, how many objectives it has, its parent's name;
- where a finding is listed: the positions of its unit and the units above,
  of its objective and of its key result.

So an edit re-checks the items it changed, their objectives and key results, their
units, the units just above and below, the objectives aligned to their key results
and the chain of alignments above a changed alignment; a unit that moves re-checks
its whole branch, and a renamed person every item they own. Accepted findings and
the cascade's calm (:mod:`okr_studio.coach.room`) are applied per item; when the
cascade starts or ends every finding's severity is looked at again. A change of the
workshop's own row (cycle, dates, language), of the day or of the language, or a
snapshot read again, runs every rule.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from okr_studio.coach.findings import Finding
from okr_studio.coach.order import sort_key
from okr_studio.coach.room import calm, cascade_in_progress
from okr_studio.coach.rules_align import alignment_findings
from okr_studio.coach.rules_closing import STALE_WEEKS, cycle_dates, kr_closing, objective_closing
from okr_studio.coach.rules_items import (
    key_result_findings,
    objective_kr_findings,
    objective_text_findings,
)
from okr_studio.coach.rules_tree import kr_uncovered, unit_findings
from okr_studio.data import WorkshopData
from okr_studio.data_patch import INFO_KEY, changed_items
from okr_studio.keys import ItemKey

#: Above this share of the workshop's items, a re-check runs every rule instead.
WHOLE_SHARE = 0.4


class CoachRun:
    """The coach's findings on one snapshot, and what the next :func:`recheck` starts from."""

    def __init__(
        self, findings: tuple[Finding, ...], changed: frozenset[ItemKey] | None, engine: Any
    ) -> None:
        #: Every finding, in :func:`okr_studio.coach.check`'s order.
        self.findings = findings
        #: The items (unit, objective, key result) whose findings may differ from the run
        #: this one was made from; None when every rule ran.
        self.changed = changed
        #: How many findings are open (not accepted), by severity ("error", "warning",
        #: "hint"), counted as the findings change rather than over all of them.
        self.open_counts: dict[str, int] = {
            str(sev): n for sev, n in engine.open_counts.items() if n
        }
        self._engine = engine
        self._version = engine.version

    @property
    def data(self) -> WorkshopData:
        return self._engine.data

    def findings_of(self, item: ItemKey) -> tuple[Finding, ...] | None:
        """The findings on one item (in :attr:`findings`' order), or None when a later
        :func:`recheck` has moved on from this run (then read them from :attr:`findings`)."""
        engine = self._engine
        if engine.version != self._version:
            return None
        placed = sorted(engine.placed.get(item, ()), key=lambda entry: entry[0])
        return tuple(f for _key, f in placed)


def recheck(
    previous: CoachRun | None,
    data: WorkshopData,
    default_language: str = "",
    *,
    today: dt.date | None = None,
    stale_weeks: int = STALE_WEEKS,
) -> CoachRun:
    """The findings of ``data`` (as ``check(data, default_language, today=…,
    stale_weeks=…)``), re-checking only what changed since ``previous`` (None: the
    first run). A run is handed on: re-checking from the same run twice runs every
    rule the second time."""
    language = data.info.language or default_language
    settings = (language, today, stale_weeks)
    engine = previous._engine if previous is not None else None
    if (
        isinstance(engine, _Engine)
        and previous is not None
        and engine.version == previous._version
        and engine.settings == settings
    ):
        changed = changed_items(engine.data, data)
        items = engine.affected(data, changed) if changed is not None else None
        if items is not None:
            engine.version += 1
            changed_findings = engine.update(data, items)
            return CoachRun(engine.findings(), changed_findings, engine)
    engine = _Engine(data, settings)
    return CoachRun(engine.findings(), None, engine)


def rechecks_all(
    previous: CoachRun | None,
    data: WorkshopData,
    default_language: str = "",
    *,
    today: dt.date | None = None,
    stale_weeks: int = STALE_WEEKS,
) -> bool:
    """Whether :func:`recheck` from ``previous`` runs every rule on ``data`` whatever the
    changes reach: no run to start from (or one moved on), another language, day or
    weeks, a snapshot not patched from the run's (read again), or a change of the
    workshop's own row. (A change that reaches most items is not foreseen here.)"""
    engine = previous._engine if previous is not None else None
    settings = (data.info.language or default_language, today, stale_weeks)
    if (
        not isinstance(engine, _Engine)
        or previous is None
        or engine.version != previous._version
        or engine.settings != settings
    ):
        return True
    changed = changed_items(engine.data, data)
    return changed is None or INFO_KEY in changed


class _Engine:
    def __init__(self, data: WorkshopData, settings: tuple[str, dt.date | None, int]) -> None:
        self.settings, self.version = settings, 0
        self.data = data
        self.language, self.today, self.stale_weeks = settings
        self.cycle = cycle_dates(data.info)
        self.in_progress = cascade_in_progress(data, self.today)
        self.accepted = _accepted(data)
        self.raw: dict[ItemKey, tuple[Finding, ...]] = {}
        self.placed: dict[ItemKey, list[tuple[tuple, Finding]]] = {}
        self.open_counts: Counter[str] = Counter()
        paths: dict = {}
        for item in self._items(data):
            self._check(item, paths)
        self._resort()

    # ---- the rules, per item ----------------------------------------------------------
    @staticmethod
    def _items(data: WorkshopData) -> list[ItemKey]:
        out: list[ItemKey] = [("unit", u) for u in data.units]
        out += [("objective", o) for o in data.objectives]
        out += [("key_result", k) for k in data.key_results]
        return out

    def _raw(self, item: ItemKey) -> tuple[Finding, ...]:
        data, (kind, item_id) = self.data, item
        if kind == "unit":
            unit = data.units.get(item_id)
            return tuple(unit_findings(data, unit)) if unit is not None else ()
        if kind == "objective":
            obj = data.objectives.get(item_id)
            if obj is None or obj.unit_id not in data.units:
                return ()
            found = [
                *objective_text_findings(data, obj, self.language),
                *objective_kr_findings(data, obj),
                *alignment_findings(data, obj),
            ]
            if self.today is not None:
                found += objective_closing(obj, self.today, self.cycle)
            return tuple(found)
        kr = data.key_results.get(item_id)
        obj = data.objectives.get(kr.objective_id) if kr is not None else None
        if kr is None or obj is None or obj.unit_id not in data.units:
            return ()
        found = list(key_result_findings(data, kr, obj.unit_id, self.language))
        if data.child_units(obj.unit_id):
            found += kr_uncovered(data, data.units[obj.unit_id], kr)
        if self.today is not None:
            found += kr_closing(data, kr, obj.unit_id, self.today, self.cycle, self.stale_weeks)
        return tuple(found)

    def _final(self, raw: tuple[Finding, ...]) -> list[Finding]:
        out = []
        for f in raw:
            match = self.accepted.get(f.key)
            out.append(replace(f, accepted=match) if match is not None else f)
        return calm(out, self.in_progress)

    def _check(self, item: ItemKey, paths: dict) -> None:
        raw = self._raw(item)
        self._count(self.placed.get(item, ()), -1)
        if raw:
            self.raw[item] = raw
            self.placed[item] = [(sort_key(self.data, f, paths), f) for f in self._final(raw)]
            self._count(self.placed[item], +1)
        else:
            self.raw.pop(item, None)
            self.placed.pop(item, None)

    def _count(self, placed: Iterable[tuple[tuple, Finding]], sign: int) -> None:
        for _key, f in placed:
            if f.accepted is None:
                self.open_counts[f.severity] += sign

    def _resort(self) -> None:
        entries = sorted(e for placed in self.placed.values() for e in placed)
        self.keys = [k for k, _f in entries]
        self.found = [f for _k, f in entries]

    def findings(self) -> tuple[Finding, ...]:
        return tuple(self.found)

    # ---- after an edit -----------------------------------------------------------------
    def affected(self, new: WorkshopData, changed: frozenset[ItemKey]) -> set[ItemKey] | None:
        """The items whose findings the change can alter (see the module's notes); None
        when every rule should run."""
        if INFO_KEY in changed:
            return None
        items: set[ItemKey] = set()
        moved = set()
        for table, unit_id in changed:
            before, after = self.data.units.get(unit_id), new.units.get(unit_id)
            if table == "unit" and (
                before is None
                or after is None
                or (before.parent_id, before.position) != (after.parent_id, after.position)
            ):
                moved.add(unit_id)
        for data in (self.data, new):
            _Reach(data, items, moved).changed(changed)
        total = len(new.units) + len(new.objectives) + len(new.key_results)
        return items if len(items) <= WHOLE_SHARE * max(total, 1) else None

    def update(self, data: WorkshopData, items: set[ItemKey]) -> frozenset[ItemKey]:
        """Re-check ``items`` on ``data``; the items whose findings changed."""
        accepted_rows = self.data.accepted is not data.accepted
        self.data = data
        if accepted_rows:
            self.accepted = _accepted(data)
        in_progress = cascade_in_progress(data, self.today)
        before = {item: self.placed.get(item) for item in items}
        paths: dict = {}
        many = len(items) * 8 > len(self.keys)
        if not many:
            for item in items:
                for key, _f in self.placed.get(item, ()):
                    i = bisect_left(self.keys, key)
                    del self.keys[i], self.found[i]
        for item in items:
            self._check(item, paths)
        if in_progress != self.in_progress:  # the cascade started or ended
            self.in_progress = in_progress
            self._refinal()
            self._resort()
            return frozenset(self.placed) | frozenset(before)
        if many:
            self._resort()
        else:
            for item in items:
                for key, f in self.placed.get(item, ()):
                    i = bisect_left(self.keys, key)
                    self.keys.insert(i, key)
                    self.found.insert(i, f)
        return frozenset(item for item, old in before.items() if old != self.placed.get(item))

    def _refinal(self) -> None:
        """The cascade's calm again for every item (where each is listed stays)."""
        self.open_counts.clear()
        for item, raw in self.raw.items():
            keys = [key for key, _f in self.placed[item]]
            self.placed[item] = list(zip(keys, self._final(raw), strict=True))
            self._count(self.placed[item], +1)


def _accepted(data: WorkshopData) -> dict[tuple[str, str, int], Any]:
    return {(a.code, a.item_kind, a.item_id): a for a in data.accepted.values()}


class _Reach:
    """Collects, on one snapshot, the items an edit's changed rows reach."""

    def __init__(self, data: WorkshopData, items: set[ItemKey], moved: set[int]) -> None:
        self.data, self.items, self.moved = data, items, moved

    def changed(self, changed: frozenset[ItemKey]) -> None:
        data = self.data
        people = {i for t, i in changed if t == "person"}
        if people:
            self.owners(people)
        for table, item_id in changed:
            if table == "unit" and item_id in data.units:
                self.unit(item_id)
            elif table == "objective" and item_id in data.objectives:
                self.objective(item_id)
            elif table == "key_result" and item_id in data.key_results:
                self.key_result(item_id)
            elif table == "check_in" and item_id in data.check_ins:
                self.items.add(("key_result", data.check_ins[item_id].key_result_id))
            elif table == "accepted_finding" and item_id in data.accepted:
                row = data.accepted[item_id]
                self.items.add((row.item_kind, row.item_id))

    def with_krs(self, objective_id: int) -> None:
        self.items.add(("objective", objective_id))
        self.items.update(("key_result", k.id) for k in self.data.key_results_of(objective_id))

    def chain_up(self, objective_id: int) -> None:
        """The objective and every objective above it in its chain of alignments."""
        data, seen = self.data, set()
        walk: int | None = objective_id
        while walk is not None and walk not in seen:
            seen.add(walk)
            self.items.add(("objective", walk))
            obj = data.objectives.get(walk)
            kr = data.key_results.get(obj.parent_kr_id) if obj and obj.parent_kr_id else None
            walk = kr.objective_id if kr is not None else None

    def aligned(self, kr_id: int) -> None:
        for obj in self.data.aligned_to(kr_id):
            self.chain_up(obj.id)

    def key_result(self, kr_id: int) -> None:
        kr = self.data.key_results[kr_id]
        self.items.add(("key_result", kr_id))
        self.items.add(("objective", kr.objective_id))
        self.aligned(kr_id)

    def objective(self, objective_id: int) -> None:
        obj = self.data.objectives[objective_id]
        self.with_krs(objective_id)
        self.items.add(("unit", obj.unit_id))
        for kr in self.data.key_results_of(objective_id):
            self.aligned(kr.id)
        self.chain_up(objective_id)
        if obj.parent_kr_id is not None:
            self.items.add(("key_result", obj.parent_kr_id))

    def unit(self, unit_id: int) -> None:
        """A unit renamed: its findings, its items' and those naming it; a unit added,
        removed or moved: its whole branch (where every finding in it is listed, and
        which units are above which), and its parent's (the units below it)."""
        data = self.data
        branch = [unit_id]
        if unit_id in self.moved:
            branch += [u.id for u in data.unit_descendants(unit_id)]
        else:
            for child in data.child_units(unit_id):  # their hints name their parent
                self.items.add(("unit", child.id))
                self.items.update(("objective", o.id) for o in data.objectives_of(child.id))
        for unit in branch:
            self.items.add(("unit", unit))
            for obj in data.objectives_of(unit):
                self.with_krs(obj.id)
                for kr in data.key_results_of(obj.id):
                    self.items.update(("objective", o.id) for o in data.aligned_to(kr.id))
        parent = data.units[unit_id].parent_id
        if parent is not None and parent in data.units:  # its units below changed
            for obj in data.objectives_of(parent):
                self.with_krs(obj.id)

    def owners(self, people: set[int]) -> None:
        data = self.data
        for obj in data.objectives.values():
            if obj.owner_id in people:
                self.items.add(("objective", obj.id))
        for kr in data.key_results.values():
            if kr.owner_id in people:
                self.items.add(("key_result", kr.id))
                self.items.add(("objective", kr.objective_id))
