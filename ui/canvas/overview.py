"""The zoomed-out tree: every card as a coloured block, every connector a straight line.

Below the text threshold the cards are not drawn one by one; this one item draws
them all in a few calls. Even so, ten thousand blocks and twenty thousand lines
take tens of milliseconds, so the item keeps pictures of itself (*shots*): one of
the whole tree, and a sharp one of the part in view at the exact zoom. Panning
copies a shot; while zooming the whole tree's shot is stretched, and the sharp
one is drawn again once the zoom settles. What it draws comes from the scene when
first needed (:meth:`OverviewItem.set_source`), so a relayout costs nothing here
until the overview is shown.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from math import ceil
from operator import attrgetter
from struct import pack
from typing import TYPE_CHECKING, TypeAlias, cast

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsObject, QStyleOptionGraphicsItem, QWidget
from shiboken6 import wrapInstance

from ui import theme
from ui.canvas.card_cache import SETTLE_MS, Zoom, zoom_of

if TYPE_CHECKING:
    from okr_studio.layout import Box

#: Lines or rectangles as plain numbers, four each: (x0, y0, x1, y1) or (left, top, width,
#: height). Drawn straight from these numbers (:func:`_draw_lines`): tens of thousands of Qt
#: lines and rectangles cost more to make than to draw, and the cycle collector walked each.
Numbers: TypeAlias = "array[float]"
#: What the overview draws: the cards' boxes by depth, the placeholders' boxes, the
#: connector lines, and the links across the tree by kind.
Parts = tuple[dict[int, list["Box"]], list["Box"], Numbers, dict[str, Numbers]]
Source = Callable[[], Parts]
#: The shot of the whole tree is at most this many device pixels each way.
MAX_WHOLE = 1024
#: Blocks are drawn at least this many pixels tall.
MIN_BLOCK_PX = 5.0


def _cosmetic(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    return pen


@dataclass
class _Drawn:
    """The overview's parts, sorted for drawing: per depth the blocks by height."""

    lines: Numbers
    links: dict[str, Numbers]
    placeholders: Numbers
    heights: dict[int, list[float]] = field(default_factory=dict)
    #: Per depth the blocks as rectangles, thinnest first.
    rects: dict[int, Numbers] = field(default_factory=dict)
    #: Per depth the blocks' middle lines, in the same order (made when first needed: far
    #: out a thin block is drawn as a line).
    centres: dict[int, Numbers] = field(default_factory=dict)


@dataclass
class _Shot:
    pixmap: QPixmap
    zoom: Zoom
    rect: QRectF  # the scene rectangle it shows
    version: int


