"""The coach panel: every finding of the open workshop, grouped, counted, navigable.

Findings are grouped by severity, then by unit, with counts. Clicking one (or
pressing Enter on it) selects its item, which the canvas and the outline
reveal. The list shows the document's coach report: it is rebuilt when the
document publishes a new one, shortly after every edit, undo and redo; the
filters only choose among the findings (the coach does not run again). A
finding can be accepted with a reason — stored in the file, shown as accepted
rather than open — and reopened.

``CoachView`` is the panel's contents (for a main window that makes its own
docks); ``CoachPanel`` is the same in a dock widget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okr_studio import services
from okr_studio.coach import Finding, Severity
from okr_studio.errors import OkrError
from ui import dialogs
from ui.coach_panel_rows import FINDING_ROLE, LABELS, FindingRows, finding_label, short
from ui.coach_panel_settings import StaleWeeksBox
from ui.document import CoachReport, Document
from ui.document_view import DocumentView
from ui.lifetime import weak_method
from ui.tree_items import child_items, top_items

__all__ = ["LABELS", "CoachPanel", "CoachView", "finding_label"]

#: Delay between typing in the filter and the filtered list (ms).
REFRESH_DELAY_MS = 250
_SEVERITY_FILTERS = (("All severities", None), *((f"{s.label}s", s) for s in Severity))


class CoachView(DocumentView, QWidget):
    """The findings list with its filters and the Accept / Reopen buttons."""

    #: Emitted after each rebuild with (open findings, accepted findings) of the workshop.
    countsChanged = Signal(int, int)

    def __init__(self, document: Document | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.findings: list[Finding] = []
        self.failed = False  # the coach could not check the workshop shown
        self._report: CoachReport | None = None
        self._filling = False

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("coachFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter findings"))
        self.filter_edit.setClearButtonEnabled(True)
        self.severity = QComboBox()
        self.severity.setObjectName("coachSeverity")
        for label, value in _SEVERITY_FILTERS:
            self.severity.addItem(label, value)
        self.show_accepted = QCheckBox(self.tr("Show &accepted"))
        self.show_accepted.setObjectName("coachShowAccepted")
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.severity)
        filters.addWidget(self.show_accepted)

        self.tree = QTreeWidget()
        self.tree.setObjectName("coachTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        # The rows call back through weak references: a cycle would leave freeing this
        # panel to the cycle collector, which can run in the middle of one of its events.
        self.rows = FindingRows(
            self.tree, weak_method(self._wanted, False), weak_method(self._unit_name, "")
        )
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setObjectName("coachCounts")
        self.detail = QLabel()
        self.detail.setObjectName("coachDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.accept_button = QPushButton(self.tr("A&ccept…"))
        self.accept_button.setToolTip(
            self.tr("Keep this on purpose: say why, and it stops counting")
        )
        self.reopen_button = QPushButton(self.tr("&Reopen"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.counts, 1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reopen_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.stale_weeks = StaleWeeksBox(self)  # when a check-in counts as old
        layout.addWidget(self.stale_weeks)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_DELAY_MS)
        self.timer.timeout.connect(self._fill)
        self.filter_edit.textChanged.connect(self.schedule_refresh)
        self.severity.currentIndexChanged.connect(self._fill)
        self.show_accepted.toggled.connect(self._fill)
        self.tree.itemClicked.connect(self._navigate)
        self.tree.itemActivated.connect(self._navigate)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.accept_button.clicked.connect(self.accept_current)
        self.reopen_button.clicked.connect(self.reopen_current)
        self.set_document(document)

    # ---- the document -------------------------------------------------------------------
    def show_document(self, document: Document | None) -> None:
        self.stale_weeks.set_document(document)
        window = self.window()
        hidden = window is not self and window.isVisible() and not self.isVisible()
        waits = hidden or isinstance(window, QMainWindow)
        if document is not None and document.fresh_report is None and waits:
            # In the window the findings follow when the coach has run (every rule in a
            # thread, for a file just opened): the panel never makes the room wait for a
            # run on the event loop.
            self.findings, self.failed, self._report = [], False, None
            self.rows.clear()
            QTreeWidgetItem(self.tree, [self.tr("The coach is checking this workshop…")])
            self.counts.setText("")
            document.check_soon()
            return
        self.refresh()

    def on_findings_changed(self, report: CoachReport) -> None:
        self._show_report(report)

    def schedule_refresh(self, *_args: object) -> None:
        self.timer.start()

    # ---- building the list -------------------------------------------------------------------
    def _wanted(self, f: Finding) -> bool:
        if not f.is_open and not self.show_accepted.isChecked():
            return False
        severity = self.severity.currentData()
        if severity is not None and f.severity != severity:
            return False
        needle = self.filter_edit.text().strip().casefold()
        if needle:
            unit = self._unit_name(f.unit_id)
            hay = " ".join((f.title, f.message, f.hint, f.code, unit)).casefold()
            return needle in hay
        return True

    def _unit_name(self, unit_id: int) -> str:
        if self.document is None or unit_id not in self.document.data.units:
            return ""
        return self.document.data.units[unit_id].name

    def refresh(self) -> None:
        """Rebuild the list from the coach's report on the workshop as it is now."""
        doc = self.document
        self._show_report(doc.coach_report if doc is not None else None)

    def _show_report(self, report: CoachReport | None) -> None:
        self.findings = list(report.findings) if report is not None else []
        self.failed = report is not None and report.failed
        self._report = report
        if report is None or report.failed or self.filter_edit.text().strip():
            self._fill()  # a filter on the words may match a renamed unit's rows
            return
        self._filling = True
        try:
            patched = self.rows.patch(report)
            if patched is None:
                self.rows.clear_current()
            elif not isinstance(patched, bool):
                self.tree.setCurrentItem(patched)
        finally:
            self._filling = False
        if patched is False:
            self._fill()
        else:
            self._update_detail()
            self._count()

    def _fill(self) -> None:
        """Rebuild the list from ``self.findings`` with the filters as they are."""
        self.timer.stop()
        expanded = self._expanded_groups()
        self._filling = True
        try:
            shown, restore = self.rows.fill(self.findings, self._report, expanded)
            if not shown:
                self.rows.forget()
                if self.failed:
                    empty = self.tr("The coach could not check this workshop.")
                elif self.findings:
                    empty = self.tr("No findings match the filter.")
                else:
                    empty = self.tr("The coach has nothing to add.")
                QTreeWidgetItem(self.tree, [empty])
            if restore is not None:
                self.tree.setCurrentItem(restore)
        finally:
            self._filling = False
        self._update_detail()
        self._count()

    def _count(self) -> None:
        report = self._report
        if report is not None:  # self.findings are its findings
            n_open = sum(report.open_counts().values())
        else:
            n_open = sum(1 for f in self.findings if f.accepted is None)
        n_accepted = len(self.findings) - n_open
        text = self.tr("{count} open").format(count=n_open)
        if n_accepted:
            text = self.tr("{count} open · {accepted} accepted").format(
                count=n_open, accepted=n_accepted
            )
        self.counts.setText(text)
        self.countsChanged.emit(n_open, n_accepted)

    def _expanded_groups(self) -> set[tuple]:
        out: set[tuple] = set()
        for top in top_items(self.tree):
            if top.isExpanded() and top.data(0, FINDING_ROLE):
                out.add(top.data(0, FINDING_ROLE))
            for child in child_items(top):
                if child.isExpanded():
                    out.add(child.data(0, FINDING_ROLE))
        return out

    # ---- the current finding --------------------------------------------------------------------
    def current_finding(self) -> Finding | None:
        return self.rows.current()

    def leaves(self) -> list[QTreeWidgetItem]:
        """Every finding row made, in order. A group not opened yet in a long list has
        no rows; ``self.rows.listed()`` gives every finding listed."""
        out: list[QTreeWidgetItem] = []
        for top in top_items(self.tree):
            for group in child_items(top):
                out.extend(child_items(group))
        return out

    def _current_changed(self, *_args: object) -> None:
        if not self._filling:
            self._update_detail()

    def _update_detail(self) -> None:
        f = self.current_finding()
        writable = self.document is not None and not self.document.read_only
        self.accept_button.setEnabled(writable and f is not None and f.is_open)
        self.reopen_button.setEnabled(writable and f is not None and not f.is_open)
        if f is None:
            self.detail.setText("")
            self.detail.setVisible(False)
            return
        text = f"{short(f.message, 400)}\n→ {short(f.hint, 400)}"
        if f.accepted is not None:
            text += f"\nAccepted: {short(f.accepted.reason, 400)}"
        self.detail.setText(text)
        self.detail.setVisible(True)

    def _navigate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        f = item.data(0, FINDING_ROLE)
        if isinstance(f, Finding) and self.document is not None:
            self.document.select((f.item_kind, f.item_id))

    # ---- accepting ---------------------------------------------------------------------------
    def accept_current(self) -> None:
        f = self.current_finding()
        if f is None or not f.is_open or self.document is None:
            return
        reason = dialogs.ask_text(
            self,
            self.tr("Accept finding"),
            self.tr("Why does the room keep this as it is?\n{finding}").format(
                finding=short(f.message, 200)
            ),
        )
        if reason is None:
            return
        doc = self.document
        try:
            doc.execute(
                lambda ws: services.accept_finding(ws, f.code, f.item_kind, f.item_id, reason)
            )
        except OkrError as exc:
            dialogs.show_error(self, exc, title=self.tr("Accept finding"))
            return
        doc.publish_findings()  # at once: the accepted finding leaves the list

    def reopen_current(self) -> None:
        f = self.current_finding()
        if f is None or f.accepted is None or self.document is None:
            return
        accepted_id = f.accepted.id
        try:
            self.document.execute(lambda ws: services.reopen_finding(ws, accepted_id))
        except OkrError as exc:
            dialogs.show_error(self, exc, title=self.tr("Reopen finding"))
            return
        self.document.publish_findings()  # at once: the finding is open again


class CoachPanel(QDockWidget):
    """The coach's findings in a dock; the title counts the open ones."""

    def __init__(self, document: Document | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Coach", parent)
        self.setObjectName("coachDock")
        self.view = CoachView(document, self)
        self.setWidget(self.view)
        self.view.countsChanged.connect(self._title)
        self.view.refresh()

    def set_document(self, document: Document | None) -> None:
        self.view.set_document(document)

    def _title(self, n_open: int, _n_accepted: int) -> None:
        self.setWindowTitle(
            self.tr("Coach ({count})").format(count=n_open) if n_open else self.tr("Coach")
        )
