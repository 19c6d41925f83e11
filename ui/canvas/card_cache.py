"""Cards drawn once and then copied: a picture of each card per zoom.

Drawing a card's text costs about half a millisecond, and a window at the text
threshold shows hundreds of cards; a frame must take under 16 ms. So a card is
drawn into a pixmap at the zoom it is seen at (its *picture*), and every frame
after that copies the picture. A frame draws new pictures only for its first
:data:`FRAME_BUDGET_S` of card drawing; the cards it has no time for show their
shape without text and are filled in right after, a few at a time between
events, so scrolling and typing never wait (:class:`Filler`). While zooming, a
card keeps its picture of the last zoom, stretched, until the zoom settles.

Qt keeps a copy of what each card painted while the zoom stays (the items'
``DeviceCoordinateCache``), so the pictures here serve the moments that copy is
gone: a card drawn anew, and the stretched frames of a zoom. They share a few
windows' worth of memory (:meth:`Filler.fit_window`); the least recently drawn
ones are dropped first.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from math import ceil
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap, QTransform
from shiboken6 import isValid

from ui import memory

if TYPE_CHECKING:
    from collections.abc import Hashable

#: Card drawing a frame may do before the rest waits for the next pause (seconds).
FRAME_BUDGET_S = 0.008
#: Filling in between events: how long one turn may take (seconds).
FILL_SLICE_S = 0.010
#: After the last zoom step, when stretched pictures are drawn again sharp (ms).
SETTLE_MS = 150
#: Pictures kept per scene, in windows' worth of pixels (see Filler.fit_window).
WINDOWS_KEPT = 1.0
#: A stretched picture is used only this close to its zoom (else the plain card).
STRETCH = 2.5

#: (horizontal scale, vertical scale, device pixel ratio) of a picture.
Zoom = tuple[float, float, float]


class Pictured(Protocol):
    """What a card offers its picture cache (``ui.canvas.items.CardItem``)."""

    picture: QPixmap | None
    picture_key: tuple[Zoom, Hashable] | None

    def boundingRect(self) -> QRectF: ...
    def state(self) -> Hashable: ...
    def paint_card(self, painter: QPainter) -> None: ...
    def paint_plain(self, painter: QPainter) -> None: ...
    def scene(self) -> object: ...
    def isVisible(self) -> bool: ...
    def update(self) -> None: ...


class Frame:
    """The frame being painted: how long its card drawing may still take (the time
    spent drawing pictures counts, not the rest of the frame)."""

    def __init__(self) -> None:
        self.left: float | None = None  # None: no limit (exports, grabs)

    def start(self) -> None:
        self.left = FRAME_BUDGET_S

    def stop(self) -> None:
        self.left = None

    def has_time(self) -> bool:
        return self.left is None or self.left > 0

    def spent(self, seconds: float) -> None:
        if self.left is not None:
            self.left -= seconds


FRAME = Frame()


def zoom_of(painter: QPainter) -> Zoom:
    t = painter.worldTransform()
    return (t.m11(), t.m22(), painter.device().devicePixelRatioF())


def render(item: Pictured, zoom: Zoom) -> QPixmap:
    """Draw ``item`` into a new picture at ``zoom``."""
    sx, sy, dpr = zoom
    br = item.boundingRect()
    w = max(1, ceil(br.width() * sx * dpr) + 1)
    h = max(1, ceil(br.height() * sy * dpr) + 1)
    pix = QPixmap(w, h)
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    try:
        p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        p.scale(sx, sy)
        p.translate(-br.x(), -br.y())
        item.paint_card(p)
    finally:
        p.end()
    return pix


def _blit(item: Pictured, painter: QPainter, pix: QPixmap) -> None:
    """Copy the picture to where the item is, on whole device pixels."""
    t = painter.worldTransform()
    br = item.boundingRect()
    at = t.map(QPointF(br.x(), br.y()))
    painter.setWorldTransform(QTransform())
    painter.drawPixmap(QPointF(round(at.x()), round(at.y())), pix)
    painter.setWorldTransform(t)


def _stretch(item: Pictured, painter: QPainter, pix: QPixmap) -> None:
    """The picture of another zoom, stretched over the item (while zooming)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    source = QRectF(0, 0, pix.width(), pix.height())
    painter.drawPixmap(item.boundingRect(), pix, source)
    painter.restore()


