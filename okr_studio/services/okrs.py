"""Services for objectives and key results, alignment, and the cascade step."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from okr_studio.alignment import loops_back
from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.keys import ItemKey
from okr_studio.scores import target_problem
from okr_studio.services._common import (
    KEY_RESULT_FIELDS,
    OBJECTIVE_FIELDS,
    UNIT_FIELDS,
    clean,
    next_position,
    owner_from_name,
    place,
)
from okr_studio.services._tx import Recorder, run
from okr_studio.store import Workshop
from okr_studio.vocab import Direction

#: The most key results the cascade step takes for one team objective. Fewer than 3 is
#: allowed (real sets have them); the coach says so (OBJ_TOO_FEW_KRS).
CASCADE_MAX_KRS = 5

_OBJ_EDITABLE = tuple(f for f in OBJECTIVE_FIELDS if f not in {"position", "parent_kr_id"})
_KR_EDITABLE = tuple(f for f in KEY_RESULT_FIELDS if f not in {"position"})


# ---- alignment rule ----------------------------------------------------------
def _aligned_objective(rec: Recorder) -> Callable[[int], int | None]:
    def parent_of(objective_id: int) -> int | None:
        up = rec.need("objective", objective_id)["parent_kr_id"]
        return rec.need("key_result", up)["objective_id"] if up is not None else None

    return parent_of


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_alignment(rec: Recorder, objective_id: int | None, kr_id: int) -> None:
    """Refuse, with the reason, an alignment of an objective to ``kr_id`` that is a circle.

    Any other alignment is allowed: to a key result of a unit above, of the objective's
    own unit or of any other unit (the coach comments on the last two). ``objective_id``
    is None for a new objective, which nothing supports yet.
    """
    kr = rec.need("key_result", kr_id)
    parent_obj = rec.need("objective", kr["objective_id"])
    if objective_id is None:
        return
    if parent_obj["id"] == objective_id:
        raise EditRefused(
            "An objective cannot support one of its own key results; align it to a key "
            "result of another objective."
        )
    if loops_back(objective_id, parent_obj["id"], _aligned_objective(rec)):
        title = _short(parent_obj["title"]) or "an untitled objective"
        raise EditRefused(
            f"That alignment would go round in a circle: “{title}” already supports this "
            "objective, through its chain of key results."
        )


def _check_moved_kr(rec: Recorder, kr_id: int) -> None:
    """A key result moved to another objective: the objectives aligned to it follow it."""
    owner = rec.need("key_result", kr_id)["objective_id"]
    for obj in rec.select("SELECT id FROM objective WHERE parent_kr_id = :k ORDER BY id", k=kr_id):
        if loops_back(obj["id"], owner, _aligned_objective(rec)):
            raise EditRefused(
                "That key result cannot move there: an objective aligned to it would then "
                "support itself."
            )


# ---- objectives ----------------------------------------------------------------
def _add_objective_rows(rec: Recorder, unit_id: int, fields: Mapping[str, Any]) -> int:
    values = dict(fields)
    owner_from_name(rec, values)
    parent_kr_id = values.pop("parent_kr_id", None)
    values = clean(values, _OBJ_EDITABLE)
    values["unit_id"] = unit_id
    rec.need("unit", unit_id)
    if parent_kr_id is not None:
        check_alignment(rec, None, parent_kr_id)
        values["parent_kr_id"] = parent_kr_id
    values["position"] = next_position(rec, "objective", "unit_id", unit_id)
    return rec.insert("objective", values)


def add_objective(ws: Workshop, unit_id: int, title: str = "", **fields: Any) -> Change:
    """Add an objective to a unit; ``parent_kr_id`` aligns it, ``owner_name`` names its owner."""

    def body(rec: Recorder) -> tuple[str, int]:
        return ("objective", _add_objective_rows(rec, unit_id, {"title": title, **fields}))

    return run(ws, "Add objective", body)


def add_objectives(
    ws: Workshop,
    unit_id: int,
    items: Sequence[Mapping[str, Any]],
    *,
    label: str | None = None,
) -> Change:
    """Add several objectives to a unit, last in order, as one step.

    Each of ``items`` takes the fields of :func:`add_objective` (``title`` included).
    The change's subject is the first new objective; ``label`` names the step
    (default "Add N objectives").
    """

    def body(rec: Recorder) -> ItemKey | None:
        added = [_add_objective_rows(rec, unit_id, item) for item in items]
        return ("objective", added[0]) if added else None

    return run(ws, label or _count_label("Add", len(items), "objective"), body)


def update_objective(ws: Workshop, objective_id: int, **fields: Any) -> Change:
    """Edit any fields of an objective (``owner_name`` finds or adds the person)."""

    def body(rec: Recorder) -> tuple[str, int]:
        values = dict(fields)
        owner_from_name(rec, values)
        values = clean(values, _OBJ_EDITABLE)
        before = rec.need("objective", objective_id)
        if "unit_id" in values and values["unit_id"] != before["unit_id"]:
            rec.need("unit", values["unit_id"])
            values["position"] = next_position(rec, "objective", "unit_id", values["unit_id"])
        rec.update("objective", objective_id, values)
        if "unit_id" in values and values["unit_id"] != before["unit_id"]:
            place(rec, "objective", "unit_id", before["unit_id"], None)
        return ("objective", objective_id)

    return run(ws, _edit_label("objective", fields), body)


def align_objective(ws: Workshop, objective_id: int, kr_id: int | None) -> Change:
    """Make ``kr_id`` the objective's parent key result (None removes the alignment)."""

    def body(rec: Recorder) -> tuple[str, int]:
        rec.need("objective", objective_id)
        if kr_id is not None:
            check_alignment(rec, objective_id, kr_id)
        rec.update("objective", objective_id, {"parent_kr_id": kr_id})
        return ("objective", objective_id)

    return run(ws, "Align objective" if kr_id is not None else "Remove alignment", body)


