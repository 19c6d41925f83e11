"""The main window in two stages: the welcome page paints first, the panels follow.

Before its first paint the window has its centre, status bar and menus with every
action a user can reach without a workshop; the outline, inspector, toolbar, closing
the loop, breakouts and the room are made right after the paint — or at once, when
something needs them sooner (a file opened at start-up). The keys work from the
start, and the settings of a window closed before its panels were made are kept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget

from tests.ui.faults_env import small_workshop
from ui import errors
from ui.main_window import MainWindow


def _dock(window: MainWindow, name: str) -> QDockWidget | None:
    return window.findChild(QDockWidget, name)


class _RightAfterFirstPaint(QObject):
    """Runs ``then`` once the window's first paint is delivered, before anything the
    window itself queued for after it (installed last, this filter sees the paint first)."""

    def __init__(self, window: MainWindow, then) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.then = then
        self.done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.then)
        return False


def test_the_panels_are_made_right_after_the_first_paint(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    assert _dock(window, "outlineDock") is None  # the welcome page needs none of them
    assert window.menuBar().actions()  # …but its menus are there
    window.show()
    qtbot.waitUntil(lambda: _dock(window, "outlineDock") is not None)
    assert _dock(window, "inspectorDock") is not None
    assert window.findChild(QObject, "breakoutsMenu") is not None
    assert not window.outline_dock.isVisible()  # no workshop: hidden, as before
    assert not window.toolbar.isVisible()
    window.close()


def test_the_welcome_page_keys_work_before_the_panels_are_made(qtbot, answers):
    window = MainWindow()
    qtbot.addWidget(window)
    seen = []

    def press_open() -> None:
        seen.append(_dock(window, "outlineDock"))
        window.activateWindow()
        QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)

    _RightAfterFirstPaint(window, press_open)
    answers.add("ask_open_path", None)  # File → Open… asked for a file; none chosen
    window.show()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [None]  # the key was pressed before the panels were made
    assert [c[0] for c in answers.calls] == ["ask_open_path"]
    window.close()


def test_what_must_come_before_the_panels_comes_before_them(qtbot, tmp_path):
    # The app sets the core's locale this way: before anything shows a workshop's data.
    window = MainWindow()
    qtbot.addWidget(window)
    seen = []
    window.before_parts(lambda: seen.append(_dock(window, "outlineDock")))
    assert seen == []
    assert window.open_path(small_workshop(tmp_path / "early.okr"))
    assert seen == [None]  # right before the panels were made, once
    window.before_parts(lambda: seen.append("now"))
    assert seen == [None, "now"]  # made already: at once
    window.close()


def test_a_file_opened_before_the_first_paint_shows_with_its_panels(qtbot, tmp_path):
    path = small_workshop(tmp_path / "start.okr")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(path)  # as a file named on the command line: before the paint
    window.show()
    qtbot.waitExposed(window)
    assert window.outline_dock.isVisible()
    assert window.inspector_dock.isVisible()
    assert window.toolbar.isVisible()
    assert window.outline.topLevelItemCount() > 0
    window.close()


def test_the_file_named_on_the_command_line_is_painted_before_its_outline(qtbot, tmp_path):
    from ui import recent

    path = small_workshop(tmp_path / "named.okr")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()  # as the app starts: shown, then the file opened, then the first paint
    assert window.open_at_start(path)
    assert window.canvas is not None and window.document is not None
    assert window.outline_dock.isVisible()  # in its place for the first paint…
    assert window.outline.topLevelItemCount() == 0  # …filled right after it
    assert recent.recent_files() == []
    assert window.inspector.document is None  # its fields are there, shown after the paint
    assert window.inspector.page.fields
    document = window.document
    qtbot.waitUntil(lambda: window.outline.topLevelItemCount() > 0)
    current = document.current  # the canvas's first card, selected at once
    assert current is not None
    assert window.outline.currentItem() is window.outline.item_for(current)
    assert window.inspector.document is document and window.inspector.key == current
    assert (
        window.inspector.page.fields["title"].text() == document.data.objectives[current[1]].title
    )
    assert recent.recent_files() == [path.resolve()]
    assert window.coach_dock is not None and window.coach_dock.view.document is document
    qtbot.waitUntil(lambda: document.fresh_report is not None, timeout=5000)  # the coach ran
    window.close()


def test_the_coach_waits_for_the_window_of_a_file_opened_at_start(qtbot, tmp_path):
    # On a slow machine the coach's first run and the loading of the writer, timed from
    # the opening, came due before the first paint: the window starts them after it.
    from okr_studio.store import Workshop
    from ui.document import Document

    workshop = Workshop.open(small_workshop(tmp_path / "held.okr"))
    held = Document(workshop, start=False)
    started = Document(Workshop.open(small_workshop(tmp_path / "started.okr")))
    try:
        qtbot.waitUntil(lambda: started.fresh_report is not None, timeout=5000)
        qtbot.wait(300)  # twice the coach's delay
        assert held.fresh_report is None
        held.start_follow_up()
        qtbot.waitUntil(lambda: held.fresh_report is not None, timeout=5000)
    finally:
        for document in (held, started):
            document.close()
            document.workshop.close()


def test_a_window_closed_before_its_panels_keeps_the_remembered_layout(qtbot, tmp_path):
    path = small_workshop(tmp_path / "layout.okr")
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.open_path(path)
    first.inspector_dock.hide()
    first.close()
    state, docks = QSettings().value("window/state"), QSettings().value("window/docks")
    second = MainWindow()
    qtbot.addWidget(second)
    second.close()  # before its first paint: its docks were never made
    assert QSettings().value("window/state") == state
    assert QSettings().value("window/docks") == docks
    third = MainWindow()
    qtbot.addWidget(third)
    third.show()
    third.open_path(path)
    assert third.outline_dock.isVisible()
    assert not third.inspector_dock.isVisible()  # hidden by the user, two windows ago
    third.close()


def test_an_error_before_the_log_file_is_opened_still_reaches_it(tmp_path, monkeypatch, answers):
    log_file = tmp_path / "data" / errors.LOG_NAME
    monkeypatch.setattr(errors, "log_path", lambda: log_file)
    monkeypatch.setattr(errors, "_bridge", None)
    saved = list(errors.log.handlers)
    for handler in saved:
        errors.log.removeHandler(handler)
    answers.add("show_unexpected", None)
    errors.install(now=False)  # as the app starts
    try:
        assert not log_file.exists()
        try:
            raise ZeroDivisionError("before the first paint")
        except ZeroDivisionError:
            errors.handle(*sys.exc_info())
        errors.finish_install()  # right after the first paint
        assert errors._bridge is not None  # worker threads' errors reach the GUI thread
        for handler in errors.log.handlers:
            handler.flush()
        assert "before the first paint" in log_file.read_text(encoding="utf-8")
    finally:
        errors.uninstall()
        for handler in list(errors.log.handlers):
            errors.log.removeHandler(handler)
            handler.close()
        for handler in saved:
            errors.log.addHandler(handler)


FILE_OPEN = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QObject
from PySide6.QtGui import QFileOpenEvent
from ui.app import _application_class, _install_file_open_filter

app = _application_class()(["okr-studio"])
opened = []

class Window(QObject):
    def open_path(self, path):
        opened.append(str(path))

keep = _install_file_open_filter(app, Window())
handled = app.event(QFileOpenEvent(sys.argv[1]))
print("OPENED " + json.dumps([handled, opened]))
"""


