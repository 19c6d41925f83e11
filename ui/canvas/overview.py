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

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from math import ceil

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from ui import theme
from ui.canvas.card_cache import SETTLE_MS, Zoom, zoom_of

#: A block: (left, top, width, height, depth, placeholder).
Block = tuple[float, float, float, float, int, bool]
#: What the overview draws: blocks, connector lines, and links across the tree by kind.
Parts = tuple[list[Block], list[QLineF], dict[str, list[QLineF]]]
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

    heights: dict[int, list[float]] = field(default_factory=dict)
    #: Per depth the blocks (left, top, width, height), thinnest first.
    blocks: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict)
    #: The middle lines of the thinnest blocks, and the rectangles of the thickest, made
    #: as far as they were needed (far out every block is drawn as a line).
    centres: dict[int, list[QLineF]] = field(default_factory=dict)
    rects: dict[int, list[QRectF]] = field(default_factory=dict)
    placeholders: list[QRectF] = field(default_factory=list)
    lines: list[QLineF] = field(default_factory=list)
    links: dict[str, list[QLineF]] = field(default_factory=dict)


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
        return self._parts().lines

    def _parts(self) -> _Drawn:
        if self._drawn is None:
            blocks, lines, links = self._source() if self._source is not None else ([], [], {})
            self._drawn = _sorted_parts(blocks, lines, links)
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
                whole = self._whole = self._shoot(self.boundingRect(), _fit(zoom, self._bounds))
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
            painter.drawLines(parts.lines)
        if parts.links:
            from ui.canvas.connectors import link_colour

            for kind, lines in parts.links.items():
                painter.setPen(_cosmetic(link_colour(t, kind), 1.5))
                painter.drawLines(lines)
        # Far out, a card can be thinner than a pixel: keep every block visible.
        min_h = MIN_BLOCK_PX / max(sy, 1e-9)
        for depth, heights in parts.heights.items():
            colour = t.level(depth).accent
            thin = bisect_left(heights, min_h)
            if thin:
                pen = QPen(colour, min_h)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(pen)
                painter.drawLines(_centres(parts, depth, thin))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRects(_rects(parts, depth, thin))
        if parts.placeholders:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(t.placeholder_border, Qt.BrushStyle.Dense4Pattern))
            painter.drawRects(parts.placeholders)


def _sorted_parts(
    blocks: list[Block], lines: list[QLineF], links: dict[str, list[QLineF]]
) -> _Drawn:
    out = _Drawn(lines=lines, links=links)
    by_depth: dict[int, list[Block]] = {}
    for block in blocks:
        if block[5]:
            out.placeholders.append(QRectF(block[0], block[1], block[2], block[3]))
        else:
            by_depth.setdefault(block[4], []).append(block)
    for depth, found in by_depth.items():
        found.sort(key=lambda b: b[3])
        out.heights[depth] = [b[3] for b in found]
        out.blocks[depth] = [(x, y, w, h) for x, y, w, h, _d, _p in found]
        out.centres[depth] = []
        out.rects[depth] = []
    return out


def _centres(parts: _Drawn, depth: int, n: int) -> list[QLineF]:
    """The middle lines of the ``n`` thinnest blocks of a depth (drawn as lines)."""
    lines = parts.centres[depth]
    for x, y, w, h in parts.blocks[depth][len(lines) : n]:
        lines.append(QLineF(x, y + h / 2, x + w, y + h / 2))
    return lines[:n]


def _rects(parts: _Drawn, depth: int, n: int) -> list[QRectF]:
    """The rectangles of the blocks of a depth from the ``n``-th thinnest on."""
    rects, blocks = parts.rects[depth], parts.blocks[depth]
    missing = len(blocks) - n - len(rects)
    if missing > 0:  # made from the thickest down: prepend the thinner ones needed now
        start = len(blocks) - len(rects) - missing
        rects[:0] = [QRectF(*b) for b in blocks[start : start + missing]]
    return rects[len(rects) - (len(blocks) - n) :] if len(blocks) > n else []


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
