"""What the room decided, in print: the agenda, the decision log, a team's decisions.

- :func:`agenda_block`: the workshop's agenda on the booklet's cover (each item with
  its planned minutes, and the time it took once the room ran it).
- :func:`decision_log`: the decision log page of the booklet: every decision, then
  every action with its owner, due date and state, each saying what it is about.
- :func:`team_notes_block`: the decisions and actions on a team's sheet: those about
  the team, its objectives and key results, and the key results it supports.

Every piece of user text goes through the sheet's :class:`~okr_studio.pdf.text.TextMaker`
(escaped, font-checked, right-to-left aware), in tables that wrap and split.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from okr_studio.agenda import agenda_items
from okr_studio.data import WorkshopData
from okr_studio.pdf.context import SheetContext
from okr_studio.pdf.fonts import BOLD
from okr_studio.pdf.headed import Headed
from okr_studio.pdf.style import MUTED, RULE, SOFT, Grid, Styles
from okr_studio.pdf.text import TextMaker
from okr_studio.pdf.values import date_text
from okr_studio.room_notes import NoteData, item_of, notes_in_order, notes_of_unit
from okr_studio.vocab import NoteKind

_LOG_KINDS = (NoteKind.DECISION.value, NoteKind.ACTION.value)
_KIND_WORDS = {"unit": "Unit", "objective": "Objective", "key_result": "Key result"}


def _table_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), Styles.cell.fontSize),
            ("LEADING", (0, 0), (-1, -1), Styles.cell.leading),
            ("FONTSIZE", (0, 0), (-1, 0), 7.5),
            ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
            ("LINEBELOW", (0, 0), (-1, 0), 1.0, MUTED),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


def _minutes(seconds: float) -> str:
    return f"{round(seconds / 60)} min"


# ---- the agenda -----------------------------------------------------------------------------
def agenda_block(tm: TextMaker, data: WorkshopData, width: float) -> list[Flowable]:
    """The agenda as a table (nothing when the workshop has none)."""
    items = agenda_items(data)
    if not items:
        return []
    ran = any(a.elapsed_seconds > 0 or a.state != "waiting" for a in items)
    header = ["#", "Agenda", "Planned", *(["Took"] if ran else [])]
    widths = [8 * mm, width - 8 * mm - 22 * mm * (2 if ran else 1)] + [22 * mm] * (1 + ran)
    rows: list[list[Any]] = [header]
    for n, item in enumerate(items, start=1):
        row = [
            str(n),
            tm.cell(item.title or "(no title)", Styles.cell, widths[1] - 6, item="Agenda"),
            f"{item.planned_minutes} min",
        ]
        if ran:
            took = {"waiting": "—", "current": "under way"}.get(item.state)
            row.append(took or _minutes(item.elapsed_seconds))
        rows.append(row)
    total = sum(a.planned_minutes for a in items)
    hours, minutes = divmod(total, 60)
    rows.append(["", "Total", f"{hours} h {minutes:02d}" if hours else f"{minutes} min"])
    if ran:
        rows[-1].append(_minutes(sum(a.elapsed_seconds for a in items)))
    table = Grid(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    last = len(rows) - 1
    table.setStyle(
        _table_style(
            [
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("TEXTCOLOR", (0, 1), (0, -1), MUTED),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("LINEABOVE", (0, last), (-1, last), 0.8, MUTED),
            ]
        )
    )
    return [Spacer(1, 14), tm.label("Agenda", Styles.h3), table]


# ---- what a note is about ------------------------------------------------------------------
def about_text(data: WorkshopData, note: NoteData) -> str:
    """What a note is about, in words: "Workshop", "Key result “…” (Team)", or, for an
    item deleted since, "“…” (deleted)"."""
    key = item_of(data, note)
    if key is None:
        if note.item_uid:
            return f"“{note.about}” (deleted)" if note.about else "An item deleted since"
        return "Workshop"
    kind, item_id = key
    if kind == "unit":
        return f"Unit “{data.units[item_id].name}”"
    if kind == "objective":
        obj = data.objectives[item_id]
        return f"Objective “{obj.title}” ({data.units[obj.unit_id].name})"
    kr = data.key_results[item_id]
    unit = data.unit_of_objective(kr.objective_id)
    return f"Key result “{kr.title}” ({unit.name})"


def _where(note: NoteData) -> str:
    """How the missing-glyph report names a note."""
    try:
        kind = NoteKind(note.kind).label
    except ValueError:
        kind = "Note"
    text = " ".join(note.text.split())
    return f"{kind} “{text if len(text) <= 60 else text[:59] + '…'}”"


def _state(note: NoteData) -> str:
    return "Open" if note.is_open else "Done"


def _notes_table(
    ctx: SheetContext, notes: Sequence[NoteData], *, about: bool, actions: bool
) -> Table:
    """Decisions (or actions, with owner, due date and state) as a table."""
    data, tm, width = ctx.data, ctx.text, ctx.width
    fixed = [6 * mm] + ([30 * mm, 20 * mm, 14 * mm] if actions else [])
    rest = width - sum(fixed)
    text_w = rest * (0.58 if about else 1.0)
    widths = [fixed[0], text_w] + ([rest - text_w] if about else []) + fixed[1:]
    head = ["#", "Action" if actions else "Decision"] + (["About"] if about else [])
    head += ["Owner", "Due", "State"] if actions else []
    rows: list[list[Any]] = [head]
    for n, note in enumerate(notes, start=1):
        where = _where(note)
        row: list[Any] = [str(n), tm.para(note.text or "(no text)", Styles.cell, item=where)]
        if about:
            row.append(tm.para(about_text(data, note), Styles.cell_muted, item=where))
        if actions:
            owner = data.person_name(note.owner_id) or "—"
            row += [tm.cell(owner, Styles.cell, widths[-3] - 6, item=where)]
            row += [date_text(note.due_date), _state(note)]
        rows.append(row)
    table = Grid(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    shade = [("BACKGROUND", (0, r), (-1, r), SOFT) for r in range(2, len(rows), 2)]
    table.setStyle(_table_style([("TEXTCOLOR", (0, 1), (0, -1), MUTED), *shade]))
    return table


def _headed(tm: TextMaker, title: str, table: Table) -> Flowable:
    """``table`` under its heading, which comes back ("… (continued)") on a next page."""
    continued = tm.label(f"{title} (continued)", Styles.h3)
    return Headed(tm.label(title, Styles.h3), table, continued)


def decision_log(ctx: SheetContext) -> list[Flowable]:
    """The decision log page's flowables (nothing when the room decided nothing yet)."""
    data, tm = ctx.data, ctx.text
    decisions = notes_in_order(data, [NoteKind.DECISION.value])
    actions = notes_in_order(data, [NoteKind.ACTION.value])
    if not decisions and not actions:
        return []
    story: list[Flowable] = [tm.label("Decision log", Styles.h2)]
    info = " · ".join(p for p in (data.info.name, data.info.cycle) if p)
    if info:
        story.append(tm.para(info, Styles.meta, item="Workshop details", base="L"))
    if decisions:
        table = _notes_table(ctx, decisions, about=True, actions=False)
        story += [Spacer(1, 8), _headed(tm, f"Decisions ({len(decisions)})", table)]
    if actions:
        table = _notes_table(ctx, actions, about=True, actions=True)
        story += [Spacer(1, 10), _headed(tm, f"Actions ({len(actions)})", table)]
    return story


def has_decision_log(data: WorkshopData) -> bool:
    """Whether the booklet gets a decision log page: the room decided or agreed something."""
    return any(n.kind in _LOG_KINDS for n in data.notes.values())


def team_notes_block(ctx: SheetContext, unit_id: int) -> list[Flowable]:
    """The decisions and actions that concern a team, for its sheet (nothing if none)."""
    notes = notes_of_unit(ctx.data, unit_id, _LOG_KINDS)
    story: list[Flowable] = []
    for kind, title, actions in (
        (NoteKind.DECISION.value, "Decisions that concern this team", False),
        (NoteKind.ACTION.value, "Actions that concern this team", True),
    ):
        chosen = [n for n in notes if n.kind == kind]
        if chosen:
            table = _notes_table(ctx, chosen, about=True, actions=actions)
            story += [Spacer(1, 6), _headed(ctx.text, title, table)]
    return story
