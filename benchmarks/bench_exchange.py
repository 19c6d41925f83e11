"""Benchmark: export and import of the generated 1,000-objective / 4,000-key-result workshop.

For each format (XLSX, CSV, JSON, Markdown) prints the export time, the import
time into a new workshop split into reading the file, making the plan and
applying it (one transaction), and the file's size; then a re-import of the
unchanged XLSX and JSON into the workshop they came from (a three-way
comparison of 5,000+ items that finds nothing to change). Each figure is the
best of ``--repeat`` runs, wall time and the process's CPU time (which a machine
busy with other work inflates less). Targets (issue 13): import of the 5,000-row XLSX
≤ 2 s, XLSX export ≤ 2 s, JSON export ≤ 0.5 s, JSON import ≤ 1 s.

    uv run python benchmarks/bench_exchange.py [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okr_studio import services
from okr_studio.exchange import export_file, make_plan, read_file
from okr_studio.store import Workshop
from tests.generate import generate

FORMATS = (("xlsx", ".xlsx"), ("csv", ".csv"), ("json", ".json"), ("markdown", ".md"))
TARGETS = {("xlsx", "export"): 2.0, ("xlsx", "import"): 2.0, ("json", "export"): 0.5,
           ("json", "import"): 1.0}  # fmt: skip


CPU: list[float] = []  # the process time of the last measurement


def best(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The best wall time of ``repeat`` runs (and its CPU time in :data:`CPU`)."""
    times = []
    result = None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    wall, used = min(times)
    CPU[:] = [used]
    return wall, result


def import_new(path: Path, folder: Path, counter: list[int]) -> tuple[float, float, float, float]:
    cpu = time.process_time()
    start = time.perf_counter()
    incoming = read_file(path)
    read = time.perf_counter() - start
    plan = make_plan(incoming)
    planned = time.perf_counter() - start - read
    counter[0] += 1
    with Workshop.create(folder / f"new-{counter[0]}.okr") as ws:
        services.apply_plan(ws, plan)
    applied = time.perf_counter() - start - read - planned
    return read, planned, applied, time.process_time() - cpu


def mark(fmt: str, what: str, seconds: float) -> str:
    target = TARGETS.get((fmt, what))
    if target is None:
        return ""
    return f"  (target ≤ {target:g} s: {'met' if seconds <= target else 'MISSED'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = generate(folder / "generated.okr")
        with Workshop.open(source) as ws:
            data = ws.snapshot()
        items = len(data.units) + len(data.objectives) + len(data.key_results)
        print(f"Generated workshop: {len(data.units)} units, {len(data.objectives)} objectives, "
              f"{len(data.key_results)} key results ({items} rows)")  # fmt: skip
        counter = [0]
        for fmt, suffix in FORMATS:
            out = folder / f"out{suffix}"
            seconds, _ = best(args.repeat, lambda out=out, fmt=fmt: export_file(data, out, fmt))
            print(f"{fmt:<8} export {seconds:6.3f} s (CPU {CPU[0]:.3f} s)  "
                  f"{out.stat().st_size / 1e6:5.2f} MB" + mark(fmt, "export", seconds))  # fmt: skip
            runs = [import_new(out, folder, counter) for _ in range(args.repeat)]
            read, planned, applied, cpu = min(runs, key=lambda r: sum(r[:3]))
            total = read + planned + applied
            print(f"{fmt:<8} import {total:6.3f} s (CPU {cpu:.3f} s)  (read {read:.3f}, plan "
                  f"{planned:.3f}, apply {applied:.3f})" + mark(fmt, "import", total))  # fmt: skip
        with Workshop.open(source) as ws:
            for fmt, suffix in (("xlsx", ".xlsx"), ("json", ".json")):
                path = folder / f"out{suffix}"
                seconds, plan = best(args.repeat, lambda p=path: make_plan(read_file(p), data))
                print(f"{fmt:<8} re-import of the unchanged file: {seconds:.3f} s to read and "
                      f"compare, {len(plan.diffs)} differences")  # fmt: skip
            del ws
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        print(f"peak memory of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
