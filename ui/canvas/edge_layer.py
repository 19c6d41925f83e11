"""The connectors of a scene, drawn behind the cards as its background.

A large tree has tens of thousands of connectors, and a grid's connectors share
long lanes, so one item per connector made frames slow. Instead the scene draws
the connectors that cross the area being painted in ``drawBackground``, and the
view keeps its background as a picture
(``CacheBackground``): scrolling copies it and draws only the strip that comes
into view; a zoom or a change draws it again. ``scene.edges`` still names each
connector with an object holding its kind, pen and path (:class:`EdgeMap`).

Each connector's extent (the rectangle its curve stays in) is kept beside its ends
and worked out again only when they change, so the connectors crossing an area are
found by looking at each extent: under a millisecond for ten thousand, with nothing
to index after opening, folding or any relayout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from okr_studio.keys import ItemKey
from ui.canvas.connectors import (
    LINKS,
    ConnectorItem,
    Ends,
    add_path,
    connector_pen,
    extent,
    link_ends,
    one_end,
)
from ui.canvas.items import entry_offset

if TYPE_CHECKING:
    from okr_studio.layout import Box, Edge, Layout
    from ui.canvas.geometry import CardGeometry
    from ui.canvas.measure import CardStyle

Pair = tuple[ItemKey, ItemKey]
Extent = tuple[float, float, float, float]
#: A patch naming more connectors than this (and than a quarter of them) works them
#: all out again instead, as on opening (:meth:`EdgeLayer.patch`).
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
        #: Each connector's :func:`extent`, in step with :attr:`ends`.
        self.extents: dict[Pair, Extent] = {}
        self._edges: dict[Pair, Edge] = {}
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
        if touched is None or not self.ends:  # (none to keep: every one is new)
            self._whole(layout, geometry, style)
            return None if touched is None else list(self.extents.values())
        old_ends, old_extents, old_edges = self.ends, self.extents, self._edges
        same_arrow = self.arrow == style.px(7)
        self.arrow = arrow = style.px(7)
        ends: dict[Pair, Ends] = {}
        extents: dict[Pair, Extent] = {}
        edges: dict[Pair, Edge] = {}
        lanes: dict[ItemKey, float] = {}
        boxes = layout.boxes
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
                extents[pair] = old_extents[pair]
                continue
            found = one_end(edge, boxes, geometry, style, lanes)
            if found is None:
                continue
            ends[pair] = found
            if found == kept and same_arrow:
                extents[pair] = old_extents[pair]
                continue
            box = extents[pair] = extent(found, arrow)
            if found != kept:
                self._moved(pair, old_extents.get(pair), found, box, where)
        for pair in [p for p in old_ends if p not in ends]:
            self._moved(pair, old_extents[pair], None, None, where)
        self.ends, self.extents, self._edges = ends, extents, edges
        self._by_node = None
        return changed if touched is not None else None

    def _whole(
        self, layout: Layout, geometry: Callable[[ItemKey], CardGeometry], style: CardStyle
    ) -> None:
        """Every connector's ends and extent worked out again (:meth:`sync` of every card):
        the same as :func:`one_end` and :func:`extent` of each, with what connectors of one
        card share (its key result rows' heights, where they enter cards) looked up once."""
        old_ends = self.ends
        self.arrow = arrow = style.px(7)
        into = entry_offset(style)
        boxes = layout.boxes
        get_box = boxes.get
        ends: dict[Pair, Ends] = {}
        extents: dict[Pair, Extent] = {}
        edges: dict[Pair, Edge] = {}
        lanes: dict[ItemKey, float] = {}
        parent_was: ItemKey | None = None
        pb: Box | None = None
        g: CardGeometry | None = None
        starts: dict[int | None, tuple[float, float]] = {}
        for edge in layout.edges:
            parent, child, kr_id, kind, route = edge
            pair = (parent, child)
            edges[pair] = edge
            if kind in LINKS:
                lanes.setdefault(child, style.px(16 + 8 * (len(lanes) % 3)))
            if parent != parent_was:
                parent_was, pb, g, starts = parent, get_box(parent), None, {}
            cb = get_box(child)
            if pb is None or cb is None:
                continue
            start = starts.get(kr_id)
            if start is None:
                if g is None:
                    g = geometry(parent)
                row = g.row(kr_id) if kr_id is not None else None
                start = starts[kr_id] = (
                    pb.x + g.width,
                    pb.y + (row[1] + row[2] / 2 if row else g.height / 2),
                )
            entry = (cb.x, cb.y + into)
            if kind in LINKS:
                right = cb.x + geometry(child).width
                found = (kind, *link_ends(start, entry, right, lanes[child]))
            else:
                found = (kind, start, entry, route)
            ends[pair] = found
            extents[pair] = extent(found, arrow)
        # The paths and items of the connectors that went or moved follow.
        for pair in [p for p in (*self._paths, *self.map.made) if p not in ends]:
            self._moved(pair, None, None, None, None)
        for pair in [p for p in (*self._paths, *self.map.made) if ends[p] != old_ends.get(p)]:
            self._moved(pair, None, ends[pair], None, None)
        self.ends, self.extents, self._edges = ends, extents, edges
        self._by_node = None

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
        all worked out again as on opening (:meth:`sync`), without adding up where."""
        if len(edges) + len(touched) > max(WHOLE_AFTER, len(self.ends) // 4):
            return self.sync(layout, geometry, style, None)
        if self.arrow != style.px(7):  # another style: every extent changes
            return self.sync(layout, geometry, style, None)
        arrow = self.arrow
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
        ends, extents = dict(old_ends), dict(self.extents)
        changed: list[Extent] = []
        for pair in todo:
            edge = by_pair.get(pair)
            kept = old_ends.get(pair)
            found = one_end(edge, layout.boxes, geometry, style, lanes) if edge else None
            if found is None:
                if kept is not None:
                    del ends[pair]
                    self._moved(pair, extents.pop(pair), None, None, changed)
                continue
            ends[pair] = found
            if found != kept:
                box = extent(found, arrow)
                self._moved(pair, extents.get(pair), found, box, changed)
                extents[pair] = box
        self._index(old_ends, ends, todo)
        self.ends, self.extents, self._edges = ends, extents, by_pair
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
        self,
        pair: Pair,
        was: Extent | None,
        new: Ends | None,
        now: Extent | None,
        changed: list[Extent] | None,
    ) -> None:
        """A connector's ends changed (``new`` None: it went): its item follows, and where
        it was (``was``) and is (``now``) go to ``changed`` (None: the whole view is drawn
        again)."""
        if changed is not None:
            if was is not None:
                changed.append(was)
            if now is not None:
                changed.append(now)
        self._paths.pop(pair, None)
        made = self.map.made
        item = made.pop(pair, None) if new is None else made.get(pair)
        if new is None or item is None:
            return
        if item.kind != new[0]:
            del made[pair]
        else:
            item.set_ends(new, self.arrow)

    # ---- questions -----------------------------------------------------------------------
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
    def crossing(self, rect: QRectF) -> list[Pair]:
        """The connectors whose extent touches ``rect`` (each one looked at)."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        return [
            pair
            for pair, (x0, y0, x1, y1) in self.extents.items()
            if x0 <= right and x1 >= left and y0 <= bottom and y1 >= top
        ]

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
