"""The coach's runs for a document: its report, and the whole runs off the event loop.

The coach checks a whole workshop, which takes seconds for ten thousand
objectives. Every run that checks everything runs in a thread of its own
(:class:`WholeRun`): a file's first run, once the tree is on the screen, and a run
after the day, the weeks after which a check-in counts as old or the workshop's own
row changed, or after the file was read again (:func:`needs_whole_run`). The room can
look, scroll and type meanwhile, and the document shows its last report until the
new one is ready. The snapshot a thread checks is frozen, so the thread and the
window never change what the other reads. Runs after an edit are the document's, on
the event loop: each re-checks from the run before only what the changes can affect
(:func:`okr_studio.coach.recheck`).

The weeks after which a key result's latest check-in counts as old are an app
preference (:func:`stale_weeks_preference`), the same for every workshop on this
computer: a value of each workshop's own would be a new column of the file's schema.

A published report says which items' findings may differ from the report published
before it (:attr:`CoachReport.changed`, with their findings in
:attr:`CoachReport.changed_findings`), so a view can update just those: the canvas's
badges and the coach panel's rows of ten thousand objectives are not made again after
every edit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer

from okr_studio.coach_settings import STALE_WEEKS
from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.numbers import locale_of
from ui import errors

if TYPE_CHECKING:  # the coach's rules load with its first run, after the first paint
    from okr_studio import coach
    from okr_studio.coach import Finding
_SERIALS = itertools.count(1)
#: The QSettings key of the weeks after which a check-in counts as old.
STALE_WEEKS_SETTING = "coach/stale_weeks"
#: The weeks a facilitator can choose between.
STALE_WEEKS_RANGE = (1, 52)


def stale_weeks_preference() -> int:
    """The weeks after which the coach counts a check-in as old (the app's preference,
    :data:`okr_studio.coach_settings.STALE_WEEKS` until one is chosen)."""
    value = QSettings().value(STALE_WEEKS_SETTING, STALE_WEEKS)
    try:
        weeks = int(str(value))
    except ValueError:
        return STALE_WEEKS
    low, high = STALE_WEEKS_RANGE
    return weeks if low <= weeks <= high else STALE_WEEKS


def set_stale_weeks_preference(weeks: int) -> None:
    """Remember ``weeks`` (within :data:`STALE_WEEKS_RANGE`) for every workshop."""
    low, high = STALE_WEEKS_RANGE
    QSettings().setValue(STALE_WEEKS_SETTING, max(low, min(high, int(weeks))))


_NONE: Mapping[ItemKey, tuple[Finding, ...]] = MappingProxyType({})


@dataclass(frozen=True, eq=False)
class CoachReport:
    """The coach's findings on one snapshot of the workshop (``data``)."""

    data: WorkshopData
    findings: tuple[Finding, ...] = ()
    #: The coach failed on this snapshot; the error went to the app's error handler.
    failed: bool = False
    #: The day the coach judged on (its closing rules depend on the date).
    day: dt.date | None = None
    #: After how many weeks the coach counted a check-in as old.
    stale_weeks: int = STALE_WEEKS
    #: The run behind it, which the next run re-checks from (None after a failure).
    run: coach.CoachRun | None = field(default=None, repr=False)
    #: Tells this report from every other (a view remembers the last one it showed).
    serial: int = field(default_factory=lambda: next(_SERIALS))
    #: The report published before this one (its ``serial``), which ``changed`` is
    #: counted from; None: no report was published before, every finding is new.
    since: int | None = None
    #: The items (unit, objective, key result) whose findings may differ from the
    #: report ``since``; None: any item's may.
    changed: frozenset[ItemKey] | None = None
    #: The findings of each item in ``changed`` (an empty tuple: it has none now).
    changed_findings: Mapping[ItemKey, tuple[Finding, ...]] = field(
        default_factory=lambda: _NONE, repr=False
    )

    def open_counts(self) -> dict[str, int]:
        """How many findings are open, by severity ("error", "warning", "hint")."""
        if self.run is not None:
            return dict(self.run.open_counts)
        counts: dict[str, int] = {}
        for f in self.findings:
            if f.is_open:
                counts[str(f.severity)] = counts.get(str(f.severity), 0) + 1
        return counts

    def follows(self, serial: int | None) -> bool:
        """True when this report lists its changes from the report ``serial``: a view
        that shows that one can update just the items in :attr:`changed`."""
        return serial is not None and self.since == serial and self.changed is not None

    def published_after(
        self, before: CoachReport | None, changed: Iterable[ItemKey] | None
    ) -> CoachReport:
        """This report as published after ``before``, the items in ``changed`` (None:
        any) having maybe changed since (a copy; its findings are this report's)."""
        if before is None or changed is None:
            return replace(self, serial=next(_SERIALS), since=None, changed=None)
        items = frozenset(changed)
        return replace(
            self,
            serial=next(_SERIALS),
            since=before.serial,
            changed=items,
            changed_findings=MappingProxyType(self._findings_of(items)),
        )

    def _findings_of(self, items: frozenset[ItemKey]) -> dict[ItemKey, tuple[Finding, ...]]:
        run = self.run
        out: dict[ItemKey, tuple[Finding, ...]] = {}
        if run is not None:
            for item in items:
                found = run.findings_of(item)
                if found is None:
                    break
                out[item] = found
            else:
                return out
        # The run moved on: pick them from the whole list (in its order).
        grouped: dict[ItemKey, list[Finding]] = {item: [] for item in items}
        for f in self.findings:
            group = grouped.get((f.item_kind, f.item_id))
            if group is not None:
                group.append(f)
        return {item: tuple(found) for item, found in grouped.items()}


