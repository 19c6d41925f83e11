"""What a reader hands the plan: the incoming side, the base, the problems found.

Readers cannot know the open workshop, so two kinds of value stay open until the
plan (:mod:`okr_studio.exchange.plan`) resolves them against it:

- :class:`OwnerText`: an owner as a table or an outline names them (a name, an
  e-mail address), found among the workshop's people or added as a new person;
- :class:`RefText`: a parent or parent key result named by something that is
  not an item of the file (an id of the workshop, or a title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from okr_studio.exchange.items import Side
from okr_studio.exchange.problems import Problem
from okr_studio.vocab import new_uid


@dataclass(frozen=True, slots=True)
class OwnerText:
    """An owner named by text: a name, an e-mail address, or both."""

    name: str
    email: str = ""

    def __bool__(self) -> bool:
        return bool(self.name.strip() or self.email.strip())

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


@dataclass(frozen=True, slots=True)
class RefText:
    """A reference written as text the file itself does not resolve (an id or a title)."""

    text: str

    def __str__(self) -> str:
        return self.text


_UID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _looks_like_uid(text: str) -> bool:
    """A UUID as :func:`okr_studio.vocab.new_uid` writes it (any case); quick, as the
    readers ask for every id and reference."""
    return len(text) == 36 and _UID.fullmatch(text) is not None


class IdMap:
    """The ids a file uses, as stable ids: a UUID stays, any other id gets a new one.

    Several readers of one file (its rows and its base) share one map, so an id
    means the same item everywhere in the file.
    """

    def __init__(self) -> None:
        self._map: dict[str, str] = {}
        #: The stable ids made up here (for ids that were not UUIDs, or no id at all).
        self.generated: set[str] = set()

    def uid(self, raw: str) -> str:
        text = raw.strip()
        if _looks_like_uid(text):
            return text.lower()
        if text not in self._map:
            self._map[text] = new_uid()
            self.generated.add(self._map[text])
        return self._map[text]

    def known(self, raw: str) -> str | None:
        """The stable id of an id the file uses (None if it never named it)."""
        text = raw.strip()
        if _looks_like_uid(text):
            return text.lower()
        return self._map.get(text)


@dataclass
class Incoming:
    """A file (or pasted text) read into items, before it is compared with a workshop."""

    #: The file's name (or "pasted text"), for messages.
    source: str
    #: "json", "csv", "xlsx", "markdown", "text" or "tsv".
    format: str
    side: Side
    #: The items as they were exported (XLSX and JSON exports carry them), else None.
    base: Side | None = None
    problems: list[Problem] = field(default_factory=list)
    #: Tables: the cells as read and the column mapping used (see ``exchange.table``).
    table: Any = None
    mapping: tuple[str | None, ...] = ()
    #: Outlines: the text and the recognition rules used (see ``exchange.outline``).
    text: str | None = None
    rules: Any = None
    #: Tables: the locale numbers and dates were read in ("en_US", "de_DE"…).
    number_locale: str = ""
    #: Keys the reader made up for items the file gives no id (matched by place and
    #: title against the workshop, so reading the same sheet twice adds nothing twice).
    made_up: set[str] = field(default_factory=set)
    #: Outlines: units whose level the reader guessed (by the depth of their heading, or
    #: "team" for a unit named by an owner); the plan gives them the level the workshop
    #: uses where they land.
    guessed_levels: set[str] = field(default_factory=set)
    #: Pasted text: every item is a new one (read again with other columns or rules, it
    #: stays so; see :func:`okr_studio.exchange.clipboard.as_pasted`).
    pasted: bool = False
    #: Pasted onto an objective: the objective (stable id) that key results with none in
    #: the paste go into.
    paste_objective: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