class Filler(QObject):
    """One scene's pictures: kept within :attr:`cap` bytes, drawn between events."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kept: OrderedDict[Pictured, int] = OrderedDict()
        self._bytes = 0
        self.cap = int(WINDOWS_KEPT * 1920 * 1080 * 4)
        self._urgent: dict[Pictured, Zoom] = {}
        self._settle: dict[Pictured, Zoom] = {}
        self._urgent_timer = QTimer(self)
        self._urgent_timer.setSingleShot(True)
        self._urgent_timer.timeout.connect(self._fill_urgent)
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.timeout.connect(self._fill_settled)
        # Pictures a window large come and go: what they held goes back (ui.memory).
        QTimer.singleShot(0, memory.give_back_large_blocks)

    # ---- painting ------------------------------------------------------------------
    def paint(self, item: Pictured, painter: QPainter) -> None:
        """Paint ``item``: its picture when it has one for this zoom, else drawn now if
        the frame has time, else stretched or plain until :meth:`_fill_urgent`."""
        zoom = zoom_of(painter)
        state = item.state()
        pix = item.picture
        key = item.picture_key
        if pix is not None and key == (zoom, state):
            if item in self._kept:
                self._kept.move_to_end(item)
            _blit(item, painter, pix)
            return
        if FRAME.has_time():
            pix = self.draw(item, zoom, state)
            _blit(item, painter, pix)
            return
        if pix is not None and key is not None and key[1] == state and _near(key[0], zoom):
            _stretch(item, painter, pix)
            self._settle[item] = zoom
            self._settle_timer.start(SETTLE_MS)
            return
        item.paint_plain(painter)
        self._urgent[item] = zoom
        if not self._urgent_timer.isActive():
            self._urgent_timer.start(0)

    def draw(self, item: Pictured, zoom: Zoom, state: Hashable) -> QPixmap:
        start = time.perf_counter()
        pix = render(item, zoom)
        FRAME.spent(time.perf_counter() - start)
        self.forget(item)
        item.picture = pix
        item.picture_key = (zoom, state)
        size = pix.width() * pix.height() * 4
        self._kept[item] = size
        self._bytes += size
        while self._bytes > self.cap and len(self._kept) > 1:
            old, old_size = self._kept.popitem(last=False)
            self._bytes -= old_size
            old.picture = None
            old.picture_key = None
        return pix

    def forget(self, item: Pictured) -> None:
        """Drop the item's picture (it is leaving the scene, or changed)."""
        size = self._kept.pop(item, None)
        if size is not None:
            self._bytes -= size
        item.picture = None
        item.picture_key = None
        self._urgent.pop(item, None)
        self._settle.pop(item, None)

    def clear(self) -> None:
        for item in list(self._kept):
            item.picture = None
            item.picture_key = None
        self._kept.clear()
        self._bytes = 0
        self._urgent.clear()
        self._settle.clear()

    def fit_window(self, width: int, height: int, dpr: float) -> None:
        """Keep as many pictures as a window of this size (device pixels) needs."""
        self.cap = int(WINDOWS_KEPT * width * height * dpr * dpr * 4)

    @property
    def bytes(self) -> int:
        return self._bytes

    def busy(self) -> bool:
        """Whether cards on screen still wait for their picture (or a sharp one)."""
        return bool(self._urgent or self._settle)

    # ---- filling in --------------------------------------------------------------------
    def _fill_urgent(self) -> None:
        if self._fill(self._urgent):
            self._urgent_timer.start(0)

    def _fill_settled(self) -> None:
        if self._fill(self._settle):
            self._settle_timer.start(0)

    def _fill(self, queue: dict[Pictured, Zoom]) -> bool:
        """Draw queued pictures for one slice; True when some are left."""
        end = time.perf_counter() + FILL_SLICE_S
        while queue and time.perf_counter() < end:
            item = next(iter(queue))
            zoom = queue.pop(item)
            if not isValid(item) or item.scene() is None or not item.isVisible():
                continue  # (gone with its view before the timer came round)
            self.draw(item, zoom, item.state())
            item.update()
        return bool(queue)


def _near(a: Zoom, b: Zoom) -> bool:
    return a[2] == b[2] and 1 / STRETCH < a[1] / b[1] < STRETCH
