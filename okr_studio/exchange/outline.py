"""Outlines: Markdown pages and indented text read into units, objectives and key results.

Markdown is parsed by markdown-it-py (CommonMark): headings, nested bullet and
numbered lists, bold, links (their text is kept, the address dropped).
Indented plain text (pasted from a document) is read by its indentation, with
bullets and numbers ("-", "•", "1.", "1.2", "a)") taken off. Each line is then
recognised by the rules of :mod:`okr_studio.exchange.outline_rules` and placed
by its nesting: see there for the rules; :func:`reread` reads the same text
again with changed rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from okr_studio.exchange.columns import fold
from okr_studio.exchange.incoming import IdMap, Incoming, OwnerText, RefText
from okr_studio.exchange.items import Item, Side
from okr_studio.exchange.outline_rules import Line, OutlineRules, classify, key_result_fields
from okr_studio.exchange.problems import ExchangeFileError, Problem, Severity
from okr_studio.exchange.sources import MAX_ROWS

_LEVELS = ("company", "department", "team")


@dataclass(frozen=True)
class Node:
    """One line of an outline: its text, where it is, and how it is written."""

    text: str
    line: int
    depth: int = 0  # list nesting (0: not in a list)
    heading: int = 0  # heading level (0: not a heading)
    bold: bool = False
    listed: bool = False
    #: The bold words a line starts with (its title, when more follows them).
    lead: str = ""


# ---- Markdown --------------------------------------------------------------------------
def _inline_text(token: object) -> tuple[str, bool, str]:
    """The visible text of an inline token, whether it starts in bold, and that bold part."""
    parts: list[str] = []
    bold_start = None
    lead = None
    strong = 0
    for child in getattr(token, "children", None) or []:
        kind = child.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
            if bold_start and strong == 0 and lead is None:
                lead = "".join(parts)
        elif kind in ("text", "code_inline", "html_inline", "image"):
            if child.content.strip() and bold_start is None:
                bold_start = strong > 0
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split()), bool(bold_start), " ".join((lead or "").split())


def markdown_nodes(text: str) -> list[Node]:
    """The headings, list items and paragraphs of a Markdown text, in order."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    nodes: list[Node] = []
    depth = 0
    heading = 0
    taken: list[bool] = []  # per open list item: its first paragraph was read
    for i, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "list_item_open":
            taken.append(False)
        elif kind == "list_item_close":
            taken.pop()
        elif kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind == "inline":
            if taken and taken[-1] and not heading:
                continue  # a later paragraph of an item: its text, not an item
            words, bold, lead = _inline_text(token)
            line = (tokens[i].map or [0])[0] + 1
            if words:
                nodes.append(Node(words, line, depth, heading, bold, bool(taken), lead))
            if taken:
                taken[-1] = True
    return nodes


# ---- indented text ----------------------------------------------------------------------
_BULLET = re.compile(r"^(?:[-*•+–·▪◦]|\d+(?:\.\d+)*[.)]?|[a-zA-Z][.)]|\(\w+\))\s+")


def text_nodes(text: str) -> list[Node]:
    """The non-empty lines of indented text, with their nesting by indentation."""
    nodes: list[Node] = []
    indents: list[int] = []
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        while indents and indent < indents[-1]:
            indents.pop()
        if not indents or indent > indents[-1]:
            indents.append(indent)
        body = expanded.strip()
        listed = bool(_BULLET.match(body))
        body = _BULLET.sub("", body, count=1)
        # a line without a bullet or a colon, with lines indented below it, heads them
        heading = 0
        if not listed and ":" not in body and _indented_below(lines, number, indent):
            heading = len(indents)
        nodes.append(Node(body, number, len(indents), heading, listed=listed or len(indents) > 1))
    return nodes


def _indented_below(lines: list[str], number: int, indent: int) -> bool:
    for raw in lines[number:]:
        if raw.strip():
            expanded = raw.expandtabs(4)
            return len(expanded) - len(expanded.lstrip()) > indent
    return False


