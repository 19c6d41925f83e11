"""What the canvas view's parts share: the view's state, typed once.

:class:`~ui.canvas.view.CanvasView` is built from parts (the mouse gestures, the
key handling, the menus); each works on the view. :class:`CanvasBase` declares
the state they use, so each part is checked against it rather than guessed at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsView, QRubberBand

from okr_studio.keys import ItemKey
from ui.document_view import DocumentView

if TYPE_CHECKING:
    from ui.canvas.inline_edit import InlineEditor
    from ui.canvas.scene import CanvasScene

#: A press on the canvas: where, the card, the key result row, the part hit, the modifiers.
Press = tuple[QPoint, ItemKey | None, int | None, str, Qt.KeyboardModifier]


class CanvasBase(DocumentView, QGraphicsView):
    """The state of a canvas view (set up by CanvasView.__init__)."""

    #: The zoom factor changed (declared on CanvasView).
    zoomChanged: Signal
    canvas_scene: CanvasScene
    editor: InlineEditor
    actions_by_name: dict[str, QAction]
    presenting: bool
    #: What the presented branch was last fitted to (see ZoomFit.fit_branch).
    _fitted_branch: tuple[object, ...] | None
    #: The view is still settling after a file opened (the user has not moved it yet).
    _opening: bool
    _press: Press | None
    _mode: str  # "", "pan", "rubber", "drag"
    _pan_from: QPoint
    _ghost: QGraphicsRectItem | None
    _ghost_offset: QPointF
    _drop: tuple[ItemKey, int] | None
    _rubber: QRubberBand
