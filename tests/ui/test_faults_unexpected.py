"""Unexpected errors: whatever escapes a slot or a Qt override reaches ui/errors.py's handler.

The handler is installed as the app installs it (``errors.install``, the main
window as parent and recovery). Exceptions are raised for real inside a timer
callback, a signal handler, a worker thread, and Qt overrides of the canvas
(keyPressEvent, a card's paint) delivered by the event loop. Each time: one
dialog with a plain message and the details (the traceback) to copy; the
traceback in the log file in the user's data folder; the app keeps running,
its screen matches the file, and the next edit works.

pytest-qt's own exception capture is switched off here: it would otherwise
catch these exceptions before the app's handler sees them.
"""

from __future__ import annotations

import logging.handlers
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from okr_studio import services
from tests.ui.faults_env import rows, small_workshop
from ui import errors

pytestmark = pytest.mark.qt_no_exception_capture


def _drop_log_handlers() -> None:
    for handler in list(errors.log.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            errors.log.removeHandler(handler)
            handler.close()


@pytest.fixture
def app_handler(window, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """The app's error handler, installed as run_app does; yields the log file."""
    log_file = tmp_path / "data" / errors.LOG_NAME
    monkeypatch.setattr(errors, "log_path", lambda: log_file)
    _drop_log_handlers()
    errors.install()
    errors.set_recovery(window.recover)
    errors.set_parent_provider(lambda: window)
    try:
        yield log_file
    finally:
        errors.uninstall()
        errors.set_recovery(None)
        errors.set_parent_provider(None)
        _drop_log_handlers()


@pytest.fixture
def opened(window, tmp_path):  # type: ignore[no-untyped-def]
    path = small_workshop(tmp_path / "offsite.okr")
    assert window.open_path(path)
    return path


def _wait_for_dialog(qtbot, answers, count: int = 1):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: sum(c[0] == "show_unexpected" for c in answers.calls) >= count, timeout=5000
    )
    calls = [c for c in answers.calls if c[0] == "show_unexpected"]
    return calls[count - 1][1]  # (parent, message, details)


def _check_reported(window, log_file: Path, parent, message, details, where: str, what: str):  # type: ignore[no-untyped-def]
    assert parent is window
    assert message.startswith("Something unexpected went wrong, and that action did not finish.")
    assert "Your workshop is safe" in message
    assert what in message
    assert "Traceback" not in message  # the traceback is in the details, not the message
    assert details.startswith("OKR Studio ")
    assert "Traceback (most recent call last)" in details
    assert where in details and what in details
    logged = log_file.read_text(encoding="utf-8")
    assert "ERROR okr_studio: Unexpected error" in logged
    assert "Traceback (most recent call last)" in logged
    assert where in logged and what in logged


def _still_consistent_and_editable(window, path: Path) -> None:
    doc = window.document
    assert doc.data == doc.workshop.snapshot()
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Still working"))
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Still working",)]
    assert doc.data == doc.workshop.snapshot()


def test_the_log_lives_in_the_users_data_folder():
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert errors.log_path() == Path(folder) / "okr-studio.log"


def test_an_error_in_a_timer_callback(window, answers, qtbot, app_handler, opened):
    def tidy_up_later() -> None:
        raise RuntimeError("the tidy-up went wrong")

    answers.add("show_unexpected", None)
    QTimer.singleShot(0, tidy_up_later)
    parent, message, details = _wait_for_dialog(qtbot, answers)
    _check_reported(
        window, app_handler, parent, message, details, "tidy_up_later", "the tidy-up went wrong"
    )
    _still_consistent_and_editable(window, opened)


def test_an_error_in_a_signal_handler_after_an_edit_committed(
    window, answers, qtbot, app_handler, opened
):
    """A listener fails after the edit was committed: the edit stays, with its undo step."""
    doc = window.document

    def fussy_listener(_event) -> None:  # type: ignore[no-untyped-def]
        raise ValueError("the listener choked")

    doc.changed.connect(fussy_listener)
    company = doc.data.root_units()[0].id
    doc.select(("unit", company))
    answers.add("ask_text", "Customer Care").add("show_unexpected", None)
    window.acts.insert_unit.trigger()
    parent, message, details = _wait_for_dialog(qtbot, answers)
    _check_reported(
        window, app_handler, parent, message, details, "fussy_listener", "the listener choked"
    )
    doc.changed.disconnect(fussy_listener)
    assert rows(opened, "SELECT count(*) FROM unit WHERE name='Customer Care'") == [(1,)]
    assert doc.undo_stack.count() == 1
    assert any(u.name == "Customer Care" for u in doc.data.units.values())
    # The canvas shows it too: the window re-read the file after the dialog.
    assert doc.data == doc.workshop.snapshot()
    window.acts.undo.trigger()
    assert rows(opened, "SELECT count(*) FROM unit WHERE name='Customer Care'") == [(0,)]
    _still_consistent_and_editable(window, opened)


def test_an_error_in_the_canvas_key_handler(
    window, answers, qtbot, app_handler, opened, monkeypatch
):
    from ui.canvas import keys

    def handle_key(view, event):  # type: ignore[no-untyped-def]
        raise KeyError("no such key binding")

    monkeypatch.setattr(keys, "handle_key", handle_key)
    answers.add("show_unexpected", None)
    # Home: a key only the canvas handles (F2 is the window's Rename now that opening a
    # file selects its first card)
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier)
    QApplication.postEvent(window.canvas, event)  # delivered by the event loop, as typing is
    parent, message, details = _wait_for_dialog(qtbot, answers)
    _check_reported(
        window, app_handler, parent, message, details, "keyPressEvent", "no such key binding"
    )
    monkeypatch.undo()
    _still_consistent_and_editable(window, opened)


