"""The first two steps of the cascade: the parent key result and the team objective."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okr_studio import coach
from okr_studio.data import KeyResultData, WorkshopData, name_key
from okr_studio.numbers import locale_of
from ui.tree_items import line_edit
from ui.wizard.common import (
    Explainer,
    HintList,
    elide,
    format_date,
    format_number,
    heading_font,
    plain_label,
)
from ui.wizard.draft import Draft
from ui.wizard.team_pick import TeamCombo

NEW_TEAM = -1  # the team combo's "new team" entry


def unit_suffix(unit: str) -> str:
    """ "%" sticks to the number (40%); other units follow a space (500 ms)."""
    unit = unit.strip()
    if not unit:
        return ""
    return unit if unit in {"%", "‰", "°"} else f" {unit}"


def kr_summary(kr: KeyResultData) -> str:
    """ "120 → 180 users by 2027-03-31": where a key result starts, ends, and when."""
    unit = unit_suffix(kr.unit_of_measure)
    base = f"{format_number(kr.baseline)}{unit}" if kr.baseline is not None else ""
    target = f"{format_number(kr.target)}{unit}" if kr.target is not None else ""
    if base and target:
        text = f"{base} → {target}"
    elif target:
        text = f"target {target}"
    elif base:
        text = f"from {base}, no target yet"
    else:
        text = "no target yet"
    if kr.due_date is not None:
        text += f" by {format_date(kr.due_date)}"
    return text


class Page(QWidget):
    """One step: a heading, a foldable explanation, the fields."""

    #: Something the user typed changed what the page holds.
    edited = Signal()

    title = ""
    explanation = ""

    def __init__(self, data: WorkshopData, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.draft = draft
        self.heading = QLabel(self.title)
        self.heading.setObjectName("pageHeading")
        self.explainer = Explainer(self.explanation)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.explainer)

    def reasons(self) -> list[str]:
        """Why the wizard cannot go on from this page (empty when it can)."""
        return []

    def enter(self) -> None:
        """Called each time the page is shown (it may read what earlier pages hold)."""

    def first_field(self) -> QWidget | None:
        return None

    def focus_first(self) -> None:
        field = self.first_field()
        if field is not None:
            field.setFocus()

    def apply_font(self) -> None:
        self.heading.setFont(heading_font(self.font()))


# ---- step 1 --------------------------------------------------------------------------
class ParentPage(Page):
    title = "1. Parent key result"
    explanation = (
        "Cascading starts from a key result of the level above that the team can "
        "influence. Check the chain from the company objective down to it, then choose "
        "the team that will take it on — or create the team here if it is not on the "
        "canvas yet."
    )

    def __init__(
        self, data: WorkshopData, draft: Draft, team_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(data, draft, parent)
        kr = data.key_results[draft.parent_kr_id]
        self.kr_unit_id = data.objective_of_kr(kr.id).unit_id
        self.chain = QTreeWidget()
        self.chain.setHeaderHidden(True)
        self.chain.setRootIsDecorated(False)
        self.chain.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chain.setObjectName("parentChain")
        self._fill_chain(kr)
        self.layout_.addWidget(plain_label(self.tr("The alignment chain:"), wrap=False))
        self.layout_.addWidget(self.chain)

        self.team = TeamCombo(NEW_TEAM)  # typing a name picks the team
        self.team.setObjectName("teamCombo")
        self.below = list(data.unit_descendants(self.kr_unit_id))
        base_depth = data.unit_depth(self.kr_unit_id)
        for unit in self.below:
            indent = "    " * (data.unit_depth(unit.id) - base_depth - 1)
            level = f" ({unit.level})" if unit.level else ""
            self.team.add_team(f"{indent}{elide(unit.name, 80)}{level}", unit.name, unit.id)
        self.team.addItem("＋ New team…", NEW_TEAM)
        self.new_name = self.team.new_name = QLineEdit()
        self.new_name.setObjectName("newTeamName")
        self.new_name.setPlaceholderText(self.tr("Name of the new team"))
        self.new_parent = QComboBox()
        self.new_parent.setObjectName("newTeamParent")
        for unit in [data.units[self.kr_unit_id], *self.below]:
            self.new_parent.addItem(elide(unit.name, 80) or self.tr("(unnamed)"), unit.id)
        form = QFormLayout()
        form.addRow(self.tr("&Team:"), self.team)
        form.addRow(self.tr("New team &name:"), self.new_name)
        form.addRow(self.tr("Place it &under:"), self.new_parent)
        self.form = form
        self.layout_.addLayout(form)
        self.aligned_note = plain_label()
        self.aligned_note.setObjectName("alignedNote")
        self.hints = HintList()
        self.layout_.addWidget(self.aligned_note)
        self.layout_.addWidget(self.hints)
        self.layout_.addStretch(1)

        start = self.team.findData(team_id) if team_id is not None else -1
        self.team.setCurrentIndex(start if start >= 0 else 0)
        self.team.currentIndexChanged.connect(self._changed)
        self.new_name.textChanged.connect(self._changed)
        self.new_parent.currentIndexChanged.connect(self._changed)
        self._changed()

    def _fill_chain(self, kr: KeyResultData) -> None:
        data = self.data
        parent_item: QTreeWidget | QTreeWidgetItem = self.chain
        for obj, below in data.chain(data.objective_of_kr(kr.id).id):
            unit = data.units[obj.unit_id]
            shown_kr = below if below is not None else kr
            obj_item = QTreeWidgetItem(parent_item, [f"{unit.name} — {elide(obj.title)}"])
            obj_item.setToolTip(0, obj.title)
            kr_item = QTreeWidgetItem(
                obj_item, [f"↳ {elide(shown_kr.title)}  ({kr_summary(shown_kr)})"]
            )
            kr_item.setToolTip(0, shown_kr.title)
            if shown_kr.id == kr.id:
                font = kr_item.font(0)
                font.setBold(True)
                kr_item.setFont(0, font)
                self.parent_item = kr_item
            parent_item = kr_item
        self.chain.expandAll()
        self._fit_chain()

    def _fit_chain(self) -> None:
        rows = 0
        it = self.chain.topLevelItem(0)
        while it is not None:
            rows += 1
            it = self.chain.itemBelow(it)
        row_height = max(self.chain.sizeHintForRow(0), self.chain.fontMetrics().height() + 4)
        self.chain.setFixedHeight(row_height * max(rows, 1) + 2 * self.chain.frameWidth() + 6)

    def apply_font(self) -> None:
        super().apply_font()
        self._fit_chain()

    def _changed(self) -> None:
        creating = self.team.currentData() == NEW_TEAM
        for widget in (self.new_name, self.new_parent):
            widget.setVisible(creating)
            self.form.labelForField(widget).setVisible(creating)
        if creating:
            self.draft.unit_id = None
            self.draft.new_team_name = self.new_name.text()
            self.draft.new_team_parent_id = self.new_parent.currentData()
            self.draft.new_team_level = self._level_below(self.draft.new_team_parent_id)
        else:
            self.draft.unit_id = self.team.currentData()
            self.draft.new_team_name = None
        self._update_notes()
        self.edited.emit()

    def _level_below(self, parent_id: int | None) -> str:
        levels = Counter(u.level for u in self.data.child_units(parent_id) if u.level.strip())
        return levels.most_common(1)[0][0] if levels else "team"

    def _update_notes(self) -> None:
        data, kr_id = self.data, self.draft.parent_kr_id
        note = ""
        if self.draft.unit_id is not None:
            already = [o for o in data.aligned_to(kr_id) if o.unit_id == self.draft.unit_id]
            if already:
                names = ", ".join(f"“{elide(o.title, 60)}”" for o in already)
                team = data.units[self.draft.unit_id].name
                note = (
                    f"{team} already has an objective aligned to this key result: {names}. "
                    "You can add another one, or cancel and refine that one."
                )
        self.aligned_note.setText(note)
        self.aligned_note.setVisible(bool(note))
        hints = []
        name = (self.draft.new_team_name or "").strip()
        if name and self.draft.new_team_parent_id is not None:
            siblings = data.child_units(self.draft.new_team_parent_id)
            if any(name_key(u.name) == name_key(name) for u in siblings):
                hints.append(f"There is already a unit called “{elide(name, 60)}” there.")
        self.hints.set_hints(hints)

    def reasons(self) -> list[str]:
        reason = self.draft.team_reason()
        return [reason] if reason else []

    def first_field(self) -> QWidget:
        return self.new_name if self.team.currentData() == NEW_TEAM else self.team


# ---- step 2 --------------------------------------------------------------------------
class ObjectivePage(Page):
    title = "2. Team objective"
    explanation = (
        "Reframe the parent key result as the team's own objective: a qualitative outcome "
        "the team wants this cycle, in plain words and without numbers (the numbers go "
        "into the key results). Say which problem it solves or which behaviour it "
        "changes, how you will know it worked, and who owns it."
    )

    #: Enter in the owner field: the wizard goes on to the next step.
    goOn = Signal()

    _TEXTS = (
        (
            "problem",
            QT_TRANSLATE_NOOP("ObjectivePage", "&Problem or opportunity:"),
            QT_TRANSLATE_NOOP("ObjectivePage", "What is wrong today, or what could be better?"),
        ),
        (
            "behaviour_change",
            QT_TRANSLATE_NOOP("ObjectivePage", "&Behaviour it changes:"),
            QT_TRANSLATE_NOOP("ObjectivePage", "Who will do what differently?"),
        ),
        (
            "success_measure",
            QT_TRANSLATE_NOOP("ObjectivePage", "How success is &measured:"),
            QT_TRANSLATE_NOOP("ObjectivePage", "How will the room know it worked?"),
        ),
    )

    def __init__(self, data: WorkshopData, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(data, draft, parent)
        parent_kr = data.key_results[draft.parent_kr_id]
        self.title_edit = QLineEdit(parent_kr.title)
        self.title_edit.setObjectName("objectiveTitle")
        self.title_note = plain_label(
            self.tr(
                "Pre-filled from the parent key result as a starting point: rewrite it as the "
                "outcome your team wants."
            ),
            muted=True,
        )
        self.title_hints = HintList()
        self.texts: dict[str, QPlainTextEdit] = {}
        self.owner = self._owner_combo(data)
        self.owner_hints = HintList()
        form = QFormLayout()
        form.addRow(self.tr("&Objective:"), self.title_edit)
        form.addRow("", self.title_note)
        form.addRow("", self.title_hints)
        form.addRow(self.tr("O&wner:"), self.owner)
        form.addRow("", self.owner_hints)
        for name, label, placeholder in self._TEXTS:
            edit = QPlainTextEdit()
            edit.setObjectName(name)
            edit.setTabChangesFocus(True)
            edit.setPlaceholderText(self.tr(str(placeholder)))
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            edit.textChanged.connect(self._changed)
            self.texts[name] = edit
            form.addRow(self.tr(str(label)), edit)
        self.form = form
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self.title_edit.textChanged.connect(self._changed)
        # Enter in the title: on to the owner; Enter there: on to the next step (also
        # when the list of names takes the Enter first and hands it on as returnPressed).
        self.title_edit.installEventFilter(self)
        self.owner.installEventFilter(self)  # the combo box hands its keys to its line
        line_edit(self.owner).returnPressed.connect(self.goOn)
        self.owner.editTextChanged.connect(self._changed)
        self._changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched in (self.title_edit, self.owner)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            if watched is self.title_edit:
                self.owner.setFocus(Qt.FocusReason.TabFocusReason)
                line_edit(self.owner).selectAll()
            else:
                self.goOn.emit()
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _owner_combo(data: WorkshopData) -> QComboBox:
        owner = QComboBox()
        owner.setObjectName("objectiveOwner")
        owner.setEditable(True)
        owner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        owner.addItem("")
        names = {p.name for p in data.people.values() if p.name.strip()}
        for name in sorted(names, key=str.casefold):
            owner.addItem(name)
        owner.setCurrentIndex(0)
        line_edit(owner).setPlaceholderText(
            QCoreApplication.translate("ObjectivePage", "Type a name or pick one")
        )
        completer = owner.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return owner

    def _changed(self) -> None:
        obj = self.draft.objective
        obj["title"] = self.title_edit.text()
        for name, edit in self.texts.items():
            obj[name] = edit.toPlainText()
        obj["owner_name"] = self.owner.currentText()
        parent_title = self.data.key_results[self.draft.parent_kr_id].title
        self.title_note.setVisible(obj["title"] == parent_title)
        language = coach.workshop_language(self.data, locale_of().language)
        hints = coach.objective_title_hints(obj["title"], language)
        self.title_hints.set_hints([elide(f.message, 200) for f in hints])
        owner_hint = []
        if not obj["owner_name"].strip():
            owner_hint.append("No owner yet: name the one person accountable for the objective.")
        self.owner_hints.set_hints(owner_hint)
        self.edited.emit()

    def first_field(self) -> QWidget:
        return self.title_edit

    def focus_first(self) -> None:
        """The pre-filled title is selected, so typing replaces it."""
        self.title_edit.setFocus()
        self.title_edit.selectAll()
