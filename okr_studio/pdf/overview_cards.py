"""The overview's cards: what each says, and how big it is, in points at scale 1.

An objective's card shows its unit, its title (two lines at most) and its key
results; a unit without objectives gets a dashed placeholder card. A card whose
objective hangs under its unit's parent without an alignment (the layout's
"loose" edge, which the overview does not draw) says so on a last line: "Not
aligned", or where it is aligned when that key result is not to its left (a key
result of its own unit or of a unit in another branch).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.pdf.fonts import BOLD, REGULAR
from okr_studio.pdf.text import TextMaker
from okr_studio.pdf.values import describe

CARD_W = 150.0
PAD = 6.0
LABEL_SIZE, TITLE_SIZE, KR_SIZE, NOTE_SIZE = 7.5, 9.0, 8.0, 7.0
LABEL_H, TITLE_LEAD, KR_LEAD, NOTE_LEAD = 10.0, 11.0, 10.0, 10.0
MAX_TITLE_LINES, MAX_KRS = 2, 6
SMALLEST = min(LABEL_SIZE, TITLE_SIZE, KR_SIZE, NOTE_SIZE)


@dataclass(frozen=True)
class Card:
    label: str
    title: list[str]
    krs: list[tuple[int, str]]
    more: int
    depth: int
    placeholder: bool
    #: A last line about the card's alignment ("Not aligned", "Aligned to …"), or "".
    note: str = ""
    #: How the missing-glyph report names the card's item.
    item: str = ""
    #: The card's fill instead of its level's tint (the review's score colour), or None.
    tint: Any = None


def _wrap(text: str, font: str, size: float, width: float, lines: int, tm: TextMaker) -> list[str]:
    words = text.split()
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if tm.width(trial, font, size) <= width:
            current = trial
            continue
        if current:
            out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [tm.fit(line, font, size, width) for line in out] or [""]


class Cards:
    """Card contents and sizes, in points at scale 1."""

    def __init__(
        self,
        data: WorkshopData,
        tm: TextMaker,
        *,
        compact: bool = False,
        full: WorkshopData | None = None,
    ) -> None:
        self.data, self.tm = data, tm
        #: Compact cards (the map of the top levels) list no key results, only their count.
        self.compact = compact
        #: The whole workshop, when ``data`` is only the part being exported.
        self.full = full or data
        self.cards: dict[ItemKey, Card] = {}
        #: Objectives drawn under an alignment edge (set by the caller from the layout).
        self.linked: frozenset[ItemKey] = frozenset()

    def card(self, key: ItemKey) -> Card:
        found = self.cards.get(key)
        if found is None:
            found = self.cards[key] = self._make(key)
        return found

    def _make(self, key: ItemKey) -> Card:
        data, tm = self.data, self.tm
        inner = CARD_W - 2 * PAD
        kind, ident = key
        if kind == "unit":
            unit = data.units[ident]
            item = describe(data, "unit", ident)
            label = tm.fit(f"{unit.level.upper()} · {unit.name}", BOLD, LABEL_SIZE, inner, item)
            text = "(no objective yet)"
            if self.full.objectives_of(ident):
                text = "(not in this export)"
            return Card(label, [text], [], 0, data.unit_depth(ident), True, item=item)
        obj = data.objectives[ident]
        unit = data.units[obj.unit_id]
        item = describe(data, "objective", ident)
        label = tm.fit(f"{unit.level.upper()} · {unit.name}", BOLD, LABEL_SIZE, inner, item)
        title = _wrap(obj.title or "(no title)", BOLD, TITLE_SIZE, inner, MAX_TITLE_LINES, tm)
        krs = data.key_results_of(obj.id)
        limit = 0 if self.compact else MAX_KRS
        shown = krs if len(krs) <= limit else krs[: max(limit - 1, 0)]
        lines = [
            (
                k.id,
                tm.fit(
                    "• " + (k.title or "(no title)"),
                    REGULAR,
                    KR_SIZE,
                    inner,
                    describe(data, "key_result", k.id),
                ),
            )
            for k in shown
        ]
        note = tm.fit(self._note(key), REGULAR, NOTE_SIZE, inner, item)
        depth = data.unit_depth(unit.id)
        return Card(label, title, lines, len(krs) - len(shown), depth, False, note, item)

    def _note(self, key: ItemKey) -> str:
        """What the card says about an alignment the overview does not draw."""
        data = self.data
        obj = data.objectives[key[1]]
        if key in self.linked:
            return ""
        if obj.parent_kr_id is None or obj.parent_kr_id not in self.full.key_results:
            return "Not aligned" if data.unit_ancestors(obj.unit_id) else ""
        parent = self.full.unit_of_objective(self.full.key_results[obj.parent_kr_id].objective_id)
        if parent.id == obj.unit_id:
            return "Supports a key result of its own unit"
        return f"Aligned sideways to {parent.name or 'another unit'}"

    def size(self, key: ItemKey) -> tuple[float, float]:
        c = self.card(key)
        h = (
            PAD
            + LABEL_H
            + len(c.title) * TITLE_LEAD
            + (len(c.krs) + (1 if c.more else 0)) * KR_LEAD
            + (NOTE_LEAD if c.note else 0)
        )
        return (CARD_W, h + PAD)

    def kr_anchor(self, key: ItemKey, kr_id: int | None) -> float:
        """Offset from the card's top of the line of key result ``kr_id``."""
        c = self.card(key)
        top = PAD + LABEL_H + len(c.title) * TITLE_LEAD
        for i, (kid, _t) in enumerate(c.krs):
            if kid == kr_id:
                return top + i * KR_LEAD + KR_LEAD * 0.6
        return self.size(key)[1] / 2
