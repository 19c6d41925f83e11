"""Dragging an objective card onto another key result re-aligns it (sideways too); a
circle is refused."""

from __future__ import annotations

from tests.ui.canvas_build import drag, point_of, rows


def _fixture(doc):  # type: ignore[no-untyped-def]
    data = doc.data
    team = next(
        o
        for o in data.objectives.values()
        if o.parent_kr_id is not None and data.unit_depth(o.unit_id) == 2
    )
    parent_obj = data.objective_of_kr(team.parent_kr_id)
    other_kr = next(k for k in data.key_results_of(parent_obj.id) if k.id != team.parent_kr_id)
    return team, parent_obj, other_kr


def _ends(view, card, onto, kr_id):  # type: ignore[no-untyped-def]
    """Viewport points of a card's title and of a key result row of another card, with
    the view centred between the two so both are on screen (neither scrolls the other)."""
    a, b = view.canvas_scene.cards[card], view.canvas_scene.cards[onto]
    mid = (a.sceneBoundingRect().center() + b.sceneBoundingRect().center()) / 2
    view.centerOn(mid)
    start, target = point_of(view, card), point_of(view, onto, kr_id)
    assert point_of(view, card) == start  # nothing scrolled in between
    return start, target


def test_drag_card_onto_another_key_result_realigns_it(sample_file, canvas):
    doc, view = canvas(sample_file, size=(1600, 1000))
    view.zoom_reset()
    team, parent_obj, other_kr = _fixture(doc)
    old_kr = team.parent_kr_id
    start, target = _ends(view, ("objective", team.id), ("objective", parent_obj.id), other_kr.id)
    drag(view, start, target, release=False)
    assert view.canvas_scene.cards[("objective", parent_obj.id)].drop_row == other_kr.id
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseRelease(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target
    )
    assert rows(sample_file, "SELECT parent_kr_id FROM objective WHERE id=?", team.id) == [
        (other_kr.id,)
    ]
    assert not view.canvas_scene.transient
    assert view.canvas_scene.cards[("objective", parent_obj.id)].drop_row is None
    edge = next(e for e in view.canvas_scene.layout.edges if e.child == ("objective", team.id))
    assert edge.kr_id == other_kr.id
    assert doc.undo_stack.undoText() == "Align objective"
    doc.undo()
    assert rows(sample_file, "SELECT parent_kr_id FROM objective WHERE id=?", team.id) == [
        (old_kr,)
    ]
    edge = next(e for e in view.canvas_scene.layout.edges if e.child == ("objective", team.id))
    assert edge.kr_id == old_kr
    doc.redo()
    assert rows(sample_file, "SELECT parent_kr_id FROM objective WHERE id=?", team.id) == [
        (other_kr.id,)
    ]


def test_drag_onto_a_sibling_teams_key_result_aligns_it_sideways(sample_file, canvas):
    """Real companies align to a peer's key result: allowed, and drawn as a sideways link."""
    doc, view = canvas(sample_file, size=(1600, 1000))
    view.zoom_reset()
    data = doc.data
    team, _parent, _ = _fixture(doc)
    sibling = next(
        o
        for o in data.objectives.values()
        if data.unit_depth(o.unit_id) == 2
        and o.unit_id != team.unit_id
        and data.key_results_of(o.id)
    )
    peer_kr = data.key_results_of(sibling.id)[0]
    key = ("objective", team.id)
    drag(view, *_ends(view, key, ("objective", sibling.id), peer_kr.id))
    assert rows(sample_file, "SELECT parent_kr_id FROM objective WHERE id=?", team.id) == [
        (peer_kr.id,)
    ]
    scene = view.canvas_scene
    (edge,) = [e for e in scene.layout.edges if e.child == key]
    assert (edge.kind, edge.parent, edge.kr_id) == (
        "sideways",
        ("objective", sibling.id),
        peer_kr.id,
    )
    assert scene.edges[(edge.parent, key)].kind == "sideways"
    assert doc.undo_stack.undoText() == "Align objective"
    assert "OBJ_ALIGNED_SIDEWAYS" in {f.code for f in doc.coach_report.findings}


def test_a_circle_is_refused_with_the_reason_and_the_card_snaps_back(sample_file, answers, canvas):
    doc, view = canvas(sample_file, size=(1600, 1000))
    view.zoom_reset()
    data = doc.data
    team, parent_obj, _ = _fixture(doc)
    team_kr = data.key_results_of(team.id)[0]  # the team supports parent_obj already
    key = ("objective", parent_obj.id)
    pos_before = view.canvas_scene.cards[key].pos()
    answers.add("show_error", None)
    drag(view, *_ends(view, key, ("objective", team.id), team_kr.id))
    assert len(answers.calls) == 1
    reason = answers.texts("show_error")[0]
    assert "round in a circle" in reason
    assert rows(sample_file, "SELECT parent_kr_id FROM objective WHERE id=?", parent_obj.id) == [
        (parent_obj.parent_kr_id,)
    ]
    assert view.canvas_scene.cards[key].pos() == pos_before
    assert not view.canvas_scene.transient
    assert not doc.undo_stack.canUndo()


def test_dropping_on_empty_space_changes_nothing(sample_file, canvas):
    doc, view = canvas(sample_file, size=(1600, 1000))
    view.zoom_reset()
    team, _, _ = _fixture(doc)
    start = point_of(view, ("objective", team.id))
    from PySide6.QtCore import QPoint

    drag(view, start, start + QPoint(0, 8))  # between cards or on a card title: no KR
    assert not doc.undo_stack.canUndo()
    assert not view.canvas_scene.transient
