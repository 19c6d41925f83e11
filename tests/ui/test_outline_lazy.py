"""The outline of a large workshop makes rows for what is shown: a branch's rows when it
is first expanded, a deep row when the selection needs it; edits in a branch not yet
shown appear when it is expanded."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTreeWidgetItem

import ui.outline
from okr_studio import services
from okr_studio.store import Workshop
from tests.ui.canvas_build import click, point_of, show_canvas
from ui.document import Document
from ui.outline import OutlineTree

ARROW = QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator


@pytest.fixture
def ids(tmp_path: Path) -> dict[str, int]:
    path = tmp_path / "lazy.okr"
    with Workshop.create(path, name="Lazy") as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]
        sales = services.add_unit(ws, "Sales", "department", company).subject[1]
        team = services.add_unit(ws, "Deals team", "team", sales).subject[1]
        empty = services.add_unit(ws, "New team", "team", sales).subject[1]
        top = services.add_objective(ws, company, "Grow").subject[1]
        services.add_key_result(ws, top, "Revenue +10%", baseline=100, target=110)
        sell = services.add_objective(ws, sales, "Sell more").subject[1]
        deep = services.add_objective(ws, team, "Close faster").subject[1]
        kr = services.add_key_result(ws, deep, "Cycle under 20 days", baseline=30, target=20)
    return {
        "path": path,  # type: ignore[dict-item]
        "company": company,
        "sales": sales,
        "team": team,
        "empty": empty,
        "sell": sell,
        "deep": deep,
        "kr": kr.subject[1],
    }


@pytest.fixture
def doc(ids):  # type: ignore[no-untyped-def]
    document = Document(Workshop.open(ids["path"]))
    yield document
    document.close()


@pytest.fixture
def tree(qtbot, doc, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ui.outline, "EXPAND_ALL_LIMIT", 1)  # this workshop counts as large
    widget = OutlineTree(doc)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_branch_gets_its_rows_when_first_expanded(tree, ids):
    sales = tree.item_for(("unit", ids["sales"]))
    assert sales.isExpanded()  # the first two levels of units start expanded
    team = tree.item_for(("unit", ids["team"]))
    assert not team.isExpanded() and team.childCount() == 0
    assert team.childIndicatorPolicy() == ARROW  # it has rows to show: the arrow says so
    assert tree.item_for(("unit", ids["empty"])).childIndicatorPolicy() != ARROW
    assert tree.item_for(("objective", ids["deep"])) is None
    sell = tree.item_for(("objective", ids["sell"]))
    assert sell.childCount() == 0 and sell.childIndicatorPolicy() != ARROW  # no key results
    team.setExpanded(True)
    deep = tree.item_for(("objective", ids["deep"]))
    assert deep.parent() is team and deep.text(0) == "Close faster"
    assert deep.childIndicatorPolicy() == ARROW
    assert tree.item_for(("key_result", ids["kr"])) is None
    deep.setExpanded(True)
    assert tree.item_for(("key_result", ids["kr"])).text(0) == "Cycle under 20 days   [30 → 20]"


def test_a_deep_card_clicked_on_the_canvas_shows_and_selects_its_row(tree, doc, ids, qtbot):
    view = show_canvas(qtbot, doc)
    click(view, point_of(view, ("objective", ids["deep"]), ids["kr"]))
    assert doc.selection == (("key_result", ids["kr"]),)
    row = tree.item_for(("key_result", ids["kr"]))
    assert row is not None and row.isSelected() and tree.currentItem() is row
    assert row.parent().isExpanded() and row.parent().parent().isExpanded()  # shown
    tree.setCurrentItem(tree.item_for(("unit", ids["team"])))  # and back from the outline
    assert doc.selection == (("unit", ids["team"]),)


def test_edits_in_a_branch_not_yet_shown_appear_when_it_is_expanded(tree, doc, ids):
    doc.execute(lambda ws: services.update_objective(ws, ids["deep"], title="Close in a week"))
    new_kr = doc.execute(lambda ws: services.add_key_result(ws, ids["deep"], "Win 40")).subject
    assert tree.item_for(("objective", ids["deep"])) is None  # nothing made for it
    empty = tree.item_for(("unit", ids["empty"]))
    doc.execute(lambda ws: services.add_objective(ws, ids["empty"], "First one"))
    assert empty.childIndicatorPolicy() == ARROW and empty.childCount() == 0
    tree.item_for(("unit", ids["team"])).setExpanded(True)
    deep = tree.item_for(("objective", ids["deep"]))
    assert deep.text(0) == "Close in a week"
    deep.setExpanded(True)
    assert [deep.child(i).text(0) for i in range(deep.childCount())] == [
        "Cycle under 20 days   [30 → 20]",
        "Win 40",
    ]
    assert tree.item_for(new_kr).parent() is deep


def test_a_row_moved_into_a_branch_not_yet_shown_leaves_and_comes_back(tree, doc, ids):
    sales = tree.item_for(("unit", ids["sales"]))
    sell = ("objective", ids["sell"])
    assert tree.item_for(sell).parent() is sales
    doc.execute(lambda ws: services.update_objective(ws, ids["sell"], unit_id=ids["team"]))
    assert tree.item_for(sell) is None
    assert sell not in tree.item_keys()
    tree.item_for(("unit", ids["team"])).setExpanded(True)
    assert tree.item_for(sell).parent() is tree.item_for(("unit", ids["team"]))
    doc.undo()
    assert tree.item_for(sell).parent() is sales


def test_rows_made_later_show_review_scores(tree, ids):
    tree.set_review(True)
    tree.item_for(("unit", ids["team"])).setExpanded(True)
    tree.item_for(("objective", ids["deep"])).setExpanded(True)
    assert not tree.item_for(("key_result", ids["kr"])).icon(0).isNull()
    assert not tree.item_for(("objective", ids["deep"])).icon(0).isNull()
