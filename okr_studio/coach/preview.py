"""Coach hints before anything is written: a draft cascade, or one field being typed.

Every function here returns ordinary :class:`~okr_studio.coach.findings.Finding`
objects, so the wizard can show them the way the coach panel does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from okr_studio.coach.findings import Finding
from okr_studio.coach.rules_items import key_result_findings, objective_text_findings
from okr_studio.data import (
    KeyResultData,
    ObjectiveData,
    PersonData,
    UnitData,
    WorkshopData,
    name_key,
)
from okr_studio.dates import NotADate, read_date
from okr_studio.mentions import read_amount
from okr_studio.numbers import NotANumber, read_value
from okr_studio.vocab import Direction, Status, WorkType

_DIRECTIONS = {d.value for d in Direction}
_WORK_TYPES = {w.value for w in WorkType}
_STATUSES = {s.value for s in Status}


# ---- lenient readers: a half-typed field is "not given", never an exception ----------
def _number(value: Any) -> float | None:
    if isinstance(value, str):  # "12,5" or "0.3" whatever the locale, as in a title
        return read_amount(value)
    try:
        return read_value(value)
    except NotANumber:
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return read_date(value)
    except NotADate:
        return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _choice(value: Any, allowed: set[str], default: str) -> str:
    return value if value in allowed else default


class _People:
    """The workshop's people plus the ones a draft names for the first time (ids < 0)."""

    def __init__(self, people: Mapping[int, PersonData]) -> None:
        self.people: dict[int, PersonData] = dict(people)

    def owner(self, fields: Mapping[str, Any]) -> int | None:
        if "owner_name" in fields:
            name = _text(fields["owner_name"]).strip()
            if not name:
                return None
            for person in sorted(self.people.values(), key=lambda p: (p.id < 0, abs(p.id))):
                if name_key(person.name) == name_key(name):
                    return person.id
            new_id = -1 - sum(1 for pid in self.people if pid < 0)
            self.people[new_id] = PersonData(id=new_id, name=name)
            return new_id
        owner = fields.get("owner_id")
        return owner if isinstance(owner, int) and not isinstance(owner, bool) else None


def _objective(
    fields: Mapping[str, Any], obj_id: int, unit_id: int, position: int, people: _People
) -> ObjectiveData:
    return ObjectiveData(
        id=obj_id,
        unit_id=unit_id,
        parent_kr_id=None,
        title=_text(fields.get("title")),
        problem=_text(fields.get("problem")),
        behaviour_change=_text(fields.get("behaviour_change")),
        success_measure=_text(fields.get("success_measure")),
        owner_id=people.owner(fields),
        status=_choice(fields.get("status"), _STATUSES, Status.DRAFT.value),
        position=position,
    )


def _key_result(
    fields: Mapping[str, Any], kr_id: int, objective_id: int, position: int, people: _People
) -> KeyResultData:
    return KeyResultData(
        id=kr_id,
        objective_id=objective_id,
        title=_text(fields.get("title")),
        metric=_text(fields.get("metric")),
        baseline=_number(fields.get("baseline")),
        target=_number(fields.get("target")),
        unit_of_measure=_text(fields.get("unit_of_measure")),
        direction=_choice(fields.get("direction"), _DIRECTIONS, Direction.INCREASE.value),
        due_date=_date(fields.get("due_date")),
        owner_id=people.owner(fields),
        work_type=_choice(fields.get("work_type"), _WORK_TYPES, WorkType.FEATURE.value),
        confidence=_number(fields.get("confidence")),
        position=position,
    )


