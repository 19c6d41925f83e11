"""Review mode: scores on the cards and in the outline, the review in the inspector."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from okr_studio import services
from okr_studio.data import WorkshopData
from tests.ui.review_build import cycle, press, type_keys
from tests.ui.shell_build import rows

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def opened(window, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "acme.okr"
    ids = cycle(path)
    assert window.open_path(path)
    return window, path, ids


def card_marks(window, objective_id: int) -> tuple[str, dict[int, str], str]:  # type: ignore[no-untyped-def]
    """(objective's score, {key result: score}, the line beside it) as the card draws them."""
    review = window.canvas.canvas_scene.cards[("objective", objective_id)].content.review
    assert review is not None, "the card is not in review mode"
    return review.mark.text, {k: m.text for k, m in review.rows}, review.line


def outline_text(window, key) -> str:  # type: ignore[no-untyped-def]
    return window.outline.item_for(key).text(0)


def test_ctrl_r_shows_scores_on_cards_and_outline_and_back(opened):
    window, _path, ids = opened
    scene = window.canvas.canvas_scene
    window.canvas.setFocus()
    assert scene.cards[("objective", ids["obj"])].content.review is None
    press(K.Key_R, CTRL)
    assert window.review_acts.review_mode.isChecked()
    score, krs, line = card_marks(window, ids["obj"])
    # Cut failed payments 5 → 1, now 3: 0.5; conversion has no check-in: no score.
    assert (score, krs) == ("0.5", {ids["conv"]: "—", ids["fail"]: "0.5"})
    assert line.startswith("yellow") and "1 of 2 KRs" in line
    assert outline_text(window, ("key_result", ids["fail"])).startswith("0.5   Cut failed")
    assert outline_text(window, ("key_result", ids["conv"])).startswith("—   Raise conv")
    assert outline_text(window, ("objective", ids["obj"])).startswith("0.5   Paying")
    assert not window.outline.item_for(("objective", ids["obj"])).icon(0).isNull()
    # The company's key result shows the score of the team objective aligned to it.
    top = scene.cards[("objective", ids["top"])].content
    nps_row = top.row(ids["nps"])
    assert "teams 0.5" in " ".join(nps_row.detail)
    press(K.Key_R, CTRL)
    assert scene.cards[("objective", ids["obj"])].content.review is None
    assert outline_text(window, ("objective", ids["obj"])) == "Paying is a joy"
    assert window.outline.item_for(("objective", ids["obj"])).icon(0).isNull()


def test_a_check_in_moves_the_scores_on_its_card_its_parents_card_and_the_outline(opened):
    window, _path, ids = opened
    window.review_acts.set_review(True)
    doc = window.document
    doc.execute(lambda ws: services.add_check_in(ws, ids["conv"], 4, date=dt.date(2027, 3, 1)))
    score, krs, _line = card_marks(window, ids["obj"])
    assert (score, krs[ids["conv"]]) == ("0.75", "1")  # (1 + 0.5) / 2
    top = window.canvas.canvas_scene.cards[("objective", ids["top"])].content
    assert "teams 0.75" in " ".join(top.row(ids["nps"]).detail)
    assert outline_text(window, ("key_result", ids["conv"])).startswith("1   ")
    assert outline_text(window, ("objective", ids["obj"])).startswith("0.75   ")
    doc.undo()
    assert card_marks(window, ids["obj"])[0] == "0.5"
    assert outline_text(window, ("objective", ids["obj"])).startswith("0.5   ")


def test_weights_count_in_the_objectives_score(opened, qtbot):
    window, path, ids = opened
    window.review_acts.set_review(True)
    doc = window.document
    doc.execute(lambda ws: services.add_check_in(ws, ids["conv"], 4))
    doc.select(("key_result", ids["fail"]))
    weight = window.inspector.review.fields["weight"]
    weight.setFocus()
    weight.selectAll()
    type_keys("3")
    press(K.Key_Return)
    assert rows(path, f"SELECT weight FROM key_result WHERE id = {ids['fail']}") == [(3.0,)]
    assert card_marks(window, ids["obj"])[0] == "0.62"  # (1·1 + 0.5·3) / 4 = 0.625
    assert doc.undo_stack.undoText() == "Change weight of key result"


def test_presentation_keeps_review_mode(opened, qtbot):
    window, _path, ids = opened
    window.review_acts.set_review(True)
    window.document.select(("objective", ids["obj"]))
    window.toggle_presentation()
    try:
        scene = window.canvas.canvas_scene
        assert scene.card_style.review and scene.card_style.bold_contrast
        assert card_marks(window, ids["obj"])[0] == "0.5"
    finally:
        window.toggle_presentation()
    assert window.canvas.canvas_scene.card_style.review


def test_review_mode_puts_the_review_before_the_plan_in_the_inspector(opened):
    window, _path, ids = opened
    inspector = window.inspector
    layout = inspector.widget().layout()
    window.document.select(("objective", ids["obj"]))
    assert layout.indexOf(inspector.review) > layout.indexOf(inspector.stack)
    window.review_acts.set_review(True)
    assert layout.indexOf(inspector.review) < layout.indexOf(inspector.stack)
    window.review_acts.set_review(False)
    assert layout.indexOf(inspector.review) > layout.indexOf(inspector.stack)


def test_the_objectives_review_is_written_field_by_field(opened, qtbot):
    window, path, ids = opened
    doc = window.document
    doc.select(("objective", ids["obj"]))
    section = window.inspector.review
    assert section.score.plain.startswith("0.5 yellow  ·  1 of 2 key results scored")
    actual = section.fields["actual_outcome"]
    actual.setFocus()
    type_keys("Failed payments halved; 😀 <b>&")
    press(K.Key_Tab)
    learned = section.fields["learned"]
    assert QApplication.focusWidget() is learned
    type_keys("Wallets beat card forms.")
    press(K.Key_Tab)
    decision = section.fields["decision"]
    assert QApplication.focusWidget() is decision
    decision.setCurrentIndex(decision.findData("keep"))
    decision.activated.emit(decision.currentIndex())
    got = rows(
        path, f"SELECT actual_outcome, learned, decision FROM objective WHERE id = {ids['obj']}"
    )
    assert got == [("Failed payments halved; 😀 <b>&", "Wallets beat card forms.", "keep")]
    assert doc.undo_stack.count() == 3
    assert doc.undo_stack.undoText() == "Review objective"
    window.review_acts.set_review(True)
    assert (
        window.canvas.canvas_scene.cards[("objective", ids["obj"])].content.review.decision
        == "keep"
    )


def test_initiatives_are_added_and_edited_in_the_inspector(opened, qtbot):
    window, path, ids = opened
    doc = window.document
    doc.select(("key_result", ids["conv"]))
    panel = window.inspector.review.initiatives
    assert panel.empty.isVisibleTo(panel)
    new = panel.add()
    assert new is not None
    assert QApplication.focusWidget() is panel.fields["title"]
    type_keys("One-tap wallets")
    press(K.Key_Return)
    state = panel.fields["state"]
    state.setCurrentIndex(state.findData("done"))
    state.activated.emit(state.currentIndex())
    outcome = panel.fields["actual_outcome"]
    outcome.setFocus()
    type_keys("Shipped in February")
    panel.fields["title"].setFocus()  # leaving the field commits it
    got = rows(path, "SELECT key_result_id, title, state, actual_outcome FROM initiative")
    assert got == [(ids["conv"], "One-tap wallets", "done", "Shipped in February")]
    assert panel.list.item(0).text() == "Done  ·  One-tap wallets"
    assert doc.undo_stack.count() == 4  # add, title, state, outcome: one step each
    panel.remove()
    assert rows(path, "SELECT * FROM initiative") == []


def test_read_only_shows_the_review_but_changes_nothing(window, tmp_path: Path):
    path = tmp_path / "acme.okr"
    ids = cycle(path)
    assert window.open_path(path, read_only=True)
    window.document.select(("key_result", ids["fail"]))
    section = window.inspector.review
    assert section.score.plain.startswith("0.5 yellow")
    assert not section.check_in_button.isEnabled()
    assert not window.review_acts.check_in.isEnabled()
    assert not section.initiatives.add_button.isEnabled()


def test_the_same_score_on_the_card_in_the_outline_in_the_inspector_and_the_core(opened):
    from okr_studio.scores import key_result_score, objective_score

    window, _path, ids = opened
    window.review_acts.set_review(True)
    data: WorkshopData = window.document.data
    core = key_result_score(data, ids["fail"]).text
    window.document.select(("key_result", ids["fail"]))
    assert card_marks(window, ids["obj"])[1][ids["fail"]] == core
    assert outline_text(window, ("key_result", ids["fail"])).split()[0] == core
    assert window.inspector.review.score.plain.split()[0] == core
    assert card_marks(window, ids["obj"])[0] == objective_score(data, ids["obj"]).text


def test_a_key_results_initiatives_are_counted_on_its_row_in_review_mode(opened):
    window, _path, ids = opened
    window.review_acts.set_review(True)
    doc = window.document
    scene = window.canvas.canvas_scene

    def count() -> str:
        row = scene.cards[("objective", ids["obj"])].content.row(ids["conv"])
        assert "initiative" not in " ".join(row.detail)  # a line of its own, under the bar
        return row.initiatives.label if row.initiatives is not None else ""

    assert count() == ""
    doc.execute(lambda ws: services.add_initiative(ws, ids["conv"], "Wallets"))
    assert count() == "1 initiative"
    doc.execute(lambda ws: services.add_initiative(ws, ids["conv"], "One-tap"))
    assert count() == "2 initiatives"
    doc.undo()
    doc.undo()
    assert count() == ""
