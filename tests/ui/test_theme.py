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


def _contrast(image, rect, background) -> int:  # type: ignore[no-untyped-def]
    """The largest difference in lightness between a pixel of ``rect`` and ``background``."""
    return max(
        abs(image.pixelColor(x, y).lightness() - background.lightness())
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )


def test_unticked_boxes_are_seen_on_the_dark_theme(qtbot):
    """Every tick box of the app (a dialog's, a list row's) and every radio button shows
    its frame on the dark theme; Fusion's own is darker than the window, so unticked it
    vanished."""
    from PySide6.QtWidgets import (
        QCheckBox,
        QRadioButton,
        QStyle,
        QStyleOptionButton,
        QTreeWidget,
        QTreeWidgetItem,
    )

    palette.apply("dark")
    base = QApplication.palette().base().color()
    window_colour = QApplication.palette().window().color()
    for kind in (QCheckBox, QRadioButton):
        box = kind("")
        qtbot.addWidget(box)
        box.resize(40, 30)
        option = QStyleOptionButton()
        box.initStyleOption(option)
        element = (
            QStyle.SubElement.SE_CheckBoxIndicator
            if kind is QCheckBox
            else QStyle.SubElement.SE_RadioButtonIndicator
        )
        rect = box.style().subElementRect(element, option, box)
        assert _contrast(box.grab().toImage(), rect, window_colour) >= 80, kind.__name__
    tree = QTreeWidget()  # as the hand-out dialog's units: a tick box on each row
    qtbot.addWidget(tree)
    tree.setHeaderHidden(True)
    tree.setRootIsDecorated(False)
    item = QTreeWidgetItem([""])  # no text: the row shows only its box
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(0, Qt.CheckState.Unchecked)
    tree.addTopLevelItem(item)
    tree.resize(200, 80)
    tree.show()
    qtbot.waitExposed(tree)
    row = tree.visualItemRect(item)
    assert _contrast(tree.viewport().grab().toImage(), row, base) >= 80
