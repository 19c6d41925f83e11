"""File → Import…: a CSV with problems previewed, then written as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.import_build import PROBLEM_CSV, PROBLEM_PLACES, confirming, write
from tests.ui.shell_build import rows, small


def _problem_places(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    problems = dialog.problems
    return [problems.topLevelItem(i).text(0) for i in range(problems.topLevelItemCount())]


def test_a_csv_with_problems_is_previewed_then_imported_as_one_undo_step(
    window, answers, qtbot, tmp_path
):
    path = small(tmp_path / "w.okr")
    window.open_path(path)
    sheet = write(tmp_path, "teams.csv", PROBLEM_CSV)
    before = rows(path, "SELECT count(*) FROM unit"), rows(path, "SELECT count(*) FROM key_result")

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        assert _problem_places(dialog) == PROBLEM_PLACES
        assert "Rows left out: 3" in dialog.headline.text()
        # nothing is written while the preview is open
        assert rows(path, "SELECT count(*) FROM unit") == before[0]
        # Alt+P reaches the problems; Down, Enter shows row 6 of the file, and Enter
        # does not confirm the import
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
        assert dialog.problems.hasFocus()
        qtbot.keyClick(dialog.problems, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.problems, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert dialog.tabs.currentWidget() is dialog.source
        shown = dialog.source.currentIndex()
        assert dialog.source.model().headerData(shown.row(), Qt.Orientation.Vertical) == "6"
        assert dialog.source.model().data(shown) == "o9"  # the Parent cell
        # the tree as it will be: the department, its objective and key results
        tree = dialog.tree
        assert [tree.topLevelItem(i).text(0) for i in range(2)] == ["Acme", "Sales"]
        sales = tree.topLevelItem(1)
        assert (sales.text(0), sales.text(1), sales.text(4)) == ("Sales", "Department", "New")
        objective = sales.child(0)
        assert (objective.text(0), objective.text(2)) == ("Win the north", "Ana Lima")
        assert objective.child(0).text(3) == "120 → 180 orders"
        assert objective.child(1).text(5) == "⚠ 5"
        assert dialog.into.isChecked() and dialog.under.currentData() is None
        assert dialog.confirm.text() == "&Import 5 items"

    answers.add("ask_import_path", sheet)
    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.import_file.trigger()

    assert rows(path, "SELECT level FROM unit WHERE name = 'Sales'") == [("department",)]
    krs = rows(
        path,
        "SELECT k.title, k.baseline, k.target, p.name FROM key_result k "
        "JOIN objective o ON o.id = k.objective_id LEFT JOIN person p ON p.id = k.owner_id "
        "WHERE o.title = 'Win the north' ORDER BY k.position",
    )
    assert krs == [("Raise orders", 120.0, 180.0, "Ana Lima"), ("Cut churn", None, 5.0, "Bo Berg")]
    assert window.acts.undo.text() == "&Undo Import 5 items from teams.csv"
    window.acts.undo.trigger()
    assert (rows(path, "SELECT count(*) FROM unit"),
            rows(path, "SELECT count(*) FROM key_result")) == before  # fmt: skip
    assert rows(path, "SELECT count(*) FROM person WHERE name IN ('Ana Lima', 'Bo Berg')") == [(0,)]


def test_cancel_writes_nothing(window, answers, tmp_path):
    path = small(tmp_path / "w.okr")
    window.open_path(path)
    answers.add("ask_import_path", write(tmp_path, "teams.csv", PROBLEM_CSV))
    answers.add("ask_preview", False)
    before = rows(path, "SELECT count(*) FROM unit")
    window.acts.import_file.trigger()
    assert rows(path, "SELECT count(*) FROM unit") == before
    assert not window.document.undo_stack.canUndo()


def test_the_items_go_under_the_unit_chosen_by_keyboard(window, answers, qtbot, tmp_path):
    path = small(tmp_path / "w.okr")
    window.open_path(path)
    sheet = write(
        tmp_path,
        "krs.csv",
        "Type,Title,Target\nObjective,Ship the app,\nKey result,Reach 500 users,500\n",
    )

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        # no units in the file: the items go under the selected unit, by default the top one
        assert dialog.under.currentText().strip() == "Acme"
        dialog.under.setFocus()
        qtbot.keyClick(dialog.under, Qt.Key.Key_Down)  # "Product", under Acme
        assert dialog.under.currentText().strip() == "Product"
        assert dialog.tree.topLevelItem(0).text(0) == "Acme"

    answers.add("ask_import_path", sheet)
    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.import_file.trigger()
    assert rows(
        path, "SELECT u.name FROM objective o JOIN unit u ON u.id = o.unit_id "
        "WHERE o.title = 'Ship the app'"
    ) == [("Product",)]  # fmt: skip


def test_a_new_workshop_is_saved_then_opened(window, answers, qtbot, tmp_path):
    opened = small(tmp_path / "w.okr")
    window.open_path(opened)
    target = tmp_path / "from sheet.okr"

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(dialog.new.isChecked)  # a mnemonic clicks as a user sees it: animated
        assert dialog.confirm.text() == "Cr&eate a workshop with 5 items…"

    answers.add("ask_import_path", write(tmp_path, "teams.csv", PROBLEM_CSV))
    answers.add("ask_preview", confirming(qtbot, check))
    answers.add("ask_save_path", target)
    window.acts.import_file.trigger()
    assert window.document.path == target
    assert rows(target, "SELECT name FROM workshop") == [("teams",)]
    assert rows(target, "SELECT name FROM unit") == [("Sales",)]
    assert rows(target, "SELECT count(*) FROM key_result") == [(2,)]
    assert rows(opened, "SELECT count(*) FROM unit WHERE name = 'Sales'") == [(0,)]


def test_import_has_a_shortcut_listed_in_help(window):
    from ui import actions

    assert dict(actions.shortcut_rows(window))["Import"] == "Ctrl+I"


def test_a_column_read_as_another_field_changes_the_preview(window, answers, qtbot, tmp_path):
    path = small(tmp_path / "w.okr")
    window.open_path(path)
    sheet = write(
        tmp_path,
        "goals.csv",
        "Kind,Name,Goal number\nObjective,Ship the app,\nKey result,Reach users,500\n",
    )

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        [kr] = dialog.tree.findItems("Reach users", flags)
        assert kr.text(3) == ""  # "Goal number" is not a header the reader knows
        qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
        assert dialog.tabs.currentWidget() is dialog.columns
        combo = dialog.columns.combos[2]
        assert combo.currentData() is None
        combo.setFocus()
        for _ in range(combo.count()):
            if combo.currentData() == "target":
                break
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        [kr] = dialog.tree.findItems("Reach users", flags)
        assert kr.text(3) == "? → 500"

    answers.add("ask_import_path", sheet)
    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.import_file.trigger()
    assert rows(path, "SELECT target FROM key_result WHERE title = 'Reach users'") == [(500.0,)]


PAGE = """\
# Sales

