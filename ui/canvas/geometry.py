"""A card's shape without its text: its size and where its key result rows sit.

The layout needs every card's size, and the connectors where each key result
row is; neither needs the wrapped text itself, only how many lines each piece
wraps to. :func:`card_geometry` counts them (:func:`line_count`, the same greedy
breaking as :func:`~ui.canvas.measure.wrap`, without building the lines), so a
10,000-objective tree is laid out before any card's text is made; the text
(:class:`~ui.canvas.measure.CardContent`) follows for the cards that are shown.
Both stack the card's parts with :func:`stack`, so a card's geometry is always
that of its content (a test holds them equal).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from okr_studio.keys import ItemKey
from ui.canvas import review_card as rc
from ui.canvas.initiative_lines import item_text, lines_height
from ui.canvas.measure import (
    _WORD_WIDTHS,
    CardStyle,
    _word_width,
    kr_detail,
    meta_line,
    metrics,
    wrap,
)

if TYPE_CHECKING:
    from okr_studio.data import KeyResultData, WorkshopData

#: A key result row of a card: (key result id, top inside the card, height).
Row = tuple[int, float, float]


@dataclass(frozen=True, slots=True)
class CardGeometry:
    """A card's size and rows, in scene units (what the layout and connectors need)."""

    key: ItemKey
    depth: int
    width: float
    height: float
    rows: tuple[Row, ...] = ()
    placeholder: bool = False
    title_lines: int = 1

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    def row(self, kr_id: int | None) -> Row | None:
        for row in self.rows:
            if row[0] == kr_id:
                return row
        return None


@lru_cache(maxsize=100_000)
def line_count(text: str, pixel_size: int, bold: bool, width: float, max_lines: int) -> int:
    """``len(wrap(text, …))``, without making the lines (the same greedy breaking)."""
    words = text.split()
    if not words:
        return 1
    space = _word_width(" ", pixel_size, bold)
    known = _WORD_WIDTHS[(pixel_size, bold)].get  # (the space above made the table)
    lines = 0
    current_w: float | None = None
    for word in words:
        w = known(word)
        if w is None:
            w = _word_width(word, pixel_size, bold)
        if current_w is not None and current_w + space + w <= width:
            current_w += space + w
            continue
        if w > width:  # wrapped where Unicode allows: count the real lines
            return len(wrap(text, pixel_size, bold, width, max_lines))
        if current_w is not None:
            lines += 1
            if lines >= max_lines:
                return max_lines
        current_w = w
    return lines + 1


@dataclass(frozen=True, slots=True)
class Dims:
    """A style's measures, looked up once (the same numbers for geometry and content)."""

    top: float  # band + pad
    pad: float
    title_h: float
    meta_h: float
    after_title: float  # px(4)
    after_meta: float  # px(8)
    review_line: float
    row_h: float
    det_h: float
    row_gap: float
    bar: float
    inner: float
    text_w: float
    detail_max: int


@lru_cache(maxsize=16)
def dims(s: CardStyle) -> Dims:
    inner = s.width - 2 * s.pad
    return Dims(
        top=s.band + s.pad,
        pad=s.pad,
        title_h=metrics(s.title_px, True).height(),
        meta_h=metrics(s.meta_px, s.bold_contrast).height(),
        after_title=s.px(4),
        after_meta=s.px(8),
        review_line=rc.line_room(s),
        row_h=metrics(s.row_px).height(),
        det_h=metrics(s.detail_px, s.bold_contrast).height(),
        row_gap=s.row_gap,
        bar=rc.bar_room(s),
        inner=inner,
        text_w=inner - s.px(12) - rc.chip_room(s),
        detail_max=rc.detail_lines(s),
    )


def stack(
    s: CardStyle | Dims,
    title_lines: int,
    meta_lines: int,
    rows: list[tuple[int, int, int, float]],
    more: int,
) -> tuple[tuple[Row, ...], float, float]:
    """Stack an objective card's parts: title, meta, the review line, then each key
    result row given as (id, title lines, detail lines, height of its initiatives),
    then "+ N more".

    Returns the rows, the card's height, and where the review mode's score line goes.
    """
    d = s if isinstance(s, Dims) else dims(s)
    y = d.top + title_lines * d.title_h
    y += d.after_title + meta_lines * d.meta_h + d.after_meta
    review_y = y - d.after_title
    y += d.review_line
    out: list[Row] = []
    for kr_id, lines, details, initiatives in rows:
        h = d.row_gap + lines * d.row_h + details * d.det_h + d.bar
        h += initiatives + d.row_gap
        out.append((kr_id, y, h))
        y += h
    if more:
        y += d.det_h + d.row_gap
    return tuple(out), y + d.pad, review_y


def placeholder_height(s: CardStyle, title_lines: int) -> float:
    """A unit's placeholder card: its name, then "No objective yet"."""
    d = dims(s)
    return d.top + title_lines * d.title_h + d.after_title + d.meta_h + d.pad


def card_geometry(
    data: WorkshopData,
    key: ItemKey,
    s: CardStyle,
    only: tuple[int, ...] | None = None,
    opened: Collection[int] = (),
) -> CardGeometry:
    """The geometry of the card of ``key``; ``only`` limits the key result rows listed,
    and the key results in ``opened`` list their initiatives."""
    return Shaper(data, s, opened).shape(key, only)


