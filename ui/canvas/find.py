"""Find on the canvas (Ctrl+F): jumps to objectives and key results whose title
or owner contains the text; Enter or F3 goes to the next match, Shift+Enter or
Shift+F3 to the previous one, Esc closes the bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey

if TYPE_CHECKING:
    from ui.canvas.view import CanvasView


def matches(data: WorkshopData, text: str) -> list[ItemKey]:
    """Items whose title, unit name or owner contains ``text`` (case-insensitive), tree order."""
    needle = text.casefold().strip()
    if not needle:
        return []
    out: list[ItemKey] = []
    for unit in data.walk_units():
        objectives = data.objectives_of(unit.id)
        if not objectives and needle in unit.name.casefold():
            out.append(("unit", unit.id))
        for obj in objectives:
            owner = data.person_name(obj.owner_id).casefold()
            if needle in obj.title.casefold() or needle in owner:
                out.append(("objective", obj.id))
            for kr in data.key_results_of(obj.id):
                owner = data.person_name(kr.owner_id).casefold()
                if needle in kr.title.casefold() or needle in owner:
                    out.append(("key_result", kr.id))
    return out


class _Field(QLineEdit):
    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.bar.find_next(backwards=back)
            return
        if key == Qt.Key.Key_F3:
            self.bar.find_next(backwards=back)
            return
        if key == Qt.Key.Key_Escape:
            self.bar.close_bar()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """A small bar over the top-right corner of the canvas."""

    def __init__(self, view: CanvasView) -> None:
        super().__init__(view)
        self.view = view
        self.results: list[ItemKey] = []
        self.index = -1
        self.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        self.field = _Field(self)
        self.field.setPlaceholderText(self.tr("Find titles and owners"))
        self.field.setAccessibleName(self.tr("Find"))
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.count = QLabel("", self)
        self.count.setMinimumWidth(70)
        prev = QToolButton(self)
        prev.setText("▲")
        prev.setToolTip(self.tr("Previous match (Shift+F3)"))
        prev.clicked.connect(lambda: self.find_next(backwards=True))
        nxt = QToolButton(self)
        nxt.setText("▼")
        nxt.setToolTip(self.tr("Next match (F3)"))
        nxt.clicked.connect(lambda: self.find_next())
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip(self.tr("Close (Esc)"))
        close.clicked.connect(self.close_bar)
        for w in (self.field, self.count, prev, nxt, close):
            row.addWidget(w)
        self.field.setMinimumWidth(220)
        self.hide()

    def place(self) -> None:
        self.adjustSize()
        vp = self.view.viewport().geometry()
        self.move(vp.right() - self.width() - 12, vp.top() + 10)

    def open_bar(self) -> None:
        self.show()
        self.place()
        self.raise_()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def reset(self) -> None:
        self.results = []
        self.index = -1
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.count.setText("")
        self.hide()

    def _search(self, text: str) -> None:
        doc = self.view.document
        self.results = matches(doc.data, text) if doc is not None else []
        self.index = -1
        if self.results:
            self.find_next()
        else:
            self.count.setText(self.tr("no match") if text.strip() else "")

    def find_next(self, *, backwards: bool = False) -> ItemKey | None:
        """Select and reveal the next match; the bar opens if it was closed."""
        if not self.isVisible():
            self.open_bar()
        doc = self.view.document
        if doc is None:
            return None
        if not self.results and self.field.text().strip():
            self.results = matches(doc.data, self.field.text())
        if not self.results:
            return None
        step = -1 if backwards else 1
        self.index = (self.index + step) % len(self.results)
        key = self.results[self.index]
        self.count.setText(
            self.tr("{number} of {count}").format(number=self.index + 1, count=len(self.results))
        )
        if doc.exists(key):
            doc.select(key)
            self.view.ensure_visible(key)
        return key
