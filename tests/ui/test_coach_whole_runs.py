"""Every run of every rule happens in a thread, not only a file's first: other weeks for
an old check-in and a new day leave the window working, the views keep the last report
until the new one is published, and an edit made meanwhile is re-checked from the new
run, so the findings published last are those of a whole check of the final data."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest

from okr_studio import coach, services
from okr_studio.numbers import locale_of
from tests.ui.coach_dates import TODAY, with_old_check_in
from tests.ui.faults_env import small_workshop
from ui.document import COACH_DELAY_MS, CoachReport, Document

THREAD = "okr-studio coach"


class Gate:
    """The coach, held in its thread until the test lets it go; notes every call as
    (thread name, whether it started from an earlier run)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.open.set()
        self.calls: list[tuple[str, bool]] = []
        real = coach.recheck

        def held(previous, data, *args, **kwargs):  # type: ignore[no-untyped-def]
            name = threading.current_thread().name
            self.calls.append((name, previous is not None))
            if name == THREAD:
                self.open.wait(10)
            return real(previous, data, *args, **kwargs)

        monkeypatch.setattr(coach, "recheck", held)

    def whole_runs(self) -> int:
        return sum(1 for name, _from in self.calls if name == THREAD)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    return Gate(monkeypatch)


def _opened(document, qtbot, tmp_path) -> tuple[Document, list[CoachReport], int]:  # type: ignore[no-untyped-def]
    """A workshop with a check-in 4 weeks and a day old (old after 3 weeks, not after 6),
    its first report published; the reports published from then on; the key result."""
    doc = document(small_workshop(tmp_path / "whole.okr"))
    kr = with_old_check_in(doc)
    qtbot.waitUntil(lambda: doc.fresh_report is not None, timeout=5000)
    published: list[CoachReport] = []
    doc.findingsChanged.connect(published.append)
    return doc, published, kr


def _whole_check(doc: Document, weeks: int, today: dt.date | None = TODAY) -> list[coach.Finding]:
    return coach.check(doc.data, locale_of().language, today=today, stale_weeks=weeks)


def _stale(report: CoachReport) -> set[int]:
    return {f.item_id for f in report.findings if f.code == "KR_STALE_CHECK_IN"}


def _held_run(qtbot, gate: Gate, start: Callable[[], None]) -> None:  # type: ignore[no-untyped-def]
    """Start a whole run held in its thread; returns once the thread is in it."""
    gate.open.clear()
    runs = gate.whole_runs()
    start()
    qtbot.waitUntil(lambda: gate.whole_runs() > runs, timeout=3000)


def test_other_weeks_are_checked_in_a_thread_and_published_when_ready(
    document, qtbot, tmp_path, gate
):  # type: ignore[no-untyped-def]
    doc, published, kr = _opened(document, qtbot, tmp_path)
    before = doc.fresh_report
    assert before is not None and _stale(before) == {kr}
    gate.calls.clear()
    _held_run(qtbot, gate, lambda: doc.set_stale_weeks(6))
    qtbot.wait(3 * COACH_DELAY_MS)  # the event loop turns while the thread checks
    assert gate.calls == [(THREAD, False)]  # every rule, from no earlier run
    assert published == [] and doc.fresh_report is None  # the last report stays shown
    gate.open.set()
    qtbot.waitUntil(lambda: bool(published), timeout=5000)
    report = published[-1]
    assert report is doc.fresh_report and report.data is doc.data
    assert report.stale_weeks == 6 and report.changed is None
    assert list(report.findings) == _whole_check(doc, 6)
    assert _stale(report) == set()
    qtbot.wait(3 * COACH_DELAY_MS)
    assert len(published) == 1 and gate.calls == [(THREAD, False)]  # run once


