"""Card contents and sizes, measured with Qt fonts and cached.

A card's size depends only on its text, so the layout (``okr_studio.layout``)
gets its ``measure`` from here. Wrapped lines are cached by (font, width,
text): after an edit only the changed card is measured again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTextBoundaryFinder
from PySide6.QtGui import QFont, QFontMetricsF

from okr_studio.data import KeyResultData, WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.numbers import format_number

if TYPE_CHECKING:
    from ui.canvas.geometry import CardGeometry, Dims


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
    #: Review mode: scores, progress bars and decisions (:mod:`ui.canvas.review_card`).
    review: bool = False

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
    """Wrap ``text`` into at most ``max_lines`` lines; the last one elided if needed.

    Word widths are measured once each and added up (fast for a thousand cards);
    a line is then checked as a whole only when it is the last one and elided.
    Text with a word wider than a line (Chinese, Japanese or Thai written without
    spaces, a long compound or address) is wrapped where the Unicode line-breaking
    rules allow instead (see :func:`_wrap_at_breaks`).
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
        if w > width:  # one word wider than a line: break where Unicode allows
            return _wrap_at_breaks(" ".join(words), pixel_size, bold, width, max_lines)
        if current:
            lines.append(" ".join(current))
            done = full(words[i:])
            if done is not None:
                return done
        current, current_w = [word], w
    if current:
        lines.append(" ".join(current))
    return tuple(lines)


def _break_pieces(text: str) -> list[tuple[int, str]]:
    """(start, piece) between the line-break opportunities of ``text`` (Unicode UAX #14:
    between ideographs, at Thai word ends, after spaces and hyphens); a piece keeps
    its trailing spaces."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    out: list[tuple[int, str]] = []
    start = 0
    while True:
        end = finder.toNextBoundary()
        if end < 0 or end > len(text):
            break
        if end > start:
            out.append((start, text[start:end]))
            start = end
    if start < len(text):
        out.append((start, text[start:]))
    return out


def _wrap_at_breaks(
    text: str, pixel_size: int, bold: bool, width: float, max_lines: int
) -> tuple[str, ...]:
    """Wrap at Unicode line-break opportunities; a piece wider than a line is elided."""
    fm = metrics(pixel_size, bold)
    mode = Qt.TextElideMode.ElideRight
    lines: list[str] = []
    start: int | None = None  # where the current line starts in ``text``
    line_w = 0.0
    for at, piece in _break_pieces(text):
        core = piece.rstrip()
        core_w = _word_width(core, pixel_size, bold)
        if start is not None and line_w + core_w <= width:
            line_w += _word_width(piece, pixel_size, bold)
            continue
        if start is not None:
            lines.append(text[start:at].rstrip())
            if len(lines) == max_lines:
                lines[-1] = fm.elidedText(text[start:].rstrip(), mode, width)
                return tuple(lines)
        if core_w > width:  # no break inside it: elided on a line of its own
            lines.append(fm.elidedText(core, mode, width))
            if len(lines) == max_lines:
                if text[at + len(piece) :].strip():
                    lines[-1] = fm.elidedText(text[at:].rstrip(), mode, width)
                return tuple(lines)
            start, line_w = None, 0.0
            continue
        start, line_w = at, _word_width(piece, pixel_size, bold)
    if start is not None:
        lines.append(text[start:].rstrip())
    return tuple(lines) or ("",)


def number_text(value: float | None) -> str:
    """A number as the PDF prints it too (the core's format, in the app's locale)."""
    return format_number(value, empty="?")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Card", text)


def kr_numbers(kr: KeyResultData) -> str:
    """What is known of a key result's numbers: "40 → 55 %", "target 55 %", "baseline
    40 %", "milestone", or "" when it holds none."""
    unit = f" {kr.unit_of_measure}" if kr.unit_of_measure else ""
    if kr.baseline is not None and kr.target is not None:
        return f"{number_text(kr.baseline)} → {number_text(kr.target)}{unit}"
    if kr.target is not None:
        return _tr("target {value}").format(value=f"{number_text(kr.target)}{unit}")
    if kr.direction == "milestone":
        return _tr("milestone")
    if kr.baseline is not None:
        return _tr("baseline {value}").format(value=f"{number_text(kr.baseline)}{unit}")
    return ""


def kr_detail(data: WorkshopData, kr: KeyResultData) -> str:
    """ "40 → 55 %  ·  Owner" — the numbers the room checks, and who answers for them;
    only what is known ("target 55 %  ·  Owner", "Owner", "no owner")."""
    numbers = kr_numbers(kr)
    owner = data.person_name(kr.owner_id).strip() or _tr("no owner")
    return f"{numbers}  ·  {owner}" if numbers else owner


