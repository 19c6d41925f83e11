"""Qt accessors whose stubs say "or None" where these never ask for a missing thing: the
rows of a QTreeWidget (None only for an index out of range) and the line edit of an
editable combo box (None only when it is not editable)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QTreeWidget, QTreeWidgetItem


def top_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The top-level rows of ``tree``, in order."""
    items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item for item in items if item is not None]


def child_items(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The rows directly under ``item``, in order."""
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]


def line_edit(combo: QComboBox) -> QLineEdit:
    """The line edit of an editable combo box (made editable here if it is not yet)."""
    line = combo.lineEdit()
    if line is None:
        combo.setEditable(True)
        line = combo.lineEdit()
    assert line is not None  # an editable combo box always has one
    return line