def test_an_edit_during_a_whole_run_is_rechecked_from_it(document, qtbot, tmp_path, gate):  # type: ignore[no-untyped-def]
    doc, published, kr = _opened(document, qtbot, tmp_path)
    gate.calls.clear()
    _held_run(qtbot, gate, lambda: doc.set_stale_weeks(6))
    obj = min(doc.data.objectives)
    doc.execute(lambda ws: services.update_key_result(ws, kr, title="Complete three tickets"))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Customers adore us"))
    qtbot.wait(3 * COACH_DELAY_MS)  # the edits' timer has fired: nothing is published yet
    assert published == [] and gate.whole_runs() == 1
    gate.open.set()
    qtbot.waitUntil(lambda: bool(published), timeout=5000)
    qtbot.wait(3 * COACH_DELAY_MS)
    # One report, on the data after both edits: the run's own (on the data before
    # them) is never published, and the edits are re-checked from it on the event loop.
    assert len(published) == 1
    report = published[0]
    assert report.data is doc.data and report is doc.fresh_report
    assert doc.data.key_results[kr].title == "Complete three tickets"
    assert list(report.findings) == _whole_check(doc, 6)
    assert ("KR_TASK_WORDING", kr) in {(f.code, f.item_id) for f in report.findings}
    assert gate.calls == [(THREAD, False), ("MainThread", True)]


def test_weeks_changed_again_during_a_run_publish_only_the_last(document, qtbot, tmp_path, gate):  # type: ignore[no-untyped-def]
    doc, published, kr = _opened(document, qtbot, tmp_path)
    gate.calls.clear()
    _held_run(qtbot, gate, lambda: doc.set_stale_weeks(6))
    doc.set_stale_weeks(2)
    qtbot.wait(3 * COACH_DELAY_MS)
    assert published == [] and gate.whole_runs() == 1  # the next waits for this one
    gate.open.set()
    qtbot.waitUntil(lambda: bool(published), timeout=5000)
    qtbot.wait(3 * COACH_DELAY_MS)
    assert [r.stale_weeks for r in published] == [2] and gate.whole_runs() == 2
    assert list(published[0].findings) == _whole_check(doc, 2)
    assert _stale(published[0]) == {kr}


def test_a_new_day_is_checked_in_a_thread(document, qtbot, tmp_path, gate):  # type: ignore[no-untyped-def]
    doc, published, _kr = _opened(document, qtbot, tmp_path)
    later = dt.date(2027, 4, 2)  # after the cycle's end: the closing rules speak
    gate.calls.clear()

    def next_day() -> None:
        doc.clock = lambda: later
        doc._check_day()

    _held_run(qtbot, gate, next_day)
    qtbot.wait(3 * COACH_DELAY_MS)
    assert published == [] and gate.calls == [(THREAD, False)]
    gate.open.set()
    qtbot.waitUntil(lambda: bool(published), timeout=5000)
    report = published[-1]
    assert report.day == later and list(report.findings) == _whole_check(doc, 3, later)
    assert {"OBJ_NO_ACTUAL_OUTCOME", "OBJ_NO_DECISION"} <= {f.code for f in report.findings}


def test_asking_for_the_findings_now_waits_for_the_run_under_way(document, qtbot, tmp_path, gate):  # type: ignore[no-untyped-def]
    doc, published, _kr = _opened(document, qtbot, tmp_path)
    gate.calls.clear()
    _held_run(qtbot, gate, lambda: doc.set_stale_weeks(6))
    release = threading.Timer(0.2, gate.open.set)
    release.start()
    report = doc.publish_findings()  # (the coach panel after accepting a finding)
    release.join()
    assert report.stale_weeks == 6 and published == [report]
    assert list(report.findings) == _whole_check(doc, 6)
    assert gate.calls == [(THREAD, False)]  # waited for, not run again


def test_the_status_bar_says_the_coach_is_checking_meanwhile(window, qtbot, tmp_path, gate):  # type: ignore[no-untyped-def]
    assert window.open_path(small_workshop(tmp_path / "status.okr"))
    doc, button = window.document, window.status.coach_button
    qtbot.waitUntil(lambda: doc.fresh_report is not None, timeout=5000)
    counts = button.text()
    assert counts.startswith("Coach:") and counts != "Coach: checking…"
    _held_run(qtbot, gate, lambda: doc.set_stale_weeks(6))
    assert button.text() == "Coach: checking…"
    gate.open.set()
    qtbot.waitUntil(lambda: doc.fresh_report is not None, timeout=5000)
    assert button.text() == counts  # (the small workshop has no check-ins to grow old)
    # Weeks changed and changed back during a run: the report shown is current again.
    _held_run(qtbot, gate, lambda: doc.set_stale_weeks(3))
    doc.set_stale_weeks(6)
    qtbot.wait(3 * COACH_DELAY_MS)
    gate.open.set()
    qtbot.waitUntil(lambda: button.text() != "Coach: checking…", timeout=5000)
    assert button.text() == counts and doc.fresh_report is not None
