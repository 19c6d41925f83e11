"""Benchmark: export the generated 200-team workshop as one booklet.

Prints the booklet's time, the time ReportLab itself takes to lay out the same
text as plain tables (Paragraph cells, the same embedded font, no styling) in
the same run, their ratio, the peak memory, and the page count. Targets
(issue 5): ≤ 5 s, and no more than twice the baseline.

Then the review booklet (issue 14) of the same workshop with three check-ins on every
key result (a copy of it): its time beside the alignment booklet's in the same run;
target: ≤ 2× the alignment booklet's time.

The booklet draws plain text with its own light text blocks rather than
Paragraphs, so for reference the baseline runs a second time with those blocks
in its cells: the booklet's cost beside the cheapest way this code lays out the
same tables. Both baselines run with the same garbage-collector setting as the
export, so the comparison is like for like.

    uv run python benchmarks/bench_pdf.py [--keep DIR] [--paper a4|letter] [--tracemalloc]

At scale (issue 17): ``--scale`` exports the booklet of the generated 1,000- and
10,000-objective workshops (``generate(path, departments=40, teams=2000,
objectives=10000, key_results=40000)``), each in a fresh process, and prints the
time and the peak resident memory of each and the ratio of the times. Targets:
peak ≤ 400 MB, 10,000 ≤ 12 × 1,000. ``--repo DIR`` runs the same measurement on
the code of another checkout (its own .venv), for a before/after in one run;
``--repeat N`` repeats each size and prints medians.

    uv run python benchmarks/bench_pdf.py --scale [--repeat 3] [--keep DIR] [--repo DIR]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

from okr_studio.data import WorkshopData
from okr_studio.pdf import export_booklet
from okr_studio.pdf.booklet import fewer_collections, sheet_units
from okr_studio.pdf.fonts import REGULAR, font_book
from okr_studio.pdf.lines import TextBlock
from okr_studio.pdf.values import target_text
from okr_studio.store import Workshop
from tests.generate import add_check_ins, generate


def baseline(data: WorkshopData, out: Path, paper: str, *, light: bool = False) -> int:
    """The same user text as plain Paragraph tables, one table per team.

    With ``light``, the cells are the export's light text blocks instead.
    """
    font_book()  # the same embedded font, registered once
    style = ParagraphStyle("plain", fontName=REGULAR, fontSize=8.5, leading=10.5)
    look = (REGULAR, style.fontSize, style.textColor)

    def p(text: str) -> Paragraph | TextBlock:
        if light:
            lines = text.rstrip("\n").split("\n") if text.strip() else []
            return TextBlock([[(line, look)] for line in lines], style)
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    doc = SimpleDocTemplate(str(out), pagesize=A4 if paper == "a4" else LETTER)
    story: list = []
    # The overview's text: every objective and key result once.
    rows = []
    for obj in data.objectives.values():
        unit = data.units[obj.unit_id]
        rows.append([p(f"{unit.level} · {unit.name}"), p(obj.title)])
        rows += [[p(""), p(kr.title)] for kr in data.key_results_of(obj.id)]
    story += [Table(rows, colWidths=[150, 330]), PageBreak()]
    for unit_id in sheet_units(data):
        unit = data.units[unit_id]
        rows = [[p(unit.name), p(data.info.name), p(data.info.facilitator)]]
        for obj in data.objectives_of(unit_id):
            for step, kr in data.chain(obj.id):
                rows.append([p(step.title), p(kr.title if kr else ""), p("")])
            rows.append([p(obj.problem), p(obj.behaviour_change), p(obj.success_measure)])
            rows.append([p(data.person_name(obj.owner_id)), p(obj.status), p("")])
            for kr in data.key_results_of(obj.id):
                first, second = target_text(kr)
                rows.append([p(f"{kr.title}\n{kr.metric}"), p(f"{first}\n{second}"), p("")])
                rows.append(
                    [
                        p(str(kr.due_date or "")),
                        p(data.person_name(kr.owner_id)),
                        p(f"{kr.work_type} {kr.confidence or ''}"),
                    ]
                )
        story += [Table(rows, colWidths=[200, 150, 130], splitInRow=1), PageBreak()]
    doc.build(story)
    return doc.page


def review(path: Path, folder: Path, paper: str) -> float:
    """The review booklet of a copy of the workshop with 3 check-ins per key result."""
    import shutil

    from okr_studio.pdf.review_booklet import export_review_booklet

    lived = folder / "generated-with-check-ins.okr"
    if not lived.exists():
        shutil.copyfile(path, lived)
        with Workshop.open(lived) as ws:
            add_check_ins(ws)
    with Workshop.open(lived, read_only=True) as ws:
        data = ws.snapshot()
    print(f"review workshop: {len(data.check_ins)} check-ins")
    t, c = time.perf_counter(), time.process_time()
    report = export_review_booklet(
        data, folder / "review.pdf", workshop_name_for_footer=lived.name, paper=paper
    )
    took, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"review booklet: {report.pages} pages, {cpu:6.2f} s CPU")
    return took


SIZES = {
    "1,000": {},
    "10,000": {"departments": 40, "teams": 2000, "objectives": 10000, "key_results": 40000},
}

#: Runs in a fresh process with the code of the checkout measured (its own .venv).
CHILD = """
import json, resource, sys, time
from pathlib import Path
try:
    from tests.generate import generate
except ImportError:  # older checkouts kept it in the package
    from okr_studio.generate import generate
from okr_studio.pdf import export_booklet
from okr_studio.store import Workshop

path, out, sizes = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
if not path.exists():
    generate(path, **sizes)
