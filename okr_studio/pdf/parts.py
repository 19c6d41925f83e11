"""A document laid out in parts, each a PDF of its own, joined into one file at the end.

ReportLab keeps every page of a document until it is saved, and a story holds
every flowable until it is laid out. A booklet of thousands of teams is
therefore laid out part by part: :meth:`Parts.add` lays out one part's story
(its flowables made just before) and keeps only the finished PDF bytes, so
memory holds one part's layout at a time plus the compact parts.
:meth:`Parts.write` then draws what only the whole document knows (the page
count, the contents' page numbers) and joins everything into one file
(:mod:`okr_studio.pdf.join`) with one outline and "page x of y" throughout.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from okr_studio.pdf.fonts import REGULAR
from okr_studio.pdf.join import OutlineEntry, join
from okr_studio.pdf.pages import TOTAL_FORM, PageLog, SheetDoc, canvas_class, draw_total

__all__ = ["Parts", "with_steps"]


class _Step(Flowable):
    """Zero-size: one step of progress where it is laid out."""

    def __init__(self, tick: Any) -> None:
        super().__init__()
        self.tick = tick
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.tick()


def with_steps(story: list[Flowable], tick: Any) -> list[Flowable]:
    """``story`` with a step of progress after each overview page (a large overview is
    hundreds of pages); ``tick.total`` grows by as many steps."""
    from okr_studio.pdf.overview_page import OverviewPage

    out: list[Flowable] = []
    for flowable in story:
        out.append(flowable)
        if isinstance(flowable, OverviewPage):
            out.append(_Step(tick))
            tick.total += 1
    return out


class Parts:
    """The parts of one document, laid out in reading order."""

    def __init__(self, log: PageLog, *, pagesize: tuple[float, float], footer: str, **meta: Any):
        log.outline = []
        log.offset = log.total = 0
        self.log = log
        self.pagesize = pagesize
        self.footer = footer
        self.meta = meta
        self.parts: list[bytes] = []

    def geometry(self) -> SheetDoc:
        """A document template of the parts' size (for the frame's width and height)."""
        return SheetDoc(io.BytesIO(), pagesize=self.pagesize, **self.meta)

    def add(self, story: list[Flowable]) -> None:
        """Lay out one part: it starts on a new page and ends with its last flowable."""
        while story and isinstance(story[-1], PageBreak | NextPageTemplate):
            story.pop()
        if not story:
            return
        buffer = io.BytesIO()
        doc = SheetDoc(buffer, pagesize=self.pagesize, **self.meta)
        doc.build(story, canvasmaker=canvas_class(self.log, self.footer))
        self.log.offset = self.log.total  # the canvas counted this part's pages
        self.parts.append(buffer.getvalue())

    @property
    def pages(self) -> int:
        return self.log.total

    def late_forms(self) -> bytes:
        """A PDF whose one page uses every late form, drawn now that the pages are known."""
        log, total = self.log, self.log.total
        if log.before_save is not None:
            log.before_save(total)
        buffer = io.BytesIO()
        # ReportLab's stub types the initial font's name as a number; it is a name.
        canv = Canvas(
            buffer,
            pagesize=self.pagesize,
            initialFontName=REGULAR,  # pyright: ignore[reportArgumentType]
        )
        for name, painter in log.forms.items():
            canv.beginForm(name)
            painter(canv, total)
            canv.endForm()
        draw_total(canv, total)
        for name in [*log.forms, TOTAL_FORM]:
            canv.doForm(name)
        canv.showPage()
        canv.save()
        return buffer.getvalue()

    def write(self, fh: BinaryIO, tick: Callable[[], None] | None = None) -> int:
        """Join the parts into ``fh``; returns the page count."""
        log = self.log
        entries = [
            OutlineEntry(title, level, closed, log.pages[key], log.places.get(key))
            for title, key, level, closed in log.outline or []
        ]
        dests = {key: (page, log.places.get(key)) for key, page in log.pages.items()}
        return join(self.parts, self.late_forms(), fh, outline=entries, dests=dests, tick=tick)
