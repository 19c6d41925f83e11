"""The cascade wizard: parent key result → team objective with 3–5 key results.

Nothing is written while the wizard is open. Finish runs one
:func:`okr_studio.services.cascade` call through the document (one undo step
that takes back the team, the objective, its key results and any new people);
Cancel leaves the file as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from okr_studio import services
from okr_studio.errors import OkrError
from ui import dialogs, theme
from ui.document import Document
from ui.entry_chips import entry_context
from ui.wizard.check_page import AlignmentPage
from ui.wizard.common import BadValue, plain_label, scaled_font, set_text_colour
from ui.wizard.draft import Draft
from ui.wizard.kr_page import KeyResultsPage
from ui.wizard.pages import ObjectivePage, Page, ParentPage

STEPS = ("Parent key result", "Team objective", "Key results", "Alignment check")
ZOOM_STEP = 1.15
MIN_SCALE, MAX_SCALE = 0.8, 3.0
SCALE_SETTING = "wizard/font_scale"
EXPLAIN_SETTING = "wizard/explanations"


def _remembered_scale() -> float:
    try:
        value = float(str(QSettings().value(SCALE_SETTING, 1.0)))
    except (TypeError, ValueError):
        return 1.0
    return min(MAX_SCALE, max(MIN_SCALE, value))


class CascadeWizard(QDialog):
    """Four steps; ``objective_id`` holds the new objective after Finish."""

    #: Emitted after Finish with the new objective's id.
    finished_cascade = Signal(int)

    def __init__(
        self,
        document: Document,
        kr_id: int,
        *,
        team_id: int | None = None,
        font_scale: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.data = document.data
        self.objective_id: int | None = None
        self.draft = Draft(parent_kr_id=kr_id)
        kr = self.data.key_results[kr_id]
        self.setWindowTitle(self.tr("Cascade “{title}” to a team").format(title=_short(kr.title)))
        self.setObjectName("cascadeWizard")

        self.steps = QLabel()
        self.steps.setTextFormat(Qt.TextFormat.PlainText)
        self.steps.setObjectName("wizardSteps")
        self.stack = QStackedWidget()
        objective_page = ObjectivePage(self.data, self.draft)
        self.kr_page = KeyResultsPage(self.data, self.draft)
        self.pages: list[Page] = [
            ParentPage(self.data, self.draft, team_id),
            objective_page,
            self.kr_page,
            AlignmentPage(self.data, self.draft),
        ]
        objective_page.goOn.connect(self.next)  # Enter in the objective's owner field
        self.kr_page.table.chips.context_of = lambda: entry_context(
            document.data, document.clock()
        )  # a line's "by 31 Mar" is read on the document's day
        for page in self.pages:
            self.stack.addWidget(page)
            page.edited.connect(self._update_buttons)
            page.explainer.toggle.toggled.connect(self._share_explainer)

        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._button_bar())
        self._add_shortcuts()

        if str(QSettings().value(EXPLAIN_SETTING, "true")).lower() == "false":
            for page in self.pages:
                page.explainer.set_expanded(False)
        #: Opened in the presentation size (the room sees it): a zoom here is for the
        #: room and is not remembered as the size of the facilitator's own wizard.
        self._for_the_room = font_scale is not None
        if font_scale is None:
            font_scale = _remembered_scale()
        self.font_scale = 1.0
        self.set_font_scale(font_scale)
        self._fit_window()
        self._show_page(0)

    def _button_bar(self) -> QHBoxLayout:
        """The reason Next is refused, and Back, Next, Finish and Cancel."""
        self.reason = plain_label()
        self.reason.setObjectName("wizardReason")
        set_text_colour(self.reason, theme.current().error)
        self.back_button = QPushButton(self.tr("< &Back"))
        self.next_button = QPushButton(self.tr("&Next >"))
        self.finish_button = QPushButton(self.tr("&Finish"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        for button in (self.back_button, self.next_button, self.finish_button):
            button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        bar = QHBoxLayout()
        bar.addWidget(self.reason, 1)
        for button in (self.back_button, self.next_button, self.finish_button, self.cancel_button):
            bar.addWidget(button)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.finish_button.clicked.connect(self.finish)
        self.cancel_button.clicked.connect(self.reject)
        return bar

    def _add_shortcuts(self) -> None:
        # Ctrl+Enter goes on from anywhere, the key result table included.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.go_on)
        # Ctrl++ / Ctrl+- / Ctrl+0: larger or smaller type, remembered for the next cascade.
        zooms = (
            (QKeySequence.StandardKey.ZoomIn, ZOOM_STEP),
            (QKeySequence.StandardKey.ZoomOut, 1 / ZOOM_STEP),
            (QKeySequence("Ctrl+0"), 0.0),
        )
        for keys, factor in zooms:
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(lambda f=factor: self.zoom(f))

    # ---- pages ------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self.stack.currentIndex()

    @property
    def page(self) -> Page:
        return self.pages[self.index]

    def _show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        page = self.pages[index]
        page.enter()
        marks = [
            f"[{i + 1}. {name}]" if i == index else f"{i + 1}. {name}"
            for i, name in enumerate(STEPS)
        ]
        self.steps.setText("  ›  ".join(marks))
        self._update_buttons()
        page.focus_first()

    def _update_buttons(self) -> None:
        last = self.index == len(self.pages) - 1
        reasons = self.page.reasons()
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)
        self.next_button.setEnabled(not reasons)
        self.finish_button.setEnabled(not reasons)
        self.reason.setText("\n".join(reasons))
        self.next_button.setDefault(not last)
        self.finish_button.setDefault(last)

    def _share_explainer(self, expanded: bool) -> None:
        for page in self.pages:
            page.explainer.set_expanded(expanded)
        QSettings().setValue(EXPLAIN_SETTING, expanded)

    def go_on(self) -> None:
        """Next, or Finish on the last page (Ctrl+Enter)."""
        if self.index == len(self.pages) - 1:
            self.finish()
        else:
            self.next()

    def next(self) -> None:
        leave = getattr(self.page, "leave", None)
        if leave is not None:
            leave()
        self._update_buttons()
        if self.page.reasons() or self.index >= len(self.pages) - 1:
            return
        self._show_page(self.index + 1)

    def back(self) -> None:
        leave = getattr(self.page, "leave", None)
        if leave is not None:
            leave()
        if self.index > 0:
            self._show_page(self.index - 1)

    # ---- finishing -----------------------------------------------------------------------
    def finish(self) -> None:
        """Create the team (if new), the objective and its key results as one undo step."""
        for page in self.pages:
            leave = getattr(page, "leave", None)
            if leave is not None:
                leave()
            if page.reasons():
                self._show_page(self.pages.index(page))
                return
        draft = self.draft
        try:
            key_results = draft.key_result_values(QLocale())
        except BadValue:  # pragma: no cover - the key results page refuses these first
            self._show_page(2)
            return
        objective = draft.objective_values()
        try:
            change = self.document.execute(
                lambda ws: services.cascade(
                    ws,
                    draft.parent_kr_id,
                    draft.unit_id,
                    objective,
                    key_results,
                    new_unit=draft.new_unit,
                )
            )
        except OkrError as exc:
            dialogs.show_error(self, exc, title=self.tr("Cascade"))
            return
        if change.subject is None:  # pragma: no cover - cascade always names the objective
            return
        self.objective_id = change.subject[1]
        self.document.select(("objective", self.objective_id))
        self.finished_cascade.emit(self.objective_id)
        self.accept()

    def has_typed(self) -> bool:
        """Whether Cancel would throw away something the room typed."""
        draft = self.draft
        parent_title = self.data.key_results[draft.parent_kr_id].title
        obj = draft.objective
        typed = obj.get("title", parent_title) != parent_title or any(
            obj.get(k, "").strip()
            for k in ("problem", "behaviour_change", "success_measure", "owner_name")
        )
        return typed or bool(draft.filled_rows()) or bool((draft.new_team_name or "").strip())

    def discard(self) -> None:
        """Close without asking (e.g. when the workshop itself is being closed)."""
        self._discarding = True
        super().reject()

    def reject(self) -> None:
        if getattr(self, "_discarding", False):
            super().reject()
            return
        if self.objective_id is None and self.has_typed():
            ok = dialogs.confirm(
                self,
                self.tr("Cancel the cascade"),
                self.tr("Throw away this team objective and its key results?"),
                detail=self.tr("Nothing of it has been added to the workshop yet."),
                ok_text=self.tr("Throw away"),
                destructive=True,
            )
            if not ok:
                return
        super().reject()

    # ---- type size ------------------------------------------------------------------------
    def _fit_window(self) -> None:
        """Wide enough for the key result table in the current type, within the screen."""
        table = self.kr_page.table
        width = table.preferred_width() + 60
        height = self.fontMetrics().height() * 34
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            width = min(width, int(screen.width() * 0.95))
            height = min(height, int(screen.height() * 0.9))
        self.resize(width, height)

    def zoom(self, factor: float) -> None:
        """Grow or shrink the type by ``factor`` (0 goes back to the app's size)."""
        scale = 1.0 if factor == 0 else self.font_scale * factor
        scale = min(MAX_SCALE, max(MIN_SCALE, scale))
        self.set_font_scale(scale)
        self._fit_window()
        if not self._for_the_room:
            QSettings().setValue(SCALE_SETTING, scale)

    def set_font_scale(self, scale: float | None) -> None:
        """Follow the app's type size (presentation mode passes a larger ``scale``)."""
        self.font_scale = scale or 1.0
        self.setFont(scaled_font(scale))
        bold = self.font()
        bold.setBold(True)
        self.reason.setFont(bold)
        for page in self.pages:
            page.apply_font()


def _short(text: str, limit: int = 60) -> str:
    single = " ".join(text.split())
    return single if len(single) <= limit else single[: limit - 1] + "…"