def test_the_macos_application_opens_a_file_it_is_handed(tmp_path):
    # macOS sends a double-clicked file to the running app as an event; only the
    # application object sees it (an event filter on the application would slow
    # every event of every widget).
    path = tmp_path / "finder.okr"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", FILE_OPEN, str(path)],
        env=env, capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    line = next((x for x in proc.stdout.splitlines() if x.startswith("OPENED ")), "")
    assert json.loads(line.removeprefix("OPENED ")) == [True, [str(path)]], proc.stderr[-2000:]


def test_the_coach_of_a_file_opened_at_start_reaches_every_view(qtbot, tmp_path):
    """The coach's first run after the paint tells the status bar, the canvas's badges
    and the coach panel alike (the panel, made after the paint, once asked the document
    for a report and kept it to itself: the status bar said "checking…" for good)."""
    path = small_workshop(tmp_path / "named.okr")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_at_start(path)
    document = window.document
    assert document is not None and window.canvas is not None
    qtbot.waitUntil(lambda: document.fresh_report is not None, timeout=5000)
    qtbot.wait(50)  # what the report's publication queued
    report = document.fresh_report
    assert report is not None and report.findings
    summary = window.status.coach_button.text()
    assert "checking" not in summary
    flagged = {(f.item_kind, f.item_id) for f in report.findings if f.is_open}
    assert set(window.canvas.canvas_scene.badges) & flagged
    panel = window.coach_dock.view
    assert panel.findings == list(report.findings)
    window.close()


def test_a_file_opened_in_the_window_is_laid_out_before_the_coach_runs(qtbot, window, tmp_path):
    """No run of every rule takes turns with the opening (a thread holding Python's lock
    made a 10,000-objective opening three times slower): it begins once the event loop is
    back, and its findings then reach the status bar."""
    from ui.document import Document

    began: list[bool] = []
    make = Document.__init__

    def watched(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        make(self, *args, **kwargs)
        self.checking.connect(began.append)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Document, "__init__", watched)
        assert window.open_path(small_workshop(tmp_path / "later.okr"))
    assert began == []  # nothing began while the file was opened and laid out
    document = window.document
    assert document is not None
    qtbot.waitUntil(lambda: document.fresh_report is not None, timeout=5000)
    qtbot.waitUntil(lambda: "checking" not in window.status.coach_button.text(), timeout=5000)
    assert began[:1] == [True]