def test_an_error_while_painting_the_canvas_legend(window, answers, qtbot, app_handler, opened):
    """Bad data reaching a paintEvent (a legend entry that is not text) fails inside Qt's paint."""
    legend = window.canvas.legend
    legend.entries = [(0, 42)]  # drawText(…, 42) raises TypeError inside paintEvent
    answers.add("show_unexpected", None)
    legend.update()
    parent, message, details = _wait_for_dialog(qtbot, answers)
    _check_reported(window, app_handler, parent, message, details, "paintEvent", "TypeError")
    # The window re-read the file after the dialog, which rebuilt the legend: painting works.
    assert all(isinstance(name, str) for _depth, name in legend.entries)
    legend.repaint()
    qtbot.wait(50)
    assert sum(c[0] == "show_unexpected" for c in answers.calls) == 1
    _still_consistent_and_editable(window, opened)


def test_an_error_in_a_worker_thread(window, answers, qtbot, app_handler, opened):
    def count_in_background() -> None:
        raise OSError("the background count failed")

    answers.add("show_unexpected", None)
    worker = threading.Thread(target=count_in_background, name="counter")
    worker.start()
    worker.join()
    parent, message, details = _wait_for_dialog(qtbot, answers)
    _check_reported(
        window, app_handler, parent, message, details,
        "count_in_background", "the background count failed",
    )  # fmt: skip
    _still_consistent_and_editable(window, opened)


def test_an_error_in_the_handlers_own_recovery_is_logged_not_raised(
    window, answers, qtbot, app_handler, opened, monkeypatch
):
    """Even if re-reading the file fails, the handler does not raise: the failure is logged."""

    def broken_reload() -> None:
        raise RuntimeError("reload broke too")

    monkeypatch.setattr(window.document, "reload", broken_reload)
    answers.add("show_unexpected", None)
    QTimer.singleShot(0, lambda: 1 / 0)
    _wait_for_dialog(qtbot, answers)
    qtbot.waitUntil(lambda: "reload broke too" in app_handler.read_text(encoding="utf-8"))
    assert "The error handler itself failed" in app_handler.read_text(encoding="utf-8")
    monkeypatch.undo()
    _still_consistent_and_editable(window, opened)


