"""The status bar: whether the file is saved, and how many coach findings are open.

Every edit is committed to the file when it is made, so the save state is
"All changes saved" unless the file is read-only. The count comes from the
document's coach report (the coach runs once per change, in the document,
shortly after the last change, so typing stays fast even on large workshops).
While the coach runs every rule in a thread (a file's first run, a new day, other
weeks for an old check-in) it says "Coach: checking…".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from ui.document_view import DocumentView

if TYPE_CHECKING:
    from okr_studio.coach import Finding
    from okr_studio.events import ChangeEvent
    from ui.document import CoachReport, Document


def findings_text(findings: Sequence[Finding]) -> str:
    open_ = [f for f in findings if getattr(f, "is_open", True)]
    counts: dict[str, int] = {}
    for f in open_:
        severity = str(getattr(f, "severity", ""))
        counts[severity] = counts.get(severity, 0) + 1
    return counts_text(counts)


def counts_text(counts: dict[str, int]) -> str:
    """The coach's summary from its open findings by severity ("error", "warning", …)."""
    if not sum(counts.values()):
        return "Coach: no findings"
    errors = counts.get("error", 0)
    warnings = counts.get("warning", 0)
    hints = sum(counts.values()) - errors - warnings
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    if hints:
        parts.append(f"{hints} hint{'s' if hints != 1 else ''}")
    return "Coach: " + ", ".join(parts)


class StatusBar(DocumentView, QStatusBar):
    #: The user clicked the coach summary (the window shows the findings).
    findingsClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.save_label = QLabel()
        self.save_label.setObjectName("saveState")
        self.coach_button = QPushButton()
        self.coach_button.setObjectName("coachSummary")
        self.coach_button.setFlat(True)
        self.coach_button.setToolTip(self.tr("What the coach noticed in this workshop"))
        self.coach_button.clicked.connect(self.findingsClicked)
        self.addPermanentWidget(self.coach_button)
        self.addPermanentWidget(self.save_label)
        self.findings: list[Finding] = []
        self._shown: CoachReport | None = None
        self.set_document(None)

    def _slots(self, document: Document) -> tuple[tuple[SignalInstance, Callable[..., None]], ...]:
        return (*super()._slots(document), (document.checking, self.on_checking))

    def show_document(self, document: Document | None) -> None:
        self.findings = []
        self._shown = None
        if document is None:
            self.save_label.setText("")
            self.coach_button.setText("")
            self.coach_button.setVisible(False)
            return
        self.coach_button.setVisible(True)
        self.update_save_state()
        report = document.fresh_report  # else the count follows with the coach's first run
        if report is not None:
            self.on_findings_changed(report)
        else:
            self.coach_button.setText(self.tr("Coach: checking…"))

    def update_save_state(self, problem: str = "") -> None:
        doc = self.document
        if doc is None:
            return
        if problem:
            text = problem
        elif doc.read_only:
            reason = getattr(doc.workshop, "read_only_reason", "") or self.tr("opened read-only")
            text = self.tr("Read-only: {reason}").format(reason=reason)
        else:
            text = self.tr("All changes saved")
        self.save_label.setText(text)

    def on_document_changed(self, event: ChangeEvent) -> None:
        self.update_save_state()

    def on_findings_changed(self, report: CoachReport) -> None:
        self._shown = report
        self.findings = list(report.findings)
        if report.failed:
            self.coach_button.setText(self.tr("Coach: this workshop could not be checked"))
        else:
            self.coach_button.setText(counts_text(report.open_counts()))

    def on_checking(self, checking: bool) -> None:
        """The coach runs every rule (its count follows), or has ended such a run."""
        if checking:
            self.coach_button.setText(self.tr("Coach: checking…"))
        elif self._shown is not None:
            self.on_findings_changed(self._shown)

    def run_coach(self) -> None:
        """Show the coach's count for the workshop as it is now, without waiting."""
        if self.document is not None:
            self.on_findings_changed(self.document.publish_findings())
