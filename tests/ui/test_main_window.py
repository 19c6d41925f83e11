"""The main window: Edit and View actions, settings, the file going away, start-up."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from okr_studio import services
from okr_studio.store import Workshop
from tests.ui.shell_build import rows as _rows
from tests.ui.shell_build import small as _small
from ui import actions, theme
from ui.main_window import MainWindow


# ---- Edit ---------------------------------------------------------------------------------------
def test_undo_redo_name_the_action_and_replay_it(window, tmp_path):
    path = _small(tmp_path / "u.okr")
    window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Renamed"))
    assert window.acts.undo.text() == f"&Undo {doc.undo_stack.undoText()}"
    assert "Rename" in window.acts.undo.text() or "Edit" in window.acts.undo.text()
    window.acts.undo.trigger()
    assert _rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Customers love us",)]
    assert window.acts.redo.isEnabled()
    assert window.acts.redo.text().startswith("&Redo ")
    window.acts.redo.trigger()
    assert _rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Renamed",)]


def test_delete_asks_first_and_undo_brings_it_back(window, answers, tmp_path):
    path = _small(tmp_path / "d.okr")
    window.open_path(path)
    doc = window.document
    kr = next(iter(doc.data.key_results))
    doc.select(("key_result", kr))
    answers.add("confirm", False)
    window.acts.delete.trigger()
    assert _rows(path, "SELECT count(*) FROM key_result") == [(1,)]
    answers.add("confirm", True)
    window.acts.delete.trigger()
    assert _rows(path, "SELECT count(*) FROM key_result") == [(0,)]
    window.acts.undo.trigger()
    assert _rows(path, f"SELECT id FROM key_result WHERE id={kr}") == [(kr,)]


def test_find_opens_the_canvas_find_bar_and_selects_matches(window, qtbot, tmp_path):
    window.open_path(_small(tmp_path / "f.okr"))
    window.acts.find.trigger()
    bar = window.canvas.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.field, "nps")
    doc = window.document
    assert doc.current == ("key_result", next(iter(doc.data.key_results)))


def test_insert_unit_adds_a_child_of_the_selected_unit(window, answers, tmp_path):
    path = _small(tmp_path / "i.okr")
    window.open_path(path)
    doc = window.document
    company = doc.data.root_units()[0].id
    doc.select(("unit", company))
    answers.add("ask_text", "Customer Care")
    window.acts.insert_unit.trigger()
    assert _rows(path, "SELECT parent_id, level FROM unit WHERE name='Customer Care'") == [
        (company, "department")
    ]
    assert doc.current is not None and doc.current[0] == "unit"


def test_insert_key_result_needs_an_objective(window, answers, tmp_path):
    path = _small(tmp_path / "k.okr")
    window.open_path(path)
    doc = window.document
    doc.select(("unit", doc.data.root_units()[0].id))
    answers.add("show_info", None)
    window.acts.insert_kr.trigger()
    assert "objective" in answers.texts("show_info")[0]
    obj = next(iter(doc.data.objectives))
    doc.select(("objective", obj))
    window.acts.insert_kr.trigger()
    assert _rows(path, f"SELECT count(*) FROM key_result WHERE objective_id={obj}") == [(2,)]


# ---- View, Help, settings ----------------------------------------------------------------------
def test_shortcuts_dialog_lists_the_actions(window, tmp_path):
    window.open_path(_small(tmp_path / "s.okr"))
    rows = dict(actions.shortcut_rows(window))
    assert "Undo" in rows and "Find" in rows and "Presentation Mode" in rows
    assert rows["Presentation Mode"] == "F5"
    assert rows["Insert Key Result"] == "Ctrl+Shift+K"
    assert "Add Key Result" in rows  # the canvas's own gestures are listed too
    assert not any(word in keys for keys in rows.values() for word in ("F16", "Copy", "Open"))
    dialog = actions.show_shortcuts(window)
    assert dialog.isVisible()
    dialog.close()


def test_export_opens_the_dialog_for_the_selected_branch(window, monkeypatch, tmp_path):
    from ui import export_dialog

    calls = []
    monkeypatch.setattr(
        export_dialog, "export_alignment_sheets", lambda *a, **kw: calls.append((a, kw))
    )
    path = _small(tmp_path / "x.okr")
    window.open_path(path)
    doc = window.document
    product = next(u.id for u in doc.data.units.values() if u.name == "Product")
    doc.select(("unit", product))
    window.acts.export.trigger()
    ((args, kwargs),) = calls
    assert args[0] is window and args[1] == path and args[2] is doc.data
    assert kwargs == {"selected_unit_id": product}


def test_dark_theme_colours_the_whole_app_and_is_remembered(window):
    window.acts.themes["dark"].trigger()
    assert theme.current().dark
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert QSettings().value("view/theme") == "dark"
    window.acts.themes["light"].trigger()
    assert not theme.current().dark
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180


def test_presentation_mode_hides_the_docks_and_escape_leaves(window, qtbot, tmp_path):
    window.open_path(_small(tmp_path / "p.okr"))
    assert window.outline_dock.isVisible()
    assert window.coach_dock.toggleViewAction().isChecked()
    window.acts.presentation.trigger()
    assert not window.outline_dock.isVisible()
    assert not window.coach_dock.isVisible()
    assert not window.inspector_dock.isVisible()
    assert not window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.outline_dock.isVisible()
    assert window.inspector_dock.isVisible()
    assert window.coach_dock.toggleViewAction().isChecked()
    assert window.menuBar().isVisible()
    assert not window.acts.presentation.isChecked()


def test_window_geometry_and_docks_are_remembered(qtbot, tmp_path):
    path = _small(tmp_path / "g.okr")
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.open_path(path)
    first.inspector_dock.hide()
    first.close()
    assert QSettings().value("window/geometry") is not None
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.restored
    assert not second.outline_dock.isVisible()  # no file open yet
    second.open_path(path)
    assert second.outline_dock.isVisible()
    assert not second.inspector_dock.isVisible()  # hidden by the user last time
    second.close()


# ---- the file going away ------------------------------------------------------------------
def test_a_deleted_file_is_noticed_and_save_as_offered(window, answers, tmp_path):
    path = _small(tmp_path / "gone.okr")
    window.open_path(path)
    path.unlink()
    rescue = tmp_path / "rescued.okr"
    answers.add("confirm", True).add("ask_save_path", rescue)
    assert not window.check_reachable()
    (message,) = answers.texts("confirm")
    assert "gone.okr" in message
    assert window.document.path.resolve() == rescue.resolve()
    assert _rows(rescue, "SELECT title FROM objective") == [("Customers love us",)]


def test_declining_save_as_keeps_watching(window, answers, tmp_path):
    path = _small(tmp_path / "gone2.okr")
    window.open_path(path)
    path.unlink()
    answers.add("confirm", False)
    assert not window.check_reachable()
    assert "cannot be reached" in window.status.save_label.text()
    assert window._reach_timer.isActive()


# ---- start-up --------------------------------------------------------------------------------
def test_the_app_starts_paints_and_quits_when_asked(tmp_path):
    import os
    import subprocess
    import sys

    path = _small(tmp_path / "start.okr")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OKR_STUDIO_QUIT_AFTER_FIRST_PAINT="1")
    env.update(XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.run(
        [sys.executable, "-m", "okr_studio", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "okr-studio first paint" in proc.stdout
    assert "Traceback" not in proc.stderr
    # The workshop was closed on quit: no lock file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["start.okr"]


def test_a_file_open_event_opens_the_workshop(window, tmp_path):
    from PySide6.QtGui import QFileOpenEvent

    from ui.app import _install_file_open_filter

    path = _small(tmp_path / "finder.okr")
    app = QApplication.instance()
    event_filter = _install_file_open_filter(app, window)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(path)))
    finally:
        app.removeEventFilter(event_filter)
    assert window.document is not None
    assert window.document.path == path


def test_the_coach_summary_opens_the_findings_dock(window, qtbot, sample_file):
    window.open_path(sample_file)
    assert window.coach_dock is not None
    window.coach_dock.hide()
    window.status.run_coach()
    text = window.status.coach_button.text()
    assert text.startswith("Coach: ") and "warning" in text
    qtbot.mouseClick(window.status.coach_button, Qt.MouseButton.LeftButton)
    assert window.coach_dock.isVisible()


def test_standard_keys_undo_and_redo(window, qtbot, tmp_path):
    path = _small(tmp_path / "keys.okr")
    window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Typed"))
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Customers love us",)]
    qtbot.keyClick(
        window.canvas,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _rows(path, f"SELECT title FROM objective WHERE id={obj}") == [("Typed",)]


def test_save_as_turns_a_read_only_workshop_into_an_editable_copy(window, answers, tmp_path):
    path = _small(tmp_path / "held.okr")
    holder = Workshop.open(path)
    try:
        answers.add("confirm", True)
        window.open_path(path)
        assert window.document.read_only
        copy = tmp_path / "mine.okr"
        answers.add("ask_save_path", copy)
        window.acts.save_as.trigger()
        assert not window.document.read_only
        assert window.windowTitle() == "mine.okr — OKR Studio"
        assert window.acts.insert_objective.isEnabled()
    finally:
        window.close_workshop()
        holder.close()


def test_paste_turns_lines_into_key_results_in_one_undo_step(window, tmp_path):
    path = _small(tmp_path / "paste.okr")
    window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.select(("objective", obj))
    QGuiApplication.clipboard().setText("Cut churn to 3%\n\n  Raise NPS to 50  \nShip 2 guides\n")
    window.acts.paste.trigger()
    titles = [r[0] for r in _rows(path, f"SELECT title FROM key_result WHERE objective_id={obj}")]
    assert titles[1:] == ["Cut churn to 3%", "Raise NPS to 50", "Ship 2 guides"]
    assert window.acts.undo.text() == "&Undo Paste 3 key results"
    window.acts.undo.trigger()
    assert _rows(path, f"SELECT count(*) FROM key_result WHERE objective_id={obj}") == [(1,)]


def test_opening_another_file_in_the_middle_of_a_drag(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    first = _small(tmp_path / "drag1.okr")
    second = _small(tmp_path / "drag2.okr")
    window.open_path(first)
    viewport = window.canvas.viewport()
    start = QPoint(5, viewport.height() - 5)  # empty canvas: a rubber band or a pan
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(120, -80))
    window.open_path(second)  # e.g. a file dropped from the desktop meanwhile
    QTest.mouseMove(viewport, start + QPoint(200, -120))
    QTest.mouseRelease(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        start + QPoint(200, -120),
    )
    assert window.document.path == second
    obj = next(iter(window.document.data.objectives))
    window.document.execute(lambda ws: services.update_objective(ws, obj, title="Still works"))
    assert _rows(second, f"SELECT title FROM objective WHERE id={obj}") == [("Still works",)]


def test_the_coach_count_follows_edits_after_a_pause(window, qtbot, tmp_path):
    path = _small(tmp_path / "coach.okr")
    window.open_path(path)
    qtbot.waitUntil(lambda: window.status.coach_button.text() != "Coach: checking…", timeout=3000)
    before = len([f for f in window.status.findings if f.is_open])
    unit = window.document.data.root_units()[0].id
    window.document.execute(lambda ws: services.add_objective(ws, unit, "Launch the new app"))
    # Not recomputed on the spot (typing stays fast), but shortly after.
    assert len([f for f in window.status.findings if f.is_open]) == before
    qtbot.waitUntil(
        lambda: len([f for f in window.status.findings if f.is_open]) > before, timeout=3000
    )
    assert window.status.save_label.text() == "All changes saved"


def test_presentation_mode_hides_every_panel_and_brings_them_back(window, qtbot, tmp_path):
    """Panels other parts add (the Breakouts panel) are hidden from the room too."""
    window.open_path(_small(tmp_path / "p.okr"))
    panel = window.breakouts.panel
    panel.show()
    window.acts.presentation.trigger()
    assert not panel.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert panel.isVisible()


def test_presentation_mode_hides_the_banner_of_a_breakout_and_brings_it_back(
    window, qtbot, tmp_path
):
    """The room sees the tree, not the facilitator's banner (one screen)."""
    from tests.core.breakout_build import handed, master

    ws, t = master(tmp_path)
    try:
        [path] = handed(ws, tmp_path / "out", [t.payments])
    finally:
        ws.close()
    assert window.open_path(path)
    banner = window.breakouts.banner
    assert banner.isVisible() and window.toolbar.isVisible()
    window.acts.presentation.trigger()
    assert window.presenting
    assert not banner.isVisible() and not window.toolbar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert banner.isVisible() and window.toolbar.isVisible()
