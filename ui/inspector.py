"""The inspector dock: every field of the selected unit, objective or key result.

With nothing selected it shows the workshop's details. Each edit is committed
when the user finishes it (Return, leaving the field, picking a choice) as one
undoable step through ``doc.execute(services.update_*)``; a refused or invalid
value is explained under the form and the field is left as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from okr_studio.errors import OkrError
from ui.breakout_canvas import lock_reason
from ui.document_view import DocumentView
from ui.inspector_fields import (
    ChoiceField,
    DateField,
    LongTextField,
    NumberField,
    OwnerField,
    TextField,
)
from ui.inspector_links import LazyChoiceField, show_alignment, show_parent_units

if TYPE_CHECKING:
    from okr_studio.events import ChangeEvent
    from ui.document import Document, ItemKey

Editor = Any  # one of the field classes of ui.inspector_fields

_PAGES = ("workshop", "unit", "objective", "key_result")
_TITLES = {
    "workshop": "Workshop details",
    "unit": "Unit",
    "objective": "Objective",
    "key_result": "Key result",
}


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in enum]


class _Page(QWidget):
    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        # Labels above their fields: the dock is narrow, and full-width fields show
        # whole titles and names instead of their last few letters.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        outer.addLayout(self.form)
        # Extra height (the stack is as tall as its tallest page) goes below the fields,
        # not between them.
        outer.addStretch(1)
        self.fields: dict[str, Editor] = {}
        self.context = QLabel()
        self.context.setWordWrap(True)
        self.context.setObjectName("inspectorContext")
        self.form.addRow(self.context)

    def add(self, name: str, label: str, editor: Editor) -> Editor:
        editor.setObjectName(f"field_{name}")
        self.fields[name] = editor
        self.form.addRow(label, editor)
        return editor


class Inspector(DocumentView, QScrollArea):
    #: Esc in a field: the field is committed and the keyboard goes back to the canvas.
    doneEditing = Signal()

    def __init__(self, document: Document | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self._done)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setObjectName("inspectorHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.message = QLabel()
        self.message.setObjectName("inspectorMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0272d; font-weight: bold;")
        layout.addWidget(self.message)
        from ui.review_inspector import ReviewSection  # scores, check-ins, the review

        self.review = ReviewSection()
        layout.addWidget(self.review)
        layout.addStretch(1)
        self.setWidget(body)
        # The pages are built when the first workshop is shown (keeps start-up light).
        self.pages: dict[str, _Page] = {}
        self.document: Document | None = None
        self.key: ItemKey | None = None
        self._loading = False
        self.set_document(document)

    # ---- pages ---------------------------------------------------------------------
    def prepare(self) -> None:
        """Make the fields now, showing nothing yet: the window shows a file opened at
        start-up here after its first paint, and Tab keeps the order they are made in."""
        self._ensure_pages()
        self.review.prepare()

    def _ensure_pages(self) -> None:
        if not self.pages:
            self.pages = {kind: self._build(kind) for kind in _PAGES}
            for page in self.pages.values():
                self.stack.addWidget(page)

    def _build(self, kind: str) -> _Page:
        from okr_studio.vocab import Direction, Language, Status, WorkType

        page = _Page(kind)
        if kind == "workshop":
            page.add("name", self.tr("Name"), TextField())
            page.add("cycle", self.tr("Cycle"), TextField()).setPlaceholderText(
                self.tr("e.g. 2027 Q1")
            )
            page.add("date", self.tr("Workshop date"), DateField())
            page.add("cycle_start", self.tr("Cycle starts"), DateField())
            page.add("cycle_end", self.tr("Cycle ends"), DateField())
            page.add("facilitator", self.tr("Facilitator"), TextField())
            # The language the OKRs are written in (the coach reads their wording in it).
            page.add("language", self.tr("Language of the OKRs"), ChoiceField(_choices(Language)))
            page.add("notes", self.tr("Notes"), LongTextField())
        elif kind == "unit":
            page.add("name", self.tr("Name"), TextField())
            page.add("level", self.tr("Level"), TextField()).setPlaceholderText(
                self.tr("company, department, team…")
            )
            page.add("parent_id", self.tr("Part of"), LazyChoiceField())
        elif kind == "objective":
            page.add("title", self.tr("Title"), TextField())
            page.add("parent_kr_id", self.tr("Supports"), LazyChoiceField())
            page.add("owner_name", self.tr("Owner"), OwnerField())
            page.add("status", self.tr("Status"), ChoiceField(_choices(Status)))
            page.add("problem", self.tr("Problem or opportunity"), LongTextField())
            page.add("behaviour_change", self.tr("Behaviour change"), LongTextField())
            page.add("success_measure", self.tr("How success is measured"), LongTextField())
            page.add("notes", self.tr("Notes"), LongTextField())
        else:
            page.add("title", self.tr("Title"), TextField())
            page.add("metric", self.tr("Metric"), TextField())
            page.add("baseline", self.tr("Baseline"), NumberField("baseline"))
            page.add("target", self.tr("Target"), NumberField("target"))
            page.add("unit_of_measure", self.tr("Unit of measure"), TextField()).setPlaceholderText(
                self.tr("%, tickets, ms…")
            )
            page.add("direction", self.tr("Direction"), ChoiceField(_choices(Direction)))
            page.add("due_date", self.tr("Due date"), DateField())
            page.add("owner_name", self.tr("Owner"), OwnerField())
            page.add("work_type", self.tr("Work type"), ChoiceField(_choices(WorkType)))
            page.add(
                "confidence", self.tr("Confidence (%)"), NumberField("confidence", percent=True)
            )
            page.add("notes", self.tr("Notes"), LongTextField())
        for name, editor in page.fields.items():
            editor.committed.connect(lambda k=kind, n=name: self._commit(k, n))
        return page

    # ---- document ------------------------------------------------------------------
    def show_document(self, document: Document | None) -> None:
        self.key = None
        if document is not None:
            self._ensure_pages()
            self.on_selection_changed(document.selection)
        self.review.set_document(document)  # after the pages: Tab reaches the plan first
        self.setEnabled(document is not None)

    def flush(self) -> None:
        """Commit the field being edited (before the selection or the document changes)."""
        if self.document is None or self._loading:
            return
        self.review.flush()
        focus = QApplication.focusWidget()
        if focus is None:
            return
        page = self.page
        for name, editor in page.fields.items():
            if editor.isAncestorOf(focus):  # true for the editor itself as well
                self._commit(page.kind, name)

    def _done(self) -> None:
        self.flush()
        if self.message.text():
            return  # the value was refused: stay in the field, the reason is shown below
        self.doneEditing.emit()

    def on_selection_changed(self, keys: tuple[ItemKey, ...]) -> None:
        new = keys[0] if keys else None
        if new != self.key:
            self.flush()
        self.key = new
        self.message.clear()
        self._load()

    def on_document_changed(self, event: ChangeEvent) -> None:
        if self.document is None:
            return
        if self.key is not None and not self.document.exists(self.key):
            self.key = None
        self._load()

    @property
    def page(self) -> _Page:
        self._ensure_pages()
        return self.pages[self.key[0] if self.key else "workshop"]

    def _load(self) -> None:
        doc = self.document
        if doc is None:
            return
        data = doc.data
        page = self.page
        self._loading = True
        try:
            self.stack.setCurrentWidget(page)
            self.heading.setText(_TITLES[page.kind])
            names = [p.name for p in data.people.values() if p.name]
            values: dict[str, Any]
            context = ""
            if self.key is None:
                values = {f: getattr(data.info, f) for f in page.fields}
            else:
                kind, item_id = self.key
                table = {
                    "unit": data.units,
                    "objective": data.objectives,
                    "key_result": data.key_results,
                }[kind]
                row = table[item_id]
                values = {
                    f: data.person_name(row.owner_id) if f == "owner_name" else getattr(row, f)
                    for f in page.fields
                }
                context = self._context(kind, item_id)
                self._fill_links(page, kind, item_id)
            kind, item_id = self.key if self.key is not None else ("workshop", None)
            locked = lock_reason(data, kind, item_id)  # a breakout file's context
            if locked:
                context = f"{context}\n🔒 {locked}".strip()
            page.context.setText(context)
            page.context.setVisible(bool(context))
            for name, editor in page.fields.items():
                if isinstance(editor, OwnerField):
                    editor.set_people(names)
                if editor.hasFocus() and self._shown_value(editor) == values[name]:
                    continue  # leave the cursor where it is
                editor.load(values[name])
                editor.set_editable(not doc.read_only and not locked)
        finally:
            self._loading = False

    @staticmethod
    def _shown_value(editor: Editor) -> Any:
        try:
            return editor.value()
        except ValueError:
            return object()

    def _context(self, kind: str, item_id: int) -> str:
        assert self.document is not None
        data = self.document.data
        if kind == "unit":
            parent = data.units[item_id].parent_id
            if parent is not None and parent in data.units:
                return f"Part of {data.units[parent].name}"
            return "Top unit"
        if kind == "objective":
            obj = data.objectives[item_id]
            unit = data.units[obj.unit_id].name if obj.unit_id in data.units else "?"
            return f"Objective of {unit}"
        kr = data.key_results[item_id]
        obj = data.objectives.get(kr.objective_id)
        return f"Key result of: {obj.title}" if obj is not None else ""

    def _fill_links(self, page: _Page, kind: str, item_id: int) -> None:
        """The choices of the alignment (objective) and the parent unit (unit), made when
        the field's list is first needed (see :mod:`ui.inspector_links`)."""
        assert self.document is not None
        data = self.document.data
        if kind == "objective":
            show_alignment(page.fields["parent_kr_id"], data, item_id)
        elif kind == "unit":
            show_parent_units(page.fields["parent_id"], data, item_id)

    # ---- committing -------------------------------------------------------------------
    def _service(self, kind: str) -> Callable[..., Any]:
        from okr_studio import services

        return {
            "workshop": lambda ws, _id, **kw: services.update_info(ws, **kw),
            "unit": services.update_unit,
            "objective": services.update_objective,
            "key_result": services.update_key_result,
        }[kind]

    def _commit(self, kind: str, name: str) -> None:
        doc = self.document
        if self._loading or doc is None or self.page.kind != kind:
            return
        editor = self.pages[kind].fields[name]
        try:
            value = editor.value()
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        item_id = self.key[1] if self.key else 1
        current = self._current_value(kind, item_id, name)
        if value == current:
            self.message.clear()
            return
        from okr_studio import services

        if (kind, name) == ("objective", "parent_kr_id"):
            call = lambda ws: services.align_objective(ws, item_id, value)  # noqa: E731
        elif (kind, name) == ("unit", "parent_id"):
            call = lambda ws: services.move_unit(ws, item_id, value)  # noqa: E731
        else:
            service = self._service(kind)
            call = lambda ws: service(ws, item_id, **{name: value})  # noqa: E731
        try:
            doc.execute(call)
        except OkrError as exc:
            self.message.setText(str(exc))
            if isinstance(editor, ChoiceField | DateField):
                editor.load(current)  # show what the file holds; typed text stays to fix
            return
        self.message.clear()

    def _current_value(self, kind: str, item_id: int, name: str) -> Any:
        assert self.document is not None
        data = self.document.data
        if kind == "workshop":
            return getattr(data.info, name)
        row = {"unit": data.units, "objective": data.objectives, "key_result": data.key_results}[
            kind
        ].get(item_id)
        if row is None:
            return None
        if name == "owner_name":
            return data.person_name(row.owner_id)
        return getattr(row, name)
