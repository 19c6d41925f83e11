"""Services for closing the loop: check-ins, initiatives and the review of objectives.

Like every service, each call is one transaction, one change and one undo step, and
refuses with an :class:`~okr_studio.errors.EditRefused` whose message says why.

* A **check-in** is a measured value of a key result on a day, with an optional
  confidence (0.0 – 1.0, shown as %), comment and person; the latest one (by date) is
  the key result's actual value, which :mod:`okr_studio.scores` scores.
* An **initiative** is an epic or a bet meant to move a key result: title, work type,
  owner, link, state (planned, in progress, done, stopped), the anticipated outcome's
  three parts and the actual outcome, in an order among the key result's initiatives.
* The **review** of an objective: its actual outcome, what we learned and the
  decision for the next cycle (keep / change / drop); a key result's learning note
  and weight (:func:`review_key_result`, or :func:`~okr_studio.services.update_key_result`).

The subject of every change here is the key result or objective on screen: a new
check-in or initiative is the change's added ``check_in`` / ``initiative`` row
(:func:`new_row_id`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.services._common import (
    CHECK_IN_FIELDS,
    INITIATIVE_FIELDS,
    clean,
    next_position,
    owner_from_name,
    place,
)
from okr_studio.services._tx import Recorder, run
from okr_studio.store import Workshop

_CHECK_IN_EDITABLE = tuple(f for f in CHECK_IN_FIELDS if f != "key_result_id")
_INITIATIVE_EDITABLE = tuple(f for f in INITIATIVE_FIELDS if f not in {"position"})
#: The review fields of an objective and of a key result.
OBJECTIVE_REVIEW_FIELDS = ("actual_outcome", "learned", "decision")
KEY_RESULT_REVIEW_FIELDS = ("learning_note", "weight")

_NO_VALUE = "A check-in needs a value: the number measured on that day."
_NO_DATE = "A check-in needs a date."


def new_row_id(change: Change, table: str) -> int | None:
    """The id of the first ``table`` row a change added (a new check-in, initiative…)."""
    return next((r.id for r in change.rows if r.table == table and r.kind == "added"), None)


# ---- check-ins ----------------------------------------------------------------------
def _person_from_name(rec: Recorder, values: dict[str, Any]) -> None:
    """``person_name`` → ``person_id`` (the person is added if new), as owners are."""
    if "person_name" in values:
        named = {"owner_name": values.pop("person_name")}
        owner_from_name(rec, named)
        values["person_id"] = named["owner_id"]


def _check_in_values(rec: Recorder, fields: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    _person_from_name(rec, values)
    values = clean(values, _CHECK_IN_EDITABLE)
    if "value" in values and values["value"] is None:
        raise EditRefused(_NO_VALUE)
    if "date" in values and values["date"] is None:
        raise EditRefused(_NO_DATE)
    if values.get("person_id") is not None:
        rec.need("person", values["person_id"])
    return values


def add_check_in(
    ws: Workshop,
    kr_id: int,
    value: Any,
    *,
    date: Any = None,
    confidence: Any = None,
    comment: str = "",
    person_id: int | None = None,
    person_name: str | None = None,
) -> Change:
    """Record a measured ``value`` of a key result on ``date`` (default: today).

    ``value`` may be typed text ("12,5" in a German locale); ``confidence`` is 0.0 – 1.0;
    ``person_name`` finds or adds the person who checked in.
    """
    fields: dict[str, Any] = {
        "value": value,
        "date": dt.date.today() if date is None or date == "" else date,
        "confidence": confidence,
        "comment": comment,
        "person_id": person_id,
    }
    if person_name is not None:
        fields["person_name"] = person_name

    def body(rec: Recorder) -> tuple[str, int]:
        rec.need("key_result", kr_id)
        values = _check_in_values(rec, fields)
        rec.insert("check_in", {**values, "key_result_id": kr_id})
        return ("key_result", kr_id)

    return run(ws, "Check in", body)


def update_check_in(ws: Workshop, check_in_id: int, **fields: Any) -> Change:
    """Edit a check-in's date, value, confidence, comment or person (``person_name`` too)."""

    def body(rec: Recorder) -> tuple[str, int]:
        row = rec.need("check_in", check_in_id)
        rec.update("check_in", check_in_id, _check_in_values(rec, fields))
        return ("key_result", row["key_result_id"])

    return run(ws, "Edit check-in", body)