@dataclass(frozen=True)
class RowContent:
    kr_id: int
    title: tuple[str, ...]
    detail: tuple[str, ...]
    y: float  # top of the row inside the card
    h: float
    #: Its initiatives (ui.canvas.initiative_lines.InitiativeLines), None without any.
    initiatives: object | None = None


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
    review: object | None = None  # review mode's marks (ui.canvas.review_card.CardReview)

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    def geometry(self) -> CardGeometry:
        """Its size and rows without the text (what :func:`card_geometry` computes)."""
        from ui.canvas.geometry import CardGeometry

        rows = tuple((r.kr_id, r.y, r.h) for r in self.rows)
        return CardGeometry(
            self.key, self.depth, self.width, self.height, rows, self.placeholder, len(self.title)
        )

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


def meta_line(data: WorkshopData, objective_id: int) -> str:
    """ "Unit  ·  Owner  ·  status", the line under an objective's title."""
    obj = data.objectives[objective_id]
    unit = data.units.get(obj.unit_id)
    owner = data.person_name(obj.owner_id) or "no owner"
    status = "agreed" if obj.status == "agreed" else "draft"
    return f"{unit.name if unit else '?'}  ·  {owner}  ·  {status}"


def objective_card(
    data: WorkshopData,
    objective_id: int,
    style: CardStyle = NORMAL,
    rows: tuple[int, ...] | None = None,
    opened: Collection[int] = (),
) -> CardContent:
    """Contents of an objective's card; ``rows`` limits the key results listed, and the
    key results in ``opened`` list their initiatives."""
    from ui.canvas import review_card as rc  # (it measures with this module)
    from ui.canvas.geometry import dims, stack
    from ui.canvas.initiative_lines import initiative_lines

    s = style
    obj = data.objectives[objective_id]
    d = dims(s)
    inner, text_w = d.inner, d.text_w
    title = wrap(obj.title or "Untitled objective", s.title_px, True, inner, s.title_lines)
    meta = wrap(meta_line(data, objective_id), s.meta_px, s.bold_contrast, inner, s.meta_lines)
    krs = data.key_results_of(objective_id)
    shown = [k for k in krs if rows is None or k.id in rows]
    texts = []
    for kr in shown:
        lines = wrap(kr.title or "Untitled key result", s.row_px, False, text_w, s.row_lines)
        said = rc.review_detail(data, kr) if s.review else kr_detail(data, kr)
        detail = wrap(said, s.detail_px, s.bold_contrast, text_w, d.detail_max)
        ini = initiative_lines(data, kr, s, 0.0, text_w, kr.id in opened)
        texts.append((kr.id, lines, detail, ini))
    counts = [(i, len(t), len(dt), ini.height if ini else 0.0) for i, t, dt, ini in texts]
    placed, height, review_y = stack(s, len(title), len(meta), counts, len(krs) - len(shown))
    out = tuple(
        RowContent(kr_id, lines, detail, y, h, ini and replace(ini, y=y + top + ini.line_h / 4))
        for (kr_id, lines, detail, ini), (_id, y, h), top in zip(
            texts, placed, _tops(d, counts), strict=True
        )
    )
    depth = data.unit_depth(obj.unit_id) if obj.unit_id in data.units else 0
    review = (
        rc.card_review(data, objective_id, s, review_y, [r.kr_id for r in out])
        if s.review
        else None
    )
    more = len(krs) - len(shown)
    return CardContent(
        ("objective", objective_id), depth, title, meta, out, s.width, height, False, more, review
    )


def _tops(d: Dims, counts: list[tuple[int, int, int, float]]) -> list[float]:
    """Where each row's initiatives start, below its text (and bar), inside the row."""
    return [
        d.row_gap + lines * d.row_h + details * d.det_h + d.bar for _i, lines, details, _h in counts
    ]


def placeholder_card(data: WorkshopData, unit_id: int, style: CardStyle = NORMAL) -> CardContent:
    from ui.canvas.geometry import dims, placeholder_height

    s = style
    unit = data.units[unit_id]
    title = wrap(unit.name or "Unnamed unit", s.title_px, True, dims(s).inner, s.title_lines)
    h = placeholder_height(s, len(title))
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
    data: WorkshopData,
    key: ItemKey,
    style: CardStyle = NORMAL,
    rows: tuple[int, ...] | None = None,
    opened: Collection[int] = (),
) -> CardContent:
    if key[0] == "objective":
        return objective_card(data, key[1], style, rows, opened)
    return placeholder_card(data, key[1], style)
