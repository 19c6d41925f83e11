"""The connectors of a scene, drawn behind the cards as its background.

A large tree has tens of thousands of connectors, and a grid's connectors share
long lanes, so one item per connector made frames slow. Instead the scene draws
the connectors that cross the area being painted (found with a :class:`Grid`)
in ``drawBackground``, and the view keeps its background as a picture
(``CacheBackground``): scrolling copies it and draws only the strip that comes
into view; a zoom or a change draws it again. ``scene.edges`` still names each
connector with an object holding its kind, pen and path (:class:`EdgeMap`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from okr_studio.keys import ItemKey
from ui.canvas.connectors import (
    LINKS,
    ConnectorItem,
    Ends,
    add_path,
    connector_pen,
    crossing,
    extent,
    one_end,
)
from ui.canvas.grid import Grid

if TYPE_CHECKING:
    from okr_studio.layout import Edge, Layout
    from ui.canvas.geometry import CardGeometry
    from ui.canvas.measure import CardStyle

Pair = tuple[ItemKey, ItemKey]
Extent = tuple[float, float, float, float]
#: A patch naming more connectors than this (and than a quarter of them) works them
#: all out again instead (:meth:`EdgeLayer.patch`).
WHOLE_AFTER = 2000


class EdgeMap(Mapping[Pair, ConnectorItem]):
    """Every connector of the layout, by (parent, child): its kind, pen and path (an
    object made when asked for; the scene draws the connectors itself)."""

    def __init__(self, layer: EdgeLayer) -> None:
        self._layer = layer
        self.made: dict[Pair, ConnectorItem] = {}

    def __getitem__(self, pair: Pair) -> ConnectorItem:
        item = self.made.get(pair)
        if item is None:
            ends = self._layer.ends[pair]
            item = self.made[pair] = ConnectorItem(ends[0])
            item.restyle(self._layer.weight)
            item.set_ends(ends, self._layer.arrow)
        return item

    def __contains__(self, pair: object) -> bool:
        return pair in self._layer.ends

    def __iter__(self) -> Iterator[Pair]:
        return iter(self._layer.ends)

    def __len__(self) -> int:
        return len(self._layer.ends)


class EdgeLayer:
    """Where each connector runs, its path when drawn, and what a change moved."""

    def __init__(self) -> None:
        self.ends: dict[Pair, Ends] = {}
        self._edges: dict[Pair, Edge] = {}
        self._grid: Grid | None = None
        self._paths: dict[Pair, QPainterPath] = {}
        self._by_node: dict[ItemKey, list[Pair]] | None = None
        self._pens: dict[str, QPen] = {}
        self.arrow = 7.0
        self.weight = 1.0
        self.map = EdgeMap(self)

    def clear(self) -> None:
        self.__init__()

    def restyle(self, weight: float) -> None:
        """Pens again (the theme or the weight changed)."""
        self.weight = weight
        self._pens = {}
        for item in self.map.made.values():
            item.restyle(weight)

    # ---- following the layout ------------------------------------------------------------
    def sync(
        self,
        layout: Layout,
        geometry: Callable[[ItemKey], CardGeometry],
        style: CardStyle,
        touched: AbstractSet[ItemKey] | None,
    ) -> list[Extent] | None:
        """New ends for the connectors of ``touched`` cards and the changed connectors
        (every one when ``touched`` is None); returns where drawing changed (None:
        everywhere)."""
        old_ends, old_edges = self.ends, self._edges
        self.arrow = style.px(7)
        ends: dict[Pair, Ends] = {}
        edges: dict[Pair, Edge] = {}
        lanes: dict[ItemKey, float] = {}
        boxes = layout.boxes
        grid = self._grid if touched is not None else None
        self._grid = grid
        changed: list[Extent] = []
        where = changed if touched is not None else None  # None: everywhere, not summed
        for edge in layout.edges:
            pair = (edge.parent, edge.child)
            edges[pair] = edge
            if edge.kind in LINKS:
                lanes.setdefault(edge.child, style.px(16 + 8 * (len(lanes) % 3)))
            kept = old_ends.get(pair)
            if (
                kept is not None
                and touched is not None
                and edge.parent not in touched
                and edge.child not in touched
                and edge.kind not in LINKS
                and (old_edges.get(pair) is edge or old_edges.get(pair) == edge)
            ):
                ends[pair] = kept
                continue
            found = one_end(edge, boxes, geometry, style, lanes)
            if found is None:
                continue
            ends[pair] = found
            if found == kept:
                continue
            self._moved(pair, kept, found, where)
        for pair in [p for p in old_ends if p not in ends]:
            self._moved(pair, old_ends[pair], None, where)
        self.ends, self._edges = ends, edges
        self._by_node = None
        return changed if touched is not None else None

    def patch(
        self,
        layout: Layout,
        geometry: Callable[[ItemKey], CardGeometry],
        style: CardStyle,
        touched: AbstractSet[ItemKey],
        edges: AbstractSet[Pair],
    ) -> list[Extent] | None:
        """After a relayout that says what changed (``Layout.delta``): new ends only for
        the connectors of ``touched`` cards, the ``edges`` it names, and the links across
        the tree; returns where drawing changed (None: everywhere).

        When most connectors change (a branch near the top folded or unfolded), they are
        all worked out again as on opening (:meth:`sync`): their index is then made again
        a slice at a time, instead of every one being taken out of it and put back."""
        if len(edges) + len(touched) > max(WHOLE_AFTER, len(self.ends) // 4):
            return self.sync(layout, geometry, style, None)
        self.arrow = style.px(7)
        by_pair: dict[Pair, Edge] = {}
        links: list[Edge] = []
        for edge in layout.edges:
            by_pair[(edge.parent, edge.child)] = edge
            if edge.kind in LINKS:
                links.append(edge)
        lanes: dict[ItemKey, float] = {}
        for edge in links:
            lanes.setdefault(edge.child, style.px(16 + 8 * (len(lanes) % 3)))
        todo = set(edges) | {(e.parent, e.child) for e in links}
        for node in touched:
            todo.update(self.of(node))
        old_ends = self.ends
        ends = dict(old_ends)
        changed: list[Extent] = []
        for pair in todo:
            edge = by_pair.get(pair)
            kept = old_ends.get(pair)
            found = one_end(edge, layout.boxes, geometry, style, lanes) if edge else None
            if found is None:
                if kept is not None:
                    del ends[pair]
                    self._moved(pair, kept, None, changed)
                continue
            ends[pair] = found
            if found != kept:
                self._moved(pair, kept, found, changed)
        self._index(old_ends, ends, todo)
        self.ends, self._edges = ends, by_pair
        return changed

    def _index(self, old: dict[Pair, Ends], new: dict[Pair, Ends], pairs: set[Pair]) -> None:
        """Keep the connectors by card in step with what a patch added and removed."""
        by_node = self._by_node
        if by_node is None:
            return
        for pair in pairs:
            was, now = pair in old, pair in new
            for node in pair if was != now else ():
                found = by_node.setdefault(node, [])
                if now:
                    found.append(pair)
                elif pair in found:
                    found.remove(pair)

    def _moved(
        self, pair: Pair, old: Ends | None, new: Ends | None, changed: list[Extent] | None
    ) -> None:
        """A connector's ends changed (``new`` None: it went): its item and index follow,
        and where it was and is go to ``changed`` (None: the whole view is drawn again)."""
        if old is not None and changed is not None:
            changed.append(extent(old, self.arrow))
        self._paths.pop(pair, None)
        grid = self._grid
        item = self.map.made.pop(pair, None) if new is None else self.map.made.get(pair)
        if new is None:
            if grid is not None:
                grid.drop(pair)
            return
        if changed is not None or grid is not None:
            box = extent(new, self.arrow)
            if changed is not None:
                changed.append(box)
            if grid is not None:
                grid.put(pair, box)
        if item is not None and item.kind != new[0]:
            del self.map.made[pair]
        elif item is not None:
            item.set_ends(new, self.arrow)

    # ---- questions -----------------------------------------------------------------------
    def grid(self) -> Grid:
        """The connectors by where they run (made when first asked)."""
        if self._grid is None:
            grid = self._grid = Grid()
            arrow = self.arrow
            grid.fill((pair, extent(ends, arrow)) for pair, ends in self.ends.items())
        return self._grid

    def adopt(self, grid: Grid, ends: object) -> None:
        """Take a grid made a slice at a time from ``ends``, if they are still the ends."""
        if ends is self.ends and self._grid is None:
            self._grid = grid

    def of(self, node: ItemKey) -> list[Pair]:
        """The connectors to and from a card."""
        if self._by_node is None:
            by_node: dict[ItemKey, list[Pair]] = {}
            for pair in self.ends:
                by_node.setdefault(pair[0], []).append(pair)
                by_node.setdefault(pair[1], []).append(pair)
            self._by_node = by_node
        return self._by_node.get(node, [])

    def highlight(self, nodes: set[ItemKey], path: QPainterPath) -> None:
        """The alignments of ``nodes`` (not the loose lines), added to ``path``."""
        done: set[Pair] = set()
        for node in nodes:
            for pair in self.of(node):
                ends = self.ends[pair]
                if pair not in done and ends[0] != "loose":
                    done.add(pair)
                    add_path(ends, path, self.arrow)

    # ---- drawing -------------------------------------------------------------------------
    def indexed(self) -> bool:
        return self._grid is not None

    def crossing(self, rect: QRectF) -> list[Pair]:
        """The connectors that cross ``rect``: from the grid, or (not made yet) by
        looking at each one."""
        if self._grid is not None:
            return cast(list[Pair], self._grid.within(rect))
        return crossing(self.ends, rect, self.arrow)

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        """Draw the connectors that cross ``rect``, each kind with its pen."""
        by_kind: dict[str, list[QPainterPath]] = {}
        paths, ends = self._paths, self.ends
        for pair in self.crossing(rect):
            path = paths.get(pair)
            if path is None:
                path = paths[pair] = QPainterPath()
                add_path(ends[pair], path, self.arrow)
            by_kind.setdefault(ends[pair][0], []).append(path)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for kind, found in by_kind.items():
            pen = self._pens.get(kind)
            if pen is None:
                pen = self._pens[kind] = connector_pen(kind, self.weight)
            painter.setPen(pen)
            for path in found:
                painter.drawPath(path)
