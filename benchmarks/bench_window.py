"""The main window's figures at scale (prints; asserts nothing).

    uv run python benchmarks/bench_window.py                 # 1,000 and 10,000 objectives,
                                                             # sample
    uv run python benchmarks/bench_window.py --keep DIR      # the same, generated files kept
    uv run python benchmarks/bench_window.py FILE.okr ...    # given files (measured on copies)

``benchmarks/bench_canvas.py`` measures the canvas alone; this one opens each
workshop in the real :class:`ui.main_window.MainWindow` (1920×1080, offscreen),
with the outline, the inspector and the coach panel, and prints:

- open → first paint: the file read, the document made, the window shows it and
  paints once (``QWidget.grab`` paints every widget of the window);
- open → all panels filled: the same, until the canvas has drawn its cards, the
  outline has its rows, the inspector its fields and the coach panel the findings;
- document ready → shown, split by panel (the time each one took to show the
  document; "canvas" includes making the canvas);
- a selection change: ``Document.select`` of a card until every panel followed (the
  canvas, the outline, the inspector…), and until the window repainted (the canvas
  scrolls to the card); the median and the worst of 12 cards across the tree;
- an edit → outline and inspector updated: a key result renamed through its
  service (the file written), until its outline row and the inspector's title field
  show the new title; and until the window repainted.

Each workshop is measured in its own process, on a copy (SQLite's backup API);
``--repeat N`` measures each N times (a process each) and prints the medians, for a
shared machine whose figures vary from run to run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from bench_canvas import copy_of, generated, measure_apart

W, H = 1920, 1080
PANELS = ("canvas", "outline", "inspector", "coach panel")


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _wait(app: Any, done: Callable[[], bool], limit_s: float = 120.0) -> None:
    end = time.perf_counter() + limit_s
    while not done() and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def _timed(spent: dict[str, float], name: str, owner: Any, attr: str) -> None:
    """Add the time ``owner.attr`` takes to ``spent[name]`` (a class's or a module's)."""
    original = getattr(owner, attr)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + _ms(t)

    setattr(owner, attr, wrapper)


def _cards(data: Any, count: int) -> list[tuple[str, int]]:
    """``count`` cards spread across the tree: objectives and key results in turn."""
    objectives = sorted(data.objectives)
    step = max(1, len(objectives) // count)
    keys: list[tuple[str, int]] = []
    for i, obj in enumerate(objectives[::step][:count]):
        krs = data.key_results_of(obj)
        keys.append(("key_result", krs[0].id) if i % 2 and krs else ("objective", obj))
    return keys


def measure(path: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    from ui.app import _lighter_imports

    _lighter_imports()  # as the app does before its heavy imports
    import ui.main_window
    from okr_studio import services
    from okr_studio.store import Workshop
    from ui.coach_panel import CoachView
    from ui.document import Document
    from ui.inspector import Inspector
    from ui.outline import OutlineTree

    spent: dict[str, float] = {}
    _timed(spent, "canvas", ui.main_window, "make_canvas")
    _timed(spent, "outline", OutlineTree, "show_document")
    _timed(spent, "inspector", Inspector, "show_document")
    _timed(spent, "coach panel", CoachView, "show_document")
    _timed(spent, "coach panel", CoachView, "on_findings_changed")

    window = ui.main_window.MainWindow()
    window.resize(W, H)
    window.show()
    app.processEvents()
    window.grab()  # the welcome page painted: the panels are made after it
    app.processEvents()
    out: dict[str, float] = {}

    # ---- open -------------------------------------------------------------------------
    t0 = time.perf_counter()
    doc = Document(Workshop.open(path))
    ready = time.perf_counter()
    out["read the file → document ready"] = _ms(t0)
    spent.clear()
    window._set_document(doc)  # pyright: ignore[reportPrivateUsage]
    out["document ready → set (all panels)"] = _ms(ready)
    for name in PANELS:
        out[f"  … {name}"] = spent.get(name, 0.0)
    app.processEvents()
    window.grab()
    out["open → first paint"] = _ms(t0)
    canvas = window.canvas
    assert canvas is not None
    scene = canvas.canvas_scene
    busy = getattr(scene, "busy", lambda: False)
    outline, inspector = window.outline, window.inspector
    _wait(
        app,
        lambda: (
            doc.fresh_report is not None
            and not busy()
            and outline.topLevelItemCount() > 0
            and bool(inspector.heading.text())
        ),
    )
    window.grab()
    out["open → all panels filled"] = _ms(t0)
    out["document ready → all panels filled"] = _ms(ready)
    out["  … coach panel, with its findings"] = spent.get("coach panel", 0.0)
    out["outline rows made"] = len(outline.item_keys())

    # ---- selection ----------------------------------------------------------------------
    followed, times = [], []
    for key in _cards(doc.data, 12):
        t = time.perf_counter()
        doc.select(key)
        followed.append(_ms(t))
        app.processEvents()
        times.append(_ms(t))
        assert outline.currentItem() is outline.item_for(key)
    out["selection change → panels followed, median"] = statistics.median(followed)
    out["selection change → panels followed, worst"] = max(followed)
    out["selection change → repainted, median"] = statistics.median(times)
    out["selection change → repainted, worst"] = max(times)

    # ---- an edit ------------------------------------------------------------------------
    edits, repainted = [], []
    for n, key in enumerate(_cards(doc.data, 5)):
        kr = key[1] if key[0] == "key_result" else doc.data.key_results_of(key[1])[0].id
        doc.select(("key_result", kr))
        _wait(app, lambda: doc.fresh_report is not None and not busy())  # the last edit's work
        app.processEvents()
        title = f"Renamed {n} for the benchmark"
        t = time.perf_counter()
        doc.execute(lambda ws, k=kr, s=title: services.update_key_result(ws, k, title=s))
        row = outline.item_for(("key_result", kr))
        field = inspector.page.fields["title"]
        _wait(
            app,
            lambda r=row, f=field, s=title: (
                r is not None and r.text(0).startswith(s) and f.text() == s
            ),
            10,
        )
        edits.append(_ms(t))
        app.processEvents()
        repainted.append(_ms(t))
    out["edit → outline and inspector updated, median"] = statistics.median(edits)
    out["edit → repainted, median"] = statistics.median(repainted)
    window.close_workshop()
    window.close()
    return out


def report(results: list[tuple[str, dict[str, float]]]) -> None:
    names = [name for name, _ in results]
    rows: list[str] = []
    for _, figures in results:
        rows += [r for r in figures if r not in rows]
    width = max(len(r) for r in rows) + 2
    print(" " * width + "".join(f"{n:>14}" for n in names))
    for row in rows:
        cells = []
        for _, figures in results:
            value = figures.get(row)
            unit = "" if row == "outline rows made" else " ms"
            cells.append(f"{value:>11.0f}{unit:3}" if value is not None else f"{'—':>14}")
        print(f"{row:<{width}}" + "".join(cells))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(repr(measure(Path(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated files here")
    parser.add_argument("--repeat", type=int, default=1, help="runs per workshop (medians)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.files:
            files = [(p.name, p) for p in args.files]
        else:
            keep = args.keep or work / "generated"
            keep.mkdir(parents=True, exist_ok=True)
            files = [(n, p) for n, p in generated(keep) if n != "real-shaped"]
        results = []
        for name, path in files:
            runs = [
                r
                for r in (
                    measure_apart(__file__, name, copy_of(path, work)) for _ in range(args.repeat)
                )
                if r
            ]
            if runs:
                rows = {row: [r[row] for r in runs if row in r] for row in runs[0]}
                results.append((name, {row: statistics.median(v) for row, v in rows.items()}))
    print(
        "Main window, 1920×1080 offscreen; each workshop in its own process"
        + (f", medians of {args.repeat} runs" if args.repeat > 1 else "")
    )
    report(results)


if __name__ == "__main__":
    main()
