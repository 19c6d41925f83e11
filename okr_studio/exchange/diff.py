"""The diff engine: what differs between incoming items, the workshop, and the base.

:func:`diff_sides` compares three :class:`~okr_studio.exchange.items.Side` objects
item by item (matched on stable ids) and field by field:

- *theirs*: what comes in (a file, pasted rows, a breakout workshop);
- *ours*: the workshop now;
- *base*: the values as they were handed out (carried in an exported XLSX or
  JSON file, or the state a breakout started from); None when the source has no
  record of them (a CSV file, a sheet written by hand).

With a base, a field changed only in the file is a change, a field changed only
in the workshop is kept (not listed), the same field changed differently on
both sides is a conflict showing both values. Without a base every field that
differs is a change (the file's value against the workshop's). An item only in
the file is *added*; an item the file no longer has is *missing* (kept unless
the user ticks it for removal); an item the workshop deleted since the export
but the file changed is a conflict (``ours_gone``).

The result is plain data (:class:`ItemDiff`, :class:`FieldDiff`) that a plan
(:mod:`okr_studio.exchange.plan`) shows and the apply service carries out with
the user's choices (:class:`Choice`). A merge of several breakout files can
diff each against the same base and tell its items apart by ``source``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from okr_studio.exchange.items import Item, Ref, Side


class _Unknown:
    """The base value of a field when the source carries no base."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()

Status = Literal["added", "changed", "conflict", "missing", "refused"]


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One field that differs: its value in the base, in the file (theirs), in the workshop."""

    field: str
    base: Any
    theirs: Any
    ours: Any
    #: Both sides changed it, differently: the user chooses (default: the workshop's value).
    conflict: bool = False


@dataclass(frozen=True, slots=True)
class ItemDiff:
    """How one item differs. ``fields`` lists its changes and conflicts."""

    kind: str
    key: str
    status: Status
    fields: tuple[FieldDiff, ...] = ()
    #: Row or line of the incoming file (None for an item only in the workshop).
    line: int | None = None
    title: str = ""
    #: ``missing``: the workshop changed the item since the export.
    changed_here: bool = False
    #: ``conflict``: the workshop deleted the item since the export, the file changed it.
    ours_gone: bool = False
    #: Which incoming source it is from (a merge of several files tells them apart).
    source: str = ""
    #: ``refused``: why (a merge refuses changes outside a group's branch).
    reason: str = ""

    @property
    def ref(self) -> Ref:
        return (self.kind, self.key)

    @property
    def conflicts(self) -> tuple[FieldDiff, ...]:
        return tuple(f for f in self.fields if f.conflict)

    @property
    def changes(self) -> tuple[FieldDiff, ...]:
        return tuple(f for f in self.fields if not f.conflict)


@dataclass(frozen=True, slots=True)
class Choice:
    """The user's answer to a conflict: "theirs", "ours", or "edit" with a value."""

    take: Literal["theirs", "ours", "edit"] = "ours"
    value: Any = None


THEIRS = Choice("theirs")
OURS = Choice("ours")

#: ``(item ref, field) -> Choice``; field "" is the item itself (``ours_gone`` conflicts).
Choices = dict[tuple[Ref, str], Choice]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _fields(base: Item | None, theirs: Item, ours: Item) -> list[FieldDiff]:
    out: list[FieldDiff] = []
    for name, value in theirs.values.items():
        if name not in ours.values:
            continue
        mine = ours.values[name]
        if _same(value, mine):
            continue
        if base is None or name not in base.values:
            out.append(FieldDiff(name, UNKNOWN, value, mine))
            continue
        was = base.values[name]
        if _same(value, was):
            continue  # only the workshop changed it: kept
        if _same(mine, was):
            out.append(FieldDiff(name, was, value, mine))
        else:
            out.append(FieldDiff(name, was, value, mine, conflict=True))
    return out


def _changed(base: Item, item: Item) -> bool:
    return any(
        name in item.values and not _same(value, item.values[name])
        for name, value in base.values.items()
    )


def diff_sides(
    theirs: Side,
    ours: Side,
    base: Side | None = None,
    *,
    missing_kinds: Iterable[str] = ("unit", "objective", "key_result"),
    find_missing: bool = True,
    source: str = "",
) -> list[ItemDiff]:
    """Every item that differs, in the incoming order, then the missing ones.

    ``missing_kinds``: the kinds the source carries in full (a flat table carries no
    people, so people it does not name are not missing). ``find_missing`` False
    leaves missing items out (an import that only adds, such as a paste).
    """
    out: list[ItemDiff] = []
    for ref, item in theirs.items.items():
        mine = ours.items.get(ref)
        was = base.items.get(ref) if base is not None else None
        if mine is None:
            if was is None:
                out.append(ItemDiff(*ref, "added", line=item.line, title=item.title, source=source))
            elif _changed(was, item):
                fields = tuple(
                    FieldDiff(n, was.values.get(n, UNKNOWN), v, None, conflict=True)
                    for n, v in item.values.items()
                    if not _same(v, was.values.get(n, UNKNOWN))
                )
                out.append(
                    ItemDiff(
                        *ref,
                        "conflict",
                        fields,
                        item.line,
                        item.title,
                        ours_gone=True,
                        source=source,
                    )
                )
            continue
        fields = _fields(was, item, mine)
        if fields:
            status: Status = "conflict" if any(f.conflict for f in fields) else "changed"
            title = item.title or mine.title
            out.append(ItemDiff(*ref, status, tuple(fields), item.line, title, source=source))
    if find_missing:
        out.extend(_missing(theirs, ours, base, tuple(missing_kinds), source))
    return out


def _missing(
    theirs: Side, ours: Side, base: Side | None, kinds: tuple[str, ...], source: str
) -> list[ItemDiff]:
    out = []
    for ref, mine in ours.items.items():
        if ref[0] not in kinds or ref in theirs.items:
            continue
        was = base.items.get(ref) if base is not None else None
        if base is not None and was is None:
            continue  # added in the workshop after the export: not the file's business
        changed = was is not None and _changed(was, mine)
        out.append(ItemDiff(*ref, "missing", title=mine.title, changed_here=changed, source=source))
    return out
