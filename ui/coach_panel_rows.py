"""The rows of the coach panel's list: findings by severity, then by unit, with counts.

:class:`FindingRows` lists a report's findings in a ``QTreeWidget`` (:meth:`fill`) and,
after an edit, changes only what the items whose findings changed touch (:meth:`patch`):
their findings are taken out, their new ones put in where a full fill would list them
(the coach's order: unit in the tree's order, then objective, key result and rule), and
the counts of the groups they touched written again.

Every listed finding is kept in its group's list, but rows are made for what can be
seen: a severity's group rows when it is first expanded, a group's finding rows when
the group is; until then a row shows its arrow and its count. At ten thousand objectives
(some twenty thousand findings) a row for each took over a second and ~45 MB on the
event loop right after the file opened. A list of up to :data:`EAGER_LIMIT` findings has
every row made and starts expanded, as before. The rows under a row are the first of its
list (all once made); past :data:`SLICE_ROWS` the rest come a slice per event-loop turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from okr_studio.coach import Finding, Severity, sort_key
from okr_studio.coach.order import UnitPaths
from okr_studio.data import WorkshopData
from okr_studio.data_patch import changed_items
from okr_studio.keys import ItemKey
from ui.coach_panel_texts import (
    FINDING_ROLE,
    LABELS,
    bisect,
    finding_label,
    finding_row,
    group_text,
    short,
    sort_key_of_unit,
    top_text,
)
from ui.document_coach import CoachReport

__all__ = ["FINDING_ROLE", "LABELS", "FindingRows", "finding_label", "short"]

GroupKey = tuple[Severity, int]
#: Above this many changed items, making every row again is as quick as patching.
PATCH_LIMIT = 400
#: Up to this many findings listed, every row is made (and the groups start expanded).
EAGER_LIMIT = 500
#: Finding rows made in one turn of the event loop when a big group opens.
SLICE_ROWS = 500
_SHOW = QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator


def _item(f: Finding) -> ItemKey:
    return (f.item_kind, f.item_id)


def _role(key: GroupKey) -> tuple:
    """What a group's row holds (and what the panel remembers expanded)."""
    return ("unit", key[0].value, key[1])


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
        self._tops: dict[Severity, QTreeWidgetItem] = {}
        self._units: dict[Severity, list[int]] = {}  # each severity's groups, in order
        self._members: dict[GroupKey, list[Finding]] = {}  # each group's findings, in order
        self._groups: dict[GroupKey, QTreeWidgetItem] = {}  # the group rows made
        self._listed: dict[ItemKey, list[Finding]] = {}  # each item's listed findings
        self._totals: dict[Severity, int] = {}
        #: Severities whose group rows are made, groups whose finding rows are (or are
        #: being) made; the others show only their arrow.
        self._open: set[Severity | GroupKey] = set()
        self._pending: list[Severity | GroupKey] = []  # open, with rows still to make
        self._data: WorkshopData | None = None
        self._serial: int | None = None
        self._slicer = QTimer(tree)
        self._slicer.setSingleShot(True)
        self._slicer.setInterval(0)
        self._slicer.timeout.connect(self._more)
        tree.itemExpanded.connect(self._expanded)

    def forget(self) -> None:
        """The rows no longer follow a report (the next one fills them afresh)."""
        self._serial = None

    def clear(self) -> None:
        """No rows (the maps are emptied before the tree deletes the rows)."""
        for table in (self._tops, self._units, self._members, self._groups, self._listed):
            table.clear()
        for kept in (self._totals, self._open, self._pending):
            kept.clear()
        self._slicer.stop()
        self._data = self._serial = None
        self.tree.clear()

    def listed(self) -> list[Finding]:
        """Every finding listed, in the list's order, whether its row is made or not."""
        units = [(s, u) for s in Severity for u in self._units.get(s, ())]
        return [f for key in units for f in self._members[key]]

    def complete(self) -> None:
        """Make now the rows of open groups still waiting for their slices."""
        while self._pending:
            self._more()

    # ---- every row --------------------------------------------------------------------
    def fill(
        self, findings: Iterable[Finding], report: CoachReport | None, expanded: set[tuple]
    ) -> tuple[list[Finding], QTreeWidgetItem | None]:
        """Clear the tree and list the wanted ``findings``; the findings shown, and the
        row of the finding that was current (if it is still listed).

        ``expanded``: the rows expanded before. A first list has every severity expanded
        and, when it is short, every group; a group not opened while the list was long
        starts expanded once it is short (a filter found it)."""
        current = self.current()
        first_fill = not self._tops  # no finding listed before (at most a line saying why)
        unopened = {_role(k) for k in self._members if k not in self._open}
        shown = [f for f in findings if self.wanted(f)]
        self.clear()
        if report is not None:
            self._data, self._serial = report.data, report.serial
        for f in shown:
            key = (f.severity, f.unit_id)
            members = self._members.get(key)
            if members is None:
                members = self._members[key] = []
                self._units.setdefault(f.severity, []).append(f.unit_id)
            members.append(f)
            self._listed.setdefault(_item(f), []).append(f)
        eager = len(shown) <= EAGER_LIMIT
        for severity in Severity:
            units = self._units.get(severity)
            if not units:
                continue
            keys = [(severity, unit_id) for unit_id in units]
            self._totals[severity] = sum(len(self._members[k]) for k in keys)
            top = self._top(severity, len(self._tops))
            opened = {
                k
                for k in keys
                if _role(k) in expanded or (eager and (first_fill or _role(k) in unopened))
            }
            top_open = first_fill or ("severity", severity.value) in expanded
            if eager or top_open or opened:
                last = max((i for i, k in enumerate(keys) if k in opened), default=-1)
                self._open_rows(severity, last + 1)
                for k in keys:
                    if k not in self._groups:
                        break  # (the rest comes in slices: none of it is open)
                    if eager or k in opened:
                        self._open_rows(k)
                    if k in opened:
                        self._groups[k].setExpanded(True)
            top.setExpanded(top_open)
        restore = self._row_of(current) if current is not None else None
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
        eager = sum(self._totals.values()) <= EAGER_LIMIT
        lost = False
        touched: set[GroupKey] = set()
        for item in changed:
            for f in self._listed.pop(item, ()):
                lost = lost or (current is not None and f.key == current.key)
                touched.add(self._take(f))
        # Groups left empty go before the new rows come: a unit that moved gets its
        # group again where it is listed now.
        self._tidy(touched)
        paths: UnitPaths = {}
        for item in changed:
            for f in report.changed_findings.get(item, ()):
                if self.wanted(f):
                    self._insert(report.data, f, paths, eager)
                    touched.add((f.severity, f.unit_id))
        touched |= {k for k in self._members if ("unit", k[1]) in renamed}
        self._tidy(touched)
        self._data, self._serial = report.data, report.serial
        if not self._tops:
            return False
        if current is not None and _item(current) in changed:
            restore = self._row_of(current)
            if restore is not None:
                return restore
        return None if lost else True

    def _take(self, f: Finding) -> GroupKey:
        """Take the listed ``f`` out of its group (and its row, if made)."""
        key = (f.severity, f.unit_id)
        members = self._members[key]
        at = next(i for i, g in enumerate(members) if g is f)
        del members[at]
        group = self._groups.get(key)
        if group is not None and at < group.childCount():
            group.takeChild(at)
        self._totals[f.severity] -= 1
        return key

    def _insert(self, data: WorkshopData, f: Finding, paths: UnitPaths, eager: bool) -> None:
        """List ``f`` where a full fill would; its row is made if its group's rows are."""
        severity = f.severity
        top = self._tops.get(severity)
        if top is None:
            at = sum(1 for s in Severity if s in self._tops and s.rank < severity.rank)
            top = self._top(severity, at)
            self._units[severity] = []
            if eager:
                self._open.add(severity)
        self._totals[severity] = self._totals.get(severity, 0) + 1
        key = (severity, f.unit_id)
        members = self._members.get(key)
        if members is None:
            units = self._units[severity]
            path = sort_key(data, f, paths)[0]
            at = bisect(len(units), lambda i: sort_key_of_unit(data, units[i], paths) > path)
            units.insert(at, f.unit_id)
            members = self._members[key] = []
            made = top.childCount()
            if severity in self._open and (at < made or made == len(units) - 1):
                self._group(top, key, at)
                if eager:
                    self._open.add(key)
        place = sort_key(data, f, paths)
        at = bisect(len(members), lambda i: sort_key(data, members[i], paths) > place)
        members.insert(at, f)
        self._listed.setdefault(_item(f), []).append(f)
        group = self._groups.get(key)
        if group is not None and key in self._open:
            made = group.childCount()
            if at < made or made == len(members) - 1:  # within the rows made, or all are
                group.insertChild(at, finding_row(f))

    def _tidy(self, touched: set[GroupKey]) -> None:
        """Drop the groups left empty and count the rest again."""
        severities = set()
        for key in touched:
            severity, unit_id = key
            severities.add(severity)
            members = self._members.get(key)
            if members is None:
                continue
            if members:
                self._relabel_group(key)
                continue
            del self._members[key]
            self._units[severity].remove(unit_id)
            self._open.discard(key)
            group = self._groups.pop(key, None)
            if group is not None and (top := group.parent()) is not None:
                top.removeChild(group)
        for severity in severities:
            top = self._tops.get(severity)
            if top is None:
                continue
            if self._units.get(severity):
                top.setText(0, top_text(severity, self._totals.get(severity, 0)))
                continue
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(top))
            del self._tops[severity]
            self._units.pop(severity, None)
            self._totals.pop(severity, None)
            self._open.discard(severity)

    # ---- making rows ---------------------------------------------------------------------
    def _expanded(self, row: QTreeWidgetItem) -> None:
        """A row opened for the first time gets the rows under it."""
        role = row.data(0, FINDING_ROLE)
        if not isinstance(role, tuple):
            return
        if role[0] == "severity":
            opened: Severity | GroupKey = Severity(role[1])
            listed = opened in self._tops
        else:
            opened = (Severity(role[1]), role[2])
            listed = opened in self._members
        if listed and opened not in self._open:
            self._open_rows(opened)

    def _top(self, severity: Severity, at: int) -> QTreeWidgetItem:
        top = QTreeWidgetItem([top_text(severity, self._totals.get(severity, 0))])
        top.setData(0, FINDING_ROLE, ("severity", severity.value))
        top.setChildIndicatorPolicy(_SHOW)
        bold = top.font(0)
        bold.setBold(True)
        top.setFont(0, bold)
        self.tree.insertTopLevelItem(at, top)
        self._tops[severity] = top
        return top

    def _group(self, top: QTreeWidgetItem, key: GroupKey, at: int) -> QTreeWidgetItem:
        group = QTreeWidgetItem()
        group.setData(0, FINDING_ROLE, _role(key))
        group.setChildIndicatorPolicy(_SHOW)
        top.insertChild(at, group)
        self._groups[key] = group
        self._relabel_group(key)
        return group

    def _relabel_group(self, key: GroupKey) -> None:
        group = self._groups.get(key)
        if group is not None:
            group.setText(0, group_text(self.unit_name(key[1]), len(self._members[key])))

    def _row(self, c: Severity | GroupKey) -> QTreeWidgetItem:
        """The row of a severity or a group (made)."""
        return self._tops[c] if isinstance(c, Severity) else self._groups[c]

    def _size(self, c: Severity | GroupKey) -> int:
        return len(self._units[c]) if isinstance(c, Severity) else len(self._members[c])

    def _open_rows(self, c: Severity | GroupKey, at_least: int = 0) -> None:
        """The rows under the severity or group ``c`` (whose row is made): a slice now,
        the rest a slice per turn of the event loop; at least the first ``at_least``."""
        was_open = c in self._open
        self._open.add(c)
        row = self._row(c)
        made = row.childCount()
        self._grow(c, max(at_least - made, 0 if was_open else SLICE_ROWS))
        if row.childCount() < self._size(c) and c not in self._pending:
            self._pending.append(c)
            self._slicer.start()

    def _grow(self, c: Severity | GroupKey, count: int) -> int:
        """Make up to ``count`` more rows under ``c``; how many were made."""
        row = self._row(c)
        made = row.childCount()
        if isinstance(c, Severity):
            units = self._units[c][made : made + count]
            for i, unit_id in enumerate(units):
                self._group(row, (c, unit_id), made + i)
            return len(units)
        rows = [finding_row(f) for f in self._members[c][made : made + count]]
        row.insertChildren(made, rows)
        return len(rows)

    def _more(self) -> None:
        """The next slice of the rows still to make under open rows."""
        budget = SLICE_ROWS
        while self._pending and budget > 0:
            c = self._pending[0]
            listed = c in self._tops if isinstance(c, Severity) else c in self._groups
            if listed and c in self._open:
                budget -= self._grow(c, budget)
                if self._row(c).childCount() < self._size(c):
                    continue
            self._pending.pop(0)
        if self._pending:
            self._slicer.start()

    def _row_of(self, f: Finding) -> QTreeWidgetItem | None:
        """The row of the listed finding like ``f`` (same rule on the same item), made
        now if it was not (with the rows before it; nothing is expanded)."""
        key = (f.severity, f.unit_id)
        members = self._members.get(key, ())
        at = next((i for i, g in enumerate(members) if g.key == f.key), None)
        if at is None:
            return None
        unit_at = self._units[f.severity].index(f.unit_id)
        if self._tops[f.severity].childCount() <= unit_at:
            self._open_rows(f.severity, unit_at + 1)
        group = self._groups[key]
        if group.childCount() <= at:
            self._open_rows(key, at + 1)
        return group.child(at)

    def current(self) -> Finding | None:
        item = self.tree.currentItem()
        value = item.data(0, FINDING_ROLE) if item is not None else None
        return value if isinstance(value, Finding) else None

    def clear_current(self) -> None:
        self.tree.setCurrentIndex(QModelIndex())
