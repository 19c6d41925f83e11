"""The grids and connectors of a layout, kept in step with the cards' places.

Part of :class:`okr_studio.layout_output.Output` (see there): a grid's place and the
routes of its connectors follow from its parent's band; a tree connector follows the
tree, the links across it and the routes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from okr_studio.keys import ItemKey
from okr_studio.layout_types import Box, Edge, Grid

if TYPE_CHECKING:
    from okr_studio.layout_place import Context, Geometry, Plan
    from okr_studio.layout_tree import LogicalTree
    from okr_studio.layout_types import Spacing

Route = tuple[tuple[float, float], ...]


class Connectors:
    """Grids, routes and edges (what :class:`~okr_studio.layout_output.Output` keeps)."""

    ctx: Context
    tree: LogicalTree
    sp: Spacing
    orientation: Literal["lr", "tb"]
    geometry: Geometry
    band: dict[ItemKey, float]
    grids: dict[tuple[ItemKey, int], Grid]
    grids_of: dict[ItemKey, list[tuple[ItemKey, int]]]
    routes: dict[ItemKey, Route]
    tree_edges: dict[ItemKey, Edge]
    cross_edges: tuple[Edge, ...]
    linked: frozenset[ItemKey]
    link_version: int
    edges_changed: set[tuple[ItemKey, ItemKey]]
    came: set[ItemKey]
    lost: dict[ItemKey, Box]

    def point(self, main: float, cross: float) -> tuple[float, float]:
        return (main, cross) if self.orientation == "lr" else (cross, main)

    def _regrid(
        self, plan: Plan, index: dict[int, int], parents: set[ItemKey], columns: set[int]
    ) -> None:
        """The grids of ``parents`` (and of the ``columns`` that moved) again, and the
        connectors whose route changed with them."""
        if columns:
            moved = {index[d] for d in columns}
            parents = parents | {k[0] for k, g in self.grids.items() if g.column in moved}
        grids_of, blocks, grids, routes = self.grids_of, plan.blocks, self.grids, self.routes
        parents = {p for p in parents if p in grids_of or p in blocks}
        before: dict[ItemKey, list[Grid]] = {}
        old: dict[ItemKey, Route] = {}
        for parent in parents:  # first every old grid goes (a leaf may change grids)
            gone = before[parent] = [grids.pop(key) for key in grids_of.pop(parent, ())]
            for grid in gone:  # the first sub-column's leaves have no route
                for kid in grid.children[grid.rows :]:
                    old[kid] = routes.pop(kid, ())
        for parent in parents:
            self._grid(parent, plan, index)
        edges, changed = self.tree_edges, self.edges_changed
        for parent in parents:
            now = [grids[key] for key in grids_of.get(parent, ())]
            was = before[parent]
            if len(now) == len(was) and all(
                a.children == b.children and a.rows == b.rows for a, b in zip(now, was, strict=True)
            ):  # the same leaves in the same cells: the first sub-column has no routes
                kids = [k for grid in now for k in grid.children[grid.rows :]]
            else:
                kids = list({k for grid in (*now, *was) for k in grid.children})
            for kid in kids:  # a connector whose route changed, made again at once
                route = routes.get(kid, ())
                if route != old.get(kid, ()):
                    edge = edges.get(kid)
                    if edge is not None and edge.route != route:
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
            # One route per sub-column, shared by its leaves (none for the first).
            sub_routes = [(start_lane, point(bus, lane)) for bus in buses]
            kids = block.kids
            for i in range(rows, len(kids)):
                routes[kids[i]] = sub_routes[i // rows]
            leaves += kids
            x, y = point(pos, cells)
            w, h = point(pos + block.k * step - gutter - pos, end - cells)
            grid = Grid(parent, kids, ci, block.k, block.rows, x, y, w, h, lane, buses)
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
