"""Arrow keys, find, collapse and presentation mode on the canvas, driven by key presses."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.canvas_build import click, point_of
from ui.canvas.presentation import MIN_TITLE_PX

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def test_arrow_keys_walk_the_tree(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    data = doc.data
    team = next(
        o
        for o in data.objectives.values()
        if o.parent_kr_id is not None and data.unit_depth(o.unit_id) == 2
    )
    parent_kr = team.parent_kr_id
    dept = data.objective_of_kr(parent_kr)
    click(view, point_of(view, ("objective", team.id)))
    qtbot.keyClick(view, K.Key_Left)  # to the parent key result it hangs on
    assert doc.current == ("key_result", parent_kr)
    qtbot.keyClick(view, K.Key_Left)  # to that key result's objective
    assert doc.current == ("objective", dept.id)
    qtbot.keyClick(view, K.Key_Right)  # into the card: first key result
    first = data.key_results_of(dept.id)[0]
    assert doc.current == ("key_result", first.id)
    qtbot.keyClick(view, K.Key_Down)
    assert doc.current == ("key_result", data.key_results_of(dept.id)[1].id)
    qtbot.keyClick(view, K.Key_Up)
    qtbot.keyClick(view, K.Key_Up)
    assert doc.current == ("objective", dept.id)
    # Right from a key result goes to the first objective aligned to it
    qtbot.keyClick(view, K.Key_Right)
    qtbot.keyClick(view, K.Key_Right)
    aligned = data.aligned_to(first.id)
    assert doc.current == ("objective", aligned[0].id)
    # Up/Down between sibling cards
    siblings = view.canvas_scene.siblings_of(doc.current)
    if len(siblings) > 1:
        qtbot.keyClick(view, K.Key_Down)
        assert doc.current == siblings[1]
    # with nothing selected the arrows pan
    doc.select(None)
    bar = view.horizontalScrollBar()
    view.zoom_by(3)
    before = bar.value()
    qtbot.keyClick(view, K.Key_Right)
    assert bar.value() > before


def test_find_jumps_to_titles_and_owners(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    data = doc.data
    kr = next(k for k in data.key_results.values() if k.owner_id is not None)
    owner = data.person_name(kr.owner_id)
    qtbot.keyClick(view, K.Key_F, CTRL)
    bar = view.find_bar
    assert bar.isVisible()
    qtbot.waitUntil(bar.field.hasFocus)
    qtbot.keyClicks(bar.field, owner)
    owned = {("key_result", k.id) for k in data.key_results.values() if k.owner_id == kr.owner_id}
    owned |= {("objective", o.id) for o in data.objectives.values() if o.owner_id == kr.owner_id}
    assert doc.current in owned
    first = doc.current
    qtbot.keyClick(bar.field, K.Key_Return)
    if len(owned) > 1:
        assert doc.current != first and doc.current in owned
    qtbot.keyClick(bar.field, K.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert doc.current == first
    assert bar.count.text() == f"1 of {len(bar.results)}"
    bar.field.clear()
    word = data.objectives[2].title.split()[-1]
    qtbot.keyClicks(bar.field, word.upper())
    assert doc.current is not None
    qtbot.keyClick(bar.field, K.Key_Escape)
    assert not bar.isVisible()


def test_collapse_and_expand_a_branch(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    scene = view.canvas_scene
    data = doc.data
    company = next(
        o
        for o in data.objectives.values()
        if o.parent_kr_id is None and scene.children_of(("objective", o.id))
    )
    key = ("objective", company.id)
    below = [k for k in scene.layout.boxes if k != key and _is_below(scene, k, key)]
    assert below
    click(view, point_of(view, key))
    qtbot.keyClick(view, K.Key_Space)
    assert key in scene.collapsed
    assert not any(k in scene.cards for k in below)
    assert scene.cards[key].hidden_count == len(scene.children_of(key))
    qtbot.keyClick(view, K.Key_Plus)
    assert all(k in scene.cards for k in below)
    qtbot.keyClick(view, K.Key_Minus)
    assert key in scene.collapsed
    # the toggle on the card expands it again
    item = scene.cards[key]
    point = view.mapFromScene(item.mapToScene(item.toggle_center()))
    click(view, point)
    assert key not in scene.collapsed and all(k in scene.cards for k in below)
    # selecting a hidden card (e.g. from the outline) reveals it
    qtbot.keyClick(view, K.Key_Minus)
    doc.select(below[-1])
    assert below[-1] in scene.cards


def _is_below(scene, key, ancestor) -> bool:  # type: ignore[no-untyped-def]
    parent = scene.parent_of(key)
    while parent is not None:
        if parent == ancestor:
            return True
        parent = scene.parent_of(parent)
    return False


def test_presentation_mode_focus_type_size_and_exit(qtbot, sample_file, answers, canvas):
    doc, view = canvas(sample_file, size=(1920, 1080))
    data = doc.data
    scene = view.canvas_scene
    team = next(
        o
        for o in data.objectives.values()
        if o.parent_kr_id is not None and data.unit_depth(o.unit_id) == 2
    )
    dept = data.objective_of_kr(team.parent_kr_id)
    click(view, point_of(view, ("objective", dept.id)))
    qtbot.keyClick(view, K.Key_F5)
    assert view.presenting and not view.legend.isVisible()
    assert scene.focus == ("objective", dept.id)
    chain = {("objective", o.id) for o, _ in data.chain(dept.id)}
    kids = set(scene.children_of(("objective", dept.id)))
    assert set(scene.cards) == chain | kids
    assert view.title_pixel_height() >= MIN_TITLE_PX
    # the focused card lists all its key results; ancestors only the one the chain uses
    assert len(scene.cards[("objective", dept.id)].content.rows) == len(
        data.key_results_of(dept.id)
    )
    top = data.chain(dept.id)[0][0]
    assert [r.kr_id for r in scene.cards[("objective", top.id)].content.rows] == [dept.parent_kr_id]
    # arrows move the focus: Right into the card, Right to the aligned team objective
    qtbot.keyClick(view, K.Key_Right)
    first = data.key_results_of(dept.id)[0]
    assert doc.current == ("key_result", first.id)
    assert scene.focus == ("objective", dept.id)
    qtbot.keyClick(view, K.Key_Right)
    assert scene.focus == ("objective", data.aligned_to(first.id)[0].id)
    assert scene.focus in scene.cards and ("objective", dept.id) in scene.cards
    assert view.title_pixel_height() >= MIN_TITLE_PX
    focus_before = scene.focus
    qtbot.keyClick(view, K.Key_Left)
    qtbot.keyClick(view, K.Key_Left)
    assert scene.focus == ("objective", dept.id) != focus_before
    # the same edits work inside it
    qtbot.keyClick(view, K.Key_F2)
    view.editor.line.selectAll()
    qtbot.keyClicks(view.editor.line, "Customers thrive alone")
    qtbot.keyClick(view.editor.line, K.Key_Return)
    assert doc.data.objectives[dept.id].title == "Customers thrive alone"
    assert scene.cards[("objective", dept.id)].content.title[0].startswith("Customers")
    doc.undo()
    assert doc.data.objectives[dept.id].title == dept.title
    qtbot.keyClick(view, K.Key_Escape)
    assert not view.presenting and scene.focus is None
    assert {("objective", i) for i in data.objectives} <= set(scene.cards)
    assert view.legend.isVisible()


def test_zoom_and_fit_keys(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    view.zoom_reset()
    qtbot.keyClick(view, K.Key_Equal, CTRL)
    assert view.scale_factor() > 1.0
    qtbot.keyClick(view, K.Key_9, CTRL)
    layout = view.canvas_scene.layout
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(0, 0) and visible.contains(layout.width, layout.height)
    obj = next(iter(doc.data.objectives))
    doc.select(("objective", obj))
    qtbot.keyClick(view, K.Key_8, CTRL)
    assert view.scale_factor() == 1.5


def test_collapse_the_level_below_and_expand_all_from_the_context_menu(tmp_path, canvas):
    from tests.generate import generate

    path = generate(tmp_path / "g.okr", objectives=120, key_results=480, teams=20)
    doc, view = canvas(path)
    scene = view.canvas_scene
    before = len(scene.cards)
    doc.select(None)
    menu = __import__("ui.canvas.menus", fromlist=["context_menu"]).context_menu(view, None, None)
    texts = [a.text() for a in menu.actions()]
    assert "Collapse the Level Below" in texts and "Expand All" in texts
    next(a for a in menu.actions() if a.text() == "Collapse the Level Below").trigger()
    roots = scene.tree()[0]
    second = [c for r in roots for c in scene.children_of(r)]
    assert set(scene.cards) == set(roots) | set(second)
    assert len(scene.cards) < before
    assert any(scene.cards[k].hidden_count for k in second)
    view.actions_by_name["expand_all"].trigger()
    assert len(scene.cards) == before and not scene.collapsed
    menu.deleteLater()


def test_ctrl_wheel_zooms_around_the_cursor_and_plain_wheel_scrolls(sample_file, canvas):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    _doc, view = canvas(sample_file)
    view.zoom_reset()
    vp = view.viewport()
    pos = QPointF(300, 200)
    under = view.mapToScene(pos.toPoint())

    def wheel(dy: int, mods) -> None:  # type: ignore[no-untyped-def]
        event = QWheelEvent(
            pos,
            vp.mapToGlobal(pos),
            QPoint(0, 0),
            QPoint(0, dy),
            Qt.MouseButton.NoButton,
            mods,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(vp, event)

    wheel(120, CTRL)
    assert view.scale_factor() > 1.1
    after = view.mapToScene(pos.toPoint())
    assert abs(after.x() - under.x()) < 3 and abs(after.y() - under.y()) < 3
    bar = view.verticalScrollBar()
    before = bar.value()
    wheel(-120, Qt.KeyboardModifier.NoModifier)
    assert bar.value() > before


def test_pinch_gesture_zooms(sample_file, canvas):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice
    from PySide6.QtWidgets import QApplication

    _doc, view = canvas(sample_file)
    view.zoom_reset()
    vp = view.viewport()
    pos = QPointF(200, 150)
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        pos,
        pos,
        QPointF(vp.mapToGlobal(pos)),
        0.5,
        QPointF(0, 0),
        1,
    )
    QApplication.sendEvent(vp, event)
    assert abs(view.scale_factor() - 1.5) < 1e-6
