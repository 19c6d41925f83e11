"""Realistic workshops built through the core services, as a facilitator would enter them.

Two shapes real companies publish, written for these tests (no published set is
copied):

* :func:`build_english_handbook` — a wide English handbook-style cascade: about
  130 objectives and 330 key results four levels deep (company → department →
  team → sub-team), uneven branches (one department with nine teams, others with
  one), long titles, a few objectives aligned to nothing, and a few aligned
  sideways (to a key result of their own unit or of a peer unit; where the
  services still refuse such an alignment, the objective is aligned to its parent
  unit instead).
* :func:`build_german_quarter` — a German company's quarter: about 50 objectives and
  150 key results, German compound words, umlauts, and numbers written the German
  way ("1.234,5").

Both are deterministic. Use them from any test: ``from tests.realistic import …``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from okr_studio import services
from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.store import Workshop
from tests.realistic_text import DE_PEOPLE, DE_UNITS, EN_PEOPLE, EN_UNITS, UnitText


def _id(change: Change) -> int:
    assert change.subject is not None
    return change.subject[1]


@dataclass
class Built:
    """What a builder made, for tests that need to find things again."""

    path: Path
    units: dict[str, int] = field(default_factory=dict)
    unaligned: list[int] = field(default_factory=list)
    sideways: list[int] = field(default_factory=list)
    #: Sideways alignments the services refused (aligned to the parent unit instead).
    refused_sideways: int = 0


class _Builder:
    def __init__(self, ws: Workshop, people: list[str], seed: int, due: dt.date) -> None:
        self.ws, self.people, self.rnd, self.due = ws, people, random.Random(seed), due
        self.krs_of_unit: dict[int, list[int]] = {}
        self.objs_of_unit: dict[int, list[int]] = {}

    def owner(self) -> str:
        return self.rnd.choice(self.people)

    def objective(self, unit_id: int, title: str, parent_kr: int | None, text: UnitText) -> int:
        fields: dict[str, object] = {"owner_name": self.owner()}
        if self.rnd.random() < 0.7:
            fields.update(
                problem=self.rnd.choice(text.problems),
                behaviour_change=self.rnd.choice(text.changes),
                success_measure=self.rnd.choice(text.measures),
            )
        if parent_kr is not None:
            fields["parent_kr_id"] = parent_kr
        obj = _id(services.add_objective(self.ws, unit_id, title, **fields))
        self.objs_of_unit.setdefault(unit_id, []).append(obj)
        return obj

    def key_results(self, obj: int, unit_id: int, count: int, text: UnitText) -> list[int]:
        out = []
        titles = self.rnd.sample(text.krs, min(count, len(text.krs)))
        for title in titles:
            base = self.rnd.choice([None, 0, 12, 40, 250, 1234.5, 0.92, 18000])
            target = None if base is None else round(base * self.rnd.choice([1.2, 1.5, 2]), 1)
            if base == 0:
                target = self.rnd.choice([5, 12, 50])
            direction = self.rnd.choice(["increase"] * 6 + ["decrease", "keep_above", "milestone"])
            if direction == "decrease" and target is not None:
                target = round((base or 10) * 0.6, 1)
            fields: dict[str, object] = {
                "owner_name": self.owner(),
                "baseline": base,
                "target": target,
                "unit_of_measure": self.rnd.choice(["", "%", "days", "€", "k"]),
                "direction": direction,
                "due_date": self.due,
                "work_type": self.rnd.choice(
                    ["feature"] * 5 + ["technical_debt", "defect", "risk"]
                ),
            }
            if self.rnd.random() < 0.5:
                fields["confidence"] = self.rnd.choice([0.3, 0.5, 0.7, 0.9])
            out.append(_id(services.add_key_result(self.ws, obj, title, **fields)))
        self.krs_of_unit.setdefault(unit_id, []).extend(out)
        return out


def _build(
    path: Path,
    *,
    name: str,
    cycle: str,
    facilitator: str,
    language: str,
    units: list[UnitText],
    people: list[str],
    seed: int,
    due: dt.date,
) -> Built:
    built = Built(path)
    ws = Workshop.create(path, name=name, cycle=cycle)
    try:
        services.update_info(
            ws, facilitator=facilitator, date=due.replace(day=1), language=language
        )
        b = _Builder(ws, people, seed, due)
        for text in units:
            parent = built.units.get(text.parent) if text.parent else None
            unit_id = _id(services.add_unit(ws, text.name, text.level, parent))
            built.units[text.name] = unit_id
            _fill_unit(b, built, unit_id, parent, text)
    finally:
        ws.close()
    return built


def _fill_unit(b: _Builder, built: Built, unit_id: int, parent: int | None, text: UnitText) -> None:
    rnd = b.rnd
    above = b.krs_of_unit.get(parent, []) if parent is not None else []
    for n, title in enumerate(text.objectives):
        parent_kr = rnd.choice(above) if above else None
        sideways: int | None = None
        if parent is not None and n in text.unaligned:
            parent_kr = None
        elif n in text.same_unit and b.krs_of_unit.get(unit_id):
            sideways = rnd.choice(b.krs_of_unit[unit_id])
        elif n in text.peer:
            peers = [u for name in text.peer_units if (u := built.units.get(name)) is not None]
            pool = [k for u in peers for k in b.krs_of_unit.get(u, [])]
            sideways = rnd.choice(pool) if pool else None
        obj = None
        if sideways is not None:
            try:
                obj = b.objective(unit_id, title, sideways, text)
                built.sideways.append(obj)
            except EditRefused:
                built.refused_sideways += 1
        if obj is None:
            obj = b.objective(unit_id, title, parent_kr, text)
        if parent is not None and parent_kr is None and sideways is None:
            built.unaligned.append(obj)
        b.key_results(obj, unit_id, text.krs_per_objective[n % len(text.krs_per_objective)], text)


def build_english_handbook(path: Path) -> Built:
    """About 130 objectives and 330 key results, four levels, uneven, in English."""
    return _build(
        Path(path),
        name="Northwind Labs — company OKRs",
        cycle="FY2027 Q1",
        facilitator="Morgan Ellis",
        language="en",
        units=EN_UNITS,
        people=EN_PEOPLE,
        seed=7,
        due=dt.date(2027, 3, 31),
    )


def build_german_quarter(path: Path) -> Built:
    """About 50 objectives and 150 key results of a German company's quarter."""
    return _build(
        Path(path),
        name="Brandt & Söhne Maschinenbau — OKR Q3",
        cycle="Q3 2024",
        facilitator="Käthe Schröder",
        language="de",
        units=DE_UNITS,
        people=DE_PEOPLE,
        seed=11,
        due=dt.date(2024, 9, 30),
    )
