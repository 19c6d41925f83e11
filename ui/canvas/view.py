"""The canvas view: mouse gestures, presentation, and the overlays (legend, find bar).

Zoom and fit live in :mod:`ui.canvas.zoom`, keyboard handling and menus in
:mod:`ui.canvas.keys`; editing gestures call :mod:`ui.operations`, so the canvas
and the menus behave the same.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPixmapCache,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGestureEvent,
    QGraphicsRectItem,
    QGraphicsView,
    QPinchGesture,
    QRubberBand,
    QWidget,
)

from ui import memory, theme
from ui.canvas import card_cache, keys, menus
from ui.canvas.find import FindBar
from ui.canvas.inline_edit import InlineEditor
from ui.canvas.legend import Legend
from ui.canvas.measure import NORMAL, PRESENTATION, font
from ui.canvas.mouse import MouseGestures
from ui.canvas.scene import CanvasScene
from ui.canvas.zoom import ZoomFit
from ui.document import Document, ItemKey

#: Room for Qt's copies of the cards on screen, in windows' worth of pixels.
CARD_CACHE_WINDOWS = 1

#: Events by which the user takes the view over from the opening view.
_USER_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.NativeGesture,
        QEvent.Type.Gesture,
        QEvent.Type.TouchBegin,
    }
)


class CanvasView(MouseGestures, ZoomFit):
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
        # The connectors are the scene's background (ui.canvas.edge_layer): kept as a
        # picture, so scrolling draws only the strip that comes into view.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setMouseTracking(False)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.setAccessibleName(self.tr("Cascade canvas"))
        self.presenting = False
        self._fitted_branch = None
        self._cached_for: tuple[int, int, float] = (0, 0, 0.0)
        #: Showing a file as it opened: re-applied while the window settles its size.
        self._opening = True
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
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self.legend.schedule_place)
        self.zoomChanged.connect(self.legend.schedule_place)
        self.follow_document(document)
        self._hinted = bool(self.empty_hint())  # an empty file: its first cards are centred
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
        self._hinted = bool(self.empty_hint())  # an empty file: its first cards are centred
        self.viewport().update()
        if self.presenting:  # another file while presenting: its branch, in the same style
            self.presenting = False
            self.set_presentation(True)
            return
        self.open_view()

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
        current = self.document.current if self.document is not None else None
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
        self.refit_branch()  # presenting: the card in focus whole again
        self.editor.reposition()
        self.legend.refresh()

    def empty_hint(self) -> str:
        """What to do next on a canvas with no objective yet ("" otherwise)."""
        doc = self.document
        if doc is None or doc.data.objectives or self.presenting:
            return ""
        data = doc.data
        if doc.read_only:
            return "" if data.units else "This workshop is empty."
        if data.units:
            return "Select a unit and press Enter to write its objective · Ctrl+Shift+U adds a unit"
        return (
            "This workshop is empty.\n"
            "Press Ctrl+Shift+U to add your company,\n"
            "then Enter to write its first objective."
        )

    def _fit_caches(self, rect: QRect, dpr: float) -> None:
        """Room for the cards' pictures as the window shows them (ui.canvas.card_cache):
        a window's worth, so a large screen does not draw them again and again."""
        if (rect.width(), rect.height(), dpr) == self._cached_for:
            return
        self._cached_for = (rect.width(), rect.height(), dpr)
        size = rect.size()
        self.canvas_scene.pictures.fit_window(size.width(), size.height(), dpr)
        window_kb = int(size.width() * size.height() * dpr * dpr * 4 / 1024)
        if QPixmapCache.cacheLimit() < CARD_CACHE_WINDOWS * window_kb:
            QPixmapCache.setCacheLimit(CARD_CACHE_WINDOWS * window_kb)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint a frame: the cards in view get their items first, and the frame's card
        drawing is held to its budget (:mod:`ui.canvas.card_cache`)."""
        area = self.viewport().rect()
        self._fit_caches(area, self.viewport().devicePixelRatioF())
        seen = self.mapToScene(area).boundingRect()
        self.canvas_scene.show_area(seen)
        card_cache.FRAME.start()
        try:
            super().paintEvent(event)
        finally:
            card_cache.FRAME.stop()
            memory.settle_collector_soon()  # its first paint ends its opening's hold

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        hint = self.empty_hint()
        if not hint or self.document is None:
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._opening:
            self.open_view()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.find_bar.place()
        if self.presenting:
            self.fit_branch()  # full screen arrives late on some systems; projectors change
        elif self._opening and self.isVisible():
            self.open_view()  # the window is still settling its size (docks, maximising)
        self.legend.place()

    # ---- presentation -------------------------------------------------------------------
    def set_presentation(self, on: bool) -> None:
        if on == self.presenting:
            return
        self.editor.commit()
        self.cancel_interaction()
        scene = self.canvas_scene
        self.presenting = on
        current = self.document.current if self.document is not None else None
        if on:
            node = scene.node_of(current) if current else None
            if node is None or node[0] != "objective":
                roots = scene.tree()[0]
                node = next((r for r in roots if r[0] == "objective"), roots[0] if roots else None)
            off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            self.setHorizontalScrollBarPolicy(off)
            self.setVerticalScrollBarPolicy(off)
            scene.set_style(PRESENTATION)
            scene.show_branch(node)
            if node is not None and current is None and self.document is not None:
                self.document.select(node)  # the card in focus is the selection
            self.fit_branch()
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # the arrows move the focus
        else:
            as_needed = Qt.ScrollBarPolicy.ScrollBarAsNeeded
            self.setHorizontalScrollBarPolicy(as_needed)
            self.setVerticalScrollBarPolicy(as_needed)
            scene.set_style(NORMAL)
            scene.show_branch(None)
            self.fit_to_window()
            current = self.document.current if self.document is not None else None
            if current is not None:
                self.fit_to_selection()
        self.legend.refresh()
        self.presentationChanged.emit(on)

    def set_focus_node(self, node: ItemKey) -> None:
        self.canvas_scene.show_branch(node)
        self.fit_branch()

    # ---- wheel and gestures ---------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.15**steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        etype = event.type()
        if etype in _USER_EVENTS:
            self._opening = False
        if (
            isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(1.0 + event.value(), event.position().toPoint())
            return True
        if isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.zoom_by(pinch.scaleFactor(), centre)
                return True
        return super().viewportEvent(event)

    # ---- keys ---------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._opening = False
        if not keys.handle_key(self, event):
            super().keyPressEvent(event)
