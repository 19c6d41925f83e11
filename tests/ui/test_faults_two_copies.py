"""Two copies of the app on one file, and the lock a crashed copy left behind.

A second window of this process, or another process, holding the file: the
window says who edits it (user, computer, since when) and offers to open it
read-only; refusing opens nothing. A lock left by a copy that was killed is
taken over without a question, and the file opens for editing.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from okr_studio import lock as locks
from okr_studio import services
from okr_studio.errors import ReadOnlyError
from tests.ui.faults_env import rows, small_workshop
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from okr_studio import services
from okr_studio.errors import ReadOnlyError
from okr_studio.store import Workshop
ws = Workshop.open(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
services.rename_unit(ws, 1, "Renamed by the other copy")
print("edited", flush=True)
sys.stdin.readline()
ws.close()
"""


@pytest.fixture
def other_copy(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Start another process that opens a workshop for editing; yields (path, process)."""
    path = small_workshop(tmp_path / "shared.okr")
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield path, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return ""


def test_another_process_editing_the_file_is_named_and_read_only_offered(
    window, answers, other_copy
):
    path, proc = other_copy
    answers.add("confirm", True)
    assert window.open_path(path)
    [(_n, args, kwargs)] = [c for c in answers.calls if c[0] == "confirm"]
    title, message = args[1], args[2]
    assert title == "Workshop in use"
    assert message.startswith("“shared.okr” is being edited by ")
    info = locks.read_lock(path)
    assert info is not None and info.pid == proc.pid
    assert info.describe() in message  # user, computer, process and since when
    assert f"process {proc.pid}" in message and " since " in message
    assert socket.gethostname() in message or info.host in message
    if _user():
        assert _user() in message
    assert kwargs["ok_text"] == "Open Read-Only"
    assert "read-only" in kwargs["detail"]
    doc = window.document
    assert doc.read_only
    assert window.windowTitle() == "shared.okr — OKR Studio [read-only]"
    status = window.status.save_label.text()
    assert status.startswith("Read-only: ") and "is editing it" in status
    assert not window.acts.insert_unit.isEnabled()
    # The other copy keeps editing; its changes reach the file, ours cannot.
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "edited"
    assert rows(path, "SELECT name FROM unit WHERE id=1") == [("Renamed by the other copy",)]
    window.close_workshop()
    assert locks.read_lock(path).pid == proc.pid  # the read-only window left the lock alone


def test_refusing_read_only_opens_nothing(window, answers, other_copy):
    path, _proc = other_copy
    answers.add("confirm", False)
    assert not window.open_path(path)
    assert window.document is None
    assert window.stack.currentWidget() is window.welcome


def test_a_second_window_of_this_process(window, answers, qtbot, tmp_path):
    path = small_workshop(tmp_path / "twice.okr")
    assert window.open_path(path)
    second = MainWindow()
    qtbot.addWidget(second)
    try:
        answers.add("confirm", True)
        assert second.open_path(path)
        [question] = answers.texts("confirm")
        assert "“twice.okr” is already open for editing in this copy of OKR Studio" in question
        assert second.document.read_only and not window.document.read_only
        # The first window still edits; the second refuses.
        obj = next(iter(window.document.data.objectives))
        window.document.execute(lambda ws: services.update_objective(ws, obj, title="First"))
        assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("First",)]
        with pytest.raises(ReadOnlyError):
            second.document.execute(lambda ws: services.update_objective(ws, obj, title="Second"))
        assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("First",)]
    finally:
        second.close_workshop()
        second.close()


def test_a_stale_lock_from_a_killed_copy_is_taken_over_silently(window, answers, other_copy):
    path, proc = other_copy
    proc.kill()  # a crash: the lock file stays behind, naming a process that is gone
    proc.wait(timeout=30)
    stale = locks.read_lock(path)
    assert stale is not None and stale.pid == proc.pid
    assert not locks.pid_alive(proc.pid)

    assert window.open_path(path)  # no question asked
    assert answers.calls == []
    doc = window.document
    assert not doc.read_only
    assert window.windowTitle() == "shared.okr — OKR Studio"
    mine = json.loads(locks.lock_path(path).read_text())
    assert mine["pid"] == os.getpid()
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="After the crash"))
    assert rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("After the crash",)]
    window.close_workshop()
    assert not locks.lock_path(path).exists()
    assert sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".stale")) == []
