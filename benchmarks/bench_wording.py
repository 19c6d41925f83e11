"""Precision and recall of the coach's task-wording rules on labelled titles.

The titles live in ``benchmarks/wording/``: ``heldout.tsv`` (a third, kept apart
before the rules were tuned) and ``tuning.tsv`` (the rest). Each title is read
twice: as in a workshop whose language is the title's language, and as in a
workshop with no language (every title's language detected on its own). A title
the rules call a task is a positive.

    uv run python benchmarks/bench_wording.py [--misses] [--perf]

Four more batches were written later, each read once before the rules were
changed for it, then added to the tuning part. That first reading is the best
estimate of how the rules do on titles nobody tuned them for (precision / recall):

    batch            English        German
    2 (120 titles)   0.93 / 0.72    0.94 / 0.85
    3 ( 89 titles)   1.00 / 0.63    1.00 / 0.79
    4 ( 99 titles)   0.96 / 0.84    0.88 / 0.97
    5 ( 80 titles)   0.95 / 0.87    0.83 / 0.91

``--misses`` lists the tuning part's false alarms and misses (never the held-out
part's: it stays unseen while rules are tuned). ``--perf`` adds the time per
title and the memory and import time of the readers and their word lists.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from okr_studio.coach.language import detect_language
from okr_studio.coach.wording import task_wording

ROOT = Path(__file__).resolve().parent

PARTS = ("heldout", "tuning")
LANGS = ("en", "de")


def load(part: str) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in (ROOT / "wording" / f"{part}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, kind, label, case, title = line.split("\t")
            rows.append((lang, kind, label, case, title))
    return rows


def scores(rows: list, predicted: list[bool]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for r, p in zip(rows, predicted, strict=True) if p and r[2] == "task")
    fp = sum(1 for r, p in zip(rows, predicted, strict=True) if p and r[2] != "task")
    fn = sum(1 for r, p in zip(rows, predicted, strict=True) if not p and r[2] == "task")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def report(misses: bool) -> None:
    print("part     lang  mode       n   tasks  precision  recall   tp  fp  fn")
    for part in PARTS:
        rows = load(part)
        for lang in LANGS:
            sub = [r for r in rows if r[0] == lang]
            for mode in ("workshop", "detected"):
                language = lang if mode == "workshop" else ""
                predicted = [task_wording(r[4], language) is not None for r in sub]
                p, rc, tp, fp, fn = scores(sub, predicted)
                tasks = sum(1 for r in sub if r[2] == "task")
                print(
                    f"{part:8} {lang:5} {mode:9} {len(sub):4} {tasks:6} {p:10.3f} {rc:7.3f}"
                    f" {tp:4} {fp:3} {fn:3}"
                )
                if misses and part == "tuning" and mode == "workshop":
                    for r, pr in zip(sub, predicted, strict=True):
                        if pr != (r[2] == "task"):
                            what = "FALSE ALARM" if pr else "MISS"
                            print(f"    {what:11} {r[1]:10} {r[3]:6} {r[4]}")
    for part in PARTS:
        rows = load(part)
        right = sum(1 for r in rows if detect_language(r[4]) == r[0])
        unsure = sum(1 for r in rows if detect_language(r[4]) == "")
        wrong = len(rows) - right - unsure
        print(
            f"language detected ({part}): {right} right, {unsure} unsure (workshop language "
            f"used), {wrong} wrong, of {len(rows)}"
        )


# In a fresh process: the coach is imported first (it is on the path to the coach panel
# anyway); then what the first English and the first German reading add.
_MEMORY = r"""
import sys, time, tracemalloc
from okr_studio.coach import check
from okr_studio.coach.wording import task_wording
tracemalloc.start()
for text, lang in (("Launch the new app for all customers", "en"),
                   ("Wir führen ein neues CRM-System ein", "de")):
    t0 = time.perf_counter()
    task_wording(text, lang)
    t1 = time.perf_counter()
    print(f"{lang} {(t1 - t0) * 1000:.1f} {tracemalloc.get_traced_memory()[0] / 1e6:.2f}")
"""


def perf() -> None:
    rows = load("heldout") + load("tuning")
    titles = [r[4] for r in rows]
    from okr_studio import mentions
    from okr_studio.coach import wording

    def per_title(read) -> float:
        best = float("inf")
        for _ in range(5):
            wording.clear_cache()
            mentions._mentions.cache_clear()
            t0 = time.perf_counter()
            for t in titles:
                read(t)
            best = min(best, time.perf_counter() - t0)
        return best / len(titles) * 1e6

    en = per_title(lambda t: task_wording(t, "en"))
    detected = per_title(lambda t: task_wording(t, ""))
    numbers = per_title(mentions.measure_in)
    for t in titles:
        task_wording(t, "")
    t0 = time.perf_counter()
    for t in titles:
        task_wording(t, "")
    cached = (time.perf_counter() - t0) / len(titles) * 1e6
    print(
        f"reading a title: {en:.1f} µs (workshop 'en'), {detected:.1f} µs (detected), "
        f"{cached:.2f} µs cached; the coach's number reader on the same titles, uncached: "
        f"{numbers:.1f} µs"
    )
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT.parent,
    ).stdout.split()
    print(
        f"first English reading (imports its reader): {out[1]} ms, {out[2]} MB held; "
        f"first German reading: {out[4]} ms, {out[5]} MB held in all (tracemalloc; "
        "run `python -m compileall -q okr_studio` first, or this counts compiling)"
    )
    wording.clear_cache()
    import tracemalloc

    many = [f"{t} {i}" for i in range(70) for t in titles][:50_000]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for t in many:
        task_wording(t, "")
    held = (tracemalloc.get_traced_memory()[0] - before) / 1e6
    tracemalloc.stop()
    print(f"cache after reading 50,000 distinct titles: {held:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's errors")
    parser.add_argument("--perf", action="store_true", help="time and memory of the readers")
    args = parser.parse_args()
    report(args.misses)
    if args.perf:
        perf()


if __name__ == "__main__":
    main()