# ---- the draft branch of the cascade wizard -------------------------------------------
def preview_cascade(
    data: WorkshopData,
    parent_kr_id: int,
    unit_id: int | None,
    objective: Mapping[str, Any],
    key_results: Sequence[Mapping[str, Any]],
    new_unit: Mapping[str, Any] | None = None,
    default_language: str = "",
) -> tuple[WorkshopData, list[Finding]]:
    """The workshop as it would stand after a cascade, and the findings about the new branch.

    Takes the same arguments as :func:`okr_studio.services.cascade` (``owner_name``
    included) but never raises: a half-typed number or date counts as not given. New
    items get negative ids: the new team (when ``new_unit`` is given) is unit -1, the
    objective is -1, its key results are -1, -2, … in order, and people named for the
    first time are -1, -2, … The findings returned are those about the new objective
    and key results, the team (e.g. too many objectives), and the parent key result
    (so a parent nobody supported yet stops showing as uncovered).
    ``default_language`` is as for :func:`okr_studio.coach.check`.
    """
    from okr_studio.coach import check

    people = _People(data.people)
    units = dict(data.units)
    if new_unit is not None:
        parent_id = new_unit.get("parent_id")
        siblings = [u.position for u in data.child_units(parent_id)]
        team = UnitData(
            id=-1,
            parent_id=parent_id if isinstance(parent_id, int) else None,
            name=_text(new_unit.get("name")),
            level=_text(new_unit.get("level")) or "team",
            position=max(siblings, default=-1) + 1,
        )
        units[team.id] = team
        team_id = team.id
    else:
        team_id = unit_id if unit_id is not None else 0
    position = max((o.position for o in data.objectives_of(team_id)), default=-1) + 1
    obj = _objective(objective, -1, team_id, position, people)
    obj = obj._replace(parent_kr_id=parent_kr_id)
    objectives = {**data.objectives, obj.id: obj}
    krs = dict(data.key_results)
    for index, fields in enumerate(key_results):
        kr = _key_result(fields, -1 - index, obj.id, index, people)
        krs[kr.id] = kr
    draft = WorkshopData(
        info=data.info,
        people=people.people,
        units=units,
        objectives=objectives,
        key_results=krs,
        accepted=data.accepted,
    )

    def concerns(f: Finding) -> bool:
        if f.item_kind in ("objective", "key_result") and f.item_id < 0:
            return True
        if f.item_kind == "unit" and f.item_id == team_id:
            return True
        return f.item_kind == "key_result" and f.item_id == parent_kr_id

    return draft, [f for f in check(draft, default_language) if concerns(f)]


# ---- one field at a time ---------------------------------------------------------------
def objective_title_hints(text: str, language: str = "") -> list[Finding]:
    """Hints about an objective title while it is typed: task wording, numbers.

    ``language`` is the workshop's ("en", "de", or "" to detect the title's). Returns
    findings with ``item_kind`` "objective", ``item_id`` and ``unit_id`` 0 (the
    objective may not exist yet) and ``title`` the text; codes OBJ_TASK_WORDING and
    OBJ_HAS_NUMBER only (an empty title gives no hint here).
    """
    draft = WorkshopData()
    obj = ObjectiveData(id=0, unit_id=0, title=text if isinstance(text, str) else "")
    wanted = {"OBJ_TASK_WORDING", "OBJ_HAS_NUMBER"}
    return [f for f in objective_text_findings(draft, obj, language) if f.code in wanted]


def key_result_hints(
    fields: Mapping[str, Any], data: WorkshopData | None = None, default_language: str = ""
) -> list[Finding]:
    """Hints about one key result row while it is typed.

    ``fields`` are the row's values as the cascade wizard holds them (title, baseline,
    target, direction, due_date, owner_name or owner_id, work_type…); numbers may be
    text, "12,5" included; anything unreadable counts as not given. ``data`` (the open
    workshop) supplies the cycle's dates and the people. Returns findings with
    ``item_kind`` "key_result" and ``item_id`` / ``unit_id`` 0, from the key-result
    rules: KR_NO_TITLE, KR_TASK_WORDING, KR_NO_NUMBER, KR_NO_TARGET, KR_NO_BASELINE,
    KR_DIRECTION_MISMATCH, KR_DUE_OUTSIDE_CYCLE, KR_NO_OWNER. Titles are read in the
    workshop's language, else in ``default_language`` (see :func:`okr_studio.coach.check`).
    """
    from okr_studio.coach import workshop_language

    base = data if data is not None else WorkshopData()
    people = _People(base.people)
    kr = _key_result(fields, 0, 0, 0, people)
    draft = WorkshopData(info=base.info, people=people.people)
    return list(key_result_findings(draft, kr, 0, workshop_language(base, default_language)))
