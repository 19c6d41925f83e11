"""``okr-studio progress FILE``: the scoreboard on the command line.

One line per objective, worst score first: the score (the same number as on the review
sheets and in the app, :mod:`okr_studio.scores`), its colour word, the objective, its
team and its owner; objectives with no score last, with the reason. ``--key-results``
lists each objective's key results under it; ``--team NAME`` keeps to some teams. A
summary line ends it. The file is opened read-only and never changed.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from okr_studio.data import WorkshopData
from okr_studio.scores import Score, key_result_score, scoreboard

PROG = "okr-studio progress"


def progress_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.description = (
        "Print the scoreboard of a workshop: every objective's score (0 to 1), worst first, "
        "with its colour (red below 0.4, yellow from 0.4, green from 0.7), team and owner."
    )
    parser.add_argument("file", metavar="FILE", help="the workshop file (.okr)")
    parser.add_argument(
        "-k", "--key-results", action="store_true", help="also list each objective's key results"
    )
    parser.add_argument(
        "--team", action="append", metavar="NAME", help="only this unit's objectives; repeat"
    )
    return parser


def _one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _cells(score: Score) -> str:
    return f"{score.text:<6} {score.word:<9}"


def scoreboard_lines(
    data: WorkshopData, *, units: list[int] | None = None, key_results: bool = False
) -> Iterator[str]:
    """The lines ``progress`` prints (without the summary)."""
    yield f"{'score':<6} {'colour':<9} {'objective':<50}  {'team':<24}  owner"
    for oid, score in scoreboard(data, units):
        obj = data.objectives[oid]
        title = _one_line(obj.title or "(no title)", 50)
        team = _one_line(data.units[obj.unit_id].name, 24)
        owner = _one_line(data.person_name(obj.owner_id), 40) or "—"
        yield f"{_cells(score)} {title:<50}  {team:<24}  {owner}"
        if score.value is None:
            yield f"{'':<17}({score.reason})"
        if key_results:
            for kr in data.key_results_of(oid):
                kr_score = key_result_score(data, kr.id)
                line = f"  {_cells(kr_score)} · {_one_line(kr.title or '(no title)', 70)}"
                yield line.rstrip()


def summary(data: WorkshopData, units: list[int] | None = None) -> str:
    board = scoreboard(data, units)
    words = Counter(score.word for _o, score in board)
    scored = [s.value for _o, s in board if s.value is not None]
    if not board:
        return "No objectives yet."
    head = f"{len(board)} objective{'s' if len(board) != 1 else ''}: {len(scored)} scored"
    if scored:
        mean = Score(round(sum(scored) / len(scored), 2))
        head += f", mean {mean.text} ({mean.word})"
    parts = [f"{words[w]} {w}" for w in ("red", "yellow", "green") if words[w]]
    if words["no score"]:
        parts.append(f"{words['no score']} with no score")
    return f"{head}; {', '.join(parts)}."


def units_named(data: WorkshopData, names: list[str]) -> tuple[list[int], list[str]]:
    """The units of these names and every unit below them, and the names that match none
    (case, spacing and Unicode forms aside)."""

    def key(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).casefold().split())

    chosen: list[int] = []
    unknown: list[str] = []
    for name in names:
        found = [u.id for u in data.walk_units() if key(u.name) == key(name)]
        if not found:
            unknown.append(name)
        for unit_id in found:
            for unit in (unit_id, *(u.id for u in data.unit_descendants(unit_id))):
                if unit not in chosen:
                    chosen.append(unit)
    return chosen, unknown


def run_progress(args: argparse.Namespace) -> int:
    from okr_studio.errors import WorkshopFileError
    from okr_studio.store import Workshop

    source = Path(args.file)
    if not source.exists():
        raise WorkshopFileError(source, "was not found. Check the name and the folder.")
    with Workshop.open(source, read_only=True) as ws:
        data = ws.snapshot()
    units: list[int] | None = None
    if args.team:
        units, unknown = units_named(data, args.team)
        if unknown:
            raise WorkshopFileError(source, f"has no unit named “{unknown[0]}”.")
    for line in scoreboard_lines(data, units=units, key_results=args.key_results):
        print(line)
    print(summary(data, units))
    return 0
