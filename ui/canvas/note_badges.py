"""Notes on cards: how many open notes of the parking lot concern each card.

A key result's notes count on its objective's card; a unit's go on its placeholder, or
on its first objective's card (as the coach's badges do). The card draws the count as a
small pill at its top left corner (``CardItem.notes``); the coach's badge keeps the top right.
:class:`NoteBadges` keeps a canvas's cards in step with the notes.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.room_notes import item_of
from ui.document_view import DocumentView

if TYPE_CHECKING:
    from ui.canvas.items import CardItem
    from ui.canvas.view import CanvasView
    from ui.document import Document


def note_counts(data: WorkshopData) -> dict[ItemKey, int]:
    """Open notes per card key."""
    counts: Counter[ItemKey] = Counter()
    for note in data.notes.values():
        if not note.is_open:
            continue
        key = item_of(data, note)
        if key is None:
            continue
        kind, item_id = key
        if kind == "key_result":
            key = ("objective", data.key_results[item_id].objective_id)
        elif kind == "unit":
            objectives = data.objectives_of(item_id)
            key = ("objective", objectives[0].id) if objectives else key
        counts[key] += 1
    return dict(counts)


class NoteBadges(DocumentView, QObject):
    """Keeps the note counts of one canvas's cards current."""

    def __init__(self, view: CanvasView) -> None:
        super().__init__(view)
        self.view = view
        self.counts: dict[ItemKey, int] = {}
        view.canvas_scene.relaidOut.connect(self.apply)
        view.canvas_scene.cardsMade.connect(self.apply_to)
        self.set_document(view.document)

    def show_document(self, document: Document | None) -> None:
        self.on_document_changed(None)

    def on_document_changed(self, event: object) -> None:
        doc = self.document
        self.counts = note_counts(doc.data) if doc is not None else {}
        self.apply()

    def apply(self) -> None:
        self.apply_to(list(self.view.canvas_scene.cards.made.values()))

    def apply_to(self, cards: list[CardItem]) -> None:
        """Give each of these cards (with an item) its count of open notes."""
        for card in cards:
            n = self.counts.get(card.key, 0)
            if card.notes != n:
                card.notes = n
                card.update()
