"""The end of a sheet: the coach's open findings, then notes beside the sign-off."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, TableStyle

from okr_studio.data import ObjectiveData
from okr_studio.pdf.context import SheetContext
from okr_studio.pdf.fonts import BOLD, REGULAR
from okr_studio.pdf.style import INK, MUTED, RULE, WARNING, Grid, Styles
from okr_studio.pdf.values import describe


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
        # Three rows a person: the name, the line to sign on, then what each line is for.
        r = len(rows)
        rows.append([tm.cell(name or " ", Styles.body, right_w - 6, item=role), ""])
        rows.append(["", ""])
        rows.append([f"Signature · {role}", "Date"])
        cmds += [
            ("TOPPADDING", (0, r), (-1, r), 6 if r else 0),
            ("SPAN", (0, r), (-1, r)),
            ("FONTNAME", (0, r), (-1, r), REGULAR),
            ("FONTSIZE", (0, r), (-1, r), Styles.body.fontSize),
            ("TEXTCOLOR", (0, r), (-1, r), INK),
            ("LINEBELOW", (0, r + 1), (0, r + 1), 0.6, INK),
            ("LINEBELOW", (1, r + 1), (1, r + 1), 0.6, INK),
            ("TOPPADDING", (0, r + 1), (-1, r + 1), 16),
            ("TOPPADDING", (0, r + 2), (-1, r + 2), 1),
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
