"""The open workshop as the UI sees it: snapshot, undo stack, selection, signals.

Every edit in the UI goes through :meth:`Document.execute` with a function that
calls one core service. The service commits one transaction and returns a
:class:`~okr_studio.events.Change`; the document pushes an undo command that
replays the change's inverse on undo and the change itself on redo, keeps its
plain-data snapshot current from the change records, and emits ``changed``.
The canvas, outline, inspector and coach panel only listen.

The coach runs here, once per snapshot and day: shortly after a change (one run for a
burst of changes), and when the date changes (the closing rules judge on today's
date, :attr:`Document.clock`), the document checks the workshop and publishes the findings
with ``findingsChanged``; the canvas badges, the status bar and the coach panel
all read that one :class:`CoachReport`. A run of every rule (a file's first, after the
first paint; a new day; other weeks for an old check-in) runs in a thread
(:mod:`ui.document_coach`), so a large tree can be used meanwhile, and the views
show the last report until it is published; a run after an edit re-checks from the
one before only what the changes can affect, and the report it publishes names the
items whose findings changed since the report published before
(``CoachReport.changed``), so the views update only those.
A rule that fails goes to the app's error handler (:mod:`ui.errors`) like any other
unexpected error.

Views follow a document through :class:`ui.document_view.DocumentView`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from okr_studio.data import WorkshopData, patched
from okr_studio.errors import OkrError, ReadOnlyError
from okr_studio.events import Change, ChangeEvent
from okr_studio.keys import ItemKey
from okr_studio.store import Workshop
from ui.document_changes import ServiceCommand, container_of, subjects_of
from ui.document_coach import (
    CoachReport,
    WholeRun,
    needs_whole_run,
    run_coach,
    stale_weeks_preference,
)

__all__ = ["COACH_DELAY_MS", "CoachReport", "Document", "ItemKey"]

#: How long after the last change the coach runs (ms): a burst of changes makes one run.
COACH_DELAY_MS = 100


def today() -> dt.date | None:
    """The day the coach judges a workshop on: the system's date."""
    return dt.date.today()


