"""After any edit, undo, redo or fold, the canvas moved only what moved, and what it
shows equals a canvas made afresh from the same workshop: boxes, connectors, items."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRectF

from okr_studio import services
from tests.generate import generate
from ui.canvas import edge_layer
from ui.canvas.scene import CanvasScene
from ui.document import Document


def _same_as_fresh(doc: Document, scene: CanvasScene) -> None:
    fresh = CanvasScene(doc)
    try:
        fresh.collapsed = set(scene.collapsed)
        fresh.rebuild(reshaped=None)
        assert scene.layout is not None and fresh.layout is not None
        assert scene.layout.boxes == fresh.layout.boxes
        assert set(scene.layout.edges) == set(fresh.layout.edges)
        assert scene.ends == fresh.ends
        for key, item in scene.cards.made.items():
            box = scene.layout.boxes[key]
            assert (item.pos().x(), item.pos().y()) == (box.x, box.y), key
            assert item.geometry == fresh.geometry(key), key
            assert item.content == fresh.content(key), key
        grid = scene.card_grid()
        everything = QRectF(-1e6, -1e6, 2e6, 2e6)
        assert set(grid.within(everything)) == set(scene.layout.boxes)
        assert scene.connectors.extents == fresh.connectors.extents
        assert set(scene.connectors.crossing(everything)) == set(scene.ends)
        for node in list(scene.layout.boxes)[:50]:  # the connectors of each card
            want = {p for p in scene.ends if node in p}
            assert set(scene.connectors.of(node)) == want
    finally:
        fresh.set_document(None)  # it follows the document no more
        fresh.deleteLater()


@pytest.mark.parametrize("whole_after", [edge_layer.WHOLE_AFTER, 0])
def test_edits_undo_redo_and_folds_leave_the_canvas_as_made_afresh(
    canvas, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_after: int
):
    # 0: a step that moves a quarter of the connectors works them all out again (as a
    # fold near the top of a large tree does).
    monkeypatch.setattr(edge_layer, "WHOLE_AFTER", whole_after)
    path = generate(tmp_path / "gen.okr", objectives=90, key_results=360, teams=18)
    doc, view = canvas(path, size=(1400, 900))
    scene = view.canvas_scene
    view.set_scale(1.0)
    scene.card_grid()  # the index exists: it is patched, not made again
    data = doc.data
    top = scene.layout.roots[0][1]
    team = next(o.id for o in data.objectives.values() if data.unit_depth(o.unit_id) == 2)
    kr = data.key_results_of(top)[0].id
    long = "A much longer key result title that wraps onto a second line of the card " * 2
    steps: list[Callable[[], object]] = [
        lambda: doc.execute(lambda ws: services.add_key_result(ws, top, "One more row")),
        lambda: doc.execute(lambda ws: services.update_key_result(ws, kr, title=long)),
        lambda: doc.execute(lambda ws: services.update_key_result(ws, kr, title="Short")),
        lambda: doc.execute(lambda ws: services.delete_objective(ws, team)),
        doc.undo,
        doc.redo,
        doc.undo,
        lambda: scene.toggle_collapsed(scene.layout.children[scene.layout.roots[0]][0], True),
        lambda: doc.execute(lambda ws: services.add_key_result(ws, top, "Under a fold")),
        lambda: scene.toggle_collapsed(scene.layout.children[scene.layout.roots[0]][0], False),
        lambda: doc.execute(lambda ws: services.move_key_result(ws, kr, 2)),
        doc.undo,
        lambda: doc.execute(lambda ws: services.align_objective(ws, team, kr)),
        lambda: scene.rebuild(),
    ]
    patched: list[bool] = []  # each patch: True if it worked out every connector again
    patch = edge_layer.EdgeLayer.patch

    def spy(layer: edge_layer.EdgeLayer, *args: Any) -> object:
        changed = patch(layer, *args)
        patched.append(changed is None)
        return changed

    monkeypatch.setattr(edge_layer.EdgeLayer, "patch", spy)
    for step in steps:
        step()
        view.viewport().grab()  # items in view are made as a frame would
        _same_as_fresh(doc, scene)
    assert patched and any(patched) == (whole_after == 0)


def test_a_workshop_read_again_is_laid_out_whole(canvas, tmp_path: Path):
    path = generate(tmp_path / "gen.okr", objectives=40, key_results=160, teams=8)
    doc, view = canvas(path)
    scene = view.canvas_scene
    view.set_scale(1.0)
    first = scene.layout.roots[0]
    box = scene.layout.boxes[first]
    view.centerOn(QRectF(box.x, box.y, box.w, box.h).center())
    view.viewport().grab()  # its card is made
    assert first in scene.cards.made
    before = scene.layout
    # Changed from outside (as the file is read again after an error): a longer title.
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE objective SET title = ? WHERE id = ?", (LONG_TITLE, first[1]))
    doc.reload()  # a snapshot read from the file: the relayout is made whole
    layout = scene.layout
    assert layout is not None and layout is not before and layout.delta is None
    assert layout.boxes[first].h > before.boxes[first].h  # the new title, measured
    assert scene.cards.made[first].content.title[0].startswith("Read again")
    _same_as_fresh(doc, scene)
    # The next edit is relaid out from it, not whole again.
    doc.execute(lambda ws: services.add_key_result(ws, first[1], "After the reload"))
    assert scene.layout.delta is not None
    _same_as_fresh(doc, scene)


LONG_TITLE = "Read again from the file " + "with a title long enough to wrap " * 3