- **Objective: Win the north** => from the offsite
  - KR: Raise orders from 120 to 180 @Ana_Lima
  - KR: Cut churn from 8% to 5% by 2027-06-30
"""


def test_an_outline_is_read_by_rules_that_can_be_switched(window, answers, qtbot, tmp_path):
    path = small(tmp_path / "w.okr")
    window.open_path(path)
    flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        [sales] = dialog.tree.findItems("Sales", flags)
        assert sales.text(1) == "Company"
        [kr] = dialog.tree.findItems("Raise orders from 120 to 180", flags)
        assert (kr.text(2), kr.text(3), kr.text(5)) == ("Ana Lima", "120 → 180", "4")
        assert dialog.tree.headerItem().text(5) == "Line"
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        assert dialog.tabs.currentWidget() is dialog.rules
        box = dialog.rules.boxes["headings_are_units"]
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
        [sales] = dialog.tree.findItems("Sales", flags)
        assert sales.text(1) == "Objective"  # a heading is now read as an objective
        qtbot.keyClick(box, Qt.Key.Key_Space)
        [sales] = dialog.tree.findItems("Sales", flags)
        assert sales.text(1) == "Company"
        # the file's lines are there too, numbered as in the file
        dialog.go_to(4, "")
        assert dialog.tabs.currentWidget() is dialog.source
        assert dialog.source.currentIndex().row() == 3

    answers.add("ask_import_path", write(tmp_path, "page.md", PAGE))
    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.import_file.trigger()
    assert rows(path, "SELECT notes FROM objective WHERE title = 'Win the north'") == [
        ("from the offsite",)
    ]
    assert rows(path, "SELECT due_date FROM key_result WHERE title LIKE 'Cut churn%'") == [
        ("2027-06-30",)
    ]
