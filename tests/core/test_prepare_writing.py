"""Writing may be prepared in another thread (the UI does, after opening a file): SQLAlchemy
is loaded without the workshop's guard held, so the file can be read meanwhile and a thread
that wants the guard never waits for that import; a workshop closed meanwhile gets no engine
and nothing is raised."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from okr_studio import connect, services
from okr_studio.sample import write_sample
from okr_studio.store import Workshop


class SlowLoad:
    """``connect.load_writer``, held in the thread named "writer" until released; another
    caller meanwhile waits for it, as Python's import lock makes it wait."""

    def __init__(self, real: Callable[[], None]) -> None:
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()
        self.importing = threading.Lock()  # stands for the import lock
        self.callers: list[str] = []

    def __call__(self) -> None:
        self.callers.append(threading.current_thread().name)
        with self.importing:
            if threading.current_thread().name == "writer":
                self.started.set()
                assert self.release.wait(30), "never released"
            self.real()


@pytest.fixture
def slow_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowLoad]:
    slow = SlowLoad(connect.load_writer)
    monkeypatch.setattr(connect, "load_writer", slow)
    yield slow
    slow.release.set()


def _in_thread(call: Callable[[], None]) -> tuple[threading.Thread, list[BaseException]]:
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=run, name="writer", daemon=True)
    thread.start()
    return thread, raised


def test_the_file_is_read_while_another_thread_loads_the_writer(tmp_path: Path, slow_load):
    ws = Workshop.open(write_sample(tmp_path / "s.okr"))
    try:
        thread, raised = _in_thread(ws.prepare_writing)
        assert slow_load.started.wait(30)
        # The loading thread does not hold the guard: reads go on meanwhile.
        assert ws._conn_guard.acquire(blocking=False)
        ws._conn_guard.release()
        assert ws.snapshot().units and ws.data_version() >= 0
        slow_load.release.set()
        thread.join(30)
        assert not thread.is_alive() and not raised
        assert ws.writing_prepared
        unit = min(ws.snapshot().units)
        # The listeners the thread registered run in this thread now.
        services.rename_unit(ws, unit, "Renamed here")
        assert ws.snapshot().units[unit].name == "Renamed here"
    finally:
        ws.close()


def test_a_write_while_the_writer_loads_waits_for_it(tmp_path: Path, slow_load):
    ws = Workshop.open(write_sample(tmp_path / "s.okr"))
    slow_load.callers.clear()
    try:
        thread, raised = _in_thread(ws.prepare_writing)
        assert slow_load.started.wait(30)
        threading.Timer(0.2, slow_load.release.set).start()
        unit = min(ws.snapshot().units)
        services.rename_unit(ws, unit, "First edit")  # waits for the load, then writes
        thread.join(30)
        assert not thread.is_alive() and not raised
        assert slow_load.callers[:2] == ["writer", "MainThread"]  # the edit came second
        assert len(ws._engines) == 1  # one engine, whoever made it
        assert ws.snapshot().units[unit].name == "First edit"
    finally:
        ws.close()


def test_a_workshop_closed_while_the_writer_loads_gets_no_engine(tmp_path: Path, slow_load):
    ws = Workshop.open(write_sample(tmp_path / "s.okr"))
    thread, raised = _in_thread(ws.prepare_writing)
    assert slow_load.started.wait(30)
    ws.close()
    slow_load.release.set()
    thread.join(30)
    assert not thread.is_alive() and not raised
    assert not ws.writing_prepared
    ws.prepare_writing()  # closed: nothing to do, nothing raised


def test_a_read_only_workshop_prepares_no_writing(tmp_path: Path):
    with Workshop.open(write_sample(tmp_path / "s.okr"), read_only=True) as ws:
        ws.prepare_writing()
        assert not ws.writing_prepared
        assert ws.snapshot().units
