"""Single lines of user text drawn straight on a canvas (the overview's cards).

A mix-in of :class:`~okr_studio.pdf.text.TextMaker`: measuring, shortening with
"…" and drawing one line, with fallback fonts and right-to-left text handled as
in the rest of the export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from okr_studio.pdf.bidiblock import NEEDS_SHAPING

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


class CanvasLines:
    """Uses the TextMaker's ``_drawn_as_is``, ``_word_runs``, ``_width`` and ``para``."""

    _line_styles: dict[tuple[str, float, str], ParagraphStyle]

    if TYPE_CHECKING:  # what the TextMaker provides

        def _drawn_as_is(self, text: str, font: str, *, strict: bool) -> bool: ...
        def _word_runs(
            self, word: str, style_font: str, item: str, *, keep_invisible: bool = False
        ) -> list[tuple[str, str]]: ...
        def _width(self, runs: list[tuple[str, str]], size: float) -> float: ...
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
        ) -> Flowable: ...

    def simple(self, text: str, font: str) -> bool:
        """True when ``font`` draws every character as is (no fallback, shaping or bidi)."""
        return text.isascii() or (
            NEEDS_SHAPING.search(text) is None and self._drawn_as_is(text, font, strict=False)
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
