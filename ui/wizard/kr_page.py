"""Step 3 of the cascade: 3–5 key results typed into a table."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from okr_studio import coach
from okr_studio.data import WorkshopData
from okr_studio.numbers import locale_of
from ui.entry_chips import entry_context
from ui.wizard.common import HintList, elide, format_date, plain_label
from ui.wizard.draft import Draft, lenient_row_values, row_has_content
from ui.wizard.kr_table import KeyResultTable
from ui.wizard.pages import Page


class KeyResultsPage(Page):
    title = "3. Key results"
    explanation = (
        "Write 3 to 5 key results that show the objective was reached: each a number "
        "that moves from a baseline to a target by a date, with one owner. Tab moves "
        "through the cells and Enter starts the next key result; a title can say it all "
        "on one line (“Raise NPS from 20 to 40 by Q3 @Ana #debt”). Technical debt, "
        "defects and risks belong beside features."
    )

    def __init__(self, data: WorkshopData, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(data, draft, parent)
        due = format_date(data.info.cycle_end)
        self.table = KeyResultTable(due_default=due)
        self.table.setObjectName("keyResultTable")
        self.table.chips.context_of = lambda: entry_context(data)  # the wizard sets its day
        self.table.people = sorted(
            {p.name for p in data.people.values() if p.name.strip()}, key=str.casefold
        )
        for _ in range(3):
            self.table.add_row()
        self.add_button = QPushButton(self.tr("&Add key result"))
        self.remove_button = QPushButton(self.tr("&Remove key result"))
        self.remove_button.setToolTip(self.tr("Removes the current row (Ctrl+Delete)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.count_label = plain_label(wrap=False, muted=True)
        buttons.addWidget(self.count_label)
        self.row_hints = HintList()
        self.other_hints = plain_label(muted=True)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.row_hints)
        self.layout_.addWidget(self.other_hints)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self.table.remove_current_row)
        self.table.edited.connect(self._changed)
        self.table.currentCellChanged.connect(lambda *_: self._update_hints())
        self._changed()

    def _add(self) -> None:
        row = self.table.add_row()
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self.table.start_editing()

    def _changed(self) -> None:
        self.draft.rows = self.table.rows()
        n = sum(1 for r in self.draft.rows if row_has_content(r))
        self.count_label.setText(self.tr("{count} of 3–5 key results").format(count=n))
        self._update_hints()
        self.edited.emit()

    def row_findings(self, row: dict[str, str]) -> list[coach.Finding]:
        values = lenient_row_values(row, QLocale())
        return coach.key_result_hints(values, self.data, locale_of().language)

    def _update_hints(self) -> None:
        rows = self.draft.rows
        current = self.table.currentRow()
        lines: list[str] = []
        others: list[str] = []
        for i, row in enumerate(rows):
            if not row_has_content(row):
                continue
            found = self.row_findings(row)
            if i == current or (current < 0 and i == 0):
                lines = [f"Row {i + 1}: {elide(f.message, 200)}" for f in found]
            elif found:
                count = len(found)
                others.append(f"row {i + 1}: {count} hint{'s' if count > 1 else ''}")
        self.row_hints.set_hints(lines)
        text = "Also " + ", ".join(others) + "." if others else ""
        self.other_hints.setText(text)
        self.other_hints.setVisible(bool(text))

    def reasons(self) -> list[str]:
        return self.draft.kr_reasons(QLocale())

    def leave(self) -> None:
        self.table.commit_editing()
        self.draft.rows = self.table.rows()

    def enter(self) -> None:
        if self.table.currentRow() < 0 and self.table.rowCount():
            self.table.setCurrentCell(0, 0)

    def first_field(self) -> QWidget:
        return self.table

    def focus_first(self) -> None:
        """Start typing in the first empty row's first cell."""
        table = self.table
        table.setFocus()
        row = next(
            (i for i, r in enumerate(table.rows()) if not row_has_content(r)),
            table.rowCount() - 1,
        )
        if row < 0:
            row = table.add_row()
        table.setCurrentCell(row, 0)
        table.start_editing()

    def apply_font(self) -> None:
        super().apply_font()
        self.table.fit_columns()
