"""Presentation mode fits the card in focus: a tall card (its key results' initiatives
listed, check-ins in review mode) is scaled down so the whole card is on the room's
screen, its text still large; a card too tall even then shows its top first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from okr_studio import services
from tests.ui.review_build import cycle
from ui.canvas.presentation import MIN_FOCUS_ROW_PX


def _tall(window, tmp_path: Path, krs: int, initiatives: int):  # type: ignore[no-untyped-def]
    path = tmp_path / "tall.okr"
    ids = cycle(path)
    assert window.open_path(path)
    doc = window.document
    for i in range(krs):
        doc.execute(
            lambda ws, i=i: services.add_key_result(
                ws, ids["obj"], f"Raise the share of repeat buyers in region {i} from 10 to 20 %",
                baseline=10, target=20,
            )
        )  # fmt: skip
    obj = doc.data.objectives[ids["obj"]]
    kr_ids = [k.id for k in doc.data.key_results_of(obj.id)]
    for kr in kr_ids:
        for j in range(initiatives):
            doc.execute(
                lambda ws, kr=kr, j=j: services.add_initiative(
                    ws, kr, f"Initiative {j}: guest checkout for returning buyers 😀 <b>&"
                )
            )
    window.review_acts.set_review(True)
    doc.select(("objective", ids["obj"]))
    window.canvas.canvas_scene.toggle_initiatives(kr_ids)
    return ids


def _on_screen(window, ids) -> tuple[QRectF, QRectF]:  # type: ignore[no-untyped-def]
    view = window.canvas
    item = view.canvas_scene.cards[("objective", ids["obj"])]
    card = view.mapFromScene(item.mapRectToScene(item.card_rect())).boundingRect()
    return QRectF(card), QRectF(view.viewport().rect())


@pytest.mark.parametrize("krs, initiatives", [(1, 2)])
def test_a_tall_card_in_focus_is_whole_on_the_room_s_screen(window, tmp_path, krs, initiatives):
    """Taller than the branch's zoom shows whole: scaled down, its text still large."""
    ids = _tall(window, tmp_path, krs, initiatives)
    window.toggle_presentation()
    try:
        view = window.canvas
        assert view.canvas_scene.focus == ("objective", ids["obj"])
        card, seen = _on_screen(window, ids)
        assert seen.contains(card), (card, seen)
        assert view.canvas_scene.card_style.row_px * view.scale_factor() >= MIN_FOCUS_ROW_PX
    finally:
        window.toggle_presentation()


def test_a_card_too_tall_to_be_whole_shows_its_title_and_walks_into_view(window, tmp_path):
    """Taller than the screen even at the smallest readable size: its top first, and
    walking its key results brings each into view."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    ids = _tall(window, tmp_path, 3, 2)
    window.toggle_presentation()
    try:
        view = window.canvas
        card, seen = _on_screen(window, ids)
        assert card.height() > seen.height()
        assert seen.top() <= card.top() < seen.top() + 40  # the title is in sight
        assert view.canvas_scene.card_style.row_px * view.scale_factor() >= MIN_FOCUS_ROW_PX
        last = [k.id for k in window.document.data.key_results_of(ids["obj"])][-1]
        window.document.select(("key_result", last))
        item = view.canvas_scene.cards[("objective", ids["obj"])]
        row = item.row_rect(last)
        assert row is not None
        on_screen = view.mapFromScene(item.mapRectToScene(row)).boundingRect()
        assert QRectF(seen).contains(QRectF(on_screen)), (on_screen, seen)
        assert view.canvas_scene.focus == ("objective", ids["obj"])
        QTest.keyClick(view, Qt.Key.Key_Escape)
    finally:
        if window.presenting:
            window.toggle_presentation()


def test_listing_the_initiatives_of_the_card_in_focus_fits_it_again(window, tmp_path):
    """Ctrl+Shift+I while presenting: the card in focus grows (its initiatives listed)
    and is scaled down to stay whole; folded again, it is shown as large as before."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    ids = _tall(window, tmp_path, 1, 2)
    view = window.canvas
    kr_ids = [k.id for k in window.document.data.key_results_of(ids["obj"])]
    view.canvas_scene.toggle_initiatives(kr_ids)  # folded when presenting starts
    assert not view.canvas_scene.open_initiatives
    window.toggle_presentation()
    try:
        assert view.canvas_scene.focus == ("objective", ids["obj"])
        folded, seen = _on_screen(window, ids)
        scale = view.scale_factor()
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
        assert view.canvas_scene.open_initiatives == set(kr_ids)
        card, seen = _on_screen(window, ids)
        assert seen.contains(card), (card, seen)
        assert view.scale_factor() < scale  # scaled down to be whole
        assert view.canvas_scene.card_style.row_px * view.scale_factor() >= MIN_FOCUS_ROW_PX
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
        assert not view.canvas_scene.open_initiatives
        assert view.scale_factor() == pytest.approx(scale)
        assert _on_screen(window, ids)[0] == folded
    finally:
        window.toggle_presentation()
