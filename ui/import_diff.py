"""The differences of a re-import, item by item, with the user's choices.

Grouped so the decisions come first: conflicts (the same field changed in the
file and in the workshop since the export: both values side by side, a tick
takes the file's), then changes (field by field, the workshop's value → the
file's), then items the file no longer has (kept unless ticked for removal),
then new items. Every choice is a check box: arrows move, Space ticks, so the
whole list is usable from the keyboard; the value that will be kept is shown
in bold with a tick mark.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QTreeWidgetItem,
    QWidget,
)

from ui.import_views import LINE_ROLE, REF_ROLE, KeyboardTree, clipped
from ui.ticks import BigTicks
from ui.tree_items import child_items, top_items

if TYPE_CHECKING:
    from okr_studio.exchange import FieldDiff, ItemDiff, Plan
    from ui.import_session import ImportSession

#: The longest value kept for the detail under the list (the list itself elides).
WRAPPED_CHARS = 2000
#: The role holding what a check box decides: ("remove", ref) or ("choose", ref, field).
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 2
_ORDER = ("conflict", "changed", "missing", "added")


def field_names() -> dict[str, str]:
    """Each field's name as the flat table's header says it ("Target", "Due date")."""
    from okr_studio.exchange.columns import columns

    return {c.field: c.header for c in columns()}


class DiffTree(KeyboardTree):
    """Conflicts, changes, missing and new items; ``choicesChanged`` after each tick."""

    choicesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDifferences")
        self.setColumnCount(5)
        self.setHeaderLabels([self.tr("Item / field"), self.tr("Type"),
                              self.tr("In the workshop"), self.tr("In the file"),
                              self.tr("Row")])  # fmt: skip
        self.setAlternatingRowColors(True)
        self._ticks = BigTicks()  # tick boxes as large as the text, seen from the back
        self._ticks.setParent(self)
        self.setStyle(self._ticks)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 420)
        for column in (1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.session: ImportSession | None = None
        self._filling = False
        self._names = field_names()
        self._names.update(
            name=self.tr("Name"), parent=self.tr("Parent"), aligned_to=self.tr("Aligned to")
        )
        self.itemChanged.connect(self._ticked)

    # ---- words -------------------------------------------------------------------------------
    def group_text(self, status: str, count: int) -> str:
        return {
            "conflict": self.tr("Conflicts: tick a field to take the file's value ({count})"),
            "changed": self.tr("Changed in the file ({count})"),
            "missing": self.tr("Not in the file: kept unless ticked for removal ({count})"),
            "added": self.tr("New in the file ({count})"),
        }[status].format(count=count)

    def kind_text(self, kind: str) -> str:
        return {
            "unit": self.tr("Unit"),
            "objective": self.tr("Objective"),
            "key_result": self.tr("Key result"),
            "person": self.tr("Person"),
            "check_in": self.tr("Check-in"),
            "initiative": self.tr("Initiative"),
            "workshop": self.tr("Workshop details"),
            "accepted_finding": self.tr("Accepted finding"),
        }.get(kind, kind)

    # ---- filling -----------------------------------------------------------------------------
    def fill(self, session: ImportSession) -> None:
        self.session = session
        plan = session.plan
        self._filling = True
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            bold = QFont(self.font())
            bold.setBold(True)
            for status in _ORDER:
                diffs = plan.of_status(status)
                if not diffs:
                    continue
                group = QTreeWidgetItem([self.group_text(status, len(diffs))])
                group.setFont(0, bold)
                self.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)  # once it is in the tree
                for diff in diffs:
                    group.addChild(self._item(plan, diff))
                group.setExpanded(True)
            self.expandAll()
        finally:
            self._filling = False
            self.setUpdatesEnabled(True)
        self.refresh_marks()

    def _item(self, plan: Plan, diff: ItemDiff) -> QTreeWidgetItem:
        title = clipped(diff.title) or self.tr("(no title)")
        node = QTreeWidgetItem([title, self.kind_text(diff.kind), "", "", ""])
        node.setToolTip(0, diff.title)
        node.setData(0, REF_ROLE, diff.ref)
        node.setData(0, LINE_ROLE, diff.line)
        if diff.line is not None:
            node.setText(4, str(diff.line))
        if diff.status == "missing":
            self._checkable(node, ("remove", diff.ref))
            node.setText(0, self.tr("Remove “{title}”").format(title=title))
            node.setText(2, self.tr("Kept"))
            node.setText(3, self.tr("(not in the file)"))
            if diff.changed_here:
                node.setToolTip(0, self.tr("It was changed in the workshop since the export."))
        if diff.ours_gone:
            child = QTreeWidgetItem([self.tr("Deleted in the workshop: bring it back"), "",
                                     self.tr("(deleted)"), self.tr("(changed)"), ""])  # fmt: skip
            self._checkable(child, ("choose", diff.ref, ""))
            node.addChild(child)
            return node
        for f in diff.fields:
            node.addChild(self._field(plan, diff, f))
        return node

    def _field(self, plan: Plan, diff: ItemDiff, f: FieldDiff) -> QTreeWidgetItem:
        name = self._names.get(f.field, f.field.replace("_", " ").capitalize())
        ours = plan.value_text(diff.kind, f.field, f.ours)
        theirs = plan.value_text(diff.kind, f.field, f.theirs)
        label = self.tr("{field}: take the file's value").format(field=name) if f.conflict else name
        empty = self.tr("(empty)")
        shown = [clipped(ours, WRAPPED_CHARS) or empty, clipped(theirs, WRAPPED_CHARS) or empty]
        child = QTreeWidgetItem([label, "", *shown, ""])
        child.setToolTip(2, ours)
        child.setToolTip(3, theirs)
        if f.conflict:
            was = plan.value_text(diff.kind, f.field, f.base)
            child.setToolTip(0, self.tr("When the file was exported: {value}").format(value=was))
        if f.conflict:
            self._checkable(child, ("choose", diff.ref, f.field))
        else:
            child.setData(0, CHOICE_ROLE, ("changed",))
        return child

    def _checkable(self, node: QTreeWidgetItem, what: tuple[Any, ...]) -> None:
        node.setFlags(node.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        node.setCheckState(0, Qt.CheckState.Unchecked)
        node.setData(0, CHOICE_ROLE, what)

    # ---- choices -----------------------------------------------------------------------------
    def _nodes(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = top_items(self)
        while stack:
            node = stack.pop(0)
            out.append(node)
            stack[:0] = child_items(node)
        return out

    def _ticked(self, node: QTreeWidgetItem, column: int) -> None:
        what = node.data(0, CHOICE_ROLE)
        if self._filling or column != 0 or self.session is None or not what:
            return
        on = node.checkState(0) == Qt.CheckState.Checked
        if what[0] == "remove":
            self.session.set_removed(what[1], on)
        elif what[0] == "choose":
            self.session.choose(what[1], what[2], on)
        else:
            return
        self.refresh_marks()
        self.choicesChanged.emit()

    def refresh_marks(self) -> None:
        """Tick boxes as the session says; the value kept in bold with a tick mark."""
        session = self.session
        if session is None:
            return
        self._filling = True
        try:
            for node in self._nodes():
                self._mark(session, node)
        finally:
            self._filling = False

    def _mark(self, session: ImportSession, node: QTreeWidgetItem) -> None:
        what = node.data(0, CHOICE_ROLE)
        if not what:
            return
        if what[0] == "remove":
            on = what[1] in session.remove
            node.setText(2, self.tr("Removed") if on else self.tr("Kept"))
        elif what[0] == "choose":
            on = session.takes_theirs(what[1], what[2])
        else:
            on = True  # a change: the file's value is taken
        if what[0] != "changed":
            node.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        if what[0] == "remove":
            return
        for column, kept in ((2, not on), (3, on)):
            font = QFont(self.font())
            font.setBold(kept)
            node.setFont(column, font)
            text = node.text(column).removeprefix("✓ ")
            node.setText(column, f"✓ {text}" if kept else text)

    def detail(self, node: QTreeWidgetItem | None) -> str:
        """The current field's two values in full, as rich text (for the line below)."""
        item = node.parent() if node is not None else None
        if node is None or item is None or item.parent() is None:
            return ""
        name = node.text(0).split(":")[0] if node.data(0, CHOICE_ROLE) else node.text(0)
        values = [node.text(column).removeprefix("✓ ") for column in (2, 3)]
        text = self.tr(
            "<b>{field}</b> of “{title}”<br>In the workshop: {ours}<br>In the file: {theirs}"
        )
        return text.format(
            field=html.escape(name),
            title=html.escape(item.toolTip(0) or item.text(0)),
            ours=html.escape(values[0]),
            theirs=html.escape(values[1]),
        )

    def show_line(self, line: int) -> bool:
        for node in self._nodes():
            if node.data(0, LINE_ROLE) == line and node.data(0, REF_ROLE) is not None:
                self.setCurrentItem(node)
                self.scrollToItem(node)
                return True
        return False
