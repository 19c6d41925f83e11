"""Page machinery: the document template, "page x of y" footers, markers and bookmarks.

The canvas keeps every page until the end (like a two-pass build, without
laying the text out twice), so the footer can say "page x of y" and the
contents page, drawn last onto its reserved page, can give page numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from okr_studio.errors import OkrError
from okr_studio.pdf.fonts import REGULAR
from okr_studio.pdf.style import MARGIN, MUTED, RULE

FOOTER_SIZE = 7.5


class ExportCancelled(OkrError):
    """The user cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled; no file was written.")


@dataclass
class PageLog:
    """What the build learned about pages: where each marker landed."""

    pages: dict[str, int] = field(default_factory=dict)
    #: Drawn onto a page once every page exists: page number → painter(canvas, total).
    late: dict[int, Callable[[Canvas, int], None]] = field(default_factory=dict)
    #: Called with the page count once every page exists, before the late painters run.
    before_save: Callable[[int], None] | None = None
    #: The page count, known once the document is saved.
    total: int = 0


class Marker(Flowable):
    """Zero-size flowable: records its page, optionally adds a bookmark, reports progress."""

    def __init__(
        self,
        log: PageLog,
        key: str,
        *,
        outline: tuple[str, int] | None = None,
        tick: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.log = log
        self.key = key
        self.outline = outline
        self.tick = tick
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        canv = self.canv
        self.log.pages.setdefault(self.key, canv.getPageNumber())
        if self.outline is not None:
            title, level = self.outline
            canv.bookmarkPage(self.key)
            canv.addOutlineEntry(title, self.key, level=level, closed=level >= 1)
        if self.tick is not None:
            self.tick()


def canvas_class(log: PageLog, footer_left: str) -> type[Canvas]:
    """A canvas that numbers pages "page x of y" and paints late pages at the end."""

    class SheetCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # The default (Helvetica) would add a non-embedded base-14 font to the file.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or REGULAR
            super().__init__(*args, **kwargs)
            self._kept: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept)
            log.total = total
            if log.before_save is not None:
                log.before_save(total)
            for state in self._kept:
                self.__dict__.update(state)
                page = self.getPageNumber()
                painter = log.late.get(page)
                if painter is not None:
                    painter(self, total)
                self._footer(page, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, page: int, total: int) -> None:
            width, _height = self._pagesize
            y = MARGIN * 0.55
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 10, width - MARGIN, y + 10)
            self.setFillColor(MUTED)
            self.setFont(REGULAR, FOOTER_SIZE)
            self.drawRightString(width - MARGIN, y, f"Page {page} of {total}")
            self.restoreState()
            if footer_left:
                _draw_footer_text(self, footer_left, MARGIN, y, width - 2 * MARGIN - 80)

    return SheetCanvas


def _draw_footer_text(canv: Canvas, markup: str, x: float, y: float, width: float) -> None:
    from reportlab.platypus import Paragraph

    from okr_studio.pdf.style import Styles

    para = Paragraph(markup, Styles.small_muted)
    _w, h = para.wrap(width, 20)
    para.drawOn(canv, x, y - 2 - (h - Styles.small_muted.leading))


class SheetDoc(BaseDocTemplate):
    """A portrait document with one frame inside the margins."""

    def __init__(self, target: Any, *, pagesize: tuple[float, float], **kw: Any) -> None:
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 8,
            creator="OKR Studio",
            producer="OKR Studio (ReportLab)",
            **kw,
        )
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
