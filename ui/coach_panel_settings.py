"""The coach's settings, under its list of findings: when a check-in counts as old.

The weeks after which a key result's latest check-in counts as old
(KR_STALE_CHECK_IN) are the app's preference for every workshop on this computer
(:func:`ui.document_coach.stale_weeks_preference`), not a value of each workshop: a
value of the file's own would need a new column in the file's schema. A change is
remembered at once and the open workshop is checked again a moment later (arrow
clicks in a row make one run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QSpinBox, QWidget

from ui.document_coach import (
    STALE_WEEKS_RANGE,
    set_stale_weeks_preference,
    stale_weeks_preference,
)

if TYPE_CHECKING:
    from ui.document import Document

#: How long after the last change of the weeks the coach checks again (ms).
APPLY_DELAY_MS = 400


class StaleWeeksBox(QWidget):
    """ "A check-in counts as old after [3] weeks", for the document shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.spin = QSpinBox()
        self.spin.setObjectName("coachStaleWeeks")
        self.spin.setRange(*STALE_WEEKS_RANGE)
        self.spin.setKeyboardTracking(False)
        # One sentence for translators; the number goes where {weeks} stands.
        sentence = self.tr("A check-in counts as old after {weeks} weeks")
        before, _mark, after = sentence.partition("{weeks}")
        self.spin.setPrefix(before)
        self.spin.setSuffix(after)
        self.spin.setToolTip(
            self.tr(
                "The coach points out a key result whose latest check-in is older than "
                "this. The choice is kept on this computer and counts for every workshop."
            )
        )
        self.spin.setAccessibleName(self.tr("Weeks after which a check-in counts as old"))
        self.spin.setValue(stale_weeks_preference())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spin)
        layout.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(APPLY_DELAY_MS)
        self.timer.timeout.connect(self.apply)
        self.spin.valueChanged.connect(self._changed)

    def set_document(self, document: Document | None) -> None:
        self.apply()  # a change not yet applied goes to the document it was made for
        self.document = document
        weeks = document.stale_weeks if document is not None else stale_weeks_preference()
        self.spin.blockSignals(True)
        self.spin.setValue(weeks)
        self.spin.blockSignals(False)
        self.setEnabled(document is not None)

    def _changed(self, weeks: int) -> None:
        set_stale_weeks_preference(weeks)
        self.timer.start()

    def apply(self) -> None:
        """Tell the document the weeks chosen (its coach checks again if they changed)."""
        self.timer.stop()
        if self.document is not None:
            self.document.set_stale_weeks(self.spin.value())
