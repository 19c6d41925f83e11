"""One page of the overview: blocks of the tree, each a window onto a layout, drawn as vectors.

A block is a captioned window onto one layout (the map of the top levels, or
one branch) at one scale. Small branches share a page; a branch larger than a
page is cut into windows between cards, each its own block. Only real
alignments are drawn as links: an objective that merely sits under its unit's
parent (unaligned, or aligned sideways) gets no link, and its card says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from okr_studio.keys import ItemKey
from okr_studio.layout import Box, Layout
from okr_studio.pdf.fonts import BOLD, REGULAR
from okr_studio.pdf.overview_cards import (
    KR_LEAD,
    KR_SIZE,
    LABEL_H,
    LABEL_SIZE,
    NOTE_SIZE,
    PAD,
    TITLE_LEAD,
    TITLE_SIZE,
    Cards,
)
from okr_studio.pdf.pages import PageLog, bookmark
from okr_studio.pdf.style import INK, MUTED, RULE, WARNING, Styles, level_of
from okr_studio.pdf.values import describe

HEADER_H = 34.0
CAPTION_H = 15.0
CAPTION_SIZE = 8.5
_WHITE = INK.__class__(1, 1, 1)

Window = tuple[float, float, float, float]


@dataclass(frozen=True)
class Block:
    """A captioned window onto a layout, at a scale; ``bookmark`` is (key, title, level)."""

    cards: Cards
    layout: Layout
    window: Window
    scale: float
    caption: str
    badges: bool = False
    bookmark: tuple[str, str, int] | None = None

    @property
    def width(self) -> float:
        return (self.window[2] - self.window[0]) * self.scale

    @property
    def height(self) -> float:
        return (self.window[3] - self.window[1]) * self.scale + self.caption_height(self.caption)

    @staticmethod
    def caption_height(caption: str) -> float:
        return CAPTION_H if caption else 0.0


@dataclass(frozen=True)
class Placed:
    block: Block
    x: float  # from the frame's left edge
    y: float  # from the top of the area below the page header


class OverviewPage(Flowable):
    """A page title and the blocks placed on the page."""

    def __init__(self, title: str, placed: list[Placed], log: PageLog) -> None:
        super().__init__()
        self.title, self.placed, self.log = title, placed, log

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._aw, self._ah = aW, aH
        return (aW, aH - 1)

    def fill(self, aw: float, ah: float) -> float:
        """The share of the page's drawing area its blocks cover (0–1)."""
        used = sum(p.block.width * p.block.height for p in self.placed)
        return used / max(aw * (ah - HEADER_H), 1.0)

    def draw(self) -> None:
        canv: Canvas = self.canv
        tm = self.placed[0].block.cards.tm if self.placed else None
        if tm is not None:
            head = tm.para(self.title, Styles.h2, width=self._aw, base="L", align_rtl=False)
            _w, h = head.wrap(self._aw, HEADER_H)
            head.drawOn(canv, 0, self._ah - h - 2)
        top = self._ah - HEADER_H
        for p in self.placed:
            self._block(canv, p, top - p.y)

    def _block(self, canv: Canvas, p: Placed, top: float) -> None:
        b = p.block
        tm = b.cards.tm
        if b.bookmark is not None:
            key, title, level = b.bookmark
            bookmark(self.log, canv, key, (title, level), closed=True, at=(p.x, top))
        if b.caption:
            caption = tm.fit(b.caption, BOLD, CAPTION_SIZE, b.width)
            tm.draw_line(canv, caption, p.x, top - CAPTION_SIZE - 1, BOLD, CAPTION_SIZE, MUTED)
        x0, y0, x1, y1 = b.window
        s = b.scale
        area_top = top - b.caption_height(b.caption)

        def px(x: float) -> float:
            return p.x + (x - x0) * s

        def py(y: float) -> float:
            return area_top - (y - y0) * s

        inner_h = (y1 - y0) * s
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(p.x - 1, area_top - inner_h - 1, b.width + 2, inner_h + 2)
        canv.clipPath(clip, stroke=0, fill=0)
        boxes = _with_sticky_parents(b.layout, b.window)
        canv.setLineWidth(0.7)
        canv.setStrokeColor(MUTED)
        for edge in b.layout.edges:
            if edge.kind != "aligned":
                continue  # a loose edge is no alignment: its card says so instead
            par, c = boxes.get(edge.parent), boxes.get(edge.child)
            if par is None or c is None or not _crosses(par, c, b.window):
                continue
            sx, sy = px(par.right), py(par.y + b.cards.kr_anchor(edge.parent, edge.kr_id))
            ex, ey = px(c.x), py(c.y + c.h / 2)
            # a child in a grid's later sub-column: along the lane, down the gutter
            route = [(px(x), py(y)) for x, y in edge.route]
            fx, fy = route[0] if route else (ex, ey)
            mid = (sx + fx) / 2
            path = canv.beginPath()
            path.moveTo(sx, sy)
            path.curveTo(mid, sy, mid, fy, fx, fy)
            if route:
                for x, y in [*route[1:], (route[-1][0], ey), (ex, ey)]:
                    path.lineTo(x, y)
            canv.drawPath(path, stroke=1, fill=0)
        for key, box in boxes.items():
            if box.x >= x1 or box.right <= x0 or box.y >= y1 or box.bottom <= y0:
                continue
            _card(canv, b, key, px(box.x), py(box.y), box.w * s, box.h * s)
        canv.restoreState()


