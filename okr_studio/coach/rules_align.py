"""Rules about how an objective is aligned: orphans, circles, own-unit and sideways links.

An objective below the top with no parent key result is an orphan (error). An
alignment that goes round in a circle breaks the alignment tree (error; the
services refuse it, so only an older or damaged file holds one). Aligning to a
key result of the objective's own unit (a leader's sub-objective) earns a hint,
and to one of any unit that is not above it (a peer, another branch, a unit
below) a warning: both are allowed, and real companies do both.
"""

from __future__ import annotations

from collections.abc import Iterator

from okr_studio.alignment import alignment_of
from okr_studio.coach.findings import Finding, finding
from okr_studio.coach.rules_tree import unit_label
from okr_studio.coach.wording import quote
from okr_studio.data import ObjectiveData, UnitData, WorkshopData


def _where(data: WorkshopData, kr_unit: UnitData | None, unit: UnitData) -> str:
    """Where the key result's unit sits, seen from the objective's unit."""
    name = unit_label(kr_unit)
    if kr_unit is None or kr_unit.id not in data.units:
        return name
    if data.is_ancestor_unit(unit.id, kr_unit.id):
        return f"{name}, a unit below {unit_label(unit)}"
    if kr_unit.parent_id == unit.parent_id:
        return f"{name}, a peer of {unit_label(unit)}"
    return f"{name}, in another branch of the tree"


def alignment_findings(data: WorkshopData, obj: ObjectiveData) -> Iterator[Finding]:
    """OBJ_ORPHAN, OBJ_ALIGNMENT_CYCLE, OBJ_ALIGNED_SAME_UNIT or OBJ_ALIGNED_SIDEWAYS."""
    unit = data.units.get(obj.unit_id)
    if unit is None:
        return
    title = obj.title
    q = quote(title) if title.strip() else "This objective"

    def make(code: str, message: str, hint: str) -> Finding:
        return finding(code, obj.id, obj.unit_id, title, message, hint)

    link = alignment_of(data, obj)
    if link is None:
        if unit.parent_id is None:
            return
        parent = data.units.get(unit.parent_id)
        yield make(
            "OBJ_ORPHAN",
            f"{q} is not aligned to a key result of the level above.",
            f"Pick the key result of {unit_label(parent)} (or a unit above it) that this "
            "objective moves, so it takes its place in the alignment tree.",
        )
        return
    kr_q = quote(link.key_result.title) if link.key_result.title.strip() else "a key result"
    kr_unit = data.units.get(link.objective.unit_id)
    if link.kind == "cycle":
        how = (
            "one of its own key results"
            if link.objective.id == obj.id
            else "a key result whose chain of alignments leads back to it"
        )
        yield make(
            "OBJ_ALIGNMENT_CYCLE",
            f"{q} is aligned to {kr_q}, {how}: the alignment goes round in a circle.",
            f"Align it to a key result of a unit above {unit_label(unit)}, or remove the "
            "alignment.",
        )
    elif link.kind == "same_unit":
        parent_q = quote(link.objective.title) if link.objective.title.strip() else "another"
        yield make(
            "OBJ_ALIGNED_SAME_UNIT",
            f"{q} supports {kr_q}, a key result of its own unit, {unit_label(unit)}.",
            f"That works for a leader's sub-objective. If the key results of {parent_q} "
            "already say it, fold it in there; if it moves a goal of the level above, "
            "align it there.",
        )
    elif link.kind == "sideways":
        yield make(
            "OBJ_ALIGNED_SIDEWAYS",
            f"{q} is aligned sideways to {kr_q} of {_where(data, kr_unit, unit)}.",
            f"Check with {unit_label(kr_unit)} that they count on it and agree who reports "
            "progress. If it mainly moves a goal of the level above, align it there instead.",
        )
