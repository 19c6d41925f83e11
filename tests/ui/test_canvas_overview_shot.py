"""A tree opened fitted is painted sharp at once: its first paint is the picture it
settles on, with no sharp picture still to come (until December 2026 the first paint
stretched a picture made at most MAX_WHOLE pixels wide, and a second, sharp one
replaced it a moment later)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.generate import generate
from ui.canvas import overview


def test_a_fitted_tree_is_sharp_from_its_first_paint(
    canvas, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # A small cap, so the fitted tree is larger than it whatever the fonts make the cards.
    monkeypatch.setattr(overview, "MAX_WHOLE", 64)
    path = generate(tmp_path / "gen.okr", objectives=200, key_results=800, teams=40)
    _doc, view = canvas(path, size=(1400, 900))
    view.fit_to_window()
    qtbot.wait(250)  # shown, fitted and settled (the window's size and scroll bars too)
    scene = view.canvas_scene
    layout, scale = scene.layout, view.scale_factor()
    assert layout is not None and min(layout.width, layout.height) * scale > 64
    assert scene.overview.isVisible()  # (the tree is drawn as blocks at this zoom)
    scene.overview.invalidate()  # its pictures made again, as on opening: the first paint
    first = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    view.viewport().render(first)
    assert not scene.overview.busy()  # no sharper picture to come
    qtbot.wait(250)  # whatever would have come
    settled = QImage(first.size(), first.format())
    view.viewport().render(settled)
    assert first == settled
