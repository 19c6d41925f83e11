"""Page machinery: the document template, "page x of y" footers, markers and bookmarks.

Pages are written as they are laid out (the text is laid out once). What is
only known at the end, the page count in "page x of y" and the page numbers of
the contents, is drawn into PDF form XObjects that the pages reference early
and that are defined when the document is saved.

A document laid out in parts (:mod:`okr_studio.pdf.parts`) uses one
:class:`PageLog` for all of them: ``offset`` is the number of pages before the
part, so page numbers and markers count from the start of the whole document;
bookmarks are collected in ``outline`` (the parts are joined with one outline),
and each part leaves its late forms empty (the joined file gets them filled).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
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
    """What the build learned about pages: where each marker landed, and late drawings."""

    pages: dict[str, int] = field(default_factory=dict)
    #: Form XObjects drawn once every page exists (a page shows them where a LateForm
    #: stood): name → painter(canvas, page count), drawn in the LateForm's coordinates.
    forms: dict[str, Callable[[Canvas, int], None]] = field(default_factory=dict)
    #: Sizes of the LateForm placeholders, by form name.
    form_sizes: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: Called with the page count once every page exists, before the forms are drawn.
    before_save: Callable[[int], None] | None = None
    #: The page count, known once the document is saved.
    total: int = 0
    #: Markup naming what the current pages show, for their footer (set by Markers).
    section: str = ""
    #: Laid out in parts: pages before the current part, and the bookmarks of all parts
    #: as (title, marker key, level, closed); None = one document, bookmarked as it goes.
    offset: int = 0
    outline: list[tuple[str, str, int, bool]] | None = None
    #: Bookmarks that point at a place on their page (the overview's trees): key → (x, y).
    places: dict[str, tuple[float, float]] = field(default_factory=dict)


def bookmark(
    log: PageLog,
    canv: Canvas,
    key: str,
    outline: tuple[str, int] | None,
    *,
    closed: bool,
    at: tuple[float, float] | None = None,
) -> None:
    """Record where ``key`` is (the page, and the height of ``at`` if given) and add its
    bookmark, to this document or, laid out in parts, to the joined file's outline."""
    log.pages.setdefault(key, canv.getPageNumber() + log.offset)
    if outline is None:
        return
    title, level = outline
    if log.outline is not None:
        if at is not None:
            x, y = canv.absolutePosition(*at)
            log.places[key] = (x, y)
        log.outline.append((title, key, level, closed))
        return
    if at is not None:
        canv.bookmarkHorizontal(key, *at)
    else:
        canv.bookmarkPage(key)
    canv.addOutlineEntry(title, key, level=level, closed=closed)


class LateForm(Flowable):
    """Fills the rest of the frame with a form that is drawn when the page count is known."""

    def __init__(self, log: PageLog, name: str) -> None:
        super().__init__()
        self.log, self.name = log, name

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.log.form_sizes[self.name] = (aW, aH - 1)
        return (aW, aH - 1)

    def draw(self) -> None:
        self.canv.doForm(self.name)


class Marker(Flowable):
    """Zero-size flowable: records its page, optionally adds a bookmark, reports progress."""

    def __init__(
        self,
        log: PageLog,
        key: str,
        *,
        outline: tuple[str, int] | None = None,
        tick: Callable[[], None] | None = None,
        section: str | None = None,
    ) -> None:
        super().__init__()
        self.log = log
        self.key = key
        self.outline = outline
        self.tick = tick
        #: Markup naming what the following pages show, for their footer ("" clears it).
        self.section = section
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        canv = self.canv
        closed = self.outline is not None and self.outline[1] >= 1
        bookmark(self.log, canv, self.key, self.outline, closed=closed)
        if self.section is not None:
            self.log.section = self.section
        if self.tick is not None:
            self.tick()


TOTAL_FORM = "okrPageTotal"


