"""User text → ReportLab paragraph markup that prints exactly what was typed.

Rules (docs/architecture.md, "Traps this code steps around"):

* every piece of user text is escaped with :func:`xml.sax.saxutils.escape`
  and its newlines become ``<br/>``: "R&D <b>x</b> &amp;" prints as typed and
  an ``<img src=…>`` stays text;
* each character is drawn with a font that has it (:mod:`okr_studio.pdf.fonts`);
  characters no installed font has are drawn as "�" and reported with the item
  they are in, so the user is told instead of getting silent boxes;
* text with right-to-left or shaped scripts (Arabic, Hebrew, Indic…) becomes a
  :class:`~okr_studio.pdf.bidiblock.BidiBlock`: the full Unicode bidi algorithm
  (python-bidi), runs shaped by HarfBuzz in their own direction, no markup;
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

from okr_studio.pdf.bidi import base_direction, visual
from okr_studio.pdf.bidiblock import BidiBlock
from okr_studio.pdf.fonts import REGULAR, FontBook, MissingGlyphs
from okr_studio.pdf.hyphens import for_text
from okr_studio.pdf.lines import HardLine, Look, TextBlock, WrapOnce, hard_lines
from okr_studio.pdf.style import Caption
from okr_studio.pdf.textline import CanvasLines

__all__ = ["BidiBlock", "MissingGlyphs", "TextMaker", "base_direction"]

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


class TextMaker(CanvasLines):
    """Builds escaped, font-tagged paragraphs for one export."""

    def __init__(
        self, book: FontBook, missing: MissingGlyphs | None = None, *, language: str = ""
    ) -> None:
        self.book = book
        #: The workshop's language ('de', 'en'; '' = each text's own) for hyphenation.
        self.language = language
        self.missing = missing if missing is not None else MissingGlyphs()
        self._styles: dict[str, ParagraphStyle] = {}
        self._line_styles: dict[tuple[str, float, str], ParagraphStyle] = {}
        self._parsed: dict[tuple[str, str], list[Any]] = {}
        self._has_replacement = ord(REPLACEMENT) in book.primary_cover
        self._good: dict[tuple[str, bool], set[str]] = {}
        self._looks: dict[tuple[str, float, int], Look] = {}

    # ---- markup ----------------------------------------------------------
    def _word_runs(
        self, word: str, style_font: str, item: str, *, keep_invisible: bool = False
    ) -> list[tuple[str, str]]:
        """``word`` as (font, text) runs; invisible format characters are dropped, or, with
        ``keep_invisible`` (they steer the bidi algorithm), kept in the style's font."""
        runs: list[tuple[str, str]] = []
        for ch in word:
            if _SKIN_TONE.match(ch):
                continue  # a skin tone after an emoji: symbol fonts draw it as a swatch
            if self.book.covers(style_font, ch) or (
                keep_invisible and unicodedata.category(ch) == "Cf"
            ):
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
        base: str | None = None,
    ) -> tuple[str, bool]:
        """(markup, right_to_left) for one or a few lines of user text in ``style``, for a
        Paragraph (the page footers). A line holding right-to-left text is put in display
        order here, unshaped; text to be read is laid out by :meth:`para` instead.

        ``base`` forces the paragraph direction ("L" for our own sentences that
        quote user text); by default the first strong character decides.
        """
        text = unicodedata.normalize("NFC", text)
        style_font = style.fontName
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if text.isascii():
            return "<br/>".join(escape(line) for line in lines), False
        base = base or base_direction(text)
        out_lines: list[str] = []
        for line in lines:
            line = " ".join(line.split()) or line
            if _RTL_CHARS.search(line) is not None:
                line = visual(line, base)
            out_lines.append(self._markup_runs(self._word_runs(line, style_font, item), style_font))
        return "<br/>".join(out_lines), base == "R"

    # ---- paragraphs ------------------------------------------------------
    def style_for(self, style: ParagraphStyle, *, rtl: bool) -> ParagraphStyle:
        if not rtl:
            return style
        found = self._styles.get(style.name)
        if found is None:
            align = TA_RIGHT if style.alignment == TA_LEFT else style.alignment
            found = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=align)
            self._styles[style.name] = found
        return found

    @staticmethod
    def needs_bidi(text: str) -> bool:
        """Text with right-to-left characters or characters that must be shaped."""
        return _RTL_CHARS.search(text) is not None or _SHAPED.search(text) is not None

    def _look_of(self, font: str, size: float, colour: Any) -> Look:
        """One tuple per look, so that runs of one look are told apart by identity."""
        return self._looks.setdefault((font, size, id(colour)), (font, size, colour))

    def _bidi_lines(self, text: str, look: Look, item: str) -> list[list[tuple[str, Look]]]:
        """Hard lines of (text, look) runs in logical order, each run in a font that has
        its characters (invisible bidi controls kept)."""
        out: list[list[tuple[str, Look]]] = []
        for (line, _own_look), *_rest in hard_lines(text, look):
            runs = self._word_runs(line, look[0], item, keep_invisible=True)
            out.append([(t, self._look_of(font, look[1], look[2])) for font, t in runs])
        return out

    def _bidi_block(
        self,
        pieces: list[tuple[str, Look, str]],
        style: ParagraphStyle,
        *,
        base: str | None,
        deciding: str,
        align_rtl: bool,
    ) -> BidiBlock:
        """A BidiBlock of (text, look, item) pieces, each starting a new line; ``deciding``
        is the text whose direction aligns the block (right-to-left: at the right)."""
        lines: list[list[tuple[str, Look]]] = []
        for text, look, item in pieces:
            lines += self._bidi_lines(text, look, item)
        right = style.alignment == TA_RIGHT or (
            align_rtl and style.alignment == TA_LEFT and (base or base_direction(deciding)) == "R"
        )
        return BidiBlock(lines, style, base=base, align_right=right)

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
        :class:`TextBlock` (no markup at all); right-to-left or shaped text a
        :class:`BidiBlock` (no markup either); other text (fallback fonts) an escaped,
        font-tagged Paragraph. A right-to-left paragraph is right-aligned unless
        ``align_rtl`` is False (headings and lists keep the page's left edge).
        """
        if style.alignment == TA_LEFT and self.plain(text, style.fontName):
            look = (style.fontName, style.fontSize, style.textColor)
            lines = hard_lines(text, look)
            if lead is not None:
                lines = lines or [[]]
                lines[0].insert(0, (lead[0], (style.fontName, style.fontSize, lead[1])))
            return TextBlock(lines, style, for_text(text, self.language))
        if self.needs_bidi(text):
            look = self._look_of(style.fontName, style.fontSize, style.textColor)
            pieces = [(text, look, item)]
            if lead is None:
                return self._bidi_block(
                    pieces, style, base=base, deciding=text, align_rtl=align_rtl
                )
            # our own words before user text: a left-to-right sentence quoting it
            block = self._bidi_block(pieces, style, base=base or "L", deciding="", align_rtl=False)
            lead_look = self._look_of(style.fontName, style.fontSize, lead[1])
            block.hard = block.hard or [[]]
            block.hard[0].insert(0, (lead[0], lead_look))
            return block
        prefix = ""
        if lead is not None:
            base = base or "L"
            prefix = f'<font color="{lead[1].hexval()}">{escape(lead[0])}</font>'
        markup, rtl = self.markup(text, style, item=item, base=base)
        style = self.style_for(style, rtl=rtl and align_rtl)
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
        return self.para(text, style, item=item)

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
        own = self._look_of(style.fontName, style.fontSize, style.textColor)
        if any(self.needs_bidi(text) for text, _look, _who in pieces):
            deciding = next((text for text, look, _who in pieces if look is None), "")
            looked = [
                (text, self._look_of(*look) if look else own, who) for text, look, who in pieces
            ]
            return self._bidi_block(looked, style, base=None, deciding=deciding, align_rtl=True)
        parts = []
        for text, look, who in pieces:
            probe = style if look is None else self._look(style, look)
            markup, _rtl = self.markup(text, probe, item=who)
            if look is None:
                parts.append(markup)
            else:
                font, size, colour = look
                parts.append(
                    f'<font name="{font}" size="{size}" color="{colour.hexval()}">{markup}</font>'
                )
        return self.paragraph("<br/>".join(parts), style)

    def _look(self, style: ParagraphStyle, look: Look) -> ParagraphStyle:
        font, size, _colour = look
        key = (font, round(size, 2), "look")
        found = self._line_styles.get(key)
        if found is None:
            found = ParagraphStyle(f"look-{len(self._line_styles)}", fontName=font, fontSize=size)
            self._line_styles[key] = found
        return found

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
