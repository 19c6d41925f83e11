"""Copy and Paste on the canvas: a selection as text out, pasted text in.

- :func:`selection_items` — the selected units, objectives and key results with
  what they hold (a unit's units and objectives, an objective's key results).
- :func:`selection_tsv` — those as tab-separated rows with the flat table's
  header, as spreadsheet programs paste them.
- :func:`selection_markdown` — the same as a Markdown list.
- :func:`read_pasted` — text pasted on the canvas: tab-separated rows with a
  header (from a spreadsheet, or copied here), else lines of an outline. The
  pasted items are new items (copies get new stable ids); what they name
  outside the paste (a parent unit) is the unit pasted into.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def _looks_tabular(text: str) -> bool:
    from okr_studio.exchange.columns import guess_mapping

    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" not in first:
        return False
    fields = set(guess_mapping(first.split("\t")))
    return bool(fields & {"type", "objective", "key_result"})


def fresh_ids(incoming: Incoming) -> Incoming:
    """The same items as new ones: new stable ids, links inside the paste kept, links to
    anything else (a parent outside the paste) cleared so it goes where it is pasted."""
    renamed = {key: new_uid() for (kind, key) in incoming.side.items if kind != "workshop"}
    side = Side()
    for item in incoming.side.items.values():
        if item.kind == "workshop":
            continue
        values = dict(item.values)
        parent = values.get("parent")
        if isinstance(parent, str) or parent is not None:
            values["parent"] = renamed.get(parent) if isinstance(parent, str) else None
        aligned = values.get("aligned_to")
        if isinstance(aligned, str) and aligned in renamed:
            values["aligned_to"] = renamed[aligned]
        side.add(Item(item.kind, renamed[item.key], values, item.line))
    incoming.side = side
    incoming.base = None
    incoming.made_up = set()
    return incoming


def read_pasted(text: str) -> Incoming:
    """Text pasted on the canvas, read as rows or an outline (see the module notes)."""
    from okr_studio.exchange.csvfile import read_delimited
    from okr_studio.exchange.outline import read_outline

    if _looks_tabular(text):
        incoming = read_delimited(text, PASTED, format="tsv", delimiter="\t")
    else:
        incoming = read_outline(text, PASTED)
    return fresh_ids(incoming)
