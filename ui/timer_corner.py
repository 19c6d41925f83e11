"""The agenda's clock in a corner of the projected tree: large, quiet, readable.

While a canvas is presenting (on the projector, or the one screen) and an agenda item is
under way, the bottom right corner shows the item and the time left in large type. The
clock sits in a strip below the tree, in the canvas's own background colour: the view
keeps that strip free (its viewport margin), so the branch is fitted above it and no card
is ever hidden behind the clock. Past the item's planned minutes the time turns the
theme's warning colour and says "over": a gentle cue for the facilitator, no alarm for
the room.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from okr_studio.agenda import agenda_clock, utc_now
from ui import theme
from ui.agenda_panel import clock_texts

if TYPE_CHECKING:
    from ui.canvas.view import CanvasView

#: Pixels between the clock and the edges of the view.
MARGIN = 24


class TimerCorner(QWidget):
    """The clock over ``view``'s viewport (see the module's notes)."""

    def __init__(self, view: CanvasView, now: Callable[[], dt.datetime] = utc_now) -> None:
        super().__init__(view)  # in the view's bottom margin, below the viewport
        self.setObjectName("timerCorner")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view = view
        self.now = now
        self.what = ""
        self.time = ""
        self.overtime = False
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.refresh)
        self.ticker.start()
        view.installEventFilter(self)
        self.hide()

    def fonts(self) -> tuple[QFont, QFont]:
        """The item's and the time's type, scaled to the screen: readable at the back."""
        height = max(self.view.height(), 400)
        small, large = QFont(self.font()), QFont(self.font())
        small.setPixelSize(max(15, height // 36))  # as a card's key result text
        large.setPixelSize(max(24, height // 20))
        large.setBold(True)
        return small, large

    def refresh(self) -> None:
        doc = self.view.document
        clock = agenda_clock(doc.data, self.now()) if doc is not None else None
        shown = bool(self.view.presenting and clock is not None and clock.item is not None)
        if shown and clock is not None:
            self.what, self.time = clock_texts(clock, True)
            self.overtime = clock.overtime
            self.update()
        if shown != self.isVisible():
            self.setVisible(shown)
            self._place()

    def strip_height(self) -> int:
        small, large = self.fonts()
        return QFontMetrics(small).height() + QFontMetrics(large).height() + MARGIN // 2

    def _place(self) -> None:
        """The strip under the viewport (the view keeps it free while the clock shows)."""
        height = self.strip_height() if self.isVisible() else 0
        margins = self.view.viewportMargins()
        if margins.bottom() != height:
            self.view.setViewportMargins(0, 0, 0, height)  # the branch is refitted above
        frame = self.view.frameWidth()
        area = self.view.rect().adjusted(frame, frame, -frame, -frame)
        self.setGeometry(area.left(), area.bottom() + 1 - height, area.width(), height)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view and self.isVisible():
            self._place()
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = theme.current()
        painter = QPainter(self)
        painter.fillRect(self.rect(), colours.background)  # the canvas's own background
        small, large = self.fonts()
        inner = QRectF(self.rect()).adjusted(MARGIN, 0, -MARGIN, -MARGIN / 4)
        right = Qt.AlignmentFlag.AlignRight
        painter.setFont(small)
        painter.setPen(colours.muted_text)
        what = QFontMetrics(small).elidedText(self.what, Qt.TextElideMode.ElideRight, 900)
        painter.drawText(inner, right | Qt.AlignmentFlag.AlignTop, what)
        painter.setFont(large)
        painter.setPen(colours.warning if self.overtime else colours.text)
        painter.drawText(inner, right | Qt.AlignmentFlag.AlignBottom, self.time)
        painter.end()