with Workshop.open(path, read_only=True) as ws:
    data = ws.snapshot()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t, c = time.perf_counter(), time.process_time()
report = export_booklet(data, out, workshop_name_for_footer=path.name)
print(json.dumps({
    "seconds": time.perf_counter() - t, "cpu": time.process_time() - c, "pages": report.pages,
    "before_mib": before / 1024,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def scale(folder: Path, repo: Path, repeat: int) -> None:
    """The booklet of 1,000 and 10,000 objectives: time, peak memory, and the ratio."""
    import json
    import statistics
    import subprocess

    python = repo / ".venv" / "bin" / "python"
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in SIZES}
    for _ in range(repeat):
        for name, sizes in SIZES.items():
            path = folder / f"scale-{name.replace(',', '')}-{repo.name}.okr"
            proc = subprocess.run(
                [str(python), "-c", CHILD, str(path), str(folder / "scale.pdf"), json.dumps(sizes)],
                cwd=repo,
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                raise SystemExit(f"the {name} booklet failed:\n{proc.stderr[-3000:]}")
            runs[name].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"booklet at scale, code of {repo}, {repeat} run(s) each, medians:")
    med: dict[str, dict[str, float]] = {}
    for name, found in runs.items():
        med[name] = {k: statistics.median(r[k] for r in found) for k in found[0]}
        m = med[name]
        print(
            f"  {name:>6} objectives: {m['seconds']:7.1f} s wall, {m['cpu']:7.1f} s CPU, "
            f"{m['pages']:6.0f} pages, peak {m['peak_mib']:6.0f} MiB "
            f"(snapshot loaded: {m['before_mib']:.0f} MiB)"
        )
    ratio = med["10,000"]["seconds"] / med["1,000"]["seconds"]
    cpu_ratio = med["10,000"]["cpu"] / med["1,000"]["cpu"]
    peak = med["10,000"]["peak_mib"]
    print(f"  ratio 10,000 / 1,000: {ratio:.1f} wall, {cpu_ratio:.1f} CPU")
    print(
        f"  targets: peak ≤ 400 MiB → {'met' if peak <= 400 else 'NOT met'}; "
        f"ratio ≤ 12 → {'met' if ratio <= 12 else 'NOT met'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the workshop and PDFs in this folder")
    parser.add_argument("--paper", default="a4", choices=["a4", "letter"])
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also trace Python allocations (the booklet then runs many times slower)",
    )
    parser.add_argument("--scale", action="store_true", help="1,000 and 10,000 objectives")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each size (--scale)")
    parser.add_argument(
        "--repo", type=Path, default=Path(__file__).resolve().parents[1], help="code to measure"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="okr-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.scale:
        scale(folder, args.repo.resolve(), args.repeat)
        if not args.keep:
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
        return 0
    path = folder / "generated.okr"
    if not path.exists():
        t = time.perf_counter()
        generate(path)
        print(f"generated workshop: {time.perf_counter() - t:.2f} s")
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    print(
        f"workshop: {len(data.units)} units, {len(data.objectives)} objectives, "
        f"{len(data.key_results)} key results"
    )
    font_book()  # font registration is start-up cost, shared by both runs

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.tracemalloc:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    report = export_booklet(
        data, folder / "booklet.pdf", workshop_name_for_footer=path.name, paper=args.paper
    )
    booklet_s, booklet_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_booklet = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else 0
    tracemalloc.stop()

    with fewer_collections():
        t1, c1 = time.perf_counter(), time.process_time()
        base_pages = baseline(data, folder / "baseline.pdf", args.paper)
        base_s, base_cpu = time.perf_counter() - t1, time.process_time() - c1
        t2, c2 = time.perf_counter(), time.process_time()
        light_pages = baseline(data, folder / "baseline-light.pdf", args.paper, light=True)
        light_s, light_cpu = time.perf_counter() - t2, time.process_time() - c2

    print(f"booklet:  {booklet_s:6.2f} s wall, {booklet_cpu:6.2f} s CPU, {report.pages} pages")
    print(f"baseline: {base_s:6.2f} s wall, {base_cpu:6.2f} s CPU, {base_pages} pages")
    print(f"ratio:    {booklet_s / base_s:6.2f} wall, {booklet_cpu / base_cpu:6.2f} CPU")
    print(
        f"for reference, baseline with light text blocks: {light_s:6.2f} s wall, "
        f"{light_cpu:6.2f} s CPU, {light_pages} pages; booklet ÷ it: "
        f"{booklet_s / light_s:.2f} wall, {booklet_cpu / light_cpu:.2f} CPU"
    )
    if args.tracemalloc:
        print(f"peak Python memory during the booklet: {peak / 2**20:.1f} MiB (tracemalloc)")
    print(
        f"peak resident memory after the booklet: {rss_booklet / 1024:.1f} MiB "
        f"(before it: {rss_before / 1024:.1f} MiB)"
    )
    if args.tracemalloc:
        print("(tracing slows the booklet many times over: run without --tracemalloc for times)")
    else:
        print(f"targets: booklet ≤ 5 s → {'met' if booklet_s <= 5 else 'NOT met'}; ", end="")
        print(f"ratio ≤ 2 → {'met' if booklet_s <= 2 * base_s else 'NOT met'}")
    review_s = review(path, folder, args.paper)
    print(
        f"review:   {review_s:6.2f} s wall; ÷ the alignment booklet: {review_s / booklet_s:.2f} "
        f"→ target ≤ 2 {'met' if review_s <= 2 * booklet_s else 'NOT met'}"
    )
    if not args.keep:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
