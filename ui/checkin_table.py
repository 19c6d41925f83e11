"""A key result's check-ins as an editable table, in the inspector.

One row per check-in, oldest first (as the chart reads): date, value, confidence (%),
comment and who. Editing a cell (F2, a double-click or typing) and leaving it records
the change through :func:`okr_studio.services.update_check_in`; Delete removes the
selected check-ins through :func:`okr_studio.services.delete_check_in`. Each is one
undo step. A value that cannot be read, or that the file refuses, is said in
:attr:`CheckInTable.problem` and the row shows what the file holds again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from okr_studio import services
from okr_studio.data import CheckInData, WorkshopData
from okr_studio.errors import OkrError
from ui.document import Document
from ui.numbers import BadValue, format_number, parse_date, parse_number

_ID = Qt.ItemDataRole.UserRole
#: The columns, by the field each edits.
FIELDS = ("date", "value", "confidence", "person_name", "comment")
#: How a cell is edited: F2, a double-click, or typing over it.
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)
#: Most rows shown before the table scrolls.
VISIBLE_ROWS = 8


def day_text(day: dt.date, *, year: bool = True) -> str:
    """A day as the inspector's date fields show it, in the user's language: "31 Mar
    2027" ("31 März 2027" in German); without the year: "31 Mar"."""
    return QLocale().toString(
        QDate(day.year, day.month, day.day), "d MMM yyyy" if year else "d MMM"
    )


class CheckInTable(QTableWidget):
    #: A reason to show (a value refused), or "" when the last edit went through.
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(FIELDS), parent)
        self.setObjectName("checkInTable")
        self.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Value"), self.tr("Conf. %"), self.tr("Who"),
             self.tr("Comment")]
        )  # fmt: skip
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(EDIT_TRIGGERS)
        self.setWordWrap(False)
        # As wide as the dock: the comment takes what is left, a long one is elided (its
        # whole text is the cell's tooltip) and the table never scrolls sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, self.fontMetrics().horizontalAdvance("Maria Gonz") + 12)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.doc: Document | None = None
        self.kr_id: int | None = None
        self._loading = False
        self.itemChanged.connect(self._edited)

    # ---- showing ----------------------------------------------------------------------
    def load(self, doc: Document | None, kr_id: int | None) -> None:
        self.doc, self.kr_id = doc, kr_id
        data = doc.data if doc is not None else None
        rows = (
            [(c, self._texts(data, c)) for c in data.check_ins_of(kr_id)]
            if data is not None and kr_id is not None
            else []
        )
        check_ins = [c for c, _texts in rows]
        self._loading = True
        try:
            self.setRowCount(len(rows))
            for row, (c, texts) in enumerate(rows):
                for col, text in enumerate(texts):
                    item = self.item(row, col)
                    if item is None:
                        item = QTableWidgetItem()
                        self.setItem(row, col, item)
                    if item.text() != text:
                        item.setText(text)
                        item.setToolTip(text)
                    item.setData(_ID, c.id)
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        if col in (1, 2)
                        else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                    )
        finally:
            self._loading = False
        editable = doc is not None and not doc.read_only
        self.setEditTriggers(
            EDIT_TRIGGERS if editable else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        shown = min(max(len(check_ins), 1), VISIBLE_ROWS)
        height = (
            self.horizontalHeader().height() + shown * self.verticalHeader().defaultSectionSize()
        )
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)
        if check_ins:
            self.scrollToBottom()

    @staticmethod
    def _texts(data: WorkshopData, c: CheckInData) -> list[str]:
        confidence = "" if c.confidence is None else format_number(round(c.confidence * 100, 1))
        return [
            day_text(c.date),
            format_number(c.value),
            confidence,
            data.person_name(c.person_id),
            c.comment,
        ]

    def check_in_ids(self) -> list[int]:
        items = (self.item(r, 0) for r in range(self.rowCount()))
        return [item.data(_ID) for item in items if item is not None]

    # ---- editing ----------------------------------------------------------------------
    def _value(self, field: str, text: str) -> Any:
        text = text.strip()
        try:
            if field == "date":
                return parse_date(text)
            if field == "value":
                return parse_number(text)
            if field == "confidence":
                number = parse_number(text.removesuffix("%").strip())
                return None if number is None else number / 100
        except BadValue:
            what = {"date": self.tr("date"), "value": self.tr("value")}.get(
                field, self.tr("confidence")
            )
            raise ValueError(
                self.tr("The {what} “{text}” cannot be read.").format(what=what, text=text[:60])
            ) from None
        return text

    def _edited(self, item: QTableWidgetItem) -> None:
        doc = self.doc
        if self._loading or doc is None or self.kr_id is None:
            return
        field = FIELDS[item.column()]
        check_in_id = int(item.data(_ID))
        try:
            value = self._value(field, item.text())
            doc.execute(lambda ws: services.update_check_in(ws, check_in_id, **{field: value}))
        except (ValueError, OkrError) as exc:
            self.problem.emit(str(exc))
            self.load(doc, self.kr_id)  # show what the file holds
            return
        self.problem.emit("")

    def delete_current(self) -> bool:
        """Delete the check-in of the current row (one undo step)."""
        doc = self.doc
        row = self.currentRow()
        first = self.item(row, 0) if row >= 0 else None
        if doc is None or doc.read_only or first is None:
            return False
        check_in_id = int(first.data(_ID))
        try:
            doc.execute(lambda ws: services.delete_check_in(ws, check_in_id))
        except OkrError as exc:
            self.problem.emit(str(exc))
            return False
        self.problem.emit("")
        if self.rowCount():
            self.setCurrentCell(min(row, self.rowCount() - 1), 0)
        return True

    def _deletes(self, event: QKeyEvent) -> bool:
        editing = self.state() == QAbstractItemView.State.EditingState
        return not editing and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)

    def event(self, event: QEvent) -> bool:
        # Delete here removes a check-in, never the key result (the window's Delete).
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and self._deletes(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._deletes(event):
            self.delete_current()
            event.accept()
            return
        super().keyPressEvent(event)
