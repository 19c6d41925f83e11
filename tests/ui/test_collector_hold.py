"""Python's cycle collector while a workshop opens (ui.memory.hold_collector): off from
the start of the opening until the canvas first paints it, then on again; never left
off, never turned on behind the back of whoever turned it off."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from okr_studio.sample import write_sample
from okr_studio.store import Workshop
from ui import memory
from ui.canvas import CanvasView
from ui.document import Document


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Every test starts and ends with the collector on."""
    memory.settle_collector()
    gc.enable()
    yield
    memory.settle_collector()
    gc.enable()


def _paint(view: CanvasView) -> None:
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    view.viewport().render(image)


def test_off_while_the_canvas_lays_out_and_on_after_its_first_paint(qtbot, tmp_path, document):
    doc = document(write_sample(tmp_path / "s.okr"))
    view = CanvasView(doc)
    qtbot.addWidget(view)
    assert not gc.isenabled()  # laid out, not yet painted
    view.resize(800, 600)
    _paint(view)
    assert not gc.isenabled()  # not in the middle of the paint: from the event loop
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    assert gc.get_freeze_count() == 0  # nothing kept out of its walks (see hold_collector)


def test_the_collector_runs_once_from_the_event_loop_when_the_hold_ends(qtbot, tmp_path, document):
    """Garbage made while it was held (here a dropped widget in a reference cycle) is
    freed by one collection from the event loop, not at some later allocation that may
    be inside an event Qt delivers to that very widget."""
    doc = document(write_sample(tmp_path / "s.okr"))
    dropped = QWidget()
    dropped.cycle = dropped  # type: ignore[attr-defined]  # freed only by the collector
    gone = []
    dropped.destroyed.connect(lambda *_: gone.append(True))
    gc.collect()  # an old object by now: only a full collection looks at it again
    view = CanvasView(doc)
    qtbot.addWidget(view)
    assert not gc.isenabled()
    del dropped  # dropped while the collector is held
    assert not gone
    view.resize(800, 600)
    _paint(view)
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    assert gone  # collected when the hold ended


def test_a_second_workshop_is_held_again_until_painted(qtbot, tmp_path, document):
    first = document(write_sample(tmp_path / "a.okr"))
    second = document(write_sample(tmp_path / "b.okr"))
    view = CanvasView(first)
    qtbot.addWidget(view)
    view.resize(800, 600)
    _paint(view)
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    view.set_document(second)
    assert not gc.isenabled()
    _paint(view)
    qtbot.waitUntil(gc.isenabled, timeout=2000)


def test_a_canvas_that_never_paints_gives_the_collector_back(
    qtbot, tmp_path, document, monkeypatch
):
    monkeypatch.setattr(memory, "HOLD_LIMIT_MS", 50)
    doc = document(write_sample(tmp_path / "s.okr"))
    view = CanvasView(doc)  # never shown
    qtbot.addWidget(view)
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled, timeout=2000)


def test_a_collector_turned_off_elsewhere_stays_off(qtbot, tmp_path, document):
    gc.disable()  # as the app does until its window's first paint (ui.app)
    doc = document(write_sample(tmp_path / "s.okr"))
    view = CanvasView(doc)
    qtbot.addWidget(view)
    view.resize(800, 600)
    _paint(view)
    assert not gc.isenabled()


def test_a_file_that_cannot_open_leaves_the_collector_on(window, answers, tmp_path):
    bad = tmp_path / "broken.okr"
    bad.write_bytes(b"not a workshop" * 100)
    answers.add("show_error", None)
    assert not window.open_path(bad)
    assert gc.isenabled()


def test_opening_in_the_window_holds_until_the_canvas_paints(qtbot, window, tmp_path):
    path = write_sample(tmp_path / "s.okr")
    assert window.open_path(path)
    assert not gc.isenabled()  # read, laid out, not painted yet
    qtbot.waitUntil(gc.isenabled, timeout=3000)  # the window shows it and paints
    assert isinstance(window.document.workshop, Workshop)
    assert isinstance(window.document, Document)
