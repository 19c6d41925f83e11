"""File → Export…: alignment sheets as PDF, or the workshop as a spreadsheet, Markdown, JSON.

The dialog is a client of :mod:`okr_studio.pdf` and of the exchange writers
(:mod:`ui.exchange_export`): it gathers the choices (the format; for the PDF:
all teams, the selected branch or one team, one booklet or one file per team,
paper size, coach findings), shows a preview of the first pages (Qt PDF), runs
the export with a progress bar and Cancel, and offers to open the result.

The questions it asks the system (where to save, which folder, open a file)
are the module functions :func:`ask_pdf_path`, :func:`ask_folder`,
:func:`ui.exchange_export.ask_export_path` and :func:`open_path`, so tests
replace them and nothing ever blocks.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from okr_studio.data import WorkshopData
from okr_studio.errors import OkrError
from okr_studio.pdf import (
    ExportCancelled,
    ExportReport,
    default_paper,
    export_booklet,
    export_per_team,
    sheet_units,
)
from ui import dialogs, exchange_export

PREVIEW_TEAMS = 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


def ask_pdf_path(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, _tr("Export alignment sheets"), str(suggested), _tr("PDF documents (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def ask_folder(parent: QWidget | None, start: Path) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, _tr("Folder for the team PDFs"), str(start))
    return Path(name) if name else None


def open_path(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ExportDialog(QDialog):
    """Choices, preview, progress and result of one export."""

    def __init__(
        self,
        parent: QWidget | None,
        workshop_path: Path | str,
        data: WorkshopData,
        *,
        selected_unit_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.workshop_path = Path(workshop_path)
        self.data = data
        self.selected_unit_id = selected_unit_id
        self.report: ExportReport | None = None
        self._cancelled = False
        self._running = False
        self._tmp = tempfile.TemporaryDirectory(prefix="okr-preview-")
        self._build()
        self._update()

    # ---- layout ------------------------------------------------------------
    def _build_choices(self) -> QFormLayout:
        """The format, and for the PDF: which teams, in what form, on what paper."""
        self.format = QComboBox()
        self.format.addItem(exchange_export.pdf_label(), exchange_export.PDF)
        for fmt in exchange_export.data_formats():
            self.format.addItem(fmt.label, fmt)
        self.format_note = QLabel()
        self.format_note.setWordWrap(True)
        teams = sheet_units(self.data)
        self.all_teams = QRadioButton(self.tr("All teams ({count})").format(count=len(teams)))
        self.branch = QRadioButton(self.tr("The selected branch"))
        self.one_team = QRadioButton(self.tr("One team:"))
        self.team_combo = QComboBox()
        for unit_id in teams:
            unit = self.data.units[unit_id]
            self.team_combo.addItem(f"{unit.name} ({unit.level})", unit_id)
        self.scope = QButtonGroup(self)
        for button in (self.all_teams, self.branch, self.one_team):
            self.scope.addButton(button)
        branch_units = self._branch_units()
        if branch_units and self.selected_unit_id is not None:
            name = self.data.units[self.selected_unit_id].name
            self.branch.setText(
                self.tr("The selected branch: {name} ({count})").format(
                    name=name, count=len(branch_units)
                )
            )
        self.branch.setEnabled(bool(branch_units))
        self.all_teams.setChecked(True)
        self.one_team.setEnabled(bool(teams))

        self.booklet = QRadioButton(self.tr("One booklet (cover, contents, overview, team sheets)"))
        self.per_team = QRadioButton(self.tr("One PDF per team, in a folder"))
        self.form = QButtonGroup(self)
        self.form.addButton(self.booklet)
        self.form.addButton(self.per_team)
        self.booklet.setChecked(True)

        self.paper = QComboBox()
        self.paper.addItem("A4", "a4")
        self.paper.addItem(self.tr("Letter"), "letter")
        self.paper.setCurrentIndex(0 if default_paper() == "a4" else 1)
        self.findings = QCheckBox(self.tr("Include the coach's open findings"))

        choices = QFormLayout()
        choices.addRow(self.tr("&Format:"), self.format)
        choices.addRow("", self.format_note)
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.all_teams)
        scope_box.addWidget(self.branch)
        row = QHBoxLayout()
        row.addWidget(self.one_team)
        row.addWidget(self.team_combo, 1)
        scope_box.addLayout(row)
        choices.addRow(self.tr("Print:"), scope_box)
        form_box = QVBoxLayout()
        form_box.addWidget(self.booklet)
        form_box.addWidget(self.per_team)
        choices.addRow(self.tr("As:"), form_box)
        choices.addRow(self.tr("Paper:"), self.paper)
        choices.addRow("", self.findings)
        return choices

    def _build(self) -> None:
        choices = self._build_choices()
        self.preview_button = QPushButton(self.tr("Preview first pages"))
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setMinimumSize(360, 420)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.open_pdf_button = QPushButton(self.tr("Open the PDF"))
        self.open_folder_button = QPushButton(self.tr("Open the folder"))
        for b in (self.open_pdf_button, self.open_folder_button):
            b.setVisible(False)

        left = QVBoxLayout()
        left.addLayout(choices)
        left.addWidget(self.preview_button)
        left.addStretch(1)
        left.addWidget(self.progress)
        left.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_pdf_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        left.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 1)
        outer.addWidget(self.view, 1)

        for w in (self.all_teams, self.branch, self.one_team, self.booklet, self.per_team):
            w.toggled.connect(self._update)
        self.format.currentIndexChanged.connect(self._update)
        self.pdf_only = [self.all_teams, self.branch, self.one_team, self.booklet, self.per_team,
                         self.paper, self.findings, self.preview_button]  # fmt: skip
        self.all_teams.setFocus()  # the keyboard starts on the first choice (Alt+F: format)
        self.preview_button.clicked.connect(self.preview)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.open_pdf_button.clicked.connect(self._open_pdf)
        self.open_folder_button.clicked.connect(self._open_folder)

    def _branch_units(self) -> list[int]:
        if self.selected_unit_id is None or self.selected_unit_id not in self.data.units:
            return []
        branch = {self.selected_unit_id}
        branch |= {u.id for u in self.data.unit_descendants(self.selected_unit_id)}
        return [u for u in sheet_units(self.data) if u in branch]

    def _update(self) -> None:
        fmt = self.chosen_format()
        pdf = fmt is None
        self.team_combo.setEnabled(pdf and self.one_team.isChecked() and not self._running)
        for w in self.pdf_only:
            w.setEnabled(pdf and not self._running and (w is not self.branch or
                                                        bool(self._branch_units())))  # fmt: skip
        self.one_team.setEnabled(pdf and self.team_combo.count() > 0)
        self.view.setVisible(pdf)
        self.format_note.setVisible(not pdf)
        self.format_note.setText(fmt.about if fmt is not None else "")
        self.open_pdf_button.setText(self.tr("Open the PDF") if pdf else self.tr("Open the file"))

    def chosen_format(self) -> exchange_export.DataFormat | None:
        """The data format chosen, or None for the PDF alignment sheets."""
        value = self.format.currentData()
        return value if isinstance(value, exchange_export.DataFormat) else None

    # ---- choices ------------------------------------------------------------
    def chosen_teams(self) -> list[int] | None:
        if self.branch.isChecked():
            return self._branch_units()
        if self.one_team.isChecked():
            return [int(self.team_combo.currentData())]
        return None

    def chosen_paper(self) -> str:
        return str(self.paper.currentData())

    # ---- preview ------------------------------------------------------------
    def preview(self) -> None:
        """Export the first sheets to a temporary file and show them."""
        teams = self.chosen_teams() or sheet_units(self.data)
        target = Path(self._tmp.name) / "preview.pdf"
        self.pdf.close()
        try:
            export_booklet(
                self.data,
                target,
                workshop_name_for_footer=self.workshop_path.name,
                teams=teams[:PREVIEW_TEAMS],
                paper=self.chosen_paper(),
                with_findings=self.findings.isChecked(),
            )
        except OkrError as exc:
            dialogs.show_error(self, exc, title=self.tr("Preview"))
            return
        self.pdf.load(str(target))
        self.status.setText(
            self.tr("Preview: the first {count} sheets.").format(
                count=min(len(teams), PREVIEW_TEAMS)
            )
        )

    # ---- export -------------------------------------------------------------
    def export(self) -> None:
        stem = self.workshop_path.stem or "workshop"
        folder = self.workshop_path.parent
        fmt = self.chosen_format()
        if fmt is not None:
            path = exchange_export.ask_export_path(self, folder / f"{stem}{fmt.suffix}", fmt)
            if path is not None:
                self._run(path, fmt)
            return
        if self.booklet.isChecked():
            target = ask_pdf_path(self, folder / f"{stem} alignment sheets.pdf")
        else:
            target = ask_folder(self, folder)
        if target is None:
            return
        self._run(target)

    def _progress(self, done: int, total: int) -> bool:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        QApplication.processEvents()
        return not self._cancelled

    def _run(self, target: Path, fmt: exchange_export.DataFormat | None = None) -> None:
        self._cancelled = False
        self._running = True
        self.progress.setValue(0)
        self.progress.setVisible(True)
        for w in (self.export_button, self.preview_button, self.open_pdf_button):
            w.setEnabled(False)
        self.status.setText(self.tr("Exporting…"))
        common = {
            "workshop_name_for_footer": self.workshop_path.name,
            "teams": self.chosen_teams(),
            "paper": self.chosen_paper(),
            "with_findings": self.findings.isChecked(),
            "progress": self._progress,
        }
        try:
            if fmt is not None:
                self.progress.setRange(0, 0)  # written in one go: a busy bar
                QApplication.processEvents()
                self.report = exchange_export.write_export(self.data, target, fmt)
            elif self.booklet.isChecked():
                self.report = export_booklet(self.data, target, **common)
            else:
                self.report = export_per_team(self.data, target, **common)
        except ExportCancelled:
            self.status.setText(self.tr("Export cancelled; nothing was written."))
        except OkrError as exc:
            self.status.setText(self.tr("The export failed."))
            dialogs.show_error(self, exc, title=self.tr("Export"))
        else:
            self._done()
        finally:
            self._running = False
            self.progress.setVisible(False)
            self.progress.setRange(0, 1)
            for w in (self.export_button, self.preview_button, self.open_pdf_button):
                w.setEnabled(True)
            self._update()

    def _done(self) -> None:
        report = self.report
        assert report is not None
        self.cancel_button.setText(self.tr("Close"))
        self.open_folder_button.setVisible(True)
        self.open_pdf_button.setVisible(len(report.files) == 1)
        if self.chosen_format() is not None:
            self.status.setText(exchange_export.written_text(report.files[0]))
            return
        where = report.files[0] if len(report.files) == 1 else report.files[0].parent
        if len(report.files) == 1:
            text = self.tr("Wrote 1 file, {pages} pages, to {where}.")
        else:
            text = self.tr("Wrote {count} files, {pages} pages, to {where}.")
        text = text.format(count=len(report.files), pages=report.pages, where=where)
        if report.missing_glyphs:
            text += "\n\n" + report.missing_summary()
        self.status.setText(text)
        self.open_pdf_button.setVisible(len(report.files) == 1)
        self.open_folder_button.setVisible(True)
        self.cancel_button.setText(self.tr("Close"))

    def _cancel_or_close(self) -> None:
        if self._running:
            self._cancelled = True
        else:
            self.reject()

    def _open_pdf(self) -> None:
        if self.report and self.report.files:
            open_path(self.report.files[0])

    def _open_folder(self) -> None:
        if self.report and self.report.files:
            open_path(self.report.files[0].parent)

    def done(self, result: int) -> None:
        if self._running:  # closing while exporting cancels the export first
            self._cancelled = True
            return
        self.pdf.close()
        self._tmp.cleanup()
        super().done(result)


def export_alignment_sheets(
    parent: QWidget | None,
    workshop_path: Path | str,
    data: WorkshopData,
    *,
    selected_unit_id: int | None = None,
) -> ExportReport | None:
    """Show the export dialog (modal); the report of what was written, or None."""
    dialog = ExportDialog(parent, workshop_path, data, selected_unit_id=selected_unit_id)
    dialog.exec()
    return dialog.report
