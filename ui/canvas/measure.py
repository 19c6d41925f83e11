"""Card contents and sizes, measured with Qt fonts and cached.

A card's size depends only on its text, so the layout (``okr_studio.layout``)
gets its ``measure`` from here. Wrapped lines are cached by (font, width,
text): after an edit only the changed card is measured again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

from okr_studio.data import KeyResultData, WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.numbers import format_number


@dataclass(frozen=True)
class CardStyle:
    """Sizes of a card, in scene units; ``scale`` enlarges everything (presentation)."""

    scale: float = 1.0
    #: High contrast (presentation): no muted text, bolder small type.
    bold_contrast: bool = False
    #: Card width before scaling; presentation cards are narrower for their type size.
    width_units: float = 300.0
    #: Most lines of a title, a key result title, the unit/owner line, a key result's numbers.
    title_lines: int = 3
    row_lines: int = 2
    meta_lines: int = 1
    detail_lines: int = 1

    def px(self, value: float) -> float:
        return value * self.scale

    @property
    def width(self) -> float:
        return self.px(self.width_units)

    @property
    def pad(self) -> float:
        return self.px(10)

    @property
    def band(self) -> float:
        return self.px(6)

    @property
    def title_px(self) -> int:
        return round(self.px(15))

    @property
    def meta_px(self) -> int:
        return round(self.px(11))

    @property
    def row_px(self) -> int:
        return round(self.px(12.5))

    @property
    def detail_px(self) -> int:
        return round(self.px(11))

    @property
    def row_gap(self) -> float:
        return self.px(6)


NORMAL = CardStyle()
#: Presentation: titles 30 px, cards 400 wide, so a four-level branch fits 1920 px.
PRESENTATION = CardStyle(
    scale=2.0,
    bold_contrast=True,
    width_units=210.0,
    title_lines=6,
    row_lines=5,
    meta_lines=3,
    detail_lines=3,
)


@lru_cache(maxsize=64)
def font(pixel_size: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, pixel_size))
    f.setBold(bold)
    return f


@lru_cache(maxsize=64)
def metrics(pixel_size: int, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font(pixel_size, bold))


_WORD_WIDTHS: dict[tuple[int, bool], dict[str, float]] = {}


def _word_width(word: str, pixel_size: int, bold: bool) -> float:
    table = _WORD_WIDTHS.setdefault((pixel_size, bold), {})
    width = table.get(word)
    if width is None:
        width = metrics(pixel_size, bold).horizontalAdvance(word)
        if len(table) < 200_000:
            table[word] = width
    return width


@lru_cache(maxsize=50_000)
def wrap(text: str, pixel_size: int, bold: bool, width: float, max_lines: int) -> tuple[str, ...]:
    """Word-wrap ``text`` into at most ``max_lines`` lines; the last one elided if needed.

    Word widths are measured once each and added up (fast for a thousand cards);
    a line is then checked as a whole only when it is the last one and elided.
    """
    words = text.split()
    if not words:
        return ("",)
    space = _word_width(" ", pixel_size, bold)
    fm = metrics(pixel_size, bold)
    mode = Qt.TextElideMode.ElideRight
    lines: list[str] = []
    current: list[str] = []
    current_w = 0.0

    def full(rest: list[str]) -> tuple[str, ...] | None:
        """When the last allowed line is written: elide what does not fit into it."""
        if len(lines) < max_lines:
            return None
        if rest:
            lines[-1] = fm.elidedText(" ".join([lines[-1], *rest]), mode, width)
        return tuple(lines)

    for i, word in enumerate(words):
        w = _word_width(word, pixel_size, bold)
        if current and current_w + space + w <= width:
            current.append(word)
            current_w += space + w
            continue
        if current:
            lines.append(" ".join(current))
            current, current_w = [], 0.0
            done = full(words[i:])
            if done is not None:
                return done
        if w > width:  # one word wider than a line
            lines.append(fm.elidedText(word, mode, width))
            done = full(words[i + 1 :])
            if done is not None:
                return done
            continue
        current, current_w = [word], w
    if current:
        lines.append(" ".join(current))
    return tuple(lines)


def number_text(value: float | None) -> str:
    """A number as the PDF prints it too (the core's format, in the app's locale)."""
    return format_number(value, empty="?")


def kr_detail(data: WorkshopData, kr: KeyResultData) -> str:
    """ "40 → 55 %  ·  Owner" — the numbers the room checks, and who answers for them."""
    unit = f" {kr.unit_of_measure}" if kr.unit_of_measure else ""
    if kr.direction == "milestone" and kr.target is None:
        numbers = "milestone"
    else:
        numbers = f"{number_text(kr.baseline)} → {number_text(kr.target)}{unit}"
    owner = data.person_name(kr.owner_id)
    return f"{numbers}  ·  {owner}" if owner else f"{numbers}  ·  no owner"


@dataclass(frozen=True)
class RowContent:
    kr_id: int
    title: tuple[str, ...]
    detail: tuple[str, ...]
    y: float  # top of the row inside the card
    h: float


@dataclass(frozen=True)
class CardContent:
    """Everything a card draws, already wrapped; also its size for the layout."""

    key: ItemKey
    depth: int
    title: tuple[str, ...]
    meta: tuple[str, ...]
    rows: tuple[RowContent, ...]
    width: float
    height: float
    placeholder: bool = False
    more_rows: int = 0  # key results not listed (compact cards in presentation)

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    def row_at(self, y: float) -> int | None:
        for row in self.rows:
            if row.y <= y < row.y + row.h:
                return row.kr_id
        return None

    def row(self, kr_id: int) -> RowContent | None:
        for row in self.rows:
            if row.kr_id == kr_id:
                return row
        return None


def objective_card(
    data: WorkshopData,
    objective_id: int,
    style: CardStyle = NORMAL,
    rows: tuple[int, ...] | None = None,
) -> CardContent:
    """Contents of an objective's card; ``rows`` limits the key results listed."""
    s = style
    obj = data.objectives[objective_id]
    unit = data.units.get(obj.unit_id)
    inner = s.width - 2 * s.pad
    title = wrap(obj.title or "Untitled objective", s.title_px, True, inner, s.title_lines)
    owner = data.person_name(obj.owner_id) or "no owner"
    status = "agreed" if obj.status == "agreed" else "draft"
    meta_text = f"{unit.name if unit else '?'}  ·  {owner}  ·  {status}"
    meta = wrap(meta_text, s.meta_px, s.bold_contrast, inner, s.meta_lines)
    y = s.band + s.pad + len(title) * metrics(s.title_px, True).height()
    y += s.px(4) + len(meta) * metrics(s.meta_px, s.bold_contrast).height() + s.px(8)
    krs = data.key_results_of(objective_id)
    shown = [k for k in krs if rows is None or k.id in rows]
    out: list[RowContent] = []
    row_h = metrics(s.row_px).height()
    det_h = metrics(s.detail_px, s.bold_contrast).height()
    for kr in shown:
        lines = wrap(
            kr.title or "Untitled key result", s.row_px, False, inner - s.px(12), s.row_lines
        )
        detail = wrap(
            kr_detail(data, kr), s.detail_px, s.bold_contrast, inner - s.px(12), s.detail_lines
        )
        h = s.row_gap + len(lines) * row_h + len(detail) * det_h + s.row_gap
        out.append(RowContent(kr.id, lines, detail, y, h))
        y += h
    more = len(krs) - len(shown)
    if more:
        y += det_h + s.row_gap
    height = y + s.pad
    depth = data.unit_depth(obj.unit_id) if unit else 0
    return CardContent(
        ("objective", objective_id), depth, title, meta, tuple(out), s.width, height, False, more
    )


def placeholder_card(data: WorkshopData, unit_id: int, style: CardStyle = NORMAL) -> CardContent:
    s = style
    unit = data.units[unit_id]
    inner = s.width - 2 * s.pad
    title = wrap(unit.name or "Unnamed unit", s.title_px, True, inner, s.title_lines)
    h = s.band + s.pad + len(title) * metrics(s.title_px, True).height()
    h += s.px(4) + metrics(s.meta_px, s.bold_contrast).height() + s.pad
    return CardContent(
        ("unit", unit_id),
        data.unit_depth(unit_id),
        title,
        ("No objective yet",),
        (),
        s.width,
        h,
        True,
    )


def card_for(
    data: WorkshopData, key: ItemKey, style: CardStyle = NORMAL, rows: tuple[int, ...] | None = None
) -> CardContent:
    if key[0] == "objective":
        return objective_card(data, key[1], style, rows)
    return placeholder_card(data, key[1], style)
