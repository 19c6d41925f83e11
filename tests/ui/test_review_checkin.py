"""Check in from the keyboard: Ctrl+K, the value, Enter — one row, one undo step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.review_build import cycle, press, type_keys
from tests.ui.shell_build import rows

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def opened(window, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    import ui.checkin_dialog

    monkeypatch.setattr(ui.checkin_dialog, "today", lambda: dt.date(2027, 3, 15))
    path = tmp_path / "acme.okr"
    ids = cycle(path)
    assert window.open_path(path)
    return window, path, ids


def _dialog(qtbot):  # type: ignore[no-untyped-def]
    from ui.checkin_dialog import CheckInDialog

    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CheckInDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.value)
    return dialog


def test_ctrl_k_value_enter_records_one_check_in(opened, qtbot):
    window, path, ids = opened
    doc = window.document
    doc.select(("key_result", ids["conv"]))
    window.canvas.setFocus()
    press(K.Key_K, CTRL)
    dialog = _dialog(qtbot)
    assert "no check-in yet" in dialog.about.text().lower()
    type_keys("3")
    assert dialog.preview.plain.startswith("0.5 yellow")  # the score it would give, as typed
    press(K.Key_Tab)
    type_keys("70")
    press(K.Key_Tab)
    type_keys("Wallets <b>&")
    press(K.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    got = rows(path, "SELECT key_result_id, date, value, confidence, comment FROM check_in "
                     "WHERE key_result_id = ?".replace("?", str(ids["conv"])))  # fmt: skip
    assert got == [(ids["conv"], "2027-03-15", 3.0, 0.7, "Wallets <b>&")]
    who = rows(path, "SELECT p.name FROM check_in c JOIN person p ON p.id = c.person_id")
    assert who == []  # the key result has no owner: nobody is named
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Check in"
    window.undo()
    assert rows(path, f"SELECT * FROM check_in WHERE key_result_id = {ids['conv']}") == []


def test_the_owner_checks_in_unless_changed(opened, qtbot):
    window, path, ids = opened
    window.document.select(("key_result", ids["nps"]))
    window.canvas.setFocus()
    press(K.Key_K, CTRL)
    dialog = _dialog(qtbot)
    assert dialog.who.currentText() == "Ana García"
    type_keys("36")
    press(K.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    got = rows(path, "SELECT c.value, p.name FROM check_in c JOIN person p ON p.id = c.person_id")
    assert got == [(36.0, "Ana García")]


def test_a_value_that_is_not_a_number_is_explained_and_nothing_is_written(opened, qtbot):
    window, path, ids = opened
    window.document.select(("key_result", ids["conv"]))
    window.canvas.setFocus()
    press(K.Key_K, CTRL)
    dialog = _dialog(qtbot)
    type_keys("about three")
    press(K.Key_Return)
    assert dialog.isVisible()
    assert "must be a number" in dialog.message.text()
    assert rows(path, f"SELECT * FROM check_in WHERE key_result_id = {ids['conv']}") == []
    press(K.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert window.document.undo_stack.count() == 0


def test_german_numbers_are_read_as_typed(opened, qtbot):
    window, path, ids = opened
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        window.document.select(("key_result", ids["conv"]))
        window.canvas.setFocus()
        press(K.Key_K, CTRL)
        _dialog(qtbot)
        type_keys("3,5")
        press(K.Key_Return)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert rows(path, f"SELECT value FROM check_in WHERE key_result_id = {ids['conv']}") == [(3.5,)]


def test_with_an_objective_selected_it_says_to_pick_a_key_result(opened):
    window, _path, ids = opened
    window.document.select(("objective", ids["obj"]))
    window.canvas.setFocus()
    press(K.Key_K, CTRL)
    assert QApplication.activeModalWidget() is None
    assert "Select a key result" in window.statusBar().currentMessage()


def test_the_inspector_shows_the_score_and_the_history(opened, qtbot):
    window, path, ids = opened
    window.document.select(("key_result", ids["fail"]))
    section = window.inspector.review
    assert section.isVisible()
    assert section.score.plain.startswith("0.5 yellow")  # 5 → 3 of a 5 → 1 decrease
    assert section.table.rowCount() == 1
    assert section.table.item(0, 1).text() == "3"
    # The value edited in the table: one step, and the score follows.
    item = section.table.item(0, 1)
    item.setText("2")
    assert rows(path, f"SELECT value FROM check_in WHERE key_result_id = {ids['fail']}") == [(2.0,)]
    assert section.score.plain.startswith("0.75 green")
    # Delete in the table takes the check-in away, never the key result.
    section.table.setCurrentCell(0, 0)
    section.table.setFocus()
    press(K.Key_Delete)
    assert rows(path, f"SELECT * FROM check_in WHERE key_result_id = {ids['fail']}") == []
    assert rows(path, f"SELECT id FROM key_result WHERE id = {ids['fail']}") == [(ids["fail"],)]
    assert section.score.plain == "no score  ·  No check-in yet, so there is no score."


def test_a_date_typed_into_the_table_that_cannot_be_read_is_said(opened):
    window, path, ids = opened
    window.document.select(("key_result", ids["fail"]))
    section = window.inspector.review
    section.table.item(0, 0).setText("someday")
    assert "cannot be read" in section.message.text()
    assert rows(path, f"SELECT date FROM check_in WHERE key_result_id = {ids['fail']}") == [
        ("2027-02-01",)
    ]
    assert section.table.item(0, 0).text() == "1 Feb 2027"


def test_the_table_is_editable_again_after_a_read_only_file(window, tmp_path: Path):
    from PySide6.QtWidgets import QAbstractItemView

    first, second = tmp_path / "a.okr", tmp_path / "b.okr"
    ids = cycle(first)
    cycle(second)
    assert window.open_path(first, read_only=True)
    window.document.select(("key_result", ids["fail"]))
    table = window.inspector.review.table
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert window.open_path(second)
    window.document.select(("key_result", ids["fail"]))
    assert table.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
