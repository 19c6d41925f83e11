"""The status bar: whether the file is saved, and how many coach findings are open.

Every edit is committed to the file when it is made, so the save state is
"All changes saved" unless the file is read-only. The coach runs on a short
timer after the last change, so typing stays fast even on large workshops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from okr_studio.events import ChangeEvent

if TYPE_CHECKING:
    from ui.document import Document

#: How long after the last change the coach runs (ms).
COACH_DELAY_MS = 400


def _coach_check(data: object) -> list:
    try:
        from okr_studio import coach
    except ImportError:  # the coach is optional for the status bar
        return []
    return list(coach.check(data))  # type: ignore[arg-type]


def findings_text(findings: list) -> str:
    open_ = [f for f in findings if getattr(f, "is_open", True)]
    if not open_:
        return "Coach: no findings"
    errors = sum(1 for f in open_ if str(getattr(f, "severity", "")) == "error")
    warnings = sum(1 for f in open_ if str(getattr(f, "severity", "")) == "warning")
    hints = len(open_) - errors - warnings
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    if hints:
        parts.append(f"{hints} hint{'s' if hints != 1 else ''}")
    return "Coach: " + ", ".join(parts)


class StatusBar(QStatusBar):
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
        self.coach_button.setToolTip("What the coach noticed in this workshop")
        self.coach_button.clicked.connect(self.findingsClicked)
        self.addPermanentWidget(self.coach_button)
        self.addPermanentWidget(self.save_label)
        self.findings: list = []
        self.document: Document | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COACH_DELAY_MS)
        self._timer.timeout.connect(self.run_coach)
        self.set_document(None)

    def set_document(self, document: Document | None) -> None:
        if self.document is not None:
            try:
                self.document.changed.disconnect(self._on_changed)
            except (RuntimeError, TypeError):
                pass
        self.document = document
        self.findings = []
        if document is None:
            self._timer.stop()
            self.save_label.setText("")
            self.coach_button.setText("")
            self.coach_button.setVisible(False)
            return
        document.changed.connect(self._on_changed)
        self.coach_button.setVisible(True)
        self.coach_button.setText("Coach: checking…")
        self.update_save_state()
        self._timer.start()

    def update_save_state(self, problem: str = "") -> None:
        doc = self.document
        if doc is None:
            return
        if problem:
            text = problem
        elif doc.read_only:
            reason = getattr(doc.workshop, "read_only_reason", "") or "opened read-only"
            text = f"Read-only: {reason}"
        else:
            text = "All changes saved"
        self.save_label.setText(text)

    def _on_changed(self, _event: ChangeEvent) -> None:
        self.update_save_state()
        self._timer.start()  # restarts: the coach runs once typing pauses

    def run_coach(self) -> None:
        doc = self.document
        if doc is None:
            return
        self.findings = _coach_check(doc.data)
        self.coach_button.setText(findings_text(self.findings))
