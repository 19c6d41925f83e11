"""The workshop as Markdown: the tree as headings and nested lists, readable on any wiki.

Units are headings (one level deeper per unit level, bold lines past the sixth);
under each unit its objectives are list items in bold with their owner, and
their key results are nested items with owner, baseline → target and due date.
An aligned objective names the key result it supports. Notes follow a "=>", as
the outline reader reads them. Text is escaped so that Markdown characters in
titles (``*``, ``_``, ``[``, ``<``…) show as written, and line breaks inside a
field become spaces (a list item is one line).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from okr_studio.data import WorkshopData
from okr_studio.exchange.items import Item, Side, side_from_workshop
from okr_studio.numbers import format_number

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~{}&])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def md(text: str) -> str:
    """Text as Markdown shows it literally, on one line."""
    one_line = " ".join(str(text).split())
    escaped = _SPECIAL.sub(r"\\\1", one_line)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def _owner(side: Side, item: Item) -> str:
    person = side.get("person", item.get("owner"))
    return md(person.title) if person is not None and person.title.strip() else ""


def _number(value: object) -> str:
    return format_number(value, "en_US") if isinstance(value, float) else ""


def _kr_line(side: Side, kr: Item) -> str:
    parts = [f"KR: {md(kr.title) or '(no title)'}"]
    owner = _owner(side, kr)
    if owner:
        parts.append(owner)
    baseline, target = _number(kr.get("baseline")), _number(kr.get("target"))
    unit = md(str(kr.get("unit_of_measure") or ""))
    if baseline or target:
        span = f"{baseline or '?'} → {target or '?'}"
        parts.append(f"{span} {unit}".strip())
    due = kr.get("due_date")
    if isinstance(due, dt.date):
        parts.append(f"due {due.isoformat()}")
    line = " — ".join(parts)
    notes = md(str(kr.get("notes") or ""))
    return f"{line} => {notes}" if notes else line


def _objective_line(side: Side, obj: Item) -> str:
    line = f"**{md(obj.title) or '(no title)'}**"
    owner = _owner(side, obj)
    if owner:
        line += f" — {owner}"
    # the status always follows, so a title with a colon is never read as "Owner: title"
    line += " *(agreed)*" if obj.get("status") == "agreed" else " *(draft)*"
    parent = side.get("key_result", obj.get("aligned_to"))
    if parent is not None:
        line += f" — supports “{md(parent.title)}”"
    notes = md(str(obj.get("notes") or ""))
    return f"{line} => {notes}" if notes else line


def markdown_lines(side: Side) -> Iterator[str]:
    """The whole side as Markdown, line by line."""
    info = side.workshop
    name = md(info.title) if info is not None and info.title.strip() else "OKRs"
    cycle = md(str(info.get("cycle") or "")) if info is not None else ""
    yield f"# {name}" + (f" — {cycle}" if cycle else "")
    units: dict[str | None, list[Item]] = {}
    for unit in side.of_kind("unit"):
        units.setdefault(unit.get("parent"), []).append(unit)
    objectives: dict[str | None, list[Item]] = {}
    for obj in side.of_kind("objective"):
        objectives.setdefault(obj.get("parent"), []).append(obj)
    krs: dict[str | None, list[Item]] = {}
    for kr in side.of_kind("key_result"):
        krs.setdefault(kr.get("parent"), []).append(kr)
    known = {u.key for u in side.of_kind("unit")}
    stack = [(u, 0) for u in reversed(side.of_kind_list("unit")) if u.get("parent") not in known]
    while stack:
        unit, depth = stack.pop()
        yield ""
        title = md(unit.title) or "(no name)"
        level = md(str(unit.get("level") or ""))
        heading = f"{title} ({level})" if level else title
        yield f"{'#' * (depth + 2)} {heading}" if depth < 5 else f"**{heading}**"
        if objectives.get(unit.key):
            yield ""
        for obj in objectives.get(unit.key, []):
            yield f"- {_objective_line(side, obj)}"
            for kr in krs.get(obj.key, []):
                yield f"  - {_kr_line(side, kr)}"
        stack.extend((child, depth + 1) for child in reversed(units.get(unit.key, [])))


def side_markdown(side: Side) -> str:
    return "\n".join(markdown_lines(side)) + "\n"


def write_markdown(data: WorkshopData, path: Path | str) -> None:
    """Write the workshop as Markdown (UTF-8), whole or not at all."""
    from okr_studio.safewrite import atomic_write

    side = side_from_workshop(data)
    with atomic_write(path) as fh:
        for line in markdown_lines(side):
            fh.write(line.encode("utf-8") + b"\n")
