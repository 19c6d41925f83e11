"""Work per edit in the core: layout, coach and snapshot patch (prints; asserts nothing).

    uv run python benchmarks/bench_incremental.py            # 1,000 and 10,000 objectives
    uv run python benchmarks/bench_incremental.py 1000       # one size

For each size it generates the workshop (``tests.generate``: 1,000 objectives and
4,000 key results, or 10,000 and 40,000 in 2,000 teams), opens it, and times, as
the median of a few runs:

- the whole layout (:func:`okr_studio.layout.compute_layout`) and the relayout
  (:func:`okr_studio.layout.relayout`) after adding a key result to the top
  objective (and taking it away), after renaming a team objective to a title that
  wraps (its card grows), and when nothing moved;
- the coach's whole run, cold (nothing read before in this process) and warm, and
  (what ran after every edit before) and its re-check after an edit
  (:func:`okr_studio.coach.recheck`);
- patching the snapshot with an edit's change record (:func:`okr_studio.data.patched`);
- reading the whole file into a snapshot (:func:`okr_studio.snapshot.read_snapshot`, as
  opening does), and a relayout that folds and unfolds the first department's branch
  (most cards move).

On a shared machine the wall-clock figures are noisy: the whole layout and the reading
are also given in CPU time.

Each size runs in a process of its own, the coach first (its first run reads every
title, as when a file is opened). The cards are measured by a stand-in for the
canvas's measure (taller for more key results and longer titles), so the figures are
the core's own, without Qt.
Targets at 10,000 objectives: relayout after an edit ≤ 50 ms, coach after an edit ≤ 30 ms.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okr_studio import services
from okr_studio.data import WorkshopData, patched
from okr_studio.events import Change
from okr_studio.layout import Layout, compute_layout, relayout
from okr_studio.snapshot import read_snapshot
from okr_studio.store import Workshop

SIZES = {
    1000: {},
    10000: {"departments": 40, "teams": 2000, "objectives": 10000, "key_results": 40000},
}
TARGETS = {"relayout": 50.0, "coach after an edit": 30.0}
TODAY = dt.date(2027, 2, 15)


def measure_for(data: WorkshopData) -> Callable[[tuple[str, int]], tuple[float, float]]:
    def measure(key: tuple[str, int]) -> tuple[float, float]:
        if key[0] == "unit":
            return (300.0, 70.0)
        title = data.objectives[key[1]].title
        return (300.0, 60.0 + 18 * (1 + len(title) // 40) + 44.0 * len(data.key_results_of(key[1])))

    return measure


def cards_of(rows: Any) -> set[tuple[str, int]]:
    """The cards an edit's rows may resize (what the canvas measures again)."""
    out: set[tuple[str, int]] = set()
    for row in rows:
        for values in (row.before, row.after):
            if values is not None and row.table == "objective":
                out.add(("objective", row.id))
            elif values is not None and row.table == "key_result":
                out.add(("objective", values["objective_id"]))
    return out


def ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


