"""SIGTERM and SIGINT quit the app cleanly: the workshop closed, its lock removed.

A logout or a process manager ends the app with SIGTERM, a terminal with
SIGINT (Ctrl+C). The app must quit as File → Quit does, not die with the lock
left behind. Tested on a real process, and in-process for a signal that
arrives while a question is open.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from okr_studio.lock import lock_path
from tests.ui.faults_env import rows, small_workshop
from ui.app import _quit_on_signals


def _wait_for(predicate, timeout: float = 90.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_quits_the_app_and_removes_the_lock(tmp_path: Path, number: int) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = small_workshop(home / "offsite.okr")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.update(XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "okr_studio", str(path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert _wait_for(lambda: lock_path(path).exists() or proc.poll() is not None)
        assert proc.poll() is None, proc.communicate()[1]
        time.sleep(0.5)  # into the event loop, painting
        proc.send_signal(number)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert not lock_path(path).exists()
    assert sorted(p.name for p in home.iterdir()) == ["offsite.okr"]  # nothing half-written
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(path, "SELECT count(*) FROM objective") == [(2,)]


def test_a_signal_while_a_question_is_open_cancels_it_and_closes_the_workshop(
    window, qtbot, tmp_path: Path
) -> None:
    path = small_workshop(tmp_path / "offsite.okr")
    assert window.open_path(path)
    assert lock_path(path).exists()

    class App:
        quits = 0

        def quit(self) -> None:
            self.quits += 1

    app = App()
    restore = _quit_on_signals(app, window)
    try:
        box = QMessageBox(
            QMessageBox.Icon.Question, "Delete?", "Delete the objective?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, window,
        )  # fmt: skip
        QTimer.singleShot(100, lambda: os.kill(os.getpid(), signal.SIGTERM))
        box.exec()
        qtbot.waitUntil(lambda: app.quits == 1, timeout=10_000)
    finally:
        restore()
    assert box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes)  # not agreed to
    assert window.document is None
    assert not lock_path(path).exists()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()
