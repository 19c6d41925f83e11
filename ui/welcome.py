"""The start page shown when no workshop is open: new, open, the sample, recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import recent


def _font(widget: QWidget, points: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _document_icon() -> QIcon:
    try:
        from okr_studio.resources import resource_path

        file = resource_path("icons", "okr-document-small.svg")
    except Exception:
        return QIcon()
    return QIcon(str(file)) if file.is_file() else QIcon()


class WelcomePage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    sampleRequested = Signal()
    recentChosen = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(18)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        column.addStretch(1)

        title = QLabel("OKR Studio")
        title.setFont(_font(self, 30, bold=True))
        column.addWidget(title)
        blurb = QLabel(
            self.tr(
                "Draw your company → department → team objectives and key results "
                "with the whole room, check the alignment, print a sheet for every team."
            )
        )
        blurb.setWordWrap(True)
        blurb.setFont(_font(self, 14))
        column.addWidget(blurb)

        self.first_hint = QLabel(
            self.tr(
                "New here? Open the sample workshop to see a finished cascade — "
                "it is a copy in your Documents folder, so change it freely."
            )
        )
        self.first_hint.setWordWrap(True)
        self.first_hint.setFont(_font(self, 13))
        self.first_hint.setObjectName("firstStartHint")

        buttons = QVBoxLayout()
        buttons.setSpacing(10)
        self.sample_button = self._button(
            self.tr("Open the sample workshop"), self.tr("Explore a finished cascade")
        )
        self.new_button = self._button(
            self.tr("New workshop…"), self.tr("Start an empty workshop file")
        )
        self.open_button = self._button(self.tr("Open…"), self.tr("Open a .okr workshop file"))
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        self.sample_button.clicked.connect(self.sampleRequested)

        self.first = recent.first_start()
        column.addWidget(self.first_hint)
        self.first_hint.setVisible(self.first)
        order = (
            [self.sample_button, self.new_button, self.open_button]
            if self.first
            else [self.new_button, self.open_button, self.sample_button]
        )
        for b in order:
            buttons.addWidget(b)
        column.addLayout(buttons)
        (order[0]).setDefault(True)
        order[0].setFocus()

        self.line = QFrame()
        self.line.setFrameShape(QFrame.Shape.HLine)
        column.addWidget(self.line)
        self.recent_label = QLabel(self.tr("Recent workshops"))
        self.recent_label.setFont(_font(self, 15, bold=True))
        column.addWidget(self.recent_label)
        self.recent_list = QListWidget()
        self.recent_list.setFont(_font(self, 13))
        self.recent_list.setIconSize(QSize(24, 24))
        self.recent_list.setMinimumHeight(140)
        self.recent_list.itemActivated.connect(self._activated)
        self.recent_list.itemClicked.connect(self._activated)  # one click, like a link
        self._files: list[Path] = []  # the recent files, one a row
        column.addWidget(self.recent_list, 2)
        column.addStretch(1)
        self.refresh()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setFont(_font(self, 16))
        button.setMinimumHeight(52)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return button

    def refresh(self) -> None:
        self.recent_list.clear()
        files = recent.recent_files()
        self._files = files
        icon = _document_icon()
        for path in files:
            item = QListWidgetItem(icon, f"{path.name}   —   {path.parent}")
            exists = path.is_file()
            item.setToolTip(
                str(path) if exists else self.tr("{path} (not found)").format(path=path)
            )
            if not exists:
                item.setText(
                    self.tr("{name}   —   {folder}   (not found)").format(
                        name=path.name, folder=path.parent
                    )
                )
                item.setForeground(self.palette().placeholderText())
            self.recent_list.addItem(item)
        has_files = bool(files)
        self.recent_label.setVisible(has_files)
        self.line.setVisible(has_files)
        self.recent_list.setVisible(has_files)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "recent_list"):
            self.refresh()  # the dimmed entries take the new theme's colour

    def _activated(self, item: QListWidgetItem) -> None:
        row = self.recent_list.row(item)
        if 0 <= row < len(self._files):
            self.recentChosen.emit(self._files[row])