class Shaper:
    """Card geometries of one snapshot in one style (the style's measures looked up once)."""

    def __init__(self, data: WorkshopData, style: CardStyle, opened: Collection[int] = ()) -> None:
        self.data = data
        self.style = style
        self.opened = opened  # key results whose initiatives are listed
        self.d = dims(style)
        self._title = (style.title_px, True, self.d.inner, style.title_lines)
        self._row = (style.row_px, False, self.d.text_w, style.row_lines)
        #: Plain cards (one line of meta and of detail) take the quick way: the top of the
        #: first row per title lines, a row's height per title lines (from :func:`stack`).
        self._quick = style.meta_lines == 1 and self.d.detail_max == 1
        one = [(0, 1, 1, 0.0)]
        self._tops = [stack(self.d, n, 1, one, 0)[0][0][1] for n in range(style.title_lines + 1)]
        self._heights = [stack(self.d, 1, 1, [(0, n, 1, 0.0)], 0)[0][0][2] for n in range(8)]
        self._counts: dict[str, int] = {}

    def shape(self, key: ItemKey, only: tuple[int, ...] | None = None) -> CardGeometry:
        if self._quick and only is None and key[0] == "objective" and not self.data.initiatives:
            return self._plain(key)
        data, s, d = self.data, self.style, self.d
        if key[0] != "objective":
            unit = data.units[key[1]]
            n = line_count(unit.name or "Unnamed unit", *self._title)
            h = placeholder_height(s, n)
            return CardGeometry(key, data.unit_depth(key[1]), s.width, h, (), True, n)
        obj = data.objectives[key[1]]
        title = line_count(obj.title or "Untitled objective", *self._title)
        krs = data.key_results_of(obj.id)
        shown = krs if only is None else [k for k in krs if k.id in only]
        row = self._row
        rows = [
            (
                kr.id,
                line_count(kr.title or "Untitled key result", *row),
                1 if d.detail_max == 1 else self._details(kr),
                self._initiatives(kr),
            )
            for kr in shown
        ]
        meta = 1 if s.meta_lines == 1 else len(_meta(data, obj.id, s, d.inner))
        placed, height, _review_y = stack(d, title, meta, rows, len(krs) - len(shown))
        depth = data.unit_depths.get(obj.unit_id, 0)
        return CardGeometry(key, depth, s.width, height, placed, False, title)

    def _plain(self, key: ItemKey) -> CardGeometry:
        """:meth:`shape` of an objective's card with every row, one detail line each: the
        same sums as :func:`stack`, in the same order."""
        data, s = self.data, self.style
        obj = data.objectives[key[1]]
        title = line_count(obj.title or "Untitled objective", *self._title)
        counts, heights, row = self._counts, self._heights, self._row
        y = self._tops[title]
        rows = []
        for kr in data.key_results_in(obj.id):
            text = kr.title or "Untitled key result"
            n = counts.get(text)
            if n is None:
                n = counts[text] = line_count(text, *row)
            h = heights[n]
            rows.append((kr.id, y, h))
            y += h
        depth = data.unit_depths.get(obj.unit_id, 0)
        return CardGeometry(key, depth, s.width, y + self.d.pad, tuple(rows), False, title)

    def size(self, key: ItemKey, only: tuple[int, ...] | None = None) -> tuple[float, float]:
        """``shape(key, only).size``; a plain card's without making its geometry (the
        layout needs every card's size, the rows are needed only for cards with children
        or in view)."""
        if not (self._quick and only is None and key[0] == "objective"):
            return self.shape(key, only).size
        data = self.data
        if data.initiatives:
            return self.shape(key, only).size
        obj = data.objectives[key[1]]
        title = line_count(obj.title or "Untitled objective", *self._title)
        counts, heights, row = self._counts, self._heights, self._row
        y = self._tops[title]
        for kr in data.key_results_in(obj.id):  # the sums of _plain, in its order
            text = kr.title or "Untitled key result"
            n = counts.get(text)
            if n is None:
                n = counts[text] = line_count(text, *row)
            y += heights[n]
        return (self.style.width, y + self.d.pad)

    def _initiatives(self, kr: KeyResultData) -> float:
        """Room a row gives its initiatives (as ``InitiativeLines.height``), 0 without any."""
        found = self.data.initiatives_of(kr.id)
        if not found:
            return 0.0
        s = self.style
        counts = []
        if kr.id in self.opened:
            inner, most = self.d.text_w - s.px(12), max(2, s.detail_lines)
            counts = [line_count(item_text(i), s.detail_px, s.bold_contrast, inner, most)
                      for i in found]  # fmt: skip
        return lines_height(self.d.det_h, counts)

    def _details(self, kr: KeyResultData) -> int:
        s, d, data = self.style, self.d, self.data
        said = rc.review_detail(data, kr) if s.review else kr_detail(data, kr)
        return line_count(said, s.detail_px, s.bold_contrast, d.text_w, d.detail_max)


def _meta(data: WorkshopData, objective_id: int, s: CardStyle, inner: float) -> tuple[str, ...]:
    return wrap(meta_line(data, objective_id), s.meta_px, s.bold_contrast, inner, s.meta_lines)
