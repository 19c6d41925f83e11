"""One-line entry: a key result typed as one line, read into its fields.

    read_entry("Raise activation from 20% to 35% by 31 Mar @Ana García #debt", context)

gives the title "Raise activation from 20% to 35%", baseline 20, target 35, unit "%",
direction "increase", due date 31 March, owner "Ana García", work type technical debt,
and the metric "activation" proposed from the title. Each understood piece is a
:class:`Part` with its characters' span in the line, so an editor can show it as a chip
and :meth:`Entry.without` can take it back ("not this part": its characters stay in the
title, its field is not set).

Which characters leave the title: the parts read as other fields, the owner
("@Ana García", see :mod:`okr_studio.entry._tags`), the work type ("#debt") and the due
date with its marker ("by 31 Mar", "bis Ende Mai", see :mod:`okr_studio.entry._when`),
each with the spaces before it. Every other character of the title stays exactly as
typed: numbers are read from the title (:mod:`okr_studio.entry._measures`) but stay in it.

Numbers and dates are read by the app's one reader of each (:mod:`okr_studio.mentions`,
:mod:`okr_studio.numbers`, :mod:`okr_studio.dates`) in the user's locale, so "FY21",
"Q3" (not after "by" / "bis"), "ISO 27001" and "H264" are never numbers. A day written
without a year is the first such day on or after the cycle's first day, else today
(:class:`EntryContext`). The function is pure: the workshop's people, cycle, today and
locale are passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okr_studio.dates import quarter_dates
from okr_studio.entry._measures import read_measures
from okr_studio.entry._tags import owner_at, work_type_at
from okr_studio.entry._when import When, find_due
from okr_studio.numbers import locale_name

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData

__all__ = [
    "FIELDS",
    "LEAVING",
    "SERVICE_KEYS",
    "Entry",
    "EntryContext",
    "Part",
    "fields_of",
    "read_entry",
]

#: Every field a part can fill, in the order chips are listed.
FIELDS = (
    "baseline",
    "target",
    "unit_of_measure",
    "direction",
    "metric",
    "due_date",
    "owner",
    "work_type",
)
#: The parts whose characters leave the title.
LEAVING = frozenset({"owner", "work_type", "due_date"})
#: The keyword a service takes for a field (``services.add_key_result(ws, o, title, **…)``).
SERVICE_KEYS = {"owner": "owner_name"}


@dataclass(frozen=True, slots=True)
class Part:
    """One understood piece of a line: the field it fills and its value.

    ``start`` / ``end`` index the line as typed (``line[start:end] == text``). A part
    that ``leaves_title`` (owner, work type, due date) is cut out of the title; the
    others (numbers, unit, direction, metric) are read from characters that stay in it.
    ``value`` is a float (baseline, target), a ``datetime.date`` (due_date) or text: the
    owner's name, the work type's value ("technical_debt"), the direction's value
    ("decrease"), the unit ("%") or the metric ("activation").
    """

    field: str
    start: int
    end: int
    text: str
    value: Any
    leaves_title: bool


@dataclass(frozen=True, slots=True)
class EntryContext:
    """What the reading depends on besides the line: the workshop's people (names, for
    "@Ana García"), its cycle (first and last day), today, and the locale of numbers and
    dates (None: the app's default locale)."""

    people: tuple[str, ...] = ()
    cycle: tuple[dt.date, dt.date] | None = None
    today: dt.date | None = None
    locale: str | None = None

    @classmethod
    def of(
        cls, data: WorkshopData, *, today: dt.date | None = None, locale: str | None = None
    ) -> EntryContext:
        """The context of a workshop: its people and its cycle (the cycle's own first
        and last day, else those of a cycle written as a quarter such as "2027 Q1")."""
        info = data.info
        cycle = None
        if info.cycle_start is not None and info.cycle_end is not None:
            cycle = (info.cycle_start, info.cycle_end)
        else:
            cycle = quarter_dates(info.cycle)
        people = tuple(p.name for p in data.people.values() if p.name.strip())
        return cls(people=people, cycle=cycle, today=today, locale=locale)


@dataclass(frozen=True, slots=True)
class Entry:
    """A line read into a key result's fields (see the module's notes)."""

    line: str
    title: str
    parts: tuple[Part, ...]
    context: EntryContext = field(default_factory=EntryContext)
    #: Fields taken back with :meth:`without` (their characters stay in the title).
    removed: frozenset[str] = frozenset()

    def part(self, name: str) -> Part | None:
        """The part filling field ``name``, or None."""
        return next((p for p in self.parts if p.field == name), None)

    @property
    def fields(self) -> dict[str, Any]:
        """The fields understood, keyed as the services take them (``owner_name`` for the
        owner), without the title: ``services.add_key_result(ws, objective_id,
        entry.title, **entry.fields)``."""
        return {SERVICE_KEYS.get(p.field, p.field): p.value for p in self.parts}

    def without(self, name: str) -> Entry:
        """The same line read without field ``name``: a part that left the title goes
        back into it, and the field is not set."""
        return read_entry(self.line, self.context, without=self.removed | {name})


def _cut(line: str, spans: Iterable[tuple[int, int]]) -> list[int]:
    """Indexes of the line's characters that stay in the title: all but the ``spans``,
    each cut with the spaces before it (after it, at the start of the line), and the
    spaces around the whole title."""
    gone = [False] * len(line)
    for start, end in spans:
        while start > 0 and line[start - 1].isspace():
            start -= 1
        if start == 0 or all(gone[:start]):
            while end < len(line) and line[end].isspace():
                end += 1
        for i in range(start, end):
            gone[i] = True
    kept = [i for i in range(len(line)) if not gone[i]]
    while kept and line[kept[0]].isspace():
        kept.pop(0)
    while kept and line[kept[-1]].isspace():
        kept.pop()
    return kept


def _leaving(line: str, context: EntryContext, skip: frozenset[str], locale: str) -> list[Part]:
    taken: list[tuple[int, int]] = []
    parts: list[Part] = []

    def add(name: str, start: int, end: int, value: Any) -> None:
        if line[start - 1 : start] + line[end : end + 1] in ("()", "[]"):
            start, end = start - 1, end + 1  # "(@Ben Okafor)": the brackets go with it
        taken.append((start, end))
        parts.append(Part(name, start, end, line[start:end], value, True))

    if "work_type" not in skip and (found := work_type_at(line, taken)) is not None:
        add("work_type", *found)
    if "owner" not in skip and (owner := owner_at(line, context.people, taken)) is not None:
        add("owner", *owner)
    if "due_date" not in skip:
        today = context.today or dt.date.today()
        start = context.cycle[0] if context.cycle is not None else today
        due = find_due(line, When(start, context.cycle, locale), taken)
        if due is not None:
            add("due_date", *due)
    return parts


def read_entry(
    line: str, context: EntryContext | None = None, *, without: Iterable[str] = ()
) -> Entry:
    """Read one typed line into a key result's title and fields.

    ``context`` gives the workshop's people, cycle, today and locale (default: none,
    none, the real today, the app's locale). Fields named in ``without`` are not read
    (see :meth:`Entry.without`). Never raises for any text.
    """
    context = context or EntryContext()
    skip = frozenset(without)
    text = line if isinstance(line, str) else ""
    locale = locale_name(context.locale)
    leaving = _leaving(text, context, skip, locale)
    kept = _cut(text, [(p.start, p.end) for p in leaving])
    title = "".join(text[i] for i in kept)
    parts = list(leaving)
    for name, start, end, value in read_measures(title, locale):
        if name in skip or start >= end:
            continue
        s, e = kept[start], kept[end - 1] + 1
        parts.append(Part(name, s, e, text[s:e], value, False))
    order = {name: i for i, name in enumerate(FIELDS)}
    parts.sort(key=lambda p: (order[p.field], p.start))
    return Entry(text, title, tuple(parts), context, skip)


def fields_of(entry: Entry, keep: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``entry.fields`` for a key result that already has values: a field ``keep`` holds
    a value for (not None, not "") is left out, so reading a title never overwrites what
    someone set (the metric is only proposed where none is given)."""
    keep = keep or {}
    return {k: v for k, v in entry.fields.items() if keep.get(k) in (None, "")}
