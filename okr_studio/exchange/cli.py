"""The command line's import and export of exchange files (see :mod:`okr_studio.cli`).

``okr-studio import IN -o NEW.okr`` reads IN (CSV, XLSX, JSON, Markdown or text),
prints every problem as one line naming the file and the row, and writes the new
workshop whole (built aside, then put in place by Save As), or nothing when a row
had to be left out (unless ``--skip-bad-rows``).

``okr-studio export FILE -o OUT.csv|.xlsx|.md|.json`` writes the workshop in the
format of OUT's suffix (or ``--format``); PDF stays with :mod:`okr_studio.pdf.cli`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from okr_studio.errors import FileWriteError, WorkshopFileError

if TYPE_CHECKING:
    from okr_studio.exchange.plan import Plan

#: ``--format`` words and the formats they name.
FORMAT_WORDS = {
    "csv": "csv", "tsv": "tsv", "xlsx": "xlsx", "json": "json", "md": "markdown",
    "markdown": "markdown", "txt": "text", "text": "text", "pdf": "pdf",
}  # fmt: skip


def data_format(argv: Sequence[str]) -> str | None:
    """The exchange format an ``export`` command line asks for; None for a PDF."""
    from okr_studio.exchange.formats import EXPORT_SUFFIXES

    fmt: str | None = None
    out: str | None = None
    args = list(argv)
    for i, arg in enumerate(args):
        nxt = args[i + 1] if i + 1 < len(args) else None
        if arg == "--format":
            fmt = nxt
        elif arg.startswith("--format="):
            fmt = arg.split("=", 1)[1]
        elif arg in ("-o", "--output"):
            out = nxt
        elif arg.startswith("--output="):
            out = arg.split("=", 1)[1]
        elif arg.startswith("-o") and len(arg) > 2:
            out = arg[2:]
    if fmt is not None:
        word = FORMAT_WORDS.get(fmt.lower(), fmt.lower())
        return None if word == "pdf" else word
    if out is not None:
        suffix = Path(out).suffix.lower()
        for name, ending in EXPORT_SUFFIXES.items():
            if suffix == ending or (name == "markdown" and suffix == ".markdown"):
                return name
    return None  # a PDF (as before: any other name is printed as PDF too)


def export_parser(
    parser_class: type[argparse.ArgumentParser], prog: str
) -> argparse.ArgumentParser:
    parser = parser_class(
        prog=f"{prog} export",
        description="Write a workshop as a spreadsheet (CSV, XLSX), Markdown or JSON, "
        "or print it as PDF (see “--format pdf”).",
    )
    parser.add_argument("file", metavar="FILE", help="the workshop file (.okr)")
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="OUT.csv, .xlsx, .md, .json or .pdf"
    )
    parser.add_argument(
        "--format", metavar="FORMAT", help="csv, xlsx, md, json or pdf (default: from OUT's name)"
    )
    return parser


def run_data_export(args: argparse.Namespace) -> int:
    from okr_studio.exchange.formats import export_file
    from okr_studio.store import Workshop

    source = Path(args.file)
    if not source.exists():
        raise WorkshopFileError(source, "was not found. Check the name and the folder.")
    with Workshop.open(source, read_only=True) as ws:
        data = ws.snapshot()
    fmt = FORMAT_WORDS.get(args.format.lower(), args.format) if args.format else None
    if fmt == "pdf":
        raise WorkshopFileError(args.output, "is a PDF: write it with “-o OUT.pdf” alone.")

    written = export_file(data, args.output, fmt)
    counts = f"{len(data.units)} units, {len(data.objectives)} objectives, "
    counts += f"{len(data.key_results)} key results"
    print(f"Wrote {args.output} ({written.upper() if written != 'markdown' else 'Markdown'}: "
          f"{counts}).")  # fmt: skip
    return 0


def import_parser(
    parser_class: type[argparse.ArgumentParser], prog: str
) -> argparse.ArgumentParser:
    parser = parser_class(
        prog=f"{prog} import",
        description="Make a new workshop from a spreadsheet (CSV, XLSX), a JSON export, "
        "a Markdown page or indented text. Every problem is listed with its row or line; "
        "nothing is written when a row would be left out, unless --skip-bad-rows.",
    )
    parser.add_argument("input", metavar="IN", help="the file to import")
    parser.add_argument("-o", "--output", metavar="NEW.okr", required=True, help="the new workshop")
    parser.add_argument(
        "--format", metavar="FORMAT", help="csv, tsv, xlsx, json, md or text (default: from IN)"
    )
    parser.add_argument("--force", action="store_true", help="replace NEW.okr if it exists")
    parser.add_argument(
        "--skip-bad-rows", action="store_true", help="write the workshop without the rows left out"
    )
    return parser


def run_import(args: argparse.Namespace, fail: Callable[[str], None]) -> int:
    from okr_studio.exchange.formats import read_file
    from okr_studio.exchange.plan import make_plan

    source = Path(args.input)
    _refuse_existing(Path(args.output), force=args.force)
    fmt = FORMAT_WORDS.get(args.format.lower(), args.format.lower()) if args.format else None
    plan = make_plan(read_file(source, format=fmt))
    for problem in plan.problems:
        where = f", {problem.where}" if problem.where else ""
        kind = {"error": "error", "warning": "warning", "note": "note"}[problem.severity]
        print(f"{source.name}{where}: {kind}: {problem.message}", file=sys.stderr)
    errors = len(plan.errors)
    if errors and not args.skip_bad_rows:
        fail(
            f"“{source.name}”: {errors} row{'s' if errors != 1 else ''} would be left out "
            f"(listed above), so “{Path(args.output).name}” was not written. Fix them, or "
            "add --skip-bad-rows."
        )
        return 1
    target = Path(args.output)
    _write_new(plan, target, force=args.force)
    theirs = plan.theirs
    counts = [sum(1 for _ in theirs.of_kind(k)) for k in ("unit", "objective", "key_result")]
    print(f"Wrote {target}: {counts[0]} units, {counts[1]} objectives, {counts[2]} key results.")
    return 0


def _refuse_existing(target: Path, *, force: bool) -> None:
    if os.path.lexists(target) and not force:
        raise WorkshopFileError(
            target, "already exists. Choose another name, or add --force to replace it."
        )


def _write_new(plan: Plan, target: Path, *, force: bool) -> None:
    """Build the workshop aside, then Save As to ``target`` (whole or not at all)."""
    from okr_studio.lock import live_holder
    from okr_studio.safewrite import check_target
    from okr_studio.services.imports import apply_plan
    from okr_studio.store import Workshop

    _refuse_existing(target, force=force)
    try:
        real = check_target(target).real
    except FileWriteError as exc:
        raise WorkshopFileError(target, exc.reason) from exc
    holder = live_holder(real)
    if holder is not None:
        raise WorkshopFileError(target, f"is being edited by {holder.describe()}; close it first.")
    with tempfile.TemporaryDirectory(prefix="okr-studio-import-") as folder:
        built = Workshop.create(Path(folder) / "import.okr")
        try:
            apply_plan(built, plan)
        except BaseException:
            built.close()
            raise
        built.save_as(target).close()
