"""The agenda in the console: items typed as "Breakouts 45", start / pause / next on a
fixed clock, the time left and the gentle overtime cue, the clock in the projected corner;
the timer's state is in the file and survives reopening, undo and redo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.canvas_build import rows
from tests.ui.wizard_build import build_workshop
from tests.ui.wizard_keys import type_text
from ui.agenda_panel import AgendaView, clock_texts, duration, split_item

K = Qt.Key
T0 = dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def wait(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


@pytest.fixture
def opened(window, tmp_path):
    path = tmp_path / "agenda.okr"
    build_workshop(path)
    assert window.open_path(path)
    clock = Clock()
    view: AgendaView = window.room.agenda_dock.view
    view.now = clock
    window.room.corner.now = clock
    return window, path, view, clock


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Breakouts 45", ("Breakouts", 45)),
        ("Plenary: 30 min", ("Plenary", 30)),
        ("Pause 15 Min.", ("Pause", 15)),
        ("Company objectives – 20m", ("Company objectives", 20)),
        ("Wrap-up", ("Wrap-up", 0)),
        ("2027 Q1 review 25", ("2027 Q1 review", 25)),
        ("45", ("45", 0)),
    ],
)
def test_an_item_typed_as_one_line(line, expected):
    assert split_item(line) == expected


def test_durations_read_as_a_clock():
    assert duration(65) == "1:05"
    assert duration(3725) == "1:02:05"
    assert duration(-30) == "0:30"


def test_the_agenda_runs_from_the_console(opened):
    window, path, view, clock = opened
    doc = window.document
    view.add_line.setFocus()
    for line in ("Company objectives 20", "Breakouts 45", "Plenary 30"):
        type_text(line, view.add_line)
        QTest.keyClick(view.add_line, K.Key_Return)
    assert rows(path, "SELECT title, planned_minutes FROM agenda_item ORDER BY position") == [
        ("Company objectives", 20), ("Breakouts", 45), ("Plenary", 30)
    ]  # fmt: skip
    assert view.what.text() == "Not started" and view.time.text() == "95 min planned"
    view.start_button.click()
    assert view.start_button.text() == "&Pause"
    clock.wait(5)
    view.tick()
    assert view.what.text() == "Company objectives"
    assert view.time.text() == "15:00 left"
    view.start_button.click()  # pause
    assert view.what.text() == "Company objectives (paused)"
    assert rows(
        path, "SELECT elapsed_seconds, running_since FROM agenda_item WHERE position=0"
    ) == [(300.0, "")]
    clock.wait(10)  # paused: no time counts
    view.start_button.click()
    clock.wait(17)
    view.tick()
    assert view.time.text() == "2:00 over"
    colour = view.time.palette().color(view.time.foregroundRole())
    from ui import theme

    assert colour == theme.current().warning, "a gentle cue: the warning colour, nothing more"
    view.next_button.click()
    assert view.what.text() == "Breakouts" and view.time.text() == "45:00 left"
    assert rows(path, "SELECT state FROM agenda_item ORDER BY position") == [
        ("done",), ("current",), ("waiting",)
    ]  # fmt: skip
    # every press is one undo step; undo takes the Next back
    assert doc.undo_stack.undoText() == "Next agenda item"
    window.undo()
    assert rows(path, "SELECT state FROM agenda_item ORDER BY position") == [
        ("current",), ("waiting",), ("waiting",)
    ]  # fmt: skip
    window.redo()
    # the state is in the file: a reopened workshop carries on where the room was
    window.close_workshop()
    assert window.open_path(path)
    view = window.room.agenda_dock.view
    view.now = clock
    view.refresh()
    assert view.what.text() == "Breakouts"
    clock.wait(1)
    view.tick()
    assert view.time.text() == "44:00 left"


def test_items_are_edited_moved_and_removed(opened, answers, qtbot):
    _window, path, view, _clock = opened
    for line in ("One 10", "Two 20"):
        view.add_line.setText(line)
        view.add_from_line()
    row = view.tree.topLevelItem(1)
    row.setText(1, "25")
    assert rows(path, "SELECT planned_minutes FROM agenda_item WHERE title='Two'") == [(25,)]
    answers.add("show_error", None)
    view.tree.topLevelItem(1).setText(1, "lots")  # refused with its reason…
    assert "must be a number" in answers.texts("show_error")[0]
    qtbot.waitUntil(lambda: view.tree.topLevelItem(1).text(1) == "25")  # …the file's again
    view.tree.setCurrentItem(view.tree.topLevelItem(1))
    view.tree.setFocus()  # the keys go where the keyboard is
    QTest.keyClick(view.tree, K.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert rows(path, "SELECT title FROM agenda_item ORDER BY position") == [("Two",), ("One",)]
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    view.tree.setFocus()  # the keys go where the keyboard is
    QTest.keyClick(view.tree, K.Key_Delete)
    assert rows(path, "SELECT title FROM agenda_item") == [("One",)]


def test_the_projected_corner_shows_the_item_and_the_time(opened, qtbot):
    window, _path, view, clock = opened
    for line in ("Breakouts 45",):
        view.add_line.setText(line)
        view.add_from_line()
    corner = window.room.corner
    corner.refresh()
    assert not corner.isVisible(), "only while presenting"
    window.toggle_presentation()  # one screen: this window presents
    try:
        assert not corner.isVisible(), "nothing under way yet"
        window.room.start_timer.trigger()  # F6
        clock.wait(46)
        corner.refresh()
        assert corner.isVisible()
        assert (corner.what, corner.time, corner.overtime) == ("Breakouts", "1:00 over", True)
        area, strip = window.canvas.rect(), corner.geometry()
        assert area.contains(strip) and area.bottom() - strip.bottom() <= 2, "at the bottom"
        assert strip.height() < area.height() * 0.2
        # the view keeps the strip free: the branch is fitted above, no card under the clock
        assert window.canvas.viewportMargins().bottom() == strip.height()
        assert window.canvas.viewport().geometry().bottom() < strip.top()
    finally:
        window.toggle_presentation()
    assert not corner.isVisible()
    assert window.canvas.viewportMargins().bottom() == 0


def test_clock_texts_before_and_after():
    from okr_studio.agenda import AgendaClock

    none = AgendaClock(None, False, 0, 0, False, False, 0, 0)
    assert clock_texts(none, False) == ("No agenda yet", "")
    done = AgendaClock(None, False, 0, 0, False, True, 3600, 3900)
    assert clock_texts(done, True) == ("Agenda done", "1:05:00")
