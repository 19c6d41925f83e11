"""One team's alignment sheet: header, alignment chain, outcome, key results, sign-off.

Every piece of user text goes through :class:`~okr_studio.pdf.text.TextMaker`
(plain text as light text blocks; anything else escaped, font-tagged and
right-to-left aware); tables have fixed column widths, wrapping cells, and may
split inside a row, and the chain's boxes split too, so long text wraps and an
objective or key result of any length flows across pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from okr_studio.alignment import alignment_of
from okr_studio.data import KeyResultData, ObjectiveData, WorkshopData
from okr_studio.pdf.closing import findings_block, signoff_block
from okr_studio.pdf.context import SheetContext
from okr_studio.pdf.fonts import BOLD, REGULAR
from okr_studio.pdf.headed import Headed
from okr_studio.pdf.panel import Panel, PanelLook
from okr_studio.pdf.room import team_notes_block
from okr_studio.pdf.style import MUTED, RULE, SOFT, Grid, Styles, level_of
from okr_studio.pdf.values import date_text, describe, status_text, target_text, work_type_text

# Key result table: relative column widths (they scale to the paper's text width).
_KR_COLUMNS = (
    ("#", 5),
    ("Key result", 56),
    ("Baseline → target", 31),
    ("Due", 23),
    ("Owner", 26),
    ("Type", 18),
    ("Conf.", 11),
)

# The line from a level's box to the key result the level below took on.
_LINK = PanelLook(padding=(8, 6, 4, 5), rule=(0.8, RULE))


def sheet_header(ctx: SheetContext, unit_id: int) -> list[Flowable]:
    data, tm = ctx.data, ctx.text
    unit = data.units[unit_id]
    item = describe(data, "unit", unit_id)
    info = data.info
    tone = level_of(data.unit_depth(unit_id)).tone
    top = " · ".join(p for p in ("ALIGNMENT SHEET", info.name, info.cycle) if p)
    path = " › ".join(u.name for u in reversed(data.unit_ancestors(unit_id)))
    meta_bits = [p for p in (path, f"Level: {unit.level}" if unit.level else "") if p]
    if info.facilitator:
        meta_bits.append(f"Facilitator: {info.facilitator}")
    if info.date:
        meta_bits.append(f"Workshop: {info.date.isoformat()}")
    rows = [
        [tm.para(top, Styles.eyebrow, item="Workshop details", width=ctx.width, base="L")],
        [
            tm.para(
                unit.name or "(unnamed unit)",
                Styles.title,
                item=item,
                width=ctx.width,
                align_rtl=False,
            )
        ],
        [tm.para("   ·   ".join(meta_bits), Styles.meta, item=item, width=ctx.width, base="L")],
    ]
    table = Grid(rows, colWidths=[ctx.width])
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ("LINEBELOW", (0, -1), (-1, -1), 2.5, tone),
            ]
        )
    )
    return [table, Spacer(1, 10)]


def _link_lead(data: WorkshopData, below: ObjectiveData) -> str:
    """How the objective below is aligned to the key result: down the tree, sideways to a
    unit not above it, or to a key result of its own unit."""
    link = alignment_of(data, below)
    if link is not None and link.kind == "sideways":
        unit = data.units.get(link.objective.unit_id)
        name = unit.name if unit is not None and unit.name.strip() else "another unit"
        return f"↳ aligned sideways to a key result of {name}: "
    if link is not None and link.kind == "same_unit":
        return "↳ supports a key result of its own unit: "
    return "↳ key result taken on: "


def chain_diagram(ctx: SheetContext, objective: ObjectiveData) -> list[Flowable]:
    """The chain from the top objective down to this one, as indented, connected boxes."""
    data, tm = ctx.data, ctx.text
    chain = data.chain(objective.id)
    step_indent = 9 * mm
    out: list[Flowable] = []
    for step, (obj, kr) in enumerate(chain):
        unit = data.units[obj.unit_id]
        lvl = level_of(data.unit_depth(unit.id))
        is_last = step == len(chain) - 1
        box_w = ctx.width - step * step_indent
        label = f"{(unit.level or 'unit').upper()} · {unit.name}"
        style = Styles.chain_team if is_last else Styles.chain_text
        text = tm.two_part(
            label,
            obj.title or "(no title)",
            style,
            head_look=(BOLD, Styles.chain_label.fontSize, lvl.tone),
            head_item=describe(data, "unit", unit.id),
            item=describe(data, "objective", obj.id),
            width=box_w - 16,
        )
        look = PanelLook(
            padding=(9, 7, 4, 6),
            fill=lvl.tint,
            rule=(3, lvl.tone),
            frame=(1, lvl.tone) if is_last else None,
        )
        out.append(Panel(text, box_w, look, h_align="RIGHT"))
        if kr is not None:
            link_w = ctx.width - (step + 0.5) * step_indent
            taken = tm.para(
                kr.title or "(no title)",
                Styles.chain_text,
                item=describe(data, "key_result", kr.id),
                width=link_w - 12,
                lead=(_link_lead(data, chain[step + 1][0]), MUTED),
            )
            out.append(Panel(taken, link_w, _LINK, h_align="RIGHT"))
    if len(chain) == 1 and data.unit_ancestors(objective.unit_id):
        # (a top-level objective has no level above to align to: nothing to say)
        out.append(tm.label("Not aligned to a key result of a level above.", Styles.hint))
    return out


def outcome_table(ctx: SheetContext, obj: ObjectiveData) -> Flowable:
    tm, item = ctx.text, describe(ctx.data, "objective", obj.id)
    label_w = 42 * mm
    rows = []
    for label, value in (
        ("Problem or\nopportunity", obj.problem),
        ("Behaviour change", obj.behaviour_change),
        ("How success is\nmeasured", obj.success_measure),
    ):
        rows.append(
            [
                label,
                tm.cell(value or "—", Styles.body, ctx.width - label_w - 12, item=item),
            ]
        )
    table = Grid(rows, colWidths=[label_w, ctx.width - label_w], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (0, -1), BOLD),
                ("FONTSIZE", (0, 0), (0, -1), 8),
                ("LEADING", (0, 0), (0, -1), 10),
                ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                ("FONTSIZE", (1, 0), (1, -1), Styles.body.fontSize),
                ("LEADING", (1, 0), (1, -1), Styles.body.leading),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def kr_table(ctx: SheetContext, obj: ObjectiveData, krs: Sequence[KeyResultData]) -> Grid:
    data, tm = ctx.data, ctx.text
    total = sum(w for _, w in _KR_COLUMNS)
    widths = [ctx.width * w / total for _, w in _KR_COLUMNS]
    rows: list[list[Any]] = [[name for name, _ in _KR_COLUMNS]]
    muted = (REGULAR, Styles.cell_muted.fontSize, MUTED)
    for i, kr in enumerate(krs, start=1):
        item = describe(data, "key_result", kr.id)
        first, second = target_text(kr)
        title = tm.two_part(
            kr.title or "(no title)",
            kr.metric,
            Styles.cell_bold,
            tail_look=muted,
            item=item,
            width=widths[1],
        )
        owner = data.person_name(kr.owner_id)
        conf = "—" if kr.confidence is None else f"{round(kr.confidence * 100)} %"
        rows.append(
            [
                str(i),
                title,
                tm.two_part(first, second, Styles.cell, tail_look=muted, item=item),
                date_text(kr.due_date),
                tm.cell(
                    owner or "—",
                    Styles.cell,
                    widths[4] - 8,
                    item=describe(data, "person", kr.owner_id or 0),
                ),
                work_type_text(kr.work_type).replace(" ", "\n"),
                conf,
            ]
        )
    if not krs:
        rows.append([tm.label("No key results yet.", Styles.hint)] + [""] * (len(widths) - 1))
    table = Grid(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    tone = level_of(data.unit_depth(obj.unit_id)).tone
    cmds = kr_table_style(tone)
    cmds += [("BACKGROUND", (0, r), (-1, r), SOFT) for r in range(2, len(rows), 2)]
    if not krs:
        cmds.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(cmds))
    return table


def team_sheet(ctx: SheetContext, unit_id: int) -> list[Flowable]:
    """The flowables of one team's sheet (without the page break after it)."""
    data, tm = ctx.data, ctx.text
    story: list[Flowable] = list(sheet_header(ctx, unit_id))
    objectives = data.objectives_of(unit_id)
    owners: list[str] = []
    for n, obj in enumerate(objectives, start=1):
        heading = "Objective" if len(objectives) == 1 else f"Objective {n} of {len(objectives)}"
        owner = data.person_name(obj.owner_id)
        owners.append(owner)
        bits = [f"Owner: {owner or '—'}", f"Status: {status_text(obj.status)}"]
        krs = data.key_results_of(obj.id)
        story += [
            KeepTogether(
                [
                    tm.label(heading, Styles.h2),
                    tm.label("How it aligns", Styles.h3),
                    *chain_diagram(ctx, obj),
                ]
            ),
            Spacer(1, 4),
            tm.para(
                "   ·   ".join(bits),
                Styles.meta,
                item=describe(data, "objective", obj.id),
                width=ctx.width,
                base="L",
            ),
            Spacer(1, 6),
            tm.label("Anticipated outcome", Styles.h3),
            outcome_table(ctx, obj),
            Spacer(1, 8),
            Headed(
                tm.label(f"Key results ({len(krs)})", Styles.h3),
                kr_table(ctx, obj, krs),
                tm.para(
                    obj.title or "(no title)",
                    Styles.h3,
                    item=describe(data, "objective", obj.id),
                    width=ctx.width,
                    lead=(f"{heading}, key results (continued): ", MUTED),
                ),
            ),
            Spacer(1, 6),
            *findings_block(ctx, obj),
        ]
    if not objectives:
        story.append(tm.label("This unit has no objectives yet.", Styles.hint))
    story += team_notes_block(ctx, unit_id)
    story += [Spacer(1, 4), signoff_block(ctx, owners)]
    return story


def kr_table_style(tone: Any) -> list[tuple[Any, ...]]:
    """The key result table's look: a muted header ruled in the level's tone, rows ruled
    lightly; shared by the alignment and the review sheets."""
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), Styles.cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), Styles.cell.leading),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 7.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("TEXTCOLOR", (0, 1), (0, -1), MUTED),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, tone),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
