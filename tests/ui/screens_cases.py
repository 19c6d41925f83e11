"""Presenter view cases that need several screens: run by tests/ui/test_presenter.py in a
process of their own (Qt's platform and its screens are chosen when the app starts).

``OKR_SCREENS`` names the setup: "offscreen" (Qt's offscreen platform configured with
three screens: Laptop, Projector, Side) or "xvfb" (an X server whose monitors Laptop and
Projector were made with ``xrandr --setmonitor``; ``OKR_DISPLAY`` is its display, and a
case unplugs the projector with ``xrandr --delmonitor``). Without it every case skips.
``OKR_SHOTS``, when set, is a folder for screenshots of both screens.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QMenuBar, QStatusBar, QToolBar

import ui.wizard
from okr_studio import services
from tests.ui.wizard_build import build_workshop
from ui.canvas import CanvasView
from ui.presenter import SETTING, ProjectorWindow

SETUP = os.environ.get("OKR_SCREENS", "")
pytestmark = pytest.mark.skipif(not SETUP, reason="run by test_presenter.py with several screens")


def screen_named(name: str):  # type: ignore[no-untyped-def]
    return next(s for s in QGuiApplication.screens() if s.name() == name)


@pytest.fixture
def presenting(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """The main window on the laptop with a workshop open, presenting on the projector."""
    path = tmp_path / "room.okr"
    ids = build_workshop(path)
    laptop = screen_named("Laptop")
    window.setScreen(laptop)
    window.setGeometry(laptop.availableGeometry().adjusted(0, 30, 0, 0))
    assert window.open_path(path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.canvas, Qt.Key.Key_F5)
    presenter = window.room.presenter
    assert presenter.active, "two screens: F5 opens the projector window"
    projector = presenter.projector
    qtbot.waitExposed(projector)
    yield window, projector, ids, path
    if presenter.active:
        presenter.stop()


def shoot(window, projector, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("OKR_SHOTS")
    if folder:
        QApplication.processEvents()
        window.grab().save(str(Path(folder) / f"{name}-console.png"))
        projector.grab().save(str(Path(folder) / f"{name}-projector.png"))


def test_the_projector_holds_only_the_tree_and_the_console_keeps_the_controls(presenting):
    window, projector, _ids, _path = presenting
    assert isinstance(projector, ProjectorWindow)
    assert projector.screen().name() == "Projector"
    assert projector.geometry() == screen_named("Projector").geometry()
    assert projector.isFullScreen()
    assert projector.canvas.presenting
    # nothing but the tree (and the clock's corner): no docks, menus, bars or dialogs
    for kind in (QDockWidget, QMenuBar, QToolBar, QStatusBar):
        assert not projector.findChildren(kind), kind
    assert projector.canvas.frameWidth() == 0, "the tree to the screen's edges, no frame"
    # the laptop keeps the window as a console, every panel shown, not full screen
    assert window.screen().name() == "Laptop" and not window.isFullScreen()
    assert not window.presenting and not window.canvas.presenting
    docks = {d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()}
    assert {"outlineDock", "inspectorDock", "coachDock", "agendaDock", "parkingLotDock"} <= docks
    assert window.acts.presentation.isChecked()
    assert QApplication.activeWindow() is window, "the projector never takes the keyboard"
    shoot(window, projector, "presenting")


def test_edits_in_the_console_reach_the_projector_at_once(presenting):
    window, projector, ids, _path = presenting
    doc = window.document
    scene = projector.canvas.canvas_scene
    doc.select(("objective", ids["search_obj"]))
    assert scene.focus == ("objective", ids["search_obj"]), "the projector follows the selection"
    doc.execute(
        lambda ws: services.update_objective(ws, ids["search_obj"], title="Search answers 🚀")
    )
    assert "Search answers 🚀" in " ".join(
        scene.cards[("objective", ids["search_obj"])].content.title
    )
    doc.execute(
        lambda ws: services.add_key_result(ws, ids["search_obj"], "Cut zero results from 9% to 3%")
    )
    card = scene.cards[("objective", ids["search_obj"])]
    assert len(card.content.rows) == 1
    doc.execute(
        lambda ws: services.add_note(
            ws, "question", "Which index?", item=("objective", ids["search_obj"])
        )
    )
    assert card.notes == 1
    window.undo()
    assert card.notes == 0
    doc.execute(lambda ws: services.add_agenda_item(ws, "Breakouts", 45))
    window.room.start_timer.trigger()
    projector.corner.refresh()
    assert projector.corner.isVisible() and projector.corner.what == "Breakouts"
    shoot(window, projector, "edits")


def test_review_mode_and_listed_initiatives_reach_the_projector(presenting):
    window, projector, ids, _path = presenting
    doc = window.document
    scene = projector.canvas.canvas_scene
    kr = ids["company_kr"]
    doc.execute(lambda ws: services.add_initiative(ws, kr, "Fix the top 10 complaints"))
    doc.select(("objective", ids["company_obj"]))
    QTest.keyClick(window.canvas, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    card = scene.cards[("objective", ids["company_obj"])]
    assert card.content.review is not None, "the projector shows review mode too"
    assert card.content.row(kr).initiatives.lines == ()
    window.canvas.canvas_scene.toggle_initiatives([kr])  # opened on the console
    card = scene.cards[("objective", ids["company_obj"])]
    assert card.content.row(kr).initiatives.lines == ("Planned · Fix the top 10 complaints",)
    shoot(window, projector, "review")


def test_dialogs_open_on_the_console(presenting, qtbot, answers, monkeypatch):
    window, _projector, ids, _path = presenting
    from ui.note_dialog import NoteDialog
    from ui.wizard import open_cascade_wizard

    dialog = NoteDialog(window.document.data, ("objective", ids["company_obj"]), parent=window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.screen().name() == "Laptop"
    # the console is the facilitator's laptop: its dialogs keep the normal type size
    assert dialog.font().pointSizeF() == pytest.approx(window.font().pointSizeF())
    dialog.reject()
    scales: list[float | None] = []  # the cascade as the console's Insert starts it

    def fake(parent, document, kr_id, *, team_id=None, font_scale=None):  # type: ignore[no-untyped-def]
        scales.append(font_scale)

    monkeypatch.setattr(ui.wizard, "run_cascade_wizard", fake)
    window.document.select(("key_result", ids["company_kr"]))
    window.acts.insert_aligned.trigger()
    assert scales == [None], "normal type on the console"
    wizard = open_cascade_wizard(window, window.document, ids["company_kr"])
    qtbot.waitExposed(wizard)
    try:
        assert wizard.screen().name() == "Laptop"
        assert screen_named("Laptop").geometry().contains(wizard.geometry().center())
        assert wizard.font_scale == pytest.approx(1.0)
        shoot(wizard, _projector, "wizard")
    finally:
        wizard.discard()


def test_the_projector_screen_is_chosen_and_remembered(presenting, qtbot):
    window, _projector, _ids, _path = presenting
    if len(QGuiApplication.screens()) < 3:
        pytest.skip("needs a third screen")
    presenter = window.room.presenter
    window.room._fill_screens()
    labels = [a.text() for a in window.room.screens_menu.actions()]
    assert any("Side" in t for t in labels) and any("this window" in t for t in labels)
    side = next(a for a in window.room.screens_menu.actions() if "Side" in a.text())
    side.trigger()
    assert QSettings().value(SETTING) == "Side"
    assert presenter.projector.screen().name() == "Side"
    window.toggle_presentation()  # F5 again: one window
    assert not presenter.active and not window.acts.presentation.isChecked()
    docks = {d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()}
    assert "agendaDock" not in docks, "the console's extra panels go with the projector"
    window.toggle_presentation()
    assert presenter.projector.screen().name() == "Side", "remembered"


def test_unplugging_the_projector_brings_everything_back(presenting, qtbot):
    if SETUP != "xvfb":
        pytest.skip("Qt's offscreen platform cannot unplug a screen; Xvfb can")
    window, _projector, _ids, _path = presenting
    presenter = window.room.presenter
    doc = window.document
    # a window left on the projector's screen (the shortcuts list dragged there, say)
    from ui.actions import show_shortcuts

    stray = show_shortcuts(window)
    stray.move(screen_named("Projector").geometry().center())
    qtbot.waitUntil(lambda: stray.screen().name() == "Projector")
    doc.execute(lambda ws: services.add_note(ws, "decision", "Keep NPS", item=None))
    removed: list[str] = []
    QGuiApplication.instance().screenRemoved.connect(lambda s: removed.append(s.name()))
    display = os.environ["OKR_DISPLAY"]
    subprocess.run(["xrandr", "-d", display, "--delmonitor", "Projector"], check=True)
    qtbot.waitUntil(lambda: "Projector" in removed, timeout=10_000)
    qtbot.waitUntil(lambda: not presenter.active, timeout=5000)
    assert not window.acts.presentation.isChecked()
    assert [s.name() for s in QGuiApplication.screens()] == ["Laptop"]
    assert window.isVisible() and not window.isFullScreen()
    laptop = screen_named("Laptop").geometry()
    qtbot.waitUntil(lambda: laptop.intersects(stray.frameGeometry()), timeout=5000)
    assert "went away" in window.statusBar().currentMessage()
    # nothing was lost: the file and the console as they were
    assert [n.text for n in doc.data.notes.values()] == ["Keep NPS"]
    window.toggle_presentation()  # one screen now: the window itself presents
    assert window.presenting and not presenter.active
    window.toggle_presentation()
    stray.close()
    assert isinstance(window.canvas, CanvasView)