def _crosses(p: Box, c: Box, window: Window) -> bool:
    x0, y0, x1, y1 = window
    if max(p.y, c.y) > y1 + 1 or min(p.bottom, c.bottom) < y0 - 1:
        return False
    return not (max(p.x, c.x) > x1 + 1 or min(p.right, c.right) < x0 - 1)


def _card(canv: Canvas, b: Block, key: ItemKey, x: float, y: float, w: float, h: float) -> None:
    s, card, tm = b.scale, b.cards.card(key), b.cards.tm
    lvl = level_of(card.depth)
    canv.setLineWidth(0.6)
    canv.setStrokeColor(lvl.tone if not card.placeholder else RULE)
    canv.setFillColor((card.tint or lvl.tint) if not card.placeholder else _WHITE)
    if card.placeholder:
        canv.setDash([2, 2])
    canv.roundRect(x, y - h, w, h, 3 * s, stroke=1, fill=1)
    canv.setDash([])
    canv.setFillColor(lvl.tone)
    canv.rect(x, y - h, 2.2 * s, h, stroke=0, fill=1)
    cx = x + PAD * s
    line_y = y - PAD * s - LABEL_SIZE * s
    tm.draw_line(canv, card.label, cx, line_y, BOLD, LABEL_SIZE * s, lvl.tone, item=card.item)
    line_y -= LABEL_H * s - LABEL_SIZE * s + TITLE_SIZE * s
    ink = MUTED if card.placeholder else INK
    for line in card.title:
        tm.draw_line(canv, line, cx, line_y, BOLD, TITLE_SIZE * s, ink, item=card.item)
        line_y -= TITLE_LEAD * s
    line_y += TITLE_LEAD * s - KR_LEAD * s - 1.5 * s
    for kid, text in card.krs:
        item = describe(b.cards.data, "key_result", kid)
        tm.draw_line(canv, text, cx, line_y - 1.5 * s, REGULAR, KR_SIZE * s, INK, item=item)
        line_y -= KR_LEAD * s
    if card.more:
        more = f"{card.more} key results" if not card.krs else f"+ {card.more} more"
        tm.draw_line(canv, more, cx, line_y - 1.5 * s, REGULAR, KR_SIZE * s, MUTED)
        line_y -= KR_LEAD * s
    if card.note:
        colour = WARNING if card.note == "Not aligned" else MUTED
        tm.draw_line(canv, card.note, cx, line_y - 1 * s, BOLD, NOTE_SIZE * s, colour)
    hidden = b.layout.hidden.get(key, 0)
    if b.badges and hidden:
        label = f"+{hidden}"
        bw = stringWidth(label, BOLD, KR_SIZE * s) + 6 * s
        canv.setFillColor(lvl.tone)
        bx = x + w + 3 * s
        canv.roundRect(bx, y - h / 2 - 6 * s, bw, 12 * s, 6 * s, stroke=0, fill=1)
        canv.setFillColor(_WHITE)
        canv.setFont(BOLD, KR_SIZE * s)
        canv.drawCentredString(bx + bw / 2, y - h / 2 - 3 * s, label)


def _with_sticky_parents(layout: Layout, window: Window) -> dict[ItemKey, Box]:
    """Boxes, with each parent whose children show in the window but which is itself
    above or below it moved into the window, so every block shows what its cards hang on."""
    x0, y0, x1, y1 = window
    boxes = dict(layout.boxes)

    def visible(b: Box) -> bool:
        return b.x < x1 and b.right > x0 and b.y < y1 and b.bottom > y0

    # Deepest parents first, so a moved parent can pull its own parent in.
    parents = sorted(layout.children, key=lambda k: -boxes[k].column if k in boxes else 0)
    for key in parents:
        box = boxes.get(key)
        kids = [boxes[c] for c in layout.children[key] if c in boxes]
        if box is None or visible(box) or not any(visible(k) for k in kids):
            continue
        if box.h > y1 - y0:
            continue
        shown = [k for k in kids if visible(k)]
        centre = (min(k.y for k in shown) + max(k.bottom for k in shown)) / 2
        y = min(max(centre - box.h / 2, y0), y1 - box.h)
        moved = box._replace(y=y)
        clash = any(
            other.column == box.column
            and visible(other)
            and other.y < moved.bottom
            and other.bottom > moved.y
            for k2, other in boxes.items()
            if k2 != key
        )
        if not clash:
            boxes[key] = moved
    return boxes
