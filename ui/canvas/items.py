"""What the canvas draws: objective cards and placeholders.

Connectors are in :mod:`ui.canvas.connectors`, the zoomed-out overview in
:mod:`ui.canvas.overview`.

Items only draw; they hold no domain rules and never edit the workshop. The
scene gives each card its measured :class:`~ui.canvas.measure.CardContent`
and its state (selected, findings, collapsed). Below a zoom threshold the
scene hides the cards and shows one :class:`OverviewItem` that paints every
card as a coloured block in a few calls, so a fitted tree of a thousand cards
stays fluid.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from okr_studio.keys import ItemKey
from ui import theme
from ui.canvas.card_cache import Filler, Zoom
from ui.canvas.geometry import CardGeometry
from ui.canvas.initiative_lines import paint_initiatives
from ui.canvas.measure import NORMAL, CardContent, CardStyle, font, metrics

#: Cards are drawn with their text only when the title would be at least this tall on screen.
MIN_TEXT_PX = 5.0


@dataclass(frozen=True)
class Badge:
    """The coach's open findings on one card: how many, and the worst severity."""

    count: int
    severity: str  # "error" | "warning" | "hint"
    #: Worst severity per key result row.
    rows: tuple[tuple[int, str], ...] = ()


def severity_colour(t: theme.Theme, severity: str) -> QColor:
    return {"error": t.error, "warning": t.warning}.get(severity, t.hint)


@lru_cache(maxsize=8)
def entry_offset(s: CardStyle) -> float:
    """Where a connector enters a card: the middle of its first title line."""
    return s.band + s.pad + metrics(s.title_px, True).height() / 2


