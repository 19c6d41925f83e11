"""PDF alignment sheets and the overview booklet (ReportLab; no Qt).

Public API: :func:`export_booklet`, :func:`export_per_team`, :func:`default_paper`,
:class:`ExportReport`, :class:`ExportError`, :class:`ExportCancelled`; the review
booklet: :func:`export_review_booklet`.
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
from okr_studio.pdf.review_booklet import export_review_booklet

__all__ = [
    "ExportCancelled",
    "ExportError",
    "ExportReport",
    "default_paper",
    "export_booklet",
    "export_per_team",
    "export_review_booklet",
    "sheet_units",
]
