"""A whole tree placed at once, for one limit of sub-columns or the best one.

:class:`Placer` reads the plans of :mod:`okr_studio.layout_place` the simple way,
every card in one pass, with columns numbered from 0: what the layout's tests use to
look at a placement on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from okr_studio.keys import ItemKey
from okr_studio.layout_place import Block, Context, Geometry, Plan, Planner, post_order

if TYPE_CHECKING:
    from okr_studio.layout import Spacing


@dataclass
class Placed:
    """Every card placed by one plan, across made absolute (see :class:`Placer`)."""

    geometry: Geometry
    main: dict[ItemKey, float]
    cross: dict[ItemKey, float]
    blocks: list[Block]
    gutter: float

    def __getattr__(self, name: str) -> object:  # col_pos, col_width, total_main…
        return getattr(self.geometry, name)


class Placer:
    """Places a whole tree at once, for one limit or the best one (columns by index)."""

    def __init__(
        self,
        sizes: dict[ItemKey, tuple[float, float]],
        children: dict[ItemKey, tuple[ItemKey, ...]],
        column: dict[ItemKey, int],
        card_main: list[float],
        spacing: Spacing,
        roots: list[ItemKey],
        leaves: frozenset[ItemKey],
    ) -> None:
        ctx = self.ctx = Context(sizes, dict(children), column, spacing, leaves.__contains__)
        ctx.roots, ctx.column_ids, ctx.card_main = (
            list(roots),
            list(range(len(card_main))),
            card_main,
        )
        for node in children:
            ctx.set_runs(node)
        self.runs = [(p, first, end) for p in children for first, end in ctx.runs.get(p, ())]
        self.planner = Planner(ctx)
        self.planner.post_order = lambda: post_order(ctx.roots, ctx.children)

    def place(self, limit: int) -> Placed:
        return self._placed(self.planner.plan(limit))

    def best(self, aim: float) -> Placed:
        return self._placed(self.planner.best(aim)[0])

    def _placed(self, plan: Plan) -> Placed:
        ctx, geo = self.ctx, plan.geometry()
        band: dict[ItemKey, float] = {}
        cross: dict[ItemKey, float] = {}
        for root in ctx.roots:
            band[root] = plan.off[root]
        for node in reversed(post_order(ctx.roots, ctx.children)):  # parents first
            for kid in ctx.children.get(node, ()):
                band[kid] = band[node] + plan.off[kid]
            cross[node] = band[node] + plan.top[node]
        main = {key: geo.col_pos[c] for key, c in ctx.column.items()}
        blocks = []
        for parent in reversed(post_order(ctx.roots, ctx.children)):
            for block in plan.blocks.get(parent, {}).values():
                placed = Block(
                    block.parent, block.first, block.kids, block.column, block.k, block.rows
                )
                placed.top, placed.cells, placed.end = block.top, block.cells, block.end
                placed.shift(band[parent])
                blocks.append(placed)
                for i, kid in enumerate(block.kids):
                    main[kid] = geo.col_pos[block.column] + (i // block.rows) * (
                        ctx.card_main[block.column] + ctx.gutter
                    )
        return Placed(geo, main, cross, blocks, ctx.gutter)
