"""Helpers shared by the service modules: field cleaning, positions, owners."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from okr_studio.data import name_key
from okr_studio.errors import EditRefused
from okr_studio.schema import COLUMNS
from okr_studio.services._tx import Recorder, choice, date_value, number, text_value
from okr_studio.vocab import Direction, Status, WorkType


def _editable(table: str) -> tuple[str, ...]:
    """The columns a service may set (all but the id)."""
    return tuple(c for c in COLUMNS[table] if c != "id")


UNIT_FIELDS = _editable("unit")
PERSON_FIELDS = _editable("person")
OBJECTIVE_FIELDS = _editable("objective")
KEY_RESULT_FIELDS = _editable("key_result")
INFO_FIELDS = _editable("workshop")

_TEXT = {
    "name": "name",
    "level": "level",
    "role": "role",
    "title": "title",
    "problem": "problem or opportunity",
    "behaviour_change": "behaviour change",
    "success_measure": "measure of success",
    "metric": "metric",
    "unit_of_measure": "unit of measure",
    "cycle": "cycle",
    "facilitator": "facilitator",
    "notes": "notes",
}
_NUMBERS = {"baseline": "baseline", "target": "target", "confidence": "confidence"}
_DATES = {
    "due_date": "due date",
    "date": "date",
    "cycle_start": "cycle start",
    "cycle_end": "cycle end",
}


def clean(values: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Check and normalise field values; unknown field names are refused."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in allowed:
            raise EditRefused(f"“{key}” is not a field that can be edited here.")
        if key in _TEXT:
            out[key] = text_value(value, _TEXT[key])
        elif key in _NUMBERS:
            out[key] = number(value, _NUMBERS[key])
        elif key in _DATES:
            out[key] = date_value(value, _DATES[key])
        elif key == "direction":
            out[key] = choice(value, Direction, "direction")
        elif key == "work_type":
            out[key] = choice(value, WorkType, "work type")
        elif key == "status":
            out[key] = choice(value, Status, "status")
        elif key in {"parent_id", "unit_id", "parent_kr_id", "owner_id", "objective_id"}:
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise EditRefused(f"“{value}” does not name an item of this workshop.")
            out[key] = value
        elif key == "position":
            if not isinstance(value, int) or isinstance(value, bool):
                raise EditRefused("A position must be a whole number.")
            out[key] = value
        else:  # pragma: no cover - every allowed field is handled above
            out[key] = value
    conf = out.get("confidence")
    if conf is not None and not 0.0 <= conf <= 1.0:
        raise EditRefused("Confidence is a share between 0 % and 100 %.")
    return out


def owner_from_name(rec: Recorder, values: dict[str, Any]) -> None:
    """Replace an ``owner_name`` entry with ``owner_id``, adding the person if new."""
    if "owner_name" not in values:
        return
    name = text_value(values.pop("owner_name"), "owner")
    if not name.strip():
        values["owner_id"] = None
        return
    wanted = name.strip()
    for row in rec.select("SELECT id, name FROM person ORDER BY id"):
        if name_key(row["name"]) == name_key(wanted):
            values["owner_id"] = row["id"]
            return
    values["owner_id"] = rec.insert("person", {"name": wanted})


def next_position(rec: Recorder, table: str, parent_column: str, parent_id: int | None) -> int:
    if parent_id is None:
        value = rec.scalar(f"SELECT MAX(position) FROM {table} WHERE {parent_column} IS NULL")  # noqa: S608
    else:
        value = rec.scalar(
            f"SELECT MAX(position) FROM {table} WHERE {parent_column} = :p",  # noqa: S608
            p=parent_id,
        )
    return 0 if value is None else int(value) + 1


def place(
    rec: Recorder,
    table: str,
    parent_column: str,
    parent_id: int | None,
    row_id: int | None,
    index: int | None = None,
) -> None:
    """Put ``row_id`` at ``index`` among its siblings (end when None) and renumber 0..n-1.

    With ``row_id`` None the siblings are only renumbered (closing a gap).
    """
    if parent_id is None:
        rows = rec.select(
            f"SELECT id FROM {table} WHERE {parent_column} IS NULL ORDER BY position, id"  # noqa: S608
        )
    else:
        rows = rec.select(
            f"SELECT id FROM {table} WHERE {parent_column} = :p ORDER BY position, id",  # noqa: S608
            p=parent_id,
        )
    ids = [r["id"] for r in rows if r["id"] != row_id]
    if row_id is not None:
        if index is None or index > len(ids):
            index = len(ids)
        ids.insert(max(0, index), row_id)
    for pos, sibling in enumerate(ids):
        rec.update(table, sibling, {"position": pos})
