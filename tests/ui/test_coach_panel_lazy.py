"""The coach panel makes rows for what can be seen: in a long list a group's finding
rows are made when the group is first expanded (a closed group shows its arrow and its
count), and whatever is opened lists exactly what a full fill of every row lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from okr_studio import services
from tests.generate import generate
from tests.ui.coach_rows import assert_like_full, full_fill, rows_made
from tests.ui.wizard_build import build_workshop
from ui.coach_panel import CoachView
from ui.coach_panel_rows import FINDING_ROLE
from ui.tree_items import child_items, top_items

_SHOW = QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    return generate(tmp_path / "gen.okr", departments=2, teams=8, objectives=30, key_results=100)


def _panel(qtbot, doc) -> CoachView:  # type: ignore[no-untyped-def]
    view = CoachView(doc)
    qtbot.addWidget(view)
    view.resize(400, 800)
    view.show()
    return view


def _groups(view: CoachView) -> list[QTreeWidgetItem]:
    return [g for top in top_items(view.tree) for g in child_items(top)]


def _texts(rows: list[QTreeWidgetItem]) -> list[str]:
    return [row.text(0) for row in rows]


def test_a_closed_group_has_no_rows_yet_but_its_count(qtbot, document, generated):
    doc = document(generated)
    with rows_made(0, 1000):  # every list counts as long
        view = _panel(qtbot, doc)
    full = full_fill(doc)
    qtbot.addWidget(full)
    assert view.leaves() == []
    assert view.rows.listed() == full.rows.listed()
    assert sorted(f.key for f in view.rows.listed()) == sorted(
        f.key for f in view.findings if f.is_open
    )
    assert _texts(top_items(view.tree)) == _texts(top_items(full.tree))
    assert all(top.isExpanded() for top in top_items(view.tree))
    groups = _groups(view)
    assert _texts(groups) == _texts(_groups(full))  # "Checkout (3)": the counts
    for group in groups:
        assert group.childCount() == 0
        assert not group.isExpanded()
        assert group.childIndicatorPolicy() == _SHOW  # its arrow shows
    assert view.counts.text() == full.counts.text()
    assert_like_full(view, full)


def test_expanding_a_group_makes_its_rows_as_a_full_fill_lists_them(
    qtbot, document, generated, monkeypatch
):
    doc = document(generated)
    with rows_made(0, 2):  # rows come two at a time
        view = _panel(qtbot, doc)
        assert all(top.childCount() <= 2 for top in top_items(view.tree))
        qtbot.waitUntil(lambda: not view.rows._pending)  # the group rows' slices
        full = full_fill(doc)
        qtbot.addWidget(full)
        groups, full_groups = _groups(view), _groups(full)
        assert _texts(groups) == _texts(full_groups)
        opened = list(range(0, len(groups), 3))
        for i in opened:
            group = groups[i]
            if i % 2:
                group.setExpanded(True)
            else:  # from the keyboard
                view.tree.setFocus()
                view.tree.setCurrentItem(group)
                qtbot.keyClick(view.tree, Qt.Key.Key_Right)
                assert group.isExpanded()
            assert 0 < group.childCount() <= 2
            want = child_items(full_groups[i])
            size = len(want)
            qtbot.waitUntil(lambda g=group, n=size: g.childCount() == n)
            assert _texts(child_items(group)) == _texts(want)
            found = [row.data(0, FINDING_ROLE) for row in child_items(group)]
            assert found == [row.data(0, FINDING_ROLE) for row in want]
        for i, group in enumerate(groups):
            assert (group.childCount() > 0) == (i in opened)
        assert len(view.leaves()) == sum(len(child_items(full_groups[i])) for i in opened)
        assert_like_full(view, full)


def test_expanded_rows_are_remembered_when_the_list_is_made_again(qtbot, document, generated):
    doc = document(generated)
    with rows_made(0, 1000):
        view = _panel(qtbot, doc)
        tops = top_items(view.tree)
        assert len(tops) >= 2
        first = child_items(tops[0])
        first[0].setExpanded(True)
        first[-1].setExpanded(True)
        tops[-1].setExpanded(False)
        view.show_accepted.setChecked(True)  # the list is made again (twice)
        view.show_accepted.setChecked(False)
        full = full_fill(doc)
        qtbot.addWidget(full)
        tops = top_items(view.tree)
        first = child_items(tops[0])
        assert [g.isExpanded() for g in first] == [
            i in (0, len(first) - 1) for i in range(len(first))
        ]
        assert [g.childCount() > 0 for g in first] == [g.isExpanded() for g in first]
        # The severity left collapsed has no group rows, but its count.
        assert not tops[-1].isExpanded()
        assert tops[-1].childCount() == 0
        assert tops[-1].text(0) == top_items(full.tree)[-1].text(0)
        assert_like_full(view, full)
        tops[-1].setExpanded(True)
        assert _texts(child_items(tops[-1])) == _texts(child_items(top_items(full.tree)[-1]))
        assert_like_full(view, full)


def test_a_filter_opens_the_groups_it_finds(qtbot, document, tmp_path):
    path = tmp_path / "coach.okr"
    ids = build_workshop(path)
    doc = document(path)
    with rows_made(2, 1000):  # four findings: a long list; one: a short one
        view = _panel(qtbot, doc)
        assert view.leaves() == []
        view.filter_edit.setText("checkout")
        qtbot.waitUntil(lambda: len(view.leaves()) == 1)
        leaf = view.leaves()[0]
        assert leaf.parent().isExpanded()
        assert leaf.data(0, FINDING_ROLE).item_id == ids["checkout"]
        view.filter_edit.setText("")
        qtbot.waitUntil(lambda: len(_groups(view)) == 4)
        # Back to the long list: the group found stays open, the others stay closed.
        assert [leaf.data(0, FINDING_ROLE).item_id for leaf in view.leaves()] == [ids["checkout"]]
        assert view.leaves()[0].parent().isExpanded()


def test_the_current_finding_follows_edits_refills_and_accepting(
    qtbot, document, generated, answers
):
    doc = document(generated)
    with rows_made(0, 1000):
        view = _panel(qtbot, doc)
        group = _groups(view)[1]
        group.setExpanded(True)
        leaf = child_items(group)[0]
        f = leaf.data(0, FINDING_ROLE)
        view.tree.setFocus()
        view.tree.setCurrentItem(leaf)
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)  # activation goes to the item
        assert doc.selection == ((f.item_kind, f.item_id),)
        assert view.detail.text().startswith(f.message[:20])
        # An edit elsewhere: the list is patched, the current finding stays.
        other = next(k for k in doc.data.key_results.values() if k.objective_id != f.item_id)
        for title in ("Ship it", "Ship it again"):  # (the second is patched in)
            doc.execute(lambda ws, t=title: services.update_key_result(ws, other.id, title=t))
            doc.publish_findings()
        assert view.current_finding() is not None
        assert view.current_finding().key == f.key
        # Collapsed and the list made again: the current finding's row is made again.
        group = view.tree.currentItem().parent()
        assert group.isExpanded()
        group.setExpanded(False)
        view.show_accepted.setChecked(True)
        view.show_accepted.setChecked(False)
        assert view.current_finding().key == f.key
        assert view.tree.currentItem().parent().isExpanded()  # Qt shows the current row
        assert view.accept_button.isEnabled()
        before = view.rows.listed()
        answers.add("ask_text", "Kept on purpose")
        view.accept_current()
        assert f.key not in {g.key for g in view.rows.listed()}
        assert len(view.rows.listed()) == len(before) - 1
        full = full_fill(doc)
        qtbot.addWidget(full)
        assert_like_full(view, full)
