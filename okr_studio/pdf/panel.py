"""A padded box around one flowable, drawn as a one-cell table would draw it.

The alignment chain is made of many such boxes (one per level, one per key result
taken on); a ReportLab Table for each costs far more than the text inside it.
A panel splits across pages like a table row that may split: its content splits,
and both parts keep the padding, fill and rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from reportlab.platypus import Flowable

HAlign: TypeAlias = Literal["LEFT", "CENTER", "RIGHT"]


@dataclass(frozen=True)
class PanelLook:
    """Padding (left, right, top, bottom), fill, a rule down the left edge, a frame."""

    padding: tuple[float, float, float, float]
    fill: Any = None
    #: (line width, colour) of the rule on the left edge.
    rule: tuple[float, Any] | None = None
    #: (line width, colour) of a frame all round.
    frame: tuple[float, Any] | None = None


class Panel(Flowable):
    """``content`` in a box ``width`` wide, aligned in the frame as ``h_align`` says."""

    def __init__(
        self, content: Flowable, width: float, look: PanelLook, *, h_align: HAlign
    ) -> None:
        super().__init__()
        self.content = content
        self.box_width = width
        self.look = look
        self.h_align: HAlign = h_align
        self.hAlign = h_align
        self.width = width
        self.height = 0.0

    def __repr__(self) -> str:
        return f"Panel({self.content!r})"

    def _inner(self) -> tuple[float, float]:
        left, right, top, bottom = self.look.padding
        return self.box_width - left - right, top + bottom

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        inner_w, pad_h = self._inner()
        _w, h = self.content.wrapOn(self.canv, inner_w, 72_000)
        self.width = self.box_width
        self.height = h + pad_h
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        inner_w, pad_h = self._inner()
        self.content.wrapOn(self.canv, inner_w, 72_000)
        parts = self.content.split(inner_w, avail_height - pad_h)
        if len(parts) < 2:
            return []
        out: list[Flowable] = [
            Panel(part, self.box_width, self.look, h_align=self.h_align) for part in parts
        ]
        return out

    def draw(self) -> None:
        canv, look = self.canv, self.look
        w, h = self.box_width, self.height
        if look.fill is not None:
            canv.saveState()
            canv.setFillColor(look.fill)
            canv.rect(0, 0, w, h, stroke=0, fill=1)
            canv.restoreState()
        left, _right, _top, bottom = look.padding
        self.content.drawOn(canv, left, bottom)
        if look.rule is None and look.frame is None:
            return
        canv.saveState()
        canv.setLineCap(1)
        canv.setLineJoin(1)
        if look.rule is not None:
            canv.setLineWidth(look.rule[0])
            canv.setStrokeColor(look.rule[1])
            canv.line(0, h, 0, 0)
        if look.frame is not None:
            canv.setLineWidth(look.frame[0])
            canv.setStrokeColor(look.frame[1])
            canv.line(0, h, w, h)
            canv.line(0, 0, w, 0)
            canv.line(0, h, 0, 0)
            canv.line(w, h, w, 0)
        canv.restoreState()
