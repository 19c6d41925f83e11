"""The coach's runs for a document: its report, and the first run off the event loop.

The coach checks a whole workshop, which takes seconds for ten thousand
objectives. A file's first run starts once the tree is on the screen, in a
thread of its own (:class:`FirstRun`), so the room can look, scroll and type
meanwhile; the document publishes its report when it is done. The snapshot it
checks is frozen, so the thread and the window never change what the other reads.
Later runs (after an edit) are the document's, on the event loop: each re-checks
from the run before only what the changes can affect (:func:`okr_studio.coach.recheck`).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from okr_studio.data import WorkshopData
from okr_studio.numbers import locale_of
from ui import errors

if TYPE_CHECKING:  # the coach's rules load with its first run, after the first paint
    from okr_studio import coach
    from okr_studio.coach import Finding


@dataclass(frozen=True, eq=False)
class CoachReport:
    """The coach's findings on one snapshot of the workshop (``data``)."""

    data: WorkshopData
    findings: tuple[Finding, ...] = ()
    #: The coach failed on this snapshot; the error went to the app's error handler.
    failed: bool = False
    #: The day the coach judged on (its closing rules depend on the date).
    day: dt.date | None = None
    #: The run behind it, which the next run re-checks from (None after a failure).
    run: coach.CoachRun | None = field(default=None, repr=False)


def run_coach(
    data: WorkshopData, today: dt.date | None, previous: CoachReport | None = None
) -> CoachReport:
    """Check ``data`` now, from the ``previous`` report's run (only what changed since);
    a rule's own bug goes to the app's error handler."""
    # A workshop with no language of its own is read in the system's.
    before = previous.run if previous is not None else None
    return _report(data, today, _check(data, today, locale_of().language, before))


def _check(
    data: WorkshopData,
    today: dt.date | None,
    language: str,
    previous: coach.CoachRun | None = None,
) -> coach.CoachRun | BaseException:
    from okr_studio import coach

    try:
        return coach.recheck(previous, data, language, today=today)
    except Exception as exc:  # a rule's own bug: reported, never hidden
        return exc


def _report(
    data: WorkshopData, today: dt.date | None, found: coach.CoachRun | BaseException
) -> CoachReport:
    if isinstance(found, BaseException):
        # To the app's error handler from the event loop, as an exception escaping
        # a slot would go: whoever asked for the report carries on with none.
        QTimer.singleShot(0, partial(errors.handle, type(found), found, found.__traceback__))
        return CoachReport(data, failed=True, day=today)
    return CoachReport(data, found.findings, day=today, run=found)


class FirstRun:
    """A run of the coach in a thread; :meth:`report` waits for it if it is not done."""

    def __init__(self, data: WorkshopData, today: dt.date | None) -> None:
        self.data = data
        self.today = today
        self._found: coach.CoachRun | BaseException | None = None
        language = locale_of().language  # read here: the thread only runs the coach
        self._thread = threading.Thread(
            target=self._run, args=(language,), name="okr-studio coach", daemon=True
        )
        self._thread.start()

    def _run(self, language: str) -> None:
        self._found = _check(self.data, self.today, language)

    def done(self) -> bool:
        return not self._thread.is_alive()

    def report(self) -> CoachReport:
        """Its report (from the event loop: a rule's error goes to the handler)."""
        self._thread.join()
        found = self._found if self._found is not None else RuntimeError("The coach did not run.")
        return _report(self.data, self.today, found)
