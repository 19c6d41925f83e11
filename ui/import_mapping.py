"""How the file is read, editable in the preview: a table's columns, an outline's rules.

- :class:`ColumnMapping` — one row per column of the file: its header, what it is
  read as (a combo box of the flat table's fields, guessed by the core), and an
  example value. Changing a combo reads the table again (``mappingChanged``).
- :class:`RulesPanel` — the recognition rules of an outline as the core
  describes them, each a check box (``rulesChanged`` with the new rules).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.import_views import clipped


def _example(rows: Sequence[Sequence[Any]], column: int) -> str:
    for row in rows[:200]:
        if column < len(row) and row[column] not in (None, ""):
            return clipped(str(row[column]))
    return ""


class ColumnMapping(QScrollArea):
    """A combo box per column of the file: which field it is read as."""

    #: The new mapping: a field (or None) per column.
    mappingChanged = Signal(object)

    def __init__(self, table: Any, mapping: Sequence[str | None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("importColumns")
        self.setWidgetResizable(True)
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        intro = QLabel(
            self.tr(
                "Each column of the file is read as the field chosen here. The choices were "
                "guessed from the headers; change one and the preview follows."
            )
        )
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 3)
        for col, text in enumerate((self.tr("Column in the file"), self.tr("Read as"),
                                    self.tr("First value"))):  # fmt: skip
            label = QLabel(f"<b>{text}</b>")
            grid.addWidget(label, 1, col)
        self.combos: list[QComboBox] = []
        for i, header in enumerate(table.headers):
            name = str(header) or self.tr("(column {number} has no header)").format(number=i + 1)
            label = QLabel(name)
            combo = self._combo(str(header), mapping[i] if i < len(mapping) else None)
            combo.setAccessibleName(self.tr("Read the column “{header}” as").format(header=name))
            label.setBuddy(combo)
            grid.addWidget(label, i + 2, 0)
            grid.addWidget(combo, i + 2, 1)
            grid.addWidget(QLabel(_example(table.rows, i)), i + 2, 2)
            self.combos.append(combo)
            combo.currentIndexChanged.connect(self._changed)
        grid.setRowStretch(len(table.headers) + 2, 1)
        self.setWidget(inner)

    def _combo(self, header: str, field: str | None) -> QComboBox:
        from okr_studio.exchange.columns import choices

        combo = QComboBox()
        combo.addItem(self.tr("Not read"), None)
        for value, text in choices():
            if not value.startswith("unit:"):
                combo.addItem(text, value)
        level = (field.split(":", 1)[1] if field and field.startswith("unit:") else "") or (
            header.strip().lower() or "team"
        )
        combo.addItem(self.tr("A unit of the level “{level}”").format(level=level), f"unit:{level}")
        index = combo.findData(field)
        combo.setCurrentIndex(max(index, 0))
        combo.setMaxVisibleItems(20)
        return combo

    def mapping(self) -> tuple[str | None, ...]:
        return tuple(combo.currentData() for combo in self.combos)

    def _changed(self, _index: int) -> None:
        self.mappingChanged.emit(self.mapping())


class RulesPanel(QWidget):
    """The outline's recognition rules, each one a check box."""

    rulesChanged = Signal(object)

    def __init__(self, rules: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from okr_studio.exchange.outline_rules import describe

        self.setObjectName("importRules")
        self.rules = rules
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "An outline has no columns, so each line is recognised by these rules. "
                "Switch one off and the preview follows."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        for name, on, text in describe(rules):
            box = QCheckBox(text)
            box.setChecked(on)
            box.toggled.connect(self._changed)
            layout.addWidget(box)
            self.boxes[name] = box
        layout.addStretch(1)

    def current(self) -> Any:
        values: dict[str, Any] = {}
        for name, box in self.boxes.items():
            old = getattr(self.rules, name)
            if isinstance(old, str):
                values[name] = (old or "=>") if box.isChecked() else ""
            else:
                values[name] = box.isChecked()
        return dataclasses.replace(self.rules, **values)

    def _changed(self, _on: bool) -> None:
        self.rules = self.current()
        self.rulesChanged.emit(self.rules)
