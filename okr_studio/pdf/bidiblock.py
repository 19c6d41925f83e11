"""A block of text that holds right-to-left or shaped scripts, laid out by the full bidi algorithm.

Text is broken into lines in logical order (at spaces, by the shaped widths of
its words); each line is then reordered for display (:mod:`okr_studio.pdf.bidi`)
into runs of one level and one look, and each run that needs it is shaped by
HarfBuzz in its own direction (:mod:`okr_studio.pdf.shaping`). No markup is read:
user text is drawn exactly as typed. ReportLab's own paragraph shaping is not
used, so nothing of ReportLab is patched.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from okr_studio.pdf.bidi import base_direction, display_order, levels, line_levels
from okr_studio.pdf.lines import HardLine, Look
from okr_studio.pdf.shaping import run_width, shape

_FUZZ = 1e-6
# Scripts whose glyphs need shaping even when they run left to right (Indic, Thai…).
NEEDS_SHAPING = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
#: A laid-out line: (drawn pieces left to right, their width).
Line = tuple[list[tuple[str, Look]], float]


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


class BidiBlock(Flowable):
    """Hard lines of (text, look) spans in logical order; each hard line is a bidi
    paragraph whose direction is ``base`` ('L', 'R') or, when None, its own."""

    def __init__(
        self,
        lines: Sequence[HardLine],
        style: ParagraphStyle,
        *,
        base: str | None = None,
        align_right: bool = False,
    ) -> None:
        super().__init__()
        self.hard = [list(line) for line in lines]
        self.style, self.base, self.align_right = style, base, align_right
        self.keepWithNext = bool(getattr(style, "keepWithNext", 0))
        self.lines: list[Line] = []
        self._wrapped_at: float | None = None

    def __repr__(self) -> str:
        text = " / ".join("".join(t for t, _look in line) for line in self.hard)
        return f"BidiBlock({text[:60]!r})"

    @property
    def text(self) -> str:
        """The text as typed, hard lines joined by newlines."""
        return "\n".join("".join(t for t, _look in line) for line in self.hard)

    # ---- layout ----------------------------------------------------------------
    def _lay_out(self, width: float) -> None:
        if width == self._wrapped_at:
            return
        room = width - self.style.leftIndent - self.style.rightIndent
        self.lines = [
            line for hard in self.hard for line in _paragraph_lines(hard, room, self.base)
        ]
        self._wrapped_at = width

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._lay_out(aW)
        self.width = aW
        self.height = self.style.leading * len(self.lines)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Split between lines, as a Paragraph does: at the width it was last wrapped at
        (a table offers its cells a split at another width than it wrapped them at)."""
        if self._wrapped_at is None:
            self._lay_out(avail_width)
        avail_width = self._wrapped_at if self._wrapped_at is not None else avail_width
        fit = int((avail_height + _FUZZ) // self.style.leading)
        if fit <= 0 or (fit == 1 and not getattr(self.style, "allowOrphans", 0)):
            return []
        if fit >= len(self.lines):
            return [self]
        return [
            self._part(self.lines[:fit], avail_width),
            self._part(self.lines[fit:], avail_width),
        ]

    def _part(self, lines: list[Line], width: float) -> BidiBlock:
        part = BidiBlock([], self.style, base=self.base, align_right=self.align_right)
        part.lines, part._wrapped_at = lines, width
        return part

    def draw(self) -> None:
        if not self.lines:
            return
        canv, st = self.canv, self.style
        room = self.width - st.leftIndent - st.rightIndent
        y = self.height - st.fontSize
        for pieces, used in self.lines:
            x = st.leftIndent + (max(room - used, 0.0) if self.align_right else 0.0)
            text = canv.beginText(x, y)
            for chunk, look in pieces:
                text.setFont(look[0], look[1])
                text.setFillColor(look[2])
                text.textOut(chunk)
            canv.drawText(text)
            y -= st.leading


def _paragraph_lines(spans: HardLine, width: float, base: str | None) -> list[Line]:
    text = "".join(t for t, _look in spans)
    if not text:
        return [([], 0.0)]
    looks: list[Look] = [look for t, look in spans for _ in t]
    direction = base or base_direction(text)
    base_level = 1 if direction == "R" else 0
    para = levels(text, direction)
    out = []
    for start, end in _breaks(text, looks, para, width):
        out.append(_line(text, looks, para, base_level, start, end))
    return out


def _pieces(
    text: str, looks: list[Look], lv: Sequence[int], start: int, end: int
) -> list[tuple[int, int]]:
    """[start, end) cut where the look or the level's parity changes."""
    cuts = [start]
    for i in range(start + 1, end):
        if looks[i] is not looks[i - 1] or lv[i] % 2 != lv[i - 1] % 2:
            cuts.append(i)
    cuts.append(end)
    return list(itertools.pairwise(cuts))


def _drawn(text: str, look: Look, rtl: bool) -> str:
    """A run (logical order) as it is drawn: shaped when it must be, else as is."""
    if rtl or NEEDS_SHAPING.search(text):
        return shape(text, look[0], look[1], rtl)
    return "".join(c for c in text if not _invisible(c))


def _width(text: str, looks: list[Look], lv: Sequence[int], start: int, end: int) -> float:
    return sum(
        run_width(_drawn(text[a:b], looks[a], lv[a] % 2 == 1), looks[a][0], looks[a][1])
        for a, b in _pieces(text, looks, lv, start, end)
    )


def _breaks(text: str, looks: list[Look], lv: Sequence[int], width: float) -> list[tuple[int, int]]:
    """Line ranges [start, end) of the paragraph, broken at spaces (a word longer than a
    line is cut between characters)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    lines: list[tuple[int, int]] = []
    start = end = -1
    used = 0.0
    for a, b in words:
        w = _width(text, looks, lv, a, b)
        space = stringWidth(" ", looks[a][0], looks[a][1]) if start >= 0 else 0.0
        if start >= 0 and used + space + w <= width + _FUZZ:
            end, used = b, used + space + w
            continue
        if start >= 0:
            lines.append((start, end))
        if w <= width:
            start, end, used = a, b, w
            continue
        # a word longer than a line: cut between characters
        piece = a
        for i in range(a + 1, b + 1):
            if i == b or _width(text, looks, lv, piece, i + 1) > width:
                if i == b:
                    start, end, used = piece, b, _width(text, looks, lv, piece, b)
                else:
                    lines.append((piece, i))
                    piece = i
    if start >= 0:
        lines.append((start, end))
    return lines or [(0, 0)]


def _line(
    text: str, looks: list[Look], para: Sequence[int], base_level: int, start: int, end: int
) -> Line:
    lv = line_levels(text[start:end], tuple(para[start:end]), base_level)
    order = [start + i for i in display_order(lv)]
    # consecutive characters of one level and look, in display order, form a run
    runs: list[list[int]] = []
    for i in order:
        last = runs[-1] if runs else None
        step = -1 if lv[i - start] % 2 else 1
        if (
            last is not None
            and last[-1] + step == i
            and lv[last[-1] - start] == lv[i - start]
            and looks[last[-1]] is looks[i]
        ):
            last.append(i)
        else:
            runs.append([i])
    pieces: list[tuple[str, Look]] = []
    used = 0.0
    for run in runs:
        lo, hi = min(run), max(run) + 1
        look = looks[lo]
        drawn = _drawn(text[lo:hi], look, lv[lo - start] % 2 == 1)
        if drawn:
            pieces.append((drawn, look))
            used += run_width(drawn, look[0], look[1])
    return pieces, used
