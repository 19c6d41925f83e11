"""The review booklet: a cover, the scoreboard (every objective's score, worst first), the
overview coloured by score, then every team's review sheet, with bookmarks.

:func:`export_review_booklet` lays it out in memory and writes it through the app's one
atomic writer, like the alignment booklet (:mod:`okr_studio.pdf.export`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer, TableStyle

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.pdf.booklet import (
    Built,
    cover_facts,
    cover_heading,
    fewer_collections,
    sheet_units,
)
from okr_studio.pdf.context import SheetContext
from okr_studio.pdf.export import ExportError, ExportReport, write_atomically
from okr_studio.pdf.fonts import BOLD, font_book
from okr_studio.pdf.overview_cards import Card, Cards
from okr_studio.pdf.pages import ExportCancelled, Marker, PageLog, SheetDoc, canvas_class
from okr_studio.pdf.review_sheet import review_sheet
from okr_studio.pdf.style import MUTED, PAPERS, RULE, Grid, Styles, default_paper
from okr_studio.pdf.text import MissingGlyphs, TextMaker
from okr_studio.pdf.values import describe
from okr_studio.scores import Score, objective_score, scoreboard

Progress = Callable[[int, int], bool]


@dataclass
class ReviewJob:
    data: WorkshopData
    units: list[int]
    paper: str
    footer_name: str
    progress: Progress | None = None
    language: str = ""
    export_date: dt.date = field(default_factory=dt.date.today)


class ScoreCards(Cards):
    """Overview cards filled with their objective's score colour, the score on the last line."""

    def _make(self, key: ItemKey) -> Card:
        card = super()._make(key)
        if key[0] != "objective":
            return card
        score = objective_score(self.data, key[1])
        said = f"Score {score.text} · {score.word}" if score.value is not None else "No score"
        note = f"{said} · {card.note}" if card.note else said
        note = self.tm.fit(note, BOLD, 7.0, 150.0 - 12.0)
        tint = colors.HexColor(score.band.tint) if score.band is not None else colors.white
        return replace(card, note=note, tint=tint)


def _cover(job: ReviewJob, tm: TextMaker, width: float, height: float) -> list[Flowable]:
    data, info = job.data, job.data.info
    board = scoreboard(data, job.units)
    scored = [s.value for _o, s in board if s.value is not None]
    mean = sum(scored) / len(scored) if scored else None
    facts = [
        ("Cycle", info.cycle),
        ("Teams", str(len(job.units))),
        ("Objectives", str(len(board))),
        ("Scored", f"{len(scored)} of {len(board)}"),
        ("Mean score", Score(round(mean, 2)).text if mean is not None else "—"),
        ("Check-ins", str(len(data.check_ins))),
        ("Exported", job.export_date.isoformat()),
    ]
    table = cover_facts(tm, facts, width)
    return [
        Spacer(1, height * 0.18),
        *cover_heading(tm, info, width, "OKR REVIEW"),
        table,
        PageBreak(),
    ]


def scoreboard_table(job: ReviewJob, tm: TextMaker, width: float) -> Flowable:
    """Every objective's score, worst first: score, colour, objective, team, owner."""
    data = job.data
    columns = (("Score", 14), ("Colour", 16), ("Objective", 92), ("Team", 38), ("Owner", 32))
    total = sum(w for _, w in columns)
    widths = [width * w / total for _, w in columns]
    rows: list[list[Any]] = [[name for name, _ in columns]]
    cmds: list[tuple[Any, ...]] = []
    for oid, score in scoreboard(data, job.units):
        obj = data.objectives[oid]
        item = describe(data, "objective", oid)
        row = len(rows)
        rows.append(
            [
                score.text,
                score.word,
                tm.cell(obj.title or "(no title)", Styles.cell, widths[2] - 8, item=item),
                tm.cell(data.units[obj.unit_id].name, Styles.cell, widths[3] - 8, item=item),
                tm.cell(
                    data.person_name(obj.owner_id) or "—", Styles.cell, widths[4] - 8, item=item
                ),
            ]
        )
        band = score.band
        if band is not None:
            cmds += [
                ("BACKGROUND", (0, row), (1, row), colors.HexColor(band.tint)),
                ("TEXTCOLOR", (0, row), (1, row), colors.HexColor(band.tone)),
                ("FONTNAME", (0, row), (1, row), BOLD),
            ]
        else:
            cmds.append(("TEXTCOLOR", (0, row), (1, row), MUTED))
    table = Grid(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, -1), Styles.cell.fontSize),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, 0), 7.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("LINEBELOW", (0, 0), (-1, 0), 1, RULE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *cmds,
            ]
        )
    )
    return table


