"""The views of the import preview: the tree as it will be, the problems, the file itself.

- :class:`PreviewTree` — units → objectives → key results as they will be after
  the import, each with its owner, baseline → target, what happens to it and the
  row it was read from.
- :class:`ProblemList` — every problem with its row or line and a plain reason;
  Enter, a click or a double click asks to be taken to that row (``goTo``).
- :class:`SourceView` — the rows (or lines) of the file as read, numbered as the
  file numbers them, so a problem's row can be shown with its cells.

The differences of a re-import have their own view (:mod:`ui.import_diff`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ui.tree_items import child_items, top_items

if TYPE_CHECKING:
    from okr_studio.exchange import Plan, Problem
    from okr_studio.exchange.items import Item
    from ui.import_session import ImportSession

#: Item data roles: the item's (kind, key), and the row or line it was read from.
REF_ROLE = Qt.ItemDataRole.UserRole
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
#: The longest value shown in a cell (the whole text is in its tooltip).
SHOWN_CHARS = 90


def clipped(text: str, limit: int = SHOWN_CHARS) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class KeyboardTree(QTreeWidget):
    """A tree that keeps Enter to itself (the dialog's default button stays put):
    Enter is ``activated``, and never also accepts the dialog."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


# ---- the tree as it will be --------------------------------------------------------------------
class PreviewTree(KeyboardTree):
    """Units → objectives → key results after the import, with what happens to each."""

    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreviewTree")
        self.setColumnCount(self.COLUMNS)
        self.setHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Type"),
                self.tr("Owner"),
                self.tr("Baseline → target"),
                self.tr("Import"),
                self.tr("Row"),
            ]
        )
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.by_line: dict[int, QTreeWidgetItem] = {}
        self.by_ref: dict[tuple[str, str], QTreeWidgetItem] = {}

    def status_text(self, status: str) -> str:
        return {
            "added": self.tr("New"),
            "changed": self.tr("Changed"),
            "conflict": self.tr("Conflict"),
            "missing": self.tr("Kept (not in the file)"),
            "removed": self.tr("Removed"),
        }.get(status, "")

    def type_text(self, item: Item | None, kind: str) -> str:
        if kind == "unit":
            level = str(item.get("level") or "") if item is not None else ""
            return level.capitalize() if level else self.tr("Unit")
        return self.tr("Objective") if kind == "objective" else self.tr("Key result")

    def _cells(self, plan: Plan, item: Item | None, kind: str, status: str) -> list[str]:
        owner = target = ""
        if item is not None and kind != "unit":
            owner = plan.value_text(kind, "owner", item.get("owner"))
        if item is not None and kind == "key_result":
            base = plan.value_text(kind, "baseline", item.get("baseline"))
            goal = plan.value_text(kind, "target", item.get("target"))
            unit = str(item.get("unit_of_measure") or "")
            if base or goal:
                target = self.tr("{baseline} → {target} {unit}").format(
                    baseline=base or "?", target=goal or "?", unit=unit
                )
        title = item.title if item is not None else ""
        return [title, self.type_text(item, kind), owner, target.strip(),
                self.status_text(status), ""]  # fmt: skip

    def fill(self, session: ImportSession, problem_lines: dict[int, list[str]]) -> None:
        """Show the tree of ``session``'s plan; rows with problems are marked."""
        plan = session.plan
        final = plan.result(session.remove, session.choices)
        rows = plan.preview(session.remove, session.choices)
        self.setUpdatesEnabled(False)
        self.clear()
        self.by_line.clear()
        self.by_ref.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        stack: list[QTreeWidgetItem] = []
        tops: list[QTreeWidgetItem] = []
        for row in rows:
            item = final.get(row.kind, row.key) or plan.ours.get(row.kind, row.key)
            node = QTreeWidgetItem(self._cells(plan, item, row.kind, row.status))
            node.setData(0, REF_ROLE, (row.kind, row.key))
            node.setData(0, LINE_ROLE, row.line)
            node.setToolTip(0, node.text(0))
            node.setText(0, clipped(node.text(0)) or self.tr("(no title)"))
            if row.line is not None:
                node.setText(5, str(row.line))
                self.by_line.setdefault(row.line, node)
                if row.line in problem_lines:
                    node.setText(5, self.tr("⚠ {row}").format(row=row.line))
                    node.setToolTip(5, "\n".join(problem_lines[row.line]))
            if row.kind == "unit":
                node.setFont(0, bold)
            if row.status:
                node.setFont(4, bold)
            del stack[row.depth :]
            if stack:
                stack[-1].addChild(node)
            else:
                tops.append(node)
            stack.append(node)
            self.by_ref[(row.kind, row.key)] = node
        self.addTopLevelItems(tops)
        self.expandAll()
        self.setUpdatesEnabled(True)

    def show_only_changes(self, only: bool) -> None:
        """Hide the items the import leaves as they are (not the units above a change);
        the first item that changes becomes the current one."""

        def walk(node: QTreeWidgetItem) -> bool:
            kept = [walk(child) for child in child_items(node)]  # every child
            keep = any(kept) or bool(node.text(4)) or not only
            node.setHidden(not keep)
            return keep

        for top in top_items(self):
            walk(top)
        first = next((n for n in self.by_ref.values() if n.text(4) and not n.isHidden()), None)
        if first is not None:
            self.setCurrentItem(first)
            self.scrollToItem(first)

    def show_line(self, line: int) -> bool:
        node = self.by_line.get(line)
        if node is None:
            return False
        self.setCurrentItem(node)
        self.scrollToItem(node)
        return True