CRASHING_APP = """
import faulthandler, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from ui import errors
from ui.app import make_application
from ui.main_window import MainWindow

app = make_application(["okr-studio"])
errors.install()
window = MainWindow()
window.show()
window.open_path(Path(sys.argv[1]))
print(errors.log_path(), flush=True)

def fault_inside_qt():
    faulthandler._sigsegv()  # what a fault in a Qt library does: no exception, the process dies

QTimer.singleShot(100, fault_inside_qt)
app.exec()
"""


def test_a_hard_crash_leaves_its_traceback_in_the_crash_log(tmp_path):
    """A fault that kills the process (no handler can run) still leaves a trace on disk."""
    import os
    import subprocess
    import sys

    path = small_workshop(tmp_path / "offsite.okr")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(path)],
        capture_output=True, text=True, timeout=120, env=env,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert result.returncode != 0
    log_file = Path(result.stdout.strip().splitlines()[0])
    assert log_file.is_relative_to(tmp_path / "data")
    crash = (log_file.parent / errors.CRASH_LOG_NAME).read_text(encoding="utf-8")
    assert crash.startswith("--- OKR Studio ")
    assert "Fatal Python error: Segmentation fault" in crash
    assert "fault_inside_qt" in crash
    # The workshop is whole: every committed change is in it, and it opens for editing.
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    from okr_studio.store import Workshop

    with Workshop.open(path) as again:  # the dead copy's lock is taken over
        assert len(again.snapshot().key_results) == 2


def _broken_rule(data, unit):  # type: ignore[no-untyped-def]
    raise ZeroDivisionError("the rule divided by zero")


def test_a_coach_rule_that_raises_reaches_the_handler_not_the_void(answers, qtbot, tmp_path,
                                                                  monkeypatch):  # fmt: skip
    """The canvas alone (its badges): the rule's failure is reported, not swallowed."""
    from okr_studio import coach
    from okr_studio.store import Workshop
    from ui.canvas import CanvasView
    from ui.document import Document

    path = small_workshop(tmp_path / "rules.okr")
    doc = Document(Workshop.open(path))
    view = CanvasView(doc)
    qtbot.addWidget(view)
    try:
        qtbot.waitUntil(lambda: doc.fresh_report is not None)
        assert view.canvas_scene.badges  # the coach works: badges on the cards
        monkeypatch.setattr(coach.incremental, "unit_findings", _broken_rule)
        answers.add("show_unexpected", None)
        obj = next(iter(doc.data.objectives))
        doc.execute(lambda ws: services.update_objective(ws, obj, title="Customers adore us"))
        _parent, message, details = _wait_for_dialog(qtbot, answers)
        assert "ZeroDivisionError: the rule divided by zero" in message
        assert "_broken_rule" in details and "coach" in details
        report = doc.fresh_report
        assert report is not None and report.failed and report.findings == ()
        assert view.canvas_scene.badges == {}  # no stale badges left from before
    finally:
        view.close()
        doc.close()


def test_a_coach_rule_that_raises_in_the_app(window, answers, qtbot, app_handler, opened,
                                             monkeypatch):  # fmt: skip
    """In the app: one dialog, the traceback in the log, the status bar says the coach
    could not check, and the app carries on (the coach works again once the rule does)."""
    from okr_studio import coach

    monkeypatch.setattr(coach.incremental, "unit_findings", _broken_rule)
    answers.add("show_unexpected", None)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Customers adore us"))
    parent, message, details = _wait_for_dialog(qtbot, answers)
    _check_reported(
        window, app_handler, parent, message, details, "_broken_rule", "the rule divided by zero"
    )
    qtbot.waitUntil(lambda: "could not be checked" in window.status.coach_button.text())
    assert window.coach_dock.view.leaves() == []
    qtbot.wait(300)  # the re-read file was checked again: logged, not shown a second time
    assert sum(c[0] == "show_unexpected" for c in answers.calls) == 1
    monkeypatch.setattr(coach.incremental, "unit_findings", coach.rules_tree.unit_findings)
    _still_consistent_and_editable(window, opened)
    qtbot.waitUntil(lambda: "warning" in window.status.coach_button.text())
