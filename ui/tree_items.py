"""The rows of a QTreeWidget as lists: Qt's accessors say None only for an index out of
range, which these never ask for."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem


def top_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The top-level rows of ``tree``, in order."""
    items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item for item in items if item is not None]


def child_items(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The rows directly under ``item``, in order."""
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]
