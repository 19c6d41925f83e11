"""The overview: the objective tree drawn as vectors, with the canvas's layout.

Cards are measured in points and laid out by :func:`okr_studio.layout.compute_layout`,
so the printed tree has the canvas's shape. The whole tree goes on one page
when its smallest text stays at least ``MIN_TEXT`` points; otherwise the
overview becomes a map (the top levels, with "+N" badges) followed by one
section per branch under the top, each tiled across as many pages as it needs
at a legible size, cut between cards, in reading order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.layout import Box, Layout, Spacing, compute_layout
from okr_studio.pdf.fonts import BOLD, REGULAR
from okr_studio.pdf.pages import Marker, PageLog
from okr_studio.pdf.style import INK, MUTED, RULE, Styles, level_of
from okr_studio.pdf.text import TextMaker

MIN_TEXT = 7.0  # points: nothing on the overview is printed smaller
MAX_SCALE = 1.2
CARD_W = 150.0
PAD = 6.0
LABEL_SIZE, TITLE_SIZE, KR_SIZE = 7.5, 9.0, 8.0
LABEL_H, TITLE_LEAD, KR_LEAD = 10.0, 11.0, 10.0
MAX_TITLE_LINES, MAX_KRS = 2, 6
SPACING = Spacing(column_gap=28.0, sibling_gap=7.0, subtree_gap=16.0)
HEADER_H = 34.0
_SMALLEST = min(LABEL_SIZE, TITLE_SIZE, KR_SIZE)


@dataclass(frozen=True)
class Card:
    label: str
    title: list[str]
    krs: list[tuple[int, str]]
    more: int
    depth: int
    placeholder: bool


def _fit(text: str, font: str, size: float, width: float, tm: TextMaker) -> str:
    return tm.fit(text, font, size, width)


def _wrap(text: str, font: str, size: float, width: float, lines: int, tm: TextMaker) -> list[str]:
    words = text.split()
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if tm.width(trial, font, size) <= width:
            current = trial
            continue
        if current:
            out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [_fit(line, font, size, width, tm) for line in out] or [""]


class Cards:
    """Card contents and sizes, in points at scale 1."""

    def __init__(self, data: WorkshopData, tm: TextMaker, *, compact: bool = False) -> None:
        self.data, self.tm = data, tm
        #: Compact cards (the map of the top levels) list no key results, only their count.
        self.compact = compact
        self.cards: dict[ItemKey, Card] = {}

    def card(self, key: ItemKey) -> Card:
        found = self.cards.get(key)
        if found is not None:
            return found
        data, tm = self.data, self.tm
        inner = CARD_W - 2 * PAD
        kind, ident = key
        if kind == "unit":
            unit = data.units[ident]
            label = _fit(f"{unit.level.upper()} · {unit.name}", BOLD, LABEL_SIZE, inner, tm)
            card = Card(label, ["(no objective yet)"], [], 0, data.unit_depth(ident), True)
        else:
            obj = data.objectives[ident]
            unit = data.units[obj.unit_id]
            label = _fit(f"{unit.level.upper()} · {unit.name}", BOLD, LABEL_SIZE, inner, tm)
            title = _wrap(obj.title or "(no title)", BOLD, TITLE_SIZE, inner, MAX_TITLE_LINES, tm)
            krs = data.key_results_of(obj.id)
            limit = 0 if self.compact else MAX_KRS
            shown = krs if len(krs) <= limit else krs[: max(limit - 1, 0)]
            lines = [
                (k.id, _fit("• " + (k.title or "(no title)"), REGULAR, KR_SIZE, inner, tm))
                for k in shown
            ]
            card = Card(label, title, lines, len(krs) - len(shown), data.unit_depth(unit.id), False)
        self.cards[key] = card
        return card

    def size(self, key: ItemKey) -> tuple[float, float]:
        c = self.card(key)
        h = (
            PAD
            + LABEL_H
            + len(c.title) * TITLE_LEAD
            + (len(c.krs) + (1 if c.more else 0)) * KR_LEAD
        )
        return (CARD_W, h + PAD)

    def kr_anchor(self, key: ItemKey, kr_id: int | None) -> float:
        """Offset from the card's top of the line of key result ``kr_id``."""
        c = self.card(key)
        top = PAD + LABEL_H + len(c.title) * TITLE_LEAD
        for i, (kid, _t) in enumerate(c.krs):
            if kid == kr_id:
                return top + i * KR_LEAD + KR_LEAD * 0.6
        return self.size(key)[1] / 2


def _cuts(
    spans: Iterable[tuple[float, float]], start: float, end: float, tile: float
) -> list[float]:
    """Cut [start, end] into pieces ≤ tile, cutting between spans where possible."""
    spans = sorted(spans)
    tops = sorted({a for a, _b in spans})
    cuts = [start]
    while end - cuts[-1] > tile + 0.5:
        limit = cuts[-1] + tile
        best = None
        for c in tops:
            if c <= cuts[-1] + 1 or c > limit:
                continue
            if not any(a < c - 0.01 and b > c + 0.01 for a, b in spans):
                best = c
        cuts.append(best if best is not None else limit)
    cuts.append(end)
    return cuts


