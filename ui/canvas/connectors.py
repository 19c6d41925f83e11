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

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ui import theme
from ui.canvas.items import alpha

if TYPE_CHECKING:
    from okr_studio.keys import ItemKey
    from okr_studio.layout import Edge
    from ui.canvas.items import CardItem
    from ui.canvas.scene import CanvasScene

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


def merged_lines(segments: Iterable[tuple[float, float, float, float]]) -> list[QLineF]:
    """Segments drawn once: duplicates dropped, and of the level or upright segments
    leaving one point the same way only the longest kept (a grid's shared lane)."""
    longest: dict[tuple, tuple[float, tuple[float, float, float, float]]] = {}
    for seg in segments:
        x0, y0, x1, y1 = seg
        if y0 == y1 and x0 != x1:
            key: tuple = (x0, y0, "across", x1 > x0)
        elif x0 == x1 and y0 != y1:
            key = (x0, y0, "down", y1 > y0)
        else:
            key = seg
        length = abs(x1 - x0) + abs(y1 - y0)
        if key not in longest or length > longest[key][0]:
            longest[key] = (length, seg)
    return [QLineF(*seg) for _length, seg in longest.values()]


def link_ends(
    parent: CardItem, child: CardItem, kr_id: int | None, lane: float
) -> tuple[QPointF, QPointF, Route]:
    """Where a link across the tree starts and ends, and its corners.

    From the key result row (the parent's right edge) to the child's left edge when
    the child is further right; else out to a vertical run ``lane`` right of both
    cards and back into the child's right edge (a bracket, for cards in one column).
    """
    start = parent.row_anchor(kr_id)
    entry = child.entry_anchor()
    if entry.x() >= start.x() + 40:
        return start, entry, ()
    right = child.pos().x() + child.content.width
    end = QPointF(right, entry.y())
    x = max(start.x(), right) + lane
    return start, end, ((x, start.y()), (x, end.y()))


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


class ConnectorItem(QGraphicsPathItem):
    """One connector (or every highlighted one) as one path, drawn by Qt, not Python."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind  # "aligned", "loose", "sideways", "same_unit" or "highlight"
        self.ends: tuple | None = None  # (start x, y, end x, y, route) of the drawn path
        self.setZValue(-1 if kind != "highlight" else -0.5)
        self.restyle()

    def restyle(self, weight: float = 1.0) -> None:
        self.setPen(connector_pen(self.kind, weight))


def _ends(
    scene: CanvasScene, edge: Edge, lanes: dict[ItemKey, float]
) -> tuple[QPointF, QPointF, Route] | None:
    parent, child = scene.cards.get(edge.parent), scene.cards.get(edge.child)
    if parent is None or child is None:
        return None
    if edge.kind in LINKS:
        lane = lanes.setdefault(edge.child, scene.card_style.px(16 + 8 * (len(lanes) % 3)))
        return link_ends(parent, child, edge.kr_id, lane)
    return parent.row_anchor(edge.kr_id), child.entry_anchor(), edge.route


def draw_edges(scene: CanvasScene) -> None:
    """One connector item per edge of the scene's layout (culled by the scene's index);
    only moved ones get a new path. The overview gets them as straight lines."""
    assert scene.layout is not None
    wanted: dict[tuple, tuple[str, QPointF, QPointF, Route]] = {}
    lines: list[tuple[float, float, float, float]] = []
    links: dict[str, list[QLineF]] = {}
    lanes: dict = {}
    for edge in scene.layout.edges:
        ends = _ends(scene, edge, lanes)
        if ends is None:
            continue
        wanted[(edge.parent, edge.child)] = (edge.kind, *ends)
        segments = connector_lines(*ends)
        if edge.kind in LINKS:
            links.setdefault(edge.kind, []).extend(QLineF(*seg) for seg in segments)
        else:
            lines.extend(segments)
    for key in [k for k in scene.edges if k not in wanted]:
        scene.removeItem(scene.edges.pop(key))
    arrow = scene.card_style.px(7)
    for key, (kind, start, end, route) in wanted.items():
        item = scene.edges.get(key)
        if item is None or item.kind != kind:
            if item is not None:
                scene.removeItem(item)
            item = ConnectorItem(kind)
            if scene.focus is not None:
                item.restyle(2.0)  # presentation: lines seen from the back of the room
            item.setVisible(scene.detailed)
            scene.addItem(item)
            scene.edges[key] = item
        ends = (start.x(), start.y(), end.x(), end.y(), route)
        if item.ends != ends:
            item.ends = ends
            path = QPainterPath()
            if kind in LINKS:
                link_path(start, end, route, path, arrow)
            else:
                connector_path(start, end, path, route)
            item.setPath(path)
    scene.overview.set_lines(merged_lines(lines), links)
    draw_highlight(scene)


def draw_highlight(scene: CanvasScene) -> None:
    """The selected cards' alignments (up and down, across the tree too), in one path."""
    path = QPainterPath()
    if scene.layout is not None and scene.document is not None:
        nodes = {scene.node_of(k) for k in scene.document.selection}
        arrow = scene.card_style.px(7)
        lanes: dict = {}
        for edge in scene.layout.edges:
            if edge.kind == "loose":
                continue
            ends = _ends(scene, edge, lanes)
            if ends is None or (edge.parent not in nodes and edge.child not in nodes):
                continue
            if edge.kind in LINKS:
                link_path(*ends, path, arrow)
            else:
                connector_path(ends[0], ends[1], path, ends[2])
    scene.highlight_edges.setPath(path)
