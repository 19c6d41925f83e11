"""The parking lot: questions, parked topics, decisions and actions raised in the room.

:func:`add_note` is the one-shortcut gesture (Insert → Note…, Ctrl+Shift+P, see
:mod:`ui.room`): a note
about the selected item, or the workshop when nothing is selected. The panel lists
every note, filtered by kind and by open / closed; Enter (or a double-click) selects
the item a note is about, Space closes or reopens it, F2 edits it, Delete removes it.
Every change is one service call through the document: one undo step each.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okr_studio import services
from okr_studio.errors import OkrError
from okr_studio.events import Change
from okr_studio.room_notes import NoteData, item_of, notes_in_order
from okr_studio.store import Workshop
from okr_studio.vocab import NoteKind
from ui import dialogs, note_dialog, theme
from ui.document import Document
from ui.document_view import DocumentView
from ui.wizard.common import elide

NOTE_ROLE = Qt.ItemDataRole.UserRole
MARKS = {"question": "?", "parked": "⏸", "decision": "✔", "action": "→"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ParkingLot", text)


def _run(doc: Document, parent: QWidget | None, call: Callable[[Workshop], Change]) -> bool:
    try:
        doc.execute(call)
    except OkrError as exc:
        dialogs.show_error(parent, exc)
        return False
    return True


def add_note(doc: Document, parent: QWidget | None, kind: str = "question") -> bool:
    """Ask for a note about the current item (the workshop if none) and add it."""
    item = doc.current if doc.current is not None and doc.current[0] != "person" else None
    values = note_dialog.ask_note(parent, doc.data, item, None, kind)
    if values is None:
        return False
    kind, text = values.pop("kind"), values.pop("text")
    return _run(doc, parent, lambda ws: services.add_note(ws, kind, text, **values))


def edit_note(doc: Document, parent: QWidget | None, note: NoteData) -> bool:
    item = item_of(doc.data, note)
    values = note_dialog.ask_note(parent, doc.data, item, note)
    if values is None:
        return False
    if item is None:
        values.pop("item")  # the workshop's note, or one whose item went, stays as it is
    return _run(doc, parent, lambda ws: services.update_note(ws, note.id, **values))


class ParkingLotView(DocumentView, QWidget):
    """The list of notes with its filters (see the module's notes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parkingLot")
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("noteKindFilter")
        self.kind_filter.addItem(self.tr("All kinds"), None)
        for kind in NoteKind:
            self.kind_filter.addItem(_tr(kind.label), kind.value)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("noteStateFilter")
        for label, value in ((self.tr("Open"), "open"), (self.tr("Closed"), "closed")):
            self.state_filter.addItem(label, value)
        self.state_filter.addItem(self.tr("Open and closed"), None)
        self.add_button = QPushButton(self.tr("&Add…"))
        self.add_button.setToolTip(self.tr("A note about the selected item (Ctrl+Shift+P)"))
        top = QHBoxLayout()
        top.addWidget(self.kind_filter, 1)
        top.addWidget(self.state_filter, 1)
        top.addWidget(self.add_button)
        self.tree = QTreeWidget()
        self.tree.setObjectName("noteList")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Note"), self.tr("About"), self.tr("Owner, due")])
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.state_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.add_button.clicked.connect(self._add)
        self.tree.itemActivated.connect(lambda item, _col: self.go_to(item))

    # ---- the list ---------------------------------------------------------------------
    def show_document(self, document: Document | None) -> None:
        self.refresh()

    def on_document_changed(self, event: object) -> None:
        self.refresh()

    def shown_notes(self) -> list[NoteData]:
        if self.document is None:
            return []
        kind, state = self.kind_filter.currentData(), self.state_filter.currentData()
        notes = notes_in_order(self.document.data, None if kind is None else [kind])
        return [n for n in notes if state is None or n.status == state]

    def refresh(self) -> None:
        current = self.current_note()
        self.tree.clear()
        self.setEnabled(self.document is not None)
        if self.document is None:
            return
        data = self.document.data
        muted = QBrush(theme.current().muted_text)
        for note in self.shown_notes():
            about = note.about if note.item_uid else self.tr("the workshop")
            if note.item_uid and item_of(data, note) is None:
                about = self.tr("{0} (deleted)").format(note.about)
            who = data.person_name(note.owner_id) or ""
            due = note.due_date.isoformat() if note.due_date else ""
            text = f"{MARKS.get(note.kind, '•')} {elide(note.text, 200)}"
            row = QTreeWidgetItem([text, elide(about, 40), ", ".join(p for p in (who, due) if p)])
            row.setData(0, NOTE_ROLE, note.id)
            row.setToolTip(0, f"{_tr(NoteKind(note.kind).label)}: {elide(note.text, 500)}")
            if not note.is_open:
                font = QFont(self.tree.font())
                font.setStrikeOut(True)
                for col in range(3):
                    row.setFont(col, font)
                    row.setForeground(col, muted)
            self.tree.addTopLevelItem(row)
            if current is not None and note.id == current.id:
                self.tree.setCurrentItem(row)

    def current_note(self) -> NoteData | None:
        row = self.tree.currentItem()
        if row is None or self.document is None:
            return None
        return self.document.data.notes.get(row.data(0, NOTE_ROLE))

    # ---- gestures -----------------------------------------------------------------------
    def _add(self) -> None:
        if self.document is not None:
            kind = self.kind_filter.currentData() or "question"
            add_note(self.document, self.window(), kind)

    def go_to(self, row: QTreeWidgetItem | None = None) -> None:
        """Select the item the note is about (the canvas and the outline follow)."""
        if self.document is None:
            return
        note = self.document.data.notes.get(row.data(0, NOTE_ROLE)) if row else None
        key = item_of(self.document.data, note) if note is not None else None
        if key is not None:
            self.document.select(key)

    def toggle_closed(self) -> None:
        note = self.current_note()
        if note is None or self.document is None:
            return
        call = services.reopen_note if not note.is_open else services.close_note
        _run(self.document, self.window(), lambda ws: call(ws, note.id))

    def delete_current(self) -> None:
        note = self.current_note()
        if note is not None and self.document is not None:
            _run(self.document, self.window(), lambda ws: services.delete_note(ws, note.id))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space, Delete, F2 in the list act on the note (not on the window's selection)."""
        if watched is not self.tree or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        action = {
            Qt.Key.Key_Space: self.toggle_closed,
            Qt.Key.Key_Delete: self.delete_current,
            Qt.Key.Key_Backspace: self.delete_current,
            Qt.Key.Key_F2: self._edit_current,
        }.get(Qt.Key(event.key()))
        if action is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the list takes the key before the window's Delete or Rename
            return True
        if event.type() == QEvent.Type.KeyPress:
            action()
            return True
        return super().eventFilter(watched, event)

    def _edit_current(self) -> None:
        note = self.current_note()
        if note is not None and self.document is not None:
            edit_note(self.document, self.window(), note)


class ParkingLotDock(QDockWidget):
    """The parking lot in a dock; its title counts the open notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Parking lot"), parent)
        self.setObjectName("parkingLotDock")
        self.view = ParkingLotView(self)
        self.setWidget(self.view)

    def set_document(self, document: Document | None) -> None:
        old = self.view.document
        if old is not None:
            old.changed.disconnect(self._count)
        self.view.set_document(document)
        if document is not None:
            document.changed.connect(self._count)
        self._count()

    def _count(self, _event: object = None) -> None:
        doc = self.view.document
        n = sum(1 for n in doc.data.notes.values() if n.is_open) if doc is not None else 0
        self.setWindowTitle(_tr("Parking lot ({0})").format(n) if n else _tr("Parking lot"))
