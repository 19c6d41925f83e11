"""Plain, immutable views of a workshop, for the UI, the coach, layout and PDF.

Nothing here talks to the database: :func:`okr_studio.store.Workshop.snapshot`
reads the file once and builds a :class:`WorkshopData`, which is safe to keep
after the transaction is gone and cheap to query. Its records, one per row, are
in :mod:`okr_studio.data_items` and importable from here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any

from okr_studio.agenda import AgendaItemData
from okr_studio.breakout_data import HandOutData, OriginData
from okr_studio.data_items import (
    AcceptedFindingData,
    CheckInData,
    InfoData,
    InitiativeData,
    KeyResultData,
    ObjectiveData,
    PersonData,
    UnitData,
    as_dict,
    field_names,
    from_row,
    name_key,
    replaced,
)
from okr_studio.room_notes import NoteData

__all__ = [
    "TABLE_DATA",
    "AcceptedFindingData",
    "AgendaItemData",
    "CheckInData",
    "InfoData",
    "InitiativeData",
    "KeyResultData",
    "NoteData",
    "ObjectiveData",
    "PersonData",
    "UnitData",
    "WorkshopData",
    "as_dict",
    "field_names",
    "from_row",
    "name_key",
    "patched",
    "replaced",
]


def _sorted(items: list, key: str = "position") -> list:
    return sorted(items, key=attrgetter(key, "id"))


@dataclass(frozen=True)
class WorkshopData:
    """Everything in one workshop, with the lookups every reader needs."""

    info: InfoData = field(default_factory=InfoData)
    people: Mapping[int, PersonData] = field(default_factory=dict)
    units: Mapping[int, UnitData] = field(default_factory=dict)
    objectives: Mapping[int, ObjectiveData] = field(default_factory=dict)
    key_results: Mapping[int, KeyResultData] = field(default_factory=dict)
    accepted: Mapping[int, AcceptedFindingData] = field(default_factory=dict)
    check_ins: Mapping[int, CheckInData] = field(default_factory=dict)
    initiatives: Mapping[int, InitiativeData] = field(default_factory=dict)
    #: The agenda (:mod:`okr_studio.agenda`) and the notes raised in the room
    #: (:mod:`okr_studio.room_notes`).
    agenda: Mapping[int, AgendaItemData] = field(default_factory=dict)
    notes: Mapping[int, NoteData] = field(default_factory=dict)
    #: Its hand-outs, and (a breakout file) its origin (:mod:`okr_studio.breakout_data`).
    breakouts: Mapping[int, HandOutData] = field(default_factory=dict)
    origin: Mapping[int, OriginData] = field(default_factory=dict)

    # ---- indexes -------------------------------------------------------
    @cached_property
    def _unit_children(self) -> dict[int | None, list[UnitData]]:
        out: dict[int | None, list[UnitData]] = defaultdict(list)
        for u in self.units.values():
            out[u.parent_id].append(u)
        return {k: _sorted(v) for k, v in out.items()}

    @cached_property
    def _unit_objectives(self) -> dict[int, list[ObjectiveData]]:
        out: dict[int, list[ObjectiveData]] = defaultdict(list)
        for o in self.objectives.values():
            out[o.unit_id].append(o)
        return {k: _sorted(v) for k, v in out.items()}

    @cached_property
    def _objective_krs(self) -> dict[int, list[KeyResultData]]:
        out: dict[int, list[KeyResultData]] = defaultdict(list)
        for k in self.key_results.values():
            out[k.objective_id].append(k)
        return {k: _sorted(v) for k, v in out.items()}

    @cached_property
    def _kr_check_ins(self) -> dict[int, list[CheckInData]]:
        out: dict[int, list[CheckInData]] = defaultdict(list)
        for c in self.check_ins.values():
            out[c.key_result_id].append(c)
        return {k: sorted(v, key=lambda c: (c.date, c.id)) for k, v in out.items()}

    @cached_property
    def _kr_initiatives(self) -> dict[int, list[InitiativeData]]:
        out: dict[int, list[InitiativeData]] = defaultdict(list)
        for i in self.initiatives.values():
            out[i.key_result_id].append(i)
        return {k: _sorted(v) for k, v in out.items()}

    @cached_property
    def _aligned(self) -> dict[int, list[ObjectiveData]]:
        out: dict[int, list[ObjectiveData]] = defaultdict(list)
        for o in self.objectives.values():
            if o.parent_kr_id is not None:
                out[o.parent_kr_id].append(o)
        return {
            k: sorted(v, key=lambda o: (self.unit_path_key(o.unit_id), o.position, o.id))
            for k, v in out.items()
        }

    # ---- units -----------------------------------------------------------
    def root_units(self) -> list[UnitData]:
        return list(self._unit_children.get(None, []))

    def child_units(self, unit_id: int | None) -> list[UnitData]:
        return list(self._unit_children.get(unit_id, []))

    def unit_ancestors(self, unit_id: int) -> list[UnitData]:
        """The unit's ancestors, nearest first (the unit itself excluded)."""
        out: list[UnitData] = []
        seen = {unit_id}
        parent = self.units[unit_id].parent_id
        while parent is not None and parent not in seen:
            seen.add(parent)
            out.append(self.units[parent])
            parent = self.units[parent].parent_id
        return out

    @cached_property
    def unit_depths(self) -> dict[int, int]:
        """Every unit's depth (0 = a top unit), computed once per snapshot."""
        return {u.id: len(self.unit_ancestors(u.id)) for u in self.units.values()}

    def unit_depth(self, unit_id: int) -> int:
        return self.unit_depths[unit_id]

    def unit_descendants(self, unit_id: int) -> Iterator[UnitData]:
        stack = list(reversed(self.child_units(unit_id)))
        while stack:
            u = stack.pop()
            yield u
            stack.extend(reversed(self.child_units(u.id)))

    def walk_units(self) -> Iterator[UnitData]:
        """Every unit, depth first in sibling order."""
        for root in self.root_units():
            yield root
            yield from self.unit_descendants(root.id)

    @cached_property
    def _unit_paths(self) -> dict[int, tuple[int, ...]]:
        out: dict[int, tuple[int, ...]] = {}
        for unit_id in self.units:
            chain = [self.units[unit_id], *self.unit_ancestors(unit_id)]
            out[unit_id] = tuple(u.position for u in reversed(chain))
        return out

    def unit_path_key(self, unit_id: int) -> tuple[int, ...]:
        """The positions of the unit and its ancestors from the top (for sorting)."""
        return self._unit_paths[unit_id]

    def is_ancestor_unit(self, ancestor_id: int, unit_id: int) -> bool:
        return any(u.id == ancestor_id for u in self.unit_ancestors(unit_id))

    # ---- objectives and key results ---------------------------------------
    def objectives_of(self, unit_id: int) -> list[ObjectiveData]:
        return list(self._unit_objectives.get(unit_id, []))

    def key_results_of(self, objective_id: int) -> list[KeyResultData]:
        return list(self._objective_krs.get(objective_id, []))

    def key_results_in(self, objective_id: int) -> Sequence[KeyResultData]:
        """:meth:`key_results_of` without making a copy, for readers that only look at it
        (measuring every card of a large workshop): never change what it gives."""
        return self._objective_krs.get(objective_id, ())

    def check_ins_of(self, kr_id: int) -> list[CheckInData]:
        """A key result's check-ins, oldest first (by date, then as entered)."""
        return list(self._kr_check_ins.get(kr_id, []))

    def latest_check_in(self, kr_id: int) -> CheckInData | None:
        """The key result's latest check-in (its actual value), or None."""
        found = self._kr_check_ins.get(kr_id)
        return found[-1] if found else None

    def initiatives_of(self, kr_id: int) -> list[InitiativeData]:
        return list(self._kr_initiatives.get(kr_id, []))

    def aligned_to(self, kr_id: int) -> list[ObjectiveData]:
        """Objectives whose parent key result is ``kr_id``."""
        return list(self._aligned.get(kr_id, []))

    def objective_of_kr(self, kr_id: int) -> ObjectiveData:
        return self.objectives[self.key_results[kr_id].objective_id]

    def unit_of_objective(self, objective_id: int) -> UnitData:
        return self.units[self.objectives[objective_id].unit_id]

    def chain(self, objective_id: int) -> list[tuple[ObjectiveData, KeyResultData | None]]:
        """The alignment chain from the top objective down to this one.

        Each entry is (objective, the key result of it the next objective is aligned to);
        the last entry's key result is None.
        """
        out: list[tuple[ObjectiveData, KeyResultData | None]] = []
        seen: set[int] = set()
        obj = self.objectives[objective_id]
        below: KeyResultData | None = None
        while obj.id not in seen:
            seen.add(obj.id)
            out.append((obj, below))
            if obj.parent_kr_id is None or obj.parent_kr_id not in self.key_results:
                break
            below = self.key_results[obj.parent_kr_id]
            obj = self.objectives[below.objective_id]
        out.reverse()
        return out

    # ---- stable ids --------------------------------------------------------------
    @cached_property
    def by_uid(self) -> dict[str, tuple[str, int]]:
        """``uid -> (table, id)`` for every person, unit, objective, key result, check-in,
        initiative, agenda item and note."""
        out: dict[str, tuple[str, int]] = {}
        for table, rows in (
            ("person", self.people),
            ("unit", self.units),
            ("objective", self.objectives),
            ("key_result", self.key_results),
            ("check_in", self.check_ins),
            ("initiative", self.initiatives),
            ("agenda_item", self.agenda),
            ("note", self.notes),
        ):
            for row in rows.values():
                if row.uid:
                    out[row.uid] = (table, row.id)
        return out

    def person_name(self, person_id: int | None) -> str:
        if person_id is None or person_id not in self.people:
            return ""
        return self.people[person_id].name

    def is_accepted(self, code: str, item_kind: str, item_id: int) -> AcceptedFindingData | None:
        for a in self.accepted.values():
            if a.code == code and a.item_kind == item_kind and a.item_id == item_id:
                return a
        return None


#: ``table -> (WorkshopData attribute, data class)`` for every table but the workshop's.
TABLE_DATA: dict[str, tuple[str, type]] = {
    "person": ("people", PersonData),
    "unit": ("units", UnitData),
    "objective": ("objectives", ObjectiveData),
    "key_result": ("key_results", KeyResultData),
    "check_in": ("check_ins", CheckInData),
    "initiative": ("initiatives", InitiativeData),
    "accepted_finding": ("accepted", AcceptedFindingData),
    "agenda_item": ("agenda", AgendaItemData),
    "note": ("notes", NoteData),
    "breakout": ("breakouts", HandOutData),
    "breakout_origin": ("origin", OriginData),
}


def patched(data: WorkshopData, rows: Iterator[Any] | tuple[Any, ...] | list[Any]) -> WorkshopData:
    """A new snapshot with row changes applied (``RowChange`` objects, in order); see
    :func:`okr_studio.data_patch.patched`, which keeps it proportional to the change."""
    from okr_studio.data_patch import patched as patch

    return patch(data, rows)