def _cosmetic(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    return pen


def alpha(colour: QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


class CardItem(QGraphicsItem):
    """An objective card (title, unit · owner · status, key result rows) or a placeholder.

    It is made from its geometry (size and rows); its text (``content``) is made when
    first needed, by ``load``. It paints from a picture per zoom (:mod:`.card_cache`).
    """

    def __init__(
        self,
        shape: CardGeometry | CardContent,
        style: CardStyle = NORMAL,
        load: Callable[[], CardContent] | None = None,
        pictures: Filler | None = None,
    ) -> None:
        super().__init__()
        if isinstance(shape, CardContent):
            self._content: CardContent | None = shape
            self.geometry = shape.geometry()
        else:
            self._content = None
            self.geometry = shape
        self._load = load
        self.pictures = pictures
        self.picture: QPixmap | None = None
        self.picture_key: tuple[Zoom, Hashable] | None = None
        self._version = 0  # counts changes of the content (the picture follows)
        self.style = style
        self.selected = False
        self.selected_rows: frozenset[int] = frozenset()
        self.drop_row: int | None = None
        self.badge: Badge | None = None
        self.notes = 0  # open notes of the parking lot about this card (ui.canvas.note_badges)
        self.children_count = 0  # visible + hidden children
        self.hidden_count = 0  # children hidden by collapsing
        self.dimmed = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)
        # Qt keeps what paint() drew while the zoom stays: scrolling calls no Python.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    @property
    def key(self) -> ItemKey:
        return self.geometry.key

    @property
    def content(self) -> CardContent:
        """Everything the card draws (made now if it was not needed before)."""
        if self._content is None:
            assert self._load is not None
            self._content = self._load()
        return self._content

    def has_content(self) -> bool:
        return self._content is not None

    # ---- geometry ---------------------------------------------------------------
    def card_rect(self) -> QRectF:
        return QRectF(0, 0, self.geometry.width, self.geometry.height)

    def boundingRect(self) -> QRectF:
        r = self.style.px(14)
        g = self.geometry
        return QRectF(-r, -r, g.width + 2 * r, g.height + 2 * r)

    def toggle_center(self) -> QPointF:
        return QPointF(self.geometry.width - self.style.px(30), self.geometry.height)

    def toggle_radius(self) -> float:
        return self.style.px(11)

    def hit_toggle(self, pos: QPointF) -> bool:
        if not self.children_count:
            return False
        d = pos - self.toggle_center()
        return d.x() ** 2 + d.y() ** 2 <= (self.toggle_radius() + self.style.px(3)) ** 2

    def title_rect(self) -> QRectF:
        s = self.style
        h = self.geometry.title_lines * metrics(s.title_px, True).height()
        return QRectF(s.pad, s.band + s.pad, self.geometry.width - 2 * s.pad, h)

    def row_at(self, y: float) -> int | None:
        for kr_id, top, h in self.geometry.rows:
            if top <= y < top + h:
                return kr_id
        return None

    def row_rect(self, kr_id: int) -> QRectF | None:
        row = self.geometry.row(kr_id)
        if row is None:
            return None
        return QRectF(0, row[1], self.geometry.width, row[2])

    def row_anchor(self, kr_id: int | None) -> QPointF:
        """Where a connector leaves this card for a child aligned to ``kr_id``."""
        g = self.geometry
        row = g.row(kr_id) if kr_id is not None else None
        y = row[1] + row[2] / 2 if row else g.height / 2
        return self.pos() + QPointF(g.width, y)

    def entry_anchor(self) -> QPointF:
        return self.pos() + QPointF(0, entry_offset(self.style))

    # ---- state --------------------------------------------------------------------
    def set_content(self, content: CardContent) -> None:
        self.set_geometry(content.geometry())
        self._content = content
        self._version += 1
        self.update()

    def set_geometry(self, geometry: CardGeometry) -> None:
        """A new shape: the text is made again when needed."""
        if geometry.size != self.geometry.size:
            self.prepareGeometryChange()
        self.geometry = geometry
        self._content = None
        self._version += 1
        self.update()

    def state(self) -> Hashable:
        """Everything a picture of the card depends on, but the zoom."""
        return (
            self._version,
            self.style,
            self.selected,
            self.selected_rows,
            self.drop_row,
            self.badge,
            self.notes,
            self.children_count,
            self.hidden_count,
        )

    # ---- painting -------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: object = None
    ) -> None:
        lod = painter.worldTransform().m22()
        if self.dimmed:
            painter.setOpacity(0.35)
        if lod * self.style.title_px < MIN_TEXT_PX:
            self._paint_block(painter)
        elif self.pictures is not None:
            self.pictures.paint(self, painter)
        else:
            self.paint_card(painter)
        if self.dimmed:
            painter.setOpacity(1.0)

    def _colours(self, t: theme.Theme) -> tuple[QColor, QColor, QColor]:
        if self.geometry.placeholder:
            return t.placeholder_fill, t.placeholder_border, t.muted_text
        level = t.level(self.geometry.depth)
        return level.fill, level.accent, level.text

    def _paint_block(self, painter: QPainter) -> None:
        """Far out: the card as a coloured block."""
        t = theme.current()
        fill, border, _ink = self._colours(t)
        rect = self.card_rect()
        painter.fillRect(rect, fill if not self.geometry.placeholder else border)
        if self.selected:
            painter.setPen(QPen(t.selection, 0))
            painter.drawRect(rect)

    def paint_plain(self, painter: QPainter) -> None:
        """The card's shape without its text (its picture follows in a moment)."""
        t = theme.current()
        fill, border, _ink = self._colours(t)
        rect = self.card_rect()
        painter.fillRect(rect, fill)  # plain rectangles: cheap, drawn for a moment only
        painter.fillRect(QRectF(0, 0, rect.width(), self.style.band), border)
        if self.selected:
            painter.fillRect(QRectF(0, 0, self.style.px(4), rect.height()), t.selection)

    def paint_card(self, painter: QPainter) -> None:
        """The whole card, text and marks (into its picture)."""
        t = theme.current()
        c = self.content
        s = self.style
        fill, border, ink = self._colours(t)
        self._paint_frame(painter, t, fill, border)
        self._paint_text(painter, t, ink, border)
        if c.review is not None:
            from ui.canvas.review_card import paint_review

            paint_review(painter, c, s, ink)
        if self.selected:
            self._paint_selected(painter, t)
        if self.children_count:
            self._paint_toggle(painter, t, border)
        if self.badge is not None:
            self._paint_badge(painter, t)
        if self.notes:
            self._paint_notes(painter, t)

    def _paint_frame(self, painter: QPainter, t: theme.Theme, fill: QColor, border: QColor) -> None:
        s = self.style
        rect = self.card_rect()
        radius = s.px(8)
        pen = QPen(border, s.px(1.5))
        if self.geometry.placeholder:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        if not self.geometry.placeholder:
            band = QPainterPath()
            band.addRoundedRect(rect, radius, radius)
            clip = QPainterPath()
            clip.addRect(QRectF(0, 0, rect.width(), s.band))
            painter.fillPath(band.intersected(clip), border)

    def _paint_selected(self, painter: QPainter, t: theme.Theme) -> None:
        s = self.style
        radius = s.px(8)
        painter.setPen(QPen(t.selection, s.px(3.5)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.card_rect().adjusted(-2, -2, 2, 2), radius + 2, radius + 2)

    def _paint_text(self, painter: QPainter, t: theme.Theme, ink: QColor, accent: QColor) -> None:
        c = self.content
        s = self.style
        x = s.pad
        y = s.band + s.pad
        painter.setPen(ink)
        painter.setFont(font(s.title_px, True))
        fm = metrics(s.title_px, True)
        for line in c.title:
            painter.drawText(QPointF(x, y + fm.ascent()), line)
            y += fm.height()
        y += s.px(4)
        muted = ink if s.bold_contrast else alpha(ink, 190)
        painter.setPen(muted)
        painter.setFont(font(s.meta_px, s.bold_contrast))
        fm = metrics(s.meta_px, s.bold_contrast)
        for line in c.meta:
            painter.drawText(QPointF(x, y + fm.ascent()), line)
            y += fm.height()
        if c.review is not None:  # review mode: the objective's score line comes next
            from ui.canvas.review_card import line_room

            y += line_room(s)
        if c.rows or c.more_rows:
            top = c.rows[0].y if c.rows else y + s.px(8)
            painter.setPen(QPen(alpha(accent, 120), s.px(1)))
            painter.drawLine(QPointF(0, top), QPointF(c.width, top))
        badges = dict(self.badge.rows) if self.badge else {}
        row_fm = metrics(s.row_px)
        det_fm = metrics(s.detail_px, s.bold_contrast)
        for row in c.rows:
            r = QRectF(0, row.y, c.width, row.h)
            if row.kr_id in self.selected_rows:
                painter.fillRect(r.adjusted(1, 0, -1, 0), alpha(t.selection, 46))
                painter.fillRect(QRectF(0, row.y, s.px(4), row.h), t.selection)
            if row.kr_id == self.drop_row:
                painter.setPen(QPen(t.selection, s.px(2.5), Qt.PenStyle.DashLine))
                painter.setBrush(alpha(t.selection, 60))
                painter.drawRect(r.adjusted(2, 1, -2, -1))
            ry = row.y + s.row_gap
            painter.setBrush(accent)
            painter.setPen(Qt.PenStyle.NoPen)
            dot = s.px(3)
            painter.drawEllipse(QPointF(x + dot, ry + row_fm.height() / 2), dot, dot)
            painter.setPen(ink)
            painter.setFont(font(s.row_px))
            for line in row.title:
                painter.drawText(QPointF(x + s.px(12), ry + row_fm.ascent()), line)
                ry += row_fm.height()
            painter.setPen(muted)
            painter.setFont(font(s.detail_px, s.bold_contrast))
            for line in row.detail:
                painter.drawText(QPointF(x + s.px(12), ry + det_fm.ascent()), line)
                ry += det_fm.height()
            if row.initiatives is not None:
                paint_initiatives(painter, row, s, x + s.px(12), ink, muted)
            if row.kr_id in badges:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(severity_colour(t, badges[row.kr_id]))
                painter.drawEllipse(QPointF(c.width - s.px(8), row.y + row.h / 2), dot, dot)
        if c.more_rows:
            y = c.rows[-1].y + c.rows[-1].h if c.rows else y + s.px(8)
            painter.setPen(muted)
            painter.setFont(font(s.detail_px, s.bold_contrast))
            n = c.more_rows
            text = f"{n} key result{'s' if n != 1 else ''}"
            if c.rows:
                text = f"+ {n} more key result{'s' if n != 1 else ''}"
            painter.drawText(QPointF(x, y + s.row_gap / 2 + det_fm.ascent()), text)

    def _paint_toggle(self, painter: QPainter, t: theme.Theme, accent: QColor) -> None:
        s = self.style
        centre = self.toggle_center()
        r = self.toggle_radius()
        label = f"+{self.hidden_count}" if self.hidden_count else "−"
        f = font(round(s.px(11)), True)
        fm = metrics(round(s.px(11)), True)
        w = max(2 * r, fm.horizontalAdvance(label) + s.px(10))
        pill = QRectF(centre.x() - w / 2, centre.y() - r, w, 2 * r)
        painter.setPen(QPen(accent, s.px(1.5)))
        painter.setBrush(t.background)
        painter.drawRoundedRect(pill, r, r)
        painter.setPen(t.text)
        painter.setFont(f)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_badge(self, painter: QPainter, t: theme.Theme) -> None:
        assert self.badge is not None
        s = self.style
        r = s.px(10)
        centre = QPointF(self.geometry.width - s.px(4), s.px(2))
        painter.setPen(QPen(t.background, s.px(2)))
        painter.setBrush(severity_colour(t, self.badge.severity))
        painter.drawEllipse(centre, r, r)
        painter.setPen(QColor("#ffffff") if not t.dark else QColor("#101010"))
        painter.setFont(font(round(s.px(11)), True))
        text = str(self.badge.count) if self.badge.count < 100 else "99+"
        painter.drawText(
            QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, text
        )

    def _paint_notes(self, painter: QPainter, t: theme.Theme) -> None:
        """The parking lot's open notes on this card: "✎ 3" at its top left corner."""
        s = self.style
        size = round(s.px(11))
        label = f"✎ {self.notes}" if self.notes < 100 else "✎ 99+"
        r = s.px(10)
        width = max(2 * r, metrics(size, True).horizontalAdvance(label) + s.px(12))
        pill = QRectF(-s.px(4), s.px(2) - r, width, 2 * r)
        painter.setPen(QPen(t.hint, s.px(1.5)))
        painter.setBrush(t.background)
        painter.drawRoundedRect(pill, r, r)
        painter.setPen(t.text)
        painter.setFont(font(size, True))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
