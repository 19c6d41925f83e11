"""Typing into the cascade wizard the way a person does: key by key."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

#: The key result editor's columns in Tab order (see ui.wizard.draft.KR_COLUMNS).
ROW_ORDER = (
    "title",
    "metric",
    "baseline",
    "target",
    "unit_of_measure",
    "owner_name",
    "direction",
    "due_date",
    "work_type",
)


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(text: str, widget: QWidget | None = None) -> None:
    """Type ``text`` into the focused widget; characters beyond ASCII arrive as an
    input method would send them (QTest cannot synthesise them as key codes)."""
    target = widget or focus()
    for ch in text:
        if ch.isascii() and ch.isprintable():
            QTest.keyClicks(target, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                QApplication.sendEvent(target, event)


def paste_text(text: str) -> None:
    """Paste ``text`` into the focused widget with Ctrl+V (a long text is pasted, not typed)."""
    QApplication.clipboard().setText(text)
    QTest.keyClick(focus(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def enter_text(text: str) -> None:
    if len(text) > 200:
        paste_text(text)
    else:
        type_text(text)


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focus(), k, modifier)


def tab() -> None:
    key(Qt.Key.Key_Tab)


def enter() -> None:
    key(Qt.Key.Key_Return)


def go_on() -> None:
    """Ctrl+Enter: Next, or Finish on the last page."""
    key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def type_row(values: dict[str, str]) -> None:
    """Fill the current row from its first cell: Tab between cells, Enter at the end.

    Choice cells take the first letter(s) of an entry ("D" for Decrease).
    """
    last = max(ROW_ORDER.index(name) for name in values) if values else 0
    for i, name in enumerate(ROW_ORDER[: last + 1]):
        value = values.get(name, "")
        if value:
            enter_text(value)
        if i < last:
            tab()
    enter()
