"""The note dialog: a question, parked topic, decision or action raised in the room.

:func:`ask_note` is the one entry point (tests replace it): it shows the dialog about
the selected item (or the workshop) and returns what the services take, or None when
cancelled. The text field has the keyboard; Alt+Q / Alt+P / Alt+D / Alt+A (or Ctrl+1…4)
choose the kind; an action also has an owner and a due date; Enter adds the note.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.room_notes import NoteData
from ui import theme
from ui.numbers import BadValue, parse_date
from ui.wizard.common import set_text_colour

#: The kinds, in the order of their buttons (Ctrl+1…4).
KINDS = ("question", "parked", "decision", "action")


def item_title(data: WorkshopData, key: ItemKey | None) -> str:
    """An item's title or name as the room knows it ("" for the workshop)."""
    if key is None:
        return ""
    kind, item_id = key
    if kind == "unit" and item_id in data.units:
        return data.units[item_id].name
    if kind == "objective" and item_id in data.objectives:
        return data.objectives[item_id].title
    if kind == "key_result" and item_id in data.key_results:
        return data.key_results[item_id].title
    return ""


def _room_size(dialog: QDialog, parent: QWidget | None) -> None:
    """The presentation type size where the room sees the dialog (one screen)."""
    from ui.presenter import dialog_scale

    scale = dialog_scale(parent)
    if scale is not None and dialog.font().pointSizeF() > 0:
        font = dialog.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        dialog.setFont(font)


class NoteDialog(QDialog):
    """Add or edit one note (see the module's notes); ``values()`` after it is accepted."""

    def __init__(
        self,
        data: WorkshopData,
        item: ItemKey | None,
        note: NoteData | None = None,
        parent: QWidget | None = None,
        *,
        kind: str = "question",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("noteDialog")
        _room_size(self, parent)
        self.item = item
        self.setWindowTitle(self.tr("Edit note") if note else self.tr("Add a note"))
        layout = QVBoxLayout(self)
        title = item_title(data, item)
        self.about = QLabel(
            self.tr("About: {0}").format(title) if title else self.tr("About the workshop")
        )
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.about)
        self.whole = QCheckBox(self.tr("About the &whole workshop instead"))
        self.whole.setVisible(item is not None)
        layout.addWidget(self.whole)

        self.kinds = QButtonGroup(self)
        row = QHBoxLayout()
        labels = (
            self.tr("&Question"),
            self.tr("&Parked topic"),
            self.tr("&Decision"),
            self.tr("&Action"),
        )
        for i, label in enumerate(labels):
            button = QRadioButton(label)
            button.setObjectName(f"kind_{KINDS[i]}")
            self.kinds.addButton(button, i)
            row.addWidget(button)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.activated.connect(button.click)
        row.addStretch(1)
        layout.addLayout(row)

        self.text = QLineEdit()
        self.text.setObjectName("noteText")
        self.text.setPlaceholderText(self.tr("What was said, in a sentence"))
        self.owner = QComboBox()
        self.owner.setObjectName("noteOwner")
        self.owner.setEditable(True)
        self.owner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.owner.addItem("")
        self.owner.addItems(
            sorted({p.name for p in data.people.values() if p.name.strip()}, key=str.casefold)
        )
        self.due = QLineEdit()
        self.due.setObjectName("noteDue")
        self.due.setPlaceholderText(self.tr("e.g. 2027-03-31"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("&Note:"), self.text)
        self.form.addRow(self.tr("&Owner:"), self.owner)
        self.form.addRow(self.tr("D&ue date:"), self.due)
        layout.addLayout(self.form)
        self.reason = QLabel()
        self.reason.setObjectName("noteReason")
        set_text_colour(self.reason, theme.current().error)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Save") if note else self.tr("Add"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kinds.idToggled.connect(lambda _i, _on: self._show_action_fields())
        self._fill(data, note, kind)
        self.text.setFocus()
        self.resize(max(self.sizeHint().width(), 560), self.sizeHint().height())

    def _fill(self, data: WorkshopData, note: NoteData | None, kind: str) -> None:
        if note is not None:
            kind = note.kind
            self.text.setText(note.text)
            self.owner.setCurrentText(data.person_name(note.owner_id) or "")
            self.due.setText(note.due_date.isoformat() if note.due_date else "")
        self.kinds.button(KINDS.index(kind) if kind in KINDS else 0).setChecked(True)
        self._show_action_fields()

    @property
    def kind(self) -> str:
        return KINDS[max(self.kinds.checkedId(), 0)]

    def _show_action_fields(self) -> None:
        action = self.kind == "action"
        for field in (self.owner, self.due):
            field.setVisible(action)
            self.form.labelForField(field).setVisible(action)

    def _due(self) -> dt.date | None:
        return parse_date(self.due.text()) if self.kind == "action" else None

    def accept(self) -> None:
        if not self.text.text().strip():
            self.reason.setText(self.tr("Write what was said to add the note."))
            self.text.setFocus()
            return
        try:
            self._due()
        except BadValue:
            self.reason.setText(
                self.tr("“{0}” is not a date: write it like 2027-03-31.").format(self.due.text())
            )
            self.due.setFocus()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        """What the note services take: kind, text, item, and an action's owner and due."""
        action = self.kind == "action"
        return {
            "kind": self.kind,
            "text": self.text.text().strip(),
            "item": None if self.whole.isChecked() else self.item,
            "owner_name": self.owner.currentText().strip() if action else "",
            "due_date": self._due(),
        }


def ask_note(
    parent: QWidget | None,
    data: WorkshopData,
    item: ItemKey | None,
    note: NoteData | None = None,
    kind: str = "question",
) -> dict[str, Any] | None:
    """Show the note dialog; the note's values, or None when cancelled."""
    dialog = NoteDialog(data, item, note, parent, kind=kind)
    try:
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
