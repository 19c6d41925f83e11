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
from okr_studio.layout_routes import Connectors, Route
from okr_studio.layout_types import Box, Column, Edge, Grid, Layout, LayoutDelta

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.layout_tree import LogicalTree
    from okr_studio.layout_types import Spacing


class Output(Connectors):
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

    def place_all(self, plan: Plan, geometry: Geometry) -> None:
        """Every card's position, box, grid and edge from ``plan``."""
        ctx = self.ctx
        self.geometry, self.card_main = geometry, list(ctx.card_main)
        index = {d: i for i, d in enumerate(ctx.column_ids)}
        order = self._positions(plan, geometry, index)
        self.grids, self.grids_of, self.routes = {}, {}, {}
        blocks = plan.blocks
        for node in order:
            if node in blocks:
                self._grid(node, plan, index)
        self._cross_edges(force=True)
        old, edges = self.tree_edges, self._all_tree_edges(order)
        self.tree_edges = edges
        changed = self.edges_changed  # (old may be empty: every card folded but the roots)
        for child, after in edges.items():
            before = old.get(child)
            if before != after:
                changed.add((after.parent, child))
                if before is not None:
                    changed.add((before.parent, child))
        for child, before in old.items():
            if child not in edges:
                changed.add((before.parent, child))
        self._columns()

    def _positions(self, plan: Plan, geometry: Geometry, index: dict[int, int]) -> list[ItemKey]:
        """Every card's band, place and box summed down the tree; the cards, parents first."""
        ctx = self.ctx
        children, sizes, depth, slot = ctx.children, ctx.sizes, self.depth, plan.slot
        off, top, col_pos, card_main, gutter = (
            plan.off,
            plan.top,
            geometry.col_pos,
            ctx.card_main,
            ctx.gutter,
        )
        lr = self.orientation == "lr"
        order: list[ItemKey] = []
        band: dict[ItemKey, float] = {}
        cross: dict[ItemKey, float] = {}
        main: dict[ItemKey, float] = {}
        boxes: dict[ItemKey, Box] = {}
        stack = [(root, off[root]) for root in reversed(ctx.roots)]
        while stack:
            node, start = stack.pop()
            order.append(node)
            band[node] = start
            c = cross[node] = start + top[node]
            ci = index[depth[node]]
            m = col_pos[ci]
            at = slot.get(node)
            if at is not None:
                m += (at[1] // at[0].rows) * (card_main[ci] + gutter)
            main[node] = m
            size_main, size_cross = sizes[node]
            if lr:
                boxes[node] = Box(node, m, c, size_main, size_cross, ci)
            else:
                boxes[node] = Box(node, c, m, size_cross, size_main, ci)
            kids = children[node]
            if kids:
                stack.extend([(kid, start + off[kid]) for kid in reversed(kids)])
        old = self.boxes
        if old:
            self.moved.update([n for n, box in boxes.items() if old.get(n, box) != box])
        self.band, self.cross, self.main, self.boxes = band, cross, main, boxes
        return order

    def _all_tree_edges(self, order: list[ItemKey]) -> dict[ItemKey, Edge]:
        """The tree's connectors to every card shown below another (what :meth:`_tree_edge`
        gives each one)."""
        children, parent_of, linked, routes = (
            self.ctx.children,
            self.tree.parent,
            self.linked,
            self.routes,
        )
        edges: dict[ItemKey, Edge] = {}
        for node in order:
            for kid in children[node]:
                kr_id = parent_of[kid][1]
                if kr_id is not None:
                    edges[kid] = Edge(node, kid, kr_id, "aligned", routes.get(kid, ()))
                elif kid not in linked:
                    edges[kid] = Edge(node, kid, None, "loose", routes.get(kid, ()))
        return edges

    def place_some(
        self, plan: Plan, geometry: Geometry, reshaped: Iterable[ItemKey], reblocked: list[ItemKey]
    ) -> None:
        """Positions again down the subtrees whose place or shape changed, along the
        columns that moved, and the boxes, grids and edges that follow."""
        ctx = self.ctx
        index = {d: i for i, d in enumerate(ctx.column_ids)}
        old_geo, old_card_main = self.geometry, self.card_main
        self.geometry, self.card_main = geometry, list(ctx.card_main)
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
        main = self.main
        for node in along:
            main[node] = self._main_of(node, plan, index)
        placed = self._shift(plan, set(reshaped), index)
        for node in along | self.resized:
            if node not in placed:
                self._set_box(node, index)
        self._regrid(plan, index, placed | set(reblocked), columns)
        redo = self.came | self.rest_edges | self._cross_edges(force=False)
        for node in reblocked:
            redo.update(ctx.children.get(node, ()))
        for child in redo:
            self._set_tree_edge(child)
        self._columns()

    def _shift(self, plan: Plan, reshaped: set[ItemKey], index: dict[int, int]) -> set[ItemKey]:
        """Bands, places across and boxes again down the subtrees ``reshaped`` or whose
        band moved; those cards."""
        ctx = self.ctx
        children, sizes, depth, main = ctx.children, ctx.sizes, self.depth, self.main
        band, cross, top, off = self.band, self.cross, plan.top, plan.off
        boxes, moved = self.boxes, self.moved
        lr = self.orientation == "lr"
        placed: list[ItemKey] = []
        stack = [(r, off[r]) for r in ctx.roots if r in reshaped or band.get(r) != off[r]]
        while stack:
            node, start = stack.pop()
            band[node] = start
            c = cross[node] = start + top[node]
            placed.append(node)
            m, (size_main, size_cross) = main[node], sizes[node]
            if lr:
                box = Box(node, m, c, size_main, size_cross, index[depth[node]])
            else:
                box = Box(node, c, m, size_cross, size_main, index[depth[node]])
            if boxes.get(node) != box:
                boxes[node] = box
                moved.add(node)
            for kid in children[node]:
                at = start + off[kid]
                if kid in reshaped or band.get(kid) != at:
                    stack.append((kid, at))
        return set(placed)

    def _set_box(self, node: ItemKey, index: dict[int, int]) -> None:
        size_main, size_cross = self.ctx.sizes[node]
        m, c = self.main[node], self.cross[node]
        if self.orientation == "lr":
            box = Box(node, m, c, size_main, size_cross, index[self.depth[node]])
        else:
            box = Box(node, c, m, size_cross, size_main, index[self.depth[node]])
        if self.boxes.get(node) != box:
            self.boxes[node] = box
            self.moved.add(node)

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
