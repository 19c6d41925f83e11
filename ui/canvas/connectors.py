"""Connectors: the lines from a key result row to the objectives aligned to it."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ui import theme
from ui.canvas.items import alpha


def connector_path(
    start: QPointF,
    end: QPointF,
    path: QPainterPath,
    route: tuple[tuple[float, float], ...] = (),
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
    start: QPointF, end: QPointF, route: tuple[tuple[float, float], ...] = ()
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


class ConnectorItem(QGraphicsPathItem):
    """All connectors of one kind as one path (drawn by Qt, not Python)."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind  # "aligned", "loose" or "highlight"
        self.ends: tuple | None = None  # (start x, y, end x, y, route) of the drawn path
        self.setZValue(-1 if kind != "highlight" else -0.5)
        self.restyle()

    def restyle(self, weight: float = 1.0) -> None:
        t = theme.current()
        if self.kind == "highlight":
            pen = QPen(t.selection, 3 * weight)
        elif self.kind == "loose":
            pen = QPen(alpha(t.connector, 140), 1.5 * weight, Qt.PenStyle.DashLine)
        else:
            pen = QPen(t.connector, 2 * weight)
        pen.setCosmetic(True)
        self.setPen(pen)
