"""PDF alignment sheets and the overview booklet (ReportLab; no Qt).

Public API: :func:`export_booklet`, :func:`export_per_team`, :func:`default_paper`,
:class:`ExportReport`, :class:`ExportError`, :class:`ExportCancelled`.
"""

from okr_studio.pdf.export import (
    ExportCancelled,
    ExportError,
    ExportReport,
    default_paper,
    export_booklet,
    export_per_team,
    sheet_units,
)

__all__ = [
    "ExportCancelled",
    "ExportError",
    "ExportReport",
    "default_paper",
    "export_booklet",
    "export_per_team",
    "sheet_units",
]
