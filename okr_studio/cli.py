"""The ``okr-studio`` command: open the app, write the sample, check a workshop, export PDFs.

``okr-studio [FILE]`` starts the app; ``sample``, ``check`` and ``export`` are
commands when they come first (a file with one of those names opens as
``./check``). Every failure is one line on stderr and a non-zero exit status,
never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from okr_studio._version import __version__
from okr_studio.errors import FileWriteError, OkrError, WorkshopFileError

PROG = "okr-studio"

_OVERVIEW = f"""\
commands:
  {PROG} [FILE]        start the app (with FILE: open that workshop)
  {PROG} sample PATH   write the sample workshop to a new file
  {PROG} check PATH    list the coach's findings; exit status 1 when any is an error
  {PROG} export ...    print alignment sheets as PDF, or write CSV, XLSX, Markdown, JSON
                       (--review: the review booklet of the cycle's scores)
  {PROG} import ...    make a new workshop from CSV, XLSX, JSON, Markdown or text
  {PROG} progress FILE the scoreboard: every objective's score, worst first
  {PROG} breakout ...  hand branches out to breakout groups, one file each
  {PROG} merge ...     merge breakout files back into their workshop

Run "{PROG} COMMAND --help" for a command's options. To open a file named like
a command, write its path: {PROG} ./check
"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one short line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see “{self.prog} --help”)\n")


def _app_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="OKR Studio: run an OKR cascade workshop on a laptop and a shared screen.",
        epilog=_OVERVIEW,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="a workshop file (.okr) to open")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


def _sample_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} sample",
        description="Write the sample workshop (a company, its departments and teams, "
        "cascaded for one cycle) to a new file.",
    )
    parser.add_argument("path", metavar="PATH", help="the new workshop file, e.g. sample.okr")
    parser.add_argument(
        "--force", action="store_true", help="replace PATH if it exists (not while it is open)"
    )
    return parser


def _check_parser() -> argparse.ArgumentParser:
    from okr_studio.coach.rules_closing import STALE_WEEKS

    parser = _Parser(
        prog=f"{PROG} check",
        description="List the coach's findings for a workshop, one a line: severity, code, "
        "item and title. Findings the room accepted are listed as accepted. The exit "
        "status is 1 when an open finding is an error, 0 otherwise.",
    )
    parser.add_argument("path", nargs="?", metavar="PATH", help="the workshop file to check")
    parser.add_argument(
        "--rules", action="store_true", help="list every rule the coach knows, and stop"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also print each finding's message and hint"
    )
    parser.add_argument(
        "--open-only", action="store_true", help="leave out the findings the room accepted"
    )
    parser.add_argument(
        "--today",
        type=_iso_day,
        metavar="YYYY-MM-DD",
        help="check as on this day: up to the workshop's date (or, with none, before the "
        "cycle starts) the cascade is in progress, and what its next step fixes is a hint; "
        "the rules for closing the loop (check-ins, progress, the review) run only with it",
    )
    parser.add_argument(
        "--stale-weeks",
        type=_weeks,
        default=None,
        metavar="N",
        help=f"with --today: a check-in older than N weeks is old (default: {STALE_WEEKS})",
    )
    return parser


def _weeks(text: str) -> int:
    try:
        weeks = int(text)
    except ValueError:
        weeks = 0
    if weeks < 1:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of weeks (1 or more)")
    return weeks


def _iso_day(text: str) -> object:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a day like 2027-03-31") from None


# ---- the commands ------------------------------------------------------------------
def _run_app(argv: list[str]) -> int:
    args = _app_parser().parse_args(argv)
    path: Path | None = None
    if args.file is not None:
        path = Path(args.file)
        if not path.exists():
            raise WorkshopFileError(path, "was not found. Check the name and the folder.")
        if path.is_dir():
            raise WorkshopFileError(path, "is a folder, not a workshop file.")
    try:
        from ui.app import run_app
    except ImportError as exc:
        missing = exc.name or ""
        if missing.startswith(("PySide6", "shiboken6")) or "PySide6" in str(exc):
            _fail(
                "the window needs PySide6, which cannot be loaded here "
                f"({exc}). Reinstall it with “uv sync”."
            )
        else:
            _fail(f"the window is not available in this build ({exc}).")
        return 1
    return int(run_app(path))


def _run_sample(argv: list[str]) -> int:
    from okr_studio.sample import write_sample

    args = _sample_parser().parse_args(argv)
    target = Path(args.path)
    if os.path.lexists(target):
        if not args.force:
            raise WorkshopFileError(
                target, "already exists. Choose another name, or add --force to replace it."
            )
        _replace_with_sample(target)
    else:
        write_sample(target)
    print(f"Wrote the sample workshop to {target}")
    return 0


def _replace_with_sample(target: Path) -> None:
    """``sample --force``: build the sample aside, then Save As over ``target``.

    Save As writes through the app's one writer: a folder, device or pipe is
    refused, a link is written through to its file, a workshop someone edits
    is refused (its lock), and the file is replaced whole or not at all.
    """
    import tempfile

    from okr_studio.lock import live_holder
    from okr_studio.safewrite import check_target
    from okr_studio.sample import write_sample
    from okr_studio.store import Workshop

    try:
        real = check_target(target).real
    except FileWriteError as exc:
        raise WorkshopFileError(target, exc.reason) from exc
    holder = live_holder(real)
    if holder is not None:
        raise WorkshopFileError(
            target, f"is being edited by {holder.describe()}; close it there first."
        )
    with (
        tempfile.TemporaryDirectory(prefix="okr-studio-sample-") as folder,
        Workshop.open(write_sample(Path(folder) / "sample.okr")) as built,
    ):
        built.save_as(target).close()


