"""``okr-studio export``: print alignment sheets from the command line.

    okr-studio export FILE -o OUT.pdf [--team NAME …] [--paper a4|letter]
                           [--per-team DIR] [--with-findings]
    okr-studio export FILE --review -o OUT.pdf [--team NAME …] [--paper a4|letter]

Mistakes (no output named, a team that is not in the workshop) are one line on
stderr and exit status 2; a file that cannot be read or written is an
:class:`~okr_studio.errors.OkrError`, reported by the command's edge.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from okr_studio.data import WorkshopData
from okr_studio.pdf.booklet import sheet_units
from okr_studio.pdf.export import ExportError, ExportReport, export_booklet, export_per_team

PROG = "okr-studio export"


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print the workshop's alignment sheets as PDF: one booklet (cover, contents, "
        "overview of the tree, a sheet per team) and/or one file per team."
    )
    parser.add_argument("file", metavar="FILE", help="the workshop file (.okr)")
    parser.add_argument(
        "-o", "--output", metavar="OUT.pdf", type=Path, help="write the booklet to this file"
    )
    parser.add_argument(
        "--team",
        action="append",
        metavar="NAME",
        help="only this team (a department brings its teams too); repeat for more",
    )
    parser.add_argument(
        "--paper",
        type=str.lower,
        choices=["a4", "letter"],
        help="paper size (default: from your locale)",
    )
    parser.add_argument(
        "--per-team", metavar="DIR", type=Path, help="also write one PDF per team into DIR"
    )
    parser.add_argument(
        "--with-findings",
        action="store_true",
        help="list the coach's open findings on each sheet",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="write the review booklet instead (with -o): scoreboard, overview coloured by "
        "score, and each team's review sheet",
    )


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def resolve_teams(data: WorkshopData, names: list[str]) -> tuple[list[int], list[str]]:
    """Unit ids for the named units and every unit below them that has objectives,
    and the names that match nothing."""
    by_name: dict[str, list[int]] = {}
    for unit in data.walk_units():
        by_name.setdefault(_key(unit.name), []).append(unit.id)
    chosen: list[int] = []
    unknown: list[str] = []
    for name in names:
        ids = by_name.get(_key(name))
        if not ids:
            unknown.append(name)
            continue
        for unit_id in ids:
            branch = [unit_id, *(u.id for u in data.unit_descendants(unit_id))]
            chosen += [u for u in branch if data.objectives_of(u) and u not in chosen]
    return chosen, unknown


def _error(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _review(
    args: argparse.Namespace, data: WorkshopData, source: Path, teams: list[int] | None
) -> int:
    from okr_studio.pdf.review_booklet import export_review_booklet

    if args.output is None or args.per_team is not None:
        return _error("the review booklet is one file: write it with -o OUT.pdf")
    report = export_review_booklet(
        data, args.output, workshop_name_for_footer=source.name, teams=teams, paper=args.paper
    )
    print(f"Wrote {args.output} ({report.pages} pages, {report.teams} review sheets).")
    if report.missing_glyphs:
        print(report.missing_summary(), file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from okr_studio.store import Workshop

    if args.output is None and args.per_team is None:
        return _error("say where to write: -o OUT.pdf and/or --per-team DIR")
    source = Path(args.file)
    if not source.exists():
        return _error(f"there is no workshop file “{source}”")
    with Workshop.open(source, read_only=True) as ws:
        data = ws.snapshot()
    teams: list[int] | None = None
    if args.team:
        teams, unknown = resolve_teams(data, args.team)
        if unknown:
            known = ", ".join(data.units[u].name for u in sheet_units(data)[:8])
            more = ", …" if len(sheet_units(data)) > 8 else ""
            return _error(
                f"no team named “{unknown[0]}” in {source.name}"
                + (f" (teams: {known}{more})" if known else "")
            )
    elif not sheet_units(data):
        return _error(f"{source.name} has no objectives yet, so there is nothing to print")
    if teams is not None and not teams:
        return _error("the teams named have no objectives yet, so there is nothing to print")
    if args.review:
        return _review(args, data, source, teams)
    common = {
        "workshop_name_for_footer": source.name,
        "teams": teams,
        "paper": args.paper,
        "with_findings": args.with_findings,
    }
    reports: list[ExportReport] = []
    if args.output is not None:
        report = export_booklet(data, args.output, **common)
        reports.append(report)
        print(f"Wrote {args.output} ({report.pages} pages, {report.teams} team sheets).")
    if args.per_team is not None:
        try:
            args.per_team.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(
                f"The folder “{args.per_team}” cannot be made ({exc.strerror}); "
                "choose another folder."
            ) from exc
        report = export_per_team(data, args.per_team, **common)
        reports.append(report)
        print(f"Wrote {len(report.files)} team files ({report.pages} pages) to {args.per_team}.")
    missing = next((r for r in reports if r.missing_glyphs), None)
    if missing is not None:
        print(missing.missing_summary(), file=sys.stderr)
    return 0
