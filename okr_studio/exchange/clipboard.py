"""Copy and Paste on the canvas: a selection as text out, pasted text in.

- :func:`selection_items` — the selected units, objectives and key results with
  what they hold (a unit's units and objectives, an objective's key results).
- :func:`selection_tsv` — those as tab-separated rows with the flat table's
  header, as spreadsheet programs paste them.
- :func:`selection_markdown` — the same as a Markdown list.
- :func:`html_table` — the rows as an HTML table: spreadsheet programs (Excel,
  LibreOffice Calc, Google Sheets, Numbers) paste an HTML table as cells, and
  none of them reads tab-separated values from the clipboard.
- :func:`paste_kind` — how pasted text is taken (below).
- :func:`read_pasted` — text pasted on the canvas: tab-separated rows with a
  header (from a spreadsheet, or copied here), else lines of an outline. The
  pasted items are new items (copies get new stable ids); what they name
  outside the paste (a parent unit) is the unit pasted into.

How pasted text is taken (:func:`paste_kind`), by the text alone:

- *rows* — the clipboard says it holds tab-separated values, or the first line
  has tabs and names a column the flat table knows as Type, Objective or Key
  result (a sheet copied from a spreadsheet with its header);
- *outline* — a Markdown heading, a bold line, an "Objective:" / "O1" / "KR:"
  line, list items at more than one indentation, or a line indented under the
  line above it by a tab or four spaces (a nested list from a wiki or a document);
- *lines* — anything else: a simple list of plain lines (:func:`plain_lines`
  takes bullets and numbers off), each a new key result of the selected
  objective or a new objective of the selected unit.

Rows and outlines go through the import preview; lines need none.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
from collections.abc import Iterable
from typing import Literal

from okr_studio.data import WorkshopData
from okr_studio.exchange.incoming import Incoming
from okr_studio.exchange.items import Item, Side, side_from_workshop
from okr_studio.keys import ItemKey
from okr_studio.vocab import new_uid

PASTED = "pasted text"


def selection_items(data: WorkshopData, keys: Iterable[ItemKey]) -> tuple[Side, list[Item]]:
    """The workshop as a side, and the chosen items with what they hold, in tree order."""
    from okr_studio.exchange.table_write import tree_order

    side = side_from_workshop(data)
    tables = {"unit": data.units, "objective": data.objectives, "key_result": data.key_results}
    chosen: set[str] = set()
    for kind, row_id in keys:
        row = tables.get(kind, {}).get(row_id)
        if row is not None:
            chosen.add(row.uid)
    out: list[Item] = []
    taken: set[str] = set()
    for item in tree_order(side):
        if item.key in chosen or item.get("parent") in taken:
            taken.add(item.key)
            out.append(item)
    return side, out


def selection_tsv(data: WorkshopData, keys: Iterable[ItemKey]) -> str:
    """The selection as tab-separated rows with a header (for spreadsheets)."""
    from okr_studio.exchange.csvfile import delimited_lines
    from okr_studio.exchange.table_write import table_rows

    side, items = selection_items(data, keys)
    return "".join(delimited_lines(table_rows(side, items), delimiter="\t"))


def selection_markdown(data: WorkshopData, keys: Iterable[ItemKey]) -> str:
    """The selection as a Markdown list (for wikis, chats and documents)."""
    from okr_studio.exchange.markdown_out import side_markdown

    side, items = selection_items(data, keys)
    part = Side()
    for item in items:
        if item.kind == "unit" and item.get("parent") not in {i.key for i in items}:
            item = item.with_values(parent=None)
        part.add(item)
    for person in side.of_kind("person"):
        part.add(person)
    objectives = {i.key for i in items if i.kind == "objective"}
    loose = [i for i in items if i.kind == "objective" and i.get("parent") not in part.items]
    if loose or any(i.kind == "key_result" and i.get("parent") not in objectives for i in items):
        return _loose_markdown(side, items)
    text = side_markdown(part)
    return text.split("\n", 2)[2] if text.startswith("# ") else text


def _loose_markdown(side: Side, items: list[Item]) -> str:
    from okr_studio.exchange.markdown_out import _kr_line, _objective_line

    lines = []
    objectives = {i.key for i in items if i.kind == "objective"}
    for item in items:
        if item.kind == "objective":
            lines.append(f"- {_objective_line(side, item)}")
        elif item.kind == "key_result":
            indent = "  " if item.get("parent") in objectives else ""
            lines.append(f"{indent}- {_kr_line(side, item)}")
    return "\n".join(lines) + "\n"


def looks_tabular(text: str) -> bool:
    """True when the first line has tabs and names a Type, Objective or Key result column."""
    from okr_studio.exchange.columns import guess_mapping

    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" not in first:
        return False
    fields = set(guess_mapping(first.split("\t")))
    return bool(fields & {"type", "objective", "key_result"})


def as_pasted(incoming: Incoming, objective: str | None = None) -> Incoming:
    """The same items as new ones: new stable ids, links inside the paste kept, links to
    anything else (a parent outside the paste) cleared so that it goes where it is pasted;
    key results left without an objective go into ``objective`` (a stable id), if given."""
    renamed = {key: new_uid() for (kind, key) in incoming.side.items if kind != "workshop"}
    side = Side()
    for item in incoming.side.items.values():
        if item.kind == "workshop":
            continue
        values = dict(item.values)
        parent = values.get("parent")
        if parent is not None:
            values["parent"] = renamed.get(parent) if isinstance(parent, str) else None
        if item.kind == "key_result" and values.get("parent") is None:
            values["parent"] = objective
        aligned = values.get("aligned_to")
        if isinstance(aligned, str) and aligned in renamed:
            values["aligned_to"] = renamed[aligned]
        side.add(Item(item.kind, renamed[item.key], values, item.line))
    incoming.side = side
    incoming.guessed_levels = {renamed[k] for k in incoming.guessed_levels if k in renamed}
    incoming.base = None
    incoming.made_up = set()
    incoming.pasted = True
    incoming.paste_objective = objective
    return incoming


def read_pasted(text: str, *, objective: str | None = None) -> Incoming:
    """Text pasted on the canvas, read as rows or an outline (see the module notes); pasted
    onto an objective (its stable id), key results with none in the paste go into it."""
    from okr_studio.exchange.csvfile import read_delimited
    from okr_studio.exchange.outline import read_outline

    if looks_tabular(text):
        incoming = read_delimited(text, PASTED, format="tsv", delimiter="\t")
    else:
        incoming = read_outline(text, PASTED, loose_key_results=objective is not None)
    return as_pasted(incoming, objective)


def has_items(incoming: Incoming) -> bool:
    """True when pasted text gave a unit, objective or key result, or a problem to show."""
    kinds = ("unit", "objective", "key_result")
    if any(problem.severity != "note" for problem in incoming.problems):
        return True
    return any(item.kind in kinds for item in incoming.side.items.values())


# ---- how pasted text is taken ------------------------------------------------------------------
PasteKind = Literal["rows", "outline", "lines"]

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_BOLD = re.compile(r"^\s*(?:[-*+•]\s+|\d+[.)]\s+)?\*\*\S")
_PREFIX = re.compile(
    r"^\s*(?:[-*+•]\s+|\d+[.)]\s+)?(?:objective|obj\.?|o\d+|kr\s*\d*|key\s+result\s*\d*|ziel)"
    r"\s*(?:\d+(?:\.\d+)*)?\s*(?::\s*|[.)–-]\s+)\S",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-*+•–·]|\d+[.)])\s+")


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _nested(lines: list[str]) -> bool:
    """List items at several depths, or a line indented under the one above it by a
    tab or four spaces (as documents indent)."""
    listed = {_indent(line) for line in lines if _BULLET.match(line.strip())}
    if len(listed) > 1:
        return True
    return any(_indent(line) >= _indent(above) + 4 for above, line in itertools.pairwise(lines))


def paste_kind(text: str, *, offers_tsv: bool = False) -> PasteKind:
    """How pasted text is taken (see the module notes); ``offers_tsv``: the clipboard
    says it holds tab-separated values."""
    if offers_tsv or looks_tabular(text):
        return "rows"
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    if any(_HEADING.match(line) or _BOLD.match(line) or _PREFIX.match(line) for line in lines):
        return "outline"
    return "outline" if _nested(lines) else "lines"


def plain_lines(text: str) -> list[str]:
    """The lines of a simple list, without their bullets or numbers."""
    return [_BULLET.sub("", line.strip(), count=1) for line in text.splitlines() if line.strip()]


def html_table(tsv: str) -> str:
    """Tab-separated rows as an HTML table, without the columns no row fills (a table
    pasted into a document stays narrow)."""
    rows = list(csv.reader(io.StringIO(tsv, newline=""), delimiter="\t"))
    if not rows:
        return ""
    head, body = rows[0], rows[1:]
    used = [i for i in range(len(head)) if any(i < len(r) and r[i] for r in body)]

    def cells(row: list[str], tag: str) -> str:
        return "".join(
            f"<{tag}>{html.escape(row[i] if i < len(row) else '')}</{tag}>" for i in used
        )

    lines = [f"<tr>{cells(head, 'th')}</tr>"] + [f"<tr>{cells(r, 'td')}</tr>" for r in body]
    return '<meta charset="utf-8"><table>' + "".join(lines) + "</table>"
