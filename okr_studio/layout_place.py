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
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okr_studio.keys import ItemKey

if TYPE_CHECKING:
    from okr_studio.layout import Spacing


class Block:
    """A run of leaves of one parent packed in a grid (cross positions set while placing)."""

    __slots__ = ("cells", "column", "end", "k", "kids", "parent", "rows", "top")

    def __init__(
        self, parent: ItemKey, kids: tuple[ItemKey, ...], column: int, k: int, rows: int
    ) -> None:
        self.parent, self.kids, self.column, self.k, self.rows = parent, kids, column, k, rows
        self.top = self.cells = self.end = 0.0  # lane start, first row, end of last row

    def shift(self, by: float) -> None:
        self.top += by
        self.cells += by
        self.end += by


@dataclass
class Placed:
    """Positions of every card, in layout space."""

    col_pos: list[float]
    col_width: list[float]
    card_main: list[float]
    gutter: float
    total_main: float
    total_cross: float
    main: dict[ItemKey, float]
    cross: dict[ItemKey, float]
    blocks: list[Block]

    def sub_main(self, column: int, j: int) -> float:
        """Where sub-column ``j`` of a grid in ``column`` starts."""
        return self.col_pos[column] + j * (self.card_main[column] + self.gutter)

    @property
    def ratio(self) -> float:
        return max(self.total_main, 1e-9) / max(self.total_cross, 1e-9)


