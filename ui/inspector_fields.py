"""Editors for one field each, used by the inspector.

Every editor loads a stored value with :meth:`load` and emits ``committed``
when the user finished editing (Return, leaving the field, picking a choice),
never on every keystroke. :meth:`value` parses what is shown; it raises
:class:`ValueError` with a plain message when the text is not a valid value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFocusEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from ui.numbers import BadValue, format_number, parse_number
from ui.tree_items import line_edit


class TextField(QLineEdit):
    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editingFinished.connect(self._finished)
        self._loaded = ""

    def load(self, value: Any) -> None:
        self._loaded = value or ""
        self.setText(self._loaded)
        self.setCursorPosition(0)

    def value(self) -> Any:
        return self.text()

    def _finished(self) -> None:
        # Also when unmodified but not saved: Enter retries an edit the file refused.
        if self.isModified() or self.text() != self._loaded:
            self.setModified(False)
            self.committed.emit()

    def set_editable(self, editable: bool) -> None:
        self.setReadOnly(not editable)
        show_read_only(self, not editable)


def show_read_only(field: QWidget, read_only: bool) -> None:
    """A read-only text field drawn on the window's colour, not the white (or dark) of a
    field waiting for typing: a locked field should not look editable. Its text can
    still be selected and copied. Editable again, it takes the app's palette back."""
    if read_only:
        palette = QPalette(field.palette())
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        field.setPalette(palette)
    else:
        field.setPalette(QPalette())


class LongTextField(QPlainTextEdit):
    """Several lines of text; committed when focus leaves the field."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self._loaded = ""

    def load(self, value: Any) -> None:
        self._loaded = value or ""
        if self.toPlainText() != self._loaded:
            self.setPlainText(self._loaded)

    def value(self) -> Any:
        return self.toPlainText()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText() != self._loaded:
            self.committed.emit()

    def set_editable(self, editable: bool) -> None:
        self.setReadOnly(not editable)
        show_read_only(self, not editable)


class NumberField(TextField):
    """A number in the user's locale ("12,5" in German, "12.5" in English).

    With ``percent=True`` the stored value is a share (0.8) shown as a percentage (80).
    """

    def __init__(self, what: str, *, percent: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.what = what
        self.percent = percent
        self.setPlaceholderText(self.tr("none"))

    def load(self, value: Any) -> None:
        shown = None if value is None else (value * 100 if self.percent else value)
        super().load(format_number(shown))

    def value(self) -> Any:
        text = self.text().strip().removesuffix("%").strip()
        try:
            number = parse_number(text)
        except BadValue:
            example = format_number(12.5)
            raise ValueError(
                f"The {self.what} must be a number, like {example}, not “{text}”."
            ) from None
        if number is None:
            return None
        return number / 100 if self.percent else number


def fit_to_panel(combo: QComboBox) -> None:
    """The combo box takes the panel's width, whatever its longest choice: a key result
    title of 200 characters would otherwise widen the whole inspector past its dock
    (Qt sizes a combo box by its contents when it is first shown)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)


class ChoiceField(QComboBox):
    """One value out of a list; ``None`` is a choice too (shown as its own label)."""

    committed = Signal()
    _NONE = "\x00none"  # stands for None in the combo's item data

    def __init__(self, choices: Sequence[tuple[Any, str]], parent: QWidget | None = None):
        super().__init__(parent)
        fit_to_panel(self)
        self.set_choices(choices)
        self.activated.connect(lambda _i: self.committed.emit())

    def set_choices(self, choices: Sequence[tuple[Any, str]]) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            for value, label in choices:
                self.addItem(label, self._NONE if value is None else value)
        finally:
            self.blockSignals(False)

    def load(self, value: Any) -> None:
        index = self.findData(self._NONE if value is None else value)
        if index < 0:  # an unknown stored value is shown as it is
            self.addItem(str(value), value)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def value(self) -> Any:
        data = self.currentData()
        return None if data == self._NONE else data

    def set_editable(self, editable: bool) -> None:
        self.setEnabled(editable)


class OwnerField(QComboBox):
    """Pick a person, or type a new name (the service adds the person in the same step)."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_panel(self)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = line_edit(self)
        line.setPlaceholderText(self.tr("nobody yet — pick or type a name"))
        line.editingFinished.connect(self._finished)
        self.activated.connect(lambda _i: self._finished())
        self._loaded = ""

    def set_people(self, names: Sequence[str]) -> None:
        text = self.currentText()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem("")
            self.addItems(sorted(names, key=str.casefold))
            self.setEditText(text)
        finally:
            self.blockSignals(False)

    def load(self, value: Any) -> None:
        self._loaded = value or ""
        self.blockSignals(True)
        try:
            index = self.findText(self._loaded)
            self.setCurrentIndex(max(index, 0))
            self.setEditText(self._loaded)
        finally:
            self.blockSignals(False)

    def value(self) -> Any:
        return self.currentText().strip()

    def _finished(self) -> None:
        if self.value() != self._loaded:
            self.committed.emit()

    def set_editable(self, editable: bool) -> None:
        self.setEnabled(editable)


class DateField(QWidget):
    """A date, or none: a check box says whether there is one."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(self.tr("set"))
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")  # unambiguous in every country
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.check.toggled.connect(self._toggled)
        self.edit.editingFinished.connect(self._finished)
        self._loaded: dt.date | None = None
        self._loading = False

    def load(self, value: Any) -> None:
        self._loading = True
        try:
            self._loaded = value
            self.check.setChecked(value is not None)
            self.edit.setEnabled(value is not None and self.check.isEnabled())
            if value is not None:
                self.edit.setDate(QDate(value.year, value.month, value.day))
            else:
                self.edit.setDate(QDate.currentDate())
        finally:
            self._loading = False

    def value(self) -> Any:
        if not self.check.isChecked():
            return None
        d = self.edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if not self._loading:
            self._finished()

    def _finished(self) -> None:
        if not self._loading and self.value() != self._loaded:
            self.committed.emit()

    def set_editable(self, editable: bool) -> None:
        self.check.setEnabled(editable)
        self.edit.setEnabled(editable and self.check.isChecked())
