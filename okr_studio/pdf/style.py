"""Page sizes, the level colours and the paragraph styles of the printed sheets.

The level colours are the canvas's (company blue, department amber, team
green, sub-team violet): a tint for fills and a strong tone for rules and
labels, different in lightness too so a greyscale printout keeps them apart.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from okr_studio.pdf.fonts import BOLD, ITALIC, REGULAR

PAPERS = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
# Countries whose default paper is Letter (the rest of the world uses A4).
_LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "PR", "CR"})


def default_paper() -> str:
    """'letter' where the locale's territory uses Letter paper, else 'a4'."""
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return _paper_of(value)
    try:
        value = locale.getlocale()[0] or ""
    except ValueError:
        value = ""
    return _paper_of(value)


def _paper_of(locale_name: str) -> str:
    name = locale_name.split(".")[0].replace("-", "_")
    territory = name.split("_")[1].upper() if "_" in name else ""
    return "letter" if territory in _LETTER_TERRITORIES else "a4"


@dataclass(frozen=True)
class Level:
    name: str
    tint: colors.Color
    tone: colors.Color


LEVELS = (
    Level("Company", colors.HexColor("#dce7f7"), colors.HexColor("#0b3d91")),
    Level("Department", colors.HexColor("#fde7cc"), colors.HexColor("#b45309")),
    Level("Team", colors.HexColor("#d5f0e6"), colors.HexColor("#0f766e")),
    Level("Sub-team", colors.HexColor("#ece3f5"), colors.HexColor("#6d28d9")),
)


def level_of(depth: int) -> Level:
    return LEVELS[min(depth, len(LEVELS) - 1)]


INK = colors.HexColor("#1b1b1f")
MUTED = colors.HexColor("#55575e")
RULE = colors.HexColor("#c9cbd1")
SOFT = colors.HexColor("#f3f4f6")
WARNING = colors.HexColor("#b35c00")
ERROR = colors.HexColor("#c0272d")


def _ps(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": REGULAR,
        "fontSize": 9.5,
        "leading": 12.5,
        "textColor": INK,
        "alignment": TA_LEFT,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


class Styles:
    """The paragraph styles, shared by every page."""

    eyebrow = _ps("eyebrow", fontSize=8, leading=10, textColor=MUTED)
    title = _ps("title", fontName=BOLD, fontSize=20, leading=24, spaceAfter=2)
    meta = _ps("meta", fontSize=9, leading=12, textColor=MUTED)
    h2 = _ps(
        "h2", fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4, keepWithNext=1
    )
    h3 = _ps(
        "h3", fontName=BOLD, fontSize=9, leading=11, textColor=MUTED, spaceAfter=2, keepWithNext=1
    )
    body = _ps("body")
    small = _ps("small", fontSize=8, leading=10)
    small_muted = _ps("small_muted", fontSize=8, leading=10, textColor=MUTED)
    cell = _ps("cell", fontSize=8.5, leading=10.5)
    cell_bold = _ps("cell_bold", fontName=BOLD, fontSize=8.5, leading=10.5)
    cell_muted = _ps("cell_muted", fontSize=7.5, leading=9.5, textColor=MUTED)
    head = _ps("head", fontName=BOLD, fontSize=7.5, leading=9, textColor=MUTED)
    chain_label = _ps("chain_label", fontName=BOLD, fontSize=7.5, leading=9)
    chain_text = _ps("chain_text", fontSize=9, leading=11.5)
    chain_team = _ps("chain_team", fontName=BOLD, fontSize=10.5, leading=13.5)
    objective = _ps("objective", fontName=BOLD, fontSize=15, leading=19, spaceAfter=2)
    finding = _ps("finding", fontSize=8.5, leading=11)
    hint = _ps("hint", fontName=ITALIC, fontSize=8, leading=10, textColor=MUTED)
    cover_title = _ps("cover_title", fontName=BOLD, fontSize=30, leading=36)
    cover_sub = _ps("cover_sub", fontSize=14, leading=19, textColor=MUTED)
    toc = _ps("toc", fontSize=10, leading=13)
    toc_group = _ps("toc_group", fontName=BOLD, fontSize=10.5, leading=13)
    right = _ps("right", fontSize=8.5, leading=10.5, alignment=TA_RIGHT)


class Grid(Table):
    """A table whose plain cells use the embedded font (the default would be Helvetica),
    and whose rows may split across pages (a row taller than a page would otherwise
    raise LayoutError: any name or title can be 10,000 characters long)."""

    _measured_at: float | None = None
    # Set by Table as it measures (ReportLab's type stubs leave them out).
    _hmax: int
    _nrows: int
    _argW: list[float | None]
    _width: float
    _height: float

    def __init__(self, *args: Any, **kw: Any) -> None:
        kw.setdefault("splitInRow", 1)
        super().__init__(*args, **kw)
        self.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)]))

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """Measure once per width: with fixed column widths the size depends on the
        height offered only while some rows are left unmeasured (ReportLab stops
        measuring a long table once it overflows the space)."""
        if aW == self._measured_at and self._hmax == self._nrows and None not in self._argW:
            self.availWidth = aW
            return self._width, self._height
        size = super().wrap(aW, aH)
        self._measured_at = aW
        return size


class Caption(Flowable):
    """Our own short wording (never user text), drawn without paragraph parsing.

    Much cheaper than a Paragraph, which matters on a 1,000-page booklet; wraps
    at spaces when the line is too long.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.lines = [text]
        self.keepWithNext = bool(getattr(style, "keepWithNext", 0))

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        st = self.style
        self.lines = []
        current = ""
        for word in self.text.split(" "):
            trial = f"{current} {word}" if current else word
            if current and stringWidth(trial, st.fontName, st.fontSize) > aW:
                self.lines.append(current)
                current = word
            else:
                current = trial
        self.lines.append(current)
        self.width = aW
        self.height = st.leading * len(self.lines)
        return (aW, self.height)

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def draw(self) -> None:
        st, canv = self.style, self.canv
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        y = self.height - st.fontSize
        for line in self.lines:
            canv.drawString(0, y, line)
            y -= st.leading
