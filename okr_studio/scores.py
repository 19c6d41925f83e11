"""Scores: how far a key result, an objective or an alignment got, the same everywhere.

One pure function of the workshop's data feeds every place that shows a score (the
card, the outline, the inspector, the review sheets, ``okr-studio progress``), so a
key result has the same number everywhere.

Rules (0.0 – 1.0, rounded to two decimals; the band is read from the rounded number):

* **increase / decrease**: linear from the baseline (0) to the target (1), read from
  the latest check-in. Beyond the target, or behind the baseline, the raw
  :attr:`Score.progress` says so (1.25, -0.1) while the score stays within 0–1.
  A key result with no baseline or no target, or a target equal to its baseline,
  has no score, and :attr:`Score.reason` says why (the services refuse an equal
  target and baseline for these directions: :func:`target_problem`).
* **keep above / keep below**: 1 while the latest value holds the line (≥ / ≤ the
  target), else 0.
* **milestone**: 1 when done, else 0: a check-in value of 1 (or of the target, when
  the milestone has one) or more means done.
* A key result with no check-in has **no score** (never a silent 0).
* **Objective**: the weighted mean of its key results that have a score (weights
  default to 1, equal); :attr:`Score.counted` says how many of them had one.
* **Parent key result**: besides its own score, the mean score of the objectives
  aligned to it (:func:`aligned_score`).
* **Bands**: below 0.4 red, 0.4 up to 0.7 yellow, 0.7 and above green; always shown
  with the number (:attr:`Score.text`), so colour-blind readers lose nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from okr_studio.data import CheckInData, KeyResultData, WorkshopData
from okr_studio.numbers import LocaleLike, format_number
from okr_studio.vocab import Direction

#: The lower edges of the yellow and the green band.
YELLOW_FROM = 0.4
GREEN_FROM = 0.7

NO_CHECK_IN = "No check-in yet, so there is no score."
_LINEAR = frozenset({Direction.INCREASE.value, Direction.DECREASE.value})


class Band(StrEnum):
    """The colour band of a score, with the word and colours every view uses."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"

    @property
    def word(self) -> str:
        """The colour as a word (for the command line and screen readers)."""
        return self.value

    @property
    def tone(self) -> str:
        """A strong colour (#rrggbb) for bars, dots and text; readable on white."""
        return {"red": "#c0272d", "yellow": "#b8860b", "green": "#2e7d32"}[self.value]

    @property
    def tint(self) -> str:
        """A light colour (#rrggbb) for the background of a card or a cell."""
        return {"red": "#fbe3e3", "yellow": "#fdf3c8", "green": "#dff2e1"}[self.value]


def band_of(value: float) -> Band:
    """The band of a score (0.0 – 1.0): below 0.4 red, below 0.7 yellow, else green."""
    value = round(value, 2)
    if value < YELLOW_FROM:
        return Band.RED
    if value < GREEN_FROM:
        return Band.YELLOW
    return Band.GREEN


@dataclass(frozen=True, slots=True)
class Score:
    """A score, or the reason there is none."""

    #: 0.0 – 1.0 rounded to two decimals; None when there is no score.
    value: float | None
    #: The raw progress (increase / decrease: may be below 0 or above 1); None with no score.
    progress: float | None = None
    #: Why there is no score (a sentence for a facilitator); "" when there is one.
    reason: str = ""
    #: How many key results (of an objective) or objectives (aligned to a key result)
    #: counted, and how many there are.
    counted: int = 0
    total: int = 0

    @property
    def band(self) -> Band | None:
        return None if self.value is None else band_of(self.value)

    @property
    def word(self) -> str:
        """The colour word ("red", "yellow", "green"), or "no score"."""
        band = self.band
        return band.word if band is not None else "no score"

    @property
    def text(self) -> str:
        """The number as every view prints it ("0.45", "1"), or "—" with no score."""
        return score_text(self.value)

    def text_in(self, locale: LocaleLike) -> str:
        """The number in a given locale ("0,45" in German)."""
        return score_text(self.value, locale)


def score_text(value: float | None, locale: LocaleLike = None) -> str:
    """A score as every view prints it: two decimals at most, the locale's decimal mark."""
    if value is None:
        return "—"
    return format_number(round(value, 2), locale)


def _none(reason: str) -> Score:
    return Score(None, None, reason)


