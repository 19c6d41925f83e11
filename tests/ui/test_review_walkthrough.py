"""Closing the loop the way a facilitator does it, by key presses.

Review mode on (Ctrl+R); on the canvas Home and the arrows walk to the team's key
result; three check-ins (Ctrl+K, the value, Enter), the score on the card moving
after each; Left to the objective, Ctrl+Shift+R to its review: the actual outcome,
Tab, what we learned, Tab, "k" picks Keep, Esc back to the canvas; then File → Start
Next Cycle… (its questions answered like every UI test's). The test asserts on both
files: the old one holds the check-ins and the review, the new one starts from them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.review_build import cycle, press, type_keys
from tests.ui.shell_build import rows

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_check_in_three_times_review_and_start_the_next_cycle(
    window, answers, tmp_path: Path, monkeypatch, qtbot
):
    import ui.checkin_dialog

    days = iter([dt.date(2027, 1, 29), dt.date(2027, 2, 26), dt.date(2027, 3, 31)])
    monkeypatch.setattr(ui.checkin_dialog, "today", lambda: next(days))
    path = tmp_path / "acme.okr"
    ids = cycle(path)
    assert window.open_path(path)
    doc = window.document
    assert QApplication.focusWidget() is window.canvas
    press(K.Key_R, CTRL)
    press(K.Key_Home)
    press(K.Key_Right)  # the company's key result
    press(K.Key_Right)  # the team objective aligned to it
    press(K.Key_Right)  # its first key result
    assert doc.current == ("key_result", ids["conv"])
    card = window.canvas.canvas_scene.cards[("objective", ids["obj"])]
    scores = []
    for value in ("2.5", "3", "3.5"):
        press(K.Key_K, CTRL)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
        qtbot.waitUntil(
            lambda: QApplication.focusWidget() is QApplication.activeModalWidget().value
        )
        type_keys(value)
        press(K.Key_Return)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.canvas)
        review = card.content.review
        scores.append((review.row_mark(ids["conv"]).text, review.mark.text))
    # Conversion 2 → 4: 0.25, 0.5, 0.75; the objective, with failed payments at 0.5.
    assert scores == [("0.25", "0.38"), ("0.5", "0.5"), ("0.75", "0.62")]
    press(K.Key_Left)
    assert doc.current == ("objective", ids["obj"])
    press(K.Key_R, CTRL | SHIFT)
    type_keys("Conversion rose to 3.5 %; wallets did it.")
    press(K.Key_Tab)
    type_keys("One-tap beats forms.")
    press(K.Key_Tab)
    press(K.Key_K)  # Keep
    press(K.Key_Escape)
    assert QApplication.focusWidget() is window.canvas
    assert card.content.review.decision == "keep"
    old = rows(
        path, f"SELECT actual_outcome, learned, decision FROM objective WHERE id={ids['obj']}"
    )
    assert old == [("Conversion rose to 3.5 %; wallets did it.", "One-tap beats forms.", "keep")]
    assert rows(path, f"SELECT date, value FROM check_in WHERE key_result_id={ids['conv']}") == [
        ("2027-01-29", 2.5),
        ("2027-02-26", 3.0),
        ("2027-03-31", 3.5),
    ]
    assert doc.undo_stack.count() == 6  # three check-ins, three review fields
    new = tmp_path / "acme Q2.okr"
    answers.add("confirm", True).add("ask_save_path", new)
    window.review_acts.next_cycle.trigger()
    assert window.document.path == new
    carried = rows(new, "SELECT o.title, o.carried_from, o.carried_score FROM objective o")
    uid = rows(path, f"SELECT uid FROM objective WHERE id={ids['obj']}")[0][0]
    assert carried == [("Paying is a joy", uid, 0.62)]
    assert rows(new, "SELECT title, baseline FROM key_result ORDER BY position") == [
        ("Raise conversion from 2 to 4 %", 3.5),
        ("Cut failed payments from 5 to 1 %", 3.0),
    ]
    assert rows(new, "SELECT count(*) FROM check_in") == [(0,)]
    assert rows(path, "SELECT count(*) FROM check_in") == [(4,)]  # the old file keeps them
