"""Mouse gestures of the canvas: select, pan, rubber band, drag a card to re-align it.

A mix-in of :class:`~ui.canvas.view.CanvasView`. Drag state holds keys, never
items: the items are looked up in the scene's map each time, so opening
another file in the middle of a gesture leaves nothing dangling.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent, QPen
from PySide6.QtWidgets import QApplication, QGraphicsRectItem

from okr_studio.keys import ItemKey
from ui import operations, theme
from ui.canvas import menus
from ui.canvas.base import CanvasBase


class MouseGestures(CanvasBase):
    """Mouse handling for the canvas view (a part of it; ``self`` is the view)."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() == Qt.MouseButton.MiddleButton:
            self._mode, self._pan_from = "pan", event.position().toPoint()
            return
        doc = self.document
        if event.button() != Qt.MouseButton.LeftButton or doc is None:
            super().mousePressEvent(event)
            return
        pos = event.position().toPoint()
        key, kr_id, part = self.canvas_scene.hit(self.mapToScene(pos))
        mods = event.modifiers()
        self._press = (pos, key, kr_id, part, mods)
        if key is None:
            self._mode = "rubber" if mods & Qt.KeyboardModifier.ShiftModifier else "pan"
            self._pan_from = pos
            if self._mode == "rubber":
                self._rubber.setGeometry(QRect(pos, QSize()))
                self._rubber.show()
            return
        if part == "toggle":
            self.canvas_scene.toggle_collapsed(key)
            self._press = None
            return
        if part == "initiatives" and kr_id is not None:  # "▸ 3 initiatives": open or close
            self.canvas_scene.toggle_initiatives([kr_id])
        target = ("key_result", kr_id) if kr_id is not None else key
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            current = list(doc.selection)
            if target in current:
                current.remove(target)
            else:
                current.append(target)
            doc.select(current)
        elif target not in doc.selection:
            doc.select(target)
        self._mode = ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._mode == "pan":
            delta = pos - self._pan_from
            self._pan_from = pos
            h, v = self.horizontalScrollBar(), self.verticalScrollBar()
            h.setValue(h.value() - delta.x())
            v.setValue(v.value() - delta.y())
            return
        if self._mode == "rubber" and self._press is not None:
            self._rubber.setGeometry(QRect(self._press[0], pos).normalized())
            return
        if self._press is None or self.document is None:
            super().mouseMoveEvent(event)
            return
        start, key, _kr, _part, _mods = self._press
        moved = (pos - start).manhattanLength() >= QApplication.startDragDistance()
        editable = not self.document.read_only
        if self._mode == "" and key is not None and key[0] == "objective" and moved and editable:
            self._start_drag(key)
        if self._mode == "drag":
            self._move_drag(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        mode, press, doc = self._mode, self._press, self.document
        self._mode, self._press = "", None
        if doc is None:
            super().mouseReleaseEvent(event)
            return
        if mode == "pan" and press is not None:
            if (pos - press[0]).manhattanLength() < QApplication.startDragDistance():
                doc.select(None)
            return
        if mode == "rubber" and press is not None:
            self._rubber.hide()
            area = self.mapToScene(QRect(press[0], pos).normalized()).boundingRect()
            self._select_area(area, press[4])
            return
        if mode == "drag" and press is not None:
            drop = self._drop
            self._end_drag()
            if drop is not None and press[1] is not None:
                operations.realign(doc, press[1][1], drop[1], self)
            return
        if press is not None:
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        key, kr_id, part = self.canvas_scene.hit(self.mapToScene(pos))
        if key is None or part in ("toggle", "initiatives") or self.document is None:
            return
        target = ("key_result", kr_id) if kr_id is not None else key
        self.document.select(target)
        self.editor.start(target)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = event.pos()
        key, kr_id, _part = self.canvas_scene.hit(self.mapToScene(pos))
        doc = self.document
        if key is not None and doc is not None:
            target = ("key_result", kr_id) if kr_id is not None else key
            if target not in doc.selection:
                doc.select(target)
        menu = menus.context_menu(self, key, kr_id)
        menu.exec(event.globalPos())

    # ---- drag to re-align -------------------------------------------------------------------
    def _start_drag(self, key: ItemKey) -> None:
        item = self.canvas_scene.cards.get(key)
        if item is None:
            return
        self._mode = "drag"
        rect = item.mapRectToScene(item.card_rect())
        ghost = QGraphicsRectItem(rect)
        colour = QColor(theme.current().selection)
        colour.setAlpha(50)
        ghost.setBrush(colour)
        ghost.setPen(QPen(theme.current().selection, 2, Qt.PenStyle.DashLine))
        ghost.setZValue(10)
        self.canvas_scene.addItem(ghost)
        self.canvas_scene.transient.append(ghost)
        self._ghost = ghost
        self._ghost_offset = (
            rect.topLeft() - self.mapToScene(self._press[0]) if self._press else QPointF()
        )

    def _move_drag(self, pos: QPoint) -> None:
        scene = self.canvas_scene
        if self._ghost is None or self._ghost not in scene.transient:
            self._mode = ""
            self._ghost = None
            return
        self._edge_scroll(pos)
        scene_pos = self.mapToScene(pos)
        self._ghost.setPos(0, 0)
        rect = self._ghost.rect()
        self._ghost.setPos(scene_pos + self._ghost_offset - rect.topLeft())
        key, kr_id, _part = scene.hit(scene_pos)
        dragged = self._press[1] if self._press else None
        drop = (key, kr_id) if key is not None and kr_id is not None and key != dragged else None
        if drop != self._drop:
            self._set_drop_highlight(None)
            self._drop = drop
            self._set_drop_highlight(drop)

    def _edge_scroll(self, pos: QPoint) -> None:
        """Near the edge of the canvas a drag scrolls it, to reach key results off screen."""
        margin, step = 32, 24
        area = self.viewport().rect()
        dx = -step if pos.x() < margin else step if pos.x() > area.width() - margin else 0
        dy = -step if pos.y() < margin else step if pos.y() > area.height() - margin else 0
        if dx:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        if dy:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def _set_drop_highlight(self, drop: tuple[ItemKey, int] | None) -> None:
        if drop is None:
            if self._drop is not None:
                item = self.canvas_scene.cards.get(self._drop[0])
                if item is not None:
                    item.drop_row = None
                    item.update()
            return
        item = self.canvas_scene.cards.get(drop[0])
        if item is not None:
            item.drop_row = drop[1]
            item.update()

    def _end_drag(self) -> None:
        self._set_drop_highlight(None)
        self._drop = None
        self.canvas_scene.drop_transient()
        self._ghost = None

    def cancel_interaction(self) -> None:
        """Drop a drag, pan or rubber band in progress (Esc, or another file opened)."""
        if self._mode == "drag":
            self._end_drag()
        self._rubber.hide()
        self._mode, self._press = "", None

    def _select_area(self, area: QRectF, mods: Qt.KeyboardModifier) -> None:
        layout, doc = self.canvas_scene.layout, self.document
        if layout is None or doc is None:
            return
        hits = [
            key
            for key, box in layout.boxes.items()
            if area.intersects(QRectF(box.x, box.y, box.w, box.h))
        ]
        if mods & Qt.KeyboardModifier.ControlModifier:
            hits = list(doc.selection) + [k for k in hits if k not in doc.selection]
        doc.select(hits)
