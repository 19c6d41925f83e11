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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.layout_memo import once_per_snapshot
from okr_studio.layout_place import Placed, Placer, walk_subtree

# A card is named by its ItemKey: ("objective", id), or ("unit", id) for a placeholder.
Measure = Callable[[ItemKey], tuple[float, float]]
EdgeKind = Literal["aligned", "loose", "sideways", "same_unit"]


@dataclass(frozen=True, slots=True)
class Box:
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


@dataclass(frozen=True, slots=True)
class Edge:
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


Children = dict[ItemKey, list[tuple[ItemKey, int | None]]]
Link = tuple[ItemKey, ItemKey, int, EdgeKind]


def tree_of(data: WorkshopData) -> tuple[list[ItemKey], Children]:
    """The logical tree: roots, and for each node its children with the key result they hang on."""
    roots, children, _links = _tree(data)
    return roots, children


@once_per_snapshot
def _tree(data: WorkshopData) -> tuple[list[ItemKey], Children, list[Link]]:
    """The tree and, in the same pass, the alignments across it (see :func:`cross_links`)."""
    depth = data.unit_depths
    links: list[Link] = []
    unit_order = {u.id: i for i, u in enumerate(data.walk_units())}
    children: dict[ItemKey, list[tuple[ItemKey, int | None]]] = {}
    roots: list[ItemKey] = []

    def anchor_for(unit_id: int) -> ItemKey | None:
        """The first objective of the nearest ancestor unit that has one."""
        for anc in data.unit_ancestors(unit_id):
            objs = data.objectives_of(anc.id)
            if objs:
                return ("objective", objs[0].id)
        return None

    def attach(parent: ItemKey | None, child: ItemKey, kr_id: int | None) -> None:
        if parent is None:
            roots.append(child)
        else:
            children.setdefault(parent, []).append((child, kr_id))

    for unit in data.walk_units():
        objs = data.objectives_of(unit.id)
        if not objs:
            attach(anchor_for(unit.id), ("unit", unit.id), None)
            continue
        for obj in objs:
            key: ItemKey = ("objective", obj.id)
            kr = data.key_results.get(obj.parent_kr_id) if obj.parent_kr_id is not None else None
            if kr is not None:
                parent_obj = data.objectives[kr.objective_id]
                parent_unit = parent_obj.unit_id
                above = parent_unit in depth and depth[parent_unit] < depth[unit.id]
                if above and data.is_ancestor_unit(parent_unit, unit.id):
                    attach(("objective", parent_obj.id), key, kr.id)
                    continue
                if parent_obj.id != obj.id:
                    kind: EdgeKind = "same_unit" if parent_unit == unit.id else "sideways"
                    links.append((("objective", parent_obj.id), key, kr.id, kind))
            attach(anchor_for(unit.id), key, None)

    # Order children: aligned ones by key result position, then loose ones; each by unit order.
    def order(item: tuple[ItemKey, int | None]) -> tuple:
        (kind, node_id), kr_id = item
        kr_pos = (0, data.key_results[kr_id].position, kr_id) if kr_id is not None else (1, 0, 0)
        unit_id = data.objectives[node_id].unit_id if kind == "objective" else node_id
        obj_pos = data.objectives[node_id].position if kind == "objective" else -1
        return (kr_pos, unit_order[unit_id], obj_pos, node_id)

    for kids in children.values():
        kids.sort(key=order)
    roots.sort(key=lambda k: order((k, None)))
    return roots, children, links


def cross_links(data: WorkshopData) -> list[Link]:
    """Alignments that are not tree edges: (parent objective, child, key result, kind).

    Every objective aligned to a key result of a unit that is not above its own
    unit: "same_unit" when it is its own unit, else "sideways". An objective aligned
    to one of its own key results has none (a circle of one, which the coach reports).
    In tree order of the child.
    """
    return _tree(data)[2]


def _edges(
    across_tree: list[Link],
    links: list[tuple[ItemKey, ItemKey, int | None]],
    boxes: dict[ItemKey, Box],
    routes: dict[ItemKey, tuple[tuple[float, float], ...]],
) -> tuple[Edge, ...]:
    """Tree edges, then the cross links whose two cards are laid out. A child drawn with
    a cross link gets no loose edge from the card it only sits under."""
    across = [
        Edge(parent, child, kr_id, kind)
        for parent, child, kr_id, kind in across_tree
        if parent in boxes and child in boxes
    ]
    linked = {e.child for e in across}
    tree = [
        Edge(p, c, kr, "aligned" if kr is not None else "loose", routes.get(c, ()))
        for p, c, kr in links
        if kr is not None or c not in linked
    ]
    return (*tree, *across)


@dataclass
class _Visible:
    """The cards a layout shows, in depth-first order, with their sizes in layout space
    ("main" along the levels, "cross" across them) and their links."""

    order: list[ItemKey] = field(default_factory=list)
    sizes: dict[ItemKey, tuple[float, float]] = field(default_factory=dict)
    children: dict[ItemKey, tuple[ItemKey, ...]] = field(default_factory=dict)
    hidden: dict[ItemKey, int] = field(default_factory=dict)
    links: list[tuple[ItemKey, ItemKey, int | None]] = field(default_factory=list)


