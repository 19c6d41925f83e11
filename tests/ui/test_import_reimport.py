"""Re-import: a file exported from the open workshop, edited, brought back through the preview.

The file carries its values as exported, so a field changed only in the file is a
change, and the same field changed in the file and in the workshop is a conflict
the user answers per field: a tick takes the file's value.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from okr_studio import services
from okr_studio.exchange.jsonfile import workshop_json
from okr_studio.store import Workshop
from tests.ui.import_build import confirming
from tests.ui.shell_build import rows
from ui.import_diff import CHOICE_ROLE


def _workshop(path):  # type: ignore[no-untyped-def]
    with Workshop.create(path, name="Spring") as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]
        obj = services.add_objective(ws, company, "Grow in Europe").subject[1]
        for title, target in (("Revenue to 10M", 10), ("Churn below 5%", 5), ("NPS above 40", 40)):
            services.add_key_result(ws, obj, title, baseline=1, target=target)
    return path


def _kr(path, title):  # type: ignore[no-untyped-def]
    return rows(path, f"SELECT target FROM key_result WHERE title = '{title}'")


def _down_to(qtbot, tree, what: str):  # type: ignore[no-untyped-def]
    """Press Down in the differences until a row with a choice of ``what`` is current."""
    tree.setFocus()
    for _ in range(40):
        data = tree.currentItem().data(0, CHOICE_ROLE) if tree.currentItem() else None
        if data and data[0] == what:
            return tree.currentItem()
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    raise AssertionError(f"no {what} row")


def _edit_json(data, target):  # type: ignore[no-untyped-def]
    document = json.loads(workshop_json(data))
    krs = document["key_results"]
    krs[0]["title"] = "Revenue to 12M"
    krs[1]["target"] = 4.0
    del krs[2]
    target.write_text(json.dumps(document), encoding="utf-8")


def _edit_xlsx(data, target):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from okr_studio.exchange import export_file

    export_file(data, target)
    book = load_workbook(target)
    sheet = book["OKRs"]
    head = [c.value for c in sheet[1]]
    title, goal = head.index("Title") + 1, head.index("Target") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, title).value == "Revenue to 10M":
            sheet.cell(row, title).value = "Revenue to 12M"
        if sheet.cell(row, title).value == "Churn below 5%":
            sheet.cell(row, goal).value = 4
    gone = next(r for r in range(2, sheet.max_row + 1)
                if sheet.cell(r, title).value == "NPS above 40")  # fmt: skip
    sheet.delete_rows(gone)
    book.save(target)
    book.close()


@pytest.fixture(params=["json", "xlsx"])
def edited(request, window, tmp_path):  # type: ignore[no-untyped-def]
    """The open workshop, and its export edited (a title, a conflicting target, a key
    result deleted) in JSON or in a workbook; meanwhile the same target is changed in
    the workshop."""
    path = _workshop(tmp_path / "w.okr")
    window.open_path(path)
    doc = window.document
    exported = tmp_path / f"teams.{request.param}"
    (_edit_json if request.param == "json" else _edit_xlsx)(doc.data, exported)
    churn = next(k.id for k in doc.data.key_results.values() if k.title == "Churn below 5%")
    doc.execute(lambda ws: services.update_key_result(ws, churn, target=3.0))
    return path, exported


@pytest.mark.parametrize("take_file", [True, False])
def test_a_conflict_answered_each_way(window, answers, qtbot, edited, take_file):
    path, exported = edited

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.tabs.currentWidget() is dialog.diff_page
        tree = dialog.diff
        row = _down_to(qtbot, tree, "choose")
        assert (row.text(0), row.text(2), row.text(3)) == (
            "Target: take the file's value",
            "✓ 3",
            "4",
        )
        if take_file:
            qtbot.keyClick(tree, Qt.Key.Key_Space)
            assert (row.text(2), row.text(3)) == ("3", "✓ 4")
        assert dialog.confirm.text() == ("&Update 2 items" if take_file else "&Update 1 item")
        assert "In the workshop: 3<br>In the file: 4" in dialog.detail.text()
        missing = _down_to(qtbot, tree, "remove")
        assert missing.text(0) == "Remove “NPS above 40”"

    answers.add("ask_import_path", exported)
    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.import_file.trigger()
    assert _kr(path, "Churn below 5%") == [(4.0 if take_file else 3.0,)]
    assert _kr(path, "Revenue to 12M") == [(10.0,)]
    assert _kr(path, "NPS above 40") == [(40.0,)]  # missing from the file: kept
    count = "2 items" if take_file else "1 item"
    label = f"Update {count} from {exported.name}"
    assert window.acts.undo.text() == f"&Undo {label}"
    window.acts.undo.trigger()
    assert _kr(path, "Churn below 5%") == [(3.0,)]
    assert _kr(path, "Revenue to 10M") == [(10.0,)]


def test_a_missing_item_ticked_is_removed(window, answers, qtbot, edited):
    path, exported = edited

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        missing = _down_to(qtbot, dialog.diff, "remove")
        qtbot.keyClick(dialog.diff, Qt.Key.Key_Space)
        assert missing.text(2) == "Removed"
        flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        [shown] = dialog.tree.findItems("NPS above 40", flags)
        assert shown.text(4) == "Removed"

    answers.add("ask_import_path", exported)
    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.import_file.trigger()
    assert _kr(path, "NPS above 40") == []
    window.acts.undo.trigger()
    assert _kr(path, "NPS above 40") == [(40.0,)]
