"""The tidy tree layout: no overlaps, children right of parents, deterministic, leaves in grids."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from okr_studio.data import WorkshopData
from okr_studio.layout import Layout, Spacing, compute_layout, subtree_keys, tree_of
from okr_studio.layout_placer import Placer
from okr_studio.store import Workshop
from tests.generate import generate


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


def _check_centred(layout: Layout) -> None:
    """Parents are centred on their children's band (or the children start at the
    parent's top): on the first and last child's centres, or a grid's rows."""
    in_grid = {(g.parent, c): g for g in layout.grids for c in g.children}
    for parent, kids in layout.children.items():
        if not kids:
            continue
        p = layout.boxes[parent]
        first, last = layout.boxes[kids[0]], layout.boxes[kids[-1]]
        top_grid, end_grid = in_grid.get((parent, kids[0])), in_grid.get((parent, kids[-1]))
        low = top_grid.y if top_grid else first.center[1]
        high = end_grid.y + end_grid.h if end_grid else last.center[1]
        assert abs(p.center[1] - (low + high) / 2) < 1e-6 or p.y <= first.y, parent


def _crosses(box, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether the axis-parallel segment (x0, y0)-(x1, y1) passes through ``box``."""
    lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return lo_x < box.right and hi_x > box.x and lo_y < box.bottom and hi_y > box.y


def _check_grids(layout: Layout) -> None:
    """Grids are tidy: sub-columns and rows aligned, and their connectors' straight
    parts (the lane, the gutters, the stubs) pass through no card."""
    route = {e.child: e.route for e in layout.edges}
    boxes = list(layout.boxes.values())
    for g in layout.grids:
        assert g.sub_columns >= 2
        assert (g.sub_columns - 1) * g.rows < len(g.children) <= g.sub_columns * g.rows
        xs = sorted({layout.boxes[c].x for c in g.children})
        assert len(xs) == g.sub_columns
        assert len({layout.boxes[c].y for c in g.children}) == g.rows
        for i, child in enumerate(g.children):  # filled sub-column by sub-column
            b = layout.boxes[child]
            assert b.x == xs[i // g.rows] and b.column == g.column
            assert g.x <= b.x and b.right <= g.x + g.w + 1e-6
            assert g.y <= b.y and b.bottom <= g.y + g.h + 1e-6
            if i < g.rows:
                assert route[child] == ()  # the first sub-column: one direct curve
                continue
            (tx, lane), (bus, lane2) = route[child]
            assert lane == lane2 == g.lane and bus == g.buses[i // g.rows]
            assert tx < g.x < bus < b.x and lane < g.y
            entry = b.y + b.h / 2
            for seg in ((tx, lane, bus, lane), (bus, lane, bus, entry), (bus, entry, b.x, entry)):
                assert not [o.key for o in boxes if _crosses(o, *seg)], (child, seg)


TREE_EDGES = ("aligned", "loose")


def _check(data: WorkshopData, layout: Layout) -> None:
    assert not _overlaps(layout)
    for edge in layout.edges:
        parent, child = layout.boxes[edge.parent], layout.boxes[edge.child]
        if edge.kind in TREE_EDGES:  # the tree: each child right of its parent
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
    # each level keeps its own column, as wide as its widest grid
    for col in layout.columns:
        inside = [b for b in layout.boxes.values() if b.column == col.index]
        assert all(col.x <= b.x and b.right <= col.x + col.width + 1e-6 for b in inside)
    _check_centred(layout)
    _check_grids(layout)


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
    twin_layout = compute_layout(_snapshot(twin), _measure(data))
    assert twin_layout.boxes == layout.boxes
    assert twin_layout.edges == layout.edges and twin_layout.grids == layout.grids


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
            if edge.kind in TREE_EDGES:
                assert layout.boxes[edge.child].x >= layout.boxes[edge.parent].right


@pytest.fixture(scope="module")
def workshop_data(tmp_path_factory: pytest.TempPathFactory) -> WorkshopData:
    """The generated 1,000-objective workshop (about 30 team objectives per department one)."""
    return _snapshot(generate(tmp_path_factory.mktemp("gen") / "big.okr"))


def test_many_leaves_are_packed_so_the_workshop_fits_a_screen(workshop_data: WorkshopData) -> None:
    data = workshop_data
    layout = compute_layout(data, _measure(data))
    _check(data, layout)
    plain = compute_layout(data, _measure(data), spacing=Spacing(grid_from=0))
    ratio, plain_ratio = layout.width / layout.height, plain.width / plain.height
    print(
        f"1,000 objectives: {layout.width:.0f} x {layout.height:.0f} (width/height {ratio:.2f}, "
        f"{len(layout.grids)} grids); one card a row: {plain.width:.0f} x {plain.height:.0f} "
        f"(width/height {plain_ratio:.4f})"
    )
    assert plain_ratio < 0.01  # the sliver the grids replace
    screen = 16 / 9
    assert screen / 4 <= ratio <= screen * 4
    # every department objective's team objectives are one grid, in key result order
    packed = {c for g in layout.grids for c in g.children}
    teams = {k for k in layout.boxes if layout.boxes[k].column == 2}
    assert packed == teams
    for g in layout.grids:
        assert g.children == layout.children[g.parent]
    # the lanes and gutters are really used: later sub-columns are reached along them
    assert sum(1 for e in layout.edges if e.route) == len(teams) - sum(g.rows for g in layout.grids)


def test_grids_in_a_narrower_aim_and_top_to_bottom(workshop_data: WorkshopData) -> None:
    data = workshop_data
    tall = compute_layout(data, _measure(data), spacing=Spacing(aspect=0.5))
    wide = compute_layout(data, _measure(data))
    _check(data, tall)
    assert tall.width / tall.height < wide.width / wide.height
    assert max(g.rows for g in tall.grids) > 1  # several rows a grid: still tidy
    tb = compute_layout(data, _measure(data), orientation="tb")
    assert tb.grids and tb.width / tb.height > 0.5
    boxes = sorted(tb.boxes.values(), key=lambda b: (b.y, b.x))
    for edge in tb.edges:  # children below their parents
        assert tb.boxes[edge.child].y >= tb.boxes[edge.parent].bottom
    rows: dict[float, list] = {}
    for b in boxes:
        rows.setdefault(b.y, []).append(b)
    for row in rows.values():
        for a, b in itertools.pairwise(sorted(row, key=lambda b: b.x)):
            assert a.right <= b.x
    for a, b in itertools.pairwise(sorted(rows)):
        assert a + max(x.h for x in rows[a]) <= b


def test_collapsed_cards_are_not_packed(workshop_data: WorkshopData) -> None:
    """A folded branch is not a leaf: its "+N" badge needs room, so it stays in a stack."""
    data = workshop_data
    roots, kids = tree_of(data)
    departments = [c for r in roots for c, _ in kids[r]]
    folded = compute_layout(data, _measure(data), collapsed=departments)
    assert folded.grids == () and not _overlaps(folded)
    assert set(folded.hidden) == set(departments)


def _placer(kinds: str, *, grid_from: int = 8) -> Placer:
    """A root whose children are leaves ("l") or small branches ("b", two leaves each)."""
    root = ("objective", 0)
    sizes = {root: (300.0, 200.0)}
    children: dict = {root: ()}
    column = {root: 0}
    kids = []
    for i, kind in enumerate(kinds, start=1):
        key = ("objective", i)
        kids.append(key)
        sizes[key] = (300.0, 100.0 + 10 * (i % 3))
        column[key] = 1
        children[key] = ()
        if kind == "b":
            grand = (("objective", 100 + 2 * i), ("objective", 101 + 2 * i))
            children[key] = grand
            for g in grand:
                sizes[g], column[g], children[g] = (300.0, 80.0), 2, ()
    children[root] = tuple(kids)
    leaves = frozenset(k for k, v in children.items() if not v)
    return Placer(
        sizes, children, column, [300.0] * 3, Spacing(grid_from=grid_from), [root], leaves
    )


def test_only_runs_of_enough_leaves_are_packed_around_branches() -> None:
    placer = _placer("l" * 9 + "b" + "l" * 3 + "b" + "l" * 12)
    assert [(first, end) for _p, first, end in placer.runs] == [(0, 9), (14, 26)]
    placed = placer.place(4)
    assert [(b.k, b.rows) for b in placed.blocks] == [(3, 3), (4, 3)]
    # the branches and the short run of leaves stay in the column's first sub-column
    for i in (9, 10, 11, 12, 13):
        assert placed.main[("objective", i + 1)] == placed.col_pos[1]
    # bands never overlap across: each block ends before the next child starts
    first, second = placed.blocks
    assert first.end < placed.cross[("objective", 10)] < second.top
    # the column is as wide as its widest grid, and the next level starts after it
    assert placed.col_width[1] == 4 * 300 + 3 * placed.gutter
    assert placed.col_pos[2] == placed.col_pos[1] + placed.col_width[1] + Spacing().column_gap
    assert placer.place(1).blocks == []  # one sub-column: no grid at all


def test_a_short_fan_out_is_never_packed() -> None:
    assert _placer("l" * 7).runs == []
    assert _placer("l" * 8).runs != []
    default = Spacing().grid_from
    assert 5 <= default <= 8  # the sample's fan-outs of 2-4 always stay stacks
    assert _placer("l" * (default - 1), grid_from=default).runs == []
    assert _placer("l" * 30, grid_from=0).runs == []


def test_grids_never_grow_the_tree_past_a_width_limit(workshop_data: WorkshopData) -> None:
    """A printed page: packed only as wide as the page allows, then tiled downwards."""
    data = workshop_data
    narrow = compute_layout(data, _measure(data), spacing=Spacing(max_main=2500.0))
    _check(data, narrow)
    assert narrow.width <= 2500.0 and narrow.grids
    # two levels of 300 + 120 before the teams; then 5 x 300 cards and 4 gutters of 40 fit
    assert max(g.sub_columns for g in narrow.grids) == 5
    # a tree already wider than the limit is left as it is, without grids
    plain = compute_layout(data, _measure(data), spacing=Spacing(grid_from=0))
    capped = compute_layout(data, _measure(data), spacing=Spacing(max_main=500.0))
    assert capped.grids == () and capped.boxes == plain.boxes


def test_alignments_across_the_tree_are_links_that_move_no_card(tmp_path: Path) -> None:
    """Sideways and same-unit alignments: the tree stays a tree of units, tidy and
    deterministic; each such alignment is one link from its key result's card, and its
    child hangs under the nearest unit above with no loose edge of its own."""
    from tests.real_shaped import build_real_shaped

    built = build_real_shaped(tmp_path / "real.okr")
    data = _snapshot(built.path)
    layout = compute_layout(data, _measure(data))
    _check(data, layout)
    assert compute_layout(_snapshot(built.path), _measure(data)).edges == layout.edges
    kinds = {e.child: e.kind for e in layout.edges}
    for oid, kind in [(o, "sideways") for o in built.sideways] + [
        (o, "same_unit") for o in built.same_unit
    ]:
        (edge,) = [e for e in layout.edges if e.child == ("objective", oid)]
        assert edge.kind == kind and edge.route == ()
        assert edge.kr_id == data.objectives[oid].parent_kr_id
        assert edge.parent == ("objective", data.key_results[edge.kr_id].objective_id)
    for oid in built.unaligned:
        assert kinds[("objective", oid)] == "loose"
    # each card is placed by the units: a column per unit depth, whatever it is aligned to
    depth = data.unit_depths
    for key, box in layout.boxes.items():
        unit = data.objectives[key[1]].unit_id if key[0] == "objective" else key[1]
        assert layout.columns[box.column].index == box.column
        assert sorted(set(depth.values())).index(depth[unit]) == box.column
    # folding the branch a sideways link comes from takes the link away, not the card
    sideways = next(e for e in layout.edges if e.kind == "sideways")
    _roots, kids = tree_of(data)
    holder = next(p for p, cs in kids.items() if sideways.parent in [c for c, _ in cs])
    folded = compute_layout(data, _measure(data), collapsed=[holder])
    assert sideways.parent not in folded.boxes
    (edge,) = [e for e in folded.edges if e.child == sideways.child]
    assert edge.kind == "loose"  # back under the unit above, faintly


def test_an_objective_aligned_to_its_own_key_result_is_laid_out(tmp_path: Path) -> None:
    """A circle of one (only an old or damaged file holds it): no link, no crash."""
    from okr_studio import services

    with Workshop.create(tmp_path / "loop.okr") as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]
        obj = services.add_objective(ws, company, "Grow").subject[1]
        kr = services.add_key_result(ws, obj, "Revenue").subject[1]
    import sqlite3

    con = sqlite3.connect(tmp_path / "loop.okr")
    con.execute("UPDATE objective SET parent_kr_id = ? WHERE id = ?", (kr, obj))
    con.commit()
    con.close()
    data = _snapshot(tmp_path / "loop.okr")
    layout = compute_layout(data, _measure(data))
    assert set(layout.boxes) == {("objective", obj)} and layout.edges == ()