# ---- the problems --------------------------------------------------------------------------------
class ProblemList(KeyboardTree):
    """Every problem, in the order of the file; activating one asks to see its row."""

    #: (row or line, column header) of the problem activated; row 0: the whole file.
    goTo = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProblems")
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("Where"), self.tr("Kind"), self.tr("What is wrong")])
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def where(self, problem: Problem) -> str:
        line, column = problem.line, problem.column
        if line is None:
            return column or self.tr("The whole file")
        if problem.unit == "line":
            text = self.tr("Line {line}").format(line=line)
        elif problem.unit == "entry":
            text = self.tr("Entry {line}").format(line=line)
        else:
            text = self.tr("Row {line}").format(line=line)
        return self.tr("{place}, {column}").format(place=text, column=column) if column else text

    def kind(self, problem: Problem) -> str:
        return {
            "error": self.tr("Left out"),
            "warning": self.tr("Warning"),
            "note": self.tr("Note"),
        }[problem.severity]

    def fill(self, problems: Sequence[Problem]) -> None:
        self.clear()
        ordered = sorted(problems, key=lambda p: (p.line is not None, p.line or 0))
        for problem in ordered:
            node = QTreeWidgetItem([self.where(problem), self.kind(problem), problem.message])
            node.setData(0, LINE_ROLE, (problem.line or 0, problem.column))
            node.setToolTip(2, problem.message)
            if problem.severity == "error":
                font = QFont(self.font())
                font.setBold(True)
                node.setFont(1, font)
            self.addTopLevelItem(node)
        tops = top_items(self)
        if ordered and tops:
            self.setCurrentItem(tops[0])

    def _activated(self, node: QTreeWidgetItem, _column: int = 0) -> None:
        line, column = node.data(0, LINE_ROLE)
        self.goTo.emit(int(line), str(column))


# ---- the file as read --------------------------------------------------------------------------
class _SourceModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                 lines: Sequence[int]) -> None:  # fmt: skip
        super().__init__()
        self.headers = list(headers)
        self.rows = rows
        self.lines = list(lines)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else ""
        text = "" if value is None else str(value)
        return clipped(text) if role == Qt.ItemDataRole.DisplayRole else text or None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if section < len(self.headers) else None
        return str(self.lines[section]) if section < len(self.lines) else None


class SourceView(QTableView):
    """The file's rows (a table) or lines (an outline), numbered as in the file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importSource")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.source: _SourceModel | None = None
        self._fit = False

    def show_table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                   lines: Sequence[int]) -> None:  # fmt: skip
        self.source = _SourceModel(headers, rows, lines)
        self.setModel(self.source)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setFont(self.font())  # as large as the cells: read on a projector
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self._fit = True
        if self.isVisible():
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as the rows on screen need (measured once it is shown)."""
        self._fit = False
        self.resizeColumnsToContents()
        for column in range(self.model().columnCount()):
            self.setColumnWidth(column, min(self.columnWidth(column), 420))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit and self.source is not None:
            self._fit_columns()

    def show_text(self, text: str, header: str) -> None:
        lines = text.splitlines()
        self.show_table([header], [(line,) for line in lines], range(1, len(lines) + 1))

    def show_line(self, line: int, column: str = "") -> bool:
        """Select the row (or line) numbered ``line`` in the file, at ``column`` if given."""
        model = self.source
        if model is None:
            return False
        row = bisect.bisect_left(model.lines, line)
        if row >= len(model.lines) or model.lines[row] != line:
            return False
        col = model.headers.index(column) if column in model.headers else 0
        index = model.index(row, col)
        self.setCurrentIndex(index)
        if column not in model.headers:
            self.selectRow(row)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True