class OverviewItem(QGraphicsObject):
    """Every card as a coloured block, for a zoomed-out tree (one item, few draw calls)."""

    def __init__(self) -> None:
        super().__init__()
        self._source: Source | None = None
        self._drawn: _Drawn | None = None
        self._bounds = QRectF()
        self._selected: list[QRectF] = []
        self._version = 0
        self._whole: _Shot | None = None
        self._sharp: _Shot | None = None
        self._wanted: tuple[Zoom, QRectF] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._shoot_sharp)

    # ---- what it draws ----------------------------------------------------------------
    def set_source(self, source: Source, bounds: QRectF) -> None:
        """Where the blocks and lines come from (asked when first drawn), and their bounds."""
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = QRectF(bounds)
        self._source = source
        self._drawn = None
        self.invalidate()

    def invalidate(self) -> None:
        """Forget the shots (the theme or the tree changed)."""
        self._version += 1
        self._whole = None
        self._sharp = None
        self.update()

    def release(self) -> None:
        """Let the shots go while the overview is not shown (they are made again)."""
        self._whole = None
        self._sharp = None
        self._timer.stop()

    def set_selected(self, selected: list[QRectF]) -> None:
        self._selected = selected
        self.update()

    @property
    def _lines(self) -> list[QLineF]:
        """The connector lines drawn (as Qt lines, for a look at them)."""
        lines = self._parts().lines
        return [QLineF(*lines[i : i + 4]) for i in range(0, len(lines), 4)]

    def _parts(self) -> _Drawn:
        if self._drawn is None:
            parts = self._source() if self._source is not None else ({}, [], array("d"), {})
            self._drawn = _sorted_parts(parts)
        return self._drawn

    def boundingRect(self) -> QRectF:
        return self._bounds.adjusted(-20, -20, 20, 20)

    # ---- painting -----------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        zoom = zoom_of(painter)
        device = painter.device()
        seen = (
            painter.worldTransform()
            .inverted()[0]
            .mapRect(QRectF(0, 0, device.width(), device.height()))
        )
        wanted = seen.intersected(self.boundingRect())
        for shot in (self._sharp, self._whole):
            if shot is not None and shot.zoom == zoom and shot.rect.contains(wanted):
                _blit(painter, shot, zoom)
                break
        else:
            whole = self._whole
            if whole is None or whole.version != self._version:
                # The whole tree in view (as fitted): its shot at this zoom is no larger
                # than the window, and is the one shown (no second, sharp shot after it).
                everything = self.boundingRect()
                at = zoom if wanted.contains(everything) else _fit(zoom, self._bounds)
                whole = self._whole = self._shoot(everything, at)
            if whole.zoom == zoom and whole.rect.contains(wanted):
                _blit(painter, whole, zoom)
            else:
                painter.save()
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                pix = whole.pixmap
                painter.drawPixmap(whole.rect, pix, QRectF(0, 0, pix.width(), pix.height()))
                painter.restore()
                zooming = self._wanted is not None and self._wanted[0] != zoom
                self._wanted = (zoom, wanted)
                self._timer.start(SETTLE_MS if zooming else 0)
        if self._selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(_cosmetic(theme.current().selection, 3))
            painter.drawRects(self._selected)

    def busy(self) -> bool:
        """Whether a sharp shot of what is shown is still to come."""
        return self._timer.isActive()

    def _shoot_sharp(self) -> None:
        if self._wanted is None or not self.isVisible():
            return
        zoom, seen = self._wanted
        margin_x, margin_y = seen.width() / 8, seen.height() / 8
        rect = seen.adjusted(-margin_x, -margin_y, margin_x, margin_y)
        self._sharp = self._shoot(rect.intersected(self.boundingRect()), zoom)
        self.update()

    def _shoot(self, rect: QRectF, zoom: Zoom) -> _Shot:
        """Draw ``rect`` of the overview into a picture at ``zoom``."""
        sx, sy, dpr = zoom
        pix = QPixmap(max(1, ceil(rect.width() * sx * dpr)), max(1, ceil(rect.height() * sy * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.scale(sx, sy)
            p.translate(-rect.x(), -rect.y())
            self._draw(p, sy)
        finally:
            p.end()
        return _Shot(pix, zoom, QRectF(rect), self._version)

    def _draw(self, painter: QPainter, sy: float) -> None:
        t = theme.current()
        parts = self._parts()
        if parts.lines:
            painter.setPen(_cosmetic(t.connector, 1))
            _draw_lines(painter, parts.lines)
        if parts.links:
            from ui.canvas.connectors import link_colour

            for kind, lines in parts.links.items():
                painter.setPen(_cosmetic(link_colour(t, kind), 1.5))
                _draw_lines(painter, lines)
        # Far out, a card can be thinner than a pixel: keep every block visible.
        min_h = MIN_BLOCK_PX / max(sy, 1e-9)
        for depth, heights in parts.heights.items():
            colour = t.level(depth).accent
            thin = bisect_left(heights, min_h)
            if thin:
                pen = QPen(colour, min_h)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(pen)
                _draw_lines(painter, _centres(parts, depth), thin)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            _draw_rects(painter, parts.rects[depth], thin)
        if parts.placeholders:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(t.placeholder_border, Qt.BrushStyle.Dense4Pattern))
            _draw_rects(painter, parts.placeholders)


_height = attrgetter("h")
_place = attrgetter("x", "y", "w", "h")


def _sorted_parts(parts: Parts) -> _Drawn:
    by_depth, placeholders, lines, links = parts
    out = _Drawn(lines, links, _rectangles(placeholders))
    for depth, found in by_depth.items():
        found = sorted(found, key=_height)
        out.heights[depth] = list(map(_height, found))
        out.rects[depth] = _rectangles(found)
    return out


def _rectangles(boxes: Iterable[Box]) -> Numbers:
    """The rectangles of ``boxes`` as plain numbers."""
    return doubles(list(chain.from_iterable(map(_place, boxes))))


def doubles(values: list[float]) -> Numbers:
    """``array("d", values)``, several times quicker (struct packs each number without
    parsing it as an argument)."""
    return array("d", pack(f"{len(values)}d", *values))


def _centres(parts: _Drawn, depth: int) -> Numbers:
    """The middle lines of the blocks of a depth, thinnest first."""
    lines = parts.centres.get(depth)
    if lines is None:
        r = parts.rects[depth]
        found = zip(r[0::4], r[1::4], r[2::4], r[3::4], strict=True)
        lines = parts.centres[depth] = doubles(
            list(chain.from_iterable((x, y + h / 2, x + w, y + h / 2) for x, y, w, h in found))
        )
    return lines


def _draw_lines(painter: QPainter, lines: Numbers, count: int = -1) -> None:
    """Draw the first ``count`` lines of ``lines`` (all by default) from the numbers
    themselves: Qt reads them as its own lines (QLineF is four doubles), with no Qt line
    made per line."""
    count = len(lines) // 4 if count < 0 else count
    assert 0 <= count <= len(lines) // 4 and lines.itemsize == 8
    if count:
        painter.drawLines(cast(QLineF, wrapInstance(lines.buffer_info()[0], QLineF)), count)


def _draw_rects(painter: QPainter, rects: Numbers, first: int = 0) -> None:
    """Draw the rectangles of ``rects`` from the ``first``-th on, as :func:`_draw_lines`
    (QRectF is four doubles too)."""
    count = len(rects) // 4 - first
    assert first >= 0 and rects.itemsize == 8
    if count > 0:
        at = rects.buffer_info()[0] + 4 * rects.itemsize * first
        painter.drawRects(cast(QRectF, wrapInstance(at, QRectF)), count)


def _fit(zoom: Zoom, bounds: QRectF) -> Zoom:
    """The zoom of the whole tree's shot: this one, or less if it would be too big."""
    sx, sy, dpr = zoom
    w, h = max(bounds.width(), 1.0) * sx * dpr, max(bounds.height(), 1.0) * sy * dpr
    return (sx * min(1.0, MAX_WHOLE / w), sy * min(1.0, MAX_WHOLE / h), dpr)


def _blit(painter: QPainter, shot: _Shot, zoom: Zoom) -> None:
    t = painter.worldTransform()
    at = t.map(QPointF(shot.rect.x(), shot.rect.y()))
    painter.setWorldTransform(QTransform())
    painter.drawPixmap(QPointF(round(at.x()), round(at.y())), shot.pixmap)
    painter.setWorldTransform(t)