# ---- placing the lines -------------------------------------------------------------------
@dataclass
class _Builder:
    rules: OutlineRules
    unit_of_line: str
    ids: IdMap = field(default_factory=IdMap)
    side: Side = field(default_factory=Side)
    problems: list[Problem] = field(default_factory=list)
    units: list[tuple[int, str]] = field(default_factory=list)  # (heading level, key)
    context: list[tuple[int, str, str]] = field(default_factory=list)  # (depth, kind, key)
    last_objective: dict[int, str] = field(default_factory=dict)
    owner_units: dict[tuple[str | None, str], str] = field(default_factory=dict)
    prose: int = 0
    locale: str | None = None
    kr_titles: dict[str, list[str]] = field(default_factory=dict)
    guessed_levels: set[str] = field(default_factory=set)
    #: Keep a key result with no objective above it (pasted onto an objective), without
    #: a parent, instead of leaving it out.
    loose_key_results: bool = False

    def problem(self, line: int, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(message, line, self.unit_of_line, severity=severity))

    def heading_unit(self) -> str | None:
        return self.units[-1][1] if self.units else None

    def unit(self, node: Node, line: Line) -> None:
        while self.units and self.units[-1][0] >= node.heading:
            self.units.pop()
        level = (line.fields or {}).get("level")
        key = self.ids.uid(f"\x00line {node.line}")
        if not level:
            level = _LEVELS[min(len(self.units), len(_LEVELS) - 1)]
            self.guessed_levels.add(key)
        values = {"name": line.title, "level": level, "parent": self.heading_unit()}
        self.side.add(Item("unit", key, values, node.line))
        self.units.append((node.heading, key))
        self.context.clear()

    def owner_unit(self, parent_objective: str, owner: str, line: int) -> str | None:
        parent = self.side.get("objective", parent_objective)
        above = parent.get("parent") if parent is not None else self.heading_unit()
        if not owner or not self.rules.units_from_owners:
            return above
        key = (above, fold(owner))
        if key not in self.owner_units:
            self.owner_units[key] = self.ids.uid(f"\x00unit {key!r}")
            values = {"name": owner, "level": "team", "parent": above}
            self.side.add(Item("unit", self.owner_units[key], values, line))
            self.guessed_levels.add(self.owner_units[key])
        return self.owner_units[key]

    def objective(self, node: Node, line: Line, under_kr: str | None) -> None:
        key = self.ids.uid(f"\x00line {node.line}")
        unit = self.heading_unit()
        aligned = None
        if under_kr is not None:
            objective = self.side.items[("key_result", under_kr)].get("parent")
            unit = self.owner_unit(objective, line.owner, node.line)
            aligned = under_kr if self.rules.nested_objective_aligns else None
        if aligned is None and line.aligned:
            found = self.kr_titles.get(fold(line.aligned), [])
            aligned = found[0] if len(found) == 1 else RefText(line.aligned)
        values = {"title": line.title, "parent": unit, "aligned_to": aligned, "notes": line.note}
        values.update(line.fields or {})
        if line.owner:
            values["owner"] = OwnerText(line.owner)
        self.side.add(Item("objective", key, values, node.line))
        self.context.append((node.depth, "objective", key))
        self.last_objective[node.depth] = key

    def key_result(self, node: Node, line: Line, objective: str | None) -> None:
        if objective is None:
            objective = self.last_objective.get(node.depth)
        if objective is None and not self.loose_key_results:
            self.problem(node.line, "The key result has no objective above it. It is left out.")
            return
        key_result_fields(line, self.rules, self.locale)
        key = self.ids.uid(f"\x00line {node.line}")
        values = {**(line.fields or {}), "title": line.title, "parent": objective,
                  "notes": line.note}  # fmt: skip
        if line.owner:
            values["owner"] = OwnerText(line.owner)
        self.side.add(Item("key_result", key, values, node.line))
        self.kr_titles.setdefault(fold(line.title), []).append(key)
        self.context.append((node.depth, "key_result", key))

    def place(self, node: Node) -> None:
        line = classify(
            node.text, heading=bool(node.heading), bold=node.bold, rules=self.rules, lead=node.lead
        )
        if line.kind == "unit":
            self.unit(node, line)
            return
        while self.context and self.context[-1][0] >= node.depth:
            self.context.pop()
        above = self.context[-1] if self.context else None
        kind = line.kind
        if not kind:
            if not node.listed and not node.heading:
                self.prose += 1
                return
            kind = "objective"
            if above is not None and self.rules.alternate_levels:
                kind = "key_result" if above[1] == "objective" else "objective"
        if kind == "key_result":
            parent = next((k for _d, t, k in reversed(self.context) if t == "objective"), None)
            self.key_result(node, line, parent)
        else:
            under_kr = above[2] if above is not None and above[1] == "key_result" else None
            self.objective(node, line, under_kr)


