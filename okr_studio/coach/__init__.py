"""The coach: rules that read a workshop and say, kindly, what to look at again.

:func:`check` runs every rule over a :class:`~okr_studio.data.WorkshopData`
snapshot and returns :class:`Finding` objects in a stable order (by unit in
tree order, then objective and key result position, then code). :data:`RULES`
lists every rule with its severity and a one-line description.

Severities: an *error* breaks the workshop's structure (an item with no title, an
objective below the top with no parent key result, or an alignment that goes
round in a circle) and makes ``okr-studio check`` fail; a *warning* is a classic OKR
mistake worth fixing in the room; a *hint* is a suggestion. Accepted findings
are still returned, with ``Finding.accepted`` set. A "team" is a unit with no
units below it, whatever its level is called: OBJ_ONLY_FEATURES fires for an
objective of such a unit whose 3 or more key results are all feature work.

For the cascade wizard, :func:`preview_cascade` checks a draft branch before
it exists, and :func:`objective_title_hints` / :func:`key_result_hints` check
single fields while someone types.

While the cascade is in progress (the room works through the workshop's agenda, or
``check(…, today=…)`` on or before the workshop's date, or, with no date, before the
cycle starts), what the next cascade step fixes is a hint, not a warning:
KR_UNCOVERED, UNIT_NO_OBJECTIVE and OBJ_TOO_FEW_KRS (``Rule.in_cascade``; such
findings carry ``Finding.during_cascade``). After the workshop (its agenda all done,
or the day after it), or when no ``today`` is passed and no agenda is under way,
every rule has its own severity. The rule and its reasons are in
:mod:`okr_studio.coach.room`.

After an edit, :func:`recheck` gives the same findings from the run before, running
the rules again only for what the edit can change (:mod:`okr_studio.coach.incremental`).

Closing the loop: with ``today``, the rules of :mod:`okr_studio.coach.rules_closing`
also run (a key result past due with no check-in, an old check-in, progress far behind
the cycle, a low score with no learning note, an objective after the cycle's end with
no actual outcome or no decision).

The wording rules (KR_TASK_WORDING, OBJ_TASK_WORDING) read English and German
only. Titles are read in the workshop's language, or, when the workshop names
none, in ``default_language``: the caller's fallback, e.g. the language of the
system's locale (the coach itself never looks at the system). A title whose own
language is clear is read in that language; a title in any other language is
not read, so these rules say nothing about it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import replace

from okr_studio.coach.findings import RULES, Finding, Rule, Severity
from okr_studio.coach.incremental import CoachRun, recheck, rechecks_all
from okr_studio.coach.order import UnitPaths, sort_key
from okr_studio.coach.preview import key_result_hints, objective_title_hints, preview_cascade
from okr_studio.coach.room import calm, cascade_in_progress
from okr_studio.coach.rules_align import alignment_findings
from okr_studio.coach.rules_closing import STALE_WEEKS, closing_findings
from okr_studio.coach.rules_items import (
    key_result_findings,
    objective_kr_findings,
    objective_text_findings,
)
from okr_studio.coach.rules_tree import uncovered_findings, unit_findings
from okr_studio.data import WorkshopData

__all__ = [
    "RULES",
    "STALE_WEEKS",
    "CoachRun",
    "Finding",
    "Rule",
    "Severity",
    "cascade_in_progress",
    "check",
    "key_result_hints",
    "objective_title_hints",
    "preview_cascade",
    "recheck",
    "rechecks_all",
    "sort_key",
    "workshop_language",
]


def workshop_language(data: WorkshopData, default_language: str = "") -> str:
    """The language the workshop's titles are read in: its own, else ``default_language``."""
    return data.info.language or default_language


def _raw_findings(data: WorkshopData, language: str) -> Iterator[Finding]:
    for unit in data.units.values():
        yield from unit_findings(data, unit)
        yield from uncovered_findings(data, unit)
    for obj in data.objectives.values():
        if obj.unit_id not in data.units:
            continue
        yield from objective_text_findings(data, obj, language)
        yield from objective_kr_findings(data, obj)
        yield from alignment_findings(data, obj)
        for kr in data.key_results_of(obj.id):
            yield from key_result_findings(data, kr, obj.unit_id, language)


def check(
    data: WorkshopData,
    default_language: str = "",
    *,
    today: dt.date | None = None,
    stale_weeks: int = STALE_WEEKS,
) -> list[Finding]:
    """Every finding of the workshop, accepted ones included (see ``Finding.accepted``).

    ``default_language`` ("en", "de", another code, or "" to detect each title's) is
    used for the wording rules when the workshop names no language of its own.
    ``today`` (the caller's clock) tells whether the cascade is in progress, which makes
    what its next step fixes a hint (see the module's notes); None judges as after it.
    The rules for closing the loop (check-ins, progress, the review) judge on ``today``
    and do not run without it; ``stale_weeks`` is when a check-in counts as old.
    """
    accepted = {(a.code, a.item_kind, a.item_id): a for a in data.accepted.values()}
    out = []
    found = _raw_findings(data, workshop_language(data, default_language))
    if today is not None:
        found = itertools.chain(found, closing_findings(data, today, stale_weeks=stale_weeks))
    for f in found:
        match = accepted.get(f.key)
        if match is not None:
            f = replace(f, accepted=match)
        out.append(f)
    out = calm(out, cascade_in_progress(data, today))
    paths: UnitPaths = {}
    out.sort(key=lambda f: sort_key(data, f, paths))
    return out
