"""Breakouts in the app, by the keyboard: hand out two teams, a group edits its file (and
is stopped, with the reason, where the file is locked), the plenary edits the main
workshop, then the merge: a conflict answered "the group's", undo and redo.

The modal questions go through ``answers`` (the file choosers) or are driven with
key presses while shown (the hand-out and merge dialogs); every assertion on the
result reads the files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from tests.core.breakout_build import master
from tests.ui.shell_build import rows
from tests.ui.test_walkthrough import Keyboard

K = Qt.Key
M = Qt.KeyboardModifier
CTRL, SHIFT = M.ControlModifier, M.ShiftModifier


def _shown(qtbot, dialog: QWidget) -> None:  # type: ignore[no-untyped-def]
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def _back(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """The main window has the keyboard again once a dialog is gone."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _title(path: Path, table: str, row_id: int) -> str:
    column = "name" if table == "unit" else "title"
    return rows(path, f"SELECT {column} FROM {table} WHERE id = {row_id}")[0][0]


def _rename(kb: Keyboard, doc, key: tuple[str, int], text: str) -> None:  # type: ignore[no-untyped-def]
    doc.select(key)
    kb.press(K.Key_F2)
    kb.press(K.Key_A, CTRL)
    kb.type(text)
    kb.press(K.Key_Return)


def test_hand_out_edit_merge_undo_redo(window, qtbot, answers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, t = master(tmp_path)
    ws.close()
    plan = tmp_path / "plan.okr"
    out = tmp_path / "usb"
    assert window.open_path(plan)
    kb = Keyboard(window)

    # ---- File → Breakouts → Hand Out… (Ctrl+Shift+B): Payments and Risk, to a folder
    def hand_out(dialog: QDialog) -> bool:
        _shown(qtbot, dialog)
        assert dialog.tree.hasFocus()
        kb.press(K.Key_Down, times=2)  # Acme → Product → Payments
        kb.press(K.Key_Space)
        kb.press(K.Key_Down)  # Risk
        kb.press(K.Key_Space)
        assert dialog.summary.text() == (
            "2 breakout files will be written, one per group: “plan - Payments.okr”, "
            "“plan - Risk.okr”."
        )
        kb.press(K.Key_Tab, times=2)  # "together", then the folder
        assert dialog.folder_edit.hasFocus()
        kb.press(K.Key_A, CTRL)
        kb.type(str(out))
        kb.press(K.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    answers.add("ask_hand_out", hand_out)
    kb.press(K.Key_B, CTRL | SHIFT)
    _back(qtbot, window)
    payments, risk = out / "plan - Payments.okr", out / "plan - Risk.okr"
    assert payments.exists() and risk.exists()
    assert rows(plan, "SELECT name, merged_at FROM breakout ORDER BY id") == [
        ("Payments", ""),
        ("Risk", ""),
    ]
    assert window.document.undo_stack.undoText() == "Hand out 2 breakouts"
    assert window.breakouts.panel.view.list.topLevelItemCount() == 2

    # ---- the Payments group at its laptop: its own items change, the rest is locked
    answers.add("ask_open_path", payments)
    kb.press(K.Key_O, CTRL)
    doc = window.document
    assert doc.path == payments
    banner = window.breakouts.banner
    assert banner.isVisible() and "Breakout for “Payments” of “Acme 2027 Q1”" in banner.label.text()
    assert not window.breakouts.hand_out_action.isEnabled()  # no breakout of a breakout
    _rename(kb, doc, ("objective", t.pay), "Pay with a glance")
    _rename(kb, doc, ("key_result", t.wallets), "Wallets live")
    answers.add("show_error", None)
    _rename(kb, doc, ("objective", t.grow), "Grow at all costs")  # the company's: locked
    [refusal] = answers.texts("show_error")
    assert "“Grow revenue” is shown for context only" in refusal
    doc.select(("objective", t.grow))
    assert "🔒" in window.inspector.page.context.text()
    assert _title(payments, "objective", t.grow) == "Grow revenue"

    # ---- the plenary, meanwhile, in the main workshop
    answers.add("ask_open_path", plan)
    kb.press(K.Key_O, CTRL)
    doc = window.document
    assert not window.breakouts.banner.isVisible()
    _rename(kb, doc, ("key_result", t.wallets), "Wallets soon")

    # ---- File → Breakouts → Merge… (Ctrl+Shift+M): the conflict, the group's version
    def merge(dialog: QDialog) -> bool:
        _shown(qtbot, dialog)
        [conflict] = dialog.conflicts
        assert (conflict.theirs, conflict.ours) == ("Wallets live", "Wallets soon")
        assert dialog.table.item(0, 3).text() == "Wallets live"  # the group's, beside
        assert dialog.table.item(0, 4).text() == "Wallets soon"  # the room's
        dialog.takes[0].setFocus()
        kb.press(K.Key_Down)  # "The group's"
        kb.press(K.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    answers.add("ask_breakout_files", [payments]).add("ask_merge", merge)
    kb.press(K.Key_M, CTRL | SHIFT)
    _back(qtbot, window)
    assert _title(plan, "objective", t.pay) == "Pay with a glance"
    assert _title(plan, "key_result", t.wallets) == "Wallets live"
    [(merged_at, summary)] = rows(
        plan, "SELECT merged_at, merge_summary FROM breakout WHERE name = 'Payments'"
    )
    assert merged_at and summary == "1 changed, 1 conflict"
    assert doc.undo_stack.undoText() == "Merge the breakout “Payments”"

    # ---- undo and redo: one step each, the mark with it
    kb.press(K.Key_Z, CTRL)
    assert _title(plan, "objective", t.pay) == "Pay in one tap"
    assert _title(plan, "key_result", t.wallets) == "Wallets soon"
    assert rows(plan, "SELECT merged_at FROM breakout WHERE name = 'Payments'") == [("",)]
    kb.press(K.Key_Z, CTRL | SHIFT)
    assert _title(plan, "key_result", t.wallets) == "Wallets live"
    assert rows(plan, "SELECT merged_at FROM breakout WHERE name = 'Payments'") != [("",)]
    item = window.breakouts.panel.view.list.topLevelItem(0)
    assert item.text(0) == "Payments" and item.text(3) == "1 changed, 1 conflict"
