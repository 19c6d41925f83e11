"""The canvas view: zoom, pan, fit, mouse gestures, and the overlays (legend, find bar).

Keyboard handling and menus live in :mod:`ui.canvas.keys`; editing gestures
call :mod:`ui.operations`, so the canvas and the menus behave the same.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGraphicsView,
    QPinchGesture,
    QRubberBand,
    QWidget,
)

from ui import theme
from ui.canvas import keys, menus
from ui.canvas.find import FindBar
from ui.canvas.inline_edit import InlineEditor
from ui.canvas.items import MIN_TEXT_PX
from ui.canvas.legend import Legend
from ui.canvas.measure import NORMAL, PRESENTATION, font
from ui.canvas.mouse import MouseGestures
from ui.canvas.presentation import MIN_TITLE_PX, branch_rect, show_most
from ui.canvas.scene import CanvasScene
from ui.document import Document, ItemKey
from ui.document_view import DocumentView

MIN_SCALE = 0.002
MAX_SCALE = 4.0


class CanvasView(DocumentView, MouseGestures, QGraphicsView):
    """The cascade tree of one document; ``set_document`` shows another file."""

    #: Presentation mode switched on (True) or off; the main window goes full screen.
    presentationChanged = Signal(bool)
    #: The zoom factor changed (1.0 = 100 %).
    zoomChanged = Signal(float)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas_scene = CanvasScene(document, self)
        self.setScene(self.canvas_scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setMouseTracking(False)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.setAccessibleName("Cascade canvas")
        self.presenting = False
        self._fitted_once = False
        self._hinted = True  # the first change repaints: the hint may go
        self._press: tuple[QPoint, ItemKey | None, int | None, str, Qt.KeyboardModifier] | None
        self._press = None
        self._mode = ""  # "", "pan", "rubber", "drag"
        self._pan_from = QPoint()
        self._ghost: QGraphicsRectItem | None = None
        self._drop: tuple[ItemKey, int] | None = None
        self._rubber = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
        self.legend = Legend(self)
        self.find_bar = FindBar(self)
        self.editor = InlineEditor(self)
        self.actions_by_name = menus.make_actions(self)
        self.canvas_scene.relaidOut.connect(self._after_relayout)
        self.follow_document(document)
        # A bound method (not a lambda): Qt drops the connection when the view is deleted.
        theme.notifier.themeChanged.connect(self._on_theme)
        self.legend.refresh()

    # ---- document -------------------------------------------------------------------
    def set_document(self, document: Document | None) -> None:
        """Show another file; any drag, rubber band or inline edit in progress is dropped."""
        self.cancel_interaction()
        self.editor.cancel()
        self.canvas_scene.set_document(document)  # first: the view reads the scene's layout
        super().set_document(document)

    def show_document(self, document: Document | None) -> None:
        self.find_bar.reset()
        self._hinted = True  # repaint once: the new file may or may not be empty
        self.viewport().update()
        if self.presenting:
            self.set_presentation(False)
        self._fitted_once = False
        self.fit_to_window()

    def on_document_changed(self, event: object) -> None:
        self.legend.refresh()
        hinted = bool(self.empty_hint())
        if hinted or self._hinted:
            self.viewport().update()  # the empty-workshop hint appears or goes
            layout = self.canvas_scene.layout
            if layout is not None and not self.presenting:  # the first cards: centred
                size = (max(layout.width, 1), max(layout.height, 1))
                self.fit_rect(QRectF(0, 0, *size), max_scale=1)
        self._hinted = hinted
        current = self.document.current
        if current is not None:
            self.ensure_visible(current)

    def on_selection_changed(self, keys_: tuple[ItemKey, ...]) -> None:
        if not keys_:
            return
        key = keys_[0]
        if self.presenting:
            node = self.canvas_scene.node_of(key)
            if node is not None and node != self.canvas_scene.focus:
                self.set_focus_node(node)
                return
        self.ensure_visible(key)

    def _on_theme(self, _theme: object) -> None:
        self.viewport().update()
        self.legend.update()

    def _after_relayout(self) -> None:
        self.editor.reposition()
        self.legend.refresh()

    def empty_hint(self) -> str:
        """What to do next on a canvas with no objective yet ("" otherwise)."""
        data = self.document.data
        if data.objectives or self.presenting:
            return ""
        if self.document.read_only:
            return "" if data.units else "This workshop is empty."
        if data.units:
            return "Select a unit and press Enter to write its objective · Ctrl+Shift+U adds a unit"
        return (
            "This workshop is empty.\n"
            "Press Ctrl+Shift+U to add your company,\n"
            "then Enter to write its first objective."
        )

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # type: ignore[override]
        super().drawForeground(painter, rect)
        hint = self.empty_hint()
        if not hint:
            return
        painter.save()
        painter.setWorldTransform(QTransform())  # viewport pixels, whatever the zoom
        painter.setPen(theme.current().text)
        if self.document.data.units:  # above the unit cards, not over them
            painter.setFont(font(16))
            area = self.viewport().rect().adjusted(12, 16, -12, 0)
            painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, hint)
        else:
            painter.setFont(font(22))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, hint)
        painter.restore()

    # ---- zoom and fit -----------------------------------------------------------------
    def scale_factor(self) -> float:
        """The zoom (1.0 = 100 %); across the levels the block overview may be wider."""
        return self.transform().m22()

    def _text_scale(self) -> float:
        """The smallest zoom at which cards are drawn with their text."""
        return MIN_TEXT_PX / self.canvas_scene.style.title_px

    def _width_scale(self, scale: float) -> float:
        """Horizontal zoom: a tall tree's block overview is widened to show its levels.

        Only while cards are drawn as blocks (no text to distort); it meets the
        zoom exactly where text appears, so zooming in stays continuous.
        """
        layout = self.canvas_scene.layout
        if self.presenting or layout is None or layout.width <= 0:
            return scale
        fill = (self.viewport().width() - 48) / layout.width
        return max(scale, min(fill, self._text_scale() * 0.999))

    def set_scale(self, scale: float, anchor: QPoint | None = None) -> None:
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        old = self.scale_factor()
        wide = self._width_scale(scale)
        if abs(scale - old) < 1e-9 and abs(wide - self.transform().m11()) < 1e-9:
            return
        anchor_scene = self.mapToScene(anchor) if anchor is not None else None
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        centre = self.mapToScene(self.viewport().rect().center())
        self.resetTransform()
        self.scale(wide, scale)
        if anchor is not None and anchor_scene is not None:
            # keep the scene point under the cursor where it was
            delta = self.mapToScene(anchor) - anchor_scene
            self.centerOn(self.mapToScene(self.viewport().rect().center()) - delta)
        else:
            self.centerOn(centre)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._sync_detail()

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        self.set_scale(self.scale_factor() * factor, anchor)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def zoom_reset(self) -> None:
        self.set_scale(1.0)

    def _sync_detail(self) -> None:
        scale = self.scale_factor()
        self.canvas_scene.set_detailed(scale * self.canvas_scene.style.title_px >= MIN_TEXT_PX)
        self.editor.reposition()
        self.zoomChanged.emit(scale)

    def fit_rect(self, rect: QRectF, *, max_scale: float = 1.5, min_scale: float = 0.0) -> None:
        if rect.isEmpty():
            return
        margin = 24
        view = self.viewport().rect().adjusted(margin, margin, -margin, -margin)
        sx = view.width() / rect.width()
        sy = view.height() / rect.height()
        scale = max(min(sx, sy, max_scale), min_scale)
        tall = max(min(sy, max_scale), min_scale)
        if tall > scale and tall < self._text_scale() and self._width_scale(tall) > tall:
            scale = tall  # blocks only: the width is fitted by widening them
        self.set_scale(scale)
        self.centerOn(rect.center())
        if min_scale and scale > min(sx, sy):
            # Too big to fit at a readable size: start from the top-left of the branch.
            focus = self.canvas_scene.cards.get(self.canvas_scene.focus)  # type: ignore[arg-type]
            target = focus.mapRectToScene(focus.card_rect()) if focus is not None else rect
            self.centerOn(show_most(rect, target, self.mapToScene(view).boundingRect().size()))

    def fit_to_window(self) -> None:
        if self.presenting:
            self.fit_branch()
            return
        layout = self.canvas_scene.layout
        if layout is None:
            return
        self._fitted_once = True
        self.fit_rect(QRectF(0, 0, max(layout.width, 1), max(layout.height, 1)))

    def fit_all(self) -> None:
        self.fit_to_window()

    def edit_current(self) -> bool:
        """Rename the current item in place; False when there is nothing to edit."""
        current = self.document.current
        return current is not None and self.editor.start(current)

    def fit_selection(self) -> None:
        self.fit_to_selection()

    def fit_to_selection(self) -> None:
        rect = QRectF()
        for key in self.document.selection:
            node = self.canvas_scene.node_of(key)
            item = self.canvas_scene.cards.get(node) if node else None
            if item is not None:
                rect = rect.united(item.mapRectToScene(item.card_rect()))
        if rect.isEmpty():
            self.fit_to_window()
        else:
            self.fit_rect(rect.adjusted(-40, -40, 40, 40), max_scale=1.5)

    def ensure_visible(self, key: ItemKey) -> None:
        """Scroll (never zoom) so the item of ``key`` is on screen."""
        scene = self.canvas_scene
        node = scene.node_of(key)
        if node is None:
            return
        if node not in scene.cards and not self.presenting:
            scene.reveal(node)
        item = scene.cards.get(node)
        if item is None:
            return
        card = item.mapRectToScene(item.card_rect())
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        if card.width() <= seen.width() * 0.9 and card.height() <= seen.height() * 0.9:
            self.ensureVisible(card, 30, 30)  # the whole card when it fits
        if key[0] == "key_result":
            row = item.row_rect(key[1])
            if row is not None:
                self.ensureVisible(item.mapRectToScene(row), 30, 30)
        else:
            self.ensureVisible(card.adjusted(0, 0, 0, -max(0.0, card.height() - 120)), 30, 30)

    def showEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().showEvent(event)
        if not self._fitted_once:
            self.fit_to_window()

    def resizeEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().resizeEvent(event)
        self.legend.place()
        self.find_bar.place()
        if self.presenting:
            self.fit_branch()  # full screen arrives late on some systems; projectors change
        elif not self._fitted_once and self.isVisible():
            self.fit_to_window()

    # ---- presentation -------------------------------------------------------------------
    def set_presentation(self, on: bool) -> None:
        if on == self.presenting:
            return
        self.editor.commit()
        self.cancel_interaction()
        scene = self.canvas_scene
        self.presenting = on
        if on:
            current = self.document.current
            node = scene.node_of(current) if current else None
            if node is None or node[0] != "objective":
                roots = scene.tree()[0]
                node = next((r for r in roots if r[0] == "objective"), roots[0] if roots else None)
            off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            self.setHorizontalScrollBarPolicy(off)
            self.setVerticalScrollBarPolicy(off)
            scene.set_style(PRESENTATION)
            scene.focus = node
            scene._contents.clear()
            scene.rebuild()
            if node is not None and current is None:
                self.document.select(node)  # the card in focus is the selection
            self.fit_branch()
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # the arrows move the focus
        else:
            as_needed = Qt.ScrollBarPolicy.ScrollBarAsNeeded
            self.setHorizontalScrollBarPolicy(as_needed)
            self.setVerticalScrollBarPolicy(as_needed)
            scene.set_style(NORMAL)
            scene.focus = None
            scene._contents.clear()
            scene.rebuild()
            self.fit_to_window()
            current = self.document.current
            if current is not None:
                self.fit_to_selection()
        self.legend.refresh()
        self.presentationChanged.emit(on)

    def set_focus_node(self, node: ItemKey) -> None:
        scene = self.canvas_scene
        scene.focus = node
        scene._contents.clear()
        scene.rebuild()
        self.fit_branch()

    def fit_branch(self) -> None:
        scene = self.canvas_scene
        rect = branch_rect(scene)
        min_scale = MIN_TITLE_PX / scene.style.title_px
        self.fit_rect(rect.adjusted(-20, -20, 20, 20), max_scale=2.0, min_scale=min_scale)

    def title_pixel_height(self) -> float:
        """How tall card titles are drawn on screen now (font pixel size × zoom)."""
        return self.canvas_scene.style.title_px * self.scale_factor()

    # ---- wheel and gestures ---------------------------------------------------------------
    def wheelEvent(self, event: QEvent) -> None:  # type: ignore[override]
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.15**steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # type: ignore[override]
        etype = event.type()
        if (
            etype == QEvent.Type.NativeGesture
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(1.0 + event.value(), event.position().toPoint())
            return True
        if etype == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.zoom_by(pinch.scaleFactor(), centre)
                return True
        return super().viewportEvent(event)

    # ---- keys ---------------------------------------------------------------------------------
    def keyPressEvent(self, event: QEvent) -> None:  # type: ignore[override]
        if not keys.handle_key(self, event):
            super().keyPressEvent(event)
