"""The cascade canvas: objective cards, their key results and the alignment lines."""

from ui.canvas.view import CanvasView

__all__ = ["CanvasView"]