def target_problem(direction: str, baseline: float | None, target: float | None) -> str:
    """Why a key result of ``direction`` cannot be scored from this baseline and target
    ("" when it can). The services refuse the equal target and baseline with it."""
    if direction not in _LINEAR:
        if direction != Direction.MILESTONE.value and target is None:
            return "It has no target, so there is no line to hold."
        return ""
    if baseline is None:
        return "It has no baseline, so its progress cannot be measured."
    if target is None:
        return "It has no target, so its progress cannot be measured."
    if baseline == target:
        word = "increase" if direction == Direction.INCREASE.value else "decrease"
        return (
            f"Its target equals its baseline, so there is nothing to {word}: change the "
            "target, or make it a “Keep above” or “Keep below” key result."
        )
    return ""


def score_value(kr: KeyResultData, value: float | None) -> Score:
    """The score of key result ``kr`` if its latest measured value were ``value``."""
    if value is None:
        return _none(NO_CHECK_IN)
    problem = target_problem(kr.direction, kr.baseline, kr.target)
    if problem:
        return _none(problem)
    direction = kr.direction
    if direction in _LINEAR:
        assert kr.baseline is not None and kr.target is not None
        progress = (value - kr.baseline) / (kr.target - kr.baseline)
        return Score(round(min(max(progress, 0.0), 1.0), 2), progress)
    if direction == Direction.KEEP_ABOVE.value:
        assert kr.target is not None
        held = 1.0 if value >= kr.target else 0.0
    elif direction == Direction.KEEP_BELOW.value:
        assert kr.target is not None
        held = 1.0 if value <= kr.target else 0.0
    elif direction == Direction.MILESTONE.value:
        held = 1.0 if value >= (kr.target if kr.target is not None else 1.0) else 0.0
    else:
        return _none(f"“{direction}” is not a direction this version can score.")
    return Score(held, held)


def key_result_score(data: WorkshopData, kr_id: int) -> Score:
    """The score of a key result, from its latest check-in."""
    latest: CheckInData | None = data.latest_check_in(kr_id)
    return score_value(data.key_results[kr_id], latest.value if latest else None)


def objective_score(data: WorkshopData, objective_id: int) -> Score:
    """The weighted mean of the scores of the objective's key results that have one."""
    krs = data.key_results_of(objective_id)
    if not krs:
        return _none("It has no key results, so there is no score.")
    total = weight = 0.0
    counted = 0
    for kr in krs:
        score = key_result_score(data, kr.id)
        if score.value is None:
            continue
        counted += 1
        total += score.value * kr.weight
        weight += kr.weight
    if counted == 0:
        return Score(None, None, "None of its key results has a check-in yet.", 0, len(krs))
    if weight <= 0:
        return Score(
            None, None, "Its scored key results all weigh 0, so there is no score.", 0, len(krs)
        )
    mean = round(total / weight, 2)
    return Score(mean, mean, "", counted, len(krs))


def aligned_score(data: WorkshopData, kr_id: int) -> Score:
    """The mean score of the objectives aligned to key result ``kr_id`` that have one."""
    aligned = data.aligned_to(kr_id)
    if not aligned:
        return _none("No objective supports it.")
    scores = [s.value for s in (objective_score(data, o.id) for o in aligned)]
    known = [v for v in scores if v is not None]
    if not known:
        return Score(None, None, "No objective aligned to it has a score yet.", 0, len(aligned))
    mean = round(sum(known) / len(known), 2)
    return Score(mean, mean, "", len(known), len(aligned))


def scoreboard(data: WorkshopData, units: Iterable[int] | None = None) -> list[tuple[int, Score]]:
    """(objective id, score) of every objective (of ``units``, when given), worst first;
    those with no score last; ties in tree order."""
    wanted = set(units) if units is not None else None
    order = [
        o.id
        for u in data.walk_units()
        if wanted is None or u.id in wanted
        for o in data.objectives_of(u.id)
    ]
    rank = {oid: n for n, oid in enumerate(order)}
    scored = [(oid, objective_score(data, oid)) for oid in order]
    return sorted(scored, key=lambda p: (p[1].value is None, p[1].value or 0.0, rank[p[0]]))


def elapsed_share(start: dt.date | None, end: dt.date | None, today: dt.date) -> float | None:
    """How much of the cycle from ``start`` to ``end`` has passed on ``today`` (0 – 1);
    None when the cycle's dates are not known."""
    if start is None or end is None or (end - start).days <= 0:
        return None
    return min(max((today - start).days / (end - start).days, 0.0), 1.0)
