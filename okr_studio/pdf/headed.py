"""A heading that stays with its table, and comes back ("… continued") when the table breaks.

A heading with ReportLab's ``keepWithNext`` moves a long table to the next page
whole when it does not fit below the heading, leaving much of a page blank; a
table left to split alone starts a page with no word of what it belongs to.
:class:`Headed` draws the heading and then the table, starts the table on the
current page whenever its header and first row fit there, and gives every later
part its own heading, saying what the table belongs to.
"""

from __future__ import annotations

from typing import cast

from reportlab.platypus import Flowable, Table


class Headed(Flowable):
    """``heading`` above ``table``; ``continued`` heads each part after a page break."""

    def __init__(
        self, heading: Flowable, table: Table, continued: Flowable, *, moved: bool = False
    ) -> None:
        super().__init__()
        self.heading, self.table, self.continued = heading, table, continued
        #: Already moved to a new page once: the next failure to fit is ReportLab's to handle.
        self.moved = moved
        self._head_h = 0.0

    def __repr__(self) -> str:
        return f"Headed({self.heading!r}, {self.table!r})"

    def _heading_height(self, aw: float) -> float:
        _w, h = self.heading.wrapOn(self.canv, aw, 10_000)
        return h + self.heading.getSpaceAfter()

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._head_h = self._heading_height(aW)
        _w, h = self.table.wrapOn(self.canv, aW, max(aH - self._head_h, 0))
        self.width, self.height = aW, self._head_h + h
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.heading.getSpaceBefore()

    def split(self, aw: float, ah: float) -> list[Flowable]:
        head_h = self._heading_height(aw)
        # A table splits into tables (ReportLab's stubs say only Flowable).
        parts = cast("list[Table]", self.table.split(aw, ah - head_h) if ah > head_h else [])
        if len(parts) >= 2 and _has_body(parts[0], self.table):
            first, *rest = parts
            out: list[Flowable] = [Headed(self.heading, first, self.continued, moved=True)]
            out += [Headed(self.continued, part, self.continued, moved=True) for part in rest]
            return out
        if self.moved:
            return []
        # Nothing of the table fits here: it goes to the next page under the heading that
        # names what it belongs to.
        return [_Nothing(), Headed(self.continued, self.table, self.continued, moved=True)]

    def draw(self) -> None:
        _w, h = self.table.wrapOn(self.canv, self.width, 10_000)
        self.table.drawOn(self.canv, 0, 0)
        self.heading.drawOn(self.canv, 0, h + self.heading.getSpaceAfter())


def _has_body(part: Table, whole: Table) -> bool:
    """The part holds at least one row besides the repeated header rows."""
    header = getattr(whole, "repeatRows", 0) or 0
    return len(getattr(part, "_cellvalues", ())) > header


class _Nothing(Flowable):
    """Takes no room: what stays on a page when a block moves on to the next."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass
