"""One team's alignment sheet: header, alignment chain, outcome, key results, sign-off.

Every piece of user text goes through :class:`~okr_studio.pdf.text.TextMaker`
(escaped, font-tagged, right-to-left aware); tables have fixed column widths,
Paragraph cells, and may split inside a row, so long text wraps and a key
result of any length flows across pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from okr_studio.data import KeyResultData, ObjectiveData, WorkshopData
from okr_studio.model import Direction, Status, WorkType
from okr_studio.pdf.fonts import BOLD, REGULAR
from okr_studio.pdf.style import INK, MUTED, RULE, SOFT, WARNING, Grid, Styles, level_of
from okr_studio.pdf.text import TextMaker

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


@dataclass
class SheetContext:
    data: WorkshopData
    text: TextMaker
    width: float
    #: Open coach findings by (item_kind, item_id), when the user asked for them.
    findings: dict[tuple[str, int], list[Any]] | None = None


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f")


def target_text(kr: KeyResultData) -> tuple[str, str]:
    """(the "baseline → target unit" line, the direction line)."""
    unit = f" {kr.unit_of_measure}" if kr.unit_of_measure else ""
    try:
        direction = Direction(kr.direction)
    except ValueError:
        direction = Direction.INCREASE
    if direction is Direction.MILESTONE:
        first = "Done" if kr.target is None else f"{number(kr.target)}{unit}"
        return first, "Milestone"
    if direction in (Direction.KEEP_ABOVE, Direction.KEEP_BELOW):
        sign = "≥" if direction is Direction.KEEP_ABOVE else "≤"
        line = f"{sign} {number(kr.target)}{unit}"
        if kr.baseline is not None:
            line = f"{number(kr.baseline)} → {line}"
        return line, direction.label
    return f"{number(kr.baseline)} → {number(kr.target)}{unit}", direction.label


def _work_type(value: str) -> str:
    try:
        return WorkType(value).label
    except ValueError:
        return value


def _status(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def describe(data: WorkshopData, kind: str, item_id: int) -> str:
    """How the missing-glyph report names an item: kind, title and unit."""
    if kind == "objective" and item_id in data.objectives:
        obj = data.objectives[item_id]
        unit = data.units.get(obj.unit_id)
        return f"Objective “{_short(obj.title)}” ({unit.name if unit else '?'})"
    if kind == "key_result" and item_id in data.key_results:
        kr = data.key_results[item_id]
        unit = data.unit_of_objective(kr.objective_id)
        return f"Key result “{_short(kr.title)}” ({unit.name})"
    if kind == "unit" and item_id in data.units:
        return f"Unit “{_short(data.units[item_id].name)}”"
    if kind == "person" and item_id in data.people:
        return f"Person “{_short(data.people[item_id].name)}”"
    return "Workshop details"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        box = Grid(
            [
                [
                    tm.two_part(
                        label,
                        obj.title or "(no title)",
                        style,
                        head_markup=(BOLD, Styles.chain_label.fontSize, lvl.tone.hexval()),
                        head_item=describe(data, "unit", unit.id),
                        item=describe(data, "objective", obj.id),
                        width=box_w - 16,
                    )
                ],
            ],
            colWidths=[box_w],
            hAlign="RIGHT",
            splitInRow=1,
        )
        cmds: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, -1), lvl.tint),
            ("LINEBEFORE", (0, 0), (0, -1), 3, lvl.tone),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 7),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]
        if is_last:
            cmds.append(("BOX", (0, 0), (-1, -1), 1, lvl.tone))
        box.setStyle(TableStyle(cmds))
        out.append(box)
        if kr is not None:
            link_w = ctx.width - (step + 0.5) * step_indent
            link = Grid(
                [
                    [
                        tm.para(
                            kr.title or "(no title)",
                            Styles.chain_text,
                            item=describe(data, "key_result", kr.id),
                            width=link_w - 12,
                            prefix=f'<font color="{MUTED.hexval()}">↳ key result taken on: </font>',
                        )
                    ]
                ],
                colWidths=[link_w],
                hAlign="RIGHT",
                splitInRow=1,
            )
            link.setStyle(
                TableStyle(
                    [
                        ("LINEBEFORE", (0, 0), (0, -1), 0.8, RULE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8),
                        ("TOPPADDING", (0, 0), (-1, -1), 4),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                    ]
                )
            )
            out.append(link)
    if len(chain) == 1:
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


def kr_table(ctx: SheetContext, obj: ObjectiveData, krs: Sequence[KeyResultData]) -> Flowable:
    data, tm = ctx.data, ctx.text
    total = sum(w for _, w in _KR_COLUMNS)
    widths = [ctx.width * w / total for _, w in _KR_COLUMNS]
    rows: list[list[Any]] = [[name for name, _ in _KR_COLUMNS]]
    muted = (REGULAR, Styles.cell_muted.fontSize, MUTED.hexval())
    for i, kr in enumerate(krs, start=1):
        item = describe(data, "key_result", kr.id)
        first, second = target_text(kr)
        title = tm.two_part(
            kr.title or "(no title)",
            kr.metric,
            Styles.cell_bold,
            tail_markup=muted,
            item=item,
            width=widths[1],
        )
        owner = data.person_name(kr.owner_id)
        conf = "—" if kr.confidence is None else f"{round(kr.confidence * 100)} %"
        rows.append(
            [
                str(i),
                title,
                tm.two_part(first, second, Styles.cell, tail_markup=muted, item=item),
                _date(kr.due_date),
                tm.cell(
                    owner or "—",
                    Styles.cell,
                    widths[4] - 8,
                    item=describe(data, "person", kr.owner_id or 0),
                ),
                _work_type(kr.work_type).replace(" ", "\n"),
                conf,
            ]
        )
    if not krs:
        rows.append([tm.label("No key results yet.", Styles.hint)] + [""] * (len(widths) - 1))
    table = Grid(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    tone = level_of(data.unit_depth(obj.unit_id)).tone
    cmds: list[tuple[Any, ...]] = [
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
    cmds += [("BACKGROUND", (0, r), (-1, r), SOFT) for r in range(2, len(rows), 2)]
    if not krs:
        cmds.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(cmds))
    return table


def findings_block(ctx: SheetContext, obj: ObjectiveData) -> list[Flowable]:
    if ctx.findings is None:
        return []
    data, tm = ctx.data, ctx.text
    items = [("objective", obj.id)] + [("key_result", k.id) for k in data.key_results_of(obj.id)]
    found = [f for key in items for f in ctx.findings.get(key, [])]
    if not found:
        return [tm.label("Coach: no open findings for this objective.", Styles.small_muted)]
    rows = []
    for f in found:
        sev = str(getattr(f.severity, "value", f.severity))
        colour = {"error": "#c0272d", "warning": WARNING.hexval(), "hint": "#2d6cb5"}.get(
            sev, MUTED.hexval()
        )
        item = describe(data, f.item_kind, f.item_id)
        rows.append(
            [
                Paragraph(f'<font color="{colour}">{escape(sev.upper())}</font>', Styles.head),
                [
                    tm.para(f"{f.title}: {f.message}", Styles.finding, item=item, base="L"),
                    tm.para(f.hint, Styles.hint, item=item, base="L"),
                ],
            ]
        )
    table = Grid(rows, colWidths=[20 * mm, ctx.width - 20 * mm], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return [tm.label("Open coach findings", Styles.h3), table]


def signoff_block(ctx: SheetContext, owners: Sequence[str]) -> Flowable:
    """Notes (ruled lines, left) beside the sign-off (owners and facilitator, right)."""
    tm = ctx.text
    right_w = ctx.width * 0.42
    left_w = ctx.width - right_w - 14
    people = [(n, "Objective owner") for n in dict.fromkeys(o for o in owners if o)]
    people = people or [("", "Objective owner")]
    people.append((ctx.data.info.facilitator, "Facilitator"))
    rows: list[list[Any]] = []
    cmds: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("FONTNAME", (0, 0), (-1, -1), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
    ]
    for name, role in people:
        r = len(rows)
        rows.append([role, ""])
        rows.append([tm.cell(name or " ", Styles.body, right_w - 6, item=role), ""])
        rows.append(["", ""])
        rows.append(["Signature", "Date"])
        cmds += [
            ("TOPPADDING", (0, r), (-1, r), 8 if r else 0),
            ("SPAN", (0, r + 1), (-1, r + 1)),
            ("FONTNAME", (0, r + 1), (-1, r + 1), REGULAR),
            ("FONTSIZE", (0, r + 1), (-1, r + 1), Styles.body.fontSize),
            ("TEXTCOLOR", (0, r + 1), (-1, r + 1), INK),
            ("LINEBELOW", (0, r + 2), (0, r + 2), 0.6, INK),
            ("LINEBELOW", (1, r + 2), (1, r + 2), 0.6, INK),
            ("TOPPADDING", (0, r + 2), (-1, r + 2), 15),
            ("TOPPADDING", (0, r + 3), (-1, r + 3), 1),
        ]
    sign = Grid(rows, colWidths=[right_w * 0.62, right_w * 0.38])
    sign.setStyle(TableStyle(cmds))
    _w, sign_h = sign.wrap(right_w, 1000)
    lines = max(int((sign_h - 14) // 17), 4)
    notes = Grid(
        [[tm.label("Notes", Styles.h3)]] + [[""] for _ in range(lines)],
        colWidths=[left_w],
        rowHeights=[14] + [(sign_h - 14) / lines] * lines,
    )
    notes.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (0, 0), 3),
            ]
        )
    )
    both = Grid([[notes, "", sign]], colWidths=[left_w, 14, right_w])
    both.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([tm.label("Notes and sign-off", Styles.h2), both])


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
        bits = [f"Owner: {owner or '—'}", f"Status: {_status(obj.status)}"]
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
            tm.label(f"Key results ({len(krs)})", Styles.h3),
            kr_table(ctx, obj, krs),
            Spacer(1, 6),
            *findings_block(ctx, obj),
        ]
    if not objectives:
        story.append(tm.label("This unit has no objectives yet.", Styles.hint))
    story += [Spacer(1, 12), signoff_block(ctx, owners)]
    return story