def delete_check_in(ws: Workshop, check_in_id: int) -> Change:
    def body(rec: Recorder) -> tuple[str, int]:
        row = rec.need("check_in", check_in_id)
        rec.delete("check_in", check_in_id)
        return ("key_result", row["key_result_id"])

    return run(ws, "Delete check-in", body)


# ---- initiatives --------------------------------------------------------------------
def _initiative_values(rec: Recorder, fields: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    owner_from_name(rec, values)
    values = clean(values, _INITIATIVE_EDITABLE)
    if values.get("owner_id") is not None:
        rec.need("person", values["owner_id"])
    if "key_result_id" in values:
        rec.need("key_result", values["key_result_id"])
    return values


def add_initiative(ws: Workshop, kr_id: int, title: str = "", **fields: Any) -> Change:
    """Add an initiative under a key result (``index`` puts it among its siblings; default
    last; ``owner_name`` finds or adds its owner)."""

    def body(rec: Recorder) -> tuple[str, int]:
        rec.need("key_result", kr_id)
        values = dict(fields)
        index = values.pop("index", None)
        values = _initiative_values(rec, {"title": title, **values})
        values["key_result_id"] = kr_id
        values["position"] = next_position(rec, "initiative", "key_result_id", kr_id)
        new_id = rec.insert("initiative", values)
        if index is not None:
            place(rec, "initiative", "key_result_id", kr_id, new_id, index)
        return ("key_result", kr_id)

    return run(ws, "Add initiative", body)


def update_initiative(ws: Workshop, initiative_id: int, **fields: Any) -> Change:
    """Edit an initiative; ``key_result_id`` moves it (last) under another key result."""

    def body(rec: Recorder) -> tuple[str, int]:
        before = rec.need("initiative", initiative_id)
        values = _initiative_values(rec, fields)
        moved = values.get("key_result_id", before["key_result_id"]) != before["key_result_id"]
        if moved:
            values["position"] = next_position(
                rec, "initiative", "key_result_id", values["key_result_id"]
            )
        rec.update("initiative", initiative_id, values)
        if moved:
            place(rec, "initiative", "key_result_id", before["key_result_id"], None)
        return ("key_result", values.get("key_result_id", before["key_result_id"]))

    label = "Rename initiative" if set(fields) == {"title"} else "Edit initiative"
    return run(ws, label, body)


def move_initiative(ws: Workshop, initiative_id: int, index: int) -> Change:
    def body(rec: Recorder) -> tuple[str, int]:
        kr_id = rec.need("initiative", initiative_id)["key_result_id"]
        place(rec, "initiative", "key_result_id", kr_id, initiative_id, index)
        return ("key_result", kr_id)

    return run(ws, "Reorder initiatives", body)


def delete_initiative(ws: Workshop, initiative_id: int) -> Change:
    def body(rec: Recorder) -> tuple[str, int]:
        kr_id = rec.need("initiative", initiative_id)["key_result_id"]
        rec.delete("initiative", initiative_id)
        place(rec, "initiative", "key_result_id", kr_id, None)
        return ("key_result", kr_id)

    return run(ws, "Delete initiative", body)


# ---- the review -------------------------------------------------------------------
def review_objective(ws: Workshop, objective_id: int, **fields: Any) -> Change:
    """Write an objective's review: ``actual_outcome`` (what happened), ``learned`` (what
    we learned) and ``decision`` ("keep", "change", "drop", or "" for not decided)."""
    values = clean(fields, OBJECTIVE_REVIEW_FIELDS)

    def body(rec: Recorder) -> tuple[str, int]:
        rec.need("objective", objective_id)
        rec.update("objective", objective_id, values)
        return ("objective", objective_id)

    return run(ws, "Review objective", body)


def review_key_result(ws: Workshop, kr_id: int, **fields: Any) -> Change:
    """Write a key result's ``learning_note`` and/or its ``weight`` (0 or more; 1 = equal)."""
    values = clean(fields, KEY_RESULT_REVIEW_FIELDS)

    def body(rec: Recorder) -> tuple[str, int]:
        rec.need("key_result", kr_id)
        rec.update("key_result", kr_id, values)
        return ("key_result", kr_id)

    label = "Change weight of key result" if set(fields) == {"weight"} else "Review key result"
    return run(ws, label, body)
