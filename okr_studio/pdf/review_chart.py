"""A key result's check-ins as a small chart: where it went against where it should have.

Drawn with the canvas's own graphics operators (lines, paths, rectangles), which cost a
seventh of ReportLab's ``graphics.shapes`` drawings: a review booklet of a thousand
objectives draws four thousand of these. What it shows, left to right over the cycle
(or over the check-ins' days when the cycle's dates are not known):

- the zone that counts as reached (at or above the target for an increase or a keep
  above, at or below it for a decrease or a keep below), lightly filled;
- the target as a line, and for an increase or decrease the straight way from the
  baseline at the start to the target at the end, dashed;
- the check-ins as a line through their values, the last one marked in its score's colour.

No text: the numbers stand in the table beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable

from okr_studio.data import CheckInData, KeyResultData
from okr_studio.pdf.style import INK, MUTED, RULE
from okr_studio.scores import Band
from okr_studio.vocab import Direction

_ZONE = colors.HexColor("#d6ecd8")
_TARGET = colors.HexColor(Band.GREEN.tone)
_ABOVE = (Direction.INCREASE.value, Direction.KEEP_ABOVE.value)
_BELOW = (Direction.DECREASE.value, Direction.KEEP_BELOW.value)
_LINEAR = (Direction.INCREASE.value, Direction.DECREASE.value)


def _days(start: dt.date, day: dt.date) -> float:
    return float((day - start).days)


class CheckInChart(Flowable):
    """A ``width`` × ``height`` chart of one key result's check-ins (see the module notes)."""

    def __init__(
        self,
        kr: KeyResultData,
        check_ins: Sequence[CheckInData],
        cycle: tuple[dt.date | None, dt.date | None],
        width: float,
        height: float,
        last_band: Band | None = None,
    ) -> None:
        super().__init__()
        self.kr, self.points = kr, list(check_ins)
        self.width, self.height = width, height
        self.last_band = last_band
        days = [c.date for c in self.points]
        start, end = cycle
        starts: list[dt.date] = [*days, *([start] if start else [])]
        ends: list[dt.date] = [*days, *([end] if end else [])]
        first = min(starts) if starts else None
        last = max(ends) if ends else None
        if first is None or last is None:
            first = last = dt.date(2000, 1, 1)  # nothing to place: an empty chart
        if last <= first:
            first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
        self.first, self.span = first, _days(first, last)
        self.start, self.end = start or first, end or last
        values = [c.value for c in self.points]
        values += [v for v in (kr.baseline, kr.target) if v is not None]
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        if high - low < 1e-9:
            low, high = low - 1.0, high + 1.0
        pad = (high - low) * 0.12
        self.low, self.range = low - pad, (high - low) + 2 * pad

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (self.width, self.height)

    def _x(self, day: dt.date) -> float:
        return _days(self.first, day) / self.span * self.width

    def _y(self, value: float) -> float:
        return (value - self.low) / self.range * self.height

    def draw(self) -> None:
        canv, kr, w, h = self.canv, self.kr, self.width, self.height
        canv.saveState()
        canv.setLineWidth(0.5)
        target = kr.target if kr.direction != Direction.MILESTONE.value else None
        if target is not None:
            ty = min(max(self._y(target), 0.0), h)
            canv.setFillColor(_ZONE)
            if kr.direction in _ABOVE:
                canv.rect(0, ty, w, h - ty, stroke=0, fill=1)
            elif kr.direction in _BELOW:
                canv.rect(0, 0, w, ty, stroke=0, fill=1)
            canv.setStrokeColor(_TARGET)
            canv.line(0, ty, w, ty)
        if kr.direction in _LINEAR and kr.baseline is not None and target is not None:
            canv.setStrokeColor(MUTED)
            canv.setDash([1.5, 1.5])
            canv.line(self._x(self.start), self._y(kr.baseline), self._x(self.end), self._y(target))
            canv.setDash([])
        canv.setStrokeColor(RULE)
        canv.line(0, 0, w, 0)
        self._draw_points()
        canv.restoreState()

    def _draw_points(self) -> None:
        canv, points = self.canv, self.points
        if not points:
            return
        xy = [(self._x(c.date), self._y(c.value)) for c in points]
        canv.setStrokeColor(INK)
        canv.setLineWidth(0.9)
        if len(xy) > 1:
            path = canv.beginPath()
            path.moveTo(*xy[0])
            for x, y in xy[1:]:
                path.lineTo(x, y)
            canv.drawPath(path, stroke=1, fill=0)
        canv.setFillColor(INK)
        for x, y in xy[:-1]:
            canv.rect(x - 1, y - 1, 2, 2, stroke=0, fill=1)
        x, y = xy[-1]
        band = self.last_band
        canv.setFillColor(colors.HexColor(band.tone) if band is not None else INK)
        canv.circle(x, y, 2.2, stroke=0, fill=1)
