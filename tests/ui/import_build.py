"""Files to import and a driver for the import preview, shared by the exchange UI tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

#: A sheet as a facilitator gets it: a department with a team, objectives and key
#: results, and five rows with something wrong (rows 5–9 in the file's numbering).
PROBLEM_CSV = """\
ID,Type,Parent,Title,Owner,Baseline,Target,Unit of measure
d1,Department,,Sales,,,,
o1,Objective,d1,Win the north,Ana Lima,,,
k1,Key result,o1,Raise orders,Ana Lima,120,180,orders
k2,Key result,o1,Cut churn,Bo Berg,eight,5,%
k3,Key result,o9,Orphan result,,1,2,
,Gizmo,,Strange row,,,,
o2,Objective,d1,,,,,
k1,Key result,o1,Same id again,,,,
"""
#: Where the five problems are, in the order the preview lists them.
PROBLEM_PLACES = ["Row 5, Baseline", "Row 6, Parent", "Row 7, Type", "Row 8, Title", "Row 9, ID"]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def confirming(qtbot, check: Callable[[QDialog], None] | None = None):  # type: ignore[no-untyped-def]
    """An ``ask_preview`` stand-in: shows the real dialog, runs ``check`` on it (which
    presses keys and clicks), then confirms with Ctrl+Enter as a user would."""

    def drive(dialog: QDialog) -> bool:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)  # its shortcuts and mnemonics work
        if check is not None:
            check(dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        accepted = dialog.result() == QDialog.DialogCode.Accepted
        dialog.close()
        return accepted

    return drive
