"""The outline dock: units → objectives → key results, in tree order.

The tree listens to the document: after a change it re-syncs only the
containers the change touched (a unit's objectives and sub-units, an
objective's key results), reusing existing rows, so typing a title never
rebuilds the whole tree. Selection follows the document both ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from okr_studio.numbers import format_number
from ui.breakout_canvas import outline_lock
from ui.document_view import DocumentView
from ui.review_score import outline_text, scored_items
from ui.tree_items import child_items

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.events import ChangeEvent
    from ui.document import Document, ItemKey

KEY_ROLE = Qt.ItemDataRole.UserRole
#: True on a row whose item is locked in a breakout file (greyed).
LOCKED_ROLE = Qt.ItemDataRole.UserRole + 1
ROOT: ItemKey = ("root", 0)
#: Above this many objectives only the first two levels of units start expanded.
EXPAND_ALL_LIMIT = 200


def _fmt_number(value: float | None) -> str:
    return format_number(value, empty="?")


def item_text(data: WorkshopData, key: ItemKey) -> tuple[str, str]:
    """(text, tooltip) of an outline row."""
    kind, item_id = key
    if kind == "unit":
        unit = data.units[item_id]
        name = unit.name or "(unnamed unit)"
        return name, f"{unit.level.capitalize() or 'Unit'}: {name}"
    if kind == "objective":
        obj = data.objectives[item_id]
        title = obj.title or "(untitled objective)"
        owner = data.person_name(obj.owner_id)
        return title, f"Objective: {title}" + (f"\nOwner: {owner}" if owner else "")
    kr = data.key_results[item_id]
    title = kr.title or "(untitled key result)"
    measure = ""
    if kr.baseline is not None or kr.target is not None:
        measure = f"{_fmt_number(kr.baseline)} → {_fmt_number(kr.target)}"
        if kr.unit_of_measure:
            measure += f" {kr.unit_of_measure}"
    text = f"{title}   [{measure}]" if measure else title
    owner = data.person_name(kr.owner_id)
    return text, f"Key result: {title}" + (f"\nOwner: {owner}" if owner else "")


def children_keys(data: WorkshopData, key: ItemKey) -> list[ItemKey]:
    kind, item_id = key
    if kind == "root":
        return [("unit", u.id) for u in data.root_units()]
    if kind == "unit":
        return [("objective", o.id) for o in data.objectives_of(item_id)] + [
            ("unit", u.id) for u in data.child_units(item_id)
        ]
    if kind == "objective":
        return [("key_result", k.id) for k in data.key_results_of(item_id)]
    return []


def container_of(table: str, row: dict) -> ItemKey | None:
    if table == "unit":
        return ("unit", row["parent_id"]) if row.get("parent_id") is not None else ROOT
    if table == "objective":
        return ("unit", row["unit_id"])
    if table == "key_result":
        return ("objective", row["objective_id"])
    return None


class OutlineTree(DocumentView, QTreeWidget):
    def __init__(self, document: Document | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlineTree")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(False)
        self._items: dict[ItemKey, QTreeWidgetItem] = {}
        self._syncing = False
        self.review = False  # review mode: scores in front of the rows
        self.document: Document | None = None
        self.itemSelectionChanged.connect(self._tree_selection_changed)
        if document is not None:
            self.set_document(document)

    def set_review(self, on: bool) -> None:
        """Review mode: each objective and key result shows its score (dot and number)."""
        self.review = on
        for key, item in self._items.items():
            self._update_text(key, item)

    # ---- document ---------------------------------------------------------------
    def show_document(self, document: Document | None) -> None:
        self._syncing = True
        try:
            self.clear()
            self._items.clear()
        finally:
            self._syncing = False
        if document is None:
            return
        self._sync(ROOT, recursive=True)
        self._expand_initial()
        self.on_selection_changed(document.selection)

    def item_for(self, key: ItemKey) -> QTreeWidgetItem | None:
        return self._items.get(key)

    def item_keys(self) -> list[ItemKey]:
        """Every row's key in display order (for tests and navigation)."""
        out: list[ItemKey] = []

        def walk(item: QTreeWidgetItem) -> None:
            for child in child_items(item):
                out.append(child.data(0, KEY_ROLE))
                walk(child)

        walk(self.invisibleRootItem())
        return out

    def _expand_initial(self) -> None:
        assert self.document is not None
        data = self.document.data
        expand_all = len(data.objectives) <= EXPAND_ALL_LIMIT
        for key, item in self._items.items():
            if key[0] == "unit":
                item.setExpanded(expand_all or data.unit_depth(key[1]) < 2)
            elif key[0] == "objective":
                item.setExpanded(expand_all)

    # ---- syncing ---------------------------------------------------------------------
    def _container_item(self, key: ItemKey) -> QTreeWidgetItem | None:
        return self.invisibleRootItem() if key == ROOT else self._items.get(key)

    def _make_item(self, key: ItemKey) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, KEY_ROLE, key)
        if key[0] == "unit":
            font = QFont(self.font())
            font.setBold(True)
            item.setFont(0, font)
        self._items[key] = item
        return item

    def _update_text(self, key: ItemKey, item: QTreeWidgetItem) -> None:
        assert self.document is not None
        text, tip = item_text(self.document.data, key)
        text, tip = outline_text(self.document.data, key, item, text, tip, self.review)
        if item.text(0) != text:
            item.setText(0, text)
        tip, locked = outline_lock(self.document.data, key[0], key[1], tip)  # breakout context
        if locked != (item.data(0, LOCKED_ROLE) is True):
            item.setData(0, LOCKED_ROLE, locked)
            muted = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            item.setForeground(0, muted if locked else QBrush())
        item.setToolTip(0, tip)
        if key[0] != "unit":
            font = item.font(0)
            empty = text.startswith("(untitled")
            if font.italic() != empty:
                font.setItalic(empty)
                item.setFont(0, font)

    def _forget(self, item: QTreeWidgetItem) -> None:
        key = item.data(0, KEY_ROLE)
        if self._items.get(key) is item:
            del self._items[key]
        for child in child_items(item):
            self._forget(child)

    def _sync(self, key: ItemKey, *, recursive: bool) -> None:
        """Make the children of ``key`` match the data, reusing rows that exist."""
        assert self.document is not None
        data = self.document.data
        parent = self._container_item(key)
        if parent is None:
            return
        wanted = children_keys(data, key)
        wanted_set = set(wanted)
        # Take out rows that no longer belong here (moved rows are re-attached below).
        for i, child in reversed(list(enumerate(child_items(parent)))):
            child_key = child.data(0, KEY_ROLE)
            if child_key not in wanted_set:
                parent.takeChild(i)
                if not self.document.exists(child_key):
                    self._forget(child)
        for index, child_key in enumerate(wanted):
            item = self._items.get(child_key)
            fresh = item is None
            if item is None:
                item = self._make_item(child_key)
            current_parent = item.parent() or (
                self.invisibleRootItem() if self.indexOfTopLevelItem(item) >= 0 else None
            )
            if current_parent is not parent or parent.indexOfChild(item) != index:
                if current_parent is not None:
                    current_parent.takeChild(current_parent.indexOfChild(item))
                parent.insertChild(index, item)
            self._update_text(child_key, item)
            if fresh or recursive:
                self._sync(child_key, recursive=recursive)

    def on_document_changed(self, event: ChangeEvent) -> None:
        assert self.document is not None
        if event.change.label == "Reload" and not event.change.rows:
            self._sync(ROOT, recursive=True)
            return
        containers: list[ItemKey] = []
        touched: list[ItemKey] = []
        people_changed = False
        for row in event.change.rows:
            touched += scored_items(self.document.data, row) if self.review else []
            if row.table == "person":
                people_changed = True
                continue
            for values in (row.before, row.after):
                if values is not None:
                    c = container_of(row.table, dict(values))
                    if c is not None and c not in containers:
                        containers.append(c)
            touched.append((row.table, row.id))
        self._syncing = True
        try:
            for c in containers:
                if c == ROOT or self.document.exists(c):
                    self._sync(c, recursive=False)
            for key in touched:
                item = self._items.get(key)
                if item is not None and self.document.exists(key):
                    self._update_text(key, item)
            if people_changed:
                for key, item in self._items.items():
                    if key[0] != "unit":
                        self._update_text(key, item)
        finally:
            self._syncing = False
        self.on_selection_changed(self.document.selection)

    # ---- selection ----------------------------------------------------------------------
    def _tree_selection_changed(self) -> None:
        if self._syncing or self.document is None:
            return
        keys = [item.data(0, KEY_ROLE) for item in self.selectedItems()]
        current = self.currentItem()
        if current is not None and current.isSelected():
            ckey = current.data(0, KEY_ROLE)
            keys = [ckey] + [k for k in keys if k != ckey]
        self.document.select(keys)

    def on_selection_changed(self, keys: tuple[ItemKey, ...]) -> None:
        self._syncing = True
        try:
            wanted = [self._items[k] for k in keys if k in self._items]
            if {id(i) for i in wanted} != {id(i) for i in self.selectedItems()}:
                self.clearSelection()
                for item in wanted:
                    item.setSelected(True)
            if wanted:
                parent = wanted[0].parent()
                while parent is not None:
                    if not parent.isExpanded():
                        parent.setExpanded(True)
                    parent = parent.parent()
                self.setCurrentItem(wanted[0], 0, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.scrollToItem(wanted[0])
        finally:
            self._syncing = False
