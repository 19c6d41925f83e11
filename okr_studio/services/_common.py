"""Helpers shared by the service modules: field cleaning, positions, owners."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from okr_studio.data import name_key
from okr_studio.errors import EditRefused
from okr_studio.schema import COLUMN_TYPES, COLUMNS
from okr_studio.services._tx import Labelled, Recorder, choice, date_value, number, text_value
from okr_studio.vocab import Decision, Direction, InitiativeState, Language, Status, WorkType

#: Set once, when an item is made: the row id, the stable id, and where an item carried
#: into a next cycle came from (:mod:`okr_studio.next_cycle` writes those).
_FIXED = frozenset({"id", "uid", "carried_from", "carried_score"})


def _editable(table: str) -> tuple[str, ...]:
    """The columns a service may set: all but the fixed ones."""
    return tuple(c for c in COLUMNS[table] if c not in _FIXED)


UNIT_FIELDS = _editable("unit")
PERSON_FIELDS = _editable("person")
OBJECTIVE_FIELDS = _editable("objective")
KEY_RESULT_FIELDS = _editable("key_result")
INFO_FIELDS = _editable("workshop")
CHECK_IN_FIELDS = _editable("check_in")
INITIATIVE_FIELDS = _editable("initiative")

#: Each column's SQL type; a column name means the same kind of value in every table.
_TYPES: dict[str, str] = {c: t for cols in COLUMN_TYPES.values() for c, t in cols.items()}
#: How a field is named in a message, where its column name does not read well.
_WORDS = {
    "problem": "problem or opportunity",
    "success_measure": "measure of success",
    "email": "e-mail address",
    "learned": "what we learned",
}
_CHOICES: dict[str, tuple[Iterable[Labelled], str]] = {
    "direction": (Direction, "direction"),
    "work_type": (WorkType, "work type"),
    "status": (Status, "status"),
    "language": (Language, "language"),
    "decision": (Decision, "decision"),
    "state": (InitiativeState, "state of an initiative"),
}


def _word(key: str) -> str:
    return _WORDS.get(key, key.replace("_", " "))


def email_value(value: Any) -> str:
    """An e-mail address ("" for none): one @ with text on both sides, no spaces."""
    text = text_value(value, _word("email")).strip()
    local, _, domain = text.partition("@")
    if text and (not local or not domain or "@" in domain or any(c.isspace() for c in text)):
        shown = text if len(text) <= 60 else text[:60] + "…"
        raise EditRefused(
            f"“{shown}” is not an e-mail address; write it like name@example.com, "
            "or leave it empty."
        )
    return text


def _clean_one(key: str, value: Any) -> Any:
    kind = _TYPES.get(key)
    if key in _CHOICES:
        return choice(value, *_CHOICES[key])
    if key == "email":
        return email_value(value)
    if key == "position":
        if not isinstance(value, int) or isinstance(value, bool):
            raise EditRefused("A position must be a whole number.")
        return value
    if kind == "TEXT":
        return text_value(value, _word(key))
    if kind == "FLOAT":
        return number(value, _word(key))
    if kind == "DATE":
        return date_value(value, _word(key))
    if kind == "INTEGER":  # the links: parent_id, unit_id, owner_id…
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise EditRefused(f"“{value}” does not name an item of this workshop.")
        return value
    raise EditRefused(f"“{key}” is not a field that can be edited here.")  # pragma: no cover


def clean(values: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Check and normalise field values; unknown field names are refused."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in allowed:
            raise EditRefused(f"“{key}” is not a field that can be edited here.")
        out[key] = _clean_one(key, value)
    conf = out.get("confidence")
    if conf is not None and not 0.0 <= conf <= 1.0:
        raise EditRefused("Confidence is a share between 0 % and 100 %.")
    if "weight" in out and (out["weight"] is None or out["weight"] < 0):
        raise EditRefused(
            "A key result's weight is a number of 0 or more (1 for each key result "
            "weighs them equally)."
        )
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
