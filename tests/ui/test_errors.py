"""One handler for unexpected exceptions: a dialog with details, a log file, the app goes on."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from okr_studio import services
from okr_studio.errors import EditRefused
from okr_studio.store import Workshop
from ui import errors


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    path = tmp_path / "data" / errors.LOG_NAME
    monkeypatch.setattr(errors, "log_path", lambda: path)
    for handler in list(errors.log.handlers):
        errors.log.removeHandler(handler)
    errors.setup_logging()
    yield path
    for handler in list(errors.log.handlers):
        handler.close()
        errors.log.removeHandler(handler)


@pytest.fixture
def hooks():  # type: ignore[no-untyped-def]
    before = sys.excepthook, threading.excepthook
    errors.install()
    yield
    sys.excepthook, threading.excepthook = before
    errors.set_recovery(None)


def _raise(exc: BaseException):  # type: ignore[no-untyped-def]
    try:
        raise exc
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def test_unexpected_error_is_logged_shown_with_details_and_recovered(log_file, answers, qtbot):
    recovered = []
    errors.set_recovery(lambda: recovered.append(True))
    answers.add("show_unexpected", None)
    try:
        errors.handle(*_raise(ZeroDivisionError("division by zero")))
    finally:
        errors.set_recovery(None)
    ((_, args, _),) = [c for c in answers.calls if c[0] == "show_unexpected"]
    _parent, message, details = args
    assert "Your workshop is safe" in message
    assert "Traceback" not in message
    assert "ZeroDivisionError: division by zero" in details
    assert "Traceback (most recent call last)" in details
    assert recovered == [True]
    for handler in errors.log.handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "Unexpected error" in logged and "ZeroDivisionError" in logged


def test_an_error_with_a_message_for_people_is_shown_as_it_is(log_file, answers):
    answers.add("show_unexpected", None)
    errors.handle(*_raise(EditRefused("That key result belongs to another team.")))
    message = answers.calls[-1][1][1]
    assert message == "That key result belongs to another team."


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_handler(log_file, hooks, answers, qtbot):
    answers.add("show_unexpected", None)

    def broken_slot() -> None:
        raise RuntimeError("a slot failed")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: any(c[0] == "show_unexpected" for c in answers.calls), timeout=3000)
    details = answers.calls[-1][1][2]
    assert "RuntimeError: a slot failed" in details


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_thread_is_shown_in_the_gui_thread(
    log_file, hooks, answers, qtbot
):
    seen_in: list[threading.Thread] = []
    answers.add("show_unexpected", lambda *a: seen_in.append(threading.current_thread()))

    def work() -> None:
        raise ValueError("the worker failed")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen_in), timeout=3000)
    assert seen_in == [threading.main_thread()]


def test_the_window_reads_the_file_again_after_an_unexpected_error(window, answers, tmp_path):
    path = tmp_path / "r.okr"
    with Workshop.create(path) as ws:
        unit = services.add_unit(ws, "Acme", "company").subject[1]
        obj = services.add_objective(ws, unit, "Before").subject[1]
    window.open_path(path)
    doc = window.document
    # Another writer changes the file behind the window's back (e.g. a bug path
    # that skipped the change event): the screen is now out of step.
    con = sqlite3.connect(path)
    con.execute("UPDATE objective SET title='On disk' WHERE id=?", (obj,))
    con.commit()
    con.close()
    assert doc.data.objectives[obj].title == "Before"
    errors.set_recovery(window.recover)
    answers.add("show_unexpected", None)
    try:
        errors.handle(*_raise(RuntimeError("boom")))
    finally:
        errors.set_recovery(None)
    assert doc.data.objectives[obj].title == "On disk"
    assert window.outline.item_for(("objective", obj)).text(0) == "On disk"


def test_the_same_failure_again_right_away_is_logged_not_shown_again(log_file, answers):
    answers.add("show_unexpected", None)

    def paint() -> None:
        raise ValueError("a card could not be drawn")

    for _ in range(5):  # e.g. every repaint of a broken item
        try:
            paint()
        except ValueError as exc:
            errors.handle(type(exc), exc, exc.__traceback__)
    assert [c[0] for c in answers.calls] == ["show_unexpected"]
    for handler in errors.log.handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("ValueError: a card could not be drawn") == 5


def test_keyboard_interrupt_is_not_shown_as_an_error(answers, log_file):
    errors.handle(*_raise(KeyboardInterrupt()))
    assert answers.calls == []


def test_logging_survives_an_unwritable_folder(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(errors, "log_path", lambda: blocker / "sub" / errors.LOG_NAME)
    saved = list(errors.log.handlers)
    for handler in saved:
        errors.log.removeHandler(handler)
    try:
        assert errors.setup_logging() is None
    finally:
        for handler in saved:
            errors.log.addHandler(handler)
    assert logging.getLogger("okr_studio") is errors.log
