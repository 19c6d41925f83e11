"""The scene's tree questions: parents, children, siblings, collapse, hit testing.

A mix-in of :class:`~ui.canvas.scene.CanvasScene` (``self`` is the scene): the
logical tree comes from :func:`okr_studio.layout.tree_of` and is cached until
the next change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from okr_studio.keys import ItemKey
from okr_studio.layout import tree_of
from ui.canvas.initiative_lines import row_part

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from ui.canvas.items import CardItem

#: The logical tree: roots, and each node's children with the key result they hang on.
Tree = tuple[list[ItemKey], dict[ItemKey, list[tuple[ItemKey, int | None]]]]


class TreeQueries:
    """Tree navigation and hit testing for the canvas scene."""

    # The scene's state these questions read (set up by CanvasScene).
    cards: dict[ItemKey, CardItem]
    collapsed: set[ItemKey]
    detailed: bool
    _tree: Tree | None
    _parents: dict[ItemKey, ItemKey] | None

    if TYPE_CHECKING:

        @property
        def data(self) -> WorkshopData: ...
        def rebuild(self) -> None: ...

    def tree(self) -> Tree:
        """The full logical tree (roots, children with their key result), cached."""
        if self._tree is None:
            self._tree = tree_of(self.data)
        return self._tree

    def parent_of(self, key: ItemKey) -> ItemKey | None:
        if self._parents is None:
            self._parents = {
                child: parent for parent, kids in self.tree()[1].items() for child, _ in kids
            }
        return self._parents.get(key)

    def children_of(self, key: ItemKey) -> list[ItemKey]:
        return [child for child, _ in self.tree()[1].get(key, [])]

    def siblings_of(self, key: ItemKey) -> list[ItemKey]:
        parent = self.parent_of(key)
        return list(self.tree()[0]) if parent is None else self.children_of(parent)

    def node_of(self, key: ItemKey) -> ItemKey | None:
        """The card showing an item (a key result shows on its objective's card)."""
        kind, item_id = key
        if kind == "key_result":
            kr = self.data.key_results.get(item_id)
            return ("objective", kr.objective_id) if kr else None
        if kind == "unit" and ("unit", item_id) not in self.cards:
            objs = self.data.objectives_of(item_id)
            return ("objective", objs[0].id) if objs else None
        return key if kind in ("objective", "unit") else None

    def toggle_collapsed(self, key: ItemKey, collapsed: bool | None = None) -> bool:
        """Collapse or expand a branch; returns whether anything changed."""
        if not self.children_of(key):
            return False
        now = key in self.collapsed
        want = (not now) if collapsed is None else collapsed
        if want == now:
            return False
        if want:
            self.collapsed.add(key)
        else:
            self.collapsed.discard(key)
        self.rebuild()
        return True

    def collapse_children(self, key: ItemKey | None) -> bool:
        """Fold every branch below the children of ``key`` (of the top cards when None),
        so a large tree shows two levels with "+N" on each folded card."""
        parents = [key] if key is not None else list(self.tree()[0])
        targets = {c for p in parents for c in self.children_of(p) if self.children_of(c)}
        new = targets - self.collapsed
        if not new:
            return False
        self.collapsed |= new
        self.rebuild()
        return True

    def expand_all(self) -> bool:
        if not self.collapsed:
            return False
        self.collapsed.clear()
        self.rebuild()
        return True

    def reveal(self, key: ItemKey) -> None:
        """Expand every collapsed ancestor of a card so it is on the canvas."""
        changed = False
        parent = self.parent_of(key)
        while parent is not None:
            if parent in self.collapsed:
                self.collapsed.discard(parent)
                changed = True
            parent = self.parent_of(parent)
        if changed:
            self.rebuild()

    def hit(self, pos: QPointF) -> tuple[ItemKey | None, int | None, str]:
        """What is at a scene point: (card key, key result id or None, part).

        ``part`` is "toggle", "row", "initiatives" (a key result's "▸ 3 initiatives"
        line), "title", "card" or "" for empty space.
        """
        for key, item in self.cards.items():
            if not item.isVisible() and self.detailed:
                continue
            local = pos - item.pos()
            if item.hit_toggle(local):
                return key, None, "toggle"
            if item.card_rect().contains(local):
                kr = item.content.row_at(local.y())
                row = item.content.row(kr) if kr is not None else None
                if kr is not None and row is not None:
                    return key, kr, row_part(row, local.y())
                if item.title_rect().contains(local):
                    return key, None, "title"
                return key, None, "card"
        return None, None, ""
