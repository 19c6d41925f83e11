"""The data formats of File → Export…: a spreadsheet, Markdown or JSON, beside the PDF.

The export dialog (:mod:`ui.export_dialog`) offers these next to its PDF
alignment sheets; the files are written by the core's writers
(:func:`okr_studio.exchange.export_file`: whole or not at all). The formats
offered are the ones the core writes (:data:`okr_studio.exchange.EXPORT_SUFFIXES`).

:func:`ask_export_path` is the question this module asks (a native Save
dialog); tests replace it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from okr_studio.data import WorkshopData
from okr_studio.pdf import ExportReport

#: The PDF alignment sheets, the dialog's own format.
PDF = "pdf"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


@dataclass(frozen=True)
class DataFormat:
    """One format of the export menu: its name in the core, its words, its file ending."""

    name: str
    label: str
    suffix: str
    filter: str
    about: str


def data_formats() -> list[DataFormat]:
    """The formats the core writes, in the order the export dialog lists them."""
    from okr_studio.exchange import EXPORT_SUFFIXES

    known = {
        "xlsx": (
            _tr("Excel workbook (.xlsx)"),
            _tr("Excel workbooks (*.xlsx)"),
            _tr(
                "The whole workshop as one sheet, one row per unit, objective and key "
                "result, with a Read me sheet. Send it out, let the teams edit it, and "
                "import it again: the changes come back as differences to review."
            ),
        ),
        "csv": (
            _tr("CSV spreadsheet (.csv)"),
            _tr("CSV files (*.csv)"),
            _tr(
                "The whole workshop as one table, one row per unit, objective and key "
                "result, for any spreadsheet program or another OKR tool's bulk import."
            ),
        ),
        "markdown": (
            _tr("Markdown outline (.md)"),
            _tr("Markdown files (*.md)"),
            _tr(
                "The tree as a nested list with owners and baseline → target, ready to "
                "paste into a wiki page."
            ),
        ),
        "json": (
            _tr("JSON, every detail (.json)"),
            _tr("JSON files (*.json)"),
            _tr(
                "Everything in the workshop, field for field, for other programs or to "
                "bring it back into OKR Studio later."
            ),
        ),
    }
    return [
        DataFormat(name, label, EXPORT_SUFFIXES[name], filter_, about)
        for name, (label, filter_, about) in known.items()
        if name in EXPORT_SUFFIXES
    ]


def pdf_label() -> str:
    return _tr("Alignment sheets (PDF)")


def ask_export_path(parent: QWidget | None, suggested: Path, fmt: DataFormat) -> Path | None:
    """The native Save dialog for an export in ``fmt``; the answer ends in its suffix."""
    name, _ = QFileDialog.getSaveFileName(parent, _tr("Export"), str(suggested), fmt.filter)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == fmt.suffix else path.with_name(path.name + fmt.suffix)


def write_export(data: WorkshopData, target: Path, fmt: DataFormat) -> ExportReport:
    """Write the workshop to ``target`` in ``fmt`` (an ``OkrError`` says why it could not)."""
    from okr_studio.exchange import export_file

    export_file(data, target, fmt.name)
    return ExportReport(files=[target])


def written_text(target: Path) -> str:
    return _tr("Wrote {name} to {folder}.").format(name=target.name, folder=target.parent)
