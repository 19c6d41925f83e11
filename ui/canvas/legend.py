"""The legend: the level colours and the kinds of line shown on the canvas, named.

Each level name is listed once, with the colour of every depth it is used at (a
"team" under a "team" shows both colours). It sits in the corner of the view
that covers the fewest cards, so it never hides one it could avoid.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QWidget

from ui import theme
from ui.canvas.connectors import LINKS, connector_pen
from ui.canvas.measure import font, metrics

if TYPE_CHECKING:
    from okr_studio.layout import Layout
    from ui.canvas.view import CanvasView

#: Legend lines for the kinds of connector, in this order, when the canvas shows them.
LINE_ORDER = ("aligned", "sideways", "same_unit", "loose")


class Legend(QWidget):
    """An overlay naming the level colours and the connectors."""

    def __init__(self, view: CanvasView) -> None:
        super().__init__(view)
        self.view = view
        #: (depths, name): the level colours at those depths, or () for "no objective yet".
        self.entries: list[tuple[tuple[int, ...], str]] = []
        #: Kinds of connector shown, with their names.
        self.lines: list[tuple[str, str]] = []
        self.corner = 0  # index into the corners tried (bottom-left first)
        self._index: list = []
        self._index_of: object = None
        self._source: tuple = ()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(self.tr("Legend"))
        self._replace = QTimer(self)  # after scrolling settles: a corner free of cards
        self._replace.setSingleShot(True)
        self._replace.setInterval(120)
        self._replace.timeout.connect(self.place)

    def _line_names(self) -> dict[str, str]:
        return {
            "aligned": self.tr("Aligned to a level above"),
            "sideways": self.tr("Aligned sideways"),
            "same_unit": self.tr("Supports its own unit"),
            "loose": self.tr("Not aligned"),
        }

    def refresh(self) -> None:
        scene = self.view.canvas_scene
        layout = scene.layout
        # The data the layout was made from: while another file opens, the scene has it first.
        document = scene.document if scene.document is not None else self.view.document
        shown = layout is not None and not self.view.presenting and document is not None
        entries: list[tuple[tuple[int, ...], str]] = []
        lines: list[tuple[str, str]] = []
        data = document.data if document is not None else None
        # What the entries are made from, by identity: a rename changes none of it.
        source = (layout, shown, theme.current(), data.units if data else None,
                  data.objectives if data else None)  # fmt: skip
        if self._source and layout is not None and _same_cards_and_lines(layout):
            source = (self._source[0], *source[1:])  # a relayout that only moved cards
        if len(source) == len(self._source) and all(map(operator.is_, source, self._source)):
            self._source = (layout, *source[1:])
            return
        self._source = source
        if layout is not None and data is not None and shown:
            depths: dict[str, set[int]] = {}
            objectives = data.objectives
            shown_units = {objectives[i].unit_id for k, i in layout.boxes if k == "objective"}
            placeholders = {i for k, i in layout.boxes if k == "unit"}
            placeholder = bool(placeholders)
            shown_units |= placeholders
            for unit_id in shown_units:
                unit = data.units.get(unit_id)
                if unit is None:
                    continue
                depth = data.unit_depth(unit_id)
                name = unit.level.strip() or theme.current().level(depth).name
                depths.setdefault(name[:1].upper() + name[1:], set()).add(depth)
            entries = [
                (tuple(sorted(d)), name)
                for name, d in sorted(depths.items(), key=lambda kv: (min(kv[1]), kv[0]))
            ]
            if placeholder:
                entries.append(((), self.tr("No objective yet")))
            kinds = {e.kind for e in layout.edges}
            names = self._line_names()
            lines = [(k, names[k]) for k in LINE_ORDER if k in kinds]
        self.entries, self.lines = entries, lines
        self.setVisible(shown and data is not None and bool(data.units))  # empty: the hint speaks
        self.place()
        self.update()

    def _px(self) -> int:
        return 12

    def sizeHint(self) -> QSize:
        fm = metrics(self._px())
        names = [n for _, n in self.entries] + [n for _, n in self.lines]
        width = max((fm.horizontalAdvance(n) for n in names), default=40)
        swatch = max((len(d) for d, _ in self.entries), default=1)
        rows = len(self.entries) + len(self.lines)
        return QSize(int(width) + 26 + 18 * max(swatch, 2), int(rows * (fm.height() + 6) + 14))

    # ---- where it sits ----------------------------------------------------------------
    def schedule_place(self) -> None:
        """The view moved: look for a free corner once it has settled."""
        if self.isVisible():
            self._replace.start()

    def _corners(self, size: QSize) -> list[QRect]:
        vp = self.view.viewport().geometry()
        w, h, m = size.width(), size.height(), 10
        left, right = vp.left() + m, vp.right() - w - m
        top, bottom = vp.top() + m, vp.bottom() - h - m
        find_bar = self.view.find_bar.isVisible()
        corners = [QRect(left, bottom, w, h), QRect(right, bottom, w, h)]
        corners.append(QRect(right, top, w, h) if not find_bar else QRect(left, bottom, w, h))
        corners.append(QRect(left, top, w, h))
        return corners

    def _columns(self) -> list[tuple[float, float, float, list[float], list]]:
        """The layout's cards by column, sorted by top: (left, right, tallest, tops, boxes);
        made once per layout, so finding the cards under a corner stays cheap."""
        layout = self.view.canvas_scene.layout
        if self._index_of is not layout:
            by_column: dict[int, list] = {}
            for box in layout.boxes.values() if layout is not None else ():
                by_column.setdefault(box.column, []).append(box)
            self._index = []
            for boxes in by_column.values():
                boxes.sort(key=lambda b: b.y)
                left, right = min(b.x for b in boxes), max(b.right for b in boxes)
                tallest = max(b.h for b in boxes)
                self._index.append((left, right, tallest, [b.y for b in boxes], boxes))
            self._index_of = layout
        return self._index

    def _covered(self, rect: QRect) -> float:
        """How much card area the legend would hide at ``rect`` (viewport coordinates)."""
        view = self.view
        area = view.mapToScene(rect.translated(-view.viewport().pos())).boundingRect()
        total = 0.0
        left, right, top, bottom = area.left(), area.right(), area.top(), area.bottom()
        for col_left, col_right, tallest, tops, boxes in self._columns():
            if col_left >= right or col_right <= left:
                continue
            for box in boxes[bisect_left(tops, top - tallest) :]:
                if box.y >= bottom:
                    break
                if box.x < right and box.right > left and box.bottom > top:
                    hidden = area.intersected(QRectF(box.x, box.y, box.w, box.h))
                    total += hidden.width() * hidden.height()
        return total

    def place(self) -> None:
        size = self.sizeHint()
        self.resize(size)
        corners = self._corners(size)
        current = corners[self.corner % len(corners)]
        if self._covered(current) > 0:
            costs = [self._covered(c) for c in corners]
            best = min(range(len(corners)), key=lambda i: (costs[i], i))
            if costs[best] < costs[self.corner % len(corners)]:
                self.corner, current = best, corners[best]
        self.move(current.topLeft())

    # ---- painting ------------------------------------------------------------------------
    def paintEvent(self, _event: object) -> None:
        t = theme.current()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bg = t.background.lighter(104) if not t.dark else t.background.lighter(130)
        p.setPen(QPen(t.grid, 1))
        p.setBrush(bg)
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        fm = metrics(self._px())
        p.setFont(font(self._px()))
        swatches = 18 * max(max((len(d) for d, _ in self.entries), default=1), 2)
        text_x = 10 + swatches + 8
        y = 7.0
        for depths, name in self.entries:
            if not depths:
                pen = QPen(t.placeholder_border, 1.5, Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.setBrush(t.placeholder_fill)
                p.drawRoundedRect(QRectF(10, y + 2, 18, fm.height() - 4), 3, 3)
            for i, depth in enumerate(depths):
                level = t.level(depth)
                p.setPen(QPen(level.accent, 2))
                p.setBrush(level.fill)
                p.drawRoundedRect(QRectF(10 + 18 * i, y + 2, 14, fm.height() - 4), 3, 3)
            p.setPen(t.text)
            p.drawText(QRectF(text_x, y, self.width() - text_x - 4, fm.height()),
                       Qt.AlignmentFlag.AlignVCenter, name)  # fmt: skip
            y += fm.height() + 6
        for kind, name in self.lines:
            mid = y + fm.height() / 2
            pen = connector_pen(kind)
            pen.setCosmetic(False)
            p.setPen(pen)
            end = QPointF(10 + swatches - 4, mid)
            p.drawLine(QLineF(QPointF(10, mid), end))
            if kind in LINKS:  # the arrowhead, as on the canvas
                p.drawLine(QLineF(end, end + QPointF(-6, -4)))
                p.drawLine(QLineF(end, end + QPointF(-6, 4)))
            p.setPen(t.text)
            p.drawText(QRectF(text_x, y, self.width() - text_x - 4, fm.height()),
                       Qt.AlignmentFlag.AlignVCenter, name)  # fmt: skip
            y += fm.height() + 6
        p.end()


def _same_cards_and_lines(layout: Layout) -> bool:
    """A layout patched from the one before that added, removed or changed no card and
    no connector (the legend names the same levels and lines)."""
    delta = layout.delta
    return delta is not None and not (delta.added or delta.removed or delta.edges)
