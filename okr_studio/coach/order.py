"""Where a finding is listed: by unit in the organisation's order, then objective and key
result position, then code (the order of :func:`okr_studio.coach.check`)."""

from __future__ import annotations

from okr_studio.coach.findings import Finding
from okr_studio.data import WorkshopData

UnitPaths = dict[int, tuple[tuple[int, int], ...]]


def _unit_path(data: WorkshopData, unit_id: int) -> tuple[tuple[int, int], ...]:
    if unit_id not in data.units:
        return ((1 << 62, unit_id),)
    chain = [data.units[unit_id], *data.unit_ancestors(unit_id)]
    return tuple((u.position, u.id) for u in reversed(chain))


def sort_key(data: WorkshopData, f: Finding, paths: UnitPaths | None = None) -> tuple:
    """Where a finding sits in the workshop: unit path, objective, key result, code.

    ``paths`` keeps the units' paths between calls on one snapshot."""
    if paths is None:
        path = _unit_path(data, f.unit_id)
    else:
        path = paths.get(f.unit_id)
        if path is None:
            path = paths[f.unit_id] = _unit_path(data, f.unit_id)
    place: tuple[int, int, int, int] = (-1, -1, -1, -1)
    if f.item_kind == "objective" and f.item_id in data.objectives:
        obj = data.objectives[f.item_id]
        place = (obj.position, obj.id, -1, -1)
    elif f.item_kind == "key_result" and f.item_id in data.key_results:
        kr = data.key_results[f.item_id]
        obj = data.objectives[kr.objective_id]
        place = (obj.position, obj.id, kr.position, kr.id)
    return (path, *place, f.code)
