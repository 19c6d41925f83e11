"""The document's coach runs: when the coach checks the open workshop, and how its
reports reach the views (mixed into :class:`ui.document.Document`).

Shortly after a change (one run for a burst of changes) the document re-checks from
the run before only what the changes can affect, on the event loop; a run of every
rule (a file's first, after the first paint; a new day; other weeks for an old
check-in) runs in a thread (:class:`ui.document_coach.WholeRun`), the views showing
the last report meanwhile. Every report reaches every view through ``findingsChanged``,
also one that a view asked for itself (:attr:`CoachRuns.coach_report`): otherwise the
others (the status bar, the canvas's badges) would wait for a publication that never
comes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from okr_studio.connect import writer_loaded
from ui.document_coach import CoachReport, WholeRun, needs_whole_run, run_coach

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.keys import ItemKey
    from okr_studio.store import Workshop

#: How long after the last change the coach runs (ms): a burst of changes makes one run.
COACH_DELAY_MS = 100


#: The interpreter's switch interval while the writer loads (s), instead of 5 ms: each of
#: the import's file reads lets the interpreter go, and getting it back from the coach's
#: first run (busy in its thread meanwhile) took a whole interval. Measured at 10,000
#: objectives: the engine ready about 2 s after the first paint instead of 4-5 s, the
#: coach's findings no later, the window as responsive.
LOADING_SWITCH_S = 0.0005


class _QuickSwitches:
    """Shorter switches while at least one writer loads; the interval before after."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._loading = 0
        self._before = 0.0

    def __enter__(self) -> None:
        with self._guard:
            if self._loading == 0:
                self._before = sys.getswitchinterval()
                sys.setswitchinterval(min(LOADING_SWITCH_S, self._before))
            self._loading += 1

    def __exit__(self, *exc: object) -> None:
        with self._guard:
            self._loading -= 1
            if self._loading == 0:
                sys.setswitchinterval(self._before)


_quick_switches = _QuickSwitches()


def _load_writer(workshop: Workshop) -> None:
    """(In the writer's thread.) A failure here is met again by the first edit, on the
    event loop, which reports it; a workshop closed meanwhile gets no engine."""
    with _quick_switches, contextlib.suppress(Exception):
        workshop.prepare_writing()


