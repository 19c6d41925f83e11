"""What the coach reports: findings, their severities and the list of rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from okr_studio.data import AcceptedFindingData


class Severity(StrEnum):
    """How much a finding matters; ``error`` makes ``okr-studio check`` fail."""

    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"

    @property
    def label(self) -> str:
        return {"error": "Error", "warning": "Warning", "hint": "Hint"}[self.value]

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for hints (for sorting and grouping)."""
        return {"error": 0, "warning": 1, "hint": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    #: The kind of item the rule reports: "unit", "objective" or "key_result".
    item_kind: str
    description: str
    #: The severity while the cascade is in progress, when it differs (see
    #: :mod:`okr_studio.coach.room`): what the next step of the cascade fixes is a hint.
    in_cascade: Severity | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the coach noticed about one item of the workshop."""

    code: str
    severity: Severity
    item_kind: str
    item_id: int
    #: The unit the item belongs to (the unit itself for unit findings), for grouping.
    unit_id: int
    #: The item's title (or the unit's name), for listing.
    title: str
    #: What is wrong, in a sentence or two.
    message: str
    #: A concrete next step.
    hint: str
    #: Set when the room accepted this finding on purpose; then it is not open.
    accepted: AcceptedFindingData | None = None
    #: True when ``severity`` is eased because the cascade is in progress (a hint now, its
    #: rule's severity after the workshop; see :mod:`okr_studio.coach.room`).
    during_cascade: bool = False

    @property
    def is_open(self) -> bool:
        return self.accepted is None

    @property
    def key(self) -> tuple[str, str, int]:
        """(code, item_kind, item_id): what an accepted finding is stored under."""
        return (self.code, self.item_kind, self.item_id)


_R = Severity
_RULE_LIST: tuple[Rule, ...] = (
    # units
    Rule("UNIT_NO_NAME", _R.ERROR, "unit", "A unit has no name."),
    Rule(
        "UNIT_NO_OBJECTIVE",
        _R.WARNING,
        "unit",
        "A unit has no objective at all.",
        in_cascade=_R.HINT,
    ),
    Rule(
        "UNIT_TOO_MANY_OBJECTIVES",
        _R.WARNING,
        "unit",
        "A unit has more than 3 objectives (focus).",
    ),
    # objectives
    Rule("OBJ_NO_TITLE", _R.ERROR, "objective", "An objective has no title."),
    Rule(
        "OBJ_ORPHAN",
        _R.ERROR,
        "objective",
        "An objective below the top unit is not aligned to a parent key result.",
    ),
    Rule(
        "OBJ_ALIGNMENT_CYCLE",
        _R.ERROR,
        "objective",
        "An objective's alignment goes round in a circle (it supports itself).",
    ),
    Rule(
        "OBJ_ALIGNED_SIDEWAYS",
        _R.WARNING,
        "objective",
        "An objective is aligned to a key result of a unit that is not above it "
        "(a peer or another branch).",
    ),
    Rule(
        "OBJ_ALIGNED_SAME_UNIT",
        _R.HINT,
        "objective",
        "An objective supports a key result of its own unit (a leader's sub-objective).",
    ),
    Rule(
        "OBJ_TOO_FEW_KRS",
        _R.WARNING,
        "objective",
        "An objective has fewer than 3 key results.",
        in_cascade=_R.HINT,
    ),
    Rule("OBJ_TOO_MANY_KRS", _R.WARNING, "objective", "An objective has more than 5 key results."),
    Rule(
        "OBJ_TASK_WORDING",
        _R.WARNING,
        "objective",
        "An objective reads like a task (output); English and German titles are read.",
    ),
    Rule(
        "OBJ_HAS_NUMBER",
        _R.WARNING,
        "objective",
        "An objective title holds a number: a key result in disguise.",
    ),
    Rule("OBJ_NO_OWNER", _R.WARNING, "objective", "An objective has no owner."),
    Rule(
        "OBJ_SAME_OWNER",
        _R.HINT,
        "objective",
        "One person owns every key result of an objective (3 or more).",
    ),
    Rule(
        "OBJ_ONLY_FEATURES",
        _R.HINT,
        "objective",
        "A team objective's key results are all feature work (no technical debt, "
        "defects or risks).",
    ),
    # key results
    Rule("KR_NO_TITLE", _R.ERROR, "key_result", "A key result has no title."),
    Rule(
        "KR_TASK_WORDING",
        _R.WARNING,
        "key_result",
        "A key result reads like a task (output); English and German titles are read.",
    ),
    Rule(
        "KR_NO_NUMBER",
        _R.WARNING,
        "key_result",
        "A key result has no number at all: no baseline, no target, none in its title.",
    ),
    Rule("KR_NO_TARGET", _R.WARNING, "key_result", "A key result has no target."),
    Rule("KR_NO_BASELINE", _R.WARNING, "key_result", "A key result has no baseline."),
    Rule(
        "KR_DIRECTION_MISMATCH",
        _R.WARNING,
        "key_result",
        "A key result's direction disagrees with its baseline and target.",
    ),
    Rule(
        "KR_DUE_OUTSIDE_CYCLE",
        _R.WARNING,
        "key_result",
        "A key result is due before the cycle starts or after it ends.",
    ),
    Rule("KR_NO_OWNER", _R.WARNING, "key_result", "A key result has no owner."),
    Rule(
        "KR_UNCOVERED",
        _R.WARNING,
        "key_result",
        "A key result of a unit with units below it is supported by no objective.",
        in_cascade=_R.HINT,
    ),
    # closing the loop (judged on the day the caller passes: okr_studio.coach.rules_closing)
    Rule(
        "KR_NO_CHECK_IN",
        _R.WARNING,
        "key_result",
        "A key result past its due date has no check-in.",
    ),
    Rule(
        "KR_STALE_CHECK_IN",
        _R.HINT,
        "key_result",
        "A key result's latest check-in is weeks old, from before its due date.",
    ),
    Rule(
        "KR_BEHIND",
        _R.WARNING,
        "key_result",
        "A key result's progress is far behind the share of the cycle gone.",
    ),
    Rule(
        "KR_NO_LEARNING",
        _R.HINT,
        "key_result",
        "A key result scored below 0.7 at the review has no learning note.",
    ),
    Rule(
        "OBJ_NO_ACTUAL_OUTCOME",
        _R.WARNING,
        "objective",
        "An objective has no actual outcome after the cycle's end.",
    ),
    Rule(
        "OBJ_NO_DECISION",
        _R.WARNING,
        "objective",
        "An objective has no keep / change / drop decision after the cycle's end.",
    ),
)

#: Every rule the coach knows, by code, in a stable order (for docs and legends).
RULES: Mapping[str, Rule] = MappingProxyType({r.code: r for r in _RULE_LIST})


def finding(
    code: str,
    item_id: int,
    unit_id: int,
    title: str,
    message: str,
    hint: str,
) -> Finding:
    """Make a finding of rule ``code`` (its severity and item kind come from the rule)."""
    rule = RULES[code]
    return Finding(
        code=code,
        severity=rule.severity,
        item_kind=rule.item_kind,
        item_id=item_id,
        unit_id=unit_id,
        title=title,
        message=message,
        hint=hint,
    )
