"""Connectors and the overview worked out in bulk are the same as made one by one: every
connector's ends and extent as :func:`one_end` and :func:`extent` give them, the
overview's lines as deduplicated one Qt line at a time, and the overview drawn from plain
numbers pixel for pixel the same as drawn from Qt lines and rectangles."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen

from tests.generate import generate
from tests.real_shaped import build_real_shaped
from ui import theme
from ui.canvas.connectors import LINKS, Ends, extent, link_colour, one_end, overview_lines
from ui.canvas.edge_layer import EdgeLayer
from ui.canvas.overview import MIN_BLOCK_PX
from ui.canvas.scene import CanvasScene

Segment = tuple[float, float, float, float]


@pytest.fixture(params=["generated", "real-shaped"])
def scene(request, tmp_path: Path, canvas) -> CanvasScene:  # type: ignore[no-untyped-def]
    path = tmp_path / "w.okr"
    if request.param == "generated":  # grids: routed connectors sharing lanes and gutters
        generate(path, objectives=250, key_results=1000, teams=50)
    else:  # links across the tree, loose connectors, placeholders
        build_real_shaped(path)
    _doc, view = canvas(path, size=(1400, 900))
    return view.canvas_scene


def test_every_connector_as_worked_out_one_by_one(scene: CanvasScene):
    layout, style = scene.layout, scene.card_style
    assert layout is not None
    lanes: dict = {}
    want: dict = {}
    for edge in layout.edges:
        if edge.kind in LINKS:
            lanes.setdefault(edge.child, style.px(16 + 8 * (len(lanes) % 3)))
        found = one_end(edge, layout.boxes, scene.geometry, style, lanes)
        if found is not None:
            want[(edge.parent, edge.child)] = found
    arrow = style.px(7)
    for touched in (None, set(layout.boxes)):  # as opened, and every card changed
        layer = EdgeLayer()
        changed = layer.sync(layout, scene.geometry, style, touched)
        assert list(layer.ends.items()) == list(want.items())
        assert layer.extents == {pair: extent(ends, arrow) for pair, ends in want.items()}
        assert changed == (None if touched is None else list(layer.extents.values()))
    assert scene.ends == want


def _lines_one_by_one(ends: list[Ends]) -> tuple[list[Segment], dict[str, list[Segment]]]:
    """The overview's lines as they were made before, one Qt line each."""
    plain: list[QLineF] = []
    longest: dict[tuple, tuple[float, Segment]] = {}
    links: dict[str, list[QLineF]] = {}
    for kind, start, end, route in ends:
        if kind in LINKS:
            points = [start, *route, end]
            links.setdefault(kind, []).extend(QLineF(*a, *b) for a, b in pairwise(points))
        elif route:
            x0, y0 = start
            for x1, y1 in (*route, (route[-1][0], end[1]), end):
                if y0 == y1:
                    key: tuple = (x0, y0, 0, x1 > x0)
                    length = abs(x1 - x0)
                elif x0 == x1:
                    key = (x0, y0, 1, y1 > y0)
                    length = abs(y1 - y0)
                else:
                    key = (x0, y0, x1, y1)
                    length = abs(x1 - x0) + abs(y1 - y0)
                found = longest.get(key)
                if found is None or length > found[0]:
                    longest[key] = (length, (x0, y0, x1, y1))
                x0, y0 = x1, y1
        else:
            plain.append(QLineF(*start, *end))
    lines = plain + [QLineF(*seg) for _length, seg in longest.values()]

    def numbers(found: list[QLineF]) -> list[Segment]:
        return [(line.x1(), line.y1(), line.x2(), line.y2()) for line in found]

    return numbers(lines), {kind: numbers(found) for kind, found in links.items()}


def _segments(numbers) -> list[Segment]:  # type: ignore[no-untyped-def]
    return [tuple(numbers[i : i + 4]) for i in range(0, len(numbers), 4)]


def test_the_overview_lines_are_those_made_one_by_one(scene: CanvasScene):
    ends = list(scene.ends.values())
    lines, links = overview_lines(ends)
    want_lines, want_links = _lines_one_by_one(ends)
    assert want_lines and _segments(lines) == want_lines
    assert {kind: _segments(found) for kind, found in links.items()} == want_links
    assert [(ln.x1(), ln.y1(), ln.x2(), ln.y2()) for ln in scene.overview._lines] == want_lines


def _draw_one_by_one(painter: QPainter, scene: CanvasScene, sy: float) -> None:
    """The overview as it was drawn before: from Qt lines and rectangles."""
    t = theme.current()
    data, layout = scene.data, scene.layout
    assert layout is not None
    lines, links = _lines_one_by_one(list(scene.ends.values()))
    pen = QPen(t.connector, 1)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.drawLines([QLineF(*seg) for seg in lines])
    for kind, found in links.items():
        pen = QPen(link_colour(t, kind), 1.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines([QLineF(*seg) for seg in found])
    by_depth: dict[int, list] = {}
    placeholders = []
    for (kind, item_id), box in layout.boxes.items():
        if kind == "objective":
            depth = data.unit_depths.get(data.objectives[item_id].unit_id, 0)
            by_depth.setdefault(depth, []).append(box)
        else:
            placeholders.append(box)
    min_h = MIN_BLOCK_PX / max(sy, 1e-9)
    for depth, boxes in by_depth.items():
        boxes.sort(key=lambda b: b.h)
        colour = t.level(depth).accent
        thin = [b for b in boxes if b.h < min_h]
        if thin:
            pen = QPen(colour, min_h)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLines([QLineF(b.x, b.y + b.h / 2, b.x + b.w, b.y + b.h / 2) for b in thin])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRects([QRectF(b.x, b.y, b.w, b.h) for b in boxes[len(thin) :]])
    if placeholders:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(t.placeholder_border, Qt.BrushStyle.Dense4Pattern))
        painter.drawRects([QRectF(b.x, b.y, b.w, b.h) for b in placeholders])


def _picture(scene: CanvasScene, scale: float, draw) -> QImage:  # type: ignore[no-untyped-def]
    layout = scene.layout
    assert layout is not None
    image = QImage(900, 700, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(scale, scale)
        painter.translate(20 - layout.width / 3, 20)  # (a part, as a sharp shot draws)
        draw(painter)
    finally:
        painter.end()
    return image


def test_the_overview_draws_the_same_as_from_qt_lines_and_rectangles(scene: CanvasScene):
    layout = scene.layout
    assert layout is not None
    fit = min(900 / layout.width, 700 / layout.height)
    for scale in (fit / 3, fit, fit * 4, 0.3):  # blocks drawn as lines far out, rectangles near
        new = _picture(scene, scale, lambda p, s=scale: scene.overview._draw(p, s))
        old = _picture(scene, scale, lambda p, s=scale: _draw_one_by_one(p, scene, s))
        assert new == old, scale
    parts = scene.overview._parts()
    assert parts.centres and any(parts.rects.values())  # both ways were drawn
