"""The tidy tree layout: no overlaps, children right of parents, deterministic."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from okr_studio.data import WorkshopData
from okr_studio.generate import generate
from okr_studio.layout import Layout, compute_layout, subtree_keys, tree_of
from okr_studio.store import Workshop


def _measure(data: WorkshopData):  # type: ignore[no-untyped-def]
    """Sizes like the canvas's: taller cards for more key results and longer titles."""

    def measure(key: tuple[str, int]) -> tuple[float, float]:
        if key[0] == "unit":
            return (300.0, 70.0)
        krs = data.key_results_of(key[1])
        title = data.objectives[key[1]].title
        return (300.0, 60.0 + 18 * min(3, 1 + len(title) // 30) + 44.0 * len(krs))

    return measure


def _snapshot(path: Path) -> WorkshopData:
    with Workshop.open(path, read_only=True) as ws:
        return ws.snapshot()


def _overlaps(layout: Layout) -> list[tuple]:
    boxes = sorted(layout.boxes.values(), key=lambda b: (b.x, b.y))
    out = []
    by_column: dict[float, list] = {}
    for b in boxes:
        by_column.setdefault(b.x, []).append(b)
    columns = sorted(by_column)
    for col in columns:
        items = sorted(by_column[col], key=lambda b: b.y)
        for a, b in itertools.pairwise(items):
            if a.bottom > b.y:
                out.append((a.key, b.key))
    # boxes of different columns never share horizontal space
    for left, right in itertools.pairwise(columns):
        width = max(b.w for b in by_column[left])
        if left + width > right:
            out.append(("column", left, right))
    return out


def _check(data: WorkshopData, layout: Layout) -> None:
    assert not _overlaps(layout)
    for edge in layout.edges:
        parent, child = layout.boxes[edge.parent], layout.boxes[edge.child]
        assert child.x >= parent.right, (edge.parent, edge.child)
    # every objective and every empty unit has a box
    expected = {("objective", i) for i in data.objectives}
    expected |= {("unit", u.id) for u in data.units.values() if not data.objectives_of(u.id)}
    assert set(layout.boxes) == expected
    assert all(b.x >= 0 and b.y >= 0 for b in layout.boxes.values())
    assert all(
        b.right <= layout.width + 1e-6 and b.bottom <= layout.height + 1e-6
        for b in layout.boxes.values()
    )


@pytest.fixture(scope="module")
def sample_data(tmp_path_factory: pytest.TempPathFactory) -> WorkshopData:
    from okr_studio.sample import write_sample

    return _snapshot(write_sample(tmp_path_factory.mktemp("sample") / "sample.okr"))


def test_sample_layout_is_tidy_and_stable(sample_data: WorkshopData) -> None:
    layout = compute_layout(sample_data, _measure(sample_data))
    _check(sample_data, layout)
    again = compute_layout(sample_data, _measure(sample_data))
    assert again.boxes == layout.boxes and again.edges == layout.edges
    # parents are centred on their children (or their children start at the parent's top)
    for parent, kids in layout.children.items():
        if not kids:
            continue
        p = layout.boxes[parent]
        first, last = layout.boxes[kids[0]], layout.boxes[kids[-1]]
        mid = (first.center[1] + last.center[1]) / 2
        assert abs(p.center[1] - mid) < 1e-6 or p.y <= first.y


def test_aligned_edges_hang_on_their_key_results(sample_data: WorkshopData) -> None:
    layout = compute_layout(sample_data, _measure(sample_data))
    for edge in layout.edges:
        if edge.kind == "aligned":
            child = sample_data.objectives[edge.child[1]]
            assert child.parent_kr_id == edge.kr_id
            assert sample_data.key_results[edge.kr_id].objective_id == edge.parent[1]
    aligned = [o for o in sample_data.objectives.values() if o.parent_kr_id is not None]
    assert len([e for e in layout.edges if e.kind == "aligned"]) == len(aligned)


@pytest.mark.parametrize(
    ("objectives", "key_results", "teams"),
    [(40, 160, 8), (250, 1000, 50), (1000, 4000, 200)],
)
def test_generated_trees_are_tidy_and_deterministic(
    tmp_path: Path, objectives: int, key_results: int, teams: int
) -> None:
    path = generate(
        tmp_path / "gen.okr", objectives=objectives, key_results=key_results, teams=teams
    )
    data = _snapshot(path)
    assert len(data.objectives) == objectives
    layout = compute_layout(data, _measure(data))
    _check(data, layout)
    # identical input (the same file read again) gives identical positions
    again = compute_layout(_snapshot(path), _measure(data))
    assert again.boxes == layout.boxes
    # a file generated the same way gives the same layout too
    twin = generate(
        tmp_path / "twin.okr", objectives=objectives, key_results=key_results, teams=teams
    )
    assert compute_layout(_snapshot(twin), _measure(data)).boxes == layout.boxes


def test_collapsing_hides_a_subtree_and_counts_it(sample_data: WorkshopData) -> None:
    full = compute_layout(sample_data, _measure(sample_data))
    roots, kids = tree_of(sample_data)
    parent = next(r for r in roots if kids.get(r))
    below = set(subtree_keys(full, parent)) - {parent}
    folded = compute_layout(sample_data, _measure(sample_data), collapsed=[parent])
    assert not below & set(folded.boxes)
    assert folded.hidden[parent] == len(kids[parent])
    assert not _overlaps(folded)
    # other roots keep their order, and nothing else is hidden
    assert set(folded.boxes) == set(full.boxes) - below


def test_sizes_change_positions_but_never_cause_overlap(sample_data: WorkshopData) -> None:
    base = _measure(sample_data)
    tall = compute_layout(sample_data, lambda k: (base(k)[0], base(k)[1] * 3))
    wide = compute_layout(sample_data, lambda k: (base(k)[0] * 2, base(k)[1]))
    for layout in (tall, wide):
        assert not _overlaps(layout)
        for edge in layout.edges:
            assert layout.boxes[edge.child].x >= layout.boxes[edge.parent].right
