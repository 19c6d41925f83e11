"""The import preview: what an import (or a paste) will do, before anything is written.

Tabs show the tree as it will be, the differences of a re-import (with a
choice per conflict and per missing item), how the file is read (a table's
column mapping or an outline's rules) and the file itself; below them every
problem with its row, which Enter or a click shows in the file. The user
chooses where the items go — into the open workshop under a unit, or a new
workshop — and confirms; the dialog only gathers choices in its
:class:`~ui.import_session.ImportSession`, the caller writes.

Keyboard: Alt + the underlined letter reaches each tab and choice, arrows and
Space tick choices, Ctrl+Enter confirms, Esc cancels. Enter inside a list
acts on the list (it never confirms the import by accident).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.import_diff import DiffTree
from ui.import_session import ImportSession
from ui.import_views import PreviewTree, ProblemList, SourceView

#: Point size of the preview's text: readable on a projector.
POINT_SIZE = 13.0


class ImportDialog(QDialog):
    """The preview of one import; see the module notes."""

    def __init__(
        self,
        parent: QWidget | None,
        session: ImportSession,
        *,
        units: Sequence[tuple[int, str, int]] = (),
        paste: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.session = session
        self.paste = paste
        self.source_name = session.incoming.source
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), POINT_SIZE))
        self.setFont(font)
        if paste:
            self.setWindowTitle(self.tr("Paste: preview"))
        else:
            self.setWindowTitle(self.tr("Import “{name}”").format(name=self.source_name))
        self._build(units)
        self.refresh()
        if session.plan.reimport:
            self.tabs.setCurrentWidget(self.diff_page)
            self.diff.setFocus()
        else:
            self.tabs.setCurrentWidget(self.tree_page)
            self.tree.setFocus()
        self.resize(1180, 800)

    # ---- layout ----------------------------------------------------------------------------
    def _build(self, units: Sequence[tuple[int, str, int]]) -> None:
        self.headline = QLabel()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.25)
        big.setBold(True)
        self.headline.setFont(big)
        self.headline.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tree = PreviewTree()
        self.only_changes = QCheckBox(self.tr("Show &only what changes, with the units above it"))
        self.only_changes.setChecked(self.session.into and bool(self.session.plan.ours.items))
        self.only_changes.toggled.connect(self.tree.show_only_changes)
        self.tree_page = QWidget()
        page = QVBoxLayout(self.tree_page)
        page.addWidget(self.only_changes)
        page.addWidget(self.tree, 1)
        self.diff = DiffTree()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.diff.currentItemChanged.connect(self._show_detail)
        self.diff_page = QWidget()
        page = QVBoxLayout(self.diff_page)
        page.addWidget(self.diff, 1)
        page.addWidget(self.detail)
        self.tabs.addTab(self.tree_page, self.tr("&Tree as it will be"))
        self.tabs.addTab(self.diff_page, self.tr("&Differences"))
        self.diff.choicesChanged.connect(self._choices_changed)
        self._add_reading_tabs()
        self.problems = ProblemList()
        self.problems.goTo.connect(self.go_to)
        self.problems_title = QLabel()
        self.problems_title.setBuddy(self.problems)
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.problems_title)
        box.addWidget(self.problems)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)
        layout.addWidget(self._destination(units))
        layout.addLayout(self._buttons())

    def _add_reading_tabs(self) -> None:
        from ui.import_mapping import ColumnMapping, RulesPanel

        incoming = self.session.incoming
        self.columns: ColumnMapping | None = None
        self.rules: RulesPanel | None = None
        self.source: SourceView | None = None
        if self.session.is_table:
            self.columns = ColumnMapping(incoming.table, incoming.mapping)
            self.columns.mappingChanged.connect(self._mapping_changed)
            self.tabs.addTab(self.columns, self.tr("&Columns"))
        elif self.session.is_outline:
            self.rules = RulesPanel(incoming.rules)
            self.rules.rulesChanged.connect(self._rules_changed)
            self.tabs.addTab(self.rules, self.tr("&Rules"))
        if self.session.is_table or self.session.is_outline:
            self.source = SourceView()
            where = self.tr("The pasted &text") if self.paste else self.tr("The &file")
            self.tabs.addTab(self.source, where)  # its font first, then widths
            table = incoming.table
            if table is not None:
                self.source.show_table(table.headers, table.rows, table.lines)
            else:
                self.source.show_text(incoming.text or "", self.tr("Text"))

    def _destination(self, units: Sequence[tuple[int, str, int]]) -> QGroupBox:
        group = QGroupBox(self.tr("Where the items go"))
        self.into = QRadioButton(self.tr("Into this &workshop, under:"))
        self.under = QComboBox()
        self.under.addItem(self.tr("The top of the tree"), None)
        for unit_id, name, depth in units:
            self.under.addItem("    " * depth + name, unit_id)
        self.under.setCurrentIndex(max(self.under.findData(self.session.under), 0))
        self.under.setAccessibleName(self.tr("The unit the items go under"))
        self.new = QRadioButton(self.tr("As a &new workshop (you choose where to save it)"))
        can_merge = self.session.data is not None
        self.into.setEnabled(can_merge)
        self.under.setEnabled(can_merge)
        if not can_merge:
            self.into.setToolTip(self.tr("No workshop is open for editing."))
        (self.into if self.session.into else self.new).setChecked(True)
        self.new.setVisible(not self.paste)
        row = QHBoxLayout()
        row.addWidget(self.into)
        row.addWidget(self.under, 1)
        layout = QVBoxLayout(group)
        layout.addLayout(row)
        layout.addWidget(self.new)
        self.into.toggled.connect(self._destination_changed)
        self.under.currentIndexChanged.connect(self._destination_changed)
        return group

    def _buttons(self) -> QHBoxLayout:
        self.confirm = QPushButton()
        self.confirm.setDefault(True)
        self.confirm.setToolTip(self.tr("Ctrl+Enter"))
        self.confirm.clicked.connect(self.accept)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self._confirm_by_key)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel)
        row.addWidget(self.confirm)
        return row

    # ---- showing the plan ----------------------------------------------------------------------
    def refresh(self) -> None:
        plan = self.session.plan
        lines: dict[int, list[str]] = {}
        for problem in plan.problems:
            if problem.line is not None:
                lines.setdefault(problem.line, []).append(problem.message)
        self._problem_lines = lines
        self.tree.fill(self.session, lines)
        self.tree.show_only_changes(self.only_changes.isChecked())
        self.diff.fill(self.session)
        has_diffs = plan.reimport or any(d.status != "added" for d in plan.diffs)
        self.tabs.setTabVisible(self.tabs.indexOf(self.diff_page), has_diffs)
        self.problems.fill(plan.problems)
        self._line_column()
        count = len(plan.problems)
        self.problems.setVisible(bool(count))
        if not count:
            title = self.tr("&Problems: none.")
        elif self.paste:
            title = self.tr("&Problems ({count}): Enter or a click shows the line pasted.")
        else:
            title = self.tr("&Problems ({count}): Enter or a click shows the row in the file.")
        self.problems_title.setText(title.format(count=count))
        self._show_summary()

    def _line_column(self) -> None:
        """The last column says where in the file: a row, a line, or (JSON) nothing."""
        fmt = self.session.incoming.format
        word = self.tr("Line") if fmt in ("markdown", "text") else self.tr("Row")
        for view in (self.tree, self.diff):
            last = view.columnCount() - 1
            view.headerItem().setText(last, word)
            view.setColumnHidden(last, fmt == "json")

    def _show_detail(self, node: QTreeWidgetItem | None, _old: object = None) -> None:
        self.detail.setText(self.diff.detail(node))

    def _choices_changed(self) -> None:
        self.tree.fill(self.session, self._problem_lines)
        self.tree.show_only_changes(self.only_changes.isChecked())
        self._show_summary()

    def _show_summary(self) -> None:
        plan = self.session.plan
        parts = []
        for status, text in (
            ("added", self.tr("New items: {count}.")),
            ("changed", self.tr("Changed: {count}.")),
            ("conflict", self.tr("Conflicts: {count} (choose under Differences).")),
            ("missing", self.tr("Not in the file: {count} (kept unless ticked).")),
        ):
            count = sum(1 for d in plan.of_status(status) if d.kind != "person")
            if count:
                parts.append(text.format(count=count))
        if plan.errors:
            left_out = self.tr("Rows left out: {count} (see the problems below).")
            parts.append(left_out.format(count=len(plan.errors)))
        if not parts and self.paste:
            parts.append(self.tr("The pasted text holds nothing that would change the workshop."))
        elif not parts:
            parts.append(self.tr("The file holds nothing that would change the workshop."))
        self.headline.setText(" ".join(parts))
        if plan.reimport and plan.three_way:
            note = self.tr(
                "The file carries its values as exported: what was edited here since is kept, "
                "and only a field changed on both sides is a conflict."
            )
        elif plan.reimport:
            note = self.tr(
                "The file does not carry its values as exported, so every difference from "
                "the workshop is listed."
            )
        else:
            note = self.tr("Nothing is written until you confirm.")
        self.note.setText(note)
        self._update_confirm()

    def confirm_text(self) -> str:
        """The confirm button's words: "Import 37 items", "Update 5 items"…"""
        n = self.session.item_count()
        if not self.session.writes_anything():
            return self.tr("Nothing to paste") if self.paste else self.tr("Nothing to import")
        if not self.session.into:
            text = (
                self.tr("Cr&eate a workshop with 1 item…")
                if n == 1
                else self.tr("Cr&eate a workshop with {count} items…")
            )
        elif self.paste:
            text = self.tr("P&aste 1 item") if n == 1 else self.tr("P&aste {count} items")
        elif self.session.plan.reimport:
            text = self.tr("&Update 1 item") if n == 1 else self.tr("&Update {count} items")
        else:
            text = self.tr("&Import 1 item") if n == 1 else self.tr("&Import {count} items")
        return text.format(count=n)

    def _update_confirm(self) -> None:
        self.confirm.setText(self.confirm_text())
        self.confirm.setEnabled(self.session.writes_anything())

    def step_label(self) -> str:
        """The undo step's name: "Import 37 items from teams.xlsx"."""
        n = self.session.item_count()
        if self.paste:
            text = self.tr("Paste 1 item") if n == 1 else self.tr("Paste {count} items")
        elif self.session.plan.reimport:
            text = (
                self.tr("Update 1 item from {name}")
                if n == 1
                else self.tr("Update {count} items from {name}")
            )
        else:
            text = (
                self.tr("Import 1 item from {name}")
                if n == 1
                else self.tr("Import {count} items from {name}")
            )
        return text.format(count=n, name=self.source_name)

    # ---- choices ---------------------------------------------------------------------------------
    def _destination_changed(self, *_args: object) -> None:
        self.session.set_destination(self.into.isChecked(), self.under.currentData())
        self.refresh()

    def _mapping_changed(self, mapping: tuple[str | None, ...]) -> None:
        self.session.set_mapping(mapping)
        self.refresh()

    def _rules_changed(self, rules: object) -> None:
        self.session.set_rules(rules)
        self.refresh()

    def _confirm_by_key(self) -> None:
        if self.confirm.isEnabled():
            self.confirm.click()

    def go_to(self, line: int, column: str) -> None:
        """Show row (or line) ``line`` of the file: its cells, else its item in the tree."""
        if not line:
            return
        if self.source is not None and self.source.show_line(line, column):
            self.tabs.setCurrentWidget(self.source)
        elif self.tree.show_line(line):
            self.tabs.setCurrentWidget(self.tree_page)
