"""Apply the light or dark theme to every widget (menus, docks, dialogs), not only the canvas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from ui import theme

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from ui.ticks import VisibleTicks


def __getattr__(name: str) -> object:
    # The tick-box styles live in ui.ticks (loaded when first used: the first paint
    # needs none of Qt's style types); they are still found here.
    if name in ("BigTicks", "VisibleTicks"):
        from ui import ticks

        return getattr(ticks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


_style: VisibleTicks | None = None


def _use_visible_ticks(app: QApplication) -> None:
    """Wrap the app's style in :class:`~ui.ticks.VisibleTicks` (once; Fusion only)."""
    global _style
    current = app.style()
    if current is None or current is _style or current.name().lower() != "fusion":
        return
    from ui.ticks import VisibleTicks

    if isinstance(current, VisibleTicks):
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


def apply(choice: str, *, style: bool = True) -> theme.Theme:
    """Set the theme choice ("system", "light", "dark") and the whole app's palette.

    With ``style=False`` the app's style is left as it is (the window's first paint,
    which shows no tick box: :func:`_use_visible_ticks` follows with its panels).
    """
    app = _app()
    if choice == "system":
        palette = QPalette()  # unresolved: the platform's own palette, following its changes
    elif choice == "dark":
        palette = _dark()
    else:
        palette = _light()
    if app is not None:
        if style:
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
