"""The canvas draws packed team cards' connectors along their lane and gutter, not across cards."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF

from okr_studio.layout import Spacing, compute_layout
from tests.generate import generate


def _points(path) -> list[QPointF]:  # type: ignore[no-untyped-def]
    return [QPointF(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]


def test_routed_connectors_run_in_the_gutters_and_the_fitted_tree_is_wide(tmp_path, canvas):
    path = generate(tmp_path / "gen.okr", objectives=250, key_results=1000, teams=50)
    _doc, view = canvas(path, size=(1600, 900))
    scene = view.canvas_scene
    layout = scene.layout
    assert layout.grids, "a department objective with many team objectives is packed"
    routed = [e for e in layout.edges if e.route]
    assert routed
    cards = [item.mapRectToScene(item.card_rect()) for item in scene.cards.values()]
    for edge in routed:
        item = scene.edges[(edge.parent, edge.child)]
        points = _points(item.path())
        start = scene.cards[edge.parent].row_anchor(edge.kr_id)
        end = scene.cards[edge.child].entry_anchor()
        assert points[0] == start and points[-1] == end
        # after the curve: the lane, down the gutter, into the card
        (lx, ly), (bx, by) = edge.route
        straight = [QPointF(lx, ly), QPointF(bx, by), QPointF(bx, end.y()), end]
        assert points[-4:] == straight
        for a, b in pairwise(straight):
            seg = QRectF(a, b).normalized().adjusted(-0.5, -0.5, 0.5, 0.5)
            hits = [r for r in cards if r.adjusted(1, 1, -1, -1).intersects(seg)]
            assert not hits, (edge.child, a, b)
    # the zoomed-out overview draws each shared lane once
    segments = sum(3 + 1 for _ in routed) + len(layout.edges)
    assert len(scene.overview._lines) < segments
    # fitted, the cards are shown several times larger than one card a row would allow
    view.fit_to_window()
    plain = compute_layout(
        scene.data, lambda key: scene.content(key).size, spacing=Spacing(grid_from=0)
    )
    assert layout.height < plain.height / 3
    assert view.scale_factor() > 3 * view.viewport().height() / plain.height
