"""The columns of the flat table, and how a sheet's headers are matched to them.

The flat table is one row per unit, objective and key result. Its columns are
the head (:data:`HEAD`: id, type, parent, aligned to, level, title, owner,
owner e-mail) followed by every other field of the key result and objective
interchange models (:mod:`okr_studio.model`), in model order, notes last: a
field added to a model becomes a column here with a header made from its
title or name. Headers are matched whatever their order, case, spacing and
punctuation, and common other words for them are understood (:data:`SYNONYMS`).

A sheet without a Type column can still be read when it names the levels in
columns ("Department | Team | Objective | Key result | Owner | Start value…"):
the *wide* fields :data:`WIDE` (an objective column, a key result column, unit
columns named by level) say which cells make which items.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the flat table: its field, its header, the row types that use it."""

    field: str
    header: str
    kinds: tuple[str, ...]


def fold(text: object) -> str:
    """A header as compared: case, spaces, punctuation and accents' forms aside."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


#: The first columns, in order: (field, header, row types using it).
HEAD: tuple[Column, ...] = (
    Column("id", "ID", ("unit", "objective", "key_result")),
    Column("type", "Type", ("unit", "objective", "key_result")),
    Column("parent", "Parent", ("unit", "objective", "key_result")),
    Column("aligned_to", "Aligned to", ("objective",)),
    Column("level", "Level", ("unit",)),
    Column("title", "Title", ("unit", "objective", "key_result")),
    Column("owner", "Owner", ("objective", "key_result")),
    Column("owner_email", "Owner e-mail", ("objective", "key_result")),
)
_IN_HEAD = {"id", "parent", "aligned_to", "title", "owner", "name", "level"}


def _header(kind: str, name: str) -> str:
    from okr_studio.model import EXCHANGE_ROWS

    title = EXCHANGE_ROWS[kind].model_fields[name].title
    return title or name.replace("_", " ").capitalize()


@cache
def columns() -> tuple[Column, ...]:
    """Every column of the flat table, in the order the writers put them."""
    from okr_studio.exchange.items import fields_of

    rest: dict[str, Column] = {}
    for kind in ("key_result", "objective"):
        for name in fields_of(kind):
            if name in _IN_HEAD:
                continue
            if name in rest:
                kinds = (*rest[name].kinds, kind)
                rest[name] = Column(name, rest[name].header, kinds)
            else:
                rest[name] = Column(name, _header(kind, name), (kind,))
    notes = rest.pop("notes", None)
    tail = (notes,) if notes is not None else ()
    return (*HEAD, *rest.values(), *tail)


#: Other headers people use for a column (matched after :func:`fold`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("uid", "stable id", "item id", "key", "ref", "reference"),
    "type": ("item type", "kind", "row type", "typ", "art"),
    "parent": ("parent id", "belongs to", "under", "parent item", "übergeordnet"),
    "aligned_to": (
        "aligned to id", "aligns to", "parent key result", "parent kr", "supports",
        "contributes to", "aligned with", "ausgerichtet auf",
    ),
    "level": ("unit level", "ebene"),
    "title": ("name", "titel", "bezeichnung", "text", "summary", "item"),
    "owner": ("responsible", "accountable", "assignee", "owner name", "verantwortlich"),
    "owner_email": ("e-mail", "email", "mail", "owner mail", "e-mail address"),
    "metric": ("measure", "kpi", "indicator", "metrik", "kennzahl"),
    "baseline": (
        "start value", "start", "starting value", "current value", "current", "from",
        "ausgangswert", "startwert", "ist",
    ),
    "target": ("target value", "goal", "to", "zielwert", "soll", "target value (to)"),
    "unit_of_measure": ("measure unit", "uom", "units", "unit (measure)", "einheit"),
    "direction": ("richtung", "trend"),
    "due_date": ("due", "deadline", "date", "by", "end date", "fällig", "termin", "bis"),
    "work_type": ("type of work", "category", "kategorie", "arbeitstyp"),
    "confidence": ("likelihood", "confidence level", "konfidenz", "zuversicht"),
    "status": ("state", "zustand"),
    "problem": ("problem", "opportunity", "problem opportunity", "why"),
    "behaviour_change": ("behavior change", "verhaltensänderung"),
    "success_measure": ("success measure", "success criteria", "measure of success"),
    "notes": ("note", "comment", "comments", "remarks", "notizen", "bemerkung", "kommentar"),
}  # fmt: skip

#: Columns of a sheet that names the levels in columns instead of a Type column.
WIDE: dict[str, tuple[str, ...]] = {
    "objective": ("objective", "objectives", "o", "objective title", "ziel", "ziele"),
    "key_result": (
        "key result", "key results", "kr", "krs", "key result title", "schlüsselergebnis",
        "schlüsselergebnisse", "ergebnis",
    ),
    "objective_owner": ("objective owner", "o owner", "owner of objective"),
    "key_result_owner": ("key result owner", "kr owner", "owner of key result"),
}  # fmt: skip
#: Headers of unit columns in a wide sheet; the header (as written) is the level.
UNIT_LEVEL_WORDS: tuple[str, ...] = (
    "company", "organisation", "organization", "division", "business unit", "department",
    "area", "tribe", "group", "team", "squad", "unit", "unternehmen", "bereich",
    "abteilung", "gruppe",
)  # fmt: skip


@cache
def _known() -> dict[str, str]:
    out: dict[str, str] = {}
    for column in columns():
        for word in (column.header, column.field, *SYNONYMS.get(column.field, ())):
            out.setdefault(fold(word), column.field)
    for name, words in WIDE.items():
        for word in words:
            out.setdefault(fold(word), name)
    return out


def guess_field(header: object) -> str | None:
    """The field a header names: a column's field, a wide field, ``unit:LEVEL``, or None."""
    key = fold(header)
    if not key:
        return None
    field = _known().get(key)
    if field is not None:
        return field
    for word in UNIT_LEVEL_WORDS:
        if key in (fold(word), fold(word) + "s", fold(word) + "name"):
            return f"unit:{str(header).strip().lower()}"
    return None


def guess_mapping(headers: Sequence[object]) -> tuple[str | None, ...]:
    """A field for every header (None: the column is not read); a field is used once."""
    seen: set[str] = set()
    out: list[str | None] = []
    for header in headers:
        field = guess_field(header)
        if field is not None and field in seen and not field.startswith("unit:"):
            field = None
        if field is not None:
            seen.add(field)
        out.append(field)
    return tuple(out)


def choices() -> list[tuple[str, str]]:
    """Every field a column can be mapped to, with its header, for the preview's menus."""
    out = [(c.field, c.header) for c in columns()]
    out += [
        ("objective", "Objective (a sheet without a Type column)"),
        ("key_result", "Key result (a sheet without a Type column)"),
        ("objective_owner", "Objective owner"),
        ("key_result_owner", "Key result owner"),
        ("unit:team", "Unit (a level of the organisation: write it as unit:LEVEL)"),
    ]
    return out