class OverviewPage(Flowable):
    """One page of the overview: a title and a window onto a layout."""

    def __init__(
        self,
        cards: Cards,
        layout: Layout,
        window: tuple[float, float, float, float],
        scale: float,
        title: str,
        badges: bool,
    ) -> None:
        super().__init__()
        self.cards, self.layout, self.window, self.scale = cards, layout, window, scale
        self.title, self.badges = title, badges

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._aw, self._ah = aw, ah
        return (aw, ah - 1)

    def draw(self) -> None:
        canv: Canvas = self.canv
        tm = self.cards.tm
        head = tm.para(self.title, Styles.h2, width=self._aw, base="L", align_rtl=False)
        _w, h = head.wrap(self._aw, HEADER_H)
        head.drawOn(canv, 0, self._ah - h - 2)
        x0, y0, x1, y1 = self.window
        s = self.scale
        top = self._ah - HEADER_H

        def px(x: float) -> float:
            return (x - x0) * s

        def py(y: float) -> float:
            return top - (y - y0) * s

        canv.saveState()
        clip = canv.beginPath()
        clip.rect(0, 0, self._aw, top + 2)
        canv.clipPath(clip, stroke=0, fill=0)
        boxes = _with_sticky_parents(self.layout, self.window)
        canv.setLineWidth(0.7)
        for edge in self.layout.edges:
            p, c = boxes.get(edge.parent), boxes.get(edge.child)
            if p is None or c is None:
                continue
            if max(p.y, c.y) > y1 + 1 or min(p.bottom, c.bottom) < y0 - 1:
                continue
            if max(p.x, c.x) > x1 + 1 or min(p.right, c.right) < x0 - 1:
                continue
            sx, sy = px(p.right), py(p.y + self.cards.kr_anchor(edge.parent, edge.kr_id))
            ex, ey = px(c.x), py(c.y + c.h / 2)
            # a child in a grid's later sub-column: along the lane, down the gutter
            route = [(px(x), py(y)) for x, y in edge.route]
            fx, fy = route[0] if route else (ex, ey)
            mid = (sx + fx) / 2
            canv.setStrokeColor(MUTED if edge.kind == "aligned" else RULE)
            canv.setDash([] if edge.kind == "aligned" else [2, 2])
            path = canv.beginPath()
            path.moveTo(sx, sy)
            path.curveTo(mid, sy, mid, fy, fx, fy)
            if route:
                for x, y in [*route[1:], (route[-1][0], ey), (ex, ey)]:
                    path.lineTo(x, y)
            canv.drawPath(path, stroke=1, fill=0)
        canv.setDash([])
        for key, box in boxes.items():
            if box.x >= x1 or box.right <= x0 or box.y >= y1 or box.bottom <= y0:
                continue
            self._card(canv, key, px(box.x), py(box.y), box.w * s, box.h * s)
        canv.restoreState()

    def _card(self, canv: Canvas, key: ItemKey, x: float, y: float, w: float, h: float) -> None:
        s, card = self.scale, self.cards.card(key)
        lvl = level_of(card.depth)
        canv.setLineWidth(0.6)
        canv.setStrokeColor(lvl.tone if not card.placeholder else RULE)
        canv.setFillColor(lvl.tint if not card.placeholder else _WHITE)
        if card.placeholder:
            canv.setDash([2, 2])
        canv.roundRect(x, y - h, w, h, 3 * s, stroke=1, fill=1)
        canv.setDash([])
        canv.setFillColor(lvl.tone)
        canv.rect(x, y - h, 2.2 * s, h, stroke=0, fill=1)
        tm = self.cards.tm
        cx = x + PAD * s
        line_y = y - PAD * s - LABEL_SIZE * s
        tm.draw_line(canv, card.label, cx, line_y, BOLD, LABEL_SIZE * s, lvl.tone)
        line_y -= LABEL_H * s - LABEL_SIZE * s + TITLE_SIZE * s
        for line in card.title:
            tm.draw_line(
                canv, line, cx, line_y, BOLD, TITLE_SIZE * s, MUTED if card.placeholder else INK
            )
            line_y -= TITLE_LEAD * s
        line_y += TITLE_LEAD * s - KR_LEAD * s - 1.5 * s
        for _kid, text in card.krs:
            line_y -= 0
            tm.draw_line(canv, text, cx, line_y - 1.5 * s, REGULAR, KR_SIZE * s, INK)
            line_y -= KR_LEAD * s
        if card.more:
            more = f"{card.more} key results" if not card.krs else f"+ {card.more} more"
            tm.draw_line(canv, more, cx, line_y - 1.5 * s, REGULAR, KR_SIZE * s, MUTED)
        hidden = self.layout.hidden.get(key, 0)
        if self.badges and hidden:
            label = f"+{hidden}"
            bw = stringWidth(label, BOLD, KR_SIZE * s) + 6 * s
            canv.setFillColor(lvl.tone)
            bx = x + w + 3 * s
            canv.roundRect(bx, y - h / 2 - 6 * s, bw, 12 * s, 6 * s, stroke=0, fill=1)
            canv.setFillColor(_WHITE)
            canv.setFont(BOLD, KR_SIZE * s)
            canv.drawCentredString(bx + bw / 2, y - h / 2 - 3 * s, label)


