"""The rows of the coach panel's list: findings by severity, then by unit, with counts.

:class:`FindingRows` fills a ``QTreeWidget`` with a report's findings (:meth:`fill`)
and, after an edit, changes only the rows of the items whose findings changed
(:meth:`patch`): their rows are taken out, their new findings put in where a full
fill would list them (the coach's order: unit in the tree's order, then objective,
key result and rule), and the counts of the groups they touched written again. A
workshop of ten thousand objectives has some twenty thousand findings; making every
row again after each edit took seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from okr_studio.coach import Finding, Severity, sort_key
from okr_studio.coach.order import UnitPaths
from okr_studio.data import WorkshopData
from okr_studio.data_patch import changed_items
from okr_studio.keys import ItemKey
from ui import theme
from ui.document_coach import CoachReport

FINDING_ROLE = Qt.ItemDataRole.UserRole
#: Above this many changed items, making every row again is as quick as patching.
PATCH_LIMIT = 400
_MARKS = {Severity.ERROR: "✖", Severity.WARNING: "⚠", Severity.HINT: "ℹ"}
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


def _item(f: Finding) -> ItemKey:
    return (f.item_kind, f.item_id)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CoachView", text)


class FindingRows:
    """The finding rows of one tree; ``wanted`` says which findings the filters show."""

    def __init__(
        self,
        tree: QTreeWidget,
        wanted: Callable[[Finding], bool],
        unit_name: Callable[[int], str],
    ) -> None:
        self.tree = tree
        self.wanted = wanted
        self.unit_name = unit_name
        self._leaves: dict[ItemKey, list[QTreeWidgetItem]] = {}
        self._groups: dict[tuple[Severity, int], QTreeWidgetItem] = {}
        self._tops: dict[Severity, QTreeWidgetItem] = {}
        self._totals: dict[Severity, int] = {}
        self._data: WorkshopData | None = None
        self._serial: int | None = None

    def forget(self) -> None:
        """The rows no longer follow a report (the next one fills them afresh)."""
        self._serial = None

    def clear(self) -> None:
        """No rows (the maps are emptied before the tree deletes the rows)."""
        self._leaves.clear()
        self._groups.clear()
        self._tops.clear()
        self._totals.clear()
        self._data = self._serial = None
        self.tree.clear()

    # ---- every row --------------------------------------------------------------------
    def fill(
        self, findings: Iterable[Finding], report: CoachReport | None, expanded: set[tuple]
    ) -> tuple[list[Finding], QTreeWidgetItem | None]:
        """Clear the tree and list the wanted ``findings``; the findings shown, and the
        row of the finding that was current (if it is still listed)."""
        current = self.current()
        first_fill = not self._tops  # no finding listed before (at most a line saying why)
        shown = [f for f in findings if self.wanted(f)]
        self.clear()
        self._data = report.data if report is not None else None
        self._serial = report.serial if report is not None else None
        restore: QTreeWidgetItem | None = None
        by_severity: dict[Severity, dict[int, list[Finding]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for f in shown:
            by_severity[f.severity][f.unit_id].append(f)
        for severity in Severity:
            units = by_severity.get(severity)
            if not units:
                continue
            top = self._top(severity, len(self._tops))
            top.setExpanded(first_fill or ("severity", severity.value) in expanded)
            for unit_id, items in units.items():
                group = self._group(top, severity, unit_id, top.childCount())
                for f in items:
                    leaf = self._leaf(group, f, group.childCount())
                    if current is not None and f.key == current.key:
                        restore = leaf
                self._relabel_group(severity, unit_id)
                group.setExpanded(first_fill or ("unit", severity.value, unit_id) in expanded)
            self._totals[severity] = sum(len(v) for v in units.values())
            self._relabel_top(severity)
        return shown, restore

    # ---- only what changed ---------------------------------------------------------------
    def patch(self, report: CoachReport) -> bool | QTreeWidgetItem | None:
        """Change the rows of the items ``report`` names as changed since the report the
        rows show. False when it cannot (the rows must be filled again); else the row
        of the finding that was current if it is listed anew, or True / None: the
        current row stays / there is none now."""
        old = self._data
        if old is None or not self._tops or not report.follows(self._serial):
            return False
        changed = report.changed if report.changed is not None else frozenset()
        renamed = changed_items(old, report.data)
        if renamed is None or len(changed) > PATCH_LIMIT:
            return False
        current = self.current()
        lost = False
        touched: set[tuple[Severity, int]] = set()
        for item in changed:
            for leaf in self._leaves.pop(item, ()):
                f: Finding = leaf.data(0, FINDING_ROLE)
                group = leaf.parent()
                lost = lost or (current is not None and f.key == current.key)
                if group is not None:
                    group.removeChild(leaf)
                touched.add((f.severity, f.unit_id))
                self._totals[f.severity] -= 1
        # Groups left empty go before the new rows come: a unit that moved gets its
        # group again where it is listed now.
        self._tidy(touched)
        restore: QTreeWidgetItem | None = None
        paths: UnitPaths = {}
        for item in changed:
            for f in report.changed_findings.get(item, ()):
                if not self.wanted(f):
                    continue
                leaf = self._insert(report.data, f, paths)
                touched.add((f.severity, f.unit_id))
                if current is not None and f.key == current.key:
                    restore = leaf
        for sev_unit in list(self._groups):
            if ("unit", sev_unit[1]) in renamed:
                touched.add(sev_unit)
        self._tidy(touched)
        self._data, self._serial = report.data, report.serial
        if not self._tops:
            return False
        if restore is not None:
            return restore
        return None if lost else True

    def _insert(self, data: WorkshopData, f: Finding, paths: UnitPaths) -> QTreeWidgetItem:
        severity = f.severity
        top = self._tops.get(severity)
        if top is None:
            at = sum(1 for s in Severity if s in self._tops and s.rank < severity.rank)
            top = self._top(severity, at)
        self._totals[severity] = self._totals.get(severity, 0) + 1
        group = self._groups.get((severity, f.unit_id))
        if group is None:
            path = sort_key(data, f, paths)[0]
            at = _bisect(
                top.childCount(),
                lambda i: sort_key_of_unit(data, _unit_of(top, i), paths) > path,
            )
            group = self._group(top, severity, f.unit_id, at)
        place = sort_key(data, f, paths)
        at = _bisect(
            group.childCount(),
            lambda i: sort_key(data, _finding(group, i), paths) > place,
        )
        return self._leaf(group, f, at)

    def _tidy(self, touched: set[tuple[Severity, int]]) -> None:
        """Drop the groups left empty and count the rest again."""
        severities = set()
        for severity, unit_id in touched:
            severities.add(severity)
            group = self._groups.get((severity, unit_id))
            if group is None:
                continue
            if group.childCount() == 0:
                top = group.parent()
                if top is not None:
                    top.removeChild(group)
                del self._groups[(severity, unit_id)]
            else:
                self._relabel_group(severity, unit_id)
        for severity in severities:
            top = self._tops.get(severity)
            if top is None:
                continue
            if top.childCount() == 0:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(top))
                del self._tops[severity]
                self._totals.pop(severity, None)
            else:
                self._relabel_top(severity)

    # ---- making rows ---------------------------------------------------------------------
    def _top(self, severity: Severity, at: int) -> QTreeWidgetItem:
        top = QTreeWidgetItem()
        top.setData(0, FINDING_ROLE, ("severity", severity.value))
        bold = QFont(top.font(0))
        bold.setBold(True)
        top.setFont(0, bold)
        self.tree.insertTopLevelItem(at, top)
        self._tops[severity] = top
        return top

    def _relabel_top(self, severity: Severity) -> None:
        total = self._totals.get(severity, 0)
        self._tops[severity].setText(0, f"{_MARKS[severity]} {severity.label}s ({total})")

    def _group(
        self, top: QTreeWidgetItem, severity: Severity, unit_id: int, at: int
    ) -> QTreeWidgetItem:
        group = QTreeWidgetItem()
        group.setData(0, FINDING_ROLE, ("unit", severity.value, unit_id))
        top.insertChild(at, group)
        self._groups[(severity, unit_id)] = group
        return group

    def _relabel_group(self, severity: Severity, unit_id: int) -> None:
        group = self._groups[(severity, unit_id)]
        name = short(self.unit_name(unit_id), 60) or _tr("(unnamed unit)")
        group.setText(0, f"{name} ({group.childCount()})")

    def _leaf(self, group: QTreeWidgetItem, f: Finding, at: int) -> QTreeWidgetItem:
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
        group.insertChild(at, leaf)
        self._leaves.setdefault(_item(f), []).append(leaf)
        return leaf

    def current(self) -> Finding | None:
        item = self.tree.currentItem()
        value = item.data(0, FINDING_ROLE) if item is not None else None
        return value if isinstance(value, Finding) else None

    def clear_current(self) -> None:
        self.tree.setCurrentIndex(QModelIndex())


def sort_key_of_unit(data: WorkshopData, unit_id: int, paths: UnitPaths) -> tuple:
    """Where a unit's group is listed (the units' order in the tree)."""
    probe = Finding("", Severity.HINT, "unit", unit_id, unit_id, "", "", "")
    return sort_key(data, probe, paths)[0]


def _unit_of(top: QTreeWidgetItem, i: int) -> int:
    child = top.child(i)
    assert child is not None
    return child.data(0, FINDING_ROLE)[2]


def _finding(group: QTreeWidgetItem, i: int) -> Finding:
    child = group.child(i)
    assert child is not None
    return child.data(0, FINDING_ROLE)


def _bisect(n: int, after: Callable[[int], bool]) -> int:
    """The first index in 0..n where ``after`` is true (it is false, then true)."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if after(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
