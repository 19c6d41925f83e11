"""File → Breakouts → Merge…: the preview of a merge, and an answer for each conflict.

Before anything is written the dialog shows, per breakout file, what its group
added, changed (field by field) and removed, what it may not change and why,
and every conflict with both versions side by side: the group's (theirs) and
the room's (ours), and a choice per conflict — keep the room's, take the
group's, or type another value. The dialog only gathers the answers;
:mod:`ui.breakout_commands` applies the merge as one undo step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okr_studio.breakouts.preview import KIND_WORDS, Conflict, ConflictKey, GroupMerge, MergePreview
from okr_studio.exchange.diff import OURS, THEIRS, Choice, ItemDiff
from ui import theme

#: The columns of the conflicts table.
COLUMNS = ("Group", "Item", "What", "The group's version", "The room's version", "Take", "Value")
TAKE_OURS, TAKE_THEIRS, TAKE_EDIT = 0, 1, 2
#: Point size of the dialog's text (as the main window's docks).
POINT_SIZE = 13.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("MergeBreakouts", text)


def _short(text: Any, limit: int = 90) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _what(kind: str, title: str) -> str:
    return _tr("{kind} “{title}”").format(kind=KIND_WORDS.get(kind, kind), title=_short(title, 60))


def _order_words(kind: str) -> str:
    """The siblings a new order is about, as the preview names them."""
    words = {
        "unit": _tr("units"),
        "objective": _tr("objectives"),
        "key_result": _tr("key results"),
        "initiative": _tr("initiatives"),
    }
    return words.get(kind, kind)


class MergeDialog(QDialog):
    """The merge preview; :meth:`answers` gives the choices made."""

    def __init__(self, parent: QWidget | None, preview: MergePreview) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(_tr("Merge breakouts"))
        font = self.font()  # as the docks: readable on a projector
        font.setPointSizeF(max(font.pointSizeF(), POINT_SIZE))
        self.setFont(font)
        self.preview = preview
        self.conflicts: list[Conflict] = list(preview.conflicts)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self._summary_text())
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.changes = QTreeWidget()
        self.changes.setObjectName("mergeChanges")
        self.changes.setHeaderLabels([_tr("What the groups did")])
        self._fill_changes()
        split.addWidget(self.changes)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self._conflicts_heading())
        heading.setObjectName("mergeConflictsHeading")
        heading.setWordWrap(True)
        inner.addWidget(heading)
        self.table = self._make_table()
        inner.addWidget(self.table)
        self.reason = QLabel()
        self.reason.setObjectName("mergeReason")
        self.reason.setWordWrap(True)
        inner.addWidget(self.reason)
        split.addWidget(box)
        box.setVisible(bool(self.conflicts))
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_tr("Merge"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1100, 720)
        self.table.currentCellChanged.connect(lambda row, *_a: self._show_reason(row))
        if self.conflicts:
            self.table.setCurrentCell(0, COLUMNS.index("Take"))
            self.table.setFocus()
        else:
            self.changes.setFocus()

    # ---- texts ---------------------------------------------------------------------------
    def _summary_text(self) -> str:
        lines = [
            _tr("“{file}” (breakout for “{group}”): {summary}.").format(
                file=g.path.name, group=g.name, summary=g.summary()
            )
            for g in self.preview.groups
        ]
        lines.append(_tr("Nothing is written until you choose Merge; Undo takes it all back."))
        return "\n".join(lines)

    def _conflicts_heading(self) -> str:
        count = len(self.conflicts)
        if count == 1:
            return _tr("1 conflict: the group and the room changed the same thing. Choose which "
                       "version to keep.")  # fmt: skip
        return _tr(
            "{count} conflicts: the groups and the room changed the same things. Choose which "
            "version to keep for each."
        ).format(count=count)

    # ---- what each group did ------------------------------------------------------------
    def _fill_changes(self) -> None:
        muted = QBrush(theme.current().muted_text)
        error = QBrush(theme.current().error)
        for g in self.preview.groups:
            top = QTreeWidgetItem(
                [_tr("{group}: {summary}").format(group=g.name, summary=g.summary())]
            )
            self.changes.addTopLevelItem(top)
            for line, tip, brush in self._lines(g, muted, error):
                child = QTreeWidgetItem([line])
                child.setToolTip(0, tip or line)
                if brush is not None:
                    child.setForeground(0, brush)
                top.addChild(child)
            top.setExpanded(True)

    def _lines(self, g: GroupMerge, muted: QBrush, error: QBrush) -> list[tuple[str, str, Any]]:
        out: list[tuple[str, str, Any]] = []
        for d in g.added:
            out.append((_tr("Added: {item}").format(item=_what(d.kind, d.title)), "", None))
        for d in g.changed:
            out.append((_tr("Changed: {item} — {fields}").format(
                item=_what(d.kind, d.title), fields=self._fields(d)), "", None))  # fmt: skip
        for d in g.removed:
            out.append((_tr("Removed: {item}").format(item=_what(d.kind, d.title)), "", None))
        for r in g.reordered:
            order = self.preview.value_text(r.parent.kind, f"{r.child_kind}_order", r.keys)
            lines = "\n".join("    " + _short(line, 90) for line in order.split("; "))
            out.append((_tr("Reordered: {what} of {item}, now:\n{order}").format(
                what=_order_words(r.child_kind), item=_what(r.parent.kind, r.parent.title),
                order=lines), order.replace("; ", "\n"), None))  # fmt: skip
        for c in g.conflicts:
            out.append((_tr("Conflict: {item} (choose below)").format(
                item=_what(c.ref[0], c.title)), c.reason, error))  # fmt: skip
        for r in g.refused:
            out.append((_tr("Left out: {item} — {reason}").format(
                item=_what(r.ref[0], r.title), reason=r.reason), r.reason, muted))  # fmt: skip
        for note in g.notes:
            out.append((note, note, muted))
        return out

    def _fields(self, d: ItemDiff) -> str:
        parts = []
        for f in d.changes:
            was = self.preview.value_text(d.kind, f.field, f.base)
            now = self.preview.value_text(d.kind, f.field, f.theirs)
            name = f.field.replace("_", " ")
            text = _tr("{field}: “{was}” → “{now}”")
            parts.append(text.format(field=name, was=_short(was, 40), now=_short(now, 40)))
        return "; ".join(parts)

    # ---- conflicts ------------------------------------------------------------------------
    def _versions(self, c: Conflict) -> tuple[str, str, str]:
        """(what, the group's version, the room's version) as the table shows them."""
        kind = c.ref[0]
        if c.kind == "deleted_here":
            count = len(c.members)
            return (_tr("deleted in the room"),
                    _tr("Bring it back with the group's changes ({count} items)").format(
                        count=count),
                    _tr("Deleted"))  # fmt: skip
        if c.kind == "deleted_there":
            return _tr("deleted by the group"), _tr("Deleted"), _tr("Kept, with the room's changes")
        what = c.field.replace("_", " ")
        if c.kind == "order":
            what = _tr("order of its {children}").format(
                children=_order_words(c.field.removesuffix("_order"))
            )
        if c.kind == "cycle":
            what = _tr("{field} (would make a circle)").format(field=what)
        theirs = self.preview.value_text(kind, c.field, c.theirs)
        ours = self.preview.value_text(kind, c.field, c.ours)
        return what, theirs, ours

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(len(self.conflicts), len(COLUMNS))
        table.setObjectName("mergeConflicts")
        table.setHorizontalHeaderLabels([_tr(c) for c in COLUMNS])
        table.verticalHeader().hide()
        table.setWordWrap(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.takes: list[QComboBox] = []
        self.values: list[QLineEdit] = []
        for row, c in enumerate(self.conflicts):
            what, theirs, ours = self._versions(c)
            cells = (c.group, _what(c.ref[0], c.title), what, theirs, ours)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(_short(text, 200))
                item.setToolTip(text if len(text) > 40 else c.reason)
                table.setItem(row, col, item)
            take = QComboBox()
            take.addItems([_tr("The room's"), _tr("The group's")])
            if c.editable:
                take.addItem(_tr("Another value"))
            take.setToolTip(c.reason)
            value = QLineEdit()
            value.setPlaceholderText(_tr("Type the value to keep"))
            value.setEnabled(False)
            take.currentIndexChanged.connect(lambda i, v=value: self._on_take(v, i))
            table.setCellWidget(row, COLUMNS.index("Take"), take)
            table.setCellWidget(row, COLUMNS.index("Value"), value)
            self.takes.append(take)
            self.values.append(value)
        header = table.horizontalHeader()
        # the rows grow with the text as the columns settle: both versions read whole
        header.sectionResized.connect(lambda *_a: table.resizeRowsToContents())
        header.setMinimumSectionSize(60)
        for col in range(len(COLUMNS)):
            # the two versions get the room; the item's title wraps in a fixed width
            mode = QHeaderView.ResizeMode.Stretch if col in (3, 4) else (
                QHeaderView.ResizeMode.ResizeToContents)  # fmt: skip
            header.setSectionResizeMode(col, mode)
        for col, width in ((COLUMNS.index("Item"), 220), (COLUMNS.index("Value"), 150)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            table.setColumnWidth(col, width)
        table.resizeRowsToContents()
        return table

    def _on_take(self, value: QLineEdit, index: int) -> None:
        value.setEnabled(index == TAKE_EDIT)
        if index == TAKE_EDIT:
            value.setFocus()

    def _show_reason(self, row: int) -> None:
        if 0 <= row < len(self.conflicts):
            self.reason.setText(self.conflicts[row].reason)

    # ---- the answers -----------------------------------------------------------------------
    def choose(self, key: ConflictKey, take: str, value: str = "") -> None:
        """Answer one conflict as the user would ("ours", "theirs" or "edit")."""
        row = next(i for i, c in enumerate(self.conflicts) if c.key == key)
        self.takes[row].setCurrentIndex({"ours": TAKE_OURS, "theirs": TAKE_THEIRS}.get(
            take, TAKE_EDIT))  # fmt: skip
        if take == "edit":
            self.values[row].setText(value)

    def answers(self) -> dict[ConflictKey, Choice]:
        out: dict[ConflictKey, Choice] = {}
        for c, take, value in zip(self.conflicts, self.takes, self.values, strict=True):
            index = take.currentIndex()
            if index == TAKE_THEIRS:
                out[c.key] = THEIRS
            elif index == TAKE_EDIT:
                out[c.key] = Choice("edit", value.text())
            else:
                out[c.key] = OURS
        return out
