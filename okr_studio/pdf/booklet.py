"""Assemble a document: cover, contents, overview and team sheets, with bookmarks.

The booklet is laid out in parts (:mod:`okr_studio.pdf.parts`): the front matter,
then the team sheets a few hundred objectives at a time, each part's flowables
made just before it is laid out; the parts are joined when the file is written
(:meth:`Built.write`). Memory holds one part's layout at a time, so a booklet of
ten thousand objectives costs little more memory than one of a thousand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

from okr_studio.data import InfoData, WorkshopData
from okr_studio.pdf.context import SheetContext
from okr_studio.pdf.fonts import font_book
from okr_studio.pdf.pages import ExportCancelled, LateForm, Marker, PageLog
from okr_studio.pdf.parts import Parts, with_steps
from okr_studio.pdf.room import agenda_block, decision_log, has_decision_log
from okr_studio.pdf.sheet import team_sheet
from okr_studio.pdf.style import MUTED, PAPERS, RULE, Grid, Styles, level_of
from okr_studio.pdf.text import MissingGlyphs, TextMaker

Progress = Callable[[int, int], bool]
_TOC_LINE = 17.0
#: About this many objectives' sheets are laid out as one part of a booklet.
PART_OBJECTIVES = 400


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sheet_units(data: WorkshopData, teams: Sequence[int] | None = None) -> list[int]:
    """Units that get a sheet, in tree order: every unit that has objectives.

    With ``teams``, exactly those units (in tree order), whatever their level.
    """
    if teams is not None:
        wanted = set(teams)
        return [u.id for u in data.walk_units() if u.id in wanted]
    return [u.id for u in data.walk_units() if data.objectives_of(u.id)]


@dataclass
class Job:
    data: WorkshopData
    units: list[int]
    paper: str
    footer_name: str
    with_findings: bool = False
    booklet: bool = True
    progress: Progress | None = None
    #: Only some teams were asked for: the overview shows their part of the tree, and a
    #: single team gets its sheet alone (its chain is on the sheet).
    subset: bool = False
    #: The language of the workshop's text ('de', 'en'), for hyphenation; '' = the
    #: workshop's own setting, else each text's own language.
    language: str = ""
    export_date: dt.date = field(default_factory=dt.date.today)


@dataclass
class Built:
    """A laid-out document: whole (``pdf``), or in ``parts`` joined as it is written."""

    pdf: bytes
    pages: int
    missing: MissingGlyphs
    parts: Parts | None = None
    tick: Callable[[], None] | None = None

    def write(self, fh: BinaryIO) -> None:
        """Write the document to ``fh`` (joining its parts; the tick may cancel)."""
        if self.parts is None:
            fh.write(self.pdf)
        else:
            self.parts.write(fh, self.tick)


class _Ticker:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0

    def __call__(self) -> None:
        self.done += 1
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise ExportCancelled()


def _findings(data: WorkshopData) -> dict[tuple[str, int], list[Any]]:
    from okr_studio import coach  # imported late: the export works without it
    from okr_studio.numbers import locale_of

    out: dict[tuple[str, int], list[Any]] = {}
    for f in coach.check(data, default_language=locale_of().language):
        if f.is_open:
            out.setdefault((f.item_kind, f.item_id), []).append(f)
    return out


def cover_facts(tm: TextMaker, facts: list[tuple[str, str]], width: float) -> Flowable:
    """The cover's table of facts (label, value), leaving out those without a value."""
    rows = [
        [tm.label(k, Styles.head), tm.para(v, Styles.body, item="Workshop details")]
        for k, v in facts
        if v
    ]
    table = Grid(rows, colWidths=[40 * mm, width - 40 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def cover_heading(tm: TextMaker, info: InfoData, width: float, eyebrow: str) -> list[Flowable]:
    """The cover's eyebrow, the workshop's name and its cycle."""
    return [
        tm.label(eyebrow, Styles.eyebrow),
        Spacer(1, 6),
        tm.para(
            info.name or "Workshop",
            Styles.cover_title,
            item="Workshop details",
            width=width,
            align_rtl=False,
        ),
        Spacer(1, 4),
        tm.para(
            info.cycle, Styles.cover_sub, item="Workshop details", width=width, align_rtl=False
        ),
        Spacer(1, 30),
    ]


def _cover(job: Job, tm: TextMaker, width: float, height: float) -> list[Flowable]:
    data, info = job.data, job.data.info
    n_obj = sum(len(data.objectives_of(u)) for u in job.units)
    n_kr = sum(len(data.key_results_of(o.id)) for u in job.units for o in data.objectives_of(u))
    facts = [
        ("Cycle", info.cycle),
        ("Workshop date", info.date.isoformat() if info.date else ""),
        ("Facilitator", info.facilitator),
        ("Teams", str(len(job.units))),
        ("Objectives", str(n_obj)),
        ("Key results", str(n_kr)),
        ("Exported", job.export_date.isoformat()),
    ]
    table = cover_facts(tm, facts, width)
    band = Grid([[""] * 3], colWidths=[width / 3] * 3, rowHeights=[6])
    band.setStyle(TableStyle([("BACKGROUND", (i, 0), (i, 0), level_of(i).tone) for i in range(3)]))
    return [
        Spacer(1, height * 0.18),
        band,
        Spacer(1, 18),
        *cover_heading(tm, info, width, "OKR ALIGNMENT SHEETS"),
        table,
        *agenda_block(tm, data, width),
        PageBreak(),
    ]


def _toc_entries(data: WorkshopData, units: list[int]) -> list[tuple[str, str, int]]:
    """(page key, label, depth) in reading order: the overview, then every sheet with
    the groups above it."""
    out: list[tuple[str, str, int]] = [("overview", "Overview of the tree", 0)]
    if has_decision_log(data):
        out.append(("decisions", "Decision log", 0))
    shown: set[int] = set()
    for unit_id in units:
        for unit in [*reversed(data.unit_ancestors(unit_id)), data.units[unit_id]]:
            if unit.id not in shown:
                shown.add(unit.id)
                name = unit.name or "(unnamed unit)"
                out.append((f"unit-{unit.id}", name, data.unit_depth(unit.id)))
    return out


def _toc_pages(job: Job, tm: TextMaker, log: PageLog, height: float) -> list[Flowable]:
    """Reserved contents pages; their text is drawn once every page number is known."""
    entries = _toc_entries(job.data, job.units)
    per_page = max(int((height - 50) // _TOC_LINE), 1)
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    story: list[Flowable] = [Marker(log, "contents", outline=("Contents", 0), section="Contents")]
    for n, chunk in enumerate(chunks):
        name = f"okrContents{n}"
        log.forms[name] = _toc_painter(job, tm, log, name, chunk, first=n == 0)
        story += [LateForm(log, name), PageBreak()]
    return story


def _toc_painter(
    job: Job,
    tm: TextMaker,
    log: PageLog,
    name: str,
    chunk: list[tuple[str, str, int]],
    *,
    first: bool,
) -> Callable[[Canvas, int], None]:
    def paint(canv: Canvas, _total: int) -> None:
        width, height = log.form_sizes.get(name, (0.0, 0.0))
        y = height
        if first:
            canv.setFont(Styles.h2.fontName, Styles.h2.fontSize)
            canv.setFillColor(Styles.h2.textColor)
            canv.drawString(0, y - Styles.h2.fontSize, "Contents")
        y -= 40
        for key, text, depth in chunk:
            page = log.pages.get(key)
            indent = 12 * max(depth - 1, 0)
            style = Styles.toc_group if depth <= 1 else Styles.toc
            text_w = width - indent - 40
            label = _fit_line(tm, text, style, text_w)
            tm.draw_line(canv, label, indent, y, style.fontName, style.fontSize, style.textColor)
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(MUTED)
            canv.drawRightString(width, y, str(page or ""))
            y -= _TOC_LINE

    return paint


def _fit_line(tm: TextMaker, text: str, style: Any, width: float) -> str:
    return tm.fit(text, style.fontName, style.fontSize, width)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while a document is laid out.

    Laying out creates hundreds of thousands of short-lived objects, and with the
    default threshold the collector walks the whole heap over and over: about a
    sixth of the export time. Nothing is kept from collection, only batched.
    """
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 50_000), old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def build(job: Job) -> Built:
    """Lay out the whole document into memory; raises ExportCancelled when cancelled."""
    with fewer_collections():
        return _build(job)


def _chunks(job: Job) -> list[list[int]]:
    """The teams of each part: consecutive, about :data:`PART_OBJECTIVES` objectives each."""
    out: list[list[int]] = []
    count = 0
    for unit_id in job.units:
        n = len(job.data.objectives_of(unit_id))
        if not out or (count and count + n > PART_OBJECTIVES):
            out.append([])
            count = 0
        out[-1].append(unit_id)
        count += n
    return out


def _build(job: Job) -> Built:
    book = font_book()
    missing = MissingGlyphs()
    language = job.language or job.data.info.language
    tm = TextMaker(book, missing, language=language)
    log = PageLog()
    info = job.data.info
    footer = tm.markup(
        f"{job.footer_name}  ·  exported {job.export_date.isoformat()}", Styles.small_muted
    )[0]
    parts = Parts(
        log,
        pagesize=PAPERS[job.paper],
        footer=footer,
        title=f"Alignment sheets — {info.name}" if info.name else "Alignment sheets",
        author=info.facilitator,
        subject=info.cycle,
        keywords=["OKR", "alignment sheet"],
    )
    doc = parts.geometry()
    width = doc.width
    findings = _findings(job.data) if job.with_findings else None
    ctx = SheetContext(job.data, tm, width, findings)
    chunks = _chunks(job)
    front = job.booklet and not (job.subset and len(job.units) == 1)
    # Two steps a team (its sheet made, then laid out), the front, and one a part joined.
    n_parts = len(chunks) + int(front) + int(not job.units)
    tick = _Ticker(job.progress, 2 * len(job.units) + 1 + n_parts)
    if front:
        parts.add(with_steps(_front(job, ctx, tm, log, doc), tick))
    tick()
    outlined: set[int] = set()
    for chunk in chunks:
        parts.add(_sheets(job, ctx, tm, log, chunk, outlined, tick))
    if not job.units:
        parts.add([Paragraph("No team has objectives yet.", Styles.body)])
    return Built(pdf=b"", pages=parts.pages, missing=missing, parts=parts, tick=tick)


def _front(job: Job, ctx: SheetContext, tm: TextMaker, log: PageLog, doc: Any) -> list[Flowable]:
    """Cover, contents, overview and decision log."""
    from okr_studio.pdf.overview import overview_story, restricted

    width, height = doc.width, doc.height
    story: list[Flowable] = [Marker(log, "cover", outline=("Cover", 0))]
    story += _cover(job, tm, width, height)
    toc = _toc_pages(job, tm, log, height)
    shown = restricted(job.data, job.units) if job.subset else job.data
    overview = overview_story(shown, tm, log, *doc.wide_size, full=job.data)
    if overview:  # the overview's pages are landscape: its trees grow to the right
        toc.insert(len(toc) - 1, NextPageTemplate("wide"))
        overview.insert(len(overview) - 1, NextPageTemplate("page"))
    story += toc + overview
    if has_decision_log(job.data):
        story += [Marker(log, "decisions", outline=("Decision log", 0), section="Decision log")]
        story += [*decision_log(ctx), PageBreak()]
    return story


def _sheets(
    job: Job,
    ctx: SheetContext,
    tm: TextMaker,
    log: PageLog,
    units: list[int],
    outlined: set[int],
    tick: Callable[[], None],
) -> list[Flowable]:
    """One part's team sheets, each after the bookmarks of the groups above it."""
    story: list[Flowable] = []
    for n, unit_id in enumerate(units):
        if n:
            story.append(PageBreak())
        for anc in reversed(job.data.unit_ancestors(unit_id)):
            if anc.id not in outlined:
                outlined.add(anc.id)
                key = f"unit-{anc.id}"
                story.append(
                    Marker(
                        log,
                        key,
                        outline=(_short(anc.name or anc.level), job.data.unit_depth(anc.id)),
                    )
                )
        unit = job.data.units[unit_id]
        outlined.add(unit_id)
        story.append(
            Marker(
                log,
                f"unit-{unit_id}",
                outline=(_short(unit.name or unit.level), job.data.unit_depth(unit_id)),
                tick=tick,
                section=tm.markup(_short(unit.name), Styles.small_muted, base="L")[0],
            )
        )
        story += team_sheet(ctx, unit_id)
        tick()
    return story
