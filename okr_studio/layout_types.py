"""The layout's result types: boxes, edges, grids, columns, spacing and the layout itself.

They are importable from :mod:`okr_studio.layout`, which describes how they are made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from okr_studio.keys import ItemKey
from okr_studio.layout_tree import EdgeKind

# A card is named by its ItemKey: ("objective", id), or ("unit", id) for a placeholder.
Measure = Callable[[ItemKey], tuple[float, float]]

__all__ = [
    "Box",
    "Column",
    "Edge",
    "EdgeKind",
    "Grid",
    "Layout",
    "LayoutDelta",
    "Measure",
    "Spacing",
]


class Box(NamedTuple):
    """Where a card is: a named tuple (cheap to make and compare: a layout makes one
    per card, again for every card that moves)."""

    key: ItemKey
    x: float
    y: float
    w: float
    h: float
    column: int

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)


class Edge(NamedTuple):
    """A connector (a named tuple, like :class:`Box`)."""

    parent: ItemKey
    child: ItemKey
    #: The parent's key result the child is aligned to; None for a loose edge.
    kr_id: int | None
    #: "aligned": a real alignment to a unit above, along the tree; "loose": the child only
    #: sits under its unit's parent (an orphan objective or a placeholder), drawn faintly
    #: or not at all. "sideways" (to a unit not above, e.g. a peer or another branch) and
    #: "same_unit" (to the child's own unit) are alignments across the tree: they never
    #: place a card, and have no route (draw them plainly).
    kind: EdgeKind
    #: Points the connector passes through on its way (empty: one direct curve). The
    #: connector reaches the first point by a curve from the parent's key result, runs
    #: straight through the others, then from the last one straight across the reading
    #: direction to the child's entry height, and straight into the child.
    route: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Grid:
    """A run of leaves of one parent packed in sub-columns inside their level's column."""

    parent: ItemKey
    #: In layout order, filled sub-column by sub-column.
    children: tuple[ItemKey, ...]
    column: int
    sub_columns: int
    rows: int
    #: The cells' extent (the lane in front of the first row not included).
    x: float
    y: float
    w: float
    h: float
    #: Where the lane's trunk line runs, across the reading direction (y when "lr").
    lane: float
    #: Where each sub-column's bus line runs, along the reading direction (x when "lr").
    buses: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    x: float
    width: float
    level: str


@dataclass(frozen=True)
class Layout:
    boxes: dict[ItemKey, Box] = field(default_factory=dict)
    edges: tuple[Edge, ...] = ()
    columns: tuple[Column, ...] = ()
    width: float = 0.0
    height: float = 0.0
    #: Direct children hidden under each collapsed node (for a "+N" badge).
    hidden: dict[ItemKey, int] = field(default_factory=dict)
    #: Children of each node in layout order (visible ones only).
    children: dict[ItemKey, tuple[ItemKey, ...]] = field(default_factory=dict)
    roots: tuple[ItemKey, ...] = ()
    orientation: Literal["lr", "tb"] = "lr"
    #: The grids leaves are packed in.
    grids: tuple[Grid, ...] = ()
    #: What changed since the layout this one was patched from (None: made whole, so
    #: take everything as new). See :func:`okr_studio.layout.relayout`.
    delta: LayoutDelta | None = field(default=None, compare=False, repr=False)
    #: The state :func:`okr_studio.layout.relayout` patches (handed on to the next layout).
    engine: Any = field(default=None, compare=False, repr=False)
    engine_version: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class LayoutDelta:
    """What a relayout changed: cards, edges and the children shown under each card.

    The canvas moves only the cards in ``moved``, makes ``added``, drops ``removed``,
    redraws the connectors of ``edges`` and the "+N" badges of ``children``; grids,
    columns, width and height are few and compared whole.
    """

    #: Cards laid out now that were not before (new, unfolded, or moved into view).
    added: frozenset[ItemKey] = frozenset()
    #: Cards laid out before and not now (deleted, folded away).
    removed: frozenset[ItemKey] = frozenset()
    #: Cards laid out before and now whose box changed (place, size or column).
    moved: frozenset[ItemKey] = frozenset()
    #: (parent, child) of every edge added, removed or changed (kind, key result, route).
    edges: frozenset[tuple[ItemKey, ItemKey]] = frozenset()
    #: Cards whose shown children or hidden count ("+N") changed.
    children: frozenset[ItemKey] = frozenset()

    @property
    def empty(self) -> bool:
        """Nothing moved, came, went or was redrawn."""
        return not (self.added or self.removed or self.moved or self.edges or self.children)


@dataclass(frozen=True)
class Spacing:
    column_gap: float = 120.0  # between columns (along the reading direction)
    sibling_gap: float = 24.0  # between cards of one parent
    subtree_gap: float = 48.0  # between neighbouring trees (roots)
    #: Leaves of one parent are packed in a grid from this many on (0: never).
    grid_from: int = 6
    #: The shape (width / height) the tree aims at when it packs leaves in grids.
    aspect: float = 16 / 9
    #: Between a grid's sub-columns, where its connectors run (None: a third of column_gap).
    gutter: float | None = None
    #: Grids never make the tree longer than this along its levels (its width when "lr"),
    #: unless it already is without them (None: no limit).
    max_main: float | None = None
