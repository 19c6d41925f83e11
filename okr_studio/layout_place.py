"""Placing the tree's cards: levels in columns, subtrees in disjoint bands, leaves in grids.

The engine behind :func:`okr_studio.layout.compute_layout`, in layout space:
"main" runs along the levels (x when the tree reads left to right), "cross"
across them. Subtrees are stacked across in disjoint bands and a parent is
centred on its children. When a parent has a run of at least
``Spacing.grid_from`` leaves (children with no children of their own) in one
column, they are packed in a grid of sub-columns inside that column, filled
sub-column by sub-column, with a gutter between sub-columns (where their
connectors run) and a lane in front of the first row (their trunk line). How
many sub-columns a grid may have is one number for the whole tree, chosen so
the tree's shape comes closest to the aimed-at aspect ratio without growing
longer along the levels than ``Spacing.max_main`` (a printed page's width).

A subtree's band depends only on the subtree, so a :class:`Plan` (the placement
for one limit of sub-columns) keeps each node's *shape*: its band's extent, its own
place in the band and its children's places, all relative to the band's start.
After an edit only the shapes of the nodes that changed and of their ancestors are
made again (:meth:`Plan.update`); where a card ends up is the sum of the offsets
on its way from its root, the same sums whether the plan was made whole or patched.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okr_studio.keys import ItemKey

if TYPE_CHECKING:
    from okr_studio.layout import Spacing


class Block:
    """A run of leaves of one parent packed in a grid (across: relative to the parent's
    band until :class:`Placer` makes them absolute)."""

    __slots__ = ("cells", "column", "end", "first", "k", "kids", "parent", "rows", "top")

    def __init__(
        self, parent: ItemKey, first: int, kids: tuple[ItemKey, ...], column: int, k: int, rows: int
    ) -> None:
        self.parent, self.first, self.kids, self.column = parent, first, kids, column
        self.k, self.rows = k, rows
        self.top = self.cells = self.end = 0.0  # lane start, first row, end of last row

    def shift(self, by: float) -> None:
        self.top += by
        self.cells += by
        self.end += by


class Context:
    """What every plan reads: the visible tree, card sizes, columns and runs of leaves.

    ``column`` names each card's column by any number that is equal for one level and
    grows along the levels (the engine uses the unit's depth); ``column_ids`` lists
    them in order and ``card_main`` gives each one's card length along the levels.
    """

    def __init__(
        self,
        sizes: dict[ItemKey, tuple[float, float]],
        children: dict[ItemKey, tuple[ItemKey, ...]],
        column: dict[ItemKey, int],
        spacing: Spacing,
        is_leaf: Callable[[ItemKey], bool],
    ) -> None:
        self.sizes, self.children, self.column = sizes, children, column
        self.sp, self.is_leaf = spacing, is_leaf
        self.gutter = spacing.gutter if spacing.gutter is not None else spacing.column_gap / 3
        self.roots: list[ItemKey] = []
        self.column_ids: list[int] = []
        self.card_main: list[float] = []
        self.runs: dict[ItemKey, list[tuple[int, int]]] = {}
        self.run_lengths: Counter[int] = Counter()

    def set_runs(self, node: ItemKey) -> None:
        """(first, end) of each run of enough leaves among ``node``'s children in one column."""
        for first, end in self.runs.pop(node, ()):
            self.run_lengths[end - first] -= 1
            if not self.run_lengths[end - first]:
                del self.run_lengths[end - first]
        kids = self.children.get(node, ())
        if self.sp.grid_from < 2 or len(kids) < self.sp.grid_from:
            return
        runs = []
        leaf, column = self.is_leaf, self.column
        i, n = 0, len(kids)
        while i < n:
            if not leaf(kids[i]):
                i += 1
                continue
            j = i + 1
            while j < n and leaf(kids[j]) and column[kids[j]] == column[kids[i]]:
                j += 1
            if j - i >= self.sp.grid_from:
                runs.append((i, j))
                self.run_lengths[j - i] += 1
            i = j
        if runs:
            self.runs[node] = runs

    def forget(self, node: ItemKey) -> None:
        self.children.pop(node, None)
        self.set_runs(node)


@dataclass
class Geometry:
    """Where the columns are for one plan."""

    col_pos: list[float]
    col_width: list[float]
    total_main: float
    total_cross: float

    @property
    def ratio(self) -> float:
        return max(self.total_main, 1e-9) / max(self.total_cross, 1e-9)


class Plan:
    """The placement across for grids of at most ``limit`` sub-columns, kept per subtree."""

    def __init__(self, ctx: Context, limit: int) -> None:
        self.ctx, self.limit = ctx, limit
        self.ext: dict[ItemKey, float] = {}  # the band's extent
        self.top: dict[ItemKey, float] = {}  # the card's place in its band
        self.off: dict[ItemKey, float] = {}  # the band's start in its parent's band
        self.blocks: dict[ItemKey, dict[int, Block]] = {}
        self.slot: dict[ItemKey, tuple[Block, int]] = {}  # a leaf in a grid: (grid, index)
        self.widest: dict[int, Counter[int]] = {}  # sub-columns of the grids per column
        self.total_cross = 0.0

    # ---- making it ------------------------------------------------------------------
    def build(self, post_order: Iterable[ItemKey]) -> Plan:
        """Place every node, children before their parents."""
        runs, children, sizes = self.ctx.runs, self.ctx.children, self.ctx.sizes
        for node in runs:
            self.reblock(node)
        top, ext = self.top, self.ext
        for node in post_order:
            if children.get(node):
                self.shape(node)
            else:  # a leaf: what shape() makes of it
                top[node], ext[node] = 0.0, sizes[node][1]
        self.place_roots()
        return self

    def update(self, reblock: Iterable[ItemKey], reshape: Iterable[ItemKey]) -> None:
        """After an edit: grids again for ``reblock``, shapes again for ``reshape``
        (children before parents, ancestors included), the roots again."""
        for node in reblock:
            self.reblock(node)
        for node in reshape:
            self.shape(node)
        self.place_roots()

    def forget(self, node: ItemKey) -> None:
        self._drop_blocks(node)
        self.slot.pop(node, None)
        self.ext.pop(node, None)
        self.top.pop(node, None)
        self.off.pop(node, None)

    def _drop_blocks(self, node: ItemKey) -> None:
        for block in self.blocks.pop(node, {}).values():
            ks = self.widest[block.column]
            ks[block.k] -= 1
            if not ks[block.k]:
                del ks[block.k]
            for kid in block.kids:
                if self.slot.get(kid, (None,))[0] is block:
                    del self.slot[kid]

    def reblock(self, node: ItemKey) -> None:
        """The grids of ``node``'s runs of leaves."""
        self._drop_blocks(node)
        runs = self.ctx.runs.get(node)
        if not runs:
            return
        mine: dict[int, Block] = {}
        kids = self.ctx.children[node]
        for first, end in runs:
            n = end - first
            rows = -(-n // min(self.limit, n))
            k = -(-n // rows)  # as few sub-columns as these rows need: balanced
            if k < 2:
                continue
            block = Block(node, first, kids[first:end], self.ctx.column[kids[first]], k, rows)
            mine[first] = block
            for i, kid in enumerate(block.kids):
                self.slot[kid] = (block, i)
            self.widest.setdefault(block.column, Counter())[k] += 1
        if mine:
            self.blocks[node] = mine

    def shape(self, node: ItemKey) -> None:
        """``node``'s band from its children's: a parent centred on its children."""
        ctx = self.ctx
        sizes, gap, off, top_of, ext = ctx.sizes, ctx.sp.sibling_gap, self.off, self.top, self.ext
        size = sizes[node][1]
        kids = ctx.children.get(node, ())
        if not kids:
            top_of[node], ext[node] = 0.0, size
            return
        mine = self.blocks.get(node, {})
        cursor = first_anchor = last_anchor = 0.0
        first = True
        i, n = 0, len(kids)
        while i < n:
            if i:
                cursor += gap
            block = mine.get(i)
            if block is None:
                kid = kids[i]
                off[kid] = cursor
                low = high = cursor + top_of[kid] + sizes[kid][1] / 2
                cursor += ext[kid]
                i += 1
            else:
                cursor = self._grid(block, cursor)
                low, high = block.cells, block.end
                i += len(block.kids)
            if first:
                first_anchor, first = low, False
            last_anchor = high
        top = (first_anchor + last_anchor) / 2 - size / 2
        if top < 0:  # the parent is taller than its children's span: shift them down
            shift = -top
            for kid in kids:
                off[kid] += shift
            for block in mine.values():
                block.shift(shift)
            cursor += shift
            top = 0.0
        top_of[node] = top
        ext[node] = max(cursor, top + size)

    def _grid(self, block: Block, start: float) -> float:
        """Place a grid of leaves from ``start``; return where it ends."""
        sizes, gap = self.ctx.sizes, self.ctx.sp.sibling_gap
        block.top = start
        block.cells = start + gap  # the lane: the trunk line runs there
        row_h = [0.0] * block.rows
        for i, kid in enumerate(block.kids):
            row_h[i % block.rows] = max(row_h[i % block.rows], sizes[kid][1])
        offsets = []
        y = block.cells
        for h in row_h:
            offsets.append(y)
            y += h + gap
        for i, kid in enumerate(block.kids):
            self.off[kid] = offsets[i % block.rows]
            self.top[kid], self.ext[kid] = 0.0, sizes[kid][1]
        block.end = y - gap
        return block.end

    def place_roots(self) -> None:
        cursor = 0.0
        for i, root in enumerate(self.ctx.roots):
            if i:
                cursor += self.ctx.sp.subtree_gap
            self.off[root] = cursor
            cursor += self.ext[root]
        self.total_cross = cursor

    # ---- reading it -----------------------------------------------------------------
    def geometry(self) -> Geometry:
        """The columns' places along the levels, as wide as their widest grid."""
        ctx = self.ctx
        col_width = list(ctx.card_main)
        for i, column in enumerate(ctx.column_ids):
            ks = self.widest.get(column)
            if ks:
                k = max(ks)
                col_width[i] = max(col_width[i], k * ctx.card_main[i] + (k - 1) * ctx.gutter)
        col_pos: list[float] = []
        pos = 0.0
        for width in col_width:
            col_pos.append(pos)
            pos += width + ctx.sp.column_gap
        total_main = pos - ctx.sp.column_gap if col_width else 0.0
        return Geometry(col_pos, col_width, total_main, self.total_cross)


class Planner:
    """The plans tried for the current tree, kept up to date between edits."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.plans: dict[int, Plan] = {}
        self.post_order: Callable[[], list[ItemKey]] = list

    def plan(self, limit: int) -> Plan:
        found = self.plans.get(limit)
        if found is None:
            found = self.plans[limit] = Plan(self.ctx, limit).build(self.post_order())
        return found

    def best(self, aim: float) -> tuple[Plan, Geometry]:
        """The plan whose main/cross ratio comes closest to ``aim``; plans not tried
        this time are let go."""
        tried: dict[int, Geometry] = {}

        def at(limit: int) -> Geometry:
            if limit not in tried:
                tried[limit] = self.plan(limit).geometry()
            return tried[limit]

        limit = self._best(aim, at)
        for other in [k for k in self.plans if k not in tried]:
            del self.plans[other]
        return self.plans[limit], tried[limit]

    def _best(self, aim: float, at: Callable[[int], Geometry]) -> int:
        if not self.ctx.run_lengths or aim <= 0 or at(1).ratio >= aim:
            at(1)
            return 1
        lo, hi = 2, max(self.ctx.run_lengths)
        cap = self.ctx.sp.max_main
        if cap is not None and at(hi).total_main > cap:  # the most sub-columns that fit
            low = 1
            while low < hi:
                mid = (low + hi + 1) // 2
                if at(mid).total_main <= cap:
                    low = mid
                else:
                    hi = mid - 1
        if hi < 2 or at(hi).ratio < aim:
            return hi
        while lo < hi:  # the ratio grows with the number of sub-columns
            mid = (lo + hi) // 2
            if at(mid).ratio >= aim:
                hi = mid
            else:
                lo = mid + 1
        return min((lo, lo - 1), key=lambda k: abs(math.log(at(k).ratio / aim)))


def walk_subtree(key: ItemKey, children: dict[ItemKey, tuple[ItemKey, ...]]) -> list[ItemKey]:
    out = [key]
    i = 0
    while i < len(out):
        out.extend(children.get(out[i], ()))
        i += 1
    return out


def post_order(
    roots: Iterable[ItemKey], children: dict[ItemKey, tuple[ItemKey, ...]]
) -> list[ItemKey]:
    """Every node below ``roots``, children before their parents."""
    pre: list[ItemKey] = []
    stack = list(reversed(list(roots)))
    while stack:
        node = stack.pop()
        pre.append(node)
        stack.extend(reversed(children.get(node, ())))
    pre.reverse()
    return pre
