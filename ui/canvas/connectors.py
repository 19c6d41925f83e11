"""Connectors: the lines from a key result row to the objectives aligned to it.

Tree connectors ("aligned": to a unit above; "loose": an objective that only
sits under the unit above, or a placeholder) run left to right. Alignments
across the tree ("sideways" to a unit not above, "same_unit" to the objective's
own unit) are drawn plainly in their own colours with an arrowhead at the
supporting objective: a curve when that card is further right, else a bracket
in the gap right of both cards. Every line is solid and cosmetic: a dash
pattern along a long curve cost 5–10 ms a frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import chain, pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from ui import theme
from ui.canvas.items import alpha, entry_offset
from ui.canvas.overview import doubles

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.keys import ItemKey
    from okr_studio.layout import Box, Edge, Layout
    from ui.canvas.geometry import CardGeometry
    from ui.canvas.measure import CardStyle
    from ui.canvas.overview import Numbers, Parts

Route = tuple[tuple[float, float], ...]
#: Alignments across the tree (drawn with an arrowhead, never along the tree).
LINKS = ("sideways", "same_unit")


def connector_path(
    start: QPointF,
    end: QPointF,
    path: QPainterPath,
    route: Route = (),
) -> None:
    """Add one connector, a horizontal S-curve from a key result row to a child card.

    With a ``route`` (a child in a grid's later sub-column), the curve ends at the
    route's first point; the line then follows the route, runs down its last point's
    gutter to the card's entry height and into the card.
    """
    path.moveTo(start)
    first = QPointF(*route[0]) if route else end
    dx = max(40.0, (first.x() - start.x()) / 2)
    path.cubicTo(start + QPointF(dx, 0), first - QPointF(dx, 0), first)
    if route:
        for x, y in route[1:]:
            path.lineTo(x, y)
        path.lineTo(route[-1][0], end.y())
        path.lineTo(end)


def connector_lines(
    start: QPointF, end: QPointF, route: Route = ()
) -> list[tuple[float, float, float, float]]:
    """The same connector as straight segments (x0, y0, x1, y1), for the overview."""
    points = [(start.x(), start.y()), *route]
    if route:
        points.append((route[-1][0], end.y()))
    points.append((end.x(), end.y()))
    return [(*a, *b) for a, b in pairwise(points)]


def link_ends(
    start: tuple[float, float], entry: tuple[float, float], right: float, lane: float
) -> tuple[tuple[float, float], tuple[float, float], Route]:
    """Where a link across the tree starts and ends, and its corners.

    From the key result row (the parent's right edge) to the child's left edge when
    the child is further right; else out to a vertical run ``lane`` right of both
    cards and back into the child's right edge ``right`` (a bracket, for cards in one
    column).
    """
    if entry[0] >= start[0] + 40:
        return start, entry, ()
    end = (right, entry[1])
    x = max(start[0], right) + lane
    return start, end, ((x, start[1]), (x, end[1]))


#: A connector as drawn: (kind, start, end, route), in scene units.
Ends = tuple[str, tuple[float, float], tuple[float, float], Route]
#: A connector's cards: (parent, child).
Pair = tuple["ItemKey", "ItemKey"]


def one_end(
    edge: Edge,
    boxes: Mapping[ItemKey, Box],
    geometry: Callable[[ItemKey], CardGeometry],
    style: CardStyle,
    lanes: dict[ItemKey, float],
) -> Ends | None:
    """A connector's ends, from the layout's boxes and the parent's rows (``lanes``: the
    bracket lane of each link's child, see :func:`link_ends`)."""
    pb, cb = boxes.get(edge.parent), boxes.get(edge.child)
    if pb is None or cb is None:
        return None
    g = geometry(edge.parent)
    row = g.row(edge.kr_id) if edge.kr_id is not None else None
    start = (pb.x + g.width, pb.y + (row[1] + row[2] / 2 if row else g.height / 2))
    entry = (cb.x, cb.y + entry_offset(style))
    if edge.kind in LINKS:
        right = cb.x + geometry(edge.child).width
        return (edge.kind, *link_ends(start, entry, right, lanes[edge.child]))
    return (edge.kind, start, entry, edge.route)


def extent(ends: Ends, arrow: float) -> tuple[float, float, float, float]:
    """A rectangle holding the connector (its curve bulges at most 40 units sideways)."""
    _kind, (x0, y0), (x1, y1), route = ends
    if x0 > x1:
        x0, x1 = x1, x0
    if y0 > y1:
        y0, y1 = y1, y0
    for x, y in route:  # (comparisons, not min/max calls: every connector on opening)
        if x < x0:
            x0 = x
        elif x > x1:
            x1 = x
        if y < y0:
            y0 = y
        elif y > y1:
            y1 = y
    pad = 40.0 + arrow
    return (x0 - pad, y0 - arrow, x1 + pad, y1 + arrow)


def overview_parts(data: WorkshopData, layout: Layout, ends: Mapping[Pair, Ends]) -> Parts:
    """The overview's blocks and lines for ``layout`` (made when the overview is drawn): a
    card's depth and kind come from the snapshot, so no card's geometry is made."""
    objectives, unit_depths = data.objectives, data.unit_depths
    by_depth: dict[int, list[Box]] = {}
    placeholders: list[Box] = []
    for (kind, item_id), box in layout.boxes.items():
        if kind == "objective":
            depth = unit_depths.get(objectives[item_id].unit_id, 0)
            found = by_depth.get(depth)
            if found is None:
                found = by_depth[depth] = []
            found.append(box)
        else:
            placeholders.append(box)
    lines, links = overview_lines(ends.values())
    return by_depth, placeholders, lines, links


def overview_lines(ends: Iterable[Ends]) -> tuple[Numbers, dict[str, Numbers]]:
    """The connectors as straight lines for the overview: the tree's (what several share,
    like a grid's lane, once), and the links across the tree by kind.

    A segment is drawn once: duplicates are dropped, and of the level or upright segments
    leaving one point the same way only the longest is kept (a grid's shared lane and
    gutters: long lines drawn over each other cost the overview most of its time).

    The lines are plain numbers, four a line (x0, y0, x1, y1): tens of thousands of Qt
    lines cost more to make than to draw, and the collector walked each on every pass."""
    plain: list[float] = []
    longest: dict[tuple, Segment] = {}
    links: dict[str, list[float]] = {}
    for kind, start, end, route in ends:
        if kind in LINKS:
            found = links.get(kind)
            if found is None:
                found = links[kind] = []
            x0, y0 = start
            for x1, y1 in (*route, end):
                found += (x0, y0, x1, y1)
                x0, y0 = x1, y1
        elif route:  # start, the route, down its last point's gutter, into the card
            x0, y0 = start
            for x1, y1 in (*route, (route[-1][0], end[1]), end):
                seg = (x0, y0, x1, y1)
                if y0 == y1:  # level: the longest leaving (x0, y0) this way is kept
                    key: tuple = (x0, y0, 0, x1 > x0)
                    found_seg = longest.setdefault(key, seg)
                    if found_seg is not seg and abs(x1 - x0) > abs(found_seg[2] - x0):
                        longest[key] = seg
                elif x0 == x1:  # upright: likewise
                    key = (x0, y0, 1, y1 > y0)
                    found_seg = longest.setdefault(key, seg)
                    if found_seg is not seg and abs(y1 - y0) > abs(found_seg[3] - y0):
                        longest[key] = seg
                else:  # slanted: only the very same segment again is dropped
                    longest.setdefault(seg, seg)
                x0, y0 = x1, y1
        else:
            plain += (*start, *end)
    plain.extend(chain.from_iterable(longest.values()))
    return doubles(plain), {kind: doubles(found) for kind, found in links.items()}


#: A straight line (x0, y0, x1, y1).
Segment = tuple[float, float, float, float]


def link_path(start: QPointF, end: QPointF, route: Route, path: QPainterPath, arrow: float) -> None:
    """Add one link across the tree, with a chevron where it reaches the child."""
    path.moveTo(start)
    if route:
        for x, y in route:
            path.lineTo(x, y)
        path.lineTo(end)
        back = arrow  # it arrives going left: the chevron opens to the right
    else:
        dx = max(40.0, (end.x() - start.x()) / 2)
        path.cubicTo(start + QPointF(dx, 0), end - QPointF(dx, 0), end)
        back = -arrow
    path.moveTo(end + QPointF(back, -arrow * 0.6))
    path.lineTo(end)
    path.lineTo(end + QPointF(back, arrow * 0.6))


def link_colour(t: theme.Theme, kind: str) -> QColor:
    """Sideways: a deep orange; own unit: a reddish purple (apart from the grey tree)."""
    if kind == "sideways":
        return QColor("#ffa057" if t.dark else "#c2410c")
    return QColor("#e08fd6" if t.dark else "#9d3d8f")


def connector_pen(kind: str, weight: float = 1.0) -> QPen:
    t = theme.current()
    if kind == "highlight":
        pen = QPen(t.selection, 3 * weight)
    elif kind == "loose":
        pen = QPen(alpha(t.connector, 110), 1.25 * weight)  # solid: cheap to draw
    elif kind in LINKS:
        pen = QPen(link_colour(t, kind), 2 * weight)
    else:
        pen = QPen(t.connector, 2 * weight)
    pen.setCosmetic(True)  # never the keyword argument (DESIGN.md: it crashes)
    return pen


def add_path(ends: Ends, path: QPainterPath, arrow: float) -> None:
    """Add one connector (a link with its arrowhead) to ``path``."""
    kind, start, end, route = ends
    if kind in LINKS:
        link_path(QPointF(*start), QPointF(*end), route, path, arrow)
    else:
        connector_path(QPointF(*start), QPointF(*end), path, route)


class ConnectorItem(QGraphicsPathItem):
    """One connector (or every highlighted one) as one path, drawn by Qt, not Python;
    a connector keeps a picture of itself while the zoom stays."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind  # "aligned", "loose", "sideways", "same_unit" or "highlight"
        self.ends: Ends | None = None  # what the drawn path connects
        self.setZValue(-1 if kind != "highlight" else -0.5)
        if kind != "highlight":
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.restyle()

    def restyle(self, weight: float = 1.0) -> None:
        self.setPen(connector_pen(self.kind, weight))

    def set_ends(self, ends: Ends, arrow: float) -> None:
        if ends != self.ends:
            self.ends = ends
            path = QPainterPath()
            add_path(ends, path, arrow)
            self.setPath(path)
