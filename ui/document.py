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
unexpected error. The runs themselves are in :mod:`ui.document_runs`.

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
from ui.document_coach import CoachReport, WholeRun, stale_weeks_preference
from ui.document_runs import COACH_DELAY_MS, CoachRuns

__all__ = ["COACH_DELAY_MS", "CoachReport", "Document", "ItemKey"]


def today() -> dt.date | None:
    """The day the coach judges a workshop on: the system's date."""
    return dt.date.today()


class Document(CoachRuns):
    """One open workshop file in the UI."""

    #: A change was committed (a new edit, an undo or a redo); the argument is the
    #: :class:`ChangeEvent`. ``data`` is already current when this is emitted.
    changed = Signal(object)
    #: The selection changed; the argument is a tuple of :data:`ItemKey`.
    selectionChanged = Signal(object)
    #: An undo or redo could not be applied; the argument is the :class:`OkrError`.
    replayFailed = Signal(object)
    # findingsChanged and checking: the coach's (ui.document_runs.CoachRuns)

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
        self._started = False
        if start:  # else the window calls start_follow_up() (after its first paint, or
            self.start_follow_up()  # once the opening is over)
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
        self.changed.emit(ChangeEvent.reload())

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
