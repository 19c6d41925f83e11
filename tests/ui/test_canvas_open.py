"""Opening a large tree: the first frames come before the cards' index, which is made a
slice at a time between frames, and the canvas then equals one made afresh; the
connectors are found by their extents, kept in step with their ends."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainterPath

from tests.generate import generate
from ui.canvas import lazy
from ui.canvas.connectors import add_path, extent
from ui.canvas.grid import Grid, GridBuilder


def _everything(layout) -> QRectF:  # type: ignore[no-untyped-def]
    return QRectF(-1000, -1000, layout.width + 2000, layout.height + 2000)


def test_a_grid_built_in_slices_equals_one_filled_at_once() -> None:
    items = [(n, (n * 700.0, (n % 7) * 300.0, n * 700.0 + 5000.0, (n % 7) * 300.0 + 90.0))
             for n in range(1000)]  # fmt: skip
    builder = GridBuilder(iter(items), source=None)
    steps = 1
    while not builder.step(0.0):  # no time at all: one slice per step
        steps += 1
    assert steps == len(items) // GridBuilder.SLICE + 1
    whole = Grid(items)
    for rect in (
        QRectF(-1000, -1000, 800_000, 4000),
        QRectF(3000, 0, 2500, 400),
        QRectF(-10, -10, 5, 5),
    ):
        assert set(builder.grid.within(rect)) == set(whole.within(rect))


def test_the_cards_index_comes_in_slices_after_the_first_frame(
    qtbot, canvas, tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(GridBuilder, "SLICE", 16)
    monkeypatch.setattr(lazy, "INDEX_SLICE_S", 0.0)  # one slice per turn of the event loop
    path = generate(tmp_path / "gen.okr", objectives=120, key_results=480, teams=24)
    doc, view = canvas(path, size=(1400, 900))
    scene = view.canvas_scene
    view.set_scale(1.0)
    qtbot.wait(1)
    turns = 0
    while scene._card_grid is None:
        scene._index_step()  # as the timer does, once per turn of the event loop
        turns += 1
        assert turns < 1000
    assert turns > 2  # it took several slices, input was handled between them
    everything = _everything(scene.layout)
    assert set(scene.card_grid().within(everything)) == set(scene.layout.boxes)
    assert set(scene.connectors.crossing(everything)) == set(scene.ends)
    # what the window shows is what a full index finds
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    fresh = Grid((k, (b.x, b.y, b.right, b.bottom)) for k, b in scene.layout.boxes.items())
    assert set(fresh.within(seen)) <= set(scene.card_grid().within(seen))
    assert doc is not None


def test_an_index_made_for_a_layout_that_changed_is_not_used(qtbot, canvas, tmp_path: Path):
    from okr_studio import services

    path = generate(tmp_path / "gen.okr", objectives=60, key_results=240, teams=12)
    doc, view = canvas(path, size=(1400, 900))
    scene = view.canvas_scene
    view.set_scale(1.0)
    scene._card_grid = None
    old = scene._index_job(scene.layout)
    scene._indexing = [old]
    top = scene.layout.roots[0][1]
    doc.execute(lambda ws: services.add_key_result(ws, top, "One more row"))  # cards move
    for _ in range(1000):  # as the timer does, once per turn of the event loop
        if scene._card_grid is not None:
            break
        scene._index_step()
    assert old.grid is not scene._card_grid
    for key, box in scene.layout.boxes.items():
        m = scene.card_style.px(14)
        assert scene.card_grid().extent(key) == (box.x - m, box.y - m, box.right + m,
                                                 box.bottom + m)  # fmt: skip


def test_the_layout_of_a_large_tree_makes_the_geometry_of_few_cards(canvas, tmp_path: Path):
    """Every card's size is laid out, but rows are worked out only for the cards with
    connectors leaving them and those shown; the canvas is the same as one made afresh."""
    path = generate(tmp_path / "gen.okr", objectives=120, key_results=480, teams=24)
    _doc, view = canvas(path, size=(1400, 900))
    view.fit_to_window()
    scene = view.canvas_scene
    parents = {e.parent for e in scene.layout.edges}
    assert set(scene._geometry) == parents  # fitted: blocks only, no card's text shown
    assert len(scene._geometry) < len(scene.layout.boxes) / 2
    view.set_scale(1.0)
    view.viewport().render(QImage(1400, 900, QImage.Format.Format_ARGB32_Premultiplied))
    shown = set(scene.cards.made)
    assert shown and set(scene._geometry) == parents | shown
    for key, box in scene.layout.boxes.items():
        assert (box.w, box.h) == scene.geometry(key).size, key


def test_the_connectors_crossing_an_area_are_every_one_drawn_there(canvas, tmp_path: Path):
    """Found by their kept extents: the same as each connector's extent worked out now,
    and never one missed whose drawn curve touches the area."""
    path = generate(tmp_path / "gen.okr", objectives=120, key_results=480, teams=24)
    _doc, view = canvas(path, size=(1400, 900))
    layer = view.canvas_scene.connectors
    layout = view.canvas_scene.layout
    assert layer.extents == {p: extent(e, layer.arrow) for p, e in layer.ends.items()}
    drawn = {}
    for pair, ends in layer.ends.items():
        curve = QPainterPath()
        add_path(ends, curve, layer.arrow)
        drawn[pair] = curve.boundingRect()
    w, h = layout.width, layout.height
    for n in range(40):
        x, y = (n * 0.37 % 1) * w, (n * 0.61 % 1) * h
        rect = QRectF(x, y, 300 + n * 40, 200 + n * 25)
        found = set(layer.crossing(rect))
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        assert found == {
            p
            for p, (x0, y0, x1, y1) in layer.extents.items()
            if x0 <= right and x1 >= left and y0 <= bottom and y1 >= top
        }
        assert {p for p, box in drawn.items() if box.intersects(rect)} <= found
