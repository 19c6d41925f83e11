"""The scene's tree questions: parents, children, siblings, collapse, hit testing.

A mix-in of :class:`~ui.canvas.scene.CanvasScene` (``self`` is the scene): the
logical tree comes from :func:`okr_studio.layout.tree_of` and is cached until
the next change.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from okr_studio.keys import ItemKey
from okr_studio.layout import tree_of
from ui.canvas.initiative_lines import row_part
from ui.canvas.measure import metrics

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.layout import Layout
    from ui.canvas.geometry import CardGeometry
    from ui.canvas.lazy import CardMap
    from ui.canvas.measure import CardContent, CardStyle

#: The logical tree: roots, and each node's children with the key result they hang on.
Tree = tuple[list[ItemKey], dict[ItemKey, list[tuple[ItemKey, int | None]]]]


class TreeQueries:
    """Tree navigation and hit testing for the canvas scene."""

    # The scene's state these questions read (set up by CanvasScene).
    cards: CardMap
    collapsed: set[ItemKey]
    detailed: bool
    layout: Layout | None
    card_style: CardStyle
    focus: ItemKey | None
    _tree: Tree | None
    _parents: dict[ItemKey, ItemKey] | None

    if TYPE_CHECKING:

        @property
        def data(self) -> WorkshopData: ...
        def rebuild(self, reshaped: AbstractSet[ItemKey] | None = ...) -> None: ...
        def cards_at(self, x: float, y: float) -> list[ItemKey]: ...
        def geometry(self, key: ItemKey) -> CardGeometry: ...
        def content(self, key: ItemKey) -> CardContent: ...

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
        layout = self.layout
        if layout is None:
            return None, None, ""
        x, y = pos.x(), pos.y()
        for key in self.cards_at(x, y):
            box = layout.boxes[key]
            item = self.cards.made.get(key)
            if item is not None and item.hit_toggle(QPointF(x - box.x, y - box.y)):
                return key, None, "toggle"
            if item is None and self._hit_toggle(key, x - box.x, y - box.y):
                return key, None, "toggle"
            g = self.geometry(key)
            lx, ly = x - box.x, y - box.y
            if 0 <= lx <= g.width and 0 <= ly <= g.height:
                for kr_id, top, h in g.rows:
                    if top <= ly < top + h:
                        return key, kr_id, self._row_part(key, kr_id, ly)
                s = self.card_style
                title_h = g.title_lines * metrics(s.title_px, True).height()
                if (
                    s.pad <= lx <= g.width - s.pad
                    and s.band + s.pad <= ly <= s.band + s.pad + title_h
                ):
                    return key, None, "title"
                return key, None, "card"
        return None, None, ""

    def _row_part(self, key: ItemKey, kr_id: int, ly: float) -> str:
        """A key result row's part at ``ly``: its "▸ 3 initiatives" line, or the row."""
        if not self.data.initiatives_of(kr_id):
            return "row"
        row = self.content(key).row(kr_id)
        return row_part(row, ly) if row is not None else "row"

    def _hit_toggle(self, key: ItemKey, lx: float, ly: float) -> bool:
        """The fold toggle of a card that has no item yet (as ``CardItem.hit_toggle``)."""
        layout = self.layout
        if layout is None or self.focus is not None:
            return False
        if not (layout.children.get(key) or layout.hidden.get(key)):
            return False
        s, g = self.card_style, self.geometry(key)
        dx, dy = lx - (g.width - s.px(30)), ly - g.height
        return dx * dx + dy * dy <= (s.px(11) + s.px(3)) ** 2