def move_objective(ws: Workshop, objective_id: int, index: int) -> Change:
    def body(rec: Recorder) -> tuple[str, int]:
        unit_id = rec.need("objective", objective_id)["unit_id"]
        place(rec, "objective", "unit_id", unit_id, objective_id, index)
        return ("objective", objective_id)

    return run(ws, "Reorder objectives", body)


def delete_objective_rows(rec: Recorder, objective_id: int) -> None:
    """Delete an objective and its key results; aligned objectives lose their parent."""
    for kr in rec.select(
        "SELECT id FROM key_result WHERE objective_id = :o ORDER BY position DESC, id DESC",
        o=objective_id,
    ):
        delete_key_result_rows(rec, kr["id"])
    rec.delete("objective", objective_id)


def delete_key_result_rows(rec: Recorder, kr_id: int) -> None:
    """Delete a key result with its check-ins and initiatives; aligned objectives lose it."""
    for table in ("initiative", "check_in"):
        for row in rec.select(
            f"SELECT id FROM {table} WHERE key_result_id = :k ORDER BY id DESC",  # noqa: S608
            k=kr_id,
        ):
            rec.delete(table, row["id"])
    for obj in rec.select("SELECT id FROM objective WHERE parent_kr_id = :k ORDER BY id", k=kr_id):
        rec.update("objective", obj["id"], {"parent_kr_id": None})
    rec.delete("key_result", kr_id)


def delete_objective(ws: Workshop, objective_id: int) -> Change:
    def body(rec: Recorder) -> None:
        unit_id = rec.need("objective", objective_id)["unit_id"]
        delete_objective_rows(rec, objective_id)
        place(rec, "objective", "unit_id", unit_id, None)

    return run(ws, "Delete objective", body)


# ---- key results ---------------------------------------------------------------
def check_target(kr: Mapping[str, Any]) -> None:
    """Refuse a target equal to the baseline of an increase or decrease key result: it
    could never be scored (:func:`okr_studio.scores.target_problem` says why)."""
    baseline, target = kr.get("baseline"), kr.get("target")
    if baseline is None or target is None or baseline != target:
        return
    problem = target_problem(str(kr.get("direction", Direction.INCREASE.value)), baseline, target)
    if problem:
        raise EditRefused(f"This key result cannot be scored. {problem}")


def _add_kr_rows(rec: Recorder, objective_id: int, fields: Mapping[str, Any]) -> int:
    values = dict(fields)
    owner_from_name(rec, values)
    index = values.pop("index", None)
    values = clean(values, _KR_EDITABLE)
    values["objective_id"] = objective_id
    rec.need("objective", objective_id)
    check_target(values)
    values["position"] = next_position(rec, "key_result", "objective_id", objective_id)
    kr_id = rec.insert("key_result", values)
    if index is not None:
        place(rec, "key_result", "objective_id", objective_id, kr_id, index)
    return kr_id


def add_key_result(ws: Workshop, objective_id: int, title: str = "", **fields: Any) -> Change:
    """Add a key result (``index`` puts it among its siblings; default: last)."""

    def body(rec: Recorder) -> tuple[str, int]:
        return ("key_result", _add_kr_rows(rec, objective_id, {"title": title, **fields}))

    return run(ws, "Add key result", body)


