"""What the coach panel's rows say: a finding's label, a group's and a severity's line
with its count, and the row of one finding (text, tooltip, an accepted one greyed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QTreeWidgetItem

from okr_studio.coach import Finding, Severity, sort_key
from okr_studio.coach.order import UnitPaths
from okr_studio.data import WorkshopData
from ui import theme

FINDING_ROLE = Qt.ItemDataRole.UserRole
MARKS = {Severity.ERROR: "✖", Severity.WARNING: "⚠", Severity.HINT: "ℹ"}
#: What each rule found, in a few words, to lead each line of the list.
LABELS = {
    "UNIT_NO_NAME": "No name",
    "UNIT_NO_OBJECTIVE": "No objective",
    "UNIT_TOO_MANY_OBJECTIVES": "More than 3 objectives",
    "OBJ_NO_TITLE": "No title",
    "OBJ_ORPHAN": "Not aligned",
    "OBJ_ALIGNMENT_CYCLE": "Alignment goes round in a circle",
    "OBJ_ALIGNED_SIDEWAYS": "Aligned sideways",
    "OBJ_ALIGNED_SAME_UNIT": "Supports its own unit",
    "OBJ_TOO_FEW_KRS": "Fewer than 3 key results",
    "OBJ_TOO_MANY_KRS": "More than 5 key results",
    "OBJ_TASK_WORDING": "Reads like a task",
    "OBJ_HAS_NUMBER": "Number in the objective",
    "OBJ_NO_OWNER": "No owner",
    "OBJ_SAME_OWNER": "One owner for every key result",
    "OBJ_ONLY_FEATURES": "Only feature work",
    "KR_NO_TITLE": "No title",
    "KR_TASK_WORDING": "Reads like a task",
    "KR_NO_NUMBER": "No number",
    "KR_NO_TARGET": "No target",
    "KR_NO_BASELINE": "No baseline",
    "KR_DIRECTION_MISMATCH": "Direction disagrees with the numbers",
    "KR_DUE_OUTSIDE_CYCLE": "Due outside the cycle",
    "KR_NO_OWNER": "No owner",
    "KR_UNCOVERED": "Nobody supports it",
}


def finding_label(f: Finding) -> str:
    """ "No baseline" — the rule's finding in a few words (the code's words if unknown)."""
    if f.code in LABELS:
        return LABELS[f.code]
    words = f.code.split("_", 1)[-1].replace("_", " ").lower()
    return words[:1].upper() + words[1:]


def short(text: str, limit: int = 120) -> str:
    from ui.wizard.common import elide  # not at import: the wizard loads with its first use

    return elide(text, limit)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CoachView", text)


def top_text(severity: Severity, total: int) -> str:
    """ "⚠ Warnings (12)" """
    return f"{MARKS[severity]} {severity.label}s ({total})"


def group_text(unit_name: str, count: int) -> str:
    """ "Checkout (3)" """
    name = short(unit_name, 60) or _tr("(unnamed unit)")
    return f"{name} ({count})"


def finding_row(f: Finding) -> QTreeWidgetItem:
    """The row of one finding (not yet in a tree)."""
    title = short(f.title, 80)
    label = finding_label(f)
    text = f"{label}: {title}" if title else label
    if not f.is_open:
        text = f"✓ Accepted — {text}"
    leaf = QTreeWidgetItem([text])
    leaf.setData(0, FINDING_ROLE, f)
    tip = f"{f.message}\n\n{f.hint}"
    if f.accepted is not None:
        tip += f"\n\nAccepted: {f.accepted.reason}"
    leaf.setToolTip(0, tip)
    if not f.is_open:
        font = QFont(leaf.font(0))
        font.setItalic(True)
        leaf.setFont(0, font)
        leaf.setForeground(0, QBrush(theme.current().muted_text))
    return leaf


def sort_key_of_unit(data: WorkshopData, unit_id: int, paths: UnitPaths) -> tuple:
    """Where a unit's group is listed (the units' order in the tree)."""
    probe = Finding("", Severity.HINT, "unit", unit_id, unit_id, "", "", "")
    return sort_key(data, probe, paths)[0]


def bisect(n: int, after: Callable[[int], bool]) -> int:
    """The first index in 0..n where ``after`` is true (it is false, then true)."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if after(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
