"""A key result's progress chart in the inspector: its check-ins over the cycle.

Left to right over the cycle (or over the check-ins' days when the cycle's dates are
not known), as the review sheet draws it: the zone that counts as reached (at or above
the target for an increase or a keep above, at or below it for a decrease or a keep
below) lightly filled; the target as a line; for an increase or decrease the straight
way from the baseline at the start to the target at the end, dashed; the check-ins as
a line through their values, the last one in its score's colour. The baseline, the
target and the first and last day are written at the edges. Colours follow the app's
palette, so the chart reads in the light and the dark theme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from okr_studio.data import CheckInData, KeyResultData
from okr_studio.numbers import format_number
from okr_studio.scores import Band, Score
from okr_studio.vocab import Direction
from ui.review_score import tone

_ABOVE = (Direction.INCREASE.value, Direction.KEEP_ABOVE.value)
_LINEAR = (Direction.INCREASE.value, Direction.DECREASE.value)
CHART_HEIGHT = 170


class ProgressChart(QWidget):
    """The chart of one key result (:meth:`show_key_result`); empty with no data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(CHART_HEIGHT)
        self.kr: KeyResultData | None = None
        self.points: list[CheckInData] = []
        self.cycle: tuple[dt.date | None, dt.date | None] = (None, None)
        self.score: Score | None = None

    def sizeHint(self) -> QSize:
        return QSize(320, CHART_HEIGHT)

    def show_key_result(
        self,
        kr: KeyResultData | None,
        check_ins: list[CheckInData],
        cycle: tuple[dt.date | None, dt.date | None],
        score: Score | None,
    ) -> None:
        self.kr, self.points, self.cycle, self.score = kr, list(check_ins), cycle, score
        self.setAccessibleDescription(self._describe())
        self.update()

    def _describe(self) -> str:
        if self.kr is None or not self.points:
            return self.tr("No check-ins to chart yet.")
        last = self.points[-1]
        return self.tr("{count} check-ins; the last one {value} on {day}.").format(
            count=len(self.points), value=format_number(last.value), day=last.date.isoformat()
        )

    # ---- scales ---------------------------------------------------------------------
    def _days(self) -> tuple[dt.date, dt.date] | None:
        days = [c.date for c in self.points]
        start, end = self.cycle
        starts: list[dt.date] = [*days, *([start] if start else [])]
        ends: list[dt.date] = [*days, *([end] if end else [])]
        if not starts or not ends:
            return None
        first, last = min(starts), max(ends)
        if last <= first:
            last = first + dt.timedelta(days=1)
        return first, last

    def _values(self) -> tuple[float, float]:
        assert self.kr is not None
        kr = self.kr
        values = [c.value for c in self.points]
        values += [v for v in (kr.baseline, kr.target) if v is not None]
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        if high <= low:
            low, high = low - 1, high + 1
        pad = (high - low) * 0.12
        return low - pad, high + pad

    # ---- painting -------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        ink = pal.color(pal.ColorRole.WindowText)
        muted = QColor(ink)
        muted.setAlpha(150)
        fm = painter.fontMetrics()
        area = QRectF(self.rect()).adjusted(
            fm.horizontalAdvance("00000") + 10, 8, -10, -fm.height() - 8
        )
        painter.setPen(QPen(muted, 1))
        painter.drawRect(area)
        days = self._days()
        if self.kr is None or days is None:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self._describe())
            painter.end()
            return
        self._paint_chart(painter, area, days, ink, muted)
        painter.end()

    def _paint_chart(
        self,
        painter: QPainter,
        area: QRectF,
        days: tuple[dt.date, dt.date],
        ink: QColor,
        muted: QColor,
    ) -> None:
        assert self.kr is not None
        kr = self.kr
        first, last = days
        low, high = self._values()
        span = max((last - first).days, 1)

        def x(day: dt.date) -> float:
            return area.left() + area.width() * (day - first).days / span

        def y(value: float) -> float:
            return area.bottom() - area.height() * (value - low) / (high - low)

        green = tone(Band.GREEN)
        if kr.target is not None and kr.direction != Direction.MILESTONE.value:
            zone = QColor(green)
            zone.setAlpha(40)
            t = y(kr.target)
            top, bottom = (area.top(), t) if kr.direction in _ABOVE else (t, area.bottom())
            painter.fillRect(QRectF(area.left(), top, area.width(), bottom - top), zone)
            painter.setPen(QPen(green, 2))
            painter.drawLine(QPointF(area.left(), t), QPointF(area.right(), t))
        start, end = self.cycle
        if kr.direction in _LINEAR and kr.baseline is not None and kr.target is not None:
            pen = QPen(muted, 1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(x(start or first), y(kr.baseline)), QPointF(x(end or last), y(kr.target))
            )
        if self.points:
            points = [QPointF(x(c.date), y(c.value)) for c in self.points]
            line = QPolygonF(points)
            painter.setPen(QPen(ink, 2.5))
            painter.drawPolyline(line)
            painter.setBrush(ink)
            for point in points[:-1]:
                painter.drawEllipse(point, 3.5, 3.5)
            band = self.score.band if self.score is not None else None
            painter.setPen(QPen(ink, 1.5))
            painter.setBrush(tone(band))
            painter.drawEllipse(line.last(), 6, 6)
        self._paint_labels(painter, area, days, ink, y)

    def _paint_labels(
        self,
        painter: QPainter,
        area: QRectF,
        days: tuple[dt.date, dt.date],
        ink: QColor,
        y: Callable[[float], float],
    ) -> None:
        kr = self.kr
        assert kr is not None
        fm = painter.fontMetrics()
        painter.setPen(ink)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for value in {v for v in (kr.baseline, kr.target) if v is not None}:
            box = QRectF(0, y(value) - fm.height() / 2, area.left() - 5, fm.height())
            painter.drawText(box, right, format_number(value))
        first, last = days
        below = QRectF(area.left(), area.bottom() + 4, area.width(), fm.height())
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, _day(first))
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, _day(last))


def _day(day: dt.date) -> str:
    from ui.checkin_table import day_text

    return day_text(day, year=False)
