"""A coarse spatial index: which keys have a rectangle in an area of the scene.

The canvas asks it which cards and connectors are in view (only those get items)
and which card is under the pointer, without looking at every card of a large
tree. Cells are squares of :data:`CELL` scene units; a rectangle is listed in
every cell it touches.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from itertools import islice
from math import floor
from time import perf_counter

from PySide6.QtCore import QRectF

CELL = 2048.0

#: A rectangle as (left, top, right, bottom).
Extent = tuple[float, float, float, float]


def _cells(e: Extent) -> Iterator[tuple[int, int]]:
    x0, y0 = floor(e[0] / CELL), floor(e[1] / CELL)
    x1, y1 = floor(e[2] / CELL), floor(e[3] / CELL)
    for cx in range(x0, x1 + 1):
        for cy in range(y0, y1 + 1):
            yield cx, cy


class Grid:
    """Keys by the cells their rectangle touches; moved or removed one at a time."""

    def __init__(self, items: Iterable[tuple[Hashable, Extent]] = ()) -> None:
        self._cells: dict[tuple[int, int], set[Hashable]] = {}
        self._extent: dict[Hashable, Extent] = {}
        self.fill(items)

    def fill(self, items: Iterable[tuple[Hashable, Extent]]) -> None:
        """List many keys at once (none of them listed yet): one loop, no call per key."""
        cells, extents, fl, size = self._cells, self._extent, floor, CELL
        for key, extent in items:
            extents[key] = extent
            x0, y0 = fl(extent[0] / size), fl(extent[1] / size)
            x1, y1 = fl(extent[2] / size), fl(extent[3] / size)
            if x0 == x1 and y0 == y1:
                found = cells.get((x0, y0))
                if found is None:
                    cells[(x0, y0)] = {key}
                else:
                    found.add(key)
                continue
            for cx in range(x0, x1 + 1):
                for cy in range(y0, y1 + 1):
                    found = cells.get((cx, cy))
                    if found is None:
                        cells[(cx, cy)] = {key}
                    else:
                        found.add(key)

    def __len__(self) -> int:
        return len(self._extent)

    def put(self, key: Hashable, extent: Extent) -> None:
        """List ``key`` at ``extent`` (moving it if it was listed elsewhere)."""
        old = self._extent.get(key)
        if old == extent:
            return
        if old is not None:
            self.drop(key)
        self._extent[key] = extent
        cells = self._cells
        x0, y0 = floor(extent[0] / CELL), floor(extent[1] / CELL)
        x1, y1 = floor(extent[2] / CELL), floor(extent[3] / CELL)
        for cx in range(x0, x1 + 1):
            for cy in range(y0, y1 + 1):
                found = cells.get((cx, cy))
                if found is None:
                    cells[(cx, cy)] = {key}
                else:
                    found.add(key)

    def drop(self, key: Hashable) -> None:
        extent = self._extent.pop(key, None)
        if extent is None:
            return
        for cell in _cells(extent):
            found = self._cells.get(cell)
            if found is not None:
                found.discard(key)
                if not found:
                    del self._cells[cell]

    def extent(self, key: Hashable) -> Extent | None:
        return self._extent.get(key)

    def keys(self) -> Iterable[Hashable]:
        return self._extent.keys()

    def near(self, rect: QRectF) -> set[Hashable]:
        """Keys whose rectangle may touch ``rect`` (those in the cells it touches)."""
        area = (rect.left(), rect.top(), rect.right(), rect.bottom())
        out: set[Hashable] = set()
        cells = self._cells
        for cell in _cells(area):
            found = cells.get(cell)
            if found:
                out |= found
        return out

    def within(self, rect: QRectF) -> list[Hashable]:
        """Keys whose rectangle touches ``rect``."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        ext = self._extent
        return [
            k
            for k in self.near(rect)
            if (e := ext[k])[0] <= right and e[2] >= left and e[1] <= bottom and e[3] >= top
        ]

    def at(self, x: float, y: float) -> list[Hashable]:
        """Keys whose rectangle holds the point."""
        cell = self._cells.get((floor(x / CELL), floor(y / CELL)), ())
        ext = self._extent
        return [k for k in cell if (e := ext[k])[0] <= x <= e[2] and e[1] <= y <= e[3]]


class GridBuilder:
    """A grid filled a slice at a time, so a large tree is indexed between frames and
    input is never held up for long (:meth:`step` fills for a given time)."""

    #: Rectangles listed between two looks at the clock.
    SLICE = 256

    def __init__(self, items: Iterable[tuple[Hashable, Extent]], source: object) -> None:
        """``items``: read as the grid is filled, so what they come from must not change
        meanwhile (a list of it, not the dictionary itself)."""
        self.grid = Grid()
        #: What the rectangles were read from: the grid is for it and nothing else.
        self.source = source
        self._items = iter(items)

    def step(self, seconds: float) -> bool:
        """Fill for about ``seconds``; True when every rectangle is listed."""
        end = perf_counter() + seconds
        while True:
            part = list(islice(self._items, self.SLICE))
            self.grid.fill(part)
            if len(part) < self.SLICE:
                return True
            if perf_counter() >= end:
                return False