def run_coach(
    data: WorkshopData,
    today: dt.date | None,
    previous: CoachReport | None = None,
    stale_weeks: int = STALE_WEEKS,
) -> CoachReport:
    """Check ``data`` now, from the ``previous`` report's run (only what changed since);
    a rule's own bug goes to the app's error handler."""
    # A workshop with no language of its own is read in the system's.
    before = previous.run if previous is not None else None
    found = _check(data, today, locale_of().language, stale_weeks, before)
    return _report(data, today, stale_weeks, found)


def _check(
    data: WorkshopData,
    today: dt.date | None,
    language: str,
    stale_weeks: int,
    previous: coach.CoachRun | None = None,
) -> coach.CoachRun | BaseException:
    from okr_studio import coach

    try:
        return coach.recheck(previous, data, language, today=today, stale_weeks=stale_weeks)
    except Exception as exc:  # a rule's own bug: reported, never hidden
        return exc


def _report(
    data: WorkshopData,
    today: dt.date | None,
    stale_weeks: int,
    found: coach.CoachRun | BaseException,
) -> CoachReport:
    if isinstance(found, BaseException):
        # To the app's error handler from the event loop, as an exception escaping
        # a slot would go: whoever asked for the report carries on with none.
        QTimer.singleShot(0, partial(errors.handle, type(found), found, found.__traceback__))
        return CoachReport(data, failed=True, day=today, stale_weeks=stale_weeks)
    return CoachReport(data, found.findings, day=today, stale_weeks=stale_weeks, run=found)


def needs_whole_run(
    previous: CoachReport | None, data: WorkshopData, today: dt.date | None, stale_weeks: int
) -> bool:
    """Whether checking ``data`` from the ``previous`` report runs every rule (then it
    runs in a thread, :class:`WholeRun`): no run to start from, another day or weeks,
    a snapshot read again, a change of the workshop's own row (its language…)."""
    if previous is None or previous.run is None:
        return True
    from okr_studio import coach

    language = locale_of().language
    return coach.rechecks_all(previous.run, data, language, today=today, stale_weeks=stale_weeks)


class WholeRun:
    """A run of every rule in a thread; :meth:`report` waits for it if it is not done.

    It starts from no earlier run, so it shares nothing with the runs on the event loop."""

    def __init__(
        self, data: WorkshopData, today: dt.date | None, stale_weeks: int = STALE_WEEKS
    ) -> None:
        self.data = data
        self.today = today
        self.stale_weeks = stale_weeks
        self._found: coach.CoachRun | BaseException | None = None
        language = locale_of().language  # read here: the thread only runs the coach
        self._thread = threading.Thread(
            target=self._run, args=(language,), name="okr-studio coach", daemon=True
        )
        self._thread.start()

    def _run(self, language: str) -> None:
        self._found = _check(self.data, self.today, language, self.stale_weeks)

    def done(self) -> bool:
        return not self._thread.is_alive()

    def report(self) -> CoachReport:
        """Its report (from the event loop: a rule's error goes to the handler)."""
        self._thread.join()
        found = self._found if self._found is not None else RuntimeError("The coach did not run.")
        return _report(self.data, self.today, self.stale_weeks, found)