class Placer:
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
        self.sizes, self.children, self.column = sizes, children, column
        self.card_main, self.sp, self.roots = card_main, spacing, roots
        self.gutter = spacing.gutter if spacing.gutter is not None else spacing.column_gap / 3
        self.runs = self._leaf_runs(leaves) if spacing.grid_from >= 2 else []

    def _leaf_runs(self, leaves: frozenset[ItemKey]) -> list[tuple[ItemKey, int, int]]:
        """(parent, first, end) of each run of enough leaves of one parent in one column."""
        runs = []
        for parent, kids in self.children.items():
            i, n = 0, len(kids)
            while i < n:
                if kids[i] not in leaves:
                    i += 1
                    continue
                j = i + 1
                while j < n and kids[j] in leaves and self.column[kids[j]] == self.column[kids[i]]:
                    j += 1
                if j - i >= self.sp.grid_from:
                    runs.append((parent, i, j))
                i = j
        return runs

    def best(self, aim: float) -> Placed:
        """The placement whose main/cross ratio comes closest to ``aim``."""
        tried: dict[int, Placed] = {}

        def at(limit: int) -> Placed:
            if limit not in tried:
                tried[limit] = self.place(limit)
            return tried[limit]

        if not self.runs or aim <= 0 or at(1).ratio >= aim:
            return at(1)
        lo, hi = 2, max(end - first for _p, first, end in self.runs)
        cap = self.sp.max_main
        if cap is not None and at(hi).total_main > cap:  # the most sub-columns that fit
            low = 1
            while low < hi:
                mid = (low + hi + 1) // 2
                if at(mid).total_main <= cap:
                    low = mid
                else:
                    hi = mid - 1
        if hi < 2 or at(hi).ratio < aim:
            return at(hi)
        while lo < hi:  # the ratio grows with the number of sub-columns
            mid = (lo + hi) // 2
            if at(mid).ratio >= aim:
                hi = mid
            else:
                lo = mid + 1
        return min((at(lo), at(lo - 1)), key=lambda p: abs(math.log(p.ratio / aim)))

    def place(self, limit: int) -> Placed:
        """Place every card with grids of at most ``limit`` sub-columns."""
        sp = self.sp
        col_width = list(self.card_main)
        blocks: list[Block] = []
        blocks_of: dict[ItemKey, dict[int, Block]] = {}
        for parent, first, end in self.runs:
            n = end - first
            rows = -(-n // min(limit, n))
            k = -(-n // rows)  # as few sub-columns as these rows need: balanced
            if k < 2:
                continue
            kids = self.children[parent][first:end]
            c = self.column[kids[0]]
            block = Block(parent, kids, c, k, rows)
            blocks.append(block)
            blocks_of.setdefault(parent, {})[first] = block
            col_width[c] = max(col_width[c], k * self.card_main[c] + (k - 1) * self.gutter)
        col_pos: list[float] = []
        pos = 0.0
        for width in col_width:
            col_pos.append(pos)
            pos += width + sp.column_gap
        total_main = pos - sp.column_gap if col_width else 0.0
        bands = _Bands(self.sizes, self.children, blocks_of, sp.sibling_gap)
        cursor = 0.0
        for i, root in enumerate(self.roots):
            if i:
                cursor += sp.subtree_gap
            cursor = bands.place(root, cursor)
        main = {key: col_pos[c] for key, c in self.column.items()}
        placed = Placed(
            col_pos, col_width, self.card_main, self.gutter, total_main, cursor, main,
            bands.cross, blocks,
        )  # fmt: skip
        for block in blocks:
            for i, kid in enumerate(block.kids):
                main[kid] = placed.sub_main(block.column, i // block.rows)
        return placed


class _Bands:
    """Cross positions: each subtree in its own band, a parent centred on its children."""

    def __init__(
        self,
        sizes: dict[ItemKey, tuple[float, float]],
        children: dict[ItemKey, tuple[ItemKey, ...]],
        blocks_of: dict[ItemKey, dict[int, Block]],
        gap: float,
    ) -> None:
        self.sizes, self.children, self.blocks_of, self.gap = sizes, children, blocks_of, gap
        self.cross: dict[ItemKey, float] = {}

    def grid(self, block: Block, start: float) -> float:
        """Place a grid of leaves from ``start``; return where it ends."""
        block.top = start
        block.cells = start + self.gap  # the lane: the trunk line runs there
        row_h = [0.0] * block.rows
        for i, kid in enumerate(block.kids):
            row_h[i % block.rows] = max(row_h[i % block.rows], self.sizes[kid][1])
        offsets = []
        y = block.cells
        for h in row_h:
            offsets.append(y)
            y += h + self.gap
        for i, kid in enumerate(block.kids):
            self.cross[kid] = offsets[i % block.rows]
        block.end = y - self.gap
        return block.end

    def place(self, key: ItemKey, start: float) -> float:
        """Place the subtree of ``key`` from ``start``; return the band's end."""
        sizes, cross = self.sizes, self.cross
        size = sizes[key][1]
        kids = self.children.get(key, ())
        if not kids:
            cross[key] = start
            return start + size
        mine = self.blocks_of.get(key, {})
        cursor = start
        first_anchor = last_anchor = 0.0
        first = True
        i = 0
        while i < len(kids):
            if i:
                cursor += self.gap
            block = mine.get(i)
            if block is None:
                cursor = self.place(kids[i], cursor)
                low = high = cross[kids[i]] + sizes[kids[i]][1] / 2
                i += 1
            else:
                cursor = self.grid(block, cursor)
                low, high = block.cells, block.end
                i += len(block.kids)
            if first:
                first_anchor, first = low, False
            last_anchor = high
        top = (first_anchor + last_anchor) / 2 - size / 2
        if top < start:  # the parent is taller than its children's span: shift them down
            cursor += self._shift_below(key, start - top)
            top = start
        cross[key] = top
        return max(cursor, top + size)

    def _shift_below(self, key: ItemKey, shift: float) -> float:
        for node in walk_subtree(key, self.children):
            if node != key:
                self.cross[node] += shift
            for moved in self.blocks_of.get(node, {}).values():
                moved.shift(shift)
        return shift


def walk_subtree(key: ItemKey, children: dict[ItemKey, tuple[ItemKey, ...]]) -> list[ItemKey]:
    out = [key]
    i = 0
    while i < len(out):
        out.extend(children.get(out[i], ()))
        i += 1
    return out
