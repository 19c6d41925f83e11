"""The outline dock: units → objectives → key results, in tree order.

Rows are made for what can be seen: the children of a container are made when its
row is first expanded (an unexpanded container with children shows its expand
arrow), and a row deep in the tree is made on demand when the selection (or
:meth:`OutlineTree.ensure_item`) needs it. The tree listens to the document:
after a change it re-syncs only the touched containers whose rows exist (a unit's
objectives and sub-units, an objective's key results), reusing existing rows, so
typing a title never rebuilds the whole tree. Selection follows the document both
ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from ui.breakout_canvas import outline_lock
from ui.document_view import DocumentView
from ui.outline_rows import (
    ROOT,
    children_keys,
    container_of,
    containers_above,
    has_children,
    item_text,
)
from ui.review_score import outline_text, scored_items
from ui.tree_items import child_items

if TYPE_CHECKING:
    from okr_studio.events import ChangeEvent
    from ui.document import Document, ItemKey

__all__ = ["EXPAND_ALL_LIMIT", "KEY_ROLE", "LOCKED_ROLE", "ROOT", "OutlineTree", "item_text"]

KEY_ROLE = Qt.ItemDataRole.UserRole
#: True on a row whose item is locked in a breakout file (greyed).
LOCKED_ROLE = Qt.ItemDataRole.UserRole + 1
#: Above this many objectives only the first two levels of units start expanded (and the
#: rows of a branch are made when it is first expanded); up to it every row is made.
EXPAND_ALL_LIMIT = 200
_SHOW = QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator
_HIDE = QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless


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
        #: Containers whose child rows are made (the others show only their arrow).
        self._filled: set[ItemKey] = set()
        self._taken: list[QTreeWidgetItem] = []  # rows taken out during a sync
        self._syncing = False
        self.review = False  # review mode: scores in front of the rows
        self.document: Document | None = None
        self.itemSelectionChanged.connect(self._tree_selection_changed)
        self.itemExpanded.connect(self._expanded)
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
            self._filled.clear()
        finally:
            self._syncing = False
        if document is None:
            return
        self._fill(ROOT)
        self._expand_initial()
        self.on_selection_changed(document.selection)

    def item_for(self, key: ItemKey) -> QTreeWidgetItem | None:
        """The row of ``key`` if it is made (see :meth:`ensure_item`)."""
        return self._items.get(key)

    def ensure_item(self, key: ItemKey) -> QTreeWidgetItem | None:
        """The row of ``key``, made now with its containers' rows if it was not (for the
        selection, a search or a filter); None for an item not in the workshop. The
        containers are not expanded here."""
        item = self._items.get(key)
        if item is not None or self.document is None:
            return item
        path = containers_above(self.document.data, key)
        if path is None:
            return None
        was = self._syncing
        self._syncing = True
        try:
            for container in path:
                if container != ROOT and container not in self._items:
                    return None  # (a container the data does not reach)
                if container not in self._filled:
                    self._fill(container)
        finally:
            self._syncing = was
        return self._items.get(key)

    def item_keys(self) -> list[ItemKey]:
        """Every made row's key in display order (for tests and navigation)."""
        out: list[ItemKey] = []

        def walk(item: QTreeWidgetItem) -> None:
            for child in child_items(item):
                out.append(child.data(0, KEY_ROLE))
                walk(child)

        walk(self.invisibleRootItem())
        return out

    def _eager(self) -> bool:
        """Small workshops have every row made (and start expanded)."""
        assert self.document is not None
        return len(self.document.data.objectives) <= EXPAND_ALL_LIMIT

    def _expand_initial(self) -> None:
        assert self.document is not None
        data = self.document.data
        expand_all = self._eager()
        todo = [key for key in self._items if key[0] == "unit"]
        while todo:
            key = todo.pop()
            item = self._items[key]
            kind = key[0]
            if kind == "unit" and (expand_all or data.unit_depth(key[1]) < 2):
                pass
            elif not (kind == "objective" and expand_all):
                continue
            self._fill(key)
            item.setExpanded(True)
            todo += [k for k in children_keys(data, key) if k[0] != "key_result"]

    def _expanded(self, item: QTreeWidgetItem) -> None:
        key = item.data(0, KEY_ROLE)
        if self.document is not None and key not in self._filled:
            was = self._syncing
            self._syncing = True
            try:
                self._fill(key)
            finally:
                self._syncing = was

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

    def _update_arrow(self, key: ItemKey, item: QTreeWidgetItem) -> None:
        """An unfilled container shows its arrow when it has children."""
        assert self.document is not None
        if key[0] == "key_result":
            return
        filled = key in self._filled
        policy = _HIDE if filled or not has_children(self.document.data, key) else _SHOW
        if item.childIndicatorPolicy() != policy:
            item.setChildIndicatorPolicy(policy)

    def _forget(self, item: QTreeWidgetItem) -> None:
        key = item.data(0, KEY_ROLE)
        if self._items.get(key) is item:
            del self._items[key]
            self._filled.discard(key)
        for child in child_items(item):
            self._forget(child)

    def _fill(self, key: ItemKey) -> None:
        """Make the child rows of ``key`` (a container whose row exists)."""
        if key != ROOT and key not in self._items:
            return
        self._filled.add(key)
        self._sync(key, recursive=False)

    def _sync(self, key: ItemKey, *, recursive: bool) -> None:
        """Make the children of a filled ``key`` match the data, reusing rows that exist;
        ``recursive``: the filled containers below too."""
        assert self.document is not None
        data = self.document.data
        parent = self._container_item(key)
        if parent is None:
            return
        if key not in self._filled:
            self._update_arrow(key, parent)
            return
        if key != ROOT:
            self._update_arrow(key, parent)
        wanted = children_keys(data, key)
        wanted_set = set(wanted)
        # Take out rows that no longer belong here (moved rows are re-attached below).
        for i, child in reversed(list(enumerate(child_items(parent)))):
            child_key = child.data(0, KEY_ROLE)
            if child_key not in wanted_set:
                parent.takeChild(i)
                if not self.document.exists(child_key):
                    self._forget(child)
                else:
                    self._taken.append(child)
        eager = self._eager()
        for index, child_key in enumerate(wanted):
            item = self._items.get(child_key)
            fresh = item is None
            if item is None:
                item = self._make_item(child_key)
            elif parent.child(index) is not item:
                current_parent = item.parent() or (
                    self.invisibleRootItem() if self.indexOfTopLevelItem(item) >= 0 else None
                )
                if current_parent is not None:
                    current_parent.takeChild(current_parent.indexOfChild(item))
            if parent.child(index) is not item:
                parent.insertChild(index, item)
            self._update_text(child_key, item)
            if fresh and eager:
                self._fill(child_key)
            elif recursive and child_key in self._filled:
                self._sync(child_key, recursive=True)
            else:
                self._update_arrow(child_key, item)

    def _drop_taken(self) -> None:
        """Forget rows taken out of their container and not put back anywhere (moved
        into a container whose rows are not made)."""
        for item in self._taken:
            if item.parent() is None and self.indexOfTopLevelItem(item) < 0:
                self._forget(item)
        self._taken.clear()

    def on_document_changed(self, event: ChangeEvent) -> None:
        assert self.document is not None
        if event.read_again:
            self._syncing = True
            try:
                self._sync(ROOT, recursive=True)
                self._drop_taken()
            finally:
                self._syncing = False
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
                if c == ROOT or (c in self._items and self.document.exists(c)):
                    self._sync(c, recursive=False)
            self._drop_taken()
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
            found = (self.ensure_item(k) for k in keys)
            wanted = [item for item in found if item is not None]
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
