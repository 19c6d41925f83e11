"""How an objective is aligned: to a unit above it, to its own unit, sideways, or in a circle.

Real companies align an objective to a key result of a unit above it (the
cascade), but also to a key result of its own unit (a leader's sub-objective)
and to one of a unit elsewhere in the tree (a peer or another branch). All of
these are allowed; only a circle is refused: an objective that, through the
chain of parent key results, would support itself (its own key result
included). The services refuse circles, the coach comments on the other kinds,
the layout draws them, and the PDF names them; all ask this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from okr_studio.data import KeyResultData, ObjectiveData, WorkshopData

#: "above": the key result's unit is an ancestor of the objective's unit (a cascade);
#: "same_unit": it is the objective's own unit; "sideways": any other unit (a peer, another
#: branch, or a unit below); "cycle": the chain of parent key results comes back round.
AlignmentKind = Literal["above", "same_unit", "sideways", "cycle"]


@dataclass(frozen=True, slots=True)
class Alignment:
    """An objective's alignment: its parent key result, that key result's objective, the kind."""

    kind: AlignmentKind
    key_result: KeyResultData
    objective: ObjectiveData


def loops_back(
    objective_id: int | None, start: int | None, parent_of: Callable[[int], int | None]
) -> bool:
    """Whether walking up the chain from objective ``start`` reaches ``objective_id``.

    ``parent_of(o)`` gives the objective that objective ``o`` is aligned to (None at the
    top). A chain that loops without reaching ``objective_id`` (a damaged file) ends.
    The services walk the file with it, the coach and the inspector a snapshot.
    """
    seen: set[int] = set()
    walk = start
    while walk is not None and walk not in seen:
        if walk == objective_id:
            return True
        seen.add(walk)
        walk = parent_of(walk)
    return False


def _parent_objective(data: WorkshopData) -> Callable[[int], int | None]:
    def parent_of(objective_id: int) -> int | None:
        obj = data.objectives.get(objective_id)
        if obj is None or obj.parent_kr_id is None:
            return None
        kr = data.key_results.get(obj.parent_kr_id)
        return kr.objective_id if kr is not None else None

    return parent_of


def would_loop(data: WorkshopData, objective_id: int, kr_id: int) -> bool:
    """Whether aligning the objective to ``kr_id`` would make it support itself."""
    kr = data.key_results.get(kr_id)
    if kr is None:
        return False
    return loops_back(objective_id, kr.objective_id, _parent_objective(data))


def alignment_of(data: WorkshopData, obj: ObjectiveData) -> Alignment | None:
    """The objective's alignment, or None when it has no (existing) parent key result."""
    kr = data.key_results.get(obj.parent_kr_id) if obj.parent_kr_id is not None else None
    parent = data.objectives.get(kr.objective_id) if kr is not None else None
    if kr is None or parent is None:
        return None
    kind: AlignmentKind
    if loops_back(obj.id, parent.id, _parent_objective(data)):
        kind = "cycle"
    elif parent.unit_id == obj.unit_id:
        kind = "same_unit"
    elif parent.unit_id in data.units and obj.unit_id in data.units:
        kind = "above" if data.is_ancestor_unit(parent.unit_id, obj.unit_id) else "sideways"
    else:
        kind = "sideways"
    return Alignment(kind, kr, parent)


def supporters_below(data: WorkshopData, objective_id: int) -> set[int]:
    """The objective and every objective whose chain passes through it.

    Aligning the objective to a key result of any of these would be a circle.
    """
    out = {objective_id}
    todo = [objective_id]
    while todo:
        for kr in data.key_results_of(todo.pop()):
            for child in data.aligned_to(kr.id):
                if child.id not in out:
                    out.add(child.id)
                    todo.append(child.id)
    return out
