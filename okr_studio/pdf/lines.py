"""Fast text blocks for plain left-to-right text, and paragraphs that wrap once per width.

Most text on a sheet is plain: every character is in one font, nothing is
right-to-left or shaped. For such text a :class:`TextBlock` does what a
ReportLab Paragraph does (break at spaces, split over-long words, split
between lines across pages) at a fraction of the cost, because there is no
markup to parse and no fragment machinery. It never reads markup, so user text
needs no escaping here: it is drawn exactly as typed.

Text that needs fallback fonts, right-to-left ordering or shaping stays a
Paragraph (:class:`WrapOnce`), which only re-breaks its lines when asked to
wrap at a new width: a table wraps every cell once to measure it and once more
to draw it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import deque
from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from okr_studio.pdf.hyphens import Hyphenator

#: How a span of text looks: (font name, font size, colour).
Look = tuple[str, float, Any]
#: A hard line (it always starts a new line): its spans, each in one look.
HardLine = Sequence[tuple[str, Look]]

_FUZZ = 1e-6
#: How much a Paragraph lets the spaces of an overfull line shrink (its style's default).
_SHRINK = 0.05
#: A word that does not fit is hyphenated when it would leave more than this share of
#: the line empty and has at least _HYPHEN_MIN letters (or is longer than a line).
_HYPHEN_ROOM = 0.3
_HYPHEN_MIN = 10


class WrapOnce(Paragraph):
    """A Paragraph that keeps its line breaks while it is wrapped at the same width."""

    _wrapped_at: float | None = None

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        # (a failed split drops the line breaks)
        if aW == self._wrapped_at and hasattr(self, "blPara"):
            return self.width, self.height
        w, h = super().wrap(aW, aH)
        self._wrapped_at = aW
        return w, h


class _Word:
    """A run of characters without a break opportunity: one or more spans."""

    __slots__ = ("parts", "width")

    def __init__(self) -> None:
        self.parts: list[tuple[str, Look]] = []
        self.width = 0.0

    def add(self, text: str, look: Look) -> None:
        self.parts.append((text, look))
        self.width += stringWidth(text, look[0], look[1])


def _words(line: HardLine) -> list[_Word]:
    """The words of a hard line; spans that touch without a space form one word."""
    words: list[_Word] = []
    glue = False  # the previous span ended inside a word
    for text, look in line:
        if not text:
            continue
        pieces = text.split()
        if not pieces:
            glue = False
            continue
        start = 0
        if glue and not text[0].isspace():
            words[-1].add(pieces[0], look)
            start = 1
        for piece in pieces[start:]:
            word = _Word()
            word.add(piece, look)
            words.append(word)
        glue = not text[-1].isspace()
    return words


def _chop(word: _Word, room: float, width: float) -> list[_Word]:
    """Cut a word wider than a line into pieces: the first fills ``room`` (what is left
    of the current line; it may be empty), the others ``width`` each."""
    out: list[_Word] = []
    current = _Word()
    limit = room
    for text, look in word.parts:
        font, size = look[0], look[1]
        for ch in text:
            w = stringWidth(ch, font, size)
            if current.width + w > limit and (current.parts or w <= width):
                out.append(current)
                current, limit = _Word(), width
            if current.parts and current.parts[-1][1] is look:
                current.parts[-1] = (current.parts[-1][0] + ch, look)
            else:
                current.parts.append((ch, look))
            current.width += w
    out.append(current)
    return out


@functools.lru_cache(maxsize=64)
def _space_width(font: str, size: float) -> float:
    return stringWidth(" ", font, size)


def _break(
    line: HardLine, width: float, hyphenate: Hyphenator | None = None
) -> list[tuple[list[_Word], float]]:
    """Greedy line breaking at spaces, as a left-aligned Paragraph does: (words, width).

    Like a Paragraph, a line may overrun ``width`` by 5 % of its spaces' widths
    (those spaces are narrowed when it is drawn), and a word longer than a line
    is cut, its first piece filling the rest of the current line. With
    ``hyphenate``, a word longer than a line, or a long word that would leave much
    of a line empty, is hyphenated at a syllable instead where one fits.
    """
    out: list[tuple[list[_Word], float]] = []
    current: list[_Word] = []
    used = 0.0
    queue = deque(_words(line))
    while queue:
        word = queue.popleft()
        look = word.parts[0][1]
        space = _space_width(look[0], look[1])
        gap = space if current else 0.0
        fits = used + gap + word.width <= width + _SHRINK * space * len(current)
        if not fits and hyphenate is not None:
            room = width - used - gap
            split = _hyphenated(word, room, width, hyphenate)
            if split is not None:
                current.append(split[0])
                out.append((current, used + gap + split[0].width))
                current, used = [], 0.0
                queue.appendleft(split[1])
                continue
        if not fits and word.width > width:
            first, *rest = _chop(word, width - used - gap, width)
            if first.parts:
                current.append(first)
                used += gap + first.width
            if current:
                out.append((current, used))
            current, used = [], 0.0
            if rest:  # (a single glyph wider than the line is one piece)
                *full, last = rest
                out.extend(([piece], piece.width) for piece in full)
                current, used = [last], last.width
        elif fits or not current:
            current.append(word)
            used += gap + word.width
        else:
            out.append((current, used))
            current, used = [word], word.width
    if current or not out:
        out.append((current, used))
    return out


def _hyphenated(
    word: _Word, room: float, width: float, hyphenate: Hyphenator
) -> tuple[_Word, _Word] | None:
    """(the start of ``word`` with a hyphen, that fits ``room``; the rest), where a
    syllable allows it and it is worth it: the word is longer than a line, or it is a
    long word that would leave more than a third of the line empty."""
    if len(word.parts) != 1:
        return None
    text, look = word.parts[0]
    if word.width <= width and (room < _HYPHEN_ROOM * width or len(text) < _HYPHEN_MIN):
        return None
    for p in reversed(hyphenate(text)):
        head_text = text[:p] if text[p - 1] == "-" else text[:p] + "-"
        if stringWidth(head_text, look[0], look[1]) <= room:
            head, tail = _Word(), _Word()
            head.add(head_text, look)
            tail.add(text[p:], look)
            return head, tail
    return None


def _spans(words: list[_Word]) -> list[tuple[str, Look]]:
    """A broken line as spans to draw: words of one look joined by single spaces."""
    spans: list[tuple[str, Look]] = []
    for i, word in enumerate(words):
        for j, (text, look) in enumerate(word.parts):
            sep = " " if i and j == 0 else ""
            if spans and spans[-1][1] == look:
                spans[-1] = (spans[-1][0] + sep + text, look)
            else:
                if sep and spans:
                    spans[-1] = (spans[-1][0] + sep, spans[-1][1])
                spans.append((text, look))
    return spans


class TextBlock(Flowable):
    """Plain left-to-right text in one or more looks, wrapped at spaces like a Paragraph.

    ``lines`` are hard lines (each starts a new line); every line is ``style.leading``
    high, and the first baseline sits one font size below the top, as in a Paragraph.
    """

    def __init__(
        self,
        lines: Sequence[HardLine],
        style: ParagraphStyle,
        hyphenate: Hyphenator | None = None,
    ) -> None:
        super().__init__()
        self.hard = [list(line) for line in lines]
        self.style = style
        #: Break points of words that do not fit (None: words are only cut when too long).
        self.hyphenate = hyphenate
        self.keepWithNext = bool(getattr(style, "keepWithNext", 0))
        self._wrapped_at: float | None = None
        #: The broken lines: (spans, room left, which is negative on an overfull line).
        self.lines: list[tuple[list[tuple[str, Look]], float]] = []

    def __repr__(self) -> str:
        text = " / ".join("".join(t for t, _look in line) for line in self.hard)
        return f"TextBlock({text[:60]!r})"

    def _lay_out(self, width: float) -> None:
        if width == self._wrapped_at:
            return
        room = width - self.style.leftIndent - self.style.rightIndent
        self.lines = [
            (_spans(words), room - used)
            for line in self.hard
            for words, used in _break(line, room, self.hyphenate)
        ]
        self._wrapped_at = width

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._lay_out(aW)
        self.width = aW
        self.height = self.style.leading * len(self.lines)
        return self.width, self.height

    def minWidth(self) -> float:
        return max(
            (w.width for line in self.hard for w in _words(line)),
            default=0.0,
        )

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Split between lines, as a Paragraph does: at the width it was last wrapped
        at, and never leaving a single line (an orphan) at the foot of a page."""
        if self._wrapped_at is None:
            self._lay_out(avail_width)
        fit = int((avail_height + _FUZZ) // self.style.leading)
        orphans = getattr(self.style, "allowOrphans", 0)
        if fit <= 0 or (fit == 1 and not orphans):
            return []
        if fit >= len(self.lines):
            return [self]
        head = TextBlock([spans for spans, _room in self.lines[:fit]], self.style)
        tail = TextBlock([spans for spans, _room in self.lines[fit:]], self.style)
        return [head, tail]

    def draw(self) -> None:
        if not self.lines:
            return
        canv, st = self.canv, self.style
        first_size = max((look[1] for _t, look in self.lines[0][0]), default=st.fontSize)
        y = self.height - first_size
        x = st.leftIndent
        current: Look | None = None
        text = canv.beginText(x, y)
        for spans, room in self.lines:
            text.setTextOrigin(x, y)
            squeeze = 0.0
            if room < -_FUZZ:
                spaces = sum(chunk.count(" ") for chunk, _look in spans)
                squeeze = room / spaces if spaces else 0.0
                text.setWordSpace(squeeze)
            for chunk, look in spans:
                if look != current:
                    text.setFont(look[0], look[1])
                    text.setFillColor(look[2])
                    current = look
                text.textOut(chunk)
            if squeeze:
                text.setWordSpace(0)
            y -= st.leading
        canv.drawText(text)


def hard_lines(text: str, look: Look) -> list[list[tuple[str, Look]]]:
    """User text as the hard lines of a TextBlock; trailing empty lines print nothing,
    as in a Paragraph."""
    text = unicodedata.normalize("NFC", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [[(line, look)] for line in lines]
