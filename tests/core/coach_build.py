"""A small builder of WorkshopData snapshots for the coach tests (no file needed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from okr_studio.coach import Finding, check
from okr_studio.data import (
    AcceptedFindingData,
    InfoData,
    KeyResultData,
    ObjectiveData,
    PersonData,
    UnitData,
    WorkshopData,
)


class Build:
    def __init__(self, **info: Any) -> None:
        self.info = InfoData(**info)
        self.people: dict[int, PersonData] = {}
        self.units: dict[int, UnitData] = {}
        self.objectives: dict[int, ObjectiveData] = {}
        self.key_results: dict[int, KeyResultData] = {}
        self.accepted: dict[int, AcceptedFindingData] = {}
        self._names = iter(f"Person {i}" for i in range(1, 10_000))

    def person(self, name: str | None = None) -> int:
        pid = len(self.people) + 1
        self.people[pid] = PersonData(pid, name if name is not None else next(self._names))
        return pid

    def unit(self, name: str = "Team", parent: int | None = None, level: str = "team") -> int:
        uid = len(self.units) + 1
        pos = sum(1 for u in self.units.values() if u.parent_id == parent)
        self.units[uid] = UnitData(uid, parent, name, level, pos)
        return uid

    def obj(
        self,
        unit: int,
        title: str = "Customers trust our checkout",
        parent_kr: int | None = None,
        **fields: Any,
    ) -> int:
        oid = len(self.objectives) + 1
        fields.setdefault("owner_id", self.person())
        pos = sum(1 for o in self.objectives.values() if o.unit_id == unit)
        self.objectives[oid] = ObjectiveData(oid, unit, parent_kr, title, position=pos, **fields)
        return oid

    def kr(
        self,
        obj: int,
        title: str = "Raise checkout conversion from 2.8% to 3.4%",
        baseline: float | None = 2.8,
        target: float | None = 3.4,
        **fields: Any,
    ) -> int:
        kid = len(self.key_results) + 1
        fields.setdefault("owner_id", self.person())
        fields.setdefault("work_type", ["feature", "defect", "technical_debt", "risk"][kid % 4])
        pos = sum(1 for k in self.key_results.values() if k.objective_id == obj)
        self.key_results[kid] = KeyResultData(
            kid, obj, title, baseline=baseline, target=target, position=pos, **fields
        )
        return kid

    def good_obj(
        self, unit: int, parent_kr: int | None = None, n: int = 3
    ) -> tuple[int, list[int]]:
        """An objective the coach has nothing to say about, with ``n`` key results."""
        oid = self.obj(unit, parent_kr=parent_kr)
        krs = [self.kr(oid, f"Raise weekly active teams from {10 * i} to {20 * i}", 10 * i, 20 * i)
               for i in range(1, n + 1)]  # fmt: skip
        return oid, krs

    def accept(self, code: str, kind: str, item_id: int, reason: str = "On purpose") -> int:
        aid = len(self.accepted) + 1
        self.accepted[aid] = AcceptedFindingData(aid, code, kind, item_id, reason, "2027-01-05")
        return aid

    def data(self) -> WorkshopData:
        return WorkshopData(
            info=self.info,
            people=dict(self.people),
            units=dict(self.units),
            objectives=dict(self.objectives),
            key_results=dict(self.key_results),
            accepted=dict(self.accepted),
        )

    def findings(self) -> list[Finding]:
        return check(self.data())

    def codes(self, kind: str | None = None, item_id: int | None = None) -> list[str]:
        return [
            f.code
            for f in self.findings()
            if (kind is None or f.item_kind == kind) and (item_id is None or f.item_id == item_id)
        ]


def company_and_team() -> tuple[Build, int, int, list[int]]:
    """A clean two-level workshop: company objective (3 KRs), one team supporting each KR.

    Returns (builder, company unit, team unit, company KR ids).
    """
    b = Build(cycle="2027 Q1", cycle_start=dt.date(2027, 1, 1), cycle_end=dt.date(2027, 3, 31))
    company = b.unit("Acme", level="company")
    team = b.unit("Checkout", company)
    _, krs = b.good_obj(company)
    for kr in krs:
        b.good_obj(team, parent_kr=kr)
    return b, company, team, krs
