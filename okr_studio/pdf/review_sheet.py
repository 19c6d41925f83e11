"""One team's review sheet: each objective's anticipated outcome beside its actual one, its
key results from baseline to target to actual with their scores and check-in charts, its
initiatives, what was learned and the decision for the next cycle.

Scores come from :mod:`okr_studio.scores` (the same number as everywhere else), always
printed with their colour word. User text goes through the export's
:class:`~okr_studio.pdf.text.TextMaker` (escaped, font-tagged, right-to-left aware), and
every table may split inside a row, as on the alignment sheets.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from okr_studio.coach.rules_closing import cycle_dates
from okr_studio.data import KeyResultData, ObjectiveData
from okr_studio.numbers import format_number
from okr_studio.pdf.context import SheetContext
from okr_studio.pdf.fonts import BOLD, REGULAR
from okr_studio.pdf.headed import Headed
from okr_studio.pdf.review_chart import CheckInChart
from okr_studio.pdf.sheet import kr_table_style
from okr_studio.pdf.style import MUTED, RULE, SOFT, Grid, Styles, level_of
from okr_studio.pdf.values import date_text, describe, status_text, work_type_text
from okr_studio.scores import Score, key_result_score, objective_score
from okr_studio.vocab import Decision, Direction, InitiativeState

_KR_COLUMNS = (
    ("#", 5),
    ("Key result", 58),
    ("Baseline → target → actual", 44),
    ("Score", 17),
    ("Check-ins", 42),
)
_INITIATIVE_COLUMNS = (
    ("Initiative", 40),
    ("State", 16),
    ("Owner", 24),
    ("Anticipated outcome", 44),
    ("Actual outcome", 44),
)
CHART_H = 11 * mm
#: The parts of an anticipated outcome (an objective's or an initiative's), labelled in
#: the words the inspector uses for them.
OUTCOME_PARTS = (
    ("problem", "Problem or opportunity"),
    ("behaviour_change", "Behaviour change"),
    ("success_measure", "How success is measured"),
)
#: (font, size, colour) of those labels.
_LABEL_LOOK = (BOLD, 7.5, MUTED)


def score_words(score: Score) -> tuple[str, str]:
    """(the number, the colour word) as the sheets print a score."""
    return score.text, score.word


def _chip_style(score: Score, cell: tuple[int, int]) -> list[tuple[Any, ...]]:
    band = score.band
    if band is None:
        return [("TEXTCOLOR", cell, cell, MUTED)]
    return [
        ("BACKGROUND", cell, cell, colors.HexColor(band.tint)),
        ("TEXTCOLOR", cell, cell, colors.HexColor(band.tone)),
        ("FONTNAME", cell, cell, BOLD),
    ]


def _unit_suffix(kr: KeyResultData) -> str:
    return f" {kr.unit_of_measure}" if kr.unit_of_measure else ""


def actual_lines(ctx: SheetContext, kr: KeyResultData, score: Score) -> tuple[str, str]:
    """("61 → 72 → 69 %", "Increase\nas of 2027-03-28") for one key result; with no score
    although it has a check-in, the reason is the last line."""
    latest = ctx.data.latest_check_in(kr.id)
    actual = format_number(latest.value, empty="?") if latest is not None else "?"
    num = lambda v: format_number(v, empty="—")  # noqa: E731
    unit = _unit_suffix(kr)
    try:
        direction = Direction(kr.direction)
    except ValueError:
        direction = Direction.INCREASE
    if direction is Direction.MILESTONE:
        goal = "Done" if kr.target is None else f"{num(kr.target)}{unit}"
        done = {1.0: "done", 0.0: "not done"}.get(score.value or 0.0, "?") if latest else "?"
        first = f"{goal} → {done}"
    elif direction in (Direction.KEEP_ABOVE, Direction.KEEP_BELOW):
        sign = "≥" if direction is Direction.KEEP_ABOVE else "≤"
        lead = f"{num(kr.baseline)} → " if kr.baseline is not None else ""
        first = f"{lead}{sign} {num(kr.target)} → {actual}{unit}"
    else:
        first = f"{num(kr.baseline)} → {num(kr.target)} → {actual}{unit}"
    lines = [direction.label, f"as of {latest.date.isoformat()}" if latest else "no check-in yet"]
    if latest is not None and score.value is None:
        lines.append(score.reason)
    return first, "\n".join(lines)


def _kr_rows(ctx: SheetContext, krs: list[KeyResultData], widths: list[float]) -> tuple:
    data, tm = ctx.data, ctx.text
    muted = (REGULAR, Styles.cell_muted.fontSize, MUTED)
    cycle = cycle_dates(data.info)
    rows: list[list[Any]] = [[name for name, _ in _KR_COLUMNS]]
    cmds: list[tuple[Any, ...]] = []
    for i, kr in enumerate(krs, start=1):
        item = describe(data, "key_result", kr.id)
        score = key_result_score(data, kr.id)
        first, second = actual_lines(ctx, kr, score)
        number, word = score_words(score)
        weight = "" if kr.weight == 1 else f"weight {format_number(kr.weight)}"
        title = tm.two_part(
            kr.title or "(no title)",
            kr.metric,
            Styles.cell_bold,
            tail_look=muted,
            item=item,
            width=widths[1],
        )
        chart = CheckInChart(
            kr, data.check_ins_of(kr.id), cycle, widths[4] - 8, CHART_H, score.band
        )
        row = len(rows)
        rows.append(
            [
                str(i),
                title,
                tm.two_part(first, second, Styles.cell, tail_look=muted, item=item),
                f"{number}\n{word}" + (f"\n{weight}" if weight else ""),
                chart,
            ]
        )
        cmds += _chip_style(score, (3, row))
        if kr.learning_note.strip():
            rows.append(
                [
                    "",
                    tm.para(
                        kr.learning_note,
                        Styles.cell,
                        item=item,
                        width=sum(widths[1:]) - 8,
                        lead=("Learned: ", MUTED),
                    ),
                    "",
                    "",
                    "",
                ]
            )
            cmds += [
                ("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)),
                ("TOPPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 0),
                ("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0, colors.white),
            ]
    return rows, cmds


def kr_review_table(ctx: SheetContext, obj: ObjectiveData) -> Table:
    krs = ctx.data.key_results_of(obj.id)
    total = sum(w for _, w in _KR_COLUMNS)
    widths = [ctx.width * w / total for _, w in _KR_COLUMNS]
    rows, cmds = _kr_rows(ctx, krs, widths)
    if not krs:
        rows.append([ctx.text.label("No key results.", Styles.hint)] + [""] * 4)
        cmds.append(("SPAN", (0, 1), (-1, 1)))
    tone = level_of(ctx.data.unit_depth(obj.unit_id)).tone
    table = Grid(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([*kr_table_style(tone), *cmds]))
    return table


def outcome_pair(ctx: SheetContext, obj: ObjectiveData) -> Flowable:
    """The anticipated outcome (three parts) beside the actual outcome."""
    tm, item = ctx.text, describe(ctx.data, "objective", obj.id)
    half = (ctx.width - 10) / 2
    anticipated = [
        tm.two_part(
            label, getattr(obj, field) or "—", Styles.cell,
            head_look=_LABEL_LOOK, item=item, width=half - 8,
        )
        for field, label in OUTCOME_PARTS
    ]  # fmt: skip
    actual = tm.para(
        obj.actual_outcome or "Not written yet.", Styles.cell, item=item, width=half - 8
    )
    rows = [["Anticipated outcome", "", "Actual outcome"], [anticipated, "", actual]]
    table = Grid(rows, colWidths=[half, 10, half], splitInRow=1, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, 0), 8),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("BACKGROUND", (0, 1), (0, 1), SOFT),
                ("BACKGROUND", (2, 1), (2, 1), SOFT),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 1), (-1, 1), 5),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return table


def _state_text(value: str) -> str:
    try:
        return InitiativeState(value).label
    except ValueError:
        return value


def initiatives_table(ctx: SheetContext, obj: ObjectiveData) -> list[Flowable]:
    data, tm = ctx.data, ctx.text
    found = [(kr, i) for kr in data.key_results_of(obj.id) for i in data.initiatives_of(kr.id)]
    if not found:
        return []
    total = sum(w for _, w in _INITIATIVE_COLUMNS)
    widths = [ctx.width * w / total for _, w in _INITIATIVE_COLUMNS]
    muted = (REGULAR, Styles.cell_muted.fontSize, MUTED)
    rows: list[list[Any]] = [[name for name, _ in _INITIATIVE_COLUMNS]]
    for kr, ini in found:
        item = f"Initiative “{ini.title[:60]}” ({describe(data, 'key_result', kr.id)})"
        anticipated: list[Flowable] = [
            tm.two_part(
                label, getattr(ini, field), Styles.cell,
                head_look=_LABEL_LOOK, item=item, width=widths[3] - 8,
            )
            for field, label in OUTCOME_PARTS
            if getattr(ini, field).strip()
        ]  # fmt: skip
        head = ini.title or "(no title)"
        tail = " · ".join(p for p in (work_type_text(ini.work_type), ini.link) if p)
        rows.append(
            [
                tm.two_part(
                    head, tail, Styles.cell_bold, tail_look=muted, item=item, width=widths[0]
                ),
                _state_text(ini.state),
                tm.cell(
                    data.person_name(ini.owner_id) or "—", Styles.cell, widths[2] - 8, item=item
                ),
                anticipated or tm.para("—", Styles.cell, item=item, width=widths[3] - 8),
                tm.para(ini.actual_outcome or "—", Styles.cell, item=item, width=widths[4] - 8),
            ]
        )
    table = Grid(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, -1), Styles.cell.fontSize),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, 0), 7.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    heading = tm.label(f"Initiatives ({len(found)})", Styles.h3)
    again = tm.para(
        obj.title or "(no title)",
        Styles.h3,
        item=describe(data, "objective", obj.id),
        width=ctx.width,
        lead=("Initiatives (continued): ", MUTED),
    )
    return [Spacer(1, 6), Headed(heading, table, again)]


def _decision_text(value: str) -> str:
    try:
        return Decision(value).label if value else "Not decided yet"
    except ValueError:
        return value


def objective_review(ctx: SheetContext, obj: ObjectiveData, heading: str) -> list[Flowable]:
    """The review of one objective, from its heading to its decision."""
    data, tm = ctx.data, ctx.text
    item = describe(data, "objective", obj.id)
    score = objective_score(data, obj.id)
    krs = data.key_results_of(obj.id)
    counted = f" from {score.counted} of {score.total} key results" if score.total else ""
    said = (
        f"Score {score.text} ({score.word}){counted}"
        if score.value is not None
        else (f"No score: {score.reason}")
    )
    bits = [
        f"Owner: {data.person_name(obj.owner_id) or '—'}",
        f"Status: {status_text(obj.status)}",
        f"Decision: {_decision_text(obj.decision)}",
    ]
    if obj.carried_from:
        last = format_number(obj.carried_score, empty="no score")
        bits.append(f"Carried over; last cycle's score: {last}")
    chip = Grid([[said]], colWidths=[ctx.width])
    chip.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                *_chip_style(score, (0, 0)),
            ]
        )
    )
    learned = tm.para(obj.learned or "Not written yet.", Styles.body, item=item, width=ctx.width)
    return [
        KeepTogether(
            [
                tm.label(heading, Styles.h3),
                tm.para(obj.title or "(no title)", Styles.objective, item=item, width=ctx.width),
                tm.para("   ·   ".join(bits), Styles.meta, item=item, width=ctx.width, base="L"),
                Spacer(1, 4),
                chip,
                Spacer(1, 6),
            ]
        ),
        outcome_pair(ctx, obj),
        Spacer(1, 8),
        Headed(
            tm.label(f"Key results ({len(krs)})", Styles.h3),
            kr_review_table(ctx, obj),
            tm.label(f"Key results of {heading.lower()}", Styles.h3),
        ),
        *initiatives_table(ctx, obj),
        Spacer(1, 6),
        KeepTogether([tm.label("What we learned", Styles.h3), learned]),
        Spacer(1, 4),
        tm.label(f"Decision for the next cycle: {_decision_text(obj.decision)}", Styles.h3),
        Spacer(1, 10),
    ]


def review_header(ctx: SheetContext, unit_id: int) -> list[Flowable]:
    data, tm = ctx.data, ctx.text
    unit, info = data.units[unit_id], data.info
    item = describe(data, "unit", unit_id)
    top = " · ".join(p for p in ("REVIEW SHEET", info.name, info.cycle) if p)
    path = " › ".join(u.name for u in reversed(data.unit_ancestors(unit_id)))
    start, end = cycle_dates(info)
    dates = f"Cycle {date_text(start)} to {date_text(end)}" if start and end else ""
    meta = "   ·   ".join(
        p for p in (path, f"Level: {unit.level}" if unit.level else "", dates) if p
    )
    return [
        tm.para(top, Styles.eyebrow, item="Workshop details", width=ctx.width, base="L"),
        tm.para(
            unit.name or "(unnamed unit)", Styles.title, item=item, width=ctx.width, align_rtl=False
        ),
        tm.para(meta, Styles.meta, item=item, width=ctx.width, base="L"),
        Grid(
            [[""]],
            colWidths=[ctx.width],
            rowHeights=[3],
            style=[("BACKGROUND", (0, 0), (-1, -1), level_of(data.unit_depth(unit_id)).tone)],
        ),
        Spacer(1, 8),
    ]


def review_sheet(ctx: SheetContext, unit_id: int) -> list[Flowable]:
    """The flowables of one team's review sheet (without the page break after it)."""
    story = review_header(ctx, unit_id)
    objectives = ctx.data.objectives_of(unit_id)
    for n, obj in enumerate(objectives, start=1):
        heading = "OBJECTIVE" if len(objectives) == 1 else f"OBJECTIVE {n} OF {len(objectives)}"
        story += objective_review(ctx, obj, heading)
    if not objectives:
        story.append(ctx.text.label("This unit has no objectives.", Styles.hint))
    return story
