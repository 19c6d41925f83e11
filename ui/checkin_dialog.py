"""Check in on a key result, fast: select it, press Ctrl+K, type the value, Enter.

The dialog opens on the value; confidence (as %), a comment, who checked in (the key
result's owner, unless changed) and the day (today, unless changed) are optional. While
the value is typed, the score it would give is shown beside its colour, so the room
sees at once what the number means. Enter records the check-in through
:func:`okr_studio.services.add_check_in`: one transaction, one undo step. A value the
service refuses is explained under the fields and the dialog stays open; Esc leaves
without a change.

:func:`start_check_in` opens the dialog without blocking (window-modal) and returns it,
so a test types into it like a person and presses Enter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from okr_studio import services
from okr_studio.errors import OkrError
from okr_studio.events import Change
from okr_studio.numbers import format_number as core_number
from okr_studio.scores import key_result_score, score_value
from ui.checkin_table import day_text
from ui.document import Document
from ui.numbers import BadValue, format_number, parse_number
from ui.review_score import ScoreChip


def today() -> dt.date:
    """The day a new check-in defaults to (tests replace it)."""
    return dt.date.today()


class CheckInDialog(QDialog):
    """The value (and optionally confidence, comment, who, day) of one check-in."""

    def __init__(
        self, parent: QWidget | None, doc: Document, kr_id: int, *, scale: float | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checkInDialog")
        self.doc = doc
        self.kr_id = kr_id
        #: The change recorded (None until Enter was pressed and the file took it).
        self.change: Change | None = None
        kr = doc.data.key_results[kr_id]
        self.setWindowTitle(self.tr("Check in"))
        if scale:
            bigger = QFont(self.font())
            bigger.setPointSizeF(bigger.pointSizeF() * scale)
            self.setFont(bigger)
        layout = QVBoxLayout(self)
        heading = QLabel(kr.title or self.tr("(untitled key result)"))
        heading.setObjectName("checkInTitle")
        heading.setWordWrap(True)
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.25)
        heading.setFont(bold)
        layout.addWidget(heading)
        self.about = QLabel(self._about())
        self.about.setObjectName("checkInAbout")
        self.about.setWordWrap(True)
        layout.addWidget(self.about)
        layout.addLayout(self._form())
        self.preview = ScoreChip()
        self.preview.setObjectName("checkInPreview")
        layout.addWidget(self.preview)
        self.message = QLabel()
        self.message.setObjectName("checkInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0272d; font-weight: bold;")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(self.tr("Check In"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok.setDefault(True)  # Enter checks in (set once the button is in the dialog)
        for big in (self.value, self.preview):  # what the room watches being typed
            font = QFont(big.font())
            font.setPointSizeF(font.pointSizeF() * 1.5)
            big.setFont(font)
        self.value.textChanged.connect(self._update_preview)
        self._update_preview()
        self.setMinimumWidth(round(520 * (scale or 1.0)))
        self.value.setFocus()

    def _form(self) -> QFormLayout:
        data = self.doc.data
        kr = data.key_results[self.kr_id]
        form = QFormLayout()
        self.value = QLineEdit()
        self.value.setObjectName("checkInValue")
        unit = f" ({kr.unit_of_measure})" if kr.unit_of_measure else ""
        self.value.setPlaceholderText(self.tr("the number measured, e.g. {example}").format(
            example=format_number(12.5)))  # fmt: skip
        form.addRow(self.tr("&Value{unit}").format(unit=unit), self.value)
        self.confidence = QLineEdit()
        self.confidence.setObjectName("checkInConfidence")
        self.confidence.setPlaceholderText(self.tr("optional, e.g. 70"))
        form.addRow(self.tr("C&onfidence (%)"), self.confidence)
        self.comment = QLineEdit()
        self.comment.setObjectName("checkInComment")
        self.comment.setPlaceholderText(self.tr("optional: what moved it"))
        form.addRow(self.tr("Co&mment"), self.comment)
        self.who = QComboBox()
        self.who.setObjectName("checkInWho")
        self.who.setEditable(True)
        self.who.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.who.addItems(
            sorted((p.name for p in data.people.values() if p.name), key=str.casefold)
        )
        self.who.setEditText(data.person_name(kr.owner_id))
        form.addRow(self.tr("&Who"), self.who)
        self.day = QDateEdit()
        self.day.setObjectName("checkInDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")  # unambiguous in every country
        d = today()
        self.day.setDate(QDate(d.year, d.month, d.day))
        form.addRow(self.tr("&Date"), self.day)
        return form

    def _about(self) -> str:
        data = self.doc.data
        kr = data.key_results[self.kr_id]
        unit = f" {kr.unit_of_measure}" if kr.unit_of_measure else ""
        plan = self.tr("From {baseline} to {target}{unit}").format(
            baseline=core_number(kr.baseline, empty="?"),
            target=core_number(kr.target, empty="?"),
            unit=unit,
        )
        latest = data.latest_check_in(self.kr_id)
        if latest is None:
            return self.tr("{plan}. No check-in yet.").format(plan=plan)
        score = key_result_score(data, self.kr_id)
        return self.tr("{plan}. Last check-in: {value}{unit} on {day} (score {score}).").format(
            plan=plan,
            value=core_number(latest.value),
            unit=unit,
            day=day_text(latest.date),
            score=score.text,
        )

    # ---- values ------------------------------------------------------------------------
    def _number(self, edit: QLineEdit, what: str) -> float | None:
        text = edit.text().strip().removesuffix("%").strip()
        try:
            return parse_number(text)
        except BadValue:
            raise ValueError(
                self.tr("The {what} must be a number, like {example}, not “{text}”.").format(
                    what=what, example=format_number(12.5), text=text[:60]
                )
            ) from None

    def _update_preview(self) -> None:
        kr = self.doc.data.key_results[self.kr_id]
        try:
            value = self._number(self.value, self.tr("value"))
        except ValueError:
            value = None
        score = score_value(kr, value)
        if value is None:
            self.preview.set_score(score)
            self.preview.setText(self.tr("Type the value to see its score."))
            self.preview.plain = self.preview.text()
            return
        self.preview.set_score(score, self.tr("with this value"))

    def values(self) -> dict[str, Any]:
        """What the service is called with; raises ValueError with a reason to show."""
        value = self._number(self.value, self.tr("value"))
        if value is None:
            raise ValueError(self.tr("Type the value measured, then press Enter."))
        confidence = self._number(self.confidence, self.tr("confidence"))
        d = self.day.date()
        return {
            "value": value,
            "confidence": None if confidence is None else confidence / 100,
            "comment": self.comment.text().strip(),
            "person_name": self.who.currentText().strip(),
            "date": dt.date(d.year(), d.month(), d.day()),
        }

    def accept(self) -> None:
        try:
            values = self.values()
            kr_id = self.kr_id
            self.change = self.doc.execute(lambda ws: services.add_check_in(ws, kr_id, **values))
        except (ValueError, OkrError) as exc:
            self.message.setText(str(exc))
            self.message.show()
            self.value.setFocus()
            return
        super().accept()


def start_check_in(parent: QWidget | None, doc: Document, kr_id: int) -> CheckInDialog | None:
    """Open the check-in dialog for key result ``kr_id`` (not blocking); None when the
    key result is gone or the file is read-only."""
    if kr_id not in doc.data.key_results or doc.read_only:
        return None
    from ui.presenter import dialog_scale

    scale = dialog_scale(parent)  # large only where the room sees it (one screen)
    dialog = CheckInDialog(parent, doc, kr_id, scale=scale)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.value.setFocus()
    return dialog