class Document(QObject):
    """One open workshop file in the UI."""

    #: A change was committed (a new edit, an undo or a redo); the argument is the
    #: :class:`ChangeEvent`. ``data`` is already current when this is emitted.
    changed = Signal(object)
    #: The selection changed; the argument is a tuple of :data:`ItemKey`.
    selectionChanged = Signal(object)
    #: An undo or redo could not be applied; the argument is the :class:`OkrError`.
    replayFailed = Signal(object)
    #: The coach checked the current snapshot; the argument is its :class:`CoachReport`.
    findingsChanged = Signal(CoachReport)
    #: The coach began (True) or ended (False) a run of every rule, in a thread; the
    #: last report published stands meanwhile.
    checking = Signal(bool)

    def __init__(
        self, workshop: Workshop, parent: QObject | None = None, *, start: bool = True
    ) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.data: WorkshopData = workshop.snapshot()
        self.undo_stack = QUndoStack(self)
        self._selection: tuple[ItemKey, ...] = ()
        self._guard = False
        self._replay_error: OkrError | None = None
        self._report: CoachReport | None = None
        self._published: CoachReport | None = None
        #: The items whose findings may have changed since the report published last
        #: (None: any), gathered over the coach's runs in between.
        self._unpublished: set[ItemKey] | None = None
        self._coach_timer = QTimer(self)
        self._coach_timer.setSingleShot(True)
        self._coach_timer.timeout.connect(self._follow_up)
        # The first findings follow the first paint: once the event loop runs (the window
        # is built), the coach waits a moment more, for the paint that is due then, and
        # runs in a thread (ui.document_coach), so a large tree can be used meanwhile;
        # so does every later run of every rule (a new day, other weeks).
        self._whole_run: WholeRun | None = None
        self._checking = False
        self._whole_timer = QTimer(self)
        self._whole_timer.setInterval(25)
        self._whole_timer.timeout.connect(self._collect_whole_run)
        #: Today's date, as the coach judges the workshop on it (None: judge with no date).
        self.clock: Callable[[], dt.date | None] = today
        #: After how many weeks the coach counts a check-in as old (the app's preference;
        #: :meth:`set_stale_weeks`).
        self.stale_weeks = stale_weeks_preference()
        self._day_timer = QTimer(self)  # a new day re-runs the coach
        self._day_timer.setInterval(60_000)
        self._day_timer.timeout.connect(self._check_day)
        if start:  # else the window calls start_follow_up() after its first paint
            self.start_follow_up()
        workshop.subscribe(self._on_event)

    # ---- properties ------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.workshop.read_only

    @property
    def path(self) -> Path:
        return self.workshop.path

    def close(self) -> None:
        self._coach_timer.stop()
        self._whole_timer.stop()
        self._whole_run = None
        self._day_timer.stop()
        self.workshop.unsubscribe(self._on_event)
        self.undo_stack.clear()
        self.workshop.close()

    # ---- edits -------------------------------------------------------------------
    def execute(self, call: Callable[[Workshop], Change]) -> Change:
        """Run one service call as an undoable step; raises :class:`OkrError` if refused.

        Example: ``doc.execute(lambda ws: services.rename_unit(ws, 3, "Sales"))``.
        """
        if self.read_only:
            raise ReadOnlyError(
                f"“{self.path.name}” is open read-only, so it cannot be changed. "
                "Use File → Save As to make an editable copy."
            )
        change = call(self.workshop)
        if not change.empty:
            self.undo_stack.push(ServiceCommand(self, change))
        return change

    def undo(self) -> None:
        self._step(self.undo_stack.undo, +1)

    def redo(self) -> None:
        self._step(self.undo_stack.redo, -1)

    def take_back(self) -> None:
        """Undo the last step and forget it, so it cannot be redone.

        For an item the user added and then abandoned before naming it (Esc):
        it never happened, so Redo must not bring it back.
        """
        self.undo()
        stack = self.undo_stack
        drop = QUndoCommand("")
        drop.setObsolete(True)  # pushing an obsolete command clears the redo steps
        stack.push(drop)
        # Qt drops them without a signal (the index did not move): tell the listeners.
        stack.canRedoChanged.emit(stack.canRedo())
        stack.redoTextChanged.emit(stack.redoText())
        stack.indexChanged.emit(stack.index())

    def _step(self, action: Callable[[], None], back: int) -> None:
        if self.read_only:
            return
        index = self.undo_stack.index()
        command = self.undo_stack.command(index - 1 if back > 0 else index)
        before = self.data
        self._replay_error = None
        action()
        error = self._replay_error
        if error is None and command is not None:
            self._select_after_step(command, before)
        if error is not None:
            # The file did not change: put the stack back where it was, without replaying.
            self._guard = True
            try:
                self.undo_stack.setIndex(index)
            finally:
                self._guard = False
            self.replayFailed.emit(error)
            raise error

    def _select_after_step(self, command: QUndoCommand, before: WorkshopData) -> None:
        """After undo or redo, select what the step brought back or touched (every item
        of a multi-item step); when it took items away (an add undone, a delete redone),
        select where the first one was."""
        if not isinstance(command, ServiceCommand):
            return
        subjects = subjects_of(command.change)
        if not subjects:
            return
        present = [k for k in subjects if self.exists(k)]
        if present:
            self.select(present)
            return
        place = container_of(before, subjects[0])
        while place is not None and not self.exists(place):
            place = container_of(before, place)
        if place is not None or not all(self.exists(k) for k in self._selection):
            self.select(place)

    def _replay(self, change: Change, origin: Literal["undo", "redo"]) -> None:
        if self._guard:
            return
        from okr_studio import services  # (loaded with the first edit's, not at start-up)

        try:
            services.apply(self.workshop, change, origin=origin)
        except OkrError as exc:
            self._replay_error = exc

    # ---- events --------------------------------------------------------------------
    def _on_event(self, event: ChangeEvent) -> None:
        self.data = patched(self.data, event.change.rows)
        self._coach_timer.start(COACH_DELAY_MS)
        self.changed.emit(event)

    def reload(self) -> None:
        """Read the whole file again (after an external change or an error)."""
        self.data = self.workshop.snapshot()
        self._coach_timer.start(COACH_DELAY_MS)
        self.changed.emit(ChangeEvent(Change("Reload"), "do"))

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
        self._coach_timer.stop()
        report = self.coach_report
        if report is not self._published:
            # Tell which items' findings changed since the report published before.
            report = report.published_after(self._published, self._unpublished)
            self._report = self._published = report
            self._unpublished = set()
            self.findingsChanged.emit(report)
        return report

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
        QTimer.singleShot(0, self, self._start_first_run)
        self._day_timer.start()

    def _start_first_run(self) -> None:
        if self._published is None and not self._coach_timer.isActive():
            QTimer.singleShot(COACH_DELAY_MS, self, self._begin_first_run)
        # Writing needs SQLAlchemy, which opening the file did not load: load it while
        # the room looks at the tree, so the first edit does not wait for it.
        QTimer.singleShot(2 * COACH_DELAY_MS, self, self._prepare_writing)

    def _begin_first_run(self) -> None:
        if self._report is None and not self._coach_timer.isActive():
            self._follow_up()

    def _prepare_writing(self) -> None:
        if not self.workshop.closed and not self.read_only:
            self.workshop.prepare_writing()

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

    # ---- selection --------------------------------------------------------------------
    @property
    def selection(self) -> tuple[ItemKey, ...]:
        return self._selection

    @property
    def current(self) -> ItemKey | None:
        return self._selection[0] if self._selection else None

    def select(self, keys: Sequence[ItemKey] | ItemKey | None) -> None:
        if keys is None:
            new: tuple[ItemKey, ...] = ()
        elif isinstance(keys, tuple) and len(keys) == 2 and isinstance(keys[0], str):
            new = (cast(ItemKey, keys),)  # one key: ("objective", 12)
        else:
            new = tuple(cast(Sequence[ItemKey], keys))
        new = tuple(k for k in new if self.exists(k))
        if new != self._selection:
            self._selection = new
            self.selectionChanged.emit(new)

    def exists(self, key: ItemKey) -> bool:
        kind, item_id = key
        table = {
            "unit": self.data.units,
            "objective": self.data.objectives,
            "key_result": self.data.key_results,
            "person": self.data.people,
        }.get(kind)
        return table is not None and item_id in table
