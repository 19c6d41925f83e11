"""Copy and Paste on the canvas: a branch out as text and rows, a wiki's list or a
spreadsheet's rows in through the preview, each paste one undo step."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from okr_studio import services
from okr_studio.store import Workshop
from tests.ui.import_build import confirming
from tests.ui.shell_build import rows, small
from ui.exchange_clipboard import TSV_MIME

#: A nested list as a wiki page holds it: a heading for the department, bold
#: objectives with their owner, key results with numbers, an owner and a note.
WIKI = """\
## Sales

1. **Objective: Win the north**
   - KR: Raise orders from 120 to 180 @Ana_Lima
   - KR: Cut churn from 8% to 5% => agreed with finance
2. **Objective: Happy partners**
   - KR: Sign 5 partners
"""


def _counts(path) -> tuple:  # type: ignore[no-untyped-def]
    return tuple(
        rows(path, f"SELECT count(*) FROM {table}")[0][0]
        for table in ("unit", "objective", "key_result", "person")
    )


def _clipboard(text: str, tsv: str | None = None) -> None:
    mime = QMimeData()
    mime.setText(text)
    if tsv is not None:
        mime.setData(TSV_MIME, tsv.encode("utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)


def _select_unit(window, name: str) -> int:  # type: ignore[no-untyped-def]
    doc = window.document
    [unit] = [u.id for u in doc.data.units.values() if u.name == name]
    doc.select(("unit", unit))
    return unit


def test_copy_puts_a_branch_on_the_clipboard_as_markdown_html_and_rows(window, tmp_path):
    window.open_path(small(tmp_path / "c.okr"))
    doc = window.document
    doc.select(("objective", next(iter(doc.data.objectives))))
    window.acts.copy.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text().splitlines() == [
        "- **Customers love us** *(draft)*",
        "  - KR: Raise NPS from 30 to 45 — 30 → 45",
    ]
    tsv = bytes(mime.data(TSV_MIME).data()).decode("utf-8").splitlines()
    assert tsv[0].startswith("ID\tType\tParent\tAligned to") and len(tsv) == 3
    assert "\tObjective\t" in tsv[1] and "\tKey result\t" in tsv[2]
    html = mime.html()
    assert "<td>Customers love us</td>" in html and "<th>Baseline</th>" in html
    assert "<th>Due date</th>" not in html  # a column nothing fills is left out
    assert window.statusBar().currentMessage() == (
        "Copied 2 items as text and as rows for a spreadsheet."
    )


def test_a_copied_branch_pasted_into_another_unit_is_one_undo_step(
    window, answers, qtbot, tmp_path
):
    path = small(tmp_path / "p.okr")
    window.open_path(path)
    doc = window.document
    doc.select(("objective", next(iter(doc.data.objectives))))
    window.acts.copy.trigger()
    product = _select_unit(window, "Product")
    before = _counts(path)

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.windowTitle() == "Paste: preview"
        assert dialog.under.currentData() == product
        assert not dialog.new.isVisible()  # a paste goes into the open workshop
        assert dialog.confirm.text() == "P&aste 2 items"
        assert _counts(path) == before  # nothing written while the preview is open

    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.paste.trigger()
    copies = rows(
        path,
        "SELECT o.title, k.title, k.baseline, k.target FROM objective o "
        f"JOIN key_result k ON k.objective_id = o.id WHERE o.unit_id = {product}",
    )
    assert copies == [("Customers love us", "Raise NPS from 30 to 45", 30.0, 45.0)]
    uids = rows(path, "SELECT count(DISTINCT uid) FROM objective")
    assert uids == [(2,)]  # the copy is a new item with its own stable id
    assert window.acts.undo.text() == "&Undo Paste 2 items"
    window.acts.undo.trigger()
    assert _counts(path) == before


def test_a_copied_key_result_pasted_onto_another_objective_goes_into_it(
    window, answers, qtbot, tmp_path
):
    path = small(tmp_path / "k.okr")
    with Workshop.open(path) as ws:
        acme = ws.snapshot().root_units()[0].id
        calm = services.add_objective(ws, acme, "Calm support").subject[1]
    window.open_path(path)
    doc = window.document
    doc.select(("key_result", next(iter(doc.data.key_results))))
    window.acts.copy.trigger()
    doc.select(("objective", calm))
    answers.add("ask_preview", confirming(qtbot))
    window.acts.paste.trigger()
    assert rows(path, f"SELECT title, target FROM key_result WHERE objective_id = {calm}") == [
        ("Raise NPS from 30 to 45", 45.0)
    ]
    assert rows(path, "SELECT count(*) FROM key_result") == [(2,)]


def test_a_nested_list_from_a_wiki_is_previewed_and_pasted_in_one_undo_step(
    window, answers, qtbot, tmp_path
):
    path = small(tmp_path / "w.okr")
    window.open_path(path)
    acme = _select_unit(window, "Acme")
    before = _counts(path)
    _clipboard(WIKI)

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        tree = dialog.tree
        titles = []
        for i in range(tree.topLevelItemCount()):
            stack = [tree.topLevelItem(i)]
            while stack:
                node = stack.pop(0)
                titles.append(node.text(0))
                stack[:0] = [node.child(j) for j in range(node.childCount())]
        assert titles[-6:] == [
            "Sales",
            "Win the north",
            "Raise orders from 120 to 180",
            "Cut churn from 8% to 5%",
            "Happy partners",
            "Sign 5 partners",
        ]
        assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.source)) == "The pasted &text"
        assert dialog.confirm.text() == "P&aste 6 items"  # people are not counted

    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.paste.trigger()
    assert rows(path, "SELECT parent_id FROM unit WHERE name = 'Sales'") == [(acme,)]
    krs = rows(
        path,
        "SELECT k.title, k.baseline, k.target, p.name, k.notes FROM key_result k "
        "JOIN objective o ON o.id = k.objective_id LEFT JOIN person p ON p.id = k.owner_id "
        "WHERE o.title = 'Win the north' ORDER BY k.position",
    )
    assert krs == [
        ("Raise orders from 120 to 180", 120.0, 180.0, "Ana Lima", ""),
        ("Cut churn from 8% to 5%", 8.0, 5.0, None, "agreed with finance"),
    ]
    assert window.acts.undo.text() == "&Undo Paste 6 items"
    window.acts.undo.trigger()
    assert _counts(path) == before


def test_rows_from_a_spreadsheet_are_previewed_with_their_columns(window, answers, qtbot, tmp_path):
    path = small(tmp_path / "s.okr")
    window.open_path(path)
    product = _select_unit(window, "Product")
    _clipboard(
        "Type\tTitle\tParent\tTarget\n"
        "Objective\tShip faster\t\t\n"
        "KR\tRelease weekly\tShip faster\t52\n"
    )

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.columns is not None  # the column mapping can be changed
        assert dialog.confirm.text() == "P&aste 2 items"

    answers.add("ask_preview", confirming(qtbot, check))
    window.acts.paste.trigger()
    assert rows(
        path,
        "SELECT o.unit_id, k.title, k.target FROM key_result k "
        "JOIN objective o ON o.id = k.objective_id WHERE o.title = 'Ship faster'",
    ) == [(product, "Release weekly", 52.0)]


def test_cancelling_the_preview_of_a_paste_writes_nothing(window, answers, tmp_path):
    path = small(tmp_path / "n.okr")
    window.open_path(path)
    _select_unit(window, "Acme")
    before = _counts(path)
    _clipboard(WIKI)
    answers.add("ask_preview", False)
    window.acts.paste.trigger()
    assert _counts(path) == before
    assert not window.document.undo_stack.canUndo()


def test_text_in_which_nothing_reads_as_an_item_gets_a_message(window, answers, tmp_path):
    path = small(tmp_path / "x.okr")
    window.open_path(path)
    _select_unit(window, "Acme")
    before = _counts(path)
    _clipboard("Type\tTitle\tOwner\n")  # a spreadsheet's header without rows
    answers.add("show_info", None)
    window.acts.paste.trigger()
    [message] = answers.texts("show_info")
    assert message.startswith("Nothing in the clipboard reads as units, objectives or key results.")
    _clipboard(" \t \n\n")
    window.acts.paste.trigger()
    assert window.statusBar().currentMessage() == "The clipboard holds no text to paste."
    assert _counts(path) == before
    assert not window.document.undo_stack.canUndo()


def test_an_outline_pastes_into_an_empty_workshop_with_nothing_selected(
    window, answers, qtbot, tmp_path
):
    path = tmp_path / "empty.okr"
    Workshop.create(path, name="New").close()
    window.open_path(path)
    assert window.document.current is None
    assert window.acts.paste.isEnabled()
    _clipboard(
        "# Acme\n\n- Objective: Grow in Europe\n  - KR: Revenue from 8 to 10 by 2027-06-30\n"
    )
    answers.add("ask_preview", confirming(qtbot))
    window.acts.paste.trigger()
    assert rows(path, "SELECT name, parent_id FROM unit") == [("Acme", None)]
    assert rows(path, "SELECT title, baseline, target, due_date FROM key_result") == [
        ("Revenue from 8 to 10", 8.0, 10.0, "2027-06-30")
    ]


def test_plain_lines_with_nothing_selected_say_what_to_select(window, answers, tmp_path):
    path = small(tmp_path / "l.okr")
    window.open_path(path)
    window.document.select(None)
    _clipboard("Cut churn to 3%\nRaise NPS to 50\n")
    answers.add("show_info", None)
    window.acts.paste.trigger()
    [message] = answers.texts("show_info")
    assert message.startswith("Select a unit or an objective first")
    assert rows(path, "SELECT count(*) FROM key_result") == [(1,)]


def test_a_bulleted_list_becomes_key_results_without_its_bullets(window, tmp_path):
    path = small(tmp_path / "b.okr")
    window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.select(("objective", obj))
    _clipboard("- Cut churn to 3%\n- Raise NPS to 50\n")
    window.acts.paste.trigger()
    titles = rows(path, f"SELECT title FROM key_result WHERE objective_id={obj} ORDER BY position")
    assert [t for (t,) in titles][1:] == ["Cut churn to 3%", "Raise NPS to 50"]
    assert window.acts.undo.text() == "&Undo Paste 2 key results"


def test_a_read_only_workshop_pastes_nothing(window, tmp_path):
    path = small(tmp_path / "r.okr")
    window.open_path(path, read_only=True)
    _clipboard(WIKI)
    assert not window.acts.paste.isEnabled()
    window.acts.paste.trigger()
    assert rows(path, "SELECT count(*) FROM unit") == [(2,)]
