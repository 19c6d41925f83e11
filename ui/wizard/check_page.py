"""Step 4 of the cascade: the new branch as it will stand, and what the coach says."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QScrollArea, QTreeWidget, QTreeWidgetItem, QWidget

from okr_studio import coach
from okr_studio.coach import Finding, Severity
from okr_studio.data import KeyResultData, WorkshopData
from okr_studio.numbers import locale_of
from ui.wizard.common import DIRECTION_VERBS, elide, format_number, plain_label
from ui.wizard.draft import Draft, lenient_row_values
from ui.wizard.pages import Page, kr_summary, unit_suffix

_MARKS = {Severity.ERROR: "✖", Severity.WARNING: "⚠", Severity.HINT: "ℹ"}


def moves_parent(kr: KeyResultData, parent: KeyResultData) -> str:
    """One line on how a new key result moves the parent key result."""
    what = kr.metric.strip() or kr.title.strip() or "this key result"
    unit = unit_suffix(kr.unit_of_measure)
    verb = DIRECTION_VERBS.get(kr.direction, "moves")
    if kr.direction == "milestone":
        step = f"reaches “{elide(what, 60)}”"
    elif kr.baseline is not None and kr.target is not None:
        step = (
            f"{verb} {elide(what, 60)} from {format_number(kr.baseline)}{unit} "
            f"to {format_number(kr.target)}{unit}"
        )
    elif kr.target is not None:
        step = f"{verb} {elide(what, 60)} to {format_number(kr.target)}{unit}"
    else:
        goal = parent.metric.strip() or parent.title.strip() or "the parent key result"
        return f"→ no target yet, so it cannot show how it moves “{elide(goal, 60)}”."
    goal = parent.metric.strip() or parent.title.strip() or "the parent key result"
    return f"→ {step}, which helps “{elide(goal, 60)}” ({kr_summary(parent)})."


class AlignmentPage(Page):
    title = "4. Alignment check"
    explanation = (
        "Read the new branch aloud as it will stand: does each key result really move "
        "the parent key result? The coach lists what to look at again; its hints never "
        "stop you. Finish adds everything in one step that Undo takes back."
    )

    def __init__(self, data: WorkshopData, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(data, draft, parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("branchPreview")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.findings_label_box = plain_label()
        self.findings_label_box.setObjectName("branchFindings")
        self.findings_label_box.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.findings_box = QScrollArea()
        self.findings_box.setWidgetResizable(True)
        self.findings_box.setWidget(self.findings_label_box)
        self.summary = plain_label()
        self.summary.setObjectName("checkSummary")
        self.layout_.addWidget(plain_label(self.tr("The new branch:"), wrap=False))
        self.layout_.addWidget(self.tree, 3)
        self.findings_label = plain_label(self.tr("What the coach says:"), wrap=False)
        self.layout_.addWidget(self.findings_label)
        self.layout_.addWidget(self.findings_box, 2)
        self.layout_.addWidget(self.summary)
        self.findings: list[Finding] = []

    def first_field(self) -> QWidget:
        return self.tree

    def enter(self) -> None:
        locale = QLocale()
        draft = self.draft
        rows = [lenient_row_values(r, locale) for _n, r in draft.filled_rows()]
        preview, findings = coach.preview_cascade(
            self.data,
            draft.parent_kr_id,
            draft.unit_id,
            draft.objective_values(),
            rows,
            new_unit=draft.new_unit,
            default_language=locale_of().language,
        )
        self.findings = findings
        self._fill_tree(preview)
        self._fill_findings(preview, findings)
        self._fill_summary(preview, findings)

    def _fill_tree(self, preview: WorkshopData) -> None:
        self.tree.clear()
        parent = preview.key_results[self.draft.parent_kr_id]
        parent_obj = preview.objectives[parent.objective_id]
        top = QTreeWidgetItem(
            self.tree,
            [f"Parent key result: {elide(parent.title)}  ({kr_summary(parent)})"],
        )
        top.setToolTip(0, f"{parent_obj.title}\n{parent.title}")
        team_id = self.draft.team_id()
        team = preview.units[team_id]
        new = " (new)" if team_id == -1 else ""
        obj = preview.objectives[-1]
        owner = preview.person_name(obj.owner_id).strip() or "no owner"
        obj_item = QTreeWidgetItem(
            top, [f"{elide(team.name, 80)}{new}: {elide(obj.title) or '(no title)'} — {owner}"]
        )
        obj_item.setToolTip(0, obj.title)
        font = obj_item.font(0)
        font.setBold(True)
        obj_item.setFont(0, font)
        for kr in preview.key_results_of(-1):
            who = preview.person_name(kr.owner_id).strip() or "no owner"
            item = QTreeWidgetItem(
                obj_item, [f"{elide(kr.title) or '(no title)'}  ({kr_summary(kr)}) — {who}"]
            )
            item.setToolTip(0, kr.title)
            line = QTreeWidgetItem(item, [moves_parent(kr, parent)])
            line.setForeground(0, self.palette().placeholderText())
        self.tree.expandAll()

    def _fill_findings(self, preview: WorkshopData, findings: list[Finding]) -> None:
        lines = []
        for f in sorted(findings, key=lambda f: f.severity.rank):
            mark = _MARKS[f.severity]
            lines.append(f"{mark} {elide(f.message, 240)}\n      {elide(f.hint, 240)}")
        self.findings_label_box.setText(
            "\n".join(lines) if lines else self.tr("✓ The coach has nothing to add.")
        )

    def _fill_summary(self, preview: WorkshopData, findings: list[Finding]) -> None:
        draft = self.draft
        n = len(preview.key_results_of(-1))
        team_id = draft.team_id()
        team = elide(preview.units[team_id].name, 80)
        krs = f"{n} key result{'s' if n != 1 else ''}"
        parts = [f"Finish adds one objective with {krs} to {team}"]
        if draft.new_unit is not None:
            parts[0] = f"Finish creates the team {team} and gives it one objective with {krs}"
        people = draft.new_people(self.data)
        if people:
            parts.append("and adds " + ", ".join(elide(p, 40) for p in people) + " as new people")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
        coach_text = ", ".join(
            f"{c} {s.label.lower()}{'s' if c != 1 else ''}" for s, c in counts.items() if c
        )
        text = " ".join(parts) + "."
        text += f" The coach notes {coach_text}." if coach_text else " The coach is satisfied."
        self.summary.setText(text)
