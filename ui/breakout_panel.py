"""The Breakouts panel and the banner of a breakout file.

In the main workshop the panel lists every hand-out: the group, when it was
handed out, whether it has come back and when, and what its merge changed, with
Merge… and Take Back for the one selected. In a breakout file it says where the
file came from. The banner, above the canvas of a breakout file, says so in one
sentence that a room can read: whose breakout it is and what can be changed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okr_studio.breakout_data import HandOutData
from okr_studio.data import WorkshopData
from ui.document_view import DocumentView

RECORD_ROLE = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("Breakouts", text)


def when(stamp: str) -> str:
    """An ISO time (UTC) as the panel shows it, in local time ("2027-01-12 10:30")."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp.replace("T", " ")[:16]
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


class _WrappedLabel(QLabel):
    """A word-wrapped label exactly as tall as its text at its width (a toolbar would
    otherwise give it the height of its text wrapped at its narrowest)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self.heightForWidth(self.width())
        if height > 0 and height != self.height():
            self.setFixedHeight(height)


def banner_text(data: WorkshopData) -> str:
    """The banner's sentence for a breakout file ("" for any other file)."""
    if not data.origin:
        return ""
    origin = data.origin[min(data.origin)]
    return _tr(
        "Breakout for “{group}” of “{workshop}” (handed out {since}): only {group} and what "
        "is below it can be changed here. The rest is shown for context, locked."
    ).format(workshop=origin.workshop_name, group=origin.name, since=when(origin.handed_out_at))


class BreakoutBanner(QToolBar):
    """A bar above the canvas, shown only for a breakout file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Breakout"), parent)
        self.setObjectName("breakoutBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.label = _WrappedLabel()
        self.label.setObjectName("breakoutBannerText")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setContentsMargins(12, 6, 12, 6)
        font = self.label.font()
        font.setPointSizeF(max(font.pointSizeF() * 1.25, 13.0))
        font.setBold(True)
        self.label.setFont(font)
        self.label.setStyleSheet(
            "QLabel { background: #fff3cd; color: #3d2c00; border: 2px solid #c98a00; "
            "border-radius: 6px; }"
        )
        self.addWidget(self.label)
        self.toggleViewAction().setVisible(False)  # not a panel the user hides

    def show_for(self, data: WorkshopData | None) -> None:
        text = banner_text(data) if data is not None else ""
        self.label.setText(text)
        self.setVisible(bool(text))


class BreakoutsView(DocumentView, QWidget):
    """The panel's contents (see the module notes)."""

    #: Merge… (the breakout files are asked for).
    mergeRequested = Signal()
    #: Take Back the hand-out with this record id.
    takeBackRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.list = QTreeWidget()
        self.list.setObjectName("breakoutList")
        self.list.setHeaderLabels([_tr("Group"), _tr("Handed out"), _tr("Back"),
                                   _tr("What it changed")])  # fmt: skip
        self.list.setRootIsDecorated(False)
        self.list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.merge = QPushButton(_tr("Merge…"))
        self.merge.clicked.connect(lambda: self.mergeRequested.emit())
        self.take_back = QPushButton(_tr("Take Back"))
        self.take_back.setToolTip(_tr("Forget a hand-out that will not come back"))
        self.take_back.clicked.connect(self._take_back)
        row.addWidget(self.merge)
        row.addWidget(self.take_back)
        row.addStretch(1)
        layout.addLayout(row)

    def show_document(self, document: object) -> None:
        self._fill()

    def on_document_changed(self, event: object) -> None:
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        doc = self.document
        data = doc.data if doc is not None else None
        breakout = data is not None and bool(data.origin)
        for widget in (self.list, self.merge, self.take_back):
            widget.setVisible(not breakout)
        if data is not None and breakout:
            more = _tr("Bring it back with File → Breakouts → Merge… in the main workshop.")
            self.info.setText(f"{banner_text(data)} {more}")
        else:
            self.info.setText(
                _tr("Groups handed out from this workshop, and whether they came back.")
            )
        for record in sorted((data.breakouts.values() if data else ()), key=lambda r: r.id):
            back = when(record.merged_at) if record.merged else _tr("out")
            item = QTreeWidgetItem([record.name, when(record.handed_out_at), back,
                                    record.merge_summary])  # fmt: skip
            item.setToolTip(0, record.file_name)
            item.setData(0, RECORD_ROLE, record.id)
            self.list.addTopLevelItem(item)
        for col in range(4):
            self.list.resizeColumnToContents(col)
        self._update_buttons()

    def _record(self) -> HandOutData | None:
        item = self.list.currentItem()
        doc = self.document
        if item is None or doc is None:
            return None
        return doc.data.breakouts.get(item.data(0, RECORD_ROLE))

    def _update_buttons(self) -> None:
        doc = self.document
        editable = doc is not None and not doc.read_only and not doc.data.origin
        record = self._record()
        self.merge.setEnabled(editable)
        self.take_back.setEnabled(editable and record is not None and not record.merged)

    def _take_back(self) -> None:
        record = self._record()
        if record is not None:
            self.takeBackRequested.emit(record.id)


class BreakoutsPanel(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Breakouts"), parent)
        self.setObjectName("breakoutsDock")
        self.view = BreakoutsView(self)
        self.setWidget(self.view)
