"""Zoom, fit and scrolling of the canvas view (a mix-in of :class:`~ui.canvas.view.CanvasView`).

A file opens at :meth:`ZoomFit.open_view`: fitted when the whole tree is readable
that way, else at a readable zoom centred on the company. Below the text
threshold the cards are drawn as blocks (see :mod:`ui.canvas.items`).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSizeF
from PySide6.QtWidgets import QGraphicsView

from okr_studio.keys import ItemKey
from ui.canvas.base import CanvasBase
from ui.canvas.items import MIN_TEXT_PX
from ui.canvas.presentation import MIN_TITLE_PX, branch_rect, focus_scale, show_most

MIN_SCALE = 0.002
MAX_SCALE = 4.0
#: A file opens fitted when that draws titles at least 9 px tall (60 %), else at 60 %.
OPEN_SCALE = 0.6


class ZoomFit(CanvasBase):
    """Zoom and fit for the canvas view (``self`` is the view)."""

    def scale_factor(self) -> float:
        """The zoom (1.0 = 100 %); across the levels the block overview may be wider."""
        return self.transform().m22()

    def _text_scale(self) -> float:
        """The smallest zoom at which cards are drawn with their text."""
        return MIN_TEXT_PX / self.canvas_scene.card_style.title_px

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
        self._opening = False
        self.set_scale(self.scale_factor() * factor, anchor)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def zoom_reset(self) -> None:
        self._opening = False
        self.set_scale(1.0)

    def _sync_detail(self) -> None:
        scale = self.scale_factor()
        self.canvas_scene.set_detailed(scale * self.canvas_scene.card_style.title_px >= MIN_TEXT_PX)
        self.editor.reposition()
        self.zoomChanged.emit(scale)

    def fit_rect(self, rect: QRectF, *, max_scale: float = 1.5, min_scale: float = 0.0) -> None:
        if rect.isEmpty():
            return
        view = self._room()
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
            node = self.canvas_scene.focus
            focus = self.canvas_scene.cards.get(node) if node is not None else None
            target = focus.mapRectToScene(focus.card_rect()) if focus is not None else rect
            self.centerOn(show_most(rect, target, self.mapToScene(view).boundingRect().size()))

    def fit_to_window(self) -> None:
        if self.presenting:
            self.fit_branch()
            return
        layout = self.canvas_scene.layout
        if layout is None:
            return
        self._opening = False
        self.fit_rect(QRectF(0, 0, max(layout.width, 1), max(layout.height, 1)))

    def open_view(self) -> None:
        """How a file opens: the whole tree when it fits at a readable zoom, else that
        zoom centred on the company (its objectives at the left, never off-screen).

        Applied again when the window settles its size, until the user zooms, pans,
        scrolls, clicks or types.
        """
        layout = self.canvas_scene.layout
        if self.presenting or layout is None:
            return
        self._opening = True
        rect = QRectF(0, 0, max(layout.width, 1), max(layout.height, 1))
        margin = 24
        view = self.viewport().rect().adjusted(margin, margin, -margin, -margin)
        if min(view.width() / rect.width(), view.height() / rect.height()) >= OPEN_SCALE:
            self.fit_rect(rect)
            return
        self.set_scale(OPEN_SCALE)
        seen = self.mapToScene(self.viewport().rect()).boundingRect().size()
        pad = margin / OPEN_SCALE
        room = seen.height() - 2 * pad
        tops = [layout.boxes[k] for k in layout.roots if k in layout.boxes]
        top = min((b.y for b in tops), default=0.0)
        bottom = max((b.bottom for b in tops), default=rect.height())
        if bottom - top > room and tops:  # the company's objectives are far apart: the first
            top, bottom = tops[0].y, tops[0].bottom
        y = (top + bottom) / 2 if bottom - top <= room else top - pad + seen.height() / 2
        self.centerOn(seen.width() / 2 - pad, y)

    def fit_all(self) -> None:
        self.fit_to_window()

    def edit_current(self) -> bool:
        """Rename the current item in place; False when there is nothing to edit."""
        current = self.document.current if self.document is not None else None
        return current is not None and self.editor.start(current)

    def fit_selection(self) -> None:
        self.fit_to_selection()

    def fit_to_selection(self) -> None:
        self._opening = False
        rect = QRectF()
        for key in self.document.selection if self.document is not None else ():
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

    def _room(self) -> QRect:
        """The viewport less the margin kept round what is fitted."""
        margin = 24
        return self.viewport().rect().adjusted(margin, margin, -margin, -margin)

    def fit_branch(self) -> None:
        """Fit the presented branch; the card in focus whole (see :func:`focus_scale`)."""
        scene = self.canvas_scene
        rect = branch_rect(scene)
        min_scale = MIN_TITLE_PX / scene.card_style.title_px
        item = scene.cards.get(scene.focus) if scene.focus is not None else None
        if item is not None:
            card = item.mapRectToScene(item.card_rect()).adjusted(-20, -20, 20, 20)
            room = QSizeF(self._room().size())
            min_scale = focus_scale(min_scale, card.size(), room, scene.card_style)
        self.fit_rect(rect.adjusted(-20, -20, 20, 20), max_scale=2.0, min_scale=min_scale)
        self._fitted_branch = self._branch_shape()

    def _branch_shape(self) -> tuple[object, ...]:
        """The card in focus, its size and the branch's extent (a fit depends on them)."""
        scene = self.canvas_scene
        item = scene.cards.get(scene.focus) if scene.focus is not None else None
        card = item.card_rect().size() if item is not None else QSizeF()
        rect = branch_rect(scene)
        return (scene.focus, card.width(), card.height(), rect.width(), rect.height())

    def refit_branch(self) -> None:
        """Fit the presented branch again if it changed shape since it was fitted: the
        card in focus grew or shrank (its initiatives listed or folded, Ctrl+Shift+I)."""
        if self.presenting and self._branch_shape() != self._fitted_branch:
            self.fit_branch()

    def title_pixel_height(self) -> float:
        """How tall card titles are drawn on screen now (font pixel size × zoom)."""
        return self.canvas_scene.card_style.title_px * self.scale_factor()
