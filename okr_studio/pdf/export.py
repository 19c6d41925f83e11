"""Public API of the PDF export: a booklet, or one file per team, written safely.

A PDF is laid out in memory, then written by the app's one atomic writer
(:mod:`okr_studio.safewrite`): a failure (read-only folder, full disk, a file
held open by a viewer, a device or pipe as the target) leaves any previous PDF
as it was, removes the temporary file, and raises :class:`ExportError` with a
message that says what to do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from okr_studio.data import WorkshopData
from okr_studio.errors import FileWriteError, OkrError
from okr_studio.pdf.booklet import Built, Job, build, sheet_units
from okr_studio.pdf.pages import ExportCancelled
from okr_studio.pdf.style import PAPERS, default_paper
from okr_studio.safewrite import atomic_write, write_bytes

__all__ = [
    "ExportCancelled",
    "ExportError",
    "ExportReport",
    "default_paper",
    "export_booklet",
    "export_per_team",
    "sheet_units",
]


class ExportError(OkrError):
    """The PDF could not be written; the message says why and what to do."""


@dataclass
class ExportReport:
    """What an export wrote, and what it could not draw."""

    files: list[Path] = field(default_factory=list)
    pages: int = 0
    teams: int = 0
    #: Characters no installed font could draw → the items they appear in.
    missing_glyphs: dict[str, list[str]] = field(default_factory=dict)

    def missing_summary(self, limit: int = 8) -> str:
        """A few lines telling the user which characters could not be drawn, and where."""
        if not self.missing_glyphs:
            return ""
        lines = ["Some characters could not be drawn with any installed font and print as “�”:"]
        for ch, items in list(self.missing_glyphs.items())[:limit]:
            where = "; ".join(items[:3]) + ("; …" if len(items) > 3 else "")
            where = where or "the workshop"
            lines.append(f"  U+{ord(ch):04X} “{ch}” in {where}")
        if len(self.missing_glyphs) > limit:
            lines.append(f"  … and {len(self.missing_glyphs) - limit} more characters.")
        lines.append("Installing a font that has them (for example Noto) fixes this.")
        return "\n".join(lines)


def _paper(paper: str | None) -> str:
    value = (paper or default_paper()).lower()
    if value not in PAPERS:
        raise ExportError(f"Unknown paper size “{paper}”; choose A4 or Letter.")
    return value


def _merge(report: ExportReport, missing: dict[str, list[str]]) -> None:
    for ch, items in missing.items():
        known = report.missing_glyphs.setdefault(ch, [])
        known.extend(i for i in items if i not in known)


def export_booklet(
    data: WorkshopData,
    out_path: Path | str,
    *,
    workshop_name_for_footer: str,
    teams: list[int] | None = None,
    paper: str | None = None,
    with_findings: bool = False,
    progress: Callable[[int, int], bool] | None = None,
    language: str = "",
) -> ExportReport:
    """Write one booklet: cover, contents, overview, then every team's sheet."""
    out = Path(out_path)
    job = Job(
        data=data,
        units=sheet_units(data, teams),
        paper=_paper(paper),
        footer_name=Path(workshop_name_for_footer).name,
        with_findings=with_findings,
        progress=progress,
        subset=teams is not None,
        language=language,
    )
    built = build(job)
    write_built(out, built)
    report = ExportReport(files=[out], pages=built.pages, teams=len(job.units))
    _merge(report, built.missing.by_char)
    return report


def export_per_team(
    data: WorkshopData,
    folder: Path | str,
    *,
    workshop_name_for_footer: str,
    teams: list[int] | None = None,
    paper: str | None = None,
    with_findings: bool = False,
    progress: Callable[[int, int], bool] | None = None,
    language: str = "",
) -> ExportReport:
    """Write one PDF per team into ``folder``; nothing is written if the user cancels."""
    target = Path(folder)
    units = sheet_units(data, teams)
    chosen = _paper(paper)

    def step(i: int) -> Callable[[int, int], bool] | None:
        report = progress
        if report is None:
            return None

        def inner(n: int, total: int) -> bool:
            return report(i * total + n, total * max(len(units), 1))

        return inner

    built = []
    names: set[str] = set()
    for i, unit_id in enumerate(units):
        job = Job(
            data=data,
            units=[unit_id],
            paper=chosen,
            footer_name=Path(workshop_name_for_footer).name,
            with_findings=with_findings,
            booklet=False,
            progress=step(i),
            language=language,
        )
        name = team_file_name(i + 1, data.units[unit_id].name, names)
        built.append((target / name, build(job)))
    if not target.is_dir():
        raise ExportError(f"The folder “{target.name}” does not exist; choose another folder.")
    report = ExportReport(teams=len(units))
    for path, b in built:
        write_built(path, b)
        report.files.append(path)
        report.pages += b.pages
        _merge(report, b.missing.by_char)
    return report


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def team_file_name(index: int, name: str, taken: set[str]) -> str:
    """A file name every system accepts, unique within ``taken`` (case-insensitive)."""
    clean = _UNSAFE.sub(" ", unicodedata.normalize("NFC", name)).strip(" .")
    clean = " ".join(clean.split())[:80] or "Team"
    base = f"{index:03d} {clean}"
    candidate = f"{base}.pdf"
    n = 2
    while candidate.lower() in taken:
        candidate = f"{base} ({n}).pdf"
        n += 1
    taken.add(candidate.lower())
    return candidate


def write_built(path: Path, built: Built) -> None:
    """Write a laid-out document to ``path`` whole, streaming its parts, or raise ExportError.

    Cancelling while the parts are joined removes the unfinished file; the old one stays.
    """
    try:
        with atomic_write(path) as fh:
            built.write(fh)
    except FileWriteError as exc:
        raise ExportError(str(exc)) from exc


def write_atomically(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` whole (:mod:`okr_studio.safewrite`), or raise ExportError."""
    try:
        write_bytes(path, payload)
    except FileWriteError as exc:
        raise ExportError(str(exc)) from exc