def add_key_results(
    ws: Workshop,
    objective_id: int,
    items: Sequence[Mapping[str, Any]],
    *,
    label: str | None = None,
) -> Change:
    """Add several key results to an objective, in order, as one step.

    Each of ``items`` takes the fields of :func:`add_key_result` (``title``, ``index``…).
    The change's subject is the first new key result; ``label`` names the step
    (default "Add N key results").
    """

    def body(rec: Recorder) -> ItemKey | None:
        added = [_add_kr_rows(rec, objective_id, item) for item in items]
        return ("key_result", added[0]) if added else None

    return run(ws, label or _count_label("Add", len(items), "key result"), body)


def update_key_result(ws: Workshop, kr_id: int, **fields: Any) -> Change:
    def body(rec: Recorder) -> tuple[str, int]:
        values = dict(fields)
        owner_from_name(rec, values)
        values = clean(values, _KR_EDITABLE)
        before = rec.need("key_result", kr_id)
        if values.keys() & {"direction", "baseline", "target"}:
            check_target({**before, **values})
        moved = "objective_id" in values and values["objective_id"] != before["objective_id"]
        if moved:
            rec.need("objective", values["objective_id"])
            values["position"] = next_position(
                rec, "key_result", "objective_id", values["objective_id"]
            )
        rec.update("key_result", kr_id, values)
        if moved:
            _check_moved_kr(rec, kr_id)
            place(rec, "key_result", "objective_id", before["objective_id"], None)
        return ("key_result", kr_id)

    return run(ws, _edit_label("key result", fields), body)


def move_key_result(ws: Workshop, kr_id: int, index: int) -> Change:
    def body(rec: Recorder) -> tuple[str, int]:
        objective_id = rec.need("key_result", kr_id)["objective_id"]
        place(rec, "key_result", "objective_id", objective_id, kr_id, index)
        return ("key_result", kr_id)

    return run(ws, "Reorder key results", body)


def delete_key_result(ws: Workshop, kr_id: int) -> Change:
    def body(rec: Recorder) -> None:
        objective_id = rec.need("key_result", kr_id)["objective_id"]
        delete_key_result_rows(rec, kr_id)
        place(rec, "key_result", "objective_id", objective_id, None)

    return run(ws, "Delete key result", body)


# ---- cascade -----------------------------------------------------------------------
def cascade(
    ws: Workshop,
    parent_kr_id: int,
    unit_id: int | None,
    objective: Mapping[str, Any],
    key_results: Sequence[Mapping[str, Any]],
    *,
    new_unit: Mapping[str, Any] | None = None,
) -> Change:
    """Turn a parent key result into a team objective with up to 5 key results, in one step.

    ``unit_id`` names the team; or ``new_unit`` (name, level, parent_id) creates it in
    the same transaction. ``objective`` and each of ``key_results`` take the same
    fields as :func:`add_objective` / :func:`add_key_result` (``owner_name`` included).
    """
    if len(key_results) > CASCADE_MAX_KRS:
        raise EditRefused(
            f"A team objective takes at most {CASCADE_MAX_KRS} key results; "
            f"this one has {len(key_results)}."
        )
    if (unit_id is None) == (new_unit is None):
        raise EditRefused("Choose the team the objective belongs to.")

    def body(rec: Recorder) -> tuple[str, int]:
        team_id = unit_id
        if new_unit is not None:
            values = clean(dict(new_unit), UNIT_FIELDS)
            if not str(values.get("name", "")).strip():
                raise EditRefused("The new team needs a name.")
            values.setdefault("level", "team")
            values["position"] = next_position(rec, "unit", "parent_id", values.get("parent_id"))
            team_id = rec.insert("unit", values)
        assert team_id is not None
        obj_id = _add_objective_rows(rec, team_id, {**objective, "parent_kr_id": parent_kr_id})
        for kr in key_results:
            _add_kr_rows(rec, obj_id, kr)
        return ("objective", obj_id)

    return run(ws, "Cascade key result", body)


def _count_label(verb: str, count: int, noun: str) -> str:
    """ "Add objective", "Add 3 objectives": the step's name in the Undo menu."""
    return f"{verb} {noun}" if count == 1 else f"{verb} {count} {noun}s"


def _edit_label(kind: str, fields: Mapping[str, Any]) -> str:
    names = set(fields)
    if names == {"title"}:
        return f"Rename {kind}"
    if names <= {"owner_id", "owner_name"}:
        return f"Change owner of {kind}"
    if names == {"status"}:
        return f"Change status of {kind}"
    return f"Edit {kind}"
