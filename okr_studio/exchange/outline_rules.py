"""How a line of an outline is recognised: the rules, visible and changeable.

An outline (a wiki page, a handbook, text pasted from a document) has no
columns, so each line is read by these rules, which the preview lists
(:func:`describe`) and lets the user switch (:class:`OutlineRules`):

- a heading is a unit (its level gives the unit's depth);
- a bold line, or one starting "Objective:" / "O1:", is an objective;
- a line starting "KR:" / "KR1:" / "Key result:" is a key result, also after a
  name ("Head of Sales KR: …" names its owner);
- a plain line under an objective is a key result, under a key result an
  objective (aligned to that key result), at the top an objective;
- "Name: text" or "Role: text" names the owner; "@Name" on a key result line too
  (and wins: it names the one person, "@Jana_Novak" gives "Jana Novak");
- a trailing "=> text" is a note;
- a key result line is read for its numbers ("from 8% to 5%") and its due date
  ("by 31 March 2027", "due 2027-03-31");
- an objective nested under a key result goes into a unit named after its owner
  (a role such as "Head of Sales"), below the unit of the objective above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from okr_studio.dates import date_spans, read_date
from okr_studio.errors import EditRefused
from okr_studio.exchange.columns import UNIT_LEVEL_WORDS


@dataclass(frozen=True)
class OutlineRules:
    """The rules an outline is read by (each can be switched off in the preview)."""

    headings_are_units: bool = True
    bold_is_objective: bool = True
    prefixes: bool = True
    owner_prefix: bool = True
    alternate_levels: bool = True
    nested_objective_aligns: bool = True
    units_from_owners: bool = True
    note_marker: str = "=>"
    read_numbers: bool = True


def describe(rules: OutlineRules) -> list[tuple[str, bool, str]]:
    """(rule name, on, what it does) for every rule, as the preview lists them."""
    marker = rules.note_marker or "=>"
    return [
        ("headings_are_units", rules.headings_are_units, "A heading is a unit."),
        ("bold_is_objective", rules.bold_is_objective, "A bold line is an objective."),
        (
            "prefixes",
            rules.prefixes,
            "“Objective:” or “O1:” starts an objective, “KR:” or “KR1:” a key result.",
        ),
        (
            "owner_prefix",
            rules.owner_prefix,
            "“Name: …” or “Role: …” at the start names the owner.",
        ),
        (
            "alternate_levels",
            rules.alternate_levels,
            "A line under an objective is a key result; under a key result, an objective.",
        ),
        (
            "nested_objective_aligns",
            rules.nested_objective_aligns,
            "An objective under a key result is aligned to it.",
        ),
        (
            "units_from_owners",
            rules.units_from_owners,
            "An objective under a key result goes into a unit named after its owner.",
        ),
        ("note_marker", bool(rules.note_marker), f"A trailing “{marker} …” is a note."),
        (
            "read_numbers",
            rules.read_numbers,
            "Key results are read for their numbers (“from 8% to 5%”), due dates and “@Owner”.",
        ),
    ]


_KR = re.compile(
    r"^(?:(?P<owner>[^:\n]{1,60}?)\s+)?(?:KR|Key\s+result|Schlüsselergebnis)\s*\d*(?:\.\d+)*"
    r"\s*[:.)\-–]\s*(?P<text>.*)$",
    re.IGNORECASE,
)
_OBJECTIVE = re.compile(
    r"^(?:(?P<owner>[^:\n]{1,60}?)\s+)?(?:Objective|Obj\.?|O|Ziel)\s*\d*(?:\.\d+)*"
    r"\s*[:.)\-–]\s+(?P<text>.*)$",
    re.IGNORECASE,
)
_OWNER = re.compile(r"^(?P<owner>[^\W\d_][^:\n]{0,58}?)\s*:\s+(?P<text>\S.*)$")
_NOT_OWNERS = {
    "note", "notes", "hinweis", "goal", "target", "why", "result", "outcome", "problem",
    "status", "due", "link", "see", "example", "beispiel", "idea", "question", "todo",
    "metric", "baseline", "deadline", "update", "context",
}  # fmt: skip
_DUE_WORDS = re.compile(r"\b(?:by|due|until|before|bis|fällig(?:\s+am)?|zum)\s*$", re.I)


@dataclass
class Line:
    """One line of an outline as read: its kind and fields (see :func:`classify`)."""

    kind: str  # "unit", "objective", "key_result", or "" (not an item)
    title: str
    owner: str = ""
    note: str = ""
    explicit: bool = False  # said by a prefix or bold, not by its place
    fields: dict[str, Any] | None = None
    #: The title of the key result it supports, as the line names it ("supports “…”").
    aligned: str = ""


def _split_note(text: str, marker: str) -> tuple[str, str]:
    if marker and marker in text:
        head, _, note = text.rpartition(marker)
        if head.strip():
            return head.rstrip(), note.strip()
    return text, ""


def _owner_and_text(text: str) -> tuple[str, str]:
    match = _OWNER.match(text)
    if match is None:
        return "", text
    owner = match["owner"].strip()
    words = owner.split()
    if len(words) > 6 or owner.casefold() in _NOT_OWNERS or owner[0].islower():
        return "", text
    return owner, match["text"].strip()


def classify(text: str, *, heading: bool, bold: bool, rules: OutlineRules, lead: str = "") -> Line:
    """What a line is by its own words (its place decides the rest: see ``outline``)."""
    text, note = _split_note(text.strip(), rules.note_marker)
    if rules.prefixes:
        for kind, pattern in (("key_result", _KR), ("objective", _OBJECTIVE)):
            match = pattern.match(text)
            if match is not None and match["text"].strip():
                owner = (match["owner"] or "").strip() if rules.owner_prefix else ""
                line = Line(kind, match["text"].strip(), owner, note, explicit=True)
                if kind == "objective":
                    return line
                title, _dash, tail = line.title.partition(" — ")
                return _tail(line, title, tail)
    if heading and rules.headings_are_units:
        level = _LEVEL.match(text)
        if level is not None and level["level"].lower() in UNIT_LEVEL_WORDS:
            line = Line("unit", level["name"], note=note, explicit=True)
            line.fields = {"level": level["level"].lower()}
            return line
        return Line("unit", text, note=note, explicit=True)
    tail = ""
    if bold and lead and text.startswith(lead) and text != lead:
        if lead.endswith(":") and rules.owner_prefix:  # "**Head of Sales:** Grow revenue"
            rest = text[len(lead) :].strip()
            return Line("objective" if rules.bold_is_objective else "", rest, lead[:-1].strip(),
                        note, explicit=rules.bold_is_objective)  # fmt: skip
        text, tail = lead, text[len(lead) :]
    # "**Title** — Owner *(agreed)*" (as exported): what follows the title says the rest
    named_after = bool(tail.strip())
    owner, rest = _owner_and_text(text) if rules.owner_prefix and not named_after else ("", text)
    if bold and rules.bold_is_objective:
        return _tail(Line("objective", rest, owner, note, explicit=True), rest, tail)
    return Line("", rest, owner, note)


_LEVEL = re.compile(r"^(?P<name>.*\S)\s*\((?P<level>[^()]{1,30})\)$")
_SPAN = re.compile(r"^(?P<from>\S+)\s*→\s*(?P<to>\S+)(?:\s+(?P<unit>.+))?$")
_SUPPORTS = re.compile(r"^supports\s+[“\"](?P<title>.*)[”\"]$", re.IGNORECASE)


def _tail(line: Line, title: str, tail: str) -> Line:
    """Read what follows a title after " — " (as the Markdown export writes it): the
    owner, "(agreed)", "supports “…”", "5 → 10 %", "due 2027-03-31"."""
    parts = [p.strip() for p in tail.split(" — ") if p.strip()]
    if not parts:
        return line
    fields: dict[str, Any] = {}
    for part in parts:
        for status in ("agreed", "draft"):
            if part.endswith(f"({status})"):
                fields["status"] = status
                part = part.removesuffix(f"({status})").strip()
        if not part:
            continue
        span, supports = _SPAN.match(part), _SUPPORTS.match(part)
        if supports is not None:
            line.aligned = supports["title"]
        elif span is not None and line.kind == "key_result":
            fields.update(_span(span))
        elif part.startswith("due ") and line.kind == "key_result":
            try:
                fields["due_date"] = read_date(part[4:], "due date")
            except EditRefused:
                pass
        elif not line.owner:
            line.owner = part
    line.title = title.strip()
    line.fields = {**(line.fields or {}), **fields}
    return line


def _span(match: re.Match[str]) -> dict[str, Any]:
    from okr_studio.numbers import read_text

    fields: dict[str, Any] = {}
    for name, key in (("baseline", "from"), ("target", "to")):
        try:
            fields[name] = read_text(match[key], name, "en_US")[0]
        except EditRefused:
            pass
    if match["unit"]:
        fields["unit_of_measure"] = match["unit"]
    return fields


def key_result_fields(line: Line, rules: OutlineRules, locale: str | None = None) -> None:
    """Read a key result line as the canvas reads a typed line (:mod:`okr_studio.entry`):
    its numbers, unit, direction, metric, due date, work type and "@Owner" into
    ``line.fields`` (what is already there wins); the owner and the due date leave the
    title. "@Jana_Novak" is Jana Novak and wins over an owner named before "KR:"."""
    if not rules.read_numbers:
        return
    if line.fields and ("baseline" in line.fields or "target" in line.fields):
        return  # "5 → 10 %" after the title (as the Markdown export writes it) says it all
    from okr_studio.entry import EntryContext, read_entry

    entry = read_entry(line.title, EntryContext(locale=locale))
    fields = {k: v for k, v in entry.fields.items() if k != "owner_name"}
    owner = entry.fields.get("owner_name")
    if isinstance(owner, str) and owner.strip():
        line.owner = " ".join(owner.replace("_", " ").split())
    line.title = entry.title
    if "due_date" not in fields:
        due = _due_date(line.title, locale)
        if due is not None:
            fields["due_date"] = due
    line.fields = {**fields, **(line.fields or {})}


def _due_date(title: str, locale: str | None) -> Any:
    for start, end in reversed(date_spans(title, locale)):
        if not _DUE_WORDS.search(title[:start]):
            continue
        written = title[start:end].strip(" ,()")
        for where in (locale, "de_DE"):  # 30.06.2027 is day first wherever it is written
            try:
                return read_date(written, "due date", where)
            except EditRefused:
                continue
    return None
