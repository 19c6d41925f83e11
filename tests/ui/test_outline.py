"""The outline dock: tree order, in-place updates from change events, selection both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.store import Workshop
from ui.document import Document
from ui.outline import OutlineTree


@pytest.fixture
def doc(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "o.okr"
    with Workshop.create(path, name="Outline") as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]
        sales = services.add_unit(ws, "Sales", "department", company).subject[1]
        services.add_unit(ws, "Tech", "department", company)
        obj = services.add_objective(ws, company, "Grow").subject[1]
        services.add_key_result(ws, obj, "Revenue +10%", baseline=100, target=110)
        services.add_key_result(ws, obj, "Churn below 3%")
        services.add_objective(ws, sales, "Sell more")
    document = Document(Workshop.open(path))
    yield document
    document.close()


@pytest.fixture
def tree(qtbot, doc):  # type: ignore[no-untyped-def]
    widget = OutlineTree(doc)
    qtbot.addWidget(widget)
    return widget


def _texts(tree: OutlineTree) -> list[str]:
    return [tree.item_for(k).text(0) for k in tree.item_keys()]


def test_units_then_objectives_then_key_results_in_order(tree, doc):
    assert _texts(tree) == [
        "Acme",
        "Grow",
        "Revenue +10%   [100 → 110]",
        "Churn below 3%",
        "Sales",
        "Sell more",
        "Tech",
    ]
    kinds = [k[0] for k in tree.item_keys()]
    assert kinds == ["unit", "objective", "key_result", "key_result", "unit", "objective", "unit"]
    sales = tree.item_for(
        ("unit", next(u.id for u in doc.data.units.values() if u.name == "Sales"))
    )
    assert sales.parent() is tree.item_for(("unit", doc.data.root_units()[0].id))


def test_a_rename_updates_the_row_in_place(tree, doc):
    obj = next(o.id for o in doc.data.objectives.values() if o.title == "Grow")
    row = tree.item_for(("objective", obj))
    kr_rows = [tree.item_for(("key_result", k.id)) for k in doc.data.key_results_of(obj)]
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Grow faster"))
    assert tree.item_for(("objective", obj)) is row  # same row, not rebuilt
    assert row.text(0) == "Grow faster"
    assert [tree.item_for(("key_result", k.id)) for k in doc.data.key_results_of(obj)] == kr_rows


def test_added_moved_deleted_and_undone_items_follow_the_file(tree, doc):
    obj = next(o.id for o in doc.data.objectives.values() if o.title == "Grow")
    first_kr = doc.data.key_results_of(obj)[0].id
    doc.execute(lambda ws: services.add_key_result(ws, obj, "NPS 45", index=0))
    obj_row = tree.item_for(("objective", obj))
    assert obj_row.child(0).text(0) == "NPS 45"
    assert obj_row.childCount() == 3

    tech = next(u.id for u in doc.data.units.values() if u.name == "Tech")
    sales = next(u.id for u in doc.data.units.values() if u.name == "Sales")
    doc.execute(lambda ws: services.move_unit(ws, tech, sales))
    assert tree.item_for(("unit", tech)).parent() is tree.item_for(("unit", sales))

    doc.execute(lambda ws: services.delete_objective(ws, obj))
    assert tree.item_for(("objective", obj)) is None
    assert tree.item_for(("key_result", first_kr)) is None
    doc.undo()
    assert tree.item_for(("objective", obj)).childCount() == 3
    assert tree.item_for(("key_result", first_kr)).parent() is tree.item_for(("objective", obj))
    assert len(tree.item_keys()) == len(doc.data.units) + len(doc.data.objectives) + len(
        doc.data.key_results
    )


def test_selection_follows_the_document_both_ways(tree, doc, qtbot):
    kr = next(iter(doc.data.key_results))
    doc.select(("key_result", kr))
    assert [i.data(0, 256) for i in tree.selectedItems()] == [("key_result", kr)]
    assert tree.currentItem() is tree.item_for(("key_result", kr))

    unit = doc.data.root_units()[0].id
    with qtbot.waitSignal(doc.selectionChanged, timeout=1000):
        tree.setCurrentItem(tree.item_for(("unit", unit)))
    assert doc.selection == (("unit", unit),)


def test_untitled_items_are_shown_as_such(tree, doc):
    unit = doc.data.root_units()[0].id
    change = doc.execute(lambda ws: services.add_objective(ws, unit, ""))
    row = tree.item_for(change.subject)
    assert row.text(0) == "(untitled objective)"
    assert row.font(0).italic()


def test_switching_documents_clears_the_tree(tree, doc, tmp_path):
    path = tmp_path / "empty.okr"
    Workshop.create(path).close()
    other = Document(Workshop.open(path))
    try:
        tree.set_document(other)
        assert tree.item_keys() == []
        assert tree.topLevelItemCount() == 0
    finally:
        tree.set_document(None)
        other.close()
