"""Tidy tree layout of a workshop, shared by the canvas and the PDF overview.

The tree reads company → department → team: an objective's children are the
objectives aligned to its key results (in key result order). Every card sits
in the column of its unit's depth, so each level has its own column; a unit
without any objective gets a placeholder card in its column.

Alignments across the tree (to a key result of the objective's own unit, or of
a unit that is not above it) never move a card: such an objective sits in its
unit's column under the nearest unit above, like an orphan, and the layout
adds a "sideways" or "same_unit" edge for it (see :func:`cross_links`), so the
tidy tree stays a tree of units.

Positions come from sizes only: the caller's ``measure`` gives each card's
width and height (the canvas measures with Qt fonts, the PDF with ReportLab's),
and the same input always gives the same positions. Subtrees occupy disjoint
bands across the reading direction, so cards never overlap, and a parent is
centred on its children.

Many leaves under one parent (thirty team objectives on a department's
objective) would make a tall sliver of a tree, so a run of them is packed in a
grid of sub-columns inside their level's column (see :mod:`okr_studio.layout_place`),
sized so the whole tree comes close to a screen's shape. Connectors to the
second and later sub-columns follow the ``route`` of their edge: along a lane
in front of the grid, then down the gutter left of their sub-column.

After an edit, :func:`relayout` brings the layout of the snapshot before to the
snapshot after in time that follows the edit, not the tree: it asks the snapshot
what changed (:func:`okr_studio.data_patch.changed_items`), patches the logical
tree, measures only new cards (and those the caller names), places again only the
subtrees whose cards changed and their ancestors, and moves only what shifts. The
result equals :func:`compute_layout` of the new snapshot (boxes, grids, columns,
edges; edges and boxes may come in another order) and says what changed in
:attr:`Layout.delta` (a :class:`LayoutDelta`: cards added, removed, moved; edges
and "+N" badges to redraw). The API, for the canvas::

    layout = compute_layout(data, measure, collapsed=folded)      # on open
    ...
    layout = relayout(layout, new_data, measure, collapsed=folded,
                      remeasure=cards_whose_content_changed)       # after each edit
    if layout.delta is None: rebuild every item                    # made whole
    else: move layout.delta.moved, add .added, drop .removed, …

``remeasure`` None measures every card again (always right; one measure call per
card); otherwise only the cards named and the new ones are measured. Folding and
unfolding is a relayout with another ``collapsed``. The engine behind a layout is
handed on to the layout made from it: relayout from the same layout twice, or from
one made with ``only``, and it is made whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from okr_studio.data import WorkshopData
from okr_studio.gc_pause import gc_paused
from okr_studio.keys import ItemKey
from okr_studio.layout_engine import Engine
from okr_studio.layout_place import walk_subtree
from okr_studio.layout_tree import Children, Link, tree_parts
from okr_studio.layout_types import (
    Box,
    Column,
    Edge,
    EdgeKind,
    Grid,
    Layout,
    LayoutDelta,
    Measure,
    Spacing,
)

__all__ = [
    "Box",
    "Children",
    "Column",
    "Edge",
    "EdgeKind",
    "Grid",
    "Layout",
    "LayoutDelta",
    "Link",
    "Measure",
    "Spacing",
    "compute_layout",
    "cross_links",
    "relayout",
    "subtree_keys",
    "tree_of",
]


def tree_of(data: WorkshopData) -> tuple[list[ItemKey], Children]:
    """The logical tree: roots, and for each node its children with the key result they hang on."""
    roots, children, _links = tree_parts(data)
    return roots, children


def cross_links(data: WorkshopData) -> list[Link]:
    """Alignments that are not tree edges: (parent objective, child, key result, kind).

    Every objective aligned to a key result of a unit that is not above its own
    unit: "same_unit" when it is its own unit, else "sideways". An objective aligned
    to one of its own key results has none (a circle of one, which the coach reports).
    In tree order of the child.
    """
    return tree_parts(data)[2]


def compute_layout(
    data: WorkshopData,
    measure: Measure,
    *,
    collapsed: Iterable[ItemKey] = (),
    spacing: Spacing | None = None,
    orientation: Literal["lr", "tb"] = "lr",
    only: ItemKey | None = None,
) -> Layout:
    """Lay out the whole tree (or, with ``only``, the subtree of one node).

    ``orientation`` "lr" puts levels in columns from left to right (the default:
    projectors are wide); "tb" puts them in rows from top to bottom.
    """
    engine = Engine(spacing or Spacing(), orientation)
    with gc_paused():
        engine.build(data, measure, frozenset(collapsed), only)
        return engine.layout(None)


def relayout(
    previous: Layout,
    data: WorkshopData,
    measure: Measure,
    *,
    collapsed: Iterable[ItemKey] = (),
    spacing: Spacing | None = None,
    orientation: Literal["lr", "tb"] = "lr",
    remeasure: Iterable[ItemKey] | None = None,
) -> Layout:
    """The layout of ``data`` made from ``previous`` (the layout of an earlier snapshot
    that ``data`` was patched from): see the module's notes. Equal to
    ``compute_layout(data, measure, collapsed=…, spacing=…, orientation=…)``;
    :attr:`Layout.delta` says what changed, or is None when it was made whole (the
    spacing or orientation changed, ``data`` was read again, or ``previous`` was
    made with ``only`` or has already been relaid out).
    """
    engine = previous.engine
    sp = spacing or Spacing()
    folded = frozenset(collapsed)
    if (
        isinstance(engine, Engine)
        and engine.version == previous.engine_version
        and engine.sp == sp
        and engine.orientation == orientation
    ):
        engine.version += 1
        with gc_paused():
            if engine.update(data, measure, folded, remeasure):
                return engine.layout(engine.delta())
    return compute_layout(data, measure, collapsed=folded, spacing=sp, orientation=orientation)


def subtree_keys(layout: Layout, key: ItemKey) -> list[ItemKey]:
    """The node and every visible node below it."""
    return walk_subtree(key, layout.children)
