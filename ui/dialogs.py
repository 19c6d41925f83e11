"""Every modal question the app asks, in one place.

Call these through the module (``dialogs.confirm(...)``, never ``from ui.dialogs
import confirm``) so tests can replace them with ``monkeypatch.setattr`` and no
modal dialog ever blocks a test run. The dialog classes are imported by the functions
that show them: the window's first paint needs none of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from okr_studio.errors import OkrError

P = ParamSpec("P")
R = TypeVar("R")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


def _gives_focus_back(ask: Callable[P, R]) -> Callable[P, R]:
    """After the question, the keyboard is back where it was (the canvas, usually),
    also where no window manager reactivates the main window by itself."""

    @functools.wraps(ask)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        before = QApplication.focusWidget()
        try:
            return ask(*args, **kwargs)
        finally:
            if before is not None and QApplication.focusWidget() is None:
                try:
                    before.window().activateWindow()
                    before.setFocus()
                except RuntimeError:  # the widget is gone meanwhile
                    pass

    return wrapper


@_gives_focus_back
def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    detail: str = "",
    ok_text: str = "",
    destructive: bool = False,
) -> bool:
    """Ask a yes/no question; returns True when the user accepts."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    # Alt + the first letter answers from the keyboard (the safe answer is the default).
    ok_text = ok_text or _tr("OK")
    shown = ok_text if "&" in ok_text else f"&{ok_text}"
    ok = box.addButton(shown, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else ok)
    box.exec()
    return box.clickedButton() is ok


@_gives_focus_back
def show_error(parent: QWidget | None, error: BaseException | str, *, title: str = "") -> None:
    """Show an error in words a facilitator understands (never a bare traceback)."""
    from PySide6.QtWidgets import QMessageBox

    if isinstance(error, OkrError | str):
        text = str(error)
    else:
        text = _tr("Something went wrong: {error}").format(error=error)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or "OKR Studio")
    box.setText(text)
    box.exec()


@_gives_focus_back
def show_info(parent: QWidget | None, text: str, *, title: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title or "OKR Studio")
    box.setText(text)
    box.exec()


@_gives_focus_back
def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """Ask for one line of text; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None
