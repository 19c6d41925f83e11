"""The key result editor: a table typed from the keyboard alone.

Tab moves to the next cell (and on to the next row), Enter adds a row below the
last one (or moves down), Ctrl+Delete removes the current row. A title may carry the
whole key result on one line ("… from 20 to 40 @Ana García"): chips under the cell
show what it says while it is typed, and Enter fills the row's empty cells from it
(:mod:`ui.wizard.kr_entry`). Every other cell holds the text exactly as typed; the
wizard reads numbers and dates in the user's locale when it needs them.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from okr_studio.vocab import Direction, WorkType
from ui.entry_chips import EntryChips
from ui.wizard.draft import KR_COLUMNS, KR_FIELDS
from ui.wizard.kr_entry import entry_updates

_CHOICES: dict[str, list[tuple[str, str]]] = {
    "direction": [(d.value, d.label) for d in Direction],
    "work_type": [(w.value, w.label) for w in WorkType],
}
_PLACEHOLDERS = {
    "title": "e.g. Raise weekly active teams from 120 to 180 @Ana",
    "metric": "e.g. weekly active teams",
    "baseline": "today",
    "target": "goal",
    "unit_of_measure": "%, ms, €…",
    "due_date": "2027-03-31",
    "owner_name": "one person",
}
#: Text each column should show in full, to size it in the current font.
_WIDTHS = {
    "title": "Raise weekly active teams from 120 to 180",
    "metric": "weekly active teams",
    "baseline": "Baseline",
    "target": "12 000",
    "unit_of_measure": "Unit",
    "direction": "Keep above ▾",
    "due_date": "2027-03-31",
    "owner_name": "Ana García",
    "work_type": "Technical debt ▾",
}
VALUE_ROLE = Qt.ItemDataRole.UserRole


class _Delegate(QStyledItemDelegate):
    """Line edits for text, combo boxes for choices; Enter is the table's, not the editor's."""

    enterPressed = Signal()
    #: (row, field, text) while a cell is being typed, before it is committed.
    liveEdit = Signal(int, str, str)

    def __init__(self, table: KeyResultTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        name = KR_FIELDS[index.column()]
        row = index.row()
        if name in _CHOICES:
            combo = QComboBox(parent)
            for value, label in _CHOICES[name]:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, r=row, n=name: self.liveEdit.emit(r, n, c.currentData())
            )
            return combo
        edit = QLineEdit(parent)
        edit.setFrame(False)
        edit.setPlaceholderText(_PLACEHOLDERS.get(name, ""))
        if name == "owner_name" and self.table.people:
            completer = QCompleter(self.table.people, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
            # With the list of names open, Enter reaches the cell only as returnPressed
            # (the completer hands it over past the event filter): go on all the same.
            edit.returnPressed.connect(lambda e=edit: self._enter_after_completion(e))
        edit.textEdited.connect(lambda text, r=row, n=name: self.liveEdit.emit(r, n, text))
        return edit

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            i = editor.findData(index.data(VALUE_ROLE))
            editor.setCurrentIndex(max(i, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(index.data(VALUE_ROLE) or "")

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), VALUE_ROLE)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), VALUE_ROLE)
            model.setData(index, editor.text(), Qt.ItemDataRole.DisplayRole)

    def _enter_after_completion(self, editor: QLineEdit) -> None:
        mods = QApplication.keyboardModifiers()
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        self.enterPressed.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key()
            in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            )
        ):
            completer = obj.completer() if isinstance(obj, QLineEdit) else None
            popup = completer.popup() if completer is not None else None
            if popup is not None and popup.isVisible():
                return False  # let the completer take the highlighted name first
            if event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            ):
                return False  # Ctrl+Enter belongs to the wizard (next step)
            self.commitData.emit(obj)
            self.closeEditor.emit(obj, QStyledItemDelegate.EndEditHint.NoHint)
            self.enterPressed.emit()
            return True
        return super().eventFilter(obj, event)


class KeyResultTable(QTableWidget):
    """3–5 key results, one per row; cells keep the exact text typed."""

    #: Emitted whenever a cell's committed value changes or rows are added/removed.
    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, due_default: str = "") -> None:
        super().__init__(0, len(KR_COLUMNS), parent)
        self.due_default = due_default
        self.people: list[str] = []
        self._live: dict[tuple[int, str], str] = {}
        #: What a title being typed says (its context is set by the page).
        self.chips = EntryChips(self.viewport())
        self.setHorizontalHeaderLabels([label for _name, label in KR_COLUMNS])
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.CurrentChanged
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.delegate = _Delegate(self)
        self.setItemDelegate(self.delegate)
        self.delegate.enterPressed.connect(self._enter)
        self.delegate.liveEdit.connect(self._live_edit)
        self.itemChanged.connect(self._item_changed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.remove_shortcut = QShortcut(QKeySequence("Ctrl+Delete"), self)
        self.remove_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_shortcut.activated.connect(self.remove_current_row)
        self.fit_columns()

    # ---- rows -----------------------------------------------------------------------
    def add_row(self, values: dict[str, str] | None = None) -> int:
        values = values or {}
        row = self.rowCount()
        self.blockSignals(True)
        try:
            self.insertRow(row)
            for col, name in enumerate(KR_FIELDS):
                default = {"direction": "increase", "work_type": "feature"}.get(name, "")
                if name == "due_date":
                    default = self.due_default
                self._set_cell(row, col, values.get(name, default))
        finally:
            self.blockSignals(False)
        self.edited.emit()
        return row

    def _set_cell(self, row: int, col: int, value: str) -> None:
        name = KR_FIELDS[col]
        item = QTableWidgetItem()
        item.setData(VALUE_ROLE, value)
        shown = value
        if name in _CHOICES:
            shown = dict(_CHOICES[name]).get(value, value)
        item.setData(Qt.ItemDataRole.DisplayRole, shown)
        if name in {"baseline", "target"}:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setItem(row, col, item)

    def set_value(self, row: int, name: str, value: str) -> None:
        self._set_cell(row, KR_FIELDS.index(name), value)

    def remove_current_row(self) -> None:
        row = self.currentRow()
        if row < 0:
            return
        self._close_editor()
        self.removeRow(row)
        self._live.clear()
        if self.rowCount():
            self.setCurrentCell(min(row, self.rowCount() - 1), 0)
        self.edited.emit()

    def rows(self) -> list[dict[str, str]]:
        """Every row's values as text, with what is being typed right now."""
        out = []
        for row in range(self.rowCount()):
            values = {}
            for col, name in enumerate(KR_FIELDS):
                item = self.item(row, col)
                values[name] = (item.data(VALUE_ROLE) if item is not None else "") or ""
                if (row, name) in self._live:
                    values[name] = self._live[(row, name)]
            out.append(values)
        return out

    # ---- keyboard ---------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._enter()
            return
        super().keyPressEvent(event)

    def _enter(self) -> None:
        """Enter: a new row after the last one, otherwise the first cell of the next row."""
        row = max(self.currentRow(), 0)
        if row >= self.rowCount() - 1:
            row = self.add_row()
        else:
            row += 1
        self.setCurrentCell(row, 0)
        self.setFocus()
        self.start_editing()

    def start_editing(self) -> None:
        """Open the current cell's editor unless it is open already."""
        if self.state() != QAbstractItemView.State.EditingState and self.currentIndex().isValid():
            self.edit(self.currentIndex())

    def commit_editing(self) -> None:
        """Write the cell being typed into the table (before the page reads it)."""
        self._close_editor()

    def _close_editor(self) -> None:
        editor = self.indexWidget(self.currentIndex()) if self.currentIndex().isValid() else None
        if editor is None:
            for widget in self.viewport().findChildren(QWidget):
                if isinstance(widget, QLineEdit | QComboBox) and widget.isVisible():
                    editor = widget
                    break
        if editor is not None and self.state() == QAbstractItemView.State.EditingState:
            self.delegate.commitData.emit(editor)
            self.delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    # ---- change tracking ---------------------------------------------------------------
    def _live_edit(self, row: int, name: str, text: str) -> None:
        self._live[(row, name)] = text
        if name == "title":
            self.chips.attach(QApplication.focusWidget())  # the cell's editor
            self.chips.read(text)
            self.chips.place_under(self.visualRect(self.model().index(row, 0)))
        self.edited.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        self._live.pop((item.row(), KR_FIELDS[item.column()]), None)
        if KR_FIELDS[item.column()] == "title":
            self._fields_from_title(item.row())
        self.edited.emit()

    def _fields_from_title(self, row: int) -> None:
        """A title typed as one line fills the row's cells that are still empty (the
        parts whose chips were clicked away stay in the title, unread)."""
        values = self.rows()[row]
        if not values["title"].strip():
            return
        self.chips.read(values["title"])
        entry = self.chips.entry
        if entry is None:
            return
        updates = entry_updates(values, entry, due_default=self.due_default)
        self.blockSignals(True)
        try:
            for name, value in updates.items():
                self.set_value(row, name, value)
        finally:
            self.blockSignals(False)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        self.chips.reset()
        if self._live:
            self._live.clear()
            self.edited.emit()

    def fit_columns(self) -> None:
        """Column widths in characters of the current font (so large type stays readable)."""
        self.horizontalHeader().setFont(self.font())
        self.verticalHeader().setFont(self.font())
        metrics = self.fontMetrics()
        for col, name in enumerate(KR_FIELDS):
            self.setColumnWidth(col, metrics.horizontalAdvance(_WIDTHS[name]) + 24)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)

    def preferred_width(self) -> int:
        metrics = self.fontMetrics()
        cells = sum(metrics.horizontalAdvance(text) + 24 for text in _WIDTHS.values())
        return cells + self.verticalHeader().width() + 2 * self.frameWidth() + 4
