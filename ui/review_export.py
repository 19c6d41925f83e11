"""File → Export Review Booklet…: the review sheets of every team as one PDF.

The booklet (:func:`okr_studio.pdf.export_review_booklet`) has a scoreboard page
(every objective's score, worst first), the overview coloured by score and a review
sheet per team: anticipated next to actual outcome, each key result's baseline →
target → actual with its score and chart, initiatives, what was learned and the
decision. It is written whole or not at all; a progress dialog can cancel it.

:func:`ask_review_pdf_path` and :func:`open_path` are the questions this module asks
the system; tests replace them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from okr_studio.errors import OkrError
from okr_studio.pdf import ExportCancelled, ExportReport, export_review_booklet
from ui import dialogs

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewExport", text)


def ask_review_pdf_path(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, _tr("Export review booklet"), str(suggested), _tr("PDF documents (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def open_path(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def export_review(window: MainWindow) -> ExportReport | None:
    """Ask where, write the review booklet with a progress dialog, offer to open it."""
    doc = window.document
    if doc is None:
        return None
    window.inspector.flush()
    stem = doc.path.stem or "workshop"
    target = ask_review_pdf_path(
        window, doc.path.parent / _tr("{name} review.pdf").format(name=stem)
    )
    if target is None:
        return None
    progress = QProgressDialog(_tr("Writing the review booklet…"), _tr("Cancel"), 0, 1, window)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def step(done: int, total: int) -> bool:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    try:
        report = export_review_booklet(
            doc.data, target, workshop_name_for_footer=doc.path.name, progress=step
        )
    except ExportCancelled:
        window.status.showMessage(_tr("Review booklet cancelled; nothing was written."), 8000)
        return None
    except OkrError as exc:
        dialogs.show_error(window, exc, title=_tr("Export review booklet"))
        return None
    finally:
        progress.close()
        progress.deleteLater()
    text = _tr("Wrote the review booklet, {pages} pages, to {path}.").format(
        pages=report.pages, path=report.files[0]
    )
    detail = report.missing_summary() if report.missing_glyphs else ""
    if dialogs.confirm(
        window, _tr("Review booklet"), text, detail=detail, ok_text=_tr("Open the PDF")
    ):
        open_path(report.files[0])
    return report
