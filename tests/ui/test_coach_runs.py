"""The coach runs once per change, in the document; the canvas badges, the status bar
and the coach panel all show that one report."""

from __future__ import annotations

import pytest

from okr_studio import coach, services
from tests.ui.faults_env import small_workshop
from ui.canvas.badges import badges_for


@pytest.fixture
def runs(monkeypatch):  # type: ignore[no-untyped-def]
    """Every call of the coach's entry point, with the snapshot it checked."""
    calls: list[object] = []
    real = coach.recheck

    def counted(previous, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(data)
        return real(previous, data, *args, **kwargs)

    monkeypatch.setattr(coach, "recheck", counted)
    return calls


def _settled(qtbot, window, runs, count: int) -> None:  # type: ignore[no-untyped-def]
    """Wait for the coach's run, then long enough for any other (the views' delays)."""
    qtbot.waitUntil(lambda: len(runs) >= count, timeout=3000)
    qtbot.wait(600)
    doc = window.document
    report = doc.fresh_report
    assert report is not None and report.data is doc.data
    # The three views show this one report.
    assert window.status.findings == list(report.findings)
    assert window.coach_dock.view.findings == list(report.findings)
    assert window.canvas.canvas_scene.badges == badges_for(doc.data, report.findings)


def test_one_edit_runs_the_coach_once_for_every_view(window, qtbot, tmp_path, runs):
    path = small_workshop(tmp_path / "coach.okr")
    assert window.open_path(path)
    doc = window.document
    _settled(qtbot, window, runs, 1)
    assert len(runs) == 1  # opening the file: one run for the canvas, status bar and panel
    assert runs[-1] is doc.data

    runs.clear()
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Customers adore us"))
    _settled(qtbot, window, runs, 1)
    assert len(runs) == 1
    assert runs[0] is doc.data

    runs.clear()
    window.acts.undo.trigger()
    _settled(qtbot, window, runs, 1)
    assert len(runs) == 1


def test_filtering_the_panel_does_not_run_the_coach_again(window, qtbot, tmp_path, runs):
    path = small_workshop(tmp_path / "filter.okr")
    assert window.open_path(path)
    _settled(qtbot, window, runs, 1)
    runs.clear()
    view = window.coach_dock.view
    view.show_accepted.setChecked(True)
    view.severity.setCurrentIndex(1)
    view.filter_edit.setText("Acme")
    qtbot.wait(400)
    view.refresh()
    assert runs == []


def test_a_new_day_runs_the_coach_again_and_the_closing_rules_judge_on_it(
    window, qtbot, tmp_path, runs
):
    import datetime as dt

    path = small_workshop(tmp_path / "day.okr")  # a 2027 Q1 cycle with no check-ins
    assert window.open_path(path)
    doc = window.document
    doc.clock = lambda: dt.date(2027, 2, 1)
    doc._check_day()
    _settled(qtbot, window, runs, 1)
    assert doc.fresh_report.day == dt.date(2027, 2, 1)
    assert not {f.code for f in doc.fresh_report.findings} & {"KR_NO_CHECK_IN", "OBJ_NO_DECISION"}

    runs.clear()
    doc._check_day()  # the same day: nothing to do
    qtbot.wait(300)
    assert runs == []

    doc.clock = lambda: dt.date(2027, 4, 2)  # after the cycle's end
    assert doc.fresh_report is None
    doc._check_day()
    _settled(qtbot, window, runs, 1)
    assert len(runs) == 1
    codes = {f.code for f in doc.fresh_report.findings}
    assert {"KR_NO_CHECK_IN", "OBJ_NO_ACTUAL_OUTCOME", "OBJ_NO_DECISION"} <= codes
