"""What the canvas draws: objective cards, placeholders and the zoomed-out overview.

Connectors are in :mod:`ui.canvas.connectors`.

Items only draw; they hold no domain rules and never edit the workshop. The
scene gives each card its measured :class:`~ui.canvas.measure.CardContent`
and its state (selected, findings, collapsed). Below a zoom threshold the
scene hides the cards and shows one :class:`OverviewItem` that paints every
card as a coloured block in a few calls, so a fitted tree of a thousand cards
stays fluid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from okr_studio.keys import ItemKey
from ui import theme
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
def _entry_offset(s: CardStyle) -> float:
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
    """An objective card (title, unit · owner · status, key result rows) or a placeholder."""

    def __init__(self, content: CardContent, style: CardStyle = NORMAL) -> None:
        super().__init__()
        self.content = content
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

    @property
    def key(self) -> ItemKey:
        return self.content.key

    # ---- geometry ---------------------------------------------------------------
    def card_rect(self) -> QRectF:
        return QRectF(0, 0, self.content.width, self.content.height)

    def boundingRect(self) -> QRectF:
        r = self.style.px(14)
        return QRectF(-r, -r, self.content.width + 2 * r, self.content.height + 2 * r)

    def toggle_center(self) -> QPointF:
        return QPointF(self.content.width - self.style.px(30), self.content.height)

    def toggle_radius(self) -> float:
        return self.style.px(11)

    def hit_toggle(self, pos: QPointF) -> bool:
        if not self.children_count:
            return False
        d = pos - self.toggle_center()
        return d.x() ** 2 + d.y() ** 2 <= (self.toggle_radius() + self.style.px(3)) ** 2

    def title_rect(self) -> QRectF:
        s = self.style
        h = len(self.content.title) * metrics(s.title_px, True).height()
        return QRectF(s.pad, s.band + s.pad, self.content.width - 2 * s.pad, h)

    def row_rect(self, kr_id: int) -> QRectF | None:
        row = self.content.row(kr_id)
        if row is None:
            return None
        return QRectF(0, row.y, self.content.width, row.h)

    def row_anchor(self, kr_id: int | None) -> QPointF:
        """Where a connector leaves this card for a child aligned to ``kr_id``."""
        row = self.content.row(kr_id) if kr_id is not None else None
        y = row.y + row.h / 2 if row else self.content.height / 2
        return self.pos() + QPointF(self.content.width, y)

    def entry_anchor(self) -> QPointF:
        return self.pos() + QPointF(0, _entry_offset(self.style))

    # ---- state --------------------------------------------------------------------
    def set_content(self, content: CardContent) -> None:
        if content.size != self.content.size:
            self.prepareGeometryChange()
        self.content = content
        self.update()

    # ---- painting -------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: object = None
    ) -> None:
        t = theme.current()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        c = self.content
        level = t.level(c.depth)
        rect = self.card_rect()
        s = self.style
        radius = s.px(8)
        if c.placeholder:
            fill, border, ink = t.placeholder_fill, t.placeholder_border, t.muted_text
        else:
            fill, border, ink = level.fill, level.accent, level.text
        if self.dimmed:
            painter.setOpacity(0.35)
        if lod * s.title_px < MIN_TEXT_PX:
            painter.fillRect(rect, fill if not c.placeholder else border)
            if self.selected:
                painter.setPen(QPen(t.selection, 0))
                painter.drawRect(rect)
            return
        pen = QPen(border, s.px(1.5))
        if c.placeholder:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        if not c.placeholder:
            band = QPainterPath()
            band.addRoundedRect(rect, radius, radius)
            clip = QPainterPath()
            clip.addRect(QRectF(0, 0, rect.width(), s.band))
            painter.fillPath(band.intersected(clip), border)
        self._paint_text(painter, t, ink, border)
        if c.review is not None:
            from ui.canvas.review_card import paint_review

            paint_review(painter, c, s, ink)
        if self.selected:
            painter.setPen(QPen(t.selection, s.px(3.5)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), radius + 2, radius + 2)
        if self.children_count:
            self._paint_toggle(painter, t, border)
        if self.badge is not None:
            self._paint_badge(painter, t)
        if self.notes:
            self._paint_notes(painter, t)

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
        centre = QPointF(self.content.width - s.px(4), s.px(2))
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


_ER = Qt.TextElideMode.ElideRight


class OverviewItem(QGraphicsItem):
    """Every card as a coloured block, for a zoomed-out tree (one item, few draw calls)."""

    def __init__(self) -> None:
        super().__init__()
        self._blocks: dict[int, list[QRectF]] = {}
        self._placeholders: list[QRectF] = []
        self._selected: list[QRectF] = []
        self._lines: list[QLineF] = []
        self._links: dict[str, list[QLineF]] = {}
        self._bounds = QRectF()

    def set_lines(self, lines: list[QLineF], links: dict[str, list[QLineF]] | None = None) -> None:
        """The connectors, as straight lines (enough at this zoom, and one draw call);
        ``links`` the alignments across the tree by kind, each drawn in its colour."""
        self._lines = lines
        self._links = links or {}
        self.update()

    def set_blocks(
        self,
        blocks: list[tuple[QRectF, int, bool]],
        selected: list[QRectF],
    ) -> None:
        self.prepareGeometryChange()
        self._blocks = {}
        self._placeholders = []
        bounds = QRectF()
        for rect, depth, placeholder in blocks:
            if placeholder:
                self._placeholders.append(rect)
            else:
                self._blocks.setdefault(depth, []).append(rect)
            bounds = bounds.united(rect)
        self._selected = selected
        self._bounds = bounds.adjusted(-20, -20, 20, 20)
        self.update()

    def set_selected(self, selected: list[QRectF]) -> None:
        self._selected = selected
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: object = None
    ) -> None:
        t = theme.current()
        if self._lines:
            painter.setPen(_cosmetic(t.connector, 1))
            painter.drawLines(self._lines)
        if self._links:
            from ui.canvas.connectors import link_colour

            for kind, lines in self._links.items():
                painter.setPen(_cosmetic(link_colour(t, kind), 1.5))
                painter.drawLines(lines)
        painter.setPen(Qt.PenStyle.NoPen)
        # Far out, a card can be thinner than a pixel: keep every block visible.
        min_h = 5.0 / max(painter.worldTransform().m22(), 1e-9)
        for depth, rects in self._blocks.items():
            level = t.level(depth)
            painter.setBrush(level.accent)
            if rects and rects[0].height() < min_h:
                rects = [_at_least(r, min_h) for r in rects]
            painter.drawRects(rects)
        if self._placeholders:
            painter.setBrush(QBrush(t.placeholder_border, Qt.BrushStyle.Dense4Pattern))
            painter.drawRects(self._placeholders)
        if self._selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(_cosmetic(t.selection, 3))
            painter.drawRects(self._selected)


def _at_least(rect: QRectF, height: float) -> QRectF:
    if rect.height() >= height:
        return rect
    grow = (height - rect.height()) / 2
    return rect.adjusted(0, -grow, 0, grow)
