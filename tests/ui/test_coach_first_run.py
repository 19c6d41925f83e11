"""A file's first coach run does not hold the window: it runs in a thread after the first
paint, and its report is published only if the workshop is still the one it checked."""

from __future__ import annotations

import threading
import time
from itertools import pairwise

from okr_studio import coach, services
from tests.ui.faults_env import small_workshop
from ui.canvas.badges import badges_for


def _slow_coach(monkeypatch, seconds: float) -> list[str]:  # type: ignore[no-untyped-def]
    """The coach, slowed down; each call notes the thread it ran in."""
    real = coach.recheck
    threads: list[str] = []

    def slow(previous, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        time.sleep(seconds)
        return real(previous, data, *args, **kwargs)

    monkeypatch.setattr(coach, "recheck", slow)
    return threads


def test_the_window_keeps_working_while_the_first_run_checks(canvas, qtbot, tmp_path,
                                                              monkeypatch):  # fmt: skip
    threads = _slow_coach(monkeypatch, 1.0)
    doc, view = canvas(small_workshop(tmp_path / "slow.okr"))
    ticks = []
    timer_started = time.perf_counter()
    qtbot.waitUntil(lambda: bool(threads), timeout=3000)  # the run has begun
    while time.perf_counter() - timer_started < 0.6:
        qtbot.wait(20)
        ticks.append(time.perf_counter())
    # The event loop turned all along (a blocking run would have held it for a second).
    gaps = [b - a for a, b in pairwise(ticks)]
    assert doc.fresh_report is None and max(gaps) < 0.5
    assert threads == ["okr-studio coach"]
    qtbot.waitUntil(lambda: doc.fresh_report is not None, timeout=5000)
    report = doc.fresh_report
    assert report is not None and report.data is doc.data and report.findings
    assert view.canvas_scene.badges == badges_for(doc.data, report.findings)
    assert len(threads) == 1  # published once, never checked again on the event loop


def test_an_edit_during_the_first_run_is_checked_in_its_place(canvas, qtbot, tmp_path,
                                                              monkeypatch):  # fmt: skip
    threads = _slow_coach(monkeypatch, 0.6)
    doc, view = canvas(small_workshop(tmp_path / "edit.okr"))
    qtbot.waitUntil(lambda: bool(threads), timeout=3000)
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Customers adore us"))
    qtbot.waitUntil(lambda: doc.fresh_report is not None, timeout=5000)
    qtbot.wait(800)  # the first run has ended meanwhile: it must not replace the report
    report = doc.fresh_report
    assert report is not None and report.data is doc.data
    assert doc.data.objectives[obj].title == "Customers adore us"
    assert view.canvas_scene.badges == badges_for(doc.data, report.findings)