class Bench:
    def __init__(self, ws: Workshop) -> None:
        self.ws = ws
        self.data = ws.snapshot()
        self.layout: Layout = compute_layout(self.data, measure_for(self.data))
        self.times: dict[str, list[float]] = {}

    def note(self, name: str, value: float) -> None:
        self.times.setdefault(name, []).append(value)

    def edit(self, change: Change, label: str) -> None:
        t = time.perf_counter()
        self.data = patched(self.data, change.rows)
        self.note("snapshot patch", ms(t))
        t = time.perf_counter()
        self.layout = relayout(
            self.layout, self.data, measure_for(self.data), remeasure=cards_of(change.rows)
        )
        self.note(f"relayout after {label}", ms(t))
        moved = self.layout.delta.moved if self.layout.delta is not None else None
        self.note(f"  cards moved after {label}", len(moved) if moved is not None else -1)

    def run_layout(self) -> None:
        data = self.data
        for _ in range(5):
            t, cpu = time.perf_counter(), time.process_time()
            compute_layout(data, measure_for(data))
            self.note("whole layout", ms(t))
            self.note("whole layout, CPU time", (time.process_time() - cpu) * 1000)
        # Fold the first department's branch and unfold it: most cards move.
        root = self.layout.roots[0]
        branch = (self.layout.children.get(root) or (root,))[0]
        for i in range(6):
            t = time.perf_counter()
            self.layout = relayout(
                self.layout,
                data,
                measure_for(data),
                collapsed={branch} if i % 2 == 0 else (),
                remeasure=(),
            )
            self.note("relayout after folding or unfolding a branch", ms(t))
        top = self.layout.roots[0][1]
        team = max(data.objectives.values(), key=lambda o: data.unit_depths[o.unit_id])
        for _ in range(5):
            added = services.add_key_result(self.ws, top, "Benchmark row")
            self.edit(added, "adding a key result")
            self.edit(services.undo(self.ws, added), "taking it away")
            renamed = services.update_objective(self.ws, team.id, title=team.title + " " * 50 + "x")
            self.edit(renamed, "renaming an objective")
            self.edit(services.undo(self.ws, renamed), "renaming it back")
        # A card near the top grows by a few lines: every card below it moves down.
        first = self.layout.grids[0].children[0][1] if self.layout.grids else top
        title = data.objectives[first].title
        for _ in range(3):
            grown = services.update_objective(self.ws, first, title=title + " and more" * 20)
            self.edit(grown, "a card near the top grows")
            self.edit(services.undo(self.ws, grown), "it shrinks back")
        for _ in range(5):
            t = time.perf_counter()
            self.layout = relayout(self.layout, self.data, measure_for(self.data), remeasure=())
            self.note("relayout, nothing moved", ms(t))
            t = time.perf_counter()
            self.layout = relayout(self.layout, self.data, measure_for(self.data))
            self.note("relayout, nothing moved, every card measured", ms(t))

    def run_reading(self) -> None:
        """Reading the whole file into a snapshot, as opening it does."""
        conn = sqlite3.connect(f"file:{self.ws.path}?mode=ro", uri=True)
        try:
            for _ in range(5):
                t, cpu = time.perf_counter(), time.process_time()
                read_snapshot(conn)
                self.note("reading the file into a snapshot", ms(t))
                self.note(
                    "reading the file into a snapshot, CPU time", (time.process_time() - cpu) * 1000
                )
        finally:
            conn.close()

    def run_coach(self) -> None:
        from okr_studio import coach

        t = time.perf_counter()
        run = coach.recheck(None, self.data, "en", today=TODAY)
        self.note("whole coach, first run in this process", ms(t))
        for _ in range(3):
            t = time.perf_counter()
            coach.check(self.data, "en", today=TODAY)
            self.note("whole coach, again (what ran after every edit)", ms(t))
        kr = next(iter(self.data.key_results.values()))
        for i in range(7):
            change = services.update_key_result(
                self.ws, kr.id, title=f"Raise churn {i} from 3 to 5"
            )
            self.data = patched(self.data, change.rows)
            t = time.perf_counter()
            run = coach.recheck(run, self.data, "en", today=TODAY)
            self.note("coach after an edit (rename a key result)", ms(t))
        top = self.layout.roots[0][1]
        for _ in range(3):
            added = services.add_key_result(self.ws, top, "Benchmark row")
            for change in (added, services.undo(self.ws, added)):
                self.data = patched(self.data, change.rows)
                t = time.perf_counter()
                run = coach.recheck(run, self.data, "en", today=TODAY)
                self.note("coach after an edit (add a key result at the top)", ms(t))
        team = max(self.data.objectives.values(), key=lambda o: self.data.unit_depths[o.unit_id])
        for i in range(3):
            change = services.update_objective(self.ws, team.id, title=f"Launch the app {i}")
            self.data = patched(self.data, change.rows)
            t = time.perf_counter()
            run = coach.recheck(run, self.data, "en", today=TODAY)
            self.note("coach after an edit (rename a team objective)", ms(t))


def report(size: int, bench: Bench) -> None:
    data = bench.data
    print(f"\n{len(data.objectives):,} objectives, {len(data.key_results):,} key results")
    for name, values in bench.times.items():
        value = statistics.median(values)
        unit = "" if name.strip().startswith("cards") else " ms"
        target = next((t for k, t in TARGETS.items() if name.startswith(k)), None)
        mark = ""
        if target is not None and size >= 10000 and unit:
            mark = f"   (target {target:g} ms: {'ok' if value <= target else 'OVER'})"
        print(f"  {name:<52} {value:10.1f}{unit}{mark}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":  # one size, in a process of its own
        size = int(sys.argv[2])
        from tests.generate import generate

        with tempfile.TemporaryDirectory() as tmp:
            path = generate(Path(tmp) / "bench.okr", **SIZES.get(size, {"objectives": size}))
            with Workshop.open(path) as ws:
                bench = Bench(ws)
                bench.run_reading()
                bench.run_coach()
                bench.run_layout()
                report(size, bench)
        return
    for size in [int(a) for a in sys.argv[1:]] or list(SIZES):
        print(f"\n(generating {size:,} objectives…)", flush=True)
        subprocess.run([sys.executable, __file__, "--one", str(size)], check=True)


if __name__ == "__main__":
    main()