def _page_title(nodes: list[Node]) -> Node | None:
    """The page's title: a first heading of level 1 with level-2 headings below it and no
    other of level 1 (it names the workshop, as the Markdown export writes it)."""
    headings = [n for n in nodes if n.heading]
    if not headings or headings[0].heading != 1 or nodes[0] is not headings[0]:
        return None
    levels = [n.heading for n in headings[1:]]
    return headings[0] if 2 in levels and 1 not in levels else None


def read_outline(
    text: str,
    source: str,
    *,
    markdown: bool | None = None,
    rules: OutlineRules | None = None,
    loose_key_results: bool = False,
) -> Incoming:
    """Read an outline (``markdown`` None: Markdown when the name or text says so;
    ``loose_key_results``: keep key results with no objective above them, parentless)."""
    rules = rules or OutlineRules()
    if markdown is None:
        markdown = PurePath(source).suffix.lower() in (".md", ".markdown") or bool(
            re.search(r"^\s{0,3}(#{1,6}\s|[-*+]\s|\d+\.\s)", text, re.MULTILINE)
        )
    nodes = markdown_nodes(text) if markdown else text_nodes(text)
    if len(nodes) > MAX_ROWS:
        raise ExchangeFileError(
            source, f"has more than {MAX_ROWS:,} lines; OKR Studio imports up to {MAX_ROWS:,}."
        )
    builder = _Builder(rules, "line", loose_key_results=loose_key_results)
    title = _page_title(nodes) if rules.headings_are_units else None
    if title is not None:
        nodes.remove(title)
        builder.side.add(Item("workshop", "workshop", {"name": title.text}, title.line))
    for node in nodes:
        builder.place(node)
    if builder.prose:
        builder.problems.append(Problem(
            f"{builder.prose} paragraph{'' if builder.prose == 1 else 's'} of plain text (not "
            "a heading, list item or bold line) "
            + ("is not read as an item." if builder.prose == 1 else "are not read as items."),
            severity="note"))  # fmt: skip
    return Incoming(
        source=source,
        format="markdown" if markdown else "text",
        side=builder.side,
        problems=builder.problems,
        text=text,
        rules=rules,
        made_up=builder.ids.generated,
        guessed_levels=builder.guessed_levels,
    )


def reread(incoming: Incoming, rules: OutlineRules) -> Incoming:
    """The same outline read again with other rules."""
    if incoming.text is None:
        return incoming
    again = read_outline(
        incoming.text,
        incoming.source,
        markdown=incoming.format == "markdown",
        rules=rules,
        loose_key_results=incoming.paste_objective is not None,
    )
    if incoming.pasted:
        from okr_studio.exchange.clipboard import as_pasted

        return as_pasted(again, incoming.paste_objective)
    return again


def read_outline_bytes(raw: bytes, source: str, *, markdown: bool | None = None) -> Incoming:
    from okr_studio.exchange.csvfile import decode_text

    text, notes = decode_text(raw, source)
    incoming = read_outline(text, source, markdown=markdown)
    incoming.problems[:0] = notes
    return incoming


def read_markdown(path: Path | str) -> Incoming:
    from okr_studio.exchange.sources import read_limited

    name = PurePath(str(path)).name
    return read_outline_bytes(read_limited(path), name, markdown=True)


def read_text_outline(path: Path | str) -> Incoming:
    from okr_studio.exchange.sources import read_limited

    name = PurePath(str(path)).name
    return read_outline_bytes(read_limited(path), name, markdown=False)


__all__ = ["Node", "OutlineRules", "read_outline", "reread"]
