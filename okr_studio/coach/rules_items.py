"""Rules about one objective or one key result: titles, numbers, owners, dates."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from okr_studio.coach.examples import key_result_example, objective_example
from okr_studio.coach.findings import Finding, finding
from okr_studio.coach.wording import quote, task_wording
from okr_studio.data import KeyResultData, ObjectiveData, WorkshopData
from okr_studio.mentions import measure_in
from okr_studio.numbers import format_number

#: How many key results an objective should have.
MIN_KRS = 3
MAX_KRS = 5

_MILESTONE = "milestone"

#: Makes a finding about the current item from (code, message, hint).
Make = Callable[[str, str, str], Finding]


def _owner_missing(data: WorkshopData, owner_id: int | None) -> bool:
    return not data.person_name(owner_id).strip()


# ---- key results -----------------------------------------------------------------
def key_result_findings(
    data: WorkshopData, kr: KeyResultData, unit_id: int, language: str = ""
) -> Iterator[Finding]:
    """The findings about one key result on its own (not its place in the tree).

    ``language`` is the one the workshop's titles are read in ("en", "de", or ""
    to detect each title's; see :func:`okr_studio.coach.wording.task_wording`).
    """
    title = kr.title
    q = quote(title) if title.strip() else "This key result"

    def make(code: str, message: str, hint: str) -> Finding:
        return finding(code, kr.id, unit_id, title, message, hint)

    if not title.strip():
        yield make(
            "KR_NO_TITLE",
            "This key result has no title.",
            "Say what will be measured and where it should end up, e.g. "
            "“Raise weekly active teams from 120 to 180”.",
        )
    else:
        task = task_wording(title, language)
        if task is not None:
            yield make(
                "KR_TASK_WORDING",
                f"{q} reads like a task. What changes for users when it is done?",
                f"Name the result the work should bring, with a number. "
                f"Try “{key_result_example(task)}”.",
            )

    if kr.direction != _MILESTONE:
        yield from _number_findings(kr, q, make)
    yield from _direction_findings(kr, q, make)
    yield from _due_date_findings(data, kr, q, make)

    if _owner_missing(data, kr.owner_id):
        yield make(
            "KR_NO_OWNER",
            f"{q} has no owner.",
            "Name one person who will track it and report on it: often a product manager "
            "for customer outcomes, a tech lead for reliability or technical debt.",
        )


def _number_findings(kr: KeyResultData, q: str, make: Make) -> Iterator[Finding]:
    # The title is read for a number only when a field is missing (reading costs time).
    mentioned = measure_in(kr.title) if kr.target is None else None
    if kr.baseline is None and kr.target is None and mentioned is None:
        yield make(
            "KR_NO_NUMBER",
            f"{q} has no number, so nobody can tell at the end of the cycle whether it "
            "was reached.",
            "Add the metric with a baseline and a target, e.g. from 62% to 70%.",
        )
        return
    if kr.target is None:
        hint = "Set the value the team wants to reach by the end of the cycle."
        if mentioned is not None:
            hint = (
                f"The title mentions {mentioned.text}; put the value to reach in the target "
                "field so progress can be scored."
            )
        yield make("KR_NO_TARGET", f"{q} has no target.", hint)
    if kr.baseline is None:
        yield make(
            "KR_NO_BASELINE",
            f"{q} has no baseline, so progress cannot be measured from where the team starts.",
            "Write down today's value. If nobody knows it yet, measuring it is the first step.",
        )


def _direction_findings(kr: KeyResultData, q: str, make: Make) -> Iterator[Finding]:
    if kr.baseline is None or kr.target is None:
        return
    base, target = kr.baseline, kr.target
    if kr.direction == "increase" and kr.target <= kr.baseline:
        problem = (
            "the target equals the baseline, so nothing would change"
            if kr.target == kr.baseline
            else f"the target ({format_number(target)}) is below the baseline "
            f"({format_number(base)})"
        )
        other = "Decrease"
    elif kr.direction == "decrease" and kr.target >= kr.baseline:
        problem = (
            "the target equals the baseline, so nothing would change"
            if kr.target == kr.baseline
            else f"the target ({format_number(target)}) is above the baseline "
            f"({format_number(base)})"
        )
        other = "Increase"
    else:
        return
    label = kr.direction.capitalize()
    yield make(
        "KR_DIRECTION_MISMATCH",
        f"{q} says {label}, but {problem}.",
        f"Check the baseline and the target, or change the direction to {other}.",
    )


def _due_date_findings(
    data: WorkshopData, kr: KeyResultData, q: str, make: Make
) -> Iterator[Finding]:
    due = kr.due_date
    start, end = data.info.cycle_start, data.info.cycle_end
    if due is None:
        return
    if start is not None and due < start:
        where = f"before the cycle starts ({start.isoformat()})"
    elif end is not None and due > end:
        where = f"after the cycle ends ({end.isoformat()})"
    else:
        return
    cycle = data.info.cycle.strip()
    span = f"{cycle}: " if cycle else ""
    bounds = " – ".join(d.isoformat() if d else "…" for d in (start, end))
    yield make(
        "KR_DUE_OUTSIDE_CYCLE",
        f"{q} is due on {due.isoformat()}, {where}.",
        f"Move the due date inside the cycle ({span}{bounds}), or keep the key result "
        "for the next cycle's workshop.",
    )


# ---- objectives --------------------------------------------------------------------
def objective_text_findings(
    data: WorkshopData, obj: ObjectiveData, language: str = ""
) -> Iterator[Finding]:
    """Findings about an objective's own fields: title wording, numbers, owner.

    ``language`` is as for :func:`key_result_findings`.
    """
    title = obj.title
    q = quote(title) if title.strip() else "This objective"

    def make(code: str, message: str, hint: str) -> Finding:
        return finding(code, obj.id, obj.unit_id, title, message, hint)

    if not title.strip():
        yield make(
            "OBJ_NO_TITLE",
            "This objective has no title.",
            "Write the outcome the team wants this cycle in plain words, e.g. "
            "“New customers succeed on their own in the first week”.",
        )
    else:
        task = task_wording(title, language)
        if task is not None:
            yield make(
                "OBJ_TASK_WORDING",
                f"{q} reads like a task. Why does it matter once it is done?",
                f"Describe the outcome it should bring, e.g. “{objective_example(task)}”, "
                "and let the key results measure it.",
            )
        # Counts of what exists ("our 3 regions") are no goal; every other measure is.
        number = measure_in(title, scope=False)
        if number is not None:
            yield make(
                "OBJ_HAS_NUMBER",
                f"{q} holds a number ({number.text}): that is a key result in disguise.",
                "Keep the objective qualitative and move the number into a key result "
                "with a baseline and a target.",
            )
    if _owner_missing(data, obj.owner_id):
        yield make(
            "OBJ_NO_OWNER",
            f"{q} has no owner.",
            "Name the one person accountable for the objective.",
        )


def objective_kr_findings(data: WorkshopData, obj: ObjectiveData) -> Iterator[Finding]:
    """Findings about an objective's key results as a set: count, owners, work types."""
    krs = data.key_results_of(obj.id)
    title = obj.title
    q = quote(title) if title.strip() else "This objective"

    def make(code: str, message: str, hint: str) -> Finding:
        return finding(code, obj.id, obj.unit_id, title, message, hint)

    n = len(krs)
    if n < MIN_KRS:
        counted = {0: "no key results", 1: "only 1 key result"}.get(n, f"only {n} key results")
        hint = (
            f"Add {MIN_KRS} to {MAX_KRS} measurable key results."
            if n == 0
            else f"Add {MIN_KRS - n} more that measure{'s' if MIN_KRS - n == 1 else ''} it "
            "from another side: quality, speed or adoption."
        )
        yield make(
            "OBJ_TOO_FEW_KRS",
            f"{q} has {counted}; {MIN_KRS} to {MAX_KRS} show whether it was achieved.",
            hint,
        )
    elif n > MAX_KRS:
        yield make(
            "OBJ_TOO_MANY_KRS",
            f"{q} has {n} key results; more than {MAX_KRS} spreads the team thin.",
            f"Keep the {MIN_KRS}–{MAX_KRS} that best show the outcome; move the rest to a "
            "later cycle or let them go.",
        )

    if n >= MIN_KRS:
        owners = {kr.owner_id for kr in krs}
        if len(owners) == 1 and not _owner_missing(data, krs[0].owner_id):
            name = data.person_name(krs[0].owner_id).strip()
            yield make(
                "OBJ_SAME_OWNER",
                f"{name} owns every key result of {q}.",
                "Share the key results among the people who do the work, so more of the "
                "team is accountable for the outcome.",
            )
        is_team = not data.child_units(obj.unit_id)
        if is_team and all(kr.work_type == "feature" for kr in krs):
            yield make(
                "OBJ_ONLY_FEATURES",
                f"Every key result of {q} is feature work.",
                "Technical debt, defects and risks belong beside features: is there one the "
                "team must keep in check while it builds, e.g. “Keep checkout errors below "
                "0.5%”?",
            )
