"""The legend: one swatch per level shown on the canvas, named (never colour alone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QWidget

from ui import theme
from ui.canvas.measure import font, metrics

if TYPE_CHECKING:
    from ui.canvas.view import CanvasView


class Legend(QWidget):
    """Bottom-left overlay naming the level colours."""

    def __init__(self, view: CanvasView) -> None:
        super().__init__(view)
        self.view = view
        self.entries: list[tuple[int, str]] = []
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName("Legend")

    def refresh(self) -> None:
        layout = self.view.canvas_scene.layout
        entries: list[tuple[int, str]] = []
        if layout is not None and not self.view.presenting:
            data = self.view.document.data
            depths = sorted({data.unit_depth(u.id) for u in data.units.values()})
            for i, column in enumerate(layout.columns):
                depth = depths[i] if i < len(depths) else i
                name = column.level or theme.current().level(depth).name
                entries.append((depth, name[:1].upper() + name[1:]))
        data = self.view.document.data
        with_objectives = {o.unit_id for o in data.objectives.values()}
        if any(u not in with_objectives for u in data.units):
            entries.append((-1, "No objective yet"))  # only when such a card is drawn
        self.entries = entries
        shown = layout is not None and not self.view.presenting
        self.setVisible(shown and bool(self.view.document.data.units))  # empty: the hint speaks
        self.place()
        self.update()

    def _px(self) -> int:
        return 12

    def sizeHint(self) -> QSize:  # type: ignore[override]
        fm = metrics(self._px())
        width = max((fm.horizontalAdvance(n) for _, n in self.entries), default=40)
        return QSize(int(width) + 44, int(len(self.entries) * (fm.height() + 6) + 14))

    def place(self) -> None:
        size = self.sizeHint()
        self.resize(size)
        vp = self.view.viewport().geometry()
        self.move(vp.left() + 10, vp.bottom() - size.height() - 10)

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
        y = 7.0
        for depth, name in self.entries:
            swatch = QRectF(10, y + 2, 18, fm.height() - 4)
            if depth < 0:
                pen = QPen(t.placeholder_border, 1.5, Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.setBrush(t.placeholder_fill)
            else:
                level = t.level(depth)
                p.setPen(QPen(level.accent, 2))
                p.setBrush(level.fill)
            p.drawRoundedRect(swatch, 3, 3)
            p.setPen(t.text)
            p.drawText(
                QRectF(36, y, self.width() - 40, fm.height()), Qt.AlignmentFlag.AlignVCenter, name
            )
            y += fm.height() + 6
        p.end()
