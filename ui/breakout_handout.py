"""File → Breakouts → Hand Out…: which units go to which group, and where the files go.

Each ticked unit becomes one breakout file, with everything below it; "together"
makes the ticked units one group (one file). Units already out in a breakout not
merged back are shown but cannot be ticked, with the group they are out with.
The dialog only gathers the answer; :mod:`ui.breakout_commands` writes the files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okr_studio.data import WorkshopData
from ui.ticks import BigTicks

UNIT_ROLE = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("HandOut", text)


class HandOutDialog(QDialog):
    """The units to hand out and the folder the breakout files go to."""

    def __init__(
        self,
        parent: QWidget | None,
        data: WorkshopData,
        folder: Path,
        out: dict[int, str],
        choose_folder: object = None,
        master: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handOutDialog")
        self.setWindowTitle(_tr("Hand out breakouts"))
        font = self.font()  # as the docks: readable on a projector
        font.setPointSizeF(max(font.pointSizeF(), 13.0))
        self.setFont(font)
        self._choose_folder = choose_folder
        self._data = data
        self._master = master  # the workshop's file: the breakout files are named after it
        layout = QVBoxLayout(self)
        intro = QLabel(
            _tr(
                "Tick the units to hand out: each becomes a breakout file with everything "
                "below it, for a group to edit on its own laptop. The rest of the workshop "
                "goes with it for context, locked."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget()
        self.tree.setObjectName("handOutUnits")
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumHeight(260)
        # tick boxes as tall as the text, seen from the back of the room (and on dark)
        self._ticks = BigTicks()
        self._ticks.setParent(self)
        self.tree.setStyle(self._ticks)
        self._items: dict[int, QTreeWidgetItem] = {}
        self._fill(data, out)
        self.tree.itemChanged.connect(lambda *_a: self._update())
        layout.addWidget(self.tree)
        self.together = QCheckBox(_tr("Hand the ticked units out together, as one group"))
        self.together.setStyle(self._ticks)
        self.together.toggled.connect(lambda _on: self._update())
        layout.addWidget(self.together)
        row = QHBoxLayout()
        row.addWidget(QLabel(_tr("Folder:")))
        self.folder_edit = QLineEdit(str(folder))
        self.folder_edit.setObjectName("handOutFolder")
        self.folder_edit.textChanged.connect(lambda _t: self._update())
        row.addWidget(self.folder_edit, 1)
        browse = QPushButton(_tr("Choose…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setObjectName("handOutSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_tr("Hand Out"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, 560)
        self.tree.setFocus()
        self._update()

    def _fill(self, data: WorkshopData, out: dict[int, str]) -> None:
        for unit in data.walk_units():
            parent = self._items.get(unit.parent_id) if unit.parent_id is not None else None
            name = unit.name.strip() or _tr("Unnamed unit")
            item = QTreeWidgetItem([name])
            item.setData(0, UNIT_ROLE, unit.id)
            if unit.id in out:
                item.setText(
                    0, _tr("{unit} (out with “{group}”)").format(unit=name, group=out[unit.id])
                )
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Unchecked)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            self._items[unit.id] = item
        self.tree.expandAll()
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    # ---- the answer ------------------------------------------------------------------
    def ticked(self) -> list[int]:
        return [
            uid
            for uid, item in self._items.items()
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable
            and item.checkState(0) == Qt.CheckState.Checked
        ]

    def groups(self) -> list[list[int]]:
        ticked = self.ticked()
        if not ticked:
            return []
        return [ticked] if self.together.isChecked() else [[u] for u in ticked]

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def set_ticked(self, unit_ids: list[int]) -> None:
        for uid, item in self._items.items():
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                on = uid in unit_ids
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # ---- reactions -------------------------------------------------------------------
    def _browse(self) -> None:
        choose = self._choose_folder
        if callable(choose):
            chosen = choose(self, self.folder())
            if chosen is not None:
                self.folder_edit.setText(str(chosen))

    def _update(self) -> None:
        from okr_studio.breakouts.handout import BreakoutError, check_groups

        groups = self.groups()
        folder_ok = bool(self.folder_edit.text().strip())
        problem = ""
        if groups:
            try:
                check_groups(self._data, groups)
            except BreakoutError as exc:  # a unit under another ticked one: say so now
                problem = str(exc)
        self.ok.setEnabled(bool(groups) and folder_ok and not problem)
        if not groups:
            self.summary.setText(_tr("Tick at least one unit (Space ticks the one selected)."))
        elif problem:
            self.summary.setText(problem)
        elif len(groups) == 1:
            self.summary.setText(
                _tr("One breakout file will be written: {names}.").format(names=self._names(groups))
            )
        else:
            self.summary.setText(
                _tr("{count} breakout files will be written, one per group: {names}.").format(
                    count=len(groups), names=self._names(groups)
                )
            )

    def _names(self, groups: list[list[int]]) -> str:
        """The files' names, as they will be written ("“plan - Payments.okr”, …")."""
        from okr_studio.breakouts.handout import breakout_path, group_name

        master = self._master or Path(self._data.info.name or "workshop")
        names = [
            breakout_path(self.folder(), master, group_name(self._data, g)).name for g in groups
        ]
        return ", ".join(f"“{n}”" for n in names)
