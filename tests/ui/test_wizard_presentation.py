"""The cascade wizard opens with presentation-size type while the room is watching."""

from __future__ import annotations

from PySide6.QtCore import Qt

import ui.wizard
from tests.ui.shell_build import small


def _capture(monkeypatch) -> list[float | None]:  # type: ignore[no-untyped-def]
    scales: list[float | None] = []

    def fake(parent, document, kr_id, *, team_id=None, font_scale=None):  # type: ignore[no-untyped-def]
        scales.append(font_scale)

    monkeypatch.setattr(ui.wizard, "run_cascade_wizard", fake)
    return scales


def _select_first_kr(window) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    kr_id = next(iter(doc.data.key_results))
    doc.select(("key_result", kr_id))


def test_wizard_uses_normal_type_in_the_window(window, monkeypatch, tmp_path):
    scales = _capture(monkeypatch)
    window.open_path(small(tmp_path / "w.okr"))
    _select_first_kr(window)
    window.acts.insert_aligned.trigger()
    assert scales == [None]


def test_wizard_uses_large_type_in_presentation_mode(window, qtbot, monkeypatch, tmp_path):
    scales = _capture(monkeypatch)
    window.open_path(small(tmp_path / "p.okr"))
    _select_first_kr(window)
    window.acts.presentation.trigger()
    window.acts.insert_aligned.trigger()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert len(scales) == 1
    assert scales[0] is not None and scales[0] > 1.0
