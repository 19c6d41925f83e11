"""The coach's findings as badges: a count and the worst severity on each card."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from ui.canvas.items import Badge

_RANK = {"error": 0, "warning": 1, "hint": 2}


def _severity(finding: Any) -> str:
    sev = finding.severity
    return str(getattr(sev, "value", sev))


def badges_for(data: WorkshopData, findings: Iterable[Any]) -> dict[ItemKey, Badge]:
    """Open findings grouped on the card that shows their item.

    A key result's findings count on its objective's card (and mark its row); a
    unit's findings go on its placeholder, or on its first objective's card.
    """
    worst: dict[ItemKey, tuple[int, str]] = {}
    rows: dict[ItemKey, dict[int, str]] = {}
    for f in findings:
        if not f.is_open:
            continue
        sev = _severity(f)
        node: ItemKey
        if f.item_kind == "key_result":
            kr = data.key_results.get(f.item_id)
            if kr is None:
                continue
            node = ("objective", kr.objective_id)
            row = rows.setdefault(node, {})
            if f.item_id not in row or _RANK.get(sev, 2) < _RANK.get(row[f.item_id], 2):
                row[f.item_id] = sev
        elif f.item_kind == "objective":
            node = ("objective", f.item_id)
        else:
            objectives = data.objectives_of(f.item_id) if f.item_id in data.units else []
            node = ("objective", objectives[0].id) if objectives else ("unit", f.item_id)
        count, best = worst.get(node, (0, "hint"))
        if _RANK.get(sev, 2) < _RANK.get(best, 2):
            best = sev
        worst[node] = (count + 1, best)
    return {
        k: Badge(n, sev, tuple(sorted(rows.get(k, {}).items()))) for k, (n, sev) in worst.items()
    }
