"""Apply the light or dark theme to every widget (menus, docks, dialogs), not only the canvas."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

from ui import theme


def _dark() -> QPalette:
    t = theme.DARK
    p = QPalette()
    role = QPalette.ColorRole
    window = QColor("#202329")
    base = QColor("#16181d")
    p.setColor(role.Window, window)
    p.setColor(role.WindowText, t.text)
    p.setColor(role.Base, base)
    p.setColor(role.AlternateBase, QColor("#1d2027"))
    p.setColor(role.ToolTipBase, QColor("#2a2e36"))
    p.setColor(role.ToolTipText, t.text)
    p.setColor(role.PlaceholderText, t.muted_text)
    p.setColor(role.Text, t.text)
    p.setColor(role.Button, QColor("#2a2e36"))
    p.setColor(role.ButtonText, t.text)
    p.setColor(role.BrightText, QColor("#ffffff"))
    p.setColor(role.Highlight, QColor("#2f6fd0"))
    p.setColor(role.HighlightedText, QColor("#ffffff"))
    p.setColor(role.Link, t.selection)
    p.setColor(role.Mid, QColor("#3a3f49"))
    p.setColor(role.Dark, QColor("#0f1115"))
    p.setColor(role.Light, QColor("#3f4450"))
    p.setColor(role.Midlight, QColor("#343944"))
    p.setColor(role.Shadow, QColor("#000000"))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(disabled, r, QColor("#7d828c"))
    return p


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


_style: VisibleTicks | None = None


def _use_visible_ticks(app: QApplication) -> None:
    """Wrap the app's style in :class:`VisibleTicks` (once; Fusion only)."""
    global _style
    current = app.style()
    if isinstance(current, VisibleTicks) or current is None:
        return
    if current.name().lower() != "fusion":
        return
    _style = VisibleTicks(QStyleFactory.create(current.name()))
    app.setStyle(_style)


def _app() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def _light() -> QPalette:
    app = _app()
    style = app.style() if app is not None else None
    p = QPalette(style.standardPalette()) if style is not None else QPalette()
    p.setColor(QPalette.ColorRole.Highlight, QColor("#0a64d8"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return p


def apply(choice: str) -> theme.Theme:
    """Set the theme choice ("system", "light", "dark") and the whole app's palette."""
    app = _app()
    if choice == "system":
        palette = QPalette()  # unresolved: the platform's own palette, following its changes
    elif choice == "dark":
        palette = _dark()
    else:
        palette = _light()
    if app is not None:
        _use_visible_ticks(app)  # before the palette: a new style resets it
        app.setPalette(palette)
    result = theme.set_choice(choice)
    # The platform may say "dark" but give no dark palette (e.g. plain X11).
    light_palette = app is not None and app.palette().window().color().lightness() > 128
    if app is not None and choice == "system" and result.dark and light_palette:
        app.setPalette(_dark())
    return result


def _system_scheme_changed(_scheme: Qt.ColorScheme) -> None:
    if theme.choice() == "system":
        apply("system")


_following = False


def follow_system() -> None:
    """In the "System" theme, switch between light and dark when the desktop does.

    Qt reports the desktop's switch with ``QStyleHints.colorSchemeChanged``; the
    app's palette and the canvas's colours follow it. Connected once per process.
    """
    global _following
    if not _following:
        QGuiApplication.styleHints().colorSchemeChanged.connect(_system_scheme_changed)
        _following = True
