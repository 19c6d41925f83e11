"""From a plan to what a layout shows: positions, boxes, grids, edges and columns.

The second half of :class:`okr_studio.layout_engine.Engine`: :meth:`Output.place_all`
sums every card's position down the tree, :meth:`Output.place_some` only down the
subtrees whose place or shape changed and the columns that moved, and both keep
boxes, grids, connectors and columns in step, noting what changed for the
:class:`~okr_studio.layout_types.LayoutDelta`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from okr_studio.keys import ItemKey
from okr_studio.layout_place import Context, Geometry, Plan
from okr_studio.layout_types import Box, Column, Edge, Grid, Layout, LayoutDelta

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.layout_tree import LogicalTree
    from okr_studio.layout_types import Spacing

Route = tuple[tuple[float, float], ...]


class Output:
    # Read from the engine.
    ctx: Context
    tree: LogicalTree
    data: WorkshopData
    depth: dict[ItemKey, int]
    level: dict[ItemKey, str]
    levels: dict[int, Counter[str]]
    by_depth: dict[int, set[ItemKey]]
    hidden: dict[ItemKey, int]
    came: set[ItemKey]
    gone: set[ItemKey]
    version: int

    def __init__(self, spacing: Spacing, orientation: Literal["lr", "tb"]) -> None:
        self.sp = spacing
        self.orientation: Literal["lr", "tb"] = orientation
        self.geometry = Geometry([], [], 0.0, 0.0)
        self.card_main: list[float] = []
        self.band: dict[ItemKey, float] = {}
        self.cross: dict[ItemKey, float] = {}
        self.main: dict[ItemKey, float] = {}
        self.boxes: dict[ItemKey, Box] = {}
        self.grids: dict[tuple[ItemKey, int], Grid] = {}
        self.grids_of: dict[ItemKey, list[tuple[ItemKey, int]]] = {}
        self.routes: dict[ItemKey, Route] = {}
        self.tree_edges: dict[ItemKey, Edge] = {}
        self.cross_edges: tuple[Edge, ...] = ()
        self.linked: frozenset[ItemKey] = frozenset()
        self.columns: tuple[Column, ...] = ()
        self.link_version = -1
        self.begin_output()

    def point(self, main: float, cross: float) -> tuple[float, float]:
        return (main, cross) if self.orientation == "lr" else (cross, main)

    # ---- what changed ---------------------------------------------------------------
    def begin_output(self) -> None:
        self.lost: dict[ItemKey, Box] = {}
        self.moved: set[ItemKey] = set()
        self.resized: set[ItemKey] = set()
        self.rest_moved: set[ItemKey] = set()
        self.edges_changed: set[tuple[ItemKey, ItemKey]] = set()
        self.kids_changed: set[ItemKey] = set()
        #: Cards whose tree connector may have changed (set by the engine).
        self.rest_edges: set[ItemKey] = set()
        self.roots_changed = False

    def forget_output(self, node: ItemKey) -> None:
        self.band.pop(node, None)
        self.cross.pop(node, None)
        self.main.pop(node, None)
        self.routes.pop(node, None)
        box = self.boxes.pop(node, None)
        if box is not None:
            self.lost.setdefault(node, box)
        edge = self.tree_edges.pop(node, None)
        if edge is not None:
            self.edges_changed.add((edge.parent, edge.child))
        for key in self.grids_of.pop(node, ()):
            for kid in self.grids.pop(key).children:
                if self.routes.pop(kid, None) is not None:
                    self.rest_edges.add(kid)

    def delta(self) -> LayoutDelta:
        shown = self.ctx.children
        added = {n for n in self.came if n not in self.lost}
        moved = set(self.moved)
        for node in self.came:
            if node in self.lost and self.lost[node] != self.boxes.get(node):
                moved.add(node)
        return LayoutDelta(
            added=frozenset(added),
            removed=frozenset(n for n in self.lost if n not in shown),
            moved=frozenset(moved - added),
            edges=frozenset(self.edges_changed),
            children=frozenset(self.kids_changed),
        )

    def layout(self, delta: LayoutDelta | None) -> Layout:
        ctx, geo = self.ctx, self.geometry
        width, height = self.point(geo.total_main, geo.total_cross)
        return Layout(
            boxes=dict(self.boxes),
            edges=(*self.tree_edges.values(), *self.cross_edges),
            columns=self.columns,
            width=width,
            height=height,
            hidden=dict(self.hidden),
            children=dict(ctx.children),
            roots=tuple(ctx.roots),
            orientation=self.orientation,
            grids=tuple(self.grids.values()),
            delta=delta,
            engine=self,
            engine_version=self.version,
        )

    # ---- positions -------------------------------------------------------------------
    def _main_of(self, node: ItemKey, plan: Plan, index: dict[int, int]) -> float:
        ci = index[self.depth[node]]
        pos = self.geometry.col_pos[ci]
        slot = plan.slot.get(node)
        if slot is None:
            return pos
        block, i = slot
        return pos + (i // block.rows) * (self.ctx.card_main[ci] + self.ctx.gutter)

    def _box(self, node: ItemKey, index: dict[int, int]) -> Box:
        main, size_cross = self.ctx.sizes[node]
        x, y = self.point(self.main[node], self.cross[node])
        w, h = self.point(main, size_cross)
        return Box(node, x, y, w, h, index[self.depth[node]])

    def place_all(self, plan: Plan, geometry: Geometry) -> None:
        """Every card's position, box, grid and edge from ``plan``."""
        ctx = self.ctx
        self.geometry, self.card_main = geometry, list(ctx.card_main)
        index = {d: i for i, d in enumerate(ctx.column_ids)}
        order: list[ItemKey] = []
        band: dict[ItemKey, float] = {}
        stack = []
        for root in reversed(ctx.roots):
            band[root] = plan.off[root]
            stack.append(root)
        while stack:
            node = stack.pop()
            order.append(node)
            kids = ctx.children[node]
            for kid in kids:
                band[kid] = band[node] + plan.off[kid]
            stack.extend(reversed(kids))
        top = plan.top
        self.band = band
        self.cross = {node: band[node] + top[node] for node in order}
        self.main = {node: self._main_of(node, plan, index) for node in order}
        old = self.boxes
        self.boxes = {node: self._box(node, index) for node in order}
        self.moved |= {n for n, box in self.boxes.items() if n in old and old[n] != box}
        self.grids, self.grids_of, self.routes = {}, {}, {}
        for node in order:
            self._grid(node, plan, index)
        self._cross_edges(force=True)
        old, self.tree_edges = self.tree_edges, {}
        for node in order:
            for kid in ctx.children[node]:
                edge = self._tree_edge(kid)
                if edge is not None:
                    self.tree_edges[kid] = edge
        for child in old.keys() | self.tree_edges.keys():
            before, after = old.get(child), self.tree_edges.get(child)
            if before != after:
                self.edges_changed.update((e.parent, e.child) for e in (before, after) if e)
        self._columns()

    def place_some(
        self, plan: Plan, geometry: Geometry, reshaped: Iterable[ItemKey], reblocked: list[ItemKey]
    ) -> None:
        """Positions again down the subtrees whose place or shape changed, along the
        columns that moved, and the boxes, grids and edges that follow."""
        ctx = self.ctx
        index = {d: i for i, d in enumerate(ctx.column_ids)}
        old_geo, old_card_main = self.geometry, self.card_main
        self.geometry, self.card_main = geometry, list(ctx.card_main)
        reshaped = set(reshaped)
        band, cross, top, off = self.band, self.cross, plan.top, plan.off
        placed: set[ItemKey] = set()
        stack = [(r, off[r]) for r in ctx.roots if r in reshaped or band.get(r) != off[r]]
        while stack:
            node, start = stack.pop()
            band[node] = start
            cross[node] = start + top[node]
            placed.add(node)
            for kid in ctx.children[node]:
                at = start + off[kid]
                if kid in reshaped or band.get(kid) != at:
                    stack.append((kid, at))
        columns = {
            d
            for i, d in enumerate(ctx.column_ids)
            if old_geo.col_pos[i] != geometry.col_pos[i] or old_card_main[i] != ctx.card_main[i]
        }
        along: set[ItemKey] = set(self.came) | self.rest_moved
        for d in columns:
            along |= self.by_depth[d]
        for node in reblocked:
            along.update(ctx.children.get(node, ()))
        for node in along:
            self.main[node] = self._main_of(node, plan, index)
        boxes, moved, sizes, main, depth = self.boxes, self.moved, ctx.sizes, self.main, self.depth
        lr = self.orientation == "lr"
        for node in placed | along | self.resized:
            size_main, size_cross = sizes[node]
            m, c = main[node], cross[node]
            old = boxes.get(node)
            if lr:
                box = Box(node, m, c, size_main, size_cross, index[depth[node]])
            else:
                box = Box(node, c, m, size_cross, size_main, index[depth[node]])
            if old != box:
                boxes[node] = box
                moved.add(node)
        self._regrid(plan, index, placed | set(reblocked), columns)
        redo = self.came | self.rest_edges | self._cross_edges(force=False)
        for node in reblocked:
            redo.update(ctx.children.get(node, ()))
        for child in redo:
            self._set_tree_edge(child)
        self._columns()

    # ---- grids and edges -------------------------------------------------------------------
    def _regrid(
        self, plan: Plan, index: dict[int, int], parents: set[ItemKey], columns: set[int]
    ) -> None:
        if columns:
            parents = parents | {k[0] for k, g in self.grids.items() if g.column in
                                 {index[d] for d in columns}}  # fmt: skip
        parents = {p for p in parents if p in self.grids_of or p in plan.blocks}
        leaves: list[ItemKey] = []
        routes = self.routes
        old: dict[ItemKey, Route] = {}
        for parent in parents:  # first every old grid goes (a leaf may change grids)
            for key in self.grids_of.pop(parent, ()):
                for kid in self.grids.pop(key).children:
                    old[kid] = routes.pop(kid, ())
        for parent in parents:
            leaves += self._grid(parent, plan, index)
        edges, changed = self.tree_edges, self.edges_changed
        for kid in {*old, *leaves}:  # a connector whose route changed, made again at once
            route = routes.get(kid, ())
            edge = edges.get(kid)
            if route != old.get(kid, ()) and edge is not None and edge.route != route:
                edges[kid] = Edge(edge.parent, kid, edge.kr_id, edge.kind, route)
                changed.add((edge.parent, kid))

    def _grid(self, parent: ItemKey, plan: Plan, index: dict[int, int]) -> list[ItemKey]:
        """The grids of ``parent``'s leaves and the routes of their connectors; the leaves."""
        blocks = plan.blocks.get(parent)
        if not blocks:
            return []
        ctx, geo, gap, routes = self.ctx, self.geometry, self.sp.sibling_gap, self.routes
        leaves: list[ItemKey] = []
        start = self.band[parent]
        point, gutter = self.point, ctx.gutter
        keys = []
        for first in sorted(blocks):
            block = blocks[first]
            ci = index[block.column]
            pos, step = geo.col_pos[ci], ctx.card_main[ci] + gutter
            top, cells, end = start + block.top, start + block.cells, start + block.end
            trunk, lane = pos - gutter / 2, top + gap / 2
            buses = tuple(pos + j * step - gutter / 2 for j in range(block.k))
            start_lane, rows = point(trunk, lane), block.rows
            for i, kid in enumerate(block.kids):
                if i >= rows:
                    routes[kid] = (start_lane, point(buses[i // rows], lane))
            leaves += block.kids
            x, y = point(pos, cells)
            w, h = point(pos + block.k * step - gutter - pos, end - cells)
            grid = Grid(parent, block.kids, ci, block.k, block.rows, x, y, w, h, lane, buses)
            self.grids[(parent, first)] = grid
            keys.append((parent, first))
        self.grids_of[parent] = keys
        return leaves

    def _tree_edge(self, child: ItemKey) -> Edge | None:
        """The tree's connector to ``child`` (none for a loose child drawn with a link)."""
        parent, kr_id = self.tree.parent.get(child, (None, None))
        shown = self.ctx.children
        if parent is None or child not in shown or parent not in shown:
            return None
        if kr_id is None and child in self.linked:
            return None
        kind = "aligned" if kr_id is not None else "loose"
        return Edge(parent, child, kr_id, kind, self.routes.get(child, ()))

    def _set_tree_edge(self, child: ItemKey) -> None:
        edge, old = self._tree_edge(child), self.tree_edges.get(child)
        if edge == old:
            return
        for e in (old, edge):
            if e is not None:
                self.edges_changed.add((e.parent, e.child))
        if edge is None:
            del self.tree_edges[child]
        else:
            self.tree_edges[child] = edge

    def _cross_edges(self, *, force: bool) -> set[ItemKey]:
        """The links across the tree between cards laid out; the children whose link came
        or went (their loose tree connector goes or comes)."""
        tree = self.tree
        if not force and self.link_version == tree.link_version and not self.came and not self.lost:
            return set()
        shown = self.ctx.children
        edges = tuple(
            Edge(parent, child, kr_id, kind)
            for parent, child, kr_id, kind in tree.links_in_order()
            if parent in shown and child in shown
        )
        self.link_version = tree.link_version
        if edges != self.cross_edges:
            self.edges_changed.update(
                (e.parent, e.child) for e in set(edges) ^ set(self.cross_edges)
            )
            self.cross_edges = edges
        linked = frozenset(e.child for e in edges)
        flipped = set(linked ^ self.linked)
        self.linked = linked
        return flipped

    # ---- columns ---------------------------------------------------------------------------
    def _columns(self) -> None:
        geo = self.geometry
        self.columns = tuple(
            Column(i, geo.col_pos[i], geo.col_width[i], self._level_name(d))
            for i, d in enumerate(self.ctx.column_ids)
        )

    def _level_name(self, depth: int) -> str:
        """The level most of the column's cards' units have; of levels equally common, the
        one of the unit that comes first in the organisation."""
        counts = self.levels[depth]
        most = max(counts.values())
        tied = {level for level, n in counts.items() if n == most}
        if len(tied) == 1:
            return next(iter(tied))

        def order(node: ItemKey) -> tuple:
            unit = self.data.objectives[node[1]].unit_id if node[0] == "objective" else node[1]
            return (self.tree.unit_key[unit], node)

        first = min((n for n in self.by_depth[depth] if self.level[n] in tied), key=order)
        return self.level[first]