def _run_check(argv: list[str]) -> int:
    from okr_studio.coach import check
    from okr_studio.store import Workshop

    parser = _check_parser()
    args = parser.parse_args(argv)
    if args.rules:
        from okr_studio.coach import RULES

        for rule in RULES.values():
            calm = " A hint while the cascade is in progress." if rule.in_cascade else ""
            print(f"{rule.severity.value:<8} {rule.code:<24}  {rule.description}{calm}")
        return 0
    if args.path is None:
        parser.error("the following arguments are required: PATH")
    with Workshop.open(args.path, read_only=True) as ws:
        data = ws.snapshot()
    from okr_studio.numbers import locale_of

    # A workshop with no language of its own is read in the system's.
    weeks = {"stale_weeks": args.stale_weeks} if args.stale_weeks is not None else {}
    findings = check(data, default_language=locale_of().language, today=args.today, **weeks)
    shown = [f for f in findings if f.is_open or not args.open_only]
    kinds = {"unit": "unit", "objective": "objective", "key_result": "key result"}
    code_width = max((len(f.code) for f in shown), default=0)
    for f in shown:
        status = f.severity.value if f.is_open else "accepted"
        title = _one_line(f.title) or "(no title)"
        unit = data.units.get(f.unit_id)
        where = (
            f"  [{_one_line(unit.name, 40)}]" if unit is not None and f.item_kind != "unit" else ""
        )
        print(f"{status:<8} {f.code:<{code_width}}  {kinds.get(f.item_kind, f.item_kind):<10}  "
              f"“{title}”{where}")  # fmt: skip
        if args.verbose:
            print(f"           {f.message}")
            print(f"           → {f.hint}")
            if f.accepted is not None:
                print(f"           accepted: {_one_line(f.accepted.reason, 200)}")
    print(_summary(findings))
    return 1 if any(f.is_open and f.severity.value == "error" for f in findings) else 0


def _summary(findings: Sequence) -> str:
    open_ = [f for f in findings if f.is_open]
    counts = {
        s: sum(1 for f in open_ if f.severity.value == s) for s in ("error", "warning", "hint")
    }
    accepted = len(findings) - len(open_)

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    if not findings:
        return "No findings: the coach has nothing to add."
    parts = [
        n(counts["error"], "error"),
        n(counts["warning"], "warning"),
        n(counts["hint"], "hint"),
    ]
    text = f"{n(len(open_), 'open finding')} ({', '.join(parts)})"
    return f"{text}, {accepted} accepted." if accepted else f"{text}."


def _run_export(argv: list[str]) -> int:
    from okr_studio.exchange.cli import data_format, export_parser, run_data_export

    if data_format(argv) is not None:  # CSV, XLSX, Markdown, JSON; else the PDF
        return run_data_export(export_parser(_Parser, PROG).parse_args(argv))
    from okr_studio.pdf.cli import add_export_arguments, run_export

    parser = _Parser(prog=f"{PROG} export", description="Print alignment sheets as PDF.")
    add_export_arguments(parser)
    return int(run_export(parser.parse_args(_without_pdf_format(argv))))


def _without_pdf_format(argv: list[str]) -> list[str]:
    """The PDF export's arguments: "--format pdf" said what it is, and is dropped."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--format" and i + 1 < len(argv) and argv[i + 1].lower() == "pdf":
            skip = True
            continue
        if arg.lower() == "--format=pdf":
            continue
        out.append(arg)
    return out


def _run_import(argv: list[str]) -> int:
    from okr_studio.exchange.cli import import_parser, run_import

    return run_import(import_parser(_Parser, PROG).parse_args(argv), _fail)


def _run_progress(argv: list[str]) -> int:
    from okr_studio.progress import progress_parser, run_progress

    return run_progress(progress_parser(_Parser(prog=f"{PROG} progress")).parse_args(argv))


def _run_breakout(argv: list[str]) -> int:
    from okr_studio.breakouts.cli import main_for

    return main_for("breakout", argv, _Parser, PROG, _fail)


def _run_merge(argv: list[str]) -> int:
    from okr_studio.breakouts.cli import main_for

    return main_for("merge", argv, _Parser, PROG, _fail)


# ---- the edge ------------------------------------------------------------------------
def _one_line(text: str, limit: int = 70) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _reader_gone() -> int:
    """Standard output was closed by the program reading it: stop quietly, as a command
    ended by SIGPIPE does (what is still buffered goes nowhere instead of failing again)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # captured output has no file descriptor
        pass
    return 141


def _fail(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _tolerant_streams() -> None:
    """Never crash on a console that cannot show a character (e.g. CJK on a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); returns the status."""
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    runners = {
        "sample": _run_sample,
        "check": _run_check,
        "export": _run_export,
        "import": _run_import,
        "progress": _run_progress,
        "breakout": _run_breakout,
        "merge": _run_merge,
    }
    try:
        if args and args[0] in runners:
            return runners[args[0]](args[1:])
        return _run_app(args)
    except SystemExit as exc:  # argparse: --help, --version, usage mistakes
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except OkrError as exc:
        _fail(str(exc))
        return 1
    except KeyboardInterrupt:
        _fail("interrupted.")
        return 130
    except BrokenPipeError:  # its reader stopped early (okr-studio progress FILE | head)
        return _reader_gone()
    except Exception as exc:  # the last edge: one line, never a traceback
        _fail(f"unexpected error: {type(exc).__name__}: {exc}")
        return 1
