"""Canvas figures for the issue's performance budget (prints; asserts nothing).

    uv run python benchmarks/bench_canvas.py            # generated, real-shaped, sample
    uv run python benchmarks/bench_canvas.py FILE.okr   # one file (measured on a copy)

The default run measures the generated workshop (1,000 objectives, uniform and all
aligned), a real-shaped one (``tests/real_shaped.py``: 49 objectives, uneven and
deep branches, long titles, sideways and same-unit alignments, unaligned
objectives, key results without numbers) and the sample workshop. A FILE given is
copied first (with SQLite's backup API): the benchmark renames a key result and
adds one, and must never change the file it was given.

Each workshop is measured in its own process so the memory figure is its own.
A frame is timed by painting the canvas's viewport (1920×1080) into a QImage,
offscreen, exactly as a repaint would.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BUDGET = {
    "open + paint fitted": 1000.0,
    "rename KR → repainted": 30.0,
    "full relayout (fold/unfold a branch)": 50.0,
    "relayout after adding a key result at the top": 50.0,
    "pan frame (fitted)": 16.0,
    "zoom frame (fitted)": 16.0,
    "memory (MB)": 300.0,
}


def measure(path: Path) -> dict[str, float]:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    from okr_studio import services
    from okr_studio.layout import compute_layout
    from okr_studio.store import Workshop
    from ui.canvas import CanvasView
    from ui.document import Document

    out: dict[str, float] = {}
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)

    def frame(view: CanvasView) -> float:
        t = time.perf_counter()
        view.viewport().render(image)
        return (time.perf_counter() - t) * 1000

    t0 = time.perf_counter()
    doc = Document(Workshop.open(path))
    view = CanvasView(doc)
    view.resize(1920, 1080)
    view.show()
    app.processEvents()
    view.fit_to_window()
    view.viewport().render(image)
    out["open + paint fitted"] = (time.perf_counter() - t0) * 1000
    out["cards"] = len(view.canvas_scene.cards)
    out["fitted zoom (%)"] = view.scale_factor() * 100

    pans, zooms = [], []
    for i in range(20):
        h = view.horizontalScrollBar()
        v = view.verticalScrollBar()
        v.setValue(v.value() + (5 if i % 2 else -5))
        h.setValue(h.value() + (3 if i % 2 else -3))
        app.processEvents()
        pans.append(frame(view))
    fitted = view.scale_factor()
    for i in range(20):
        view.set_scale(fitted * (1.1 if i % 2 == 0 else 1.0), QPoint(960, 540))
        zooms.append(frame(view))
    view.fit_to_window()
    out["pan frame (fitted)"] = statistics.median(pans)
    out["zoom frame (fitted)"] = statistics.median(zooms)

    # Reading zoom: 100 % and the smallest zoom that still draws text (worst case).
    scene = view.canvas_scene
    first_kr = next(iter(doc.data.key_results.values()))
    node = ("objective", first_kr.objective_id)
    for label, scale in (("frame at 100 %", 1.0), ("frame at text threshold", None)):
        if scale is None:
            from ui.canvas.items import MIN_TEXT_PX

            scale = MIN_TEXT_PX / scene.style.title_px * 1.01
        view.set_scale(scale)
        view.centerOn(scene.cards[node])
        app.processEvents()
        frames = []
        for i in range(10):
            v = view.verticalScrollBar()
            v.setValue(v.value() + (20 if i % 2 else -20))
            frames.append(frame(view))
        out[label] = statistics.median(frames)

    # One edit: rename a key result, until the canvas is repainted (at 100 % on its card).
    view.set_scale(1.0)
    view.centerOn(scene.cards[node])
    app.processEvents()
    times, writes = [], []
    for i in range(9):
        title = first_kr.title[:-1] + "XY"[i % 2]
        t = time.perf_counter()
        doc.execute(
            lambda ws, title=title: services.update_key_result(ws, first_kr.id, title=title)
        )
        t_written = time.perf_counter()
        view.viewport().render(image)
        times.append((time.perf_counter() - t) * 1000)
        writes.append((t_written - t) * 1000)
    out["rename KR → repainted"] = statistics.median(times)
    out["  of which the edit until the canvas is updated"] = statistics.median(writes)
    # The same rename with no UI listening: what the file write alone costs.
    doc.workshop.unsubscribe(doc._on_event)
    alone = []
    for i in range(9):
        title = first_kr.title[:-1] + "XY"[i % 2]
        t = time.perf_counter()
        services.update_key_result(doc.workshop, first_kr.id, title=title)
        alone.append((time.perf_counter() - t) * 1000)
    doc.workshop.subscribe(doc._on_event)
    doc.reload()
    out["  of which the file write alone (service)"] = statistics.median(alone)

    # Full relayout where most cards move or leave: fold and unfold the first branch.
    root = scene.layout.roots[0]
    branch = (
        scene.layout.children.get(root, (root,))[0] if scene.layout.children.get(root) else root
    )
    times = []
    for i in range(6):
        t = time.perf_counter()
        scene.toggle_collapsed(branch, i % 2 == 0)
        times.append((time.perf_counter() - t) * 1000)
    out["full relayout (fold/unfold a branch)"] = statistics.median(times)
    # Relayout after an edit that moves the cards below it: a key result added to the
    # first objective and taken away again (the time of the scene's rebuild only).
    rebuilds: list[float] = []
    real_rebuild = scene.rebuild

    def timed_rebuild() -> None:
        t = time.perf_counter()
        real_rebuild()
        rebuilds.append((time.perf_counter() - t) * 1000)

    scene.rebuild = timed_rebuild  # type: ignore[method-assign]
    top = scene.layout.roots[0][1]
    for _ in range(3):
        doc.execute(lambda ws: services.add_key_result(ws, top, "Benchmark row"))
        doc.undo()
    scene.rebuild = real_rebuild  # type: ignore[method-assign]
    out["relayout after adding a key result at the top"] = statistics.median(rebuilds)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        scene.rebuild()
        times.append((time.perf_counter() - t) * 1000)
    out["relayout, nothing moved"] = statistics.median(times)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        compute_layout(doc.data, lambda k: scene.content(k).size)
        times.append((time.perf_counter() - t) * 1000)
    out["compute_layout alone"] = statistics.median(times)
    # The coach after an edit: it runs once (in the document) and every view reads it.
    doc.reload()  # a new snapshot, as after an edit
    t = time.perf_counter()
    doc.publish_findings()
    out["coach badges (after an edit, deferred)"] = (time.perf_counter() - t) * 1000

    out["memory (MB)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    view.close()
    doc.close()
    return out


def report(name: str, figures: dict[str, float]) -> None:
    print(f"\n{name}")
    for key, value in figures.items():
        budget = BUDGET.get(key)
        unit = "" if key == "cards" or key.endswith(("(%)", "(MB)")) else " ms"
        mark = ""
        if budget is not None:
            mark = f"   (budget {budget:g}{unit}: {'ok' if value <= budget else 'OVER'})"
        print(f"  {key:<48} {value:10.1f}{unit}{mark}")


def copy_of(path: Path, folder: Path) -> Path:
    """A private copy of a workshop file to measure on (the original is only read)."""
    target = folder / f"copy {len(list(folder.iterdir()))} {path.name}"
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        figures = measure(Path(sys.argv[2]))
        print(repr(figures))
        return
    files: list[tuple[str, Path]] = []
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            files = [(Path(a).name, copy_of(Path(a), Path(tmp))) for a in sys.argv[1:]]
        else:
            from okr_studio.sample import write_sample
            from tests.generate import generate
            from tests.real_shaped import build_real_shaped

            files = [
                (
                    "generated: 1 company, 10 departments, 200 teams, 1,000 objectives, "
                    "4,000 key results",
                    generate(Path(tmp) / "big.okr"),
                ),
                (
                    "real-shaped: 49 objectives, 136 key results, uneven and deep, sideways "
                    "and same-unit alignments (tests/real_shaped.py)",
                    build_real_shaped(Path(tmp) / "real.okr").path,
                ),
                ("sample workshop", write_sample(Path(tmp) / "sample.okr")),
            ]
        for name, path in files:
            result = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = eval(result.stdout.strip().splitlines()[-1])
            report(name, figures)


if __name__ == "__main__":
    main()