def canvas_class(log: PageLog, footer_left: str) -> type[Canvas]:
    """A canvas whose footer says "page x of y": y is a form drawn once it is known."""

    class SheetCanvas(Canvas):
        # Canvas's own state (ReportLab's type stubs leave them out): the current
        # page's drawing operations, and the page size.
        _code: list[str]
        _pagesize: tuple[float, float]

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # The default (Helvetica) would add a non-embedded base-14 font to the file.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or REGULAR
            super().__init__(*args, **kwargs)
            self._pages = 0
            log.section = ""

        def showPage(self) -> None:
            self._pages += 1
            self._footer(self._pages + log.offset)
            super().showPage()

        def save(self) -> None:
            if self._code:
                self.showPage()
            if log.outline is not None:  # a part: its late forms are filled when joined
                log.total = log.offset + self._pages
                for name in [*log.forms, TOTAL_FORM]:
                    self.beginForm(name)
                    self.endForm()
                super().save()
                return
            log.total = total = self._pages
            if log.before_save is not None:
                log.before_save(total)
            for name, painter in log.forms.items():
                self.beginForm(name)
                painter(self, total)
                self.endForm()
            draw_total(self, total)
            super().save()

        def _footer(self, page: int) -> None:
            width, _height = self._pagesize
            y = MARGIN * 0.55
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 10, width - MARGIN, y + 10)
            self.setFillColor(MUTED)
            self.setFont(REGULAR, FOOTER_SIZE)
            # "Page x of y" starts at a fixed place (y is only known at the end).
            text = f"Page {page} of "
            x = width - MARGIN - stringWidth("Page 0000 of 0000", REGULAR, FOOTER_SIZE)
            self.drawString(x, y, text)
            self.translate(x + stringWidth(text, REGULAR, FOOTER_SIZE), y)
            self.doForm(TOTAL_FORM)
            self.restoreState()
            text = "  ·  ".join(t for t in (footer_left, log.section) if t)
            if text:
                _draw_footer_text(self, text, MARGIN, y, width - 2 * MARGIN - 90)

    return SheetCanvas


def draw_total(canv: Canvas, total: int) -> None:
    """Define the form that shows the page count in every footer."""
    canv.beginForm(TOTAL_FORM)
    canv.setFillColor(MUTED)
    canv.setFont(REGULAR, FOOTER_SIZE)
    canv.drawString(0, 0, str(total))
    canv.endForm()


def _draw_footer_text(canv: Canvas, markup: str, x: float, y: float, width: float) -> None:
    from reportlab.platypus import Paragraph

    from okr_studio.pdf.style import Styles

    # Every page of a team has the same footer: lay it out once, draw it on each.
    cache: dict[tuple[str, float], tuple[Any, float]] = canv.__dict__.setdefault("_okr_footers", {})
    found = cache.get((markup, width))
    if found is None:
        para = Paragraph(markup, Styles.small_muted)
        _w, h = para.wrap(width, 20)
        found = cache[(markup, width)] = (para, h)
    para, h = found
    para.drawOn(canv, x, y - 2 - (h - Styles.small_muted.leading))


class SheetDoc(BaseDocTemplate):
    """Portrait pages with one frame inside the margins, and landscape pages ("wide")
    for the overview, whose trees grow from left to right."""

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
        wide = (max(pagesize), min(pagesize))
        #: The frame size of a landscape page.
        self.wide_size = (
            wide[0] - self.leftMargin - self.rightMargin,
            wide[1] - self.topMargin - self.bottomMargin,
        )
        self.addPageTemplates(
            [
                PageTemplate(id="page", frames=[self._frame(self.width, self.height)]),
                PageTemplate(id="wide", frames=[self._frame(*self.wide_size)], pagesize=wide),
            ]
        )

    def _frame(self, width: float, height: float) -> Frame:
        return Frame(
            self.leftMargin,
            self.bottomMargin,
            width,
            height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
