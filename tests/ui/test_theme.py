"""The "System" theme follows the desktop's light/dark switch while the app runs.

(The ``system_theme`` fixture puts the theme back on "System" after each test.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ui import palette, theme


def _switch_desktop(monkeypatch, dark: bool) -> None:  # type: ignore[no-untyped-def]
    """What the desktop does: its scheme changes, then Qt says so."""
    monkeypatch.setattr(theme, "system_is_dark", lambda: dark)
    scheme = Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light
    QGuiApplication.styleHints().colorSchemeChanged.emit(scheme)


def test_the_canvas_and_the_palette_follow_the_desktop(window, sample_file, monkeypatch):
    palette.follow_system()
    palette.follow_system()  # a second call does not connect twice
    window.open_path(sample_file)
    scene = window.canvas.canvas_scene
    palette.apply("system")
    _switch_desktop(monkeypatch, dark=True)
    assert theme.current() is theme.DARK
    assert scene.backgroundBrush().color() == theme.DARK.background
    assert QApplication.palette().window().color().lightness() < 128
    _switch_desktop(monkeypatch, dark=False)
    assert theme.current() is theme.LIGHT
    assert scene.backgroundBrush().color() == theme.LIGHT.background


def test_a_chosen_theme_stays_when_the_desktop_switches(window, sample_file, monkeypatch):
    palette.follow_system()
    window.open_path(sample_file)
    scene = window.canvas.canvas_scene
    window.set_theme("light")
    _switch_desktop(monkeypatch, dark=True)
    assert theme.current() is theme.LIGHT
    assert scene.backgroundBrush().color() == theme.LIGHT.background
