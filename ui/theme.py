"""Colours of the app, light and dark, chosen to stay apart for colour-blind viewers.

Level colours differ in lightness as well as hue (so they survive greyscale
and the common colour-vision deficiencies) and the legend always names them.
Widgets read the current theme from :func:`current`; :data:`notifier` emits
``themeChanged`` when the user switches (View → Theme) or the system does.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QGuiApplication


@dataclass(frozen=True)
class LevelStyle:
    name: str
    fill: QColor  # card background
    accent: QColor  # card's header band / border
    text: QColor  # text on the card


@dataclass(frozen=True)
class Theme:
    name: str  # "light" or "dark"
    dark: bool
    background: QColor
    grid: QColor
    text: QColor
    muted_text: QColor
    connector: QColor
    selection: QColor
    placeholder_fill: QColor
    placeholder_border: QColor
    error: QColor
    warning: QColor
    hint: QColor
    levels: tuple[LevelStyle, ...]

    def level(self, depth: int) -> LevelStyle:
        """Style of a unit at tree depth ``depth`` (0 = company); deep levels reuse the last."""
        return self.levels[min(depth, len(self.levels) - 1)]


def _c(value: str) -> QColor:
    return QColor(value)


# Okabe–Ito inspired hues with stepped lightness: dark blue → orange → bluish green → purple.
LIGHT = Theme(
    name="light",
    dark=False,
    background=_c("#f7f7f5"),
    grid=_c("#e6e6e2"),
    text=_c("#1b1b1f"),
    muted_text=_c("#55575e"),
    connector=_c("#6b6f7a"),
    selection=_c("#0a64d8"),
    placeholder_fill=_c("#ffffff"),
    placeholder_border=_c("#9a9ca3"),
    error=_c("#c0272d"),
    warning=_c("#b35c00"),
    hint=_c("#2d6cb5"),
    levels=(
        LevelStyle("Company", _c("#dce7f7"), _c("#0b3d91"), _c("#10151f")),
        LevelStyle("Department", _c("#fde7cc"), _c("#b45309"), _c("#1f160b")),
        LevelStyle("Team", _c("#d5f0e6"), _c("#0f766e"), _c("#0c1f1a")),
        LevelStyle("Sub-team", _c("#ece3f5"), _c("#6d28d9"), _c("#1a1224")),
    ),
)

DARK = Theme(
    name="dark",
    dark=True,
    background=_c("#15171c"),
    grid=_c("#22252c"),
    text=_c("#f2f2f4"),
    muted_text=_c("#b7bac3"),
    connector=_c("#9aa0ad"),
    selection=_c("#5ea3ff"),
    placeholder_fill=_c("#1d2027"),
    placeholder_border=_c("#6b707c"),
    error=_c("#ff6b6b"),
    warning=_c("#ffb454"),
    hint=_c("#7cb7ff"),
    levels=(
        LevelStyle("Company", _c("#1b2f52"), _c("#8fb8ff"), _c("#f2f5fb")),
        LevelStyle("Department", _c("#4a2f12"), _c("#ffb45e"), _c("#fbf4ec")),
        LevelStyle("Team", _c("#123d36"), _c("#5fd6c2"), _c("#eefaf7")),
        LevelStyle("Sub-team", _c("#33224f"), _c("#c4a5ff"), _c("#f6f1fd")),
    ),
)


class _Notifier(QObject):
    themeChanged = Signal(object)  # Theme


notifier = _Notifier()
_choice = "system"  # "system", "light" or "dark"
_current: Theme | None = None


def system_is_dark() -> bool:
    from PySide6.QtCore import Qt  # a large namespace: loaded after the first paint

    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Unknown:
        return QGuiApplication.palette().window().color().lightness() < 128
    return scheme == Qt.ColorScheme.Dark


def choice() -> str:
    return _choice


def current() -> Theme:
    global _current
    if _current is None:
        _current = _resolve()
    return _current


def _resolve() -> Theme:
    if _choice == "light":
        return LIGHT
    if _choice == "dark":
        return DARK
    return DARK if system_is_dark() else LIGHT


def set_choice(value: str) -> Theme:
    """Switch to "system", "light" or "dark"; emits themeChanged when the colours change."""
    global _choice, _current
    if value not in {"system", "light", "dark"}:
        raise ValueError(value)
    _choice = value
    new = _resolve()
    if new is not _current:
        _current = new
        notifier.themeChanged.emit(new)
    return new
