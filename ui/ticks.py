"""Tick boxes and radio buttons that show on the dark theme: the app's style wrapper.

:func:`ui.palette.apply` wraps the app's style in :class:`VisibleTicks`; views with
tick boxes as tall as their text use :class:`BigTicks`. A module of its own: its
classes bring Qt's style types along, which the window's first paint does not need.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget


class VisibleTicks(QProxyStyle):
    """The app's style with the frame of every tick box and radio button drawn light on
    a dark palette.

    Fusion draws that frame a shade darker than the window, so on the dark theme an
    unticked box (in a dialog, or in the rows of a list) could not be seen at all. The
    frame is drawn again over Fusion's, in the muted text colour; with keyboard focus
    Fusion's highlighted frame stays. Other styles draw their own, visible, frames.
    """

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _TICKS and _needs_frame(self, option):
            _draw_frame(element == QStyle.PrimitiveElement.PE_IndicatorRadioButton,
                        option, painter)  # fmt: skip


_TICKS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
          QStyle.PrimitiveElement.PE_IndicatorRadioButton)  # fmt: skip


def _needs_frame(style: QProxyStyle, option: QStyleOption) -> bool:
    state = option.state
    focused = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
    if (state & focused) == focused:
        return False  # Fusion's focus frame shows
    dark = option.palette.color(QPalette.ColorRole.Window).lightness() < 128
    return dark and style.baseStyle().name().lower() == "fusion"


def _draw_frame(round_: bool, option: QStyleOption, painter: QPainter) -> None:
    """Fusion's frame of a tick box (or radio button), in a colour seen on a dark theme."""
    enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
    group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
    role = QPalette.ColorRole.PlaceholderText if enabled else QPalette.ColorRole.Text
    pen = QPen(option.palette.color(group, role))
    pen.setWidth(1)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rect = option.rect
    if round_:  # as Fusion places its circle
        centre = QPointF(rect.center()) + QPointF(1.0, 1.0)
        radius = (rect.width() + (rect.width() + 1) % 2) / 2.0 - 1.0
        painter.drawEllipse(centre, radius, radius)
    else:
        painter.translate(0.5, 0.5)
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
    painter.restore()


class BigTicks(VisibleTicks):
    """The app's style with check boxes as tall as the text of the view using it (and
    their frame seen on a dark theme)."""

    def pixelMetric(
        self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:  # fmt: skip
        if widget is not None and metric in (
            QStyle.PixelMetric.PM_IndicatorWidth,
            QStyle.PixelMetric.PM_IndicatorHeight,
        ):
            return max(widget.fontMetrics().height() - 2, 13)
        return super().pixelMetric(metric, option, widget)
