"""The agenda and its timer in the presenter console.

The agenda ("Company objectives 20 min", "Breakouts 45 min"…) and the timer's state
live in the file (:mod:`okr_studio.agenda`); every button here is one service call
through the document (:mod:`okr_studio.services.agenda`): Start / Pause, Next, Reset,
and the items themselves. Typing "Breakouts 45" in the line under the list adds an
item of 45 minutes; F2 or a double-click edits a title or its minutes; Delete removes
an item; Alt+Up / Alt+Down move it. The clock above the list says the current item
and the time left, and turns to a gentle "over" colour when it runs past its minutes.
The panel reads the time from ``now`` (tests give it a fixed clock).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okr_studio import services
from okr_studio.agenda import AgendaClock, agenda_clock, agenda_items, elapsed, utc_now
from okr_studio.errors import OkrError
from okr_studio.events import Change
from okr_studio.store import Workshop
from ui import dialogs, theme
from ui.document import Document
from ui.document_view import DocumentView
from ui.wizard.common import elide, set_text_colour

ITEM_ROLE = Qt.ItemDataRole.UserRole
#: "Breakouts 45", "Plenary: 30 min", "Pause 15 Min.": a title and its minutes.
_LINE = re.compile(r"^(?P<title>.*?)[\s,;:–-]*(?P<minutes>\d{1,3})\s*(?:min\w*\.?|m)?\s*$", re.I)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Agenda", text)


def split_item(line: str) -> tuple[str, int]:
    """ "Breakouts 45 min" → ("Breakouts", 45); a line without minutes plans none."""
    found = _LINE.match(line.strip())
    if found is None or not found.group("title").strip():
        return line.strip(), 0
    return found.group("title").strip(), int(found.group("minutes"))


def duration(seconds: float) -> str:
    """ "12:05", or "1:02:05" past an hour (always whole seconds, never negative)."""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def clock_texts(clock: AgendaClock, has_agenda: bool) -> tuple[str, str]:
    """(what, time): the current item and the time left or over, as the room reads them."""
    if not has_agenda:
        return _tr("No agenda yet"), ""
    if clock.finished:
        return _tr("Agenda done"), duration(clock.total_elapsed)
    if clock.item is None:
        minutes = round(clock.total_planned / 60)
        return _tr("Not started"), _tr("{0} min planned").format(minutes)
    title = clock.item.title or _tr("(untitled item)")
    if not clock.running:
        title = _tr("{0} (paused)").format(title)
    if clock.planned <= 0:
        return title, duration(clock.elapsed)
    if clock.overtime:
        return title, _tr("{0} over").format(duration(-clock.remaining))
    return title, _tr("{0} left").format(duration(clock.remaining))


class AgendaView(DocumentView, QWidget):
    """The clock, the timer's buttons and the agenda (see the module's notes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agenda")
        self.now: Callable[[], dt.datetime] = utc_now
        self.what = QLabel()
        self.what.setObjectName("agendaNow")
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.time = QLabel()
        self.time.setObjectName("agendaTime")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.time.setFont(big)
        self.start_button = QPushButton(_tr("&Start"))
        self.start_button.setObjectName("agendaStart")
        self.next_button = QPushButton(_tr("Ne&xt item"))
        self.reset_button = QPushButton(_tr("Rese&t"))
        buttons = QHBoxLayout()
        for button in (self.start_button, self.next_button, self.reset_button):
            buttons.addWidget(button)
        self.tree = QTreeWidget()
        self.tree.setObjectName("agendaList")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([_tr("Item"), _tr("Minutes"), _tr("Spent")])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.installEventFilter(self)
        self.add_line = QLineEdit()
        self.add_line.setObjectName("agendaAdd")
        self.add_line.setPlaceholderText(_tr("Add an item: Breakouts 45"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.what, self.time):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.add_line)
        self.start_button.clicked.connect(self.start_or_pause)
        self.next_button.clicked.connect(self.next_item)
        self.reset_button.clicked.connect(self.reset)
        self.add_line.returnPressed.connect(self.add_from_line)
        self.tree.itemChanged.connect(self._edited)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)

    # ---- the document --------------------------------------------------------------
    def show_document(self, document: Document | None) -> None:
        self.refresh()

    def on_document_changed(self, event: object) -> None:
        self.refresh()

    def _run(self, call: Callable[[Workshop], Change]) -> bool:
        if self.document is None:
            return False
        try:
            self.document.execute(call)
        except OkrError as exc:
            dialogs.show_error(self.window(), exc)
            return False
        return True

    # ---- the timer ---------------------------------------------------------------------
    def clock(self) -> AgendaClock | None:
        return agenda_clock(self.document.data, self.now()) if self.document else None

    def start_or_pause(self) -> None:
        clock = self.clock()
        now = self.now()
        if clock is not None and clock.running:
            self._run(lambda ws: services.pause_agenda_timer(ws, now=now))
        else:
            self._run(lambda ws: services.start_agenda_timer(ws, now=now))

    def next_item(self) -> None:
        now = self.now()
        self._run(lambda ws: services.next_agenda_item(ws, now=now))

    def reset(self) -> None:
        self._run(services.reset_agenda)

    def tick(self) -> None:
        """Once a second while an item runs: the clock and the spent time move on."""
        clock = self.clock()
        self._show_clock(clock)
        if clock is not None and clock.item is not None:
            for row in self._rows():
                if row.data(0, ITEM_ROLE) == clock.item.id:
                    row.setText(2, duration(clock.elapsed))
        if clock is None or not clock.running:
            self.ticker.stop()

    def _show_clock(self, clock: AgendaClock | None) -> None:
        data = self.document.data if self.document is not None else None
        what, time = clock_texts(clock, bool(data and data.agenda)) if clock else ("", "")
        self.what.setText(what)
        self.time.setText(time)
        colours = theme.current()
        set_text_colour(self.time, colours.warning if clock and clock.overtime else colours.text)
        running = clock is not None and clock.running
        self.start_button.setText(_tr("&Pause") if running else _tr("&Start"))

    # ---- the list ------------------------------------------------------------------------
    def _rows(self) -> list[QTreeWidgetItem]:
        rows = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [row for row in rows if row is not None]

    def refresh(self) -> None:
        self.setEnabled(self.document is not None)
        clock = self.clock()
        self._show_clock(clock)
        current = self.current_item_id()
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            if self.document is None:
                return
            now = self.now()
            for item in agenda_items(self.document.data):
                spent = elapsed(item, now)
                row = QTreeWidgetItem(
                    [item.title, str(item.planned_minutes), duration(spent) if spent else ""]
                )
                row.setData(0, ITEM_ROLE, item.id)
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
                if item.state == "current":
                    font = QFont(self.tree.font())
                    font.setBold(True)
                    for col in range(3):
                        row.setFont(col, font)
                elif item.state == "done":
                    row.setForeground(0, QBrush(theme.current().muted_text))
                row.setToolTip(0, elide(item.title, 500))
                self.tree.addTopLevelItem(row)
                if item.id == current:
                    self.tree.setCurrentItem(row)
        finally:
            self.tree.blockSignals(False)
        if clock is not None and clock.running:
            self.ticker.start()
        else:
            self.ticker.stop()

    def current_item_id(self) -> int | None:
        row = self.tree.currentItem()
        return row.data(0, ITEM_ROLE) if row is not None else None

    def add_from_line(self) -> None:
        title, minutes = split_item(self.add_line.text())
        if not title:
            return
        if self._run(lambda ws: services.add_agenda_item(ws, title, minutes)):
            self.add_line.clear()

    def _edited(self, row: QTreeWidgetItem, column: int) -> None:
        item_id = row.data(0, ITEM_ROLE)
        if column == 0:
            fields: dict[str, object] = {"title": row.text(0)}
        elif column == 1:
            fields = {"planned_minutes": row.text(1)}
        else:
            return
        if not self._run(lambda ws: services.update_agenda_item(ws, item_id, **fields)):
            QTimer.singleShot(0, self.refresh)  # a refused value: show the file's again

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete and Alt+Up / Alt+Down in the list act on the agenda item."""
        if watched is not self.tree or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        item_id = self.current_item_id()
        key, alt = event.key(), event.modifiers() & Qt.KeyboardModifier.AltModifier
        ours = key == Qt.Key.Key_Delete or (alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down))
        if item_id is None or not ours:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the list takes Delete before the window's Delete
            return True
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if key == Qt.Key.Key_Delete:
            self._run(lambda ws: services.delete_agenda_item(ws, item_id))
            return True
        current = self.tree.currentItem()
        index = self.tree.indexOfTopLevelItem(current) if current is not None else -1
        index += 1 if key == Qt.Key.Key_Down else -1
        if 0 <= index < self.tree.topLevelItemCount():
            self._run(lambda ws: services.move_agenda_item(ws, item_id, index))
        return True


class AgendaDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Agenda"), parent)
        self.setObjectName("agendaDock")
        self.view = AgendaView(self)
        self.setWidget(self.view)

    def set_document(self, document: Document | None) -> None:
        self.view.set_document(document)
