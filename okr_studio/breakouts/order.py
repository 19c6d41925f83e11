"""The order of siblings in a merge: who decides where each unit, objective, key result
and initiative of a group's branch stands among its siblings.

Positions are not fields of the interchange, so the diff engine does not see a
reorder; this module compares each sibling list of the group's branch (the
sub-units and objectives of a unit, the key results of an objective, the
initiatives of a key result) in the base, in the breakout file (theirs) and in
the main workshop (ours). The rule:

- the group's order counts when the group changed it: it moved siblings, put a
  new item somewhere else than at the end, or moved an item in at a place of
  its own choosing (a list that only lost or gained items at the end is not a
  new order);
- when only the group changed the order of a list, the merge takes it;
- when the main workshop moved the siblings that were there at hand-out, and
  both still have, into another order too, and the two orders differ, it is a
  conflict of kind ``order`` on the parent item, answered "ours" (the main
  workshop's order) until the user chooses the group's;
- when both made the same order, or the main workshop only added siblings, there
  is nothing to decide: the group's order.

Taking the group's order puts the siblings it lists in its order, then the
siblings only the main workshop has (added or moved in there while the branch
was out) after them, in the main workshop's order. Keeping the main workshop's
order puts the group's new siblings at the end, as any new item of a merge.
Check-ins are ordered by date, not by hand; notes keep the main workshop's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from okr_studio.breakouts.preview import KIND_WORDS, Conflict
from okr_studio.exchange.items import Item, Side

#: ``parent kind -> the kinds of its children kept in an order of their own``.
CHILD_ORDERS: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "objective"),
    "objective": ("key_result",),
    "key_result": ("initiative",),
}
#: "the key results of objective “…”": the words for a sibling list.
PLURAL_WORDS = {
    "unit": "units",
    "objective": "objectives",
    "key_result": "key results",
    "initiative": "initiatives",
}


def order_field(child_kind: str) -> str:
    """The name of an order "field" of a parent: ``key_result_order`` …"""
    return f"{child_kind}_order"


def child_kind_of(field: str) -> str | None:
    """The kind an order field orders (None: not an order field)."""
    kind = field.removesuffix("_order")
    return kind if field.endswith("_order") and kind in PLURAL_WORDS else None


@dataclass(frozen=True)
class Reorder:
    """A sibling list the group put in a new order, taken as the group has it."""

    group: str
    parent: Item
    child_kind: str
    #: The stable ids of the siblings in the group's order.
    keys: tuple[str, ...]

    @property
    def text(self) -> str:
        """ "the key results of objective “Pay in one tap”" (for the preview)."""
        return (
            f"the {PLURAL_WORDS[self.child_kind]} of {KIND_WORDS[self.parent.kind]} "
            f"“{self.parent.title}”"
        )


def _keys(side: Side, kind: str, parent: str) -> list[str]:
    return [item.key for item in side.children(kind, parent)]


def reordered(before: Sequence[str], after: Sequence[str]) -> bool:
    """Whether ``after`` is a new order of ``before``: not just ``before`` without the
    items gone and with the new ones at the end."""
    kept = [key for key in before if key in set(after)]
    plain = kept + [key for key in after if key not in set(before)]
    return list(after) != plain


def _common(order: Sequence[str], *others: Sequence[str]) -> list[str]:
    return [key for key in order if all(key in other for other in others)]


def find_orders(
    group: str, base: Side, theirs: Side, ours: Side, parents: set[str]
) -> tuple[list[Reorder], list[Conflict]]:
    """The group's new orders of the sibling lists under ``parents`` (stable ids of the
    branch's items that all three sides have), taken or in conflict."""
    taken: list[Reorder] = []
    conflicts: list[Conflict] = []
    for parent_kind, child_kinds in CHILD_ORDERS.items():
        for parent in theirs.of_kind(parent_kind):
            if parent.key not in parents or parent.ref not in base or parent.ref not in ours:
                continue
            for kind in child_kinds:
                was = _keys(base, kind, parent.key)
                mine = _keys(theirs, kind, parent.key)
                if not reordered(was, mine):
                    continue
                here = _keys(ours, kind, parent.key)
                theirs_order, ours_order = _common(mine, was, here), _common(here, was, mine)
                if ours_order != _common(was, mine, here) and theirs_order != ours_order:
                    conflicts.append(_conflict(group, parent, kind, (was, mine, here)))
                else:
                    taken.append(Reorder(group, parent, kind, tuple(mine)))
    return taken, conflicts


def _conflict(
    group: str, parent: Item, kind: str, orders: tuple[list[str], list[str], list[str]]
) -> Conflict:
    words = PLURAL_WORDS[kind]
    reason = (
        f"“{group}” and the main workshop both changed the order of the {words} of "
        f"“{parent.title}” since it was handed out. Ours keeps the main workshop's order; "
        f"theirs takes the group's (the {words} only the main workshop has come after)."
    )
    base, mine, here = (tuple(o) for o in orders)
    return Conflict(group, "order", parent.ref, parent.title, order_field(kind), base, mine,
                    here, reason)  # fmt: skip


def final_order(wanted: Sequence[str], now: Sequence[str]) -> list[str]:
    """``now`` (a sibling list as written) in the order ``wanted``: the siblings ``wanted``
    names first, in its order, then the others in their order."""
    rank = {key: i for i, key in enumerate(wanted)}
    placed = sorted(enumerate(now), key=lambda pair: (rank.get(pair[1], len(rank)), pair[0]))
    return [key for _i, key in placed]
