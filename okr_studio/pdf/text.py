"""User text → ReportLab paragraph markup that prints exactly what was typed.

Rules (DESIGN.md, "ReportLab paragraphs are markup"):

* every piece of user text is escaped with :func:`xml.sax.saxutils.escape`
  and its newlines become ``<br/>``: "R&D <b>x</b> &amp;" prints as typed and
  an ``<img src=…>`` stays text;
* each character is drawn with a font that has it (:mod:`okr_studio.pdf.fonts`);
  characters no installed font has are drawn as "�" and reported with the item
  they are in, so the user is told instead of getting silent boxes;
* right-to-left words (Arabic, Hebrew) are put in visual order here, line by
  line, and ReportLab shapes each word with HarfBuzz (joining, marks, mirroring);
  Indic scripts are shaped the same way (:mod:`okr_studio.pdf.bidi`);
* plain left-to-right text in one font skips the markup altogether and becomes a
  light :class:`~okr_studio.pdf.lines.TextBlock`, which never reads markup.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from okr_studio.pdf.bidi import base_direction, visual_order
from okr_studio.pdf.fonts import REGULAR, FontBook, MissingGlyphs
from okr_studio.pdf.hyphens import for_text
from okr_studio.pdf.lines import HardLine, Look, TextBlock, WrapOnce, hard_lines
from okr_studio.pdf.style import Caption

__all__ = ["MissingGlyphs", "TextMaker", "base_direction", "visual_order"]

REPLACEMENT = "\ufffd"
_PARSE_CACHE = 50_000
# Scripts whose glyphs need shaping (reordering, conjuncts, mark placement): Hebrew,
# Arabic, Syriac, Thaana, N'Ko…; Indic; Thai, Lao, Tibetan; Myanmar; Khmer; and the
# Hebrew and Arabic presentation forms.
_SHAPED = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
_RTL_CHARS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_SKIN_TONE = re.compile("[\U0001f3fb-\U0001f3ff]")
# ASCII control characters other than line breaks and tabs.
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TextMaker:
    """Builds escaped, font-tagged paragraphs for one export."""

    def __init__(
        self, book: FontBook, missing: MissingGlyphs | None = None, *, language: str = ""
    ) -> None:
        self.book = book
        #: The workshop's language ('de', 'en'; '' = each text's own) for hyphenation.
        self.language = language
        self.missing = missing if missing is not None else MissingGlyphs()
        self._styles: dict[tuple[str, bool, bool], ParagraphStyle] = {}
        self._line_styles: dict[tuple[str, float, str], ParagraphStyle] = {}
        self._parsed: dict[tuple[str, str], list[Any]] = {}
        self._has_replacement = ord(REPLACEMENT) in book.primary_cover
        self._good: dict[tuple[str, bool], set[str]] = {}

    # ---- markup ----------------------------------------------------------
    def _word_runs(self, word: str, style_font: str, item: str) -> list[tuple[str, str]]:
        runs: list[tuple[str, str]] = []
        for ch in word:
            if _SKIN_TONE.match(ch):
                continue  # a skin tone after an emoji: symbol fonts draw it as a swatch
            if self.book.covers(style_font, ch):
                font = style_font
            else:
                found = self.book.font_for(ch)
                if found is None:
                    if unicodedata.category(ch) in ("Cc", "Cf") or unicodedata.category(
                        ch
                    ).startswith("Z"):
                        continue  # invisible: nothing to draw, nothing to report
                    self.missing.note(ch, item)
                    if not self._has_replacement:
                        continue
                    found, ch = REGULAR, REPLACEMENT
                font = found
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        return runs

    @staticmethod
    def _markup_runs(runs: list[tuple[str, str]], style_font: str) -> str:
        return "".join(
            escape(text) if font == style_font else f'<font face="{font}">{escape(text)}</font>'
            for font, text in runs
        )

    def _width(self, runs: list[tuple[str, str]], size: float) -> float:
        return sum(stringWidth(text, font, size) for font, text in runs)

    def markup(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        item: str = "",
        width: float | None = None,
        base: str | None = None,
    ) -> tuple[str, bool, bool]:
        """(markup, right_to_left, needs_shaping) for user text in ``style``.

        ``base`` forces the paragraph direction ("L" for our own sentences that
        quote user text); by default the first strong character decides.
        """
        text = unicodedata.normalize("NFC", text)
        style_font = style.fontName
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if text.isascii():
            return "<br/>".join(escape(line) for line in lines), False, False
        shaping = _SHAPED.search(text) is not None
        base = base or base_direction(text)
        rtl_base = base == "R"
        out_lines: list[str] = []
        for line in lines:
            words = line.split()
            if _RTL_CHARS.search(line) is None:
                runs = self._word_runs(" ".join(words) if words else line, style_font, item)
                out_lines.append(self._markup_runs(runs, style_font))
                continue
            out_lines.extend(self._rtl_lines(words, style, item, width, base))
        return "<br/>".join(out_lines), rtl_base, shaping

    def _rtl_lines(
        self,
        words: list[str],
        style: ParagraphStyle,
        item: str,
        width: float | None,
        base: str,
    ) -> list[str]:
        """Break a line holding right-to-left words, then order each piece for display."""
        size = style.fontSize
        runs = [self._word_runs(w, style.fontName, item) for w in words]
        limit = None
        if width is not None:
            limit = 0.95 * (width - style.leftIndent - style.rightIndent)
        space = stringWidth(" ", style.fontName, size)
        pieces: list[list[int]] = [[]]
        used = 0.0
        for i, word_runs in enumerate(runs):
            w = self._width(word_runs, size)
            if limit is not None and pieces[-1] and used + space + w > limit:
                pieces.append([])
                used = 0.0
            used += (space if pieces[-1] else 0.0) + w
            pieces[-1].append(i)
        out = []
        for piece in pieces:
            order = visual_order([words[i] for i in piece], base)
            out.append(" ".join(self._markup_runs(runs[piece[j]], style.fontName) for j in order))
        return out

    # ---- paragraphs ------------------------------------------------------
    def style_for(self, style: ParagraphStyle, *, rtl: bool, shaping: bool) -> ParagraphStyle:
        if not rtl and not shaping:
            return style
        key = (style.name, rtl, shaping)
        found = self._styles.get(key)
        if found is None:
            align = style.alignment
            if rtl and align == TA_LEFT:
                align = TA_RIGHT
            found = ParagraphStyle(
                f"{style.name}-{int(rtl)}{int(shaping)}",
                parent=style,
                alignment=align,
                shaping=1 if shaping else 0,
            )
            self._styles[key] = found
        return found

    def para(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        item: str = "",
        width: float | None = None,
        lead: tuple[str, Any] | None = None,
        base: str | None = None,
        align_rtl: bool = True,
    ) -> Flowable:
        """A paragraph of user text; ``lead`` is (our own words, their colour) before it.

        Plain left-to-right text in a font that has every character becomes a
        :class:`TextBlock` (no markup at all); anything else an escaped, font-tagged
        Paragraph. A right-to-left paragraph is right-aligned unless ``align_rtl`` is
        False (headings and lists keep the page's left edge).
        """
        if style.alignment == TA_LEFT and self.plain(text, style.fontName):
            look = (style.fontName, style.fontSize, style.textColor)
            lines = hard_lines(text, look)
            if lead is not None:
                lines = lines or [[]]
                lines[0].insert(0, (lead[0], (style.fontName, style.fontSize, lead[1])))
            return TextBlock(lines, style, for_text(text, self.language))
        prefix = ""
        if lead is not None:
            base = base or "L"
            prefix = f'<font color="{lead[1].hexval()}">{escape(lead[0])}</font>'
        markup, rtl, shaping = self.markup(text, style, item=item, width=width, base=base)
        style = self.style_for(style, rtl=rtl and align_rtl, shaping=shaping)
        return self.paragraph(prefix + markup, style)

    def plain(self, text: str, font: str) -> bool:
        """True when ``font`` draws every character of ``text`` left to right as is:
        no fallback font, no right-to-left words, no shaping, no control characters."""
        if text.isascii():
            return _ASCII_CONTROL.search(text) is None
        if _SHAPED.search(text) is not None or _RTL_CHARS.search(text) is not None:
            return False
        return self._drawn_as_is(unicodedata.normalize("NFC", text), font, strict=True)

    def _drawn_as_is(self, text: str, font: str, *, strict: bool) -> bool:
        """Every character of ``text`` is in ``font`` (and, if ``strict``, none is a
        control or format character other than a line break or tab). Characters
        already checked are remembered per font."""
        good = self._good.get((font, strict))
        if good is None:
            good = self._good[(font, strict)] = set("\t\n\r") if strict else set()
        todo = set(text) - good
        covers = self.book.covers
        for ch in todo:
            if not covers(font, ch) or (strict and unicodedata.category(ch) in ("Cc", "Cf")):
                return False
            good.add(ch)
        return True

    def cell(
        self, text: str, style: ParagraphStyle, width: float, *, item: str = ""
    ) -> str | Flowable:
        """A table cell: the plain string when it fits on one line in a font that has
        every character, else a paragraph. A plain string is never parsed as markup, so
        it needs no escaping and is far cheaper to lay out; the table must set the
        cell's font to ``style``'s.
        """
        if (
            "\n" not in text
            and "\r" not in text
            and self.plain(text, style.fontName)
            and stringWidth(text, style.fontName, style.fontSize) <= width
        ):
            return unicodedata.normalize("NFC", text)
        return self.para(text, style, item=item, width=width)

    def two_part(
        self,
        head: str,
        tail: str,
        style: ParagraphStyle,
        *,
        head_look: Look | None = None,
        tail_look: Look | None = None,
        item: str = "",
        head_item: str | None = None,
        width: float | None = None,
    ) -> Flowable:
        """Two pieces of user text on separate lines, in one flowable.

        ``*_look`` is (font, size, colour) for a piece drawn unlike ``style``; the
        piece without one decides the paragraph's direction.
        """
        pieces = [
            (text, look, who)
            for text, look, who in ((head, head_look, head_item or item), (tail, tail_look, item))
            if text
        ]
        if style.alignment == TA_LEFT and all(
            self.plain(text, (look or (style.fontName,))[0]) for text, look, _who in pieces
        ):
            own = (style.fontName, style.fontSize, style.textColor)
            lines: list[HardLine] = []
            for text, look, _who in pieces:
                lines += hard_lines(text, look or own)
            return TextBlock(lines, style, for_text(f"{head} {tail}", self.language))
        parts = []
        rtl = shaping = False
        for text, look, who in pieces:
            probe = style if look is None else self._look(style, look)
            markup, is_rtl, shaped = self.markup(text, probe, item=who, width=width)
            shaping = shaping or shaped
            if look is None:
                rtl = is_rtl
                parts.append(markup)
            else:
                font, size, colour = look
                parts.append(
                    f'<font name="{font}" size="{size}" color="{colour.hexval()}">{markup}</font>'
                )
        return self.paragraph("<br/>".join(parts), self.style_for(style, rtl=rtl, shaping=shaping))

    def _look(self, style: ParagraphStyle, look: Look) -> ParagraphStyle:
        font, size, _colour = look
        key = (font, round(size, 2), "look")
        found = self._line_styles.get(key)
        if found is None:
            found = ParagraphStyle(f"look-{len(self._line_styles)}", fontName=font, fontSize=size)
            self._line_styles[key] = found
        return found

    # ---- single lines on a canvas (the overview) ------------------------------
    def simple(self, text: str, font: str) -> bool:
        """True when ``font`` draws every character as is (no fallback, shaping or bidi)."""
        return text.isascii() or (
            _SHAPED.search(text) is None and self._drawn_as_is(text, font, strict=False)
        )

    def width(self, text: str, font: str, size: float, item: str = "") -> float:
        """Printed width of ``text`` in ``font``, counting fallback fonts; characters no
        font has are reported as in ``item``."""
        if self.simple(text, font):
            return stringWidth(text, font, size)
        return self._width(self._word_runs(text, font, item), size)

    def fit(self, text: str, font: str, size: float, width: float, item: str = "") -> str:
        """The longest start of ``text`` (on one line, with "…") that fits ``width``."""
        text = " ".join(text.split())
        if self.width(text, font, size, item) <= width:
            return text
        lo, hi = 0, min(len(text), int(width / (size * 0.2)) + 1)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid] + "…", font, size, item) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def draw_line(
        self,
        canv: Any,
        text: str,
        x: float,
        y: float,
        font: str,
        size: float,
        color: Any,
        *,
        item: str = "",
    ) -> None:
        """Draw one line of user text with its baseline at ``y``."""
        if self.simple(text, font):
            canv.setFont(font, size)
            canv.setFillColor(color)
            canv.drawString(x, y, text)
            return
        key = (font, round(size, 2), color.hexval())
        style = self._line_styles.get(key)
        if style is None:
            style = ParagraphStyle(
                f"line-{len(self._line_styles)}",
                fontName=font,
                fontSize=size,
                leading=size * 1.2,
                textColor=color,
            )
            self._line_styles[key] = style
        para = self.para(text, style, item=item, base=None, align_rtl=False)
        _w, h = para.wrap(10_000, 10_000)
        para.drawOn(canv, x, y - (h - size))

    def paragraph(self, markup: str, style: ParagraphStyle) -> WrapOnce:
        """A Paragraph of safe markup, parsed once per export however often it repeats.

        The same chain of objectives prints on every sheet of a branch; ReportLab only
        reads a paragraph's parsed fragments, so paragraphs can share them.
        """
        key = (markup, style.name)
        frags = self._parsed.get(key)
        if frags is None:
            para = WrapOnce(markup, style)
            if len(self._parsed) < _PARSE_CACHE:
                self._parsed[key] = para.frags
            return para
        return WrapOnce(markup, style, frags=list(frags))

    def label(self, text: str, style: ParagraphStyle) -> Flowable:
        """Our own fixed wording: a cheap caption when it is plain ASCII, else a paragraph."""
        if text.isascii() and "\n" not in text:
            return Caption(text, style)
        return self.para(text, style, item="", base="L")
