"""The command line's breakouts (see :mod:`okr_studio.cli`).

``okr-studio breakout FILE --unit NAME [NAME …] [--unit …] -o DIR`` hands out one
breakout file per ``--unit`` (several names after one ``--unit`` make one group),
into DIR (made if missing). A unit is named by its name, or by its path
("Product & Engineering/Payments") where the name alone is not enough.

``okr-studio merge FILE BREAKOUT… [--dry-run] [--take ours|theirs]`` prints what
the files change and every conflict and refusal; ``--dry-run`` stops there (exit
status 1 when there are conflicts). A merge with conflicts needs ``--take`` (the
same answer for each), or the app, where each conflict is answered on its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from okr_studio.data import WorkshopData, name_key
from okr_studio.errors import OkrError

if TYPE_CHECKING:
    from okr_studio.breakouts.preview import MergePreview


def breakout_parser(base: type[argparse.ArgumentParser], prog: str) -> argparse.ArgumentParser:
    parser = base(
        prog=f"{prog} breakout",
        description="Hand branches of a workshop out to breakout groups: one .okr file per "
        "group, its units editable and the rest of the workshop there for context, locked. "
        "The workshop records each hand-out; merge the files back with "
        f"“{prog} merge”.",
    )
    parser.add_argument("file", metavar="FILE", help="the workshop (.okr)")
    parser.add_argument(
        "--unit",
        nargs="+",
        action="append",
        required=True,
        metavar="NAME",
        help="a group's unit(s), by name or path (Department/Team); repeat for each group",
    )
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder")
    return parser


def merge_parser(base: type[argparse.ArgumentParser], prog: str) -> argparse.ArgumentParser:
    parser = base(
        prog=f"{prog} merge",
        description="Merge breakout files back into the workshop they were handed out "
        "from, in one step (one undo step in the app). Prints what each file changes, its "
        "conflicts with the workshop and what it may not change.",
    )
    parser.add_argument("file", metavar="FILE", help="the workshop (.okr)")
    parser.add_argument("breakouts", nargs="+", metavar="BREAKOUT", help="breakout files")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="only print the changes and conflicts (exit status 1 when there are conflicts)",
    )
    parser.add_argument(
        "--take",
        choices=("ours", "theirs"),
        help="answer every conflict with the workshop's version (ours) or the group's (theirs)",
    )
    return parser


# ---- finding units ---------------------------------------------------------------------------
def _path_of(data: WorkshopData, unit_id: int) -> list[str]:
    chain = [data.units[unit_id], *data.unit_ancestors(unit_id)]
    return [name_key(u.name) for u in reversed(chain)]


def find_unit(data: WorkshopData, text: str) -> int:
    """The unit a name or a path ("A/B") names; OkrError when none or several do."""
    wanted = [name_key(p) for p in text.split("/") if p.strip()] or [name_key(text)]
    found = [u.id for u in data.walk_units() if _path_of(data, u.id)[-len(wanted) :] == wanted]
    if len(found) == 1:
        return found[0]
    if not found:
        names = ", ".join(f"“{u.name}”" for u in list(data.walk_units())[:12])
        raise OkrError(f"No unit is named “{text}”. The units are: {names}.")
    paths = ["/".join(data.units[i].name for i in _ids_up(data, u)) for u in found]
    raise OkrError(
        f"“{text}” names {len(found)} units ({'; '.join(paths)}): write its path, "
        f"like “{paths[0]}”."
    )


def _ids_up(data: WorkshopData, unit_id: int) -> list[int]:
    return [u.id for u in reversed([data.units[unit_id], *data.unit_ancestors(unit_id)])]


# ---- the commands ------------------------------------------------------------------------------
def run_breakout(args: argparse.Namespace, fail: Callable[[str], None]) -> int:
    from okr_studio.breakouts.handout import hand_out
    from okr_studio.store import Workshop

    folder = Path(args.output)
    with Workshop.open(args.file) as ws:
        data = ws.snapshot()
        groups = [[find_unit(data, name) for name in names] for names in args.unit]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"the folder “{folder}” cannot be made: {exc.strerror or exc}.")
            return 1
        done = hand_out(ws, groups, folder)
    for path, name in zip(done.files, done.names, strict=True):
        print(f"{path}: breakout for “{name}”")
    return 0


def run_merge(args: argparse.Namespace, fail: Callable[[str], None]) -> int:
    from okr_studio.breakouts.merge import merge_plan
    from okr_studio.exchange.diff import Choice
    from okr_studio.services.breakouts import apply_merge
    from okr_studio.store import Workshop

    with Workshop.open(args.file, read_only=args.dry_run) as ws:
        preview = merge_plan(ws, args.breakouts)
        sys.stdout.write(preview.text())
        conflicts = preview.conflicts
        if args.dry_run:
            return 1 if conflicts else 0
        if conflicts and args.take is None:
            fail(
                f"{_count(len(conflicts))}: nothing was merged. Answer them in the app "
                "(File → Breakouts → Merge…), or with --take ours or --take theirs."
            )
            return 1
        answers = {c.key: Choice(args.take) for c in conflicts} if conflicts else None
        apply_merge(ws, preview, answers)
    print(f"{Path(args.file).name}: merged {_files(preview)}.")
    return 0


def _count(n: int) -> str:
    return f"{n} conflict{'s' if n != 1 else ''}"


def _files(preview: MergePreview) -> str:
    return ", ".join(f"“{g.path.name}” ({g.summary()})" for g in preview.groups)


def main_for(kind: str, argv: Sequence[str], base: type[argparse.ArgumentParser], prog: str,
             fail: Callable[[str], None]) -> int:  # fmt: skip
    if kind == "breakout":
        return run_breakout(breakout_parser(base, prog).parse_args(argv), fail)
    return run_merge(merge_parser(base, prog).parse_args(argv), fail)