class CoachRuns(QObject):
    """The coach's runs of a :class:`ui.document.Document`, its base (see the module's
    notes); the document makes the timers and the state named here."""

    #: The coach checked the current snapshot; the argument is its :class:`CoachReport`.
    findingsChanged = Signal(CoachReport)
    #: The coach began (True) or ended (False) a run of every rule, in a thread; the
    #: last report published stands meanwhile.
    checking = Signal(bool)

    workshop: Workshop
    data: WorkshopData
    clock: Callable[[], dt.date | None]
    stale_weeks: int
    _report: CoachReport | None
    _published: CoachReport | None
    _unpublished: set[ItemKey] | None
    _whole_run: WholeRun | None
    _checking: bool
    _started: bool
    #: The thread that loads the writer after opening, once started (tests join it).
    writer_thread: threading.Thread | None = None
    _coach_timer: QTimer
    _whole_timer: QTimer
    _day_timer: QTimer
    if TYPE_CHECKING:

        @property
        def read_only(self) -> bool: ...

    # ---- the coach -------------------------------------------------------------------
    @property
    def coach_report(self) -> CoachReport:
        """The coach's findings on the current snapshot, now; the coach runs at most once
        per snapshot, whoever asks first. A whole run under way for today's settings is
        waited for and re-checked from, not run again."""
        today = self.clock()
        whole = self._whole_run
        if whole is not None and self._adopts(whole, today):
            self._take(whole)
        report = self._report
        if report is None or not self._is_current(report, today):
            report = self._report = run_coach(self.data, today, report, self.stale_weeks)
            self._note_changes(report)
        if report is not self._published:  # asked for by one view: every view hears of it
            self._coach_timer.start(0)
        self._tell_checking()
        return report

    def _is_current(self, run: CoachReport | WholeRun, today: dt.date | None) -> bool:
        """Whether ``run`` judges the snapshot shown, on ``today``, with today's settings."""
        return run.data is self.data and self._judges_now(run, today)

    def _judges_now(self, run: CoachReport | WholeRun, today: dt.date | None) -> bool:
        day = run.day if isinstance(run, CoachReport) else run.today
        return day == today and run.stale_weeks == self.stale_weeks

    def _needs_whole_run(self, today: dt.date | None) -> bool:
        report = self._report
        if report is not None and self._is_current(report, today):
            return False
        return needs_whole_run(report, self.data, today, self.stale_weeks)

    def _adopts(self, whole: WholeRun, today: dt.date | None) -> bool:
        """Whether the report is to come from the whole run (else from the last one)."""
        return self._judges_now(whole, today) and self._needs_whole_run(today)

    def _take(self, whole: WholeRun) -> None:
        """Make the whole run's report the last one (waiting for it if need be)."""
        self._whole_run = None
        self._whole_timer.stop()
        self._report = whole.report()
        self._note_changes(self._report)

    def _note_changes(self, report: CoachReport) -> None:
        changed = report.run.changed if report.run is not None else None
        if changed is None or self._unpublished is None:
            self._unpublished = None
        else:
            self._unpublished.update(changed)

    @property
    def fresh_report(self) -> CoachReport | None:
        """The report on the current snapshot if the coach has run on it, else None."""
        report = self._report
        return report if report is not None and self._is_current(report, self.clock()) else None

    def publish_findings(self) -> CoachReport:
        """Check the current snapshot now (if not done yet) and tell the views."""
        report = self.coach_report
        self._coach_timer.stop()
        if report is not self._published:
            # Tell which items' findings changed since the report published before.
            report = report.published_after(self._published, self._unpublished)
            self._report = self._published = report
            self._unpublished = set()
            self.findingsChanged.emit(report)
        return report

    def check_soon(self) -> None:
        """Publish the findings on the current snapshot a moment from now, never running
        every rule on the event loop (a view that has none to show asks this). The run
        begins once the event loop is back: a file being opened is laid out and painted
        first, without a coach thread taking turns with it; before
        :meth:`start_follow_up`, the first run it starts is the one."""
        idle = self._whole_run is None and not self._coach_timer.isActive()
        if self.fresh_report is None and idle and self._started:  # else the first run is due
            self._coach_timer.start(COACH_DELAY_MS)

    def _follow_up(self) -> None:
        """Publish the findings on the current snapshot, re-checked from the last run on
        the event loop, or, when every rule must run, once a thread has run them: the
        views show the last report meanwhile. An edit made while a whole run is under
        way is re-checked from that run when it arrives (in the order of the edits)."""
        if self.workshop.closed:
            return
        if not self._needs_whole_run(self.clock()):
            self.publish_findings()
        elif self._whole_run is None:
            self._whole_run = WholeRun(self.data, self.clock(), self.stale_weeks)
            self._whole_timer.start()
        # else the run under way carries on (_collect_whole_run follows it up)
        self._tell_checking()

    def _collect_whole_run(self) -> None:
        whole = self._whole_run
        if whole is not None and not whole.done():
            return
        self._whole_timer.stop()
        if whole is None:
            return
        self._whole_run = None
        if self._adopts(whole, self.clock()):
            self._take(whole)
        self._follow_up()  # re-checks an edit made meanwhile, or runs for new settings

    def _tell_checking(self) -> None:
        if self._checking != (self._whole_run is not None):
            self._checking = not self._checking
            self.checking.emit(self._checking)

    def start_follow_up(self) -> None:
        """Start the coach's first run and the loading of the writer, a moment from now,
        and the watch for a new day."""
        if self.workshop.closed:  # (closed before the window's first paint)
            return
        self._started = True
        QTimer.singleShot(0, self, self._start_first_run)
        self._day_timer.start()

    def _start_first_run(self) -> None:
        if self._published is None and not self._coach_timer.isActive():
            QTimer.singleShot(COACH_DELAY_MS, self, self._begin_first_run)
        # Writing needs SQLAlchemy, which opening the file did not load: it is loaded
        # while the room looks at the tree, so the first edit does not wait for it.
        QTimer.singleShot(2 * COACH_DELAY_MS, self, self._prepare_writing)

    def _begin_first_run(self) -> None:
        if self._report is None and not self._coach_timer.isActive():
            self._follow_up()

    def _prepare_writing(self) -> None:
        """Load the writer (SQLAlchemy, some 170 modules) in a thread, which then makes the
        workshop's engine. On the event loop, alongside the coach's first run, each of
        its file reads waited for the coach's thread to give the interpreter back
        (seconds at 10,000 objectives, the window frozen). It does not wait for that run
        to end: an edit made meanwhile would import it on the event loop, alongside the
        run; in its own thread (with quicker switches, see :data:`LOADING_SWITCH_S`) it
        is ready sooner, and the run ends no later. Once loaded (another file opened
        before), making an engine takes under a millisecond: the event loop does it."""
        workshop = self.workshop
        if workshop.closed or self.read_only:
            return
        if writer_loaded():
            workshop.prepare_writing()
            return
        self.writer_thread = threading.Thread(
            target=_load_writer, args=(workshop,), name="okr-studio writer", daemon=True
        )
        self.writer_thread.start()

    def _check_day(self) -> None:
        """Re-run the coach when the date has changed since its last run."""
        report = self._report
        if report is not None and report.day != self.clock():
            self._coach_timer.start(0)

    def set_stale_weeks(self, weeks: int) -> None:
        """Count a check-in as old after ``weeks`` from now on; the coach checks again
        (in a thread: the views show the last report until then)."""
        if weeks != self.stale_weeks:
            self.stale_weeks = weeks
            self._coach_timer.start(0)
