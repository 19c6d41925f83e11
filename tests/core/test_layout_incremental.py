"""The incremental layout: after any sequence of edits, undos, redos and folds,
:func:`relayout` equals :func:`compute_layout` of the same snapshot, card by card,
and its delta names exactly what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from okr_studio.data import WorkshopData
from okr_studio.layout import Layout, Spacing, compute_layout, relayout, tree_of
from okr_studio.layout_tree import LogicalTree
from okr_studio.store import Workshop
from tests.core.edit_steps import EDIT_SETTINGS, STEPS, Session, edit_trees, scratch_copy


def measure_for(data: WorkshopData):  # type: ignore[no-untyped-def]
    """Sizes that follow the data: taller for more key results and longer titles."""

    def measure(key: tuple[str, int]) -> tuple[float, float]:
        if key[0] == "unit":
            return (300.0, 70.0 + 7 * (len(data.units[key[1]].name) // 20))
        title = data.objectives[key[1]].title
        krs = data.key_results_of(key[1])
        return (300.0 + 20 * (len(title) > 100), 60.0 + 18 * (len(title) // 30) + 44.0 * len(krs))

    return measure


def touched_cards(rows: tuple[Any, ...]) -> set[tuple[str, int]]:
    """The cards whose size the rows may change (what the canvas measures again)."""
    out: set[tuple[str, int]] = set()
    for row in rows:
        for values in (row.before, row.after):
            if values is None:
                continue
            if row.table == "objective":
                out.add(("objective", row.id))
            elif row.table == "key_result":
                out.add(("objective", values["objective_id"]))
            elif row.table == "unit":
                out.add(("unit", row.id))
    return out


def assert_same(incremental: Layout, whole: Layout) -> None:
    assert incremental.boxes == whole.boxes
    assert sorted(map(repr, incremental.edges)) == sorted(map(repr, whole.edges))
    assert set(incremental.grids) == set(whole.grids)
    assert len(incremental.grids) == len(whole.grids)
    assert incremental.columns == whole.columns
    assert (incremental.width, incremental.height) == (whole.width, whole.height)
    assert incremental.children == whole.children
    assert incremental.hidden == whole.hidden
    assert incremental.roots == whole.roots


def assert_delta(before: Layout, after: Layout) -> None:
    delta = after.delta
    assert delta is not None
    old, new = before.boxes, after.boxes
    assert delta.added == new.keys() - old.keys()
    assert delta.removed == old.keys() - new.keys()
    assert delta.moved == {k for k in old.keys() & new.keys() if old[k] != new[k]}
    edges = {(e.parent, e.child, e) for e in before.edges} ^ {
        (e.parent, e.child, e) for e in after.edges
    }
    assert {(p, c) for p, c, _e in edges} <= delta.edges
    shown = {k for k in old.keys() | new.keys() if before.children.get(k) != after.children.get(k)}
    shown |= {k for k in old.keys() | new.keys() if before.hidden.get(k) != after.hidden.get(k)}
    assert shown <= delta.children | delta.added | delta.removed


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return edit_trees(tmp_path_factory.mktemp("trees"))


@pytest.mark.parametrize("name", ["real-shaped", "generated"])
@EDIT_SETTINGS
@given(
    steps=st.lists(STEPS, min_size=1, max_size=14),
    narrow=st.booleans(),
    orientation=st.sampled_from(["lr", "tb"]),
)
def test_relayout_equals_a_whole_layout_after_every_step(
    trees: dict[str, Path], name: str, steps: list, narrow: bool, orientation: Any
) -> None:
    spacing = Spacing(max_main=5000.0, grid_from=3) if narrow else None
    with scratch_copy(trees[name]) as path, Workshop.open(path) as ws:
        session = Session(ws)
        layout = compute_layout(
            session.data, measure_for(session.data), spacing=spacing, orientation=orientation
        )
        for i, step in enumerate(steps):
            session.step(step)
            data, measure = session.data, measure_for(session.data)
            remeasure = None if i % 2 else touched_cards(session.rows)
            # The whole layout first: it builds the tree of the snapshot from its rows (the
            # relayout hands its patched tree over to the snapshot for later readers).
            whole = compute_layout(
                data,
                measure,
                collapsed=session.collapsed,
                spacing=spacing,
                orientation=orientation,
            )
            new = relayout(
                layout,
                data,
                measure,
                collapsed=session.collapsed,
                spacing=spacing,
                orientation=orientation,
                remeasure=remeasure,
            )
            assert new.engine.tree.parts() == LogicalTree.build(data).parts()
            assert_same(new, whole)
            assert_delta(layout, new)
            layout = new


def test_nothing_changed_moves_nothing(trees: dict[str, Path]) -> None:
    with Workshop.open(trees["real-shaped"], read_only=True) as ws:
        data = ws.snapshot()
    layout = compute_layout(data, measure_for(data))
    again = relayout(layout, data, measure_for(data))
    assert again.delta is not None and again.delta.empty
    assert_same(again, layout)


def test_a_layout_is_relaid_out_once_then_made_whole(trees: dict[str, Path]) -> None:
    """The engine moves on to the new layout; relaying out the old one starts afresh."""
    with Workshop.open(trees["real-shaped"], read_only=True) as ws:
        data = ws.snapshot()
    layout = compute_layout(data, measure_for(data))
    assert relayout(layout, data, measure_for(data)).delta is not None
    again = relayout(layout, data, measure_for(data))
    assert again.delta is None
    assert_same(again, layout)


def test_a_snapshot_read_again_is_laid_out_whole(trees: dict[str, Path]) -> None:
    with Workshop.open(trees["real-shaped"], read_only=True) as ws:
        first, second = ws.snapshot(), ws.snapshot()
    layout = relayout(compute_layout(first, measure_for(first)), second, measure_for(second))
    assert layout.delta is None
    assert_same(layout, compute_layout(second, measure_for(second)))


@pytest.mark.parametrize("name", ["real-shaped", "generated"])
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    folds=st.lists(st.tuples(st.integers(0, 1000), st.booleans()), min_size=1, max_size=12),
    orientation=st.sampled_from(["lr", "tb"]),
)
# Every card folded but the roots (no connector shown), then one unfolded: the whole
# layout's connectors all came back and the delta must name them.
@example(folds=[(0, True), (1, True), (272, True), (0, False)], orientation="lr")
def test_folding_and_unfolding_equals_a_whole_layout(
    trees: dict[str, Path], name: str, folds: list[tuple[int, bool]], orientation: Any
) -> None:
    """A fold or an unfold is a relayout with another collapsed set: it equals the whole
    layout with that set, and measures only the cards that come into view."""
    with Workshop.open(trees[name], read_only=True) as ws:
        data = ws.snapshot()
    sizes = measure_for(data)
    measured: list[tuple[str, int]] = []

    def measure(key: tuple[str, int]) -> tuple[float, float]:
        measured.append(key)
        return sizes(key)

    roots, kids = tree_of(data)
    parents = sorted(k for k, v in kids.items() if v)
    collapsed: set[tuple[str, int]] = set()
    layout = compute_layout(data, measure, orientation=orientation)
    for index, fold in folds:
        key = parents[index % len(parents)]
        if fold:
            collapsed.add(key)
        else:
            collapsed.discard(key)
        measured.clear()
        new = relayout(layout, data, measure, collapsed=collapsed, orientation=orientation,
                       remeasure=())  # fmt: skip
        assert new.delta is not None
        assert set(measured) == new.delta.added
        assert_same(
            new, compute_layout(data, measure, collapsed=collapsed, orientation=orientation)
        )
        assert_delta(layout, new)
        layout = new
    assert roots


def test_a_whole_layout_is_the_same_twice_and_after_a_relayout(trees: dict[str, Path]) -> None:
    """The tree kept with a snapshot gives the same layout as one built from its rows."""
    with Workshop.open(trees["generated"], read_only=True) as ws:
        data = ws.snapshot()
    first = compute_layout(data, measure_for(data))
    assert list(first.boxes.items()) == list(compute_layout(data, measure_for(data)).boxes.items())
    assert first.edges == compute_layout(data, measure_for(data)).edges
    relayout(first, data, measure_for(data))
    assert first.grids == compute_layout(data, measure_for(data)).grids
