"""The cascade wizard's team field: typing a team's name picks it.

The list shows the units below the parent key result indented by level, so Qt's own
search by first letters cannot find "Product" behind its indent. :class:`TeamCombo`
matches what is typed against the names themselves (start of the name first, then
anywhere in it), as fast as the room types. A name that matches no team picks the
"new team" entry and carries the typed text into ``new_name`` with the keyboard, so
the team is created under that name.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

#: The role holding each entry's plain name (the shown text is indented).
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class TeamCombo(QComboBox):
    """A combo box of teams that picks by the name typed (see the module's notes)."""

    def __init__(self, new_team: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_team = new_team
        #: Where a name that matches no team goes on being typed.
        self.new_name: QLineEdit | None = None
        self._typed = ""
        self._last = 0.0

    def add_team(self, shown: str, name: str, data: object) -> None:
        self.addItem(shown, data)
        self.setItemData(self.count() - 1, name, NAME_ROLE)

    def match(self, typed: str) -> int:
        """The entry whose name starts with ``typed`` (else holds it); -1 for none."""
        wanted = typed.casefold().strip()
        if not wanted:
            return -1
        names = [
            (i, str(self.itemData(i, NAME_ROLE) or "").casefold()) for i in range(self.count())
        ]
        for test in (str.startswith, str.__contains__):
            found = next((i for i, name in names if name and test(name, wanted)), -1)
            if found >= 0:
                return found
        return -1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if not (plain and text and text.isprintable()):
            super().keyPressEvent(event)
            return
        now = time.monotonic()
        if now - self._last > QApplication.keyboardInputInterval() / 1000:
            self._typed = ""
        self._last = now
        self._typed += text
        found = self.match(self._typed)
        if found >= 0:
            self.setCurrentIndex(found)
        elif self.new_name is not None:
            self.setCurrentIndex(self.findData(self.new_team))
            self.new_name.setText(self._typed)
            self.new_name.setFocus()
            self._typed = ""
        event.accept()
