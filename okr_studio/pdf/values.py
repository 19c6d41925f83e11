"""How values print on a sheet: numbers, targets, labels, and names of items."""

from __future__ import annotations

import datetime as dt

from okr_studio.data import KeyResultData, WorkshopData
from okr_studio.numbers import format_number
from okr_studio.vocab import Direction, Status, WorkType


def number(value: float | None) -> str:
    """A number as the canvas shows it too (the core's format, in the app's locale)."""
    return format_number(value, empty="—")


def target_text(kr: KeyResultData) -> tuple[str, str]:
    """(the "baseline → target unit" line, the direction line)."""
    unit = f" {kr.unit_of_measure}" if kr.unit_of_measure else ""
    try:
        direction = Direction(kr.direction)
    except ValueError:
        direction = Direction.INCREASE
    if direction is Direction.MILESTONE:
        first = "Done" if kr.target is None else f"{number(kr.target)}{unit}"
        return first, "Milestone"
    if direction in (Direction.KEEP_ABOVE, Direction.KEEP_BELOW):
        sign = "≥" if direction is Direction.KEEP_ABOVE else "≤"
        line = f"{sign} {number(kr.target)}{unit}"
        if kr.baseline is not None:
            line = f"{number(kr.baseline)} → {line}"
        return line, direction.label
    return f"{number(kr.baseline)} → {number(kr.target)}{unit}", direction.label


def work_type_text(value: str) -> str:
    try:
        return WorkType(value).label
    except ValueError:
        return value


def status_text(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def describe(data: WorkshopData, kind: str, item_id: int) -> str:
    """How the missing-glyph report names an item: kind, title and unit."""
    if kind == "objective" and item_id in data.objectives:
        obj = data.objectives[item_id]
        unit = data.units.get(obj.unit_id)
        return f"Objective “{_short(obj.title)}” ({unit.name if unit else '?'})"
    if kind == "key_result" and item_id in data.key_results:
        kr = data.key_results[item_id]
        unit = data.unit_of_objective(kr.objective_id)
        return f"Key result “{_short(kr.title)}” ({unit.name})"
    if kind == "unit" and item_id in data.units:
        return f"Unit “{_short(data.units[item_id].name)}”"
    if kind == "person" and item_id in data.people:
        return f"Person “{_short(data.people[item_id].name)}”"
    return "Workshop details"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
