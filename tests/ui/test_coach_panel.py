"""The coach panel: findings appear, navigate, follow edits and undo, can be accepted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from okr_studio import services
from okr_studio.store import Workshop
from tests.ui.wizard_build import build_workshop
from ui.coach_panel import CoachPanel, CoachView
from ui.document import Document


@pytest.fixture
def opened(qtbot, tmp_path):
    path = tmp_path / "coach.okr"
    ids = build_workshop(path)
    doc = Document(Workshop.open(path))
    panel = CoachPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    yield doc, ids, panel, path
    panel.close()
    doc.close()


def texts(view: CoachView) -> list[str]:
    return [leaf.text(0) for leaf in view.leaves()]


def leaf_for(view: CoachView, code: str, item_id: int):  # type: ignore[no-untyped-def]
    for leaf in view.leaves():
        f = leaf.data(0, Qt.ItemDataRole.UserRole)
        if f.code == code and f.item_id == item_id:
            return leaf
    raise AssertionError(f"{code} on {item_id} not listed: {texts(view)}")


def test_findings_are_grouped_and_counted(opened):
    _doc, ids, panel, _path = opened
    view = panel.view
    n_open = sum(1 for f in view.findings if f.is_open)
    assert n_open == len(view.leaves()) > 0
    assert view.counts.text() == f"{n_open} open"
    assert panel.windowTitle() == f"Coach ({n_open})"
    tops = [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]
    assert any(t.startswith("⚠ Warnings (") for t in tops)
    # The Checkout team has no objective yet: a warning grouped under its name.
    leaf = leaf_for(view, "UNIT_NO_OBJECTIVE", ids["checkout"])
    assert leaf.parent().text(0) == "Checkout (1)"
    assert leaf.parent().parent().text(0).startswith("⚠ Warnings")


def test_clicking_a_finding_selects_its_item(opened, qtbot):
    doc, ids, panel, _path = opened
    view = panel.view
    leaf = leaf_for(view, "OBJ_TOO_FEW_KRS", ids["search_obj"])
    rect = view.tree.visualItemRect(leaf)
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert doc.selection == (("objective", ids["search_obj"]),)
    assert "fewer" in view.detail.text() or "key result" in view.detail.text()
    # Keyboard: Enter on another finding navigates too.
    other = leaf_for(view, "UNIT_NO_OBJECTIVE", ids["checkout"])
    view.tree.setCurrentItem(other)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert doc.selection == (("unit", ids["checkout"]),)


def test_list_follows_edits_undo_and_redo(opened, qtbot):
    doc, ids, panel, _path = opened
    view = panel.view
    before = len(view.leaves())
    doc.execute(lambda ws: services.add_key_result(ws, ids["search_obj"], "Answer more questions"))
    qtbot.waitUntil(lambda: any("Answer more questions" in t for t in texts(view)))
    new_kr = max(doc.data.key_results)
    leaf_for(view, "KR_NO_NUMBER", new_kr)
    assert len(view.leaves()) > before
    doc.undo()
    qtbot.waitUntil(lambda: not any("Answer more questions" in t for t in texts(view)))
    assert len(view.leaves()) == before
    doc.redo()
    qtbot.waitUntil(lambda: any("Answer more questions" in t for t in texts(view)))


def test_filters(opened, qtbot):
    _doc, _ids, panel, _path = opened
    view = panel.view
    everything = len(view.leaves())
    view.filter_edit.setFocus()
    qtbot.keyClicks(view.filter_edit, "checkout")  # applied once typing pauses
    qtbot.waitUntil(lambda: 0 < len(view.leaves()) < everything)
    assert all("Checkout" in leaf.parent().text(0) for leaf in view.leaves())
    view.filter_edit.clear()
    view.refresh()
    view.severity.setCurrentIndex(view.severity.findText("Hints"))
    assert all(leaf.parent().parent().text(0).startswith("ℹ") for leaf in view.leaves())
    view.severity.setCurrentIndex(0)
    assert len(view.leaves()) == everything


def test_accepted_finding_survives_reopening_the_file(opened, answers, qtbot):
    doc, ids, panel, path = opened
    view = panel.view
    leaf = leaf_for(view, "UNIT_NO_OBJECTIVE", ids["checkout"])
    view.tree.setCurrentItem(leaf)
    assert view.accept_button.isEnabled()
    answers.add("ask_text", "Checkout starts next cycle <b>&amp;")
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    assert answers.texts("ask_text")
    assert not any("Checkout" in leaf.parent().text(0) for leaf in view.leaves())
    assert "1 accepted" in view.counts.text()
    view.show_accepted.setChecked(True)
    accepted = leaf_for(view, "UNIT_NO_OBJECTIVE", ids["checkout"])
    assert accepted.text(0).startswith("✓ Accepted")
    assert doc.undo_stack.undoText() == "Accept finding"

    # Close the file and open it again: the acceptance was stored with its reason.
    panel.set_document(None)
    assert view.leaves() == []
    doc.close()
    doc2 = Document(Workshop.open(path))
    try:
        panel.set_document(doc2)
        accepted = leaf_for(view, "UNIT_NO_OBJECTIVE", ids["checkout"])
        f = accepted.data(0, Qt.ItemDataRole.UserRole)
        assert not f.is_open
        assert f.accepted.reason == "Checkout starts next cycle <b>&amp;"
        view.tree.setCurrentItem(accepted)
        assert "Accepted: Checkout starts next cycle <b>&amp;" in view.detail.text()
        assert view.detail.textFormat() == Qt.TextFormat.PlainText
        # Reopen puts it back among the open findings.
        assert view.reopen_button.isEnabled()
        qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
        assert (
            leaf_for(view, "UNIT_NO_OBJECTIVE", ids["checkout"])
            .data(0, Qt.ItemDataRole.UserRole)
            .is_open
        )
        assert doc2.workshop.snapshot().accepted == {}
    finally:
        panel.set_document(None)
        doc2.close()


def test_cancelled_accept_changes_nothing(opened, answers):
    doc, ids, panel, _path = opened
    view = panel.view
    view.tree.setCurrentItem(leaf_for(view, "UNIT_NO_OBJECTIVE", ids["checkout"]))
    answers.add("ask_text", None)
    view.accept_current()
    assert doc.undo_stack.count() == 0
    assert doc.data.accepted == {}


def test_read_only_file_cannot_accept(qtbot, tmp_path, document):
    path = tmp_path / "ro.okr"
    ids = build_workshop(path)
    doc = document(path, read_only=True)
    view = CoachView(doc)
    qtbot.addWidget(view)
    view.tree.setCurrentItem(leaf_for(view, "UNIT_NO_OBJECTIVE", ids["checkout"]))
    assert not view.accept_button.isEnabled()
    view.set_document(None)