def _scoreboard_pages(job: ReviewJob, tm: TextMaker, log: PageLog, width: float) -> list:
    intro = (
        "Every objective's score, worst first: the weighted mean of its key results' "
        "scores. Red below 0.4, yellow from 0.4, green from 0.7."
    )
    return [
        Marker(log, "scoreboard", outline=("Scoreboard", 0), section="Scoreboard"),
        tm.label("Scoreboard", Styles.h2),
        tm.label(intro, Styles.small_muted),
        Spacer(1, 6),
        scoreboard_table(job, tm, width),
        PageBreak(),
    ]


def _overview_pages(job: ReviewJob, tm: TextMaker, log: PageLog, doc: SheetDoc) -> list:
    from okr_studio.pdf.overview import overview_story, restricted

    every = sheet_units(job.data)
    shown = job.data if job.units == every else restricted(job.data, job.units)
    story = overview_story(shown, tm, log, *doc.wide_size, full=job.data, card_maker=ScoreCards)
    if story:  # landscape pages, as in the alignment booklet
        story.insert(0, NextPageTemplate("wide"))
        story.insert(len(story) - 1, NextPageTemplate("page"))
    return story


def _team_pages(job: ReviewJob, ctx: SheetContext, log: PageLog) -> list[Flowable]:
    data = job.data
    story: list[Flowable] = [Marker(log, "sheets", outline=("Review sheets", 0))]
    total, done = max(len(job.units), 1), [0]

    def tick() -> None:
        done[0] += 1
        if job.progress is not None and job.progress(done[0], total) is False:
            raise ExportCancelled()

    for n, unit_id in enumerate(job.units):
        if n:
            story.append(PageBreak())
        unit = data.units[unit_id]
        name = " ".join((unit.name or unit.level or "Unit").split())[:80]
        section = ctx.text.markup(name, Styles.small_muted, base="L")[0]
        story.append(
            Marker(log, f"review-{unit_id}", outline=(name, 1), tick=tick, section=section)
        )
        story += review_sheet(ctx, unit_id)
    if not job.units:
        story.append(ctx.text.label("No team has objectives yet.", Styles.body))
    return story


def build_review(job: ReviewJob) -> Built:
    """Lay out the review booklet in memory; raises ExportCancelled when cancelled."""
    with fewer_collections():
        missing = MissingGlyphs()
        tm = TextMaker(font_book(), missing, language=job.language or job.data.info.language)
        log, buffer, info = PageLog(), io.BytesIO(), job.data.info
        doc = SheetDoc(
            buffer,
            pagesize=PAPERS[job.paper],
            title=f"OKR review — {info.name}" if info.name else "OKR review",
            author=info.facilitator,
            subject=info.cycle,
            keywords=["OKR", "review"],
        )
        ctx = SheetContext(job.data, tm, doc.width)
        story: list[Flowable] = [Marker(log, "cover", outline=("Cover", 0))]
        story += _cover(job, tm, doc.width, doc.height)
        story += _scoreboard_pages(job, tm, log, doc.width)
        story += _overview_pages(job, tm, log, doc)
        story += _team_pages(job, ctx, log)
        footer = tm.markup(
            f"{job.footer_name}  ·  review  ·  exported {job.export_date.isoformat()}",
            Styles.small_muted,
        )[0]
        doc.build(story, canvasmaker=canvas_class(log, footer))
        return Built(pdf=buffer.getvalue(), pages=log.total, missing=missing)


def export_review_booklet(
    data: WorkshopData,
    out_path: Path | str,
    *,
    workshop_name_for_footer: str,
    teams: list[int] | None = None,
    paper: str | None = None,
    progress: Progress | None = None,
    language: str = "",
) -> ExportReport:
    """Write the review booklet of ``data`` (of ``teams`` only, when given) to ``out_path``,
    whole or not at all; raises :class:`ExportError` with the reason when it cannot."""
    chosen = (paper or default_paper()).lower()
    if chosen not in PAPERS:
        raise ExportError(f"Unknown paper size “{paper}”; choose A4 or Letter.")
    job = ReviewJob(
        data=data,
        units=sheet_units(data, teams),
        paper=chosen,
        footer_name=Path(workshop_name_for_footer).name,
        progress=progress,
        language=language,
    )
    built = build_review(job)
    out = Path(out_path)
    write_atomically(out, built.pdf)
    report = ExportReport(files=[out], pages=built.pages, teams=len(job.units))
    for ch, items in built.missing.by_char.items():
        report.missing_glyphs.setdefault(ch, []).extend(items)
    return report


__all__ = ["ScoreCards", "export_review_booklet"]
