"""Rules about the organisation tree: unit names, objectives per unit, uncovered key results.

How each objective is aligned is in :mod:`okr_studio.coach.rules_align`.
"""

from __future__ import annotations

from collections.abc import Iterator

from okr_studio.coach.findings import Finding, finding
from okr_studio.coach.wording import quote
from okr_studio.data import KeyResultData, UnitData, WorkshopData

#: More objectives than this on one unit splits its focus.
MAX_OBJECTIVES = 3


def unit_label(unit: UnitData | None) -> str:
    if unit is None or not unit.name.strip():
        return "an unnamed unit"
    return quote(unit.name, 40)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def unit_findings(data: WorkshopData, unit: UnitData) -> Iterator[Finding]:
    """Findings about one unit: its name and how many objectives it has."""

    def make(code: str, message: str, hint: str) -> Finding:
        return finding(code, unit.id, unit.id, unit.name, message, hint)

    name = _capital(unit_label(unit))
    if not unit.name.strip():
        level = unit.level.strip() or "unit"
        yield make(
            "UNIT_NO_NAME",
            f"A {level} has no name.",
            "Give it the name the room uses for it, so sheets and findings can be read.",
        )
    objectives = data.objectives_of(unit.id)
    if not objectives:
        parent = data.units.get(unit.parent_id) if unit.parent_id is not None else None
        hint = (
            f"Pick a key result of {unit_label(parent)} this team can influence and cascade "
            "it into the team's own objective."
            if parent is not None
            else "Start with the 1–3 outcomes that matter most this cycle."
        )
        yield make("UNIT_NO_OBJECTIVE", f"{name} has no objective yet.", hint)
    elif len(objectives) > MAX_OBJECTIVES:
        yield make(
            "UNIT_TOO_MANY_OBJECTIVES",
            f"{name} has {len(objectives)} objectives; more than {MAX_OBJECTIVES} splits "
            "its focus.",
            f"Keep the 1–{MAX_OBJECTIVES} that matter most this cycle; merge the others or "
            "let them wait.",
        )


def uncovered_findings(data: WorkshopData, unit: UnitData) -> Iterator[Finding]:
    """Key results of a unit with units below it that no objective supports."""
    if not data.child_units(unit.id):
        return
    for obj in data.objectives_of(unit.id):
        for kr in data.key_results_of(obj.id):
            yield from kr_uncovered(data, unit, kr)


def kr_uncovered(data: WorkshopData, unit: UnitData, kr: KeyResultData) -> Iterator[Finding]:
    """KR_UNCOVERED for one key result of ``unit`` (a unit with units below it)."""
    if data.aligned_to(kr.id):
        return
    q = quote(kr.title) if kr.title.strip() else "a key result with no title"
    yield finding(
        "KR_UNCOVERED",
        kr.id,
        unit.id,
        kr.title,
        f"No unit below {unit_label(unit)} supports {q}.",
        "Cascade it to the team that can move it most. If "
        f"{unit_label(unit)} drives it alone, accept this finding and say so.",
    )
