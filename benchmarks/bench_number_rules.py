"""Benchmark: how often the coach's number rules raise a false alarm, per language.

Reads the labelled titles in tests/core/data/number_titles.tsv (or FILE) and runs the
coach's own rules on each, as the wizard does while a title is typed:

- OBJ_HAS_NUMBER on objectives: a false alarm is a finding on an objective that holds
  no measurable number (only names, references, dates, horizons…);
- KR_NO_NUMBER on key results without baseline and target: a false alarm is a finding
  on a key result whose title does hold a number.

Prints, per language, the false-alarm rate of each rule (target ≤ 5 %), its misses
(findings that should have been given), and with --list every wrong title.

    uv run python benchmarks/bench_number_rules.py [FILE] [--list]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path

from okr_studio.coach import key_result_hints, objective_title_hints

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "core" / "data" / "number_titles.tsv"


def load(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def fires(row: dict[str, str]) -> bool:
    """Whether the row's rule gives its finding."""
    if row["kind"] == "objective":
        return any(h.code == "OBJ_HAS_NUMBER" for h in objective_title_hints(row["title"]))
    hints = key_result_hints({"title": row["title"], "owner_name": "Ana"})
    return any(h.code == "KR_NO_NUMBER" for h in hints)


def should_fire(row: dict[str, str]) -> bool:
    measured = row["measure"] == "yes"
    return measured if row["kind"] == "objective" else not measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--list", action="store_true", help="print every wrong title")
    args = parser.parse_args()
    rows = load(args.file)
    started = time.perf_counter()
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wrong: list[str] = []
    for row in rows:
        got, want = fires(row), should_fire(row)
        rule = "OBJ_HAS_NUMBER" if row["kind"] == "objective" else "KR_NO_NUMBER"
        c = counts[(row["lang"], rule)]
        c["quiet_cases" if not want else "fire_cases"] += 1
        if got and not want:
            c["false_alarms"] += 1
            wrong.append(f"  false alarm  {row['lang']} {rule:15} {row['title']}")
        elif want and not got:
            c["misses"] += 1
            wrong.append(f"  missed       {row['lang']} {rule:15} {row['title']}")
    elapsed = time.perf_counter() - started
    print(f"{len(rows)} labelled titles from {args.file.name}, read in {elapsed * 1000:.0f} ms")
    print(f"{'lang':5} {'rule':15} {'false alarms':>22} {'misses':>20}")
    for (lang, rule), c in sorted(counts.items()):
        quiet, fire = c["quiet_cases"], c["fire_cases"]
        fa = c["false_alarms"] / quiet if quiet else 0.0
        miss = c["misses"] / fire if fire else 0.0
        print(
            f"{lang:5} {rule:15} {c['false_alarms']:>4} of {quiet:>3} = {fa:6.1%}"
            f"  {c['misses']:>4} of {fire:>3} = {miss:6.1%}"
        )
    if args.list and wrong:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
