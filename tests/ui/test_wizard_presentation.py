"""The cascade wizard opens with presentation-size type while the room is watching."""

from __future__ import annotations

import pytest
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


def test_a_note_and_a_check_in_use_large_type_in_presentation_mode(window, qtbot, tmp_path):
    """One screen: the room sees the dialogs, so they take the presentation size (as the
    wizard does); out of presentation mode, the normal size."""
    from ui.checkin_dialog import start_check_in
    from ui.note_dialog import NoteDialog
    from ui.presenter import PRESENTATION_DIALOG_SCALE

    window.open_path(small(tmp_path / "n.okr"))
    _select_first_kr(window)
    data, kr_id = window.document.data, window.document.current[1]
    normal = window.font().pointSizeF()
    sizes = []
    for presenting in (False, True):
        if presenting:
            window.acts.presentation.trigger()
        note = NoteDialog(data, None, parent=window)
        check_in = start_check_in(window.canvas, window.document, kr_id)
        assert check_in is not None
        sizes.append((note.font().pointSizeF(), check_in.font().pointSizeF()))
        note.deleteLater()
        check_in.reject()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    large = normal * PRESENTATION_DIALOG_SCALE
    assert sizes == [
        (pytest.approx(normal), pytest.approx(normal)),
        (pytest.approx(large), pytest.approx(large)),
    ]
