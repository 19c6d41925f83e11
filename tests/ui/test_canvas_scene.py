"""The canvas shows the file: cards, placeholders, connectors, badges, and keeps in step."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from okr_studio import services
from okr_studio.sample import write_sample
from tests.generate import generate
from tests.ui.canvas_build import drag, point_of
from ui import theme


def test_cards_for_every_objective_and_placeholder(qtbot, sample_file, canvas):
    doc, view = canvas(sample_file)
    data = doc.data
    scene = view.canvas_scene
    objective_keys = {("objective", i) for i in data.objectives}
    assert objective_keys <= set(scene.cards)
    empty_units = {("unit", u.id) for u in data.units.values() if not data.objectives_of(u.id)}
    assert empty_units and empty_units <= set(scene.cards)
    for key, box in scene.layout.boxes.items():
        item = scene.cards[key]
        assert (item.pos().x(), item.pos().y()) == (box.x, box.y)
    # each KR row of a card, in the file's order
    obj = next(iter(data.objectives.values()))
    card = scene.cards[("objective", obj.id)]
    assert [r.kr_id for r in card.content.rows] == [k.id for k in data.key_results_of(obj.id)]
    assert card.content.title[0].startswith(obj.title.split()[0])
    # one connector per aligned objective, starting at the right of its KR row
    aligned = [o for o in data.objectives.values() if o.parent_kr_id is not None]
    connectors = [e for e in scene.edges.values() if e.kind == "aligned"]
    assert len(connectors) == len(aligned)
    for o in aligned:
        item = scene.edges[
            (("objective", data.objective_of_kr(o.parent_kr_id).id), ("objective", o.id))
        ]
        parent = scene.cards[("objective", data.objective_of_kr(o.parent_kr_id).id)]
        assert item.path().elementAt(0).x == parent.pos().x() + parent.content.width
    # the coach's findings show as badges (right after the first paint)
    qtbot.waitUntil(lambda: bool(scene.badges))
    assert any(item.badge is not None for item in scene.cards.values())


def test_rename_updates_one_card_in_place(sample_file, canvas):
    doc, view = canvas(sample_file)
    scene = view.canvas_scene
    kr = next(iter(doc.data.key_results.values()))
    key = ("objective", kr.objective_id)
    item = scene.cards[key]
    before = {k: (c.pos().x(), c.pos().y()) for k, c in scene.cards.items()}
    new_title = kr.title[:-1] + "X"  # same length: no relayout needed
    doc.execute(lambda ws: services.update_key_result(ws, kr.id, title=new_title))
    assert scene.cards[key] is item
    assert " ".join(item.content.row(kr.id).title) == new_title
    assert {k: (c.pos().x(), c.pos().y()) for k, c in scene.cards.items()} == before
    doc.undo()
    assert " ".join(item.content.row(kr.id).title) == kr.title


def test_added_objective_gets_a_card_and_undo_removes_it(sample_file, canvas):
    doc, view = canvas(sample_file)
    scene = view.canvas_scene
    unit = next(u for u in doc.data.units.values() if not doc.data.objectives_of(u.id))
    assert ("unit", unit.id) in scene.cards
    change = doc.execute(lambda ws: services.add_objective(ws, unit.id, "Partners thrive"))
    new = change.subject
    assert new in scene.cards and ("unit", unit.id) not in scene.cards
    doc.undo()
    assert new not in scene.cards and ("unit", unit.id) in scene.cards
    doc.redo()
    assert new in scene.cards


def test_level_of_detail_switches_between_blocks_and_cards(qtbot, tmp_path, canvas):
    path = generate(tmp_path / "big.okr", objectives=300, key_results=1200, teams=60)
    _doc, view = canvas(path)
    scene = view.canvas_scene
    view.fit_to_window()
    assert not scene.detailed and scene.overview.isVisible()
    assert not any(item.isVisible() for item in scene.cards.values())
    view.zoom_reset()
    assert scene.detailed and not scene.overview.isVisible()
    assert all(item.isVisible() for item in scene.cards.values())
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor() < 1.0
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor() == 1.0


def test_theme_switch_repaints_without_error(sample_file, canvas):
    _doc, view = canvas(sample_file)
    theme.set_choice("dark")
    view.viewport().grab()
    assert view.canvas_scene.backgroundBrush().color() == theme.DARK.background
    theme.set_choice("light")
    assert view.canvas_scene.backgroundBrush().color() == theme.LIGHT.background


def test_open_another_file_in_the_middle_of_a_drag(sample_file, tmp_path, canvas, document):
    doc, view = canvas(sample_file)
    other = document(write_sample(tmp_path / "other.okr"))
    data = doc.data
    team = next(
        o
        for o in data.objectives.values()
        if o.parent_kr_id is not None and data.unit_depth(o.unit_id) == 2
    )
    start = point_of(view, ("objective", team.id))
    drag(view, start, start + QPoint(0, 120), release=False)
    assert view._mode == "drag" and view.canvas_scene.transient
    view.set_document(other)
    assert not view.canvas_scene.transient
    vp = view.viewport()
    from PySide6.QtTest import QTest

    QTest.mouseMove(vp, start + QPoint(10, 160))
    QTest.mouseRelease(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(10, 160)
    )
    # the new file is untouched and fully drawn
    assert {o.parent_kr_id for o in other.data.objectives.values()} == {
        o.parent_kr_id for o in data.objectives.values()
    }
    assert set(view.canvas_scene.cards) >= {("objective", i) for i in other.data.objectives}
    view.viewport().grab()


def test_open_another_file_in_the_middle_of_a_rubber_band(sample_file, tmp_path, canvas, document):
    _doc, view = canvas(sample_file)
    other = document(write_sample(tmp_path / "other.okr"))
    layout = view.canvas_scene.layout
    corner = view.mapFromScene(layout.width + 200, -200)
    shift = Qt.KeyboardModifier.ShiftModifier
    drag(view, corner, corner + QPoint(-300, 300), release=False, modifiers=shift)
    assert view._mode == "rubber"
    view.set_document(other)
    from PySide6.QtTest import QTest

    QTest.mouseMove(view.viewport(), corner + QPoint(-400, 400))
    QTest.mouseRelease(
        view.viewport(), Qt.MouseButton.LeftButton, shift, corner + QPoint(-400, 400)
    )
    assert other.selection == ()
    view.viewport().grab()


def test_rubber_band_selects_cards(sample_file, canvas):
    doc, view = canvas(sample_file)
    view.fit_to_window()
    layout = view.canvas_scene.layout
    col = layout.columns[-1]
    top_left = view.mapFromScene(col.x - 20, -30)
    bottom_right = view.mapFromScene(col.x + col.width + 20, layout.height + 30)
    drag(view, top_left, bottom_right, modifiers=Qt.KeyboardModifier.ShiftModifier)
    in_column = {k for k, b in layout.boxes.items() if b.column == col.index}
    assert set(doc.selection) == in_column
    # a plain click on empty space clears the selection
    from tests.ui.canvas_build import click

    click(view, view.mapFromScene(-100, -100))
    assert doc.selection == ()


def test_theme_switch_after_a_canvas_was_deleted(qtbot, sample_file, document):
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.canvas import CanvasView

    doc = document(sample_file)
    view = CanvasView(doc)  # not given to qtbot: it is deleted here on purpose
    view.show()
    qtbot.waitExposed(view)
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    doc.close()
    theme.set_choice("dark")  # must not reach the deleted view
    theme.set_choice("light")
