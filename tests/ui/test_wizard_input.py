"""Bad input in every field of the cascade wizard: stored and shown exactly as typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from okr_studio.store import Workshop
from tests.ui.wizard_build import build_workshop
from tests.ui.wizard_keys import enter, enter_text, go_on, key, tab, type_row
from ui.document import Document
from ui.wizard import open_cascade_wizard

LONG = "".join(chr(ord("a") + i % 26) for i in range(10_000))
VALUES = {
    "empty": "",
    "long": LONG,
    "markup": "<b>&amp;",
    "emoji": "Grow 🚀 adoption 👩🏽‍💻",
    "rtl": "زيادة رضا العملاء שלום",
}


@pytest.fixture
def opened(qtbot, tmp_path):
    path = tmp_path / "input.okr"
    ids = build_workshop(path)
    doc = Document(Workshop.open(path))
    w = open_cascade_wizard(None, doc, ids["product_kr"])
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield doc, ids, w
    w.discard()
    w.deleteLater()
    doc.close()


def clear_and_type(value: str) -> None:
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key(Qt.Key.Key_Backspace)
    enter_text(value)


@pytest.mark.parametrize("kind", list(VALUES))
def test_every_field_keeps_what_was_typed(opened, kind):
    doc, ids, w = opened
    value = VALUES[kind]
    # Step 1: a new team named with the value (an empty name cannot go on).
    key(Qt.Key.Key_End)
    tab()
    enter_text(value)
    if not value:
        assert "Name the new team" in w.reason.text()
        assert not w.next_button.isEnabled()
        key(Qt.Key.Key_Backtab)
        key(Qt.Key.Key_Home)  # back to an existing team
        assert w.reason.text() == ""
    enter()
    assert w.index == 1
    # Step 2: every field of the objective.
    clear_and_type(value)
    for _ in range(4):  # owner, problem, behaviour change, success measure
        tab()
        enter_text(value)
    go_on()
    assert w.index == 2
    # Step 3: the text cells of three key results (numbers stay valid).
    for i in range(3):
        type_row(
            {
                "title": value,
                "metric": value,
                "baseline": "1",
                "target": str(i + 2),
                "unit_of_measure": value,
                "owner_name": value,
            }
        )
    assert w.reason.text() == ""
    go_on()
    assert w.index == 3

    # Shown as typed: tree items are plain text; every label with the value is plain text.
    shown = value if len(value) < 100 else value[:100]
    branch = w.pages[3].tree.topLevelItem(0).child(0)
    assert shown in branch.text(0)
    assert shown in branch.child(0).text(0)
    if value:
        labels = [lab for lab in w.findChildren(QLabel) if shown in lab.text()]
        assert labels, "the value is shown on the alignment check"
        for lab in labels:
            assert lab.textFormat() == Qt.TextFormat.PlainText, lab.objectName()
    go_on()  # Finish
    assert w.objective_id is not None

    data = doc.workshop.snapshot()
    obj = data.objectives[w.objective_id]
    team = data.units[obj.unit_id]
    assert team.name == (value or "Checkout")
    if not value:
        assert team.id == ids["checkout"]
    for name in ("title", "problem", "behaviour_change", "success_measure"):
        assert getattr(obj, name) == value, name
    assert data.person_name(obj.owner_id) == value
    assert (obj.owner_id is None) == (not value)
    krs = data.key_results_of(obj.id)
    assert len(krs) == 3
    for kr in krs:
        assert (kr.title, kr.metric, kr.unit_of_measure) == (value, value, value)
        assert data.person_name(kr.owner_id) == value
    # One person for one name, however often it was typed.
    assert len(data.people) == 2 + (1 if value else 0)
