"""A key result's initiatives on its card: folded to "▸ 2 initiatives", listed on a click,
Ctrl+Shift+I or the context menu; in plan and review mode and in presentation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest

from okr_studio import services
from tests.ui.review_build import cycle, press

K = Qt.Key
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def opened(window, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "acme.okr"
    ids = cycle(path)
    assert window.open_path(path)
    doc = window.document
    doc.execute(
        lambda ws: services.add_initiative(ws, ids["conv"], "One-tap wallets", state="done")
    )
    doc.execute(lambda ws: services.add_initiative(ws, ids["conv"], "Guest checkout 😀 <b>&"))
    return window, ids


def card(window, ids):  # type: ignore[no-untyped-def]
    return window.canvas.canvas_scene.cards[("objective", ids["obj"])]


def shown(window, ids) -> tuple[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    ini = card(window, ids).content.row(ids["conv"]).initiatives
    return ini.label, ini.lines


def click_label(window, ids) -> None:  # type: ignore[no-untyped-def]
    """A real click on the "▸ 2 initiatives" line of the conversion key result."""
    view = window.canvas
    item = card(window, ids)
    view.ensure_visible(("key_result", ids["conv"]))
    ini = item.content.row(ids["conv"]).initiatives
    local = QPointF(item.style.pad + item.style.px(30), ini.y + ini.line_h / 2)
    point = view.mapFromScene(item.mapToScene(local))
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )


def render(window) -> QImage:  # type: ignore[no-untyped-def]
    """Paint the scene into an image (every card's paint() runs)."""
    scene = window.canvas.canvas_scene
    image = QImage(1200, 900, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), scene.itemsBoundingRect())
    painter.end()
    return image


@pytest.mark.parametrize("review", [False, True], ids=["plan", "review"])
def test_initiatives_are_folded_and_a_click_lists_them(opened, review: bool):
    window, ids = opened
    window.review_acts.set_review(review)
    assert shown(window, ids) == ("2 initiatives", ())  # folded by default
    folded = card(window, ids).content.height
    assert card(window, ids).content.row(ids["fail"]).initiatives is None  # none: no line
    click_label(window, ids)
    assert shown(window, ids) == (
        "2 initiatives",
        ("Done · One-tap wallets", "Planned · Guest checkout 😀 <b>&"),
    )
    assert card(window, ids).content.height > folded
    assert window.document.current == ("key_result", ids["conv"])  # and it is selected
    render(window)
    click_label(window, ids)
    assert shown(window, ids)[1] == ()
    assert card(window, ids).content.height == folded


def test_ctrl_shift_i_lists_the_initiatives_of_the_selection(opened):
    window, ids = opened
    window.document.select(("objective", ids["obj"]))
    window.canvas.setFocus()
    press(K.Key_I, CTRL_SHIFT)
    assert len(shown(window, ids)[1]) == 2
    press(K.Key_I, CTRL_SHIFT)
    assert shown(window, ids)[1] == ()
    window.document.select(("key_result", ids["conv"]))
    press(K.Key_I, CTRL_SHIFT)
    assert len(shown(window, ids)[1]) == 2


def test_a_listed_card_follows_an_added_initiative_and_undo(opened):
    window, ids = opened
    window.canvas.canvas_scene.toggle_initiatives([ids["conv"]])
    doc = window.document
    doc.execute(lambda ws: services.add_initiative(ws, ids["conv"], "Saved cards"))
    assert shown(window, ids) == ("3 initiatives", shown(window, ids)[1])
    assert shown(window, ids)[1][-1] == "Planned · Saved cards"
    doc.undo()
    assert shown(window, ids)[0] == "2 initiatives"
    assert len(shown(window, ids)[1]) == 2


def test_the_context_menu_of_a_key_result_checks_in_and_shows_initiatives(opened):
    from ui.canvas.menus import context_menu

    window, ids = opened
    window.document.select(("key_result", ids["conv"]))
    menu = context_menu(window.canvas, ("objective", ids["obj"]), ids["conv"])
    actions = menu.actions()
    assert window.review_acts.check_in in actions
    toggle = window.canvas.actions_by_name["toggle_initiatives"]
    assert toggle in actions
    toggle.trigger()
    assert len(shown(window, ids)[1]) == 2
    # A key result with no initiative has Check In… but nothing to show.
    menu = context_menu(window.canvas, ("objective", ids["obj"]), ids["fail"])
    assert window.review_acts.check_in in menu.actions()
    assert toggle not in menu.actions()


def test_presentation_lists_them_in_large_type_in_both_themes(opened):
    from ui import theme

    window, ids = opened
    window.review_acts.set_review(True)
    window.document.select(("objective", ids["obj"]))
    window.canvas.canvas_scene.toggle_initiatives([ids["conv"]])
    normal = card(window, ids).content.row(ids["conv"]).initiatives.line_h
    window.toggle_presentation()
    before = theme.choice()
    try:
        ini = card(window, ids).content.row(ids["conv"]).initiatives
        assert len(ini.lines) == 2 and ini.line_h > normal
        for name in ("light", "dark"):
            theme.set_choice(name)
            render(window)
    finally:
        theme.set_choice(before)
        window.toggle_presentation()
