"""The coach's findings as badges: a count and the worst severity on each card.

:func:`badges_for` groups a whole list of findings; :class:`BadgeBook` keeps one
canvas's badges in step with the document's reports, and after an edit works out
again only the cards whose items' findings changed (or whose items moved between
cards), so an edit in a tree of ten thousand objectives does not go over every finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from okr_studio.data import WorkshopData
from okr_studio.data_patch import changed_items
from okr_studio.keys import ItemKey
from ui.canvas.items import Badge

if TYPE_CHECKING:
    from ui.document_coach import CoachReport

_RANK = {"error": 0, "warning": 1, "hint": 2}
_CARD_ITEMS = ("unit", "objective", "key_result")


def _severity(finding: Any) -> str:
    sev = finding.severity
    return str(getattr(sev, "value", sev))


def _card_of(data: WorkshopData, kind: str, item_id: int) -> ItemKey | None:
    """The card an item's findings count on (None: the item is not in ``data``)."""
    if kind == "key_result":
        kr = data.key_results.get(item_id)
        return ("objective", kr.objective_id) if kr is not None else None
    if kind == "objective":
        return ("objective", item_id)
    if item_id not in data.units:
        return None
    objectives = data.objectives_of(item_id)
    return ("objective", objectives[0].id) if objectives else ("unit", item_id)


def badges_for(data: WorkshopData, findings: Iterable[Any]) -> dict[ItemKey, Badge]:
    """Open findings grouped on the card that shows their item.

    A key result's findings count on its objective's card (and mark its row); a
    unit's findings go on its placeholder, or on its first objective's card.
    """
    worst: dict[ItemKey, tuple[int, str]] = {}
    rows: dict[ItemKey, dict[int, str]] = {}
    cards: dict[ItemKey, ItemKey | None] = {}
    for f in findings:
        if not f.is_open:
            continue
        sev = _severity(f)
        item: ItemKey = (f.item_kind, f.item_id)
        if item in cards:
            node = cards[item]
        else:
            node = cards[item] = _card_of(data, f.item_kind, f.item_id)
        if node is None:
            continue
        if f.item_kind == "key_result":
            row = rows.setdefault(node, {})
            if f.item_id not in row or _RANK.get(sev, 2) < _RANK.get(row[f.item_id], 2):
                row[f.item_id] = sev
        count, best = worst.get(node, (0, "hint"))
        if _RANK.get(sev, 2) < _RANK.get(best, 2):
            best = sev
        worst[node] = (count + 1, best)
    return {
        k: Badge(n, sev, tuple(sorted(rows.get(k, {}).items()))) for k, (n, sev) in worst.items()
    }


class BadgeBook:
    """One canvas's badges (:attr:`badges`, by card), following the coach's reports."""

    def __init__(self) -> None:
        #: The badge of every card with open findings.
        self.badges: dict[ItemKey, Badge] = {}
        self._open: dict[ItemKey, tuple[Any, ...]] = {}  # open findings by item
        self._data: WorkshopData | None = None
        self._serial: int | None = None

    def clear(self) -> None:
        self.badges.clear()
        self._open.clear()
        self._data = None
        self._serial = None

    def apply(self, report: CoachReport) -> set[ItemKey] | None:
        """Take ``report``'s findings; the cards whose badge may have changed (None: any)."""
        cards = self._patch(report) if report.follows(self._serial) else None
        if cards is None:
            self._open.clear()
            for f in report.findings:
                if f.is_open:
                    item = (f.item_kind, f.item_id)
                    self._open[item] = (*self._open.get(item, ()), f)
            self.badges.clear()
            self.badges.update(badges_for(report.data, report.findings))
        self._data, self._serial = report.data, report.serial
        return cards

    def _patch(self, report: CoachReport) -> set[ItemKey] | None:
        old, new = self._data, report.data
        if old is None or report.changed is None:
            return None
        moved = changed_items(old, new)
        if moved is None:
            return None
        items = set(report.changed)
        items.update(key for key in moved if key[0] in _CARD_ITEMS)
        for item in list(items):  # a moved objective may change its unit's first card
            for data in (old, new):
                obj = data.objectives.get(item[1]) if item[0] == "objective" else None
                if obj is not None:
                    items.add(("unit", obj.unit_id))
        cards: set[ItemKey] = set()
        for kind, item_id in items:
            for data in (old, new):
                card = _card_of(data, kind, item_id)
                if card is not None:
                    cards.add(card)
        for item, found in report.changed_findings.items():
            opened = tuple(f for f in found if f.is_open)
            if opened:
                self._open[item] = opened
            else:
                self._open.pop(item, None)
        for card in cards:
            badge = badges_for(new, self._on_card(new, card)).get(card)
            if badge is None:
                self.badges.pop(card, None)
            else:
                self.badges[card] = badge
        return cards

    def _on_card(self, data: WorkshopData, card: ItemKey) -> list[Any]:
        """The open findings that count on ``card`` in ``data``."""
        kind, item_id = card
        if kind == "unit":
            return list(self._open.get(card, ())) if item_id in data.units else []
        obj = data.objectives.get(item_id)
        if obj is None:
            return []
        found = list(self._open.get(card, ()))
        for kr in data.key_results_of(item_id):
            found += self._open.get(("key_result", kr.id), ())
        first = data.objectives_of(obj.unit_id)
        if first and first[0].id == item_id:
            found += self._open.get(("unit", obj.unit_id), ())
        return found
