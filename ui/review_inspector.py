"""Closing the loop, in the inspector: scores, check-ins, initiatives and the review.

A section of the inspector (:class:`ReviewSection`) that follows the selection:

- **a key result:** its score (the number beside its colour, or why it has none), the
  mean score of the objectives aligned to it, last cycle's score when it was carried
  over, a Check In… button (Ctrl+K anywhere), the progress chart, the check-ins as an
  editable table, its weight and learning note, and its initiatives;
- **an objective:** its score (the weighted mean of its key results' scores, and how
  many of them count), last cycle's score, and its review: the actual outcome, what
  we learned and the decision for the next cycle (keep / change / drop).

Every number comes from :mod:`okr_studio.scores`; every change is one service call
(one transaction, one undo step), committed when a field is left, as in the rest of
the inspector. In review mode the section comes before the plan's fields.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from okr_studio import services
from okr_studio.errors import OkrError
from okr_studio.events import ChangeEvent
from okr_studio.scores import Score, aligned_score, key_result_score, objective_score
from okr_studio.vocab import Decision
from ui.checkin_table import CheckInTable
from ui.document import Document, ItemKey
from ui.document_view import DocumentView
from ui.initiative_panel import InitiativePanel
from ui.inspector_fields import ChoiceField, LongTextField, NumberField
from ui.review_chart import ProgressChart
from ui.review_score import ScoreChip, score_label

_KR_FIELDS = ("weight", "learning_note")
_OBJECTIVE_FIELDS = ("actual_outcome", "learned", "decision")


def _bold(widget: QWidget, scale: float = 1.0) -> None:
    font = QFont(widget.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)


class ReviewSection(DocumentView, QWidget):
    #: Check In… was pressed for this key result (the window opens the dialog).
    checkInRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewSection")
        self.key: ItemKey | None = None
        self._loading = False
        self.fields: dict[str, Any] = {}
        self.setVisible(False)

    def prepare(self) -> None:
        """Make the fields now (see :meth:`ui.inspector.Inspector.prepare`)."""
        self._ensure_built()

    def _ensure_built(self) -> None:
        """The fields are made with the first workshop shown, after the inspector's own,
        so Tab goes through the plan's fields first (the focus chain follows the order
        widgets are made)."""
        if self.fields:
            return
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        self.heading = QLabel(self.tr("Closing the loop"))
        self.heading.setObjectName("reviewHeading")
        _bold(self.heading, 1.15)
        layout.addWidget(self.heading)
        self.score = ScoreChip()
        self.score.setObjectName("reviewScore")
        layout.addWidget(self.score)
        self.teams = ScoreChip()
        self.teams.setObjectName("reviewTeamsScore")
        layout.addWidget(self.teams)
        self.last_cycle = QLabel()
        self.last_cycle.setObjectName("reviewLastCycle")
        self.last_cycle.setWordWrap(True)
        layout.addWidget(self.last_cycle)
        self.kr_page = self._build_kr_page()
        self.objective_page = self._build_objective_page()
        layout.addWidget(self.kr_page)
        layout.addWidget(self.objective_page)
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0272d; font-weight: bold;")
        layout.addWidget(self.message)
        self.fields.update(self.kr_fields)
        self.fields.update(self.objective_fields)

    def _build_kr_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check_in_button = QPushButton(self.tr("Check In…  (Ctrl+K)"))
        self.check_in_button.setObjectName("checkInButton")
        self.check_in_button.clicked.connect(self._ask_check_in)
        layout.addWidget(self.check_in_button)
        self.chart = ProgressChart()
        layout.addWidget(self.chart)
        label = QLabel(self.tr("Check-ins"))
        _bold(label)
        layout.addWidget(label)
        self.table = CheckInTable()
        self.table.problem.connect(self._show_problem)
        layout.addWidget(self.table)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.kr_fields: dict[str, Any] = {
            "weight": NumberField(self.tr("weight")),
            "learning_note": LongTextField(),
        }
        self.kr_fields["weight"].setPlaceholderText(self.tr("1 (all key results weigh the same)"))
        form.addRow(self.tr("Weight in the objective's score"), self.kr_fields["weight"])
        form.addRow(self.tr("What we learned from it"), self.kr_fields["learning_note"])
        layout.addLayout(form)
        label = QLabel(self.tr("Initiatives"))
        _bold(label)
        layout.addWidget(label)
        self.initiatives = InitiativePanel()
        self.initiatives.problem.connect(self._show_problem)
        layout.addWidget(self.initiatives)
        for name, editor in self.kr_fields.items():
            editor.setObjectName(f"review_{name}")
            editor.committed.connect(lambda n=name: self._commit(n))
        return page

    def _build_objective_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        decisions = [(m.value, m.label) for m in Decision]
        self.objective_fields: dict[str, Any] = {
            "actual_outcome": LongTextField(),
            "learned": LongTextField(),
            "decision": ChoiceField(decisions),
        }
        form.addRow(
            self.tr("Actual outcome: what happened"), self.objective_fields["actual_outcome"]
        )
        form.addRow(self.tr("What we learned"), self.objective_fields["learned"])
        form.addRow(self.tr("Next cycle: keep, change or drop"), self.objective_fields["decision"])
        for name, editor in self.objective_fields.items():
            editor.setObjectName(f"review_{name}")
            editor.committed.connect(lambda n=name: self._commit(n))
        return page

    # ---- following the document ------------------------------------------------------
    def show_document(self, document: Document | None) -> None:
        self.key = None
        if document is not None:
            self._ensure_built()
            self.on_selection_changed(document.selection)
        else:
            self.setVisible(False)

    def on_selection_changed(self, keys: tuple[ItemKey, ...]) -> None:
        new = keys[0] if keys else None
        if new != self.key:
            self.flush()
            self.message.clear()
        self.key = new
        self._load()

    def on_document_changed(self, event: ChangeEvent) -> None:
        if (
            self.document is not None
            and self.key is not None
            and not self.document.exists(self.key)
        ):
            self.key = None
        self._load()

    def _load(self) -> None:
        doc = self.document
        kind = self.key[0] if self.key is not None else None
        shown = doc is not None and kind in ("objective", "key_result")
        self.setVisible(shown)
        if not shown or doc is None or self.key is None:
            return
        self._loading = True
        try:
            item_id = self.key[1]
            self.kr_page.setVisible(kind == "key_result")
            self.objective_page.setVisible(kind == "objective")
            if kind == "key_result":
                self._load_kr(doc, item_id)
            else:
                self._load_objective(doc, item_id)
        finally:
            self._loading = False

    def _load_fields(self, fields: dict[str, Any], row: Any, editable: bool) -> None:
        for name, editor in fields.items():
            if not editor.hasFocus():
                editor.load(getattr(row, name))
            editor.set_editable(editable)

    def _load_kr(self, doc: Document, kr_id: int) -> None:
        data = doc.data
        kr = data.key_results[kr_id]
        score = key_result_score(data, kr_id)
        self.score.set_score(score, self._why(score))
        aligned = data.aligned_to(kr_id)
        self.teams.setVisible(bool(aligned))
        if aligned:
            teams = aligned_score(data, kr_id)
            if len(aligned) == 1:
                said = self.tr("the objective aligned to it")
            else:
                said = self.tr("mean of the {count} objectives aligned to it")
            self.teams.set_score(teams, said.format(count=len(aligned)))
        self._show_last_cycle(kr.carried_score)
        self.check_in_button.setEnabled(not doc.read_only)
        info = data.info
        self.chart.show_key_result(
            kr, data.check_ins_of(kr_id), (info.cycle_start, info.cycle_end), score
        )
        self.table.load(doc, kr_id)
        self._load_fields(self.kr_fields, kr, not doc.read_only)
        self.initiatives.load(doc, kr_id)

    def _load_objective(self, doc: Document, objective_id: int) -> None:
        data = doc.data
        obj = data.objectives[objective_id]
        score = objective_score(data, objective_id)
        counted = ""
        if score.total:
            counted = self.tr("{counted} of {total} key results scored").format(
                counted=score.counted, total=score.total
            )
        self.score.set_score(score, counted if score.value is not None else self._why(score))
        self.teams.setVisible(False)
        self._show_last_cycle(obj.carried_score)
        self._load_fields(self.objective_fields, obj, not doc.read_only)

    def _why(self, score: Score) -> str:
        return score.reason if score.value is None else ""

    def _show_last_cycle(self, carried: float | None) -> None:
        self.last_cycle.setVisible(carried is not None)
        if carried is not None:
            last = Score(round(carried, 2))
            self.last_cycle.setText(self.tr("Last cycle: {score}").format(score=score_label(last)))

    # ---- changes ----------------------------------------------------------------------
    def _show_problem(self, text: str) -> None:
        self.message.setText(text)

    def _ask_check_in(self) -> None:
        if self.key is not None and self.key[0] == "key_result":
            self.checkInRequested.emit(self.key[1])

    def flush(self) -> None:
        """Commit the field being edited (before the selection or the document changes)."""
        if self.document is None or self._loading or self.key is None or not self.fields:
            return
        focus = QApplication.focusWidget()
        if focus is None:
            return
        fields = self.kr_fields if self.key[0] == "key_result" else self.objective_fields
        for name, editor in fields.items():
            if editor is focus or editor.isAncestorOf(focus):
                self._commit(name)
        if self.key[0] == "key_result":
            self.initiatives.flush()

    def _commit(self, name: str) -> None:
        doc, key = self.document, self.key
        if self._loading or doc is None or key is None:
            return
        kind, item_id = key
        if (kind == "key_result") != (name in _KR_FIELDS):
            return
        editor = self.fields[name]
        try:
            value = editor.value()
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        data = doc.data
        row = (
            data.key_results.get(item_id) if kind == "key_result" else data.objectives.get(item_id)
        )
        if row is None or getattr(row, name) == value:
            self.message.clear()
            return
        if kind == "key_result":
            call = lambda ws: services.review_key_result(ws, item_id, **{name: value})  # noqa: E731
        else:
            call = lambda ws: services.review_objective(ws, item_id, **{name: value})  # noqa: E731
        try:
            doc.execute(call)
        except OkrError as exc:
            self.message.setText(str(exc))
            if isinstance(editor, ChoiceField):
                editor.load(getattr(row, name))
            return
        self.message.clear()