_WHITE = INK.__class__(1, 1, 1)


def _with_sticky_parents(
    layout: Layout, window: tuple[float, float, float, float]
) -> dict[ItemKey, Box]:
    """Boxes, with each parent whose children show in the window but which is itself
    above or below it moved into the window, so every page shows what its cards hang on."""
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
        moved = replace(box, y=y)
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


def _pages_for(
    cards: Cards, layout: Layout, aw: float, ah: float, title: str, badges: bool
) -> list[OverviewPage]:
    """The pages that show ``layout`` legibly: one if it fits, else tiles in reading order."""
    if not layout.boxes:
        return []
    fit = min(aw / max(layout.width, 1), ah / max(layout.height, 1), MAX_SCALE)
    scale = fit if fit * _SMALLEST >= MIN_TEXT else min(aw / max(layout.width, 1), MAX_SCALE)
    scale = max(scale, MIN_TEXT / _SMALLEST)
    boxes = list(layout.boxes.values())
    xs = _cuts([(b.x, b.right) for b in boxes], 0, layout.width, aw / scale)
    ys = _cuts([(b.y, b.bottom) for b in boxes], 0, layout.height, ah / scale)
    windows = [
        (xs[i], ys[j], xs[i + 1], ys[j + 1]) for j in range(len(ys) - 1) for i in range(len(xs) - 1)
    ]
    windows = [
        w
        for w in windows
        if any(b.x < w[2] and b.right > w[0] and b.y < w[3] and b.bottom > w[1] for b in boxes)
    ]
    pages = []
    for n, window in enumerate(windows, start=1):
        suffix = f" (part {n} of {len(windows)})" if len(windows) > 1 else ""
        pages.append(OverviewPage(cards, layout, window, scale, title + suffix, badges))
    return pages


def overview_story(
    data: WorkshopData,
    tm: TextMaker,
    log: PageLog,
    width: float,
    height: float,
    *,
    units: list[int],
) -> list[Flowable]:
    """The overview pages, each followed by a page break, with their bookmarks."""
    if not data.objectives and not data.units:
        return []
    cards = Cards(data, tm)
    aw, ah = width, height - HEADER_H - 4
    # many teams' cards packed in the page's shape, never wider than a page at a legible size
    spacing = replace(SPACING, aspect=aw / ah, max_main=aw * _SMALLEST / MIN_TEXT)
    full = compute_layout(data, cards.size, spacing=spacing)
    fit = min(aw / max(full.width, 1), ah / max(full.height, 1), MAX_SCALE)
    story: list[Flowable] = [Marker(log, "overview", outline=("Overview", 0), section="Overview")]
    if fit * _SMALLEST >= MIN_TEXT:
        pages = _pages_for(cards, full, aw, ah, "Overview", badges=False)
        for page in pages:
            story += [page, PageBreak()]
        return story
    branches = [child for root in full.roots for child in full.children.get(root, ())]
    map_cards = Cards(data, tm, compact=True)
    top = compute_layout(data, map_cards.size, spacing=spacing, collapsed=branches)
    for page in _pages_for(map_cards, top, aw, ah, "Overview: the top of the tree", badges=True):
        story += [page, PageBreak()]
    for i, branch in enumerate(branches, start=1):
        sub = compute_layout(data, cards.size, spacing=spacing, only=branch)
        name = _branch_name(data, branch)
        title = f"Overview {i} of {len(branches)}: {name}"
        story.append(Marker(log, f"overview-{i}", outline=(name, 1)))
        for page in _pages_for(cards, sub, aw, ah, title, badges=False):
            story += [page, PageBreak()]
    return story


def _branch_name(data: WorkshopData, key: ItemKey) -> str:
    kind, ident = key
    unit = data.units[ident] if kind == "unit" else data.unit_of_objective(ident)
    if kind == "objective":
        title = " ".join(data.objectives[ident].title.split())
        short = title if len(title) <= 50 else title[:49] + "…"
        name = f"{unit.name} — {short}" if short else unit.name
    else:
        name = unit.name
    name = " ".join(name.split())
    return name if len(name) <= 90 else name[:89] + "…"
