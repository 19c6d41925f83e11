"""A whole workshop from an empty file, the way a facilitator runs it: keyboard first.

File → New, the company, its objective with three measured key results (details
typed into the inspector and back with Esc), two departments and a team, two
cascades through the wizard, a rename in place, a delete, undo twice and redo,
presentation mode on the team's branch, and the alignment sheets exported. Only
the modal questions that every UI test answers through ``answers`` (file
chooser, workshop details, unit names, the delete confirmation, the export
dialog) are not typed; everything else is a real key press on the focused
widget. The test counts the key presses and asserts on the file at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget, QWidget

from okr_studio.store import Workshop
from tests.ui.shell_build import rows
from tests.ui.wizard_keys import type_text

K = Qt.Key
M = Qt.KeyboardModifier
CTRL, SHIFT, ALT = M.ControlModifier, M.ShiftModifier, M.AltModifier


class Keyboard:
    """Key presses sent to whatever has the keyboard focus, counted."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.count = 0  # every key press
        self.commands = 0  # presses that are not typed text

    def focus(self) -> QWidget:
        # An open popup (a completer's list of names) gets the keys first, as on a desktop.
        return QApplication.activePopupWidget() or QApplication.focusWidget() or self.window

    def press(self, key: Qt.Key, mods: Qt.KeyboardModifier = M.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(self.focus(), key, mods)
            self.count += 1
            self.commands += 1

    def type(self, text: str) -> None:
        type_text(text, self.focus())  # letters beyond ASCII arrive as an input method sends them
        self.count += len(text)


def inline_line(window) -> QLineEdit:  # type: ignore[no-untyped-def]
    return window.canvas.editor.line


def in_modal(qtbot, script: Callable[[QWidget], None]) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Run ``script(dialog)`` once the next modal dialog is up (it blocks in exec())."""
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, run)
            return
        try:
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow)
            script(dialog)
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            if dialog.isVisible():
                discard = getattr(dialog, "discard", None)
                if callable(discard):
                    discard()
                dialog.reject()

    QTimer.singleShot(0, run)
    return errors


def test_a_workshop_from_an_empty_file_by_keyboard(window, qtbot, answers, tmp_path, monkeypatch):
    kb = Keyboard(window)
    path = tmp_path / "Offsite.okr"
    answers.add("ask_details", ("Offsite", "2027 Q2")).add("ask_save_path", path)

    # ---- File → New -------------------------------------------------------------------
    kb.press(K.Key_N, CTRL)
    assert window.document is not None and window.document.path == path
    doc = window.document
    canvas = window.canvas
    assert canvas.hasFocus(), "after File → New the keyboard is on the canvas"
    # "2027 Q2" gives the cycle's dates: the wizard's due dates default to its end
    assert (doc.data.info.cycle_start, doc.data.info.cycle_end) == (
        dt.date(2027, 4, 1), dt.date(2027, 6, 30)
    )  # fmt: skip
    assert doc.undo_stack.count() == 0  # made with the file, nothing to undo
    assert "Ctrl+Shift+U" in canvas.empty_hint()  # the empty canvas says what to do

    # ---- the company and its objective ----------------------------------------------
    answers.add("ask_text", "Acme")
    kb.press(K.Key_U, CTRL | SHIFT)
    company = next(u.id for u in doc.data.units.values() if u.name == "Acme")
    assert doc.current == ("unit", company)
    assert "press Enter to write its objective" in canvas.empty_hint()  # the next step
    kb.press(K.Key_Return)  # Enter on an empty unit: its objective, title ready for typing
    assert inline_line(window).hasFocus()
    kb.type("Customers recommend us")
    kb.press(K.Key_Return)
    assert canvas.empty_hint() == ""
    objective = next(iter(doc.data.objectives))
    assert doc.current == ("objective", objective)

    krs = [
        ("Raise NPS from 30 to 45", "30", "45", "Dana Lee"),
        ("Cut churn from 8% to 5%", "8", "5", "Eli Moss"),
        ("Grow referrals from 120 to 300", "120", "300", "Dana Lee"),
    ]
    for title, baseline, target, owner in krs:
        kb.press(K.Key_Return)  # a key result (after the selected one)
        assert inline_line(window).hasFocus()
        kb.type(title)
        kb.press(K.Key_Return)
        kr = doc.data.key_results[doc.current[1]]
        # "from 30 to 45" in the title already gives the baseline and the target
        assert (kr.baseline, kr.target) == (float(baseline), float(target))
        assert len(doc.undo_stack.text(doc.undo_stack.index() - 1)) > 0
        kb.press(K.Key_Return, ALT)  # Edit Details: the keyboard goes to the first empty one
        owner_field = window.inspector.page.fields["owner_name"]
        assert owner_field.isAncestorOf(kb.focus()) or owner_field is kb.focus()
        kb.type(owner)
        kb.press(K.Key_Escape)  # commits the field and goes back to the canvas
        assert canvas.hasFocus()
    # the second one said "%" and goes down
    churn = doc.data.key_results_of(objective)[1]
    assert (churn.unit_of_measure, churn.direction) == ("%", "decrease")
    # Edit Details on a key result with everything said: the baseline, to correct it
    kb.press(K.Key_Return, ALT)
    assert window.inspector.page.fields["baseline"].hasFocus()
    kb.press(K.Key_End)  # the value is selected: End to add to it
    kb.type("0")  # 1200 instead of 120, then Esc keeps it
    kb.press(K.Key_Escape)
    assert doc.data.key_results[doc.current[1]].baseline == 1200
    kb.press(K.Key_Z, CTRL)
    assert doc.data.key_results[doc.current[1]].baseline == 120
    # a refused value keeps the keyboard in its field, with the reason under the form
    kb.press(K.Key_Return, ALT)
    kb.type("lots")
    kb.press(K.Key_Escape)
    baseline_field = window.inspector.page.fields["baseline"]
    assert baseline_field.hasFocus()
    assert "must be a number" in window.inspector.message.text()
    kb.press(K.Key_A, CTRL)
    kb.type("120")
    kb.press(K.Key_Escape)
    assert canvas.hasFocus()
    assert doc.data.key_results[doc.current[1]].baseline == 120
    data = doc.workshop.snapshot()
    got = [
        (k.title, k.baseline, k.target, data.person_name(k.owner_id))
        for k in data.key_results_of(objective)
    ]
    assert got == [(t, float(b), float(g), o) for t, b, g, o in krs]

    # ---- two departments and a team under one ---------------------------------------
    answers.add("ask_text", "Sales", "Product")
    kb.press(K.Key_U, CTRL | SHIFT)  # a department under the company (a KR is selected)
    sales = next(u.id for u in doc.data.units.values() if u.name == "Sales")
    assert doc.current == ("unit", sales)
    kb.press(K.Key_Left)  # back to the company's objective
    kb.press(K.Key_U, CTRL | SHIFT)
    product = next(u.id for u in doc.data.units.values() if u.name == "Product")
    assert doc.data.units[product].parent_id == company
    assert doc.current == ("unit", product)
    answers.add("ask_text", "Checkout")
    kb.press(K.Key_U, CTRL | SHIFT)  # a team under the selected department
    team = next(u.id for u in doc.data.units.values() if u.name == "Checkout")
    assert doc.data.units[team].parent_id == product
    assert doc.data.units[team].level == "team"
    assert [doc.data.units[u].level for u in (company, sales, product)] == [
        "company", "department", "department"
    ]  # fmt: skip

    # ---- cascade the company's first KR to Product --------------------------------------
    first_kr = doc.data.key_results_of(objective)[0].id
    kb.press(K.Key_Left)  # team → Product
    kb.press(K.Key_Left)  # Product → the company objective
    kb.press(K.Key_Right)  # its first key result
    assert doc.current == ("key_result", first_kr)

    #: Command keys (not typed text) a cascade may take: one key result into an objective
    #: with three key results, each with metric, baseline, target and owner (was 25–26).
    CASCADE_KEYS = 12

    def cascade(unit_name: str, title: str, rows_: list[tuple[str, str, str, str]]):  # type: ignore[no-untyped-def]
        def script(wizard: QWidget) -> None:
            kb.type(unit_name)  # typing the team's name picks it
            assert unit_name in wizard.pages[0].team.currentText()
            kb.press(K.Key_Return)  # Next
            kb.type(title)  # the pre-filled title is selected: typing replaces it
            kb.press(K.Key_Return)  # on to the owner
            assert wizard.pages[1].owner.lineEdit().hasFocus()
            kb.type("Dana Lee")
            kb.press(K.Key_Return)  # Next (the list of known names takes it first)
            assert wizard.index == 2
            for kr_title, _base, _target, owner in rows_:
                # one line each: the metric, baseline and target from the title, "@" the owner
                kb.type(f"{kr_title} @{owner}")
                chips = wizard.pages[2].table.chips
                assert chips.isVisible() and {"baseline", "target", "owner"} <= set(chips.buttons)
                kb.press(K.Key_Return)  # the next row
            kb.press(K.Key_Return, CTRL)  # the alignment check
            kb.press(K.Key_Return, CTRL)  # Finish

        before, before_commands = kb.count, kb.commands
        errors = in_modal(qtbot, script)
        kb.press(K.Key_T, CTRL | SHIFT)  # Insert → Aligned Team Objective (the wizard)
        assert not errors, errors
        # the keyboard is back on the canvas (the window is reactivated first)
        qtbot.waitUntil(canvas.hasFocus, timeout=2000)
        commands = kb.commands - before_commands
        print(f"cascade to {unit_name}: {kb.count - before} key presses, {commands} not typed text")
        assert commands <= CASCADE_KEYS, commands

    cascade(
        "Product",
        "Onboarding delights new customers",
        [
            ("Raise onboarding NPS from 20 to 40", "20", "40", "Ana García"),
            ("Cut setup time from 30 to 10 minutes", "30", "10", "Ben Okafor"),
            ("Grow activation from 40 to 60 percent", "40", "60", "Dana Lee"),  # known: completer
        ],
    )
    product_obj = next(o for o in doc.data.objectives.values() if o.unit_id == product)
    assert product_obj.parent_kr_id == first_kr
    assert [
        (k.title, k.metric, k.baseline, k.target, k.direction, doc.data.person_name(k.owner_id))
        for k in doc.data.key_results_of(product_obj.id)
    ] == [
        ("Raise onboarding NPS from 20 to 40", "onboarding NPS", 20, 40, "increase", "Ana García"),
        ("Cut setup time from 30 to 10 minutes", "setup time", 30, 10, "decrease", "Ben Okafor"),
        ("Grow activation from 40 to 60 percent", "activation", 40, 60, "increase", "Dana Lee"),
    ]
    assert product_obj.title == "Onboarding delights new customers"
    assert doc.data.person_name(product_obj.owner_id) == "Dana Lee"
    assert doc.current == ("objective", product_obj.id)

    # ---- cascade Product's first KR to the team --------------------------------------------
    kb.press(K.Key_Right)
    product_kr = doc.data.key_results_of(product_obj.id)[0].id
    assert doc.current == ("key_result", product_kr)
    cascade(
        "Checkout",
        "New customers finish setup alone",
        [
            ("Raise setup completion from 50 to 80", "50", "80", "Chen Wei"),
            ("Cut setup tickets from 40 to 10", "40", "10", "Chen Wei"),
            ("Grow guided setups from 10 to 200", "10", "200", "Ana García"),
        ],
    )
    team_obj = next(o for o in doc.data.objectives.values() if o.unit_id == team)
    assert team_obj.parent_kr_id == product_kr
    assert doc.current == ("objective", team_obj.id)
    kb.press(K.Key_Z, CTRL)  # the whole cascade is one step: it goes…
    assert team_obj.id not in doc.data.objectives
    assert doc.current == ("key_result", product_kr), "undo selects where it hung"
    kb.press(K.Key_Z, CTRL | SHIFT)  # …and comes back, selected
    assert doc.current == ("objective", team_obj.id)
    assert len(doc.data.key_results_of(team_obj.id)) == 3

    # ---- rename in place, delete a key result, undo twice, redo ---------------------------
    kb.press(K.Key_F2)
    assert inline_line(window).hasFocus()
    kb.press(K.Key_A, CTRL)
    kb.type("New customers finish setup on their own")
    kb.press(K.Key_Return)
    assert doc.data.objectives[team_obj.id].title == "New customers finish setup on their own"
    kb.press(K.Key_Right)  # the team objective's first key result
    kb.press(K.Key_Down, times=2)  # its third
    doomed = doc.data.key_results_of(team_obj.id)[2]
    assert doc.current == ("key_result", doomed.id)
    answers.add("confirm", True)
    kb.press(K.Key_Delete)
    assert doomed.id not in doc.data.key_results
    assert doc.current == ("objective", team_obj.id)
    kb.press(K.Key_Z, CTRL)  # undo the delete
    assert doomed.id in doc.data.key_results
    assert doc.current == ("key_result", doomed.id), "undo selects what came back"
    kb.press(K.Key_Z, CTRL)  # undo the rename
    assert doc.data.objectives[team_obj.id].title == "New customers finish setup alone"
    assert doc.current == ("objective", team_obj.id)
    kb.press(K.Key_Z, CTRL | SHIFT)  # redo the rename
    assert doc.data.objectives[team_obj.id].title == "New customers finish setup on their own"

    # ---- presentation mode on the team's branch ---------------------------------------------
    kb.press(K.Key_F5)
    assert window.presenting
    assert canvas.canvas_scene.focus == ("objective", team_obj.id)
    kb.press(K.Key_Escape)
    assert not window.presenting

    # ---- export the alignment sheets of the team's branch ------------------------------------
    import ui.export_dialog as ed

    pdf = tmp_path / "Checkout sheets.pdf"
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: pdf)
    written: list[str] = []

    def export(dialog: QWidget) -> None:
        assert dialog.all_teams.hasFocus()  # the keyboard starts on the first choice
        kb.press(K.Key_Down)  # the selected branch (radio buttons follow the arrows)
        assert dialog.branch.isChecked(), dialog.branch.text()
        kb.press(K.Key_Return)  # Export… is the default button
        written.append(dialog.status.text())
        kb.press(K.Key_Escape)  # Close

    errors = in_modal(qtbot, export)
    kb.press(K.Key_E, CTRL)
    assert not errors, errors
    assert written and written[0].startswith("Wrote 1 file"), written
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    for words in ("Customers recommend us", "Onboarding delights new customers",
                  "New customers finish setup on their own", "Chen Wei"):  # fmt: skip
        assert words in " ".join(text.split()), words

    print(f"whole workshop: {kb.count} key presses, {kb.commands} of them not typed text")

    # ---- the file -----------------------------------------------------------------------------
    window.close_workshop()
    assert rows(path, "SELECT name, cycle FROM workshop") == [("Offsite", "2027 Q2")]
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    assert sorted(u.name for u in data.units.values()) == [
        "Acme", "Checkout", "Product", "Sales"
    ]  # fmt: skip
    assert len(data.objectives) == 3
    assert len(data.key_results) == 9
    team_final = data.objectives[team_obj.id]
    assert team_final.title == "New customers finish setup on their own"
    assert team_final.parent_kr_id == product_kr
    assert data.objectives[product_obj.id].parent_kr_id == first_kr
    assert [k.title for k in data.key_results_of(team_obj.id)][2] == doomed.title
    assert all(k.due_date == dt.date(2027, 6, 30) for k in data.key_results_of(team_obj.id))


def _three_levels(path: Path) -> dict[str, int]:
    from okr_studio import services

    with Workshop.create(path, name="Offsite", cycle="2027 Q2") as ws:
        acme = services.add_unit(ws, "Acme", "company").subject[1]
        product = services.add_unit(ws, "Product", "department", acme).subject[1]
        team = services.add_unit(ws, "Checkout", "team", product).subject[1]
        top = services.add_objective(ws, acme, "Customers recommend us").subject[1]
        top_kr = services.add_key_result(ws, top, "Raise NPS from 30 to 45").subject[1]
        mid = services.add_objective(ws, product, "Onboarding delights", parent_kr_id=top_kr)
        mid_kr = services.add_key_result(ws, mid.subject[1], "Cut setup time").subject[1]
        low = services.add_objective(ws, team, "Setup without help", parent_kr_id=mid_kr)
    return {"top": top, "mid": mid.subject[1], "low": low.subject[1]}


def test_home_then_arrows_walk_an_opened_file(window, qtbot, tmp_path):
    ids = _three_levels(tmp_path / "three.okr")
    assert window.open_path(tmp_path / "three.okr")
    doc, canvas = window.document, window.canvas
    assert canvas.hasFocus(), "an opened file puts the keyboard on the canvas"
    assert doc.current == ("objective", ids["top"]), "…on its first card"
    QTest.keyClick(canvas, K.Key_Right)
    QTest.keyClick(canvas, K.Key_Home)  # Home comes back to it from anywhere
    assert doc.current == ("objective", ids["top"])
    for _ in range(4):  # its key result, the department, its key result, the team
        QTest.keyClick(canvas, K.Key_Right)
    assert doc.current == ("objective", ids["low"])


def test_presentation_refits_the_branch_when_the_window_changes_size(window, qtbot, tmp_path):
    from ui.canvas.presentation import branch_rect

    ids = _three_levels(tmp_path / "three.okr")
    assert window.open_path(tmp_path / "three.okr")
    doc, canvas = window.document, window.canvas
    doc.select(("objective", ids["low"]))
    window.toggle_presentation()
    try:
        canvas.resize(1900, 1000)  # the screen grows after the fit (full screen arriving late)
        qtbot.waitUntil(lambda: canvas.viewport().width() > 1800)
        seen = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        assert seen.contains(branch_rect(canvas.canvas_scene)), "the whole chain is on screen"
    finally:
        window.toggle_presentation()


def test_insert_menu_items_are_named_in_place_and_esc_takes_them_back(window, tmp_path):
    ids = _three_levels(tmp_path / "three.okr")
    assert window.open_path(tmp_path / "three.okr")
    doc, canvas = window.document, window.canvas
    kb = Keyboard(window)
    doc.select(("objective", ids["top"]))
    objectives, krs = len(doc.data.objectives), len(doc.data.key_results)
    kb.press(K.Key_O, CTRL | SHIFT)  # Insert → Objective: the title is ready for typing
    assert inline_line(window).hasFocus()
    kb.press(K.Key_Escape)  # …and Esc takes the new card away again
    assert len(doc.data.objectives) == objectives
    assert canvas.hasFocus()
    # …for good: the Edit menu offers no Redo of the abandoned card
    assert not doc.undo_stack.canRedo()
    assert not window.acts.redo.isEnabled()
    doc.select(("objective", ids["top"]))
    kb.press(K.Key_K, CTRL | SHIFT)  # Insert → Key Result
    assert inline_line(window).hasFocus()
    kb.type("Cut churn from 8% to 5%")
    kb.press(K.Key_Return)
    assert len(doc.data.key_results) == krs + 1
    kr = doc.data.key_results[doc.current[1]]
    assert (kr.title, kr.baseline, kr.target) == ("Cut churn from 8% to 5%", 8, 5)
    assert doc.undo_stack.undoText() == "Add key result"  # one step, title and numbers
    kb.press(K.Key_Z, CTRL)
    assert len(doc.data.key_results) == krs
    assert doc.current == ("objective", ids["top"])


def test_tab_goes_from_the_canvas_to_the_outline_then_the_inspector(window, tmp_path):
    ids = _three_levels(tmp_path / "three.okr")
    assert window.open_path(tmp_path / "three.okr")
    doc, canvas = window.document, window.canvas
    doc.select(("objective", ids["top"]))
    canvas.setFocus()
    kb = Keyboard(window)
    kb.press(K.Key_Tab)
    assert window.outline.hasFocus()
    kb.press(K.Key_Escape)  # Esc in the outline: back to the canvas
    assert canvas.hasFocus()
    kb.press(K.Key_Tab)
    visited = []
    for _ in range(4):
        kb.press(K.Key_Tab)
        visited.append(kb.focus())
        if window.inspector.isAncestorOf(kb.focus()):
            break
    assert window.inspector.page.fields["title"] is visited[-1], [w.objectName() for w in visited]
    assert not any(window.coach_dock.isAncestorOf(w) for w in visited)
    kb.press(K.Key_Escape)  # back to the canvas
    assert canvas.hasFocus()


def test_the_shortcuts_list_names_the_canvas_keys(window, tmp_path):
    from ui import actions

    ids = _three_levels(tmp_path / "three.okr")
    assert ids and window.open_path(tmp_path / "three.okr")
    dialog = actions.show_shortcuts(window)
    try:
        table = dialog.findChild(QTableWidget)
        rows = {table.item(i, 1).text(): table.item(i, 0).text() for i in range(table.rowCount())}
        assert "add its objective" in rows["Enter"]  # the keys a facilitator uses most
        assert "Walk the tree" in rows["Arrows"]
        assert "top card" in rows["Home"].lower()
        assert "Edit Details" in rows["Alt+Return"]
    finally:
        dialog.close()


def test_enter_on_a_known_owner_goes_to_the_next_row_with_the_names_open(qtbot):
    """On a desktop the completer's list of names takes Enter and hands it to the cell as
    returnPressed only (past the table's key handling); the row must still go on."""
    from ui.wizard.draft import KR_FIELDS
    from ui.wizard.kr_table import KeyResultTable

    table = KeyResultTable()
    qtbot.addWidget(table)
    table.people = ["Dana Lee", "Eli Moss"]
    table.add_row()
    table.show()
    table.setCurrentCell(0, KR_FIELDS.index("owner_name"))
    table.start_editing()
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.completer() is not None
    editor.setText("Eli Moss")
    editor.returnPressed.emit()
    assert table.rows()[0]["owner_name"] == "Eli Moss"
    assert table.rowCount() == 2 and table.currentRow() == 1  # on to the next key result


def test_edit_details_in_presentation_mode_shows_the_inspector_until_esc(window, tmp_path):
    ids = _three_levels(tmp_path / "three.okr")
    assert window.open_path(tmp_path / "three.okr")
    doc, canvas = window.document, window.canvas
    doc.select(("objective", ids["low"]))
    kb = Keyboard(window)
    kb.press(K.Key_F5)
    try:
        assert window.presenting and not window.inspector_dock.isVisible()
        kb.press(K.Key_Return, ALT)
        assert window.inspector_dock.isVisible()
        assert window.inspector.page.fields["owner_name"].isAncestorOf(kb.focus())
        kb.type("Chen Wei")
        kb.press(K.Key_Escape)
        assert canvas.hasFocus() and window.presenting
        assert not window.inspector_dock.isVisible()
        assert doc.data.person_name(doc.data.objectives[ids["low"]].owner_id) == "Chen Wei"
    finally:
        if window.presenting:
            window.toggle_presentation()
    assert window.inspector_dock.isVisible()  # back in the normal window, as before
