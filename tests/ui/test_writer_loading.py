"""After a file opens, SQLAlchemy (the writer) is loaded in a thread of its own, never on
the event loop: there, alongside the coach's first run, it held the window for seconds on
a large file. An edit made before it is loaded waits for it and works; a document closed
meanwhile leaves no engine behind; a read-only one loads nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from okr_studio import connect
from tests.ui.faults_env import rows, small_workshop
from ui.document_runs import LOADING_SWITCH_S

#: Opens a file as the app does (a document, its follow-up started) in a fresh process,
#: noting which thread imports SQLAlchemy; then edits, at once ("now") or once the
#: engine is made ("later").
DRIVER = """
import os, sys, threading, time
from PySide6.QtWidgets import QApplication

importers = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "sqlalchemy":
            importers.append(threading.current_thread().name)
        return None

sys.meta_path.insert(0, Watch())
app = QApplication(["test"])
from okr_studio import services
from okr_studio.store import Workshop
from ui.document import Document

def turn(done):
    end = time.monotonic() + 60
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.002)

doc = Document(Workshop.open(sys.argv[1]))
if sys.argv[2] == "now":
    turn(lambda: bool(importers))  # the writer's thread has begun importing
else:
    turn(lambda: doc.workshop.writing_prepared)
obj = min(doc.data.objectives)
doc.execute(lambda ws: services.update_objective(ws, obj, title="Edited at once"))
print("IMPORTERS", ",".join(importers))
print("EDITED", doc.data.objectives[obj].title)
doc.close()
"""


def _open_and_edit(path: Path, when: str) -> tuple[list[str], str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(path), when],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if " " in line)
    assert proc.stderr == ""  # nothing printed from the thread either
    return lines["IMPORTERS"].split(","), lines["EDITED"]


def test_the_writer_is_loaded_in_its_own_thread_after_opening(tmp_path):
    path = small_workshop(tmp_path / "thread.okr")
    importers, edited = _open_and_edit(path, "later")
    assert importers == ["okr-studio writer"]  # not the event loop's thread
    assert edited == "Edited at once"
    assert ("Edited at once",) in rows(path, "SELECT title FROM objective")


def test_an_edit_while_the_writer_loads_waits_for_it(tmp_path):
    path = small_workshop(tmp_path / "now.okr")
    importers, edited = _open_and_edit(path, "now")
    assert importers[0] == "okr-studio writer"
    assert edited == "Edited at once"
    assert ("Edited at once",) in rows(path, "SELECT title FROM objective")


@pytest.fixture
def held_writer(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The writer not loaded yet, and its loading held until the event is set."""
    release = threading.Event()
    real = connect.load_writer

    def held() -> None:
        if threading.current_thread().name == "okr-studio writer":
            release.wait(30)
        real()

    monkeypatch.setattr(connect, "writer_loaded", lambda: False)
    monkeypatch.setattr("ui.document_runs.writer_loaded", lambda: False)
    monkeypatch.setattr(connect, "load_writer", held)
    yield release
    release.set()


def test_a_document_closed_while_the_writer_loads(document, qtbot, tmp_path, held_writer):
    interval = sys.getswitchinterval()
    doc = document(small_workshop(tmp_path / "closed.okr"))
    qtbot.waitUntil(lambda: doc.writer_thread is not None, timeout=5000)
    thread = doc.writer_thread
    assert thread is not None and thread.is_alive()
    assert sys.getswitchinterval() == min(LOADING_SWITCH_S, interval)  # while it loads
    doc.close()  # returns at once: the loading thread holds nothing the close needs
    held_writer.set()
    thread.join(30)
    assert not thread.is_alive()
    assert not doc.workshop.writing_prepared  # no engine for a closed workshop
    assert sys.getswitchinterval() == interval


def test_a_read_only_document_loads_no_writer(document, qtbot, tmp_path, held_writer):
    doc = document(small_workshop(tmp_path / "ro.okr"), read_only=True)
    edited = document(small_workshop(tmp_path / "rw.okr"))
    qtbot.waitUntil(lambda: edited.writer_thread is not None, timeout=5000)
    assert doc.writer_thread is None and not doc.workshop.writing_prepared
