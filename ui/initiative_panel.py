"""A key result's initiatives in the inspector: the epics and bets meant to move it.

A list (with its state beside each title) and the fields of the one chosen: title,
work type, owner, link, state, the anticipated outcome's three parts and the actual
outcome. Add, Remove and the arrows change the list; each field is committed when it
is left (as in the rest of the inspector). Every change is one call of a service of
:mod:`okr_studio.services.review`: one transaction, one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from okr_studio import services
from okr_studio.errors import OkrError
from okr_studio.events import Change
from okr_studio.services.review import new_row_id
from okr_studio.store import Workshop
from okr_studio.vocab import InitiativeState, WorkType
from ui.document import Document
from ui.inspector_fields import ChoiceField, LongTextField, OwnerField, TextField

_ID = Qt.ItemDataRole.UserRole


class InitiativePanel(QWidget):
    #: A reason to show (a change refused), or "" when the last change went through.
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("initiativePanel")
        self.doc: Document | None = None
        self.kr_id: int | None = None
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("initiativeList")
        self.list.currentItemChanged.connect(lambda *_a: self._show_current())
        # As wide as the dock: a long title is elided (never a sideways scroll bar).
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        outer.addWidget(self.list)
        self.empty = QLabel(self.tr("No initiatives yet: the epics and bets meant to move it."))
        self.empty.setObjectName("initiativesEmpty")
        self.empty.setWordWrap(True)
        outer.addWidget(self.empty)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add Initiative"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton("↑")
        self.down_button = QPushButton("↓")
        for b in (self.up_button, self.down_button):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("↑") * 3 + 12)
        self.up_button.setToolTip(self.tr("Move up"))
        self.down_button.setToolTip(self.tr("Move down"))
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(b)
        row.addStretch(1)
        outer.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.form_widget = QWidget()
        form = QFormLayout(self.form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.fields: dict[str, Any] = {}
        choices = [(m.value, m.label) for m in WorkType]
        states = [(m.value, m.label) for m in InitiativeState]
        for name, label, editor in (
            ("title", self.tr("Initiative"), TextField()),
            ("work_type", self.tr("Work type"), ChoiceField(choices)),
            ("owner_name", self.tr("Owner"), OwnerField()),
            ("link", self.tr("Link (ticket, epic, page)"), TextField()),
            ("state", self.tr("State"), ChoiceField(states)),
            ("problem", self.tr("Problem or opportunity"), LongTextField()),
            ("behaviour_change", self.tr("Behaviour change"), LongTextField()),
            ("success_measure", self.tr("How success is measured"), LongTextField()),
            ("actual_outcome", self.tr("Actual outcome"), LongTextField()),
        ):
            editor.setObjectName(f"initiative_{name}")
            form.addRow(label, editor)
            self.fields[name] = editor
            editor.committed.connect(lambda n=name: self._commit(n))
        outer.addWidget(self.form_widget)

    # ---- showing ----------------------------------------------------------------------
    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(_ID)) if item is not None else None

    def load(self, doc: Document | None, kr_id: int | None, select: int | None = None) -> None:
        keep = select if select is not None else self.current_id()
        self.doc, self.kr_id = doc, kr_id
        data = doc.data if doc is not None else None
        items = data.initiatives_of(kr_id) if data is not None and kr_id is not None else []
        self._loading = True
        try:
            self.list.clear()
            for ini in items:
                state = InitiativeState(ini.state).label if ini.state else ""
                title = ini.title or self.tr("(untitled initiative)")
                # The state first: a long title is elided, the state stays in sight.
                item = QListWidgetItem(
                    self.tr("{state}  ·  {title}").format(title=title, state=state)
                )
                item.setToolTip(title)
                item.setData(_ID, ini.id)
                self.list.addItem(item)
                if ini.id == keep:
                    self.list.setCurrentItem(item)
            if self.list.currentItem() is None and self.list.count():
                self.list.setCurrentRow(0)
            self._fit_list()
        finally:
            self._loading = False
        self._show_current()

    def _fit_list(self) -> None:
        """As tall as its rows (up to five), so the fields below stay close."""
        count = self.list.count()
        self.list.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        row = max(self.list.sizeHintForRow(0), self.list.fontMetrics().height() + 8)
        rows = max(min(count, 5), 1)
        self.list.setFixedHeight(rows * row + 2 * self.list.frameWidth() + 4)

    def _show_current(self) -> None:
        if self._loading:
            return
        doc, ini_id = self.doc, self.current_id()
        data = doc.data if doc is not None else None
        ini = data.initiatives.get(ini_id) if data is not None and ini_id is not None else None
        editable = doc is not None and not doc.read_only
        self.form_widget.setVisible(ini is not None)
        self.remove_button.setEnabled(editable and ini is not None)
        self.up_button.setEnabled(editable and self.list.currentRow() > 0)
        self.down_button.setEnabled(
            editable and 0 <= self.list.currentRow() < self.list.count() - 1
        )
        self.add_button.setEnabled(editable and self.kr_id is not None)
        if ini is None or data is None:
            return
        names = [p.name for p in data.people.values() if p.name]
        self._loading = True
        try:
            for name, editor in self.fields.items():
                if isinstance(editor, OwnerField):
                    editor.set_people(names)
                value = (
                    data.person_name(ini.owner_id) if name == "owner_name" else getattr(ini, name)
                )
                if not editor.hasFocus():
                    editor.load(value)
                editor.set_editable(editable)
        finally:
            self._loading = False

    # ---- changes ----------------------------------------------------------------------
    def _run(self, call: Callable[[Workshop], Change]) -> Change | None:
        if self.doc is None:
            return None
        try:
            change = self.doc.execute(call)
        except OkrError as exc:
            self.problem.emit(str(exc))
            return None
        self.problem.emit("")
        return change

    def _commit(self, name: str) -> None:
        ini_id = self.current_id()
        if self._loading or self.doc is None or ini_id is None:
            return
        ini = self.doc.data.initiatives.get(ini_id)
        if ini is None:
            return
        value = self.fields[name].value()
        current = (
            self.doc.data.person_name(ini.owner_id) if name == "owner_name" else getattr(ini, name)
        )
        if value != current:
            self._run(lambda ws: services.update_initiative(ws, ini_id, **{name: value}))

    def flush(self) -> None:
        """Commit the field being edited (before the selection changes)."""
        focus = QApplication.focusWidget()
        for name, editor in self.fields.items():
            if editor is focus or (focus is not None and editor.isAncestorOf(focus)):
                self._commit(name)

    def add(self) -> int | None:
        kr_id = self.kr_id
        if kr_id is None:
            return None
        change = self._run(lambda ws: services.add_initiative(ws, kr_id, ""))
        new = new_row_id(change, "initiative") if change is not None else None
        if new is not None:
            self.load(self.doc, kr_id, select=new)
            self.fields["title"].setFocus()
        return new

    def remove(self) -> None:
        ini_id = self.current_id()
        if ini_id is not None:
            self._run(lambda ws: services.delete_initiative(ws, ini_id))

    def move_current(self, delta: int) -> None:
        """Move the current initiative up (-1) or down (+1); not QWidget.move."""
        ini_id, row = self.current_id(), self.list.currentRow()
        if ini_id is not None and 0 <= row + delta < self.list.count():
            self._run(lambda ws: services.move_initiative(ws, ini_id, row + delta))