def _visible(
    roots: list[ItemKey],
    kids: dict[ItemKey, list[tuple[ItemKey, int | None]]],
    measure: Measure,
    collapsed: frozenset[ItemKey],
    orientation: Literal["lr", "tb"],
) -> _Visible:
    """Walk the tree from ``roots``, measuring each card; a collapsed card hides its
    children."""
    out = _Visible()
    stack = list(reversed(roots))
    while stack:
        key = stack.pop()
        out.order.append(key)
        w, h = measure(key)
        out.sizes[key] = (w, h) if orientation == "lr" else (h, w)
        children = kids.get(key, [])
        if key in collapsed and children:
            out.hidden[key] = len(children)
            out.children[key] = ()
            continue
        out.children[key] = tuple(c for c, _ in children)
        out.links.extend((key, child, kr_id) for child, kr_id in children)
        stack.extend(reversed([c for c, _ in children]))
    return out


def _columns(
    data: WorkshopData, order: list[ItemKey], node_col: dict[ItemKey, int], placed: Placed
) -> tuple[Column, ...]:
    """The columns, each named by the level most of its cards' units have."""
    levels: dict[int, Counter[str]] = {}
    for key in order:
        unit = data.units[_unit_of(data, key)]
        levels.setdefault(node_col[key], Counter())[unit.level] += 1
    return tuple(
        Column(
            i,
            placed.col_pos[i],
            placed.col_width[i],
            levels[i].most_common(1)[0][0] if i in levels else "",
        )
        for i in range(len(placed.col_pos))
    )


def _grids(
    placed: Placed, sp: Spacing, point: Callable[[float, float], tuple[float, float]]
) -> tuple[tuple[Grid, ...], dict[ItemKey, tuple[tuple[float, float], ...]]]:
    """The grids leaves are packed in, and the routes of the connectors to their second
    and later sub-columns (along the lane, then down the gutter)."""
    routes: dict[ItemKey, tuple[tuple[float, float], ...]] = {}
    grids: list[Grid] = []
    for block in placed.blocks:
        trunk = placed.col_pos[block.column] - placed.gutter / 2
        lane = block.top + sp.sibling_gap / 2
        buses = tuple(placed.sub_main(block.column, j) - placed.gutter / 2 for j in range(block.k))
        for i, child in enumerate(block.kids):
            j = i // block.rows
            if j:
                routes[child] = (point(trunk, lane), point(buses[j], lane))
        x, y = point(placed.col_pos[block.column], block.cells)
        w, h = point(
            placed.sub_main(block.column, block.k) - placed.gutter - placed.col_pos[block.column],
            block.end - block.cells,
        )
        grids.append(
            Grid(
                block.parent, block.kids, block.column, block.k, block.rows, x, y, w, h, lane, buses
            )
        )
    return tuple(grids), routes


def _unit_of(data: WorkshopData, key: ItemKey) -> int:
    return data.objectives[key[1]].unit_id if key[0] == "objective" else key[1]


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
    sp = spacing or Spacing()
    roots, kids, across_tree = _tree(data)
    if only is not None:
        roots = [only]
    seen = _visible(roots, kids, measure, frozenset(collapsed), orientation)
    order, sizes = seen.order, seen.sizes

    # Columns: one per unit depth that holds a visible card.
    depth_of = data.unit_depths
    column_depths = sorted({depth_of[_unit_of(data, k)] for k in order})
    col_index = {dep: i for i, dep in enumerate(column_depths)}
    node_col = {key: col_index[depth_of[_unit_of(data, key)]] for key in order}
    card_main = [0.0] * len(column_depths)
    for key in order:
        c = node_col[key]
        card_main[c] = max(card_main[c], sizes[key][0])

    leaves = frozenset(k for k in order if not kids.get(k))
    placer = Placer(sizes, seen.children, node_col, card_main, sp, roots, leaves)
    placed = placer.best(sp.aspect if orientation == "lr" else 1 / sp.aspect)

    def point(main: float, cross: float) -> tuple[float, float]:
        return (main, cross) if orientation == "lr" else (cross, main)

    boxes: dict[ItemKey, Box] = {}
    for key in order:
        main, size_cross = sizes[key]
        x, y = point(placed.main[key], placed.cross[key])
        w, h = point(main, size_cross)
        boxes[key] = Box(key, x, y, w, h, node_col[key])
    grids, routes = _grids(placed, sp, point)
    width, height = point(placed.total_main, placed.total_cross)
    return Layout(
        boxes=boxes,
        edges=_edges(across_tree, seen.links, boxes, routes),
        columns=_columns(data, order, node_col, placed),
        width=width,
        height=height,
        hidden=seen.hidden,
        children=seen.children,
        roots=tuple(roots),
        orientation=orientation,
        grids=grids,
    )


def subtree_keys(layout: Layout, key: ItemKey) -> list[ItemKey]:
    """The node and every visible node below it."""
    return walk_subtree(key, layout.children)
