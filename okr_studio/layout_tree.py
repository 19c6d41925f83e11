"""The layout's logical tree, built whole or patched after an edit.

An objective's children are the objectives aligned to its key results, when the key
result's unit is above theirs; every other card (an objective aligned across the
tree or not at all, a placeholder for a unit without objectives) sits under the
first objective of the nearest unit above that has one (its *anchor*), or is a root.
Children are ordered by the key result they hang on (loose ones last), then by their
unit's place in the organisation, then by position.

:class:`LogicalTree` keeps the tree with a parent map, so that after an edit
:meth:`LogicalTree.patch` re-attaches only the cards the edit can move (the items
changed, the objectives aligned to them, the cards of a unit whose first objective
changed, a unit's branch when it moved) and sorts only the children lists they
left or joined; a patched tree equals one built from scratch. Its lists are never
changed in place once built (a patch replaces them), so a copy of the dict of lists
handed out stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from okr_studio.data import UnitData, WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.layout_memo import once_per_snapshot

EdgeKind = Literal["aligned", "loose", "sideways", "same_unit"]
Children = dict[ItemKey, list[tuple[ItemKey, int | None]]]
Link = tuple[ItemKey, ItemKey, int, EdgeKind]
UnitKey = tuple[tuple[int, int], ...]
_TREE_TABLES = frozenset(("unit", "objective", "key_result"))
#: Where a snapshot keeps its tree (see :meth:`LogicalTree.of`).
_KEPT = "_layout_logical_tree"


def unit_keys(data: WorkshopData) -> dict[int, UnitKey]:
    """Each unit reachable from a top unit, with its path of (position, id) from the top:
    comparing paths is comparing the units' order in the organisation, depth first."""
    out: dict[int, UnitKey] = {}
    top: UnitKey = ()
    stack: list[tuple[UnitData, UnitKey]] = [(u, top) for u in reversed(data.root_units())]
    while stack:
        unit, above = stack.pop()
        key = (*above, (unit.position, unit.id))
        out[unit.id] = key
        stack.extend((child, key) for child in reversed(data.child_units(unit.id)))
    return out


class LogicalTree:
    """Roots, each node's children with the key result they hang on, and the links
    across the tree (see :func:`okr_studio.layout.cross_links`) of one snapshot."""

    def __init__(self, data: WorkshopData) -> None:
        self.data = data
        self.roots: list[ItemKey] = []
        self.kids: Children = {}
        #: node -> (its parent, None for a root; the key result it hangs on, or None)
        self.parent: dict[ItemKey, tuple[ItemKey | None, int | None]] = {}
        self.links: dict[ItemKey, Link] = {}
        self.unit_key: dict[int, UnitKey] = {}
        #: Counts changes to the links (a reader can tell whether they changed).
        self.link_version = 0
        self._links_in_order: list[Link] | None = None

    # ---- building --------------------------------------------------------------------
    @classmethod
    def build(cls, data: WorkshopData) -> LogicalTree:
        """The tree of ``data``, built from its rows."""
        tree = cls(data)
        unit_key = tree.unit_key = unit_keys(data)
        parents, links = tree.parent, tree.links
        objectives, key_results = data.objectives, data.key_results
        joining: dict[ItemKey | None, list[tuple[ItemKey, int | None]]] = {}

        def join(node: ItemKey, parent: ItemKey | None, kr_id: int | None) -> None:
            parents[node] = (parent, kr_id)
            joining.setdefault(parent, []).append((node, kr_id))

        for unit_id, mine in unit_key.items():  # what _place() gives, the anchor once a unit
            anchor = tree._anchor(unit_id)
            objs = data.objectives_of(unit_id)
            if not objs:
                join(("unit", unit_id), anchor, None)
            for obj in objs:
                node: ItemKey = ("objective", obj.id)
                kr = key_results.get(obj.parent_kr_id) if obj.parent_kr_id is not None else None
                parent_obj = objectives.get(kr.objective_id) if kr is not None else None
                if kr is None or parent_obj is None:
                    join(node, anchor, None)
                    continue
                high = unit_key.get(parent_obj.unit_id)
                if high is not None and len(high) < len(mine) and mine[: len(high)] == high:
                    join(node, ("objective", parent_obj.id), kr.id)
                    continue
                if parent_obj.id != obj.id:
                    kind: EdgeKind = "same_unit" if parent_obj.unit_id == unit_id else "sideways"
                    links[node] = (("objective", parent_obj.id), node, kr.id, kind)
                join(node, anchor, None)
        tree._sort(list(joining), set(), joining)
        return tree

    @classmethod
    def of(cls, data: WorkshopData) -> LogicalTree:
        """The tree of ``data``, a copy of its own: built once per snapshot (or handed
        over by the patch that made it, see :meth:`keep`) and kept with the snapshot."""
        kept = data.__dict__.get(_KEPT)
        if kept is None:
            tree = cls.build(data)
            tree.keep()
            return tree
        tree = cls(data)
        roots, kids, parent, links, unit_key, in_order = kept
        tree.roots, tree.kids, tree.parent = list(roots), dict(kids), dict(parent)
        tree.links, tree.unit_key, tree._links_in_order = dict(links), dict(unit_key), in_order
        return tree

    def keep(self) -> None:
        """Keep a copy of this tree with its snapshot, for :meth:`of` (unless one is kept:
        a snapshot's tree never changes). The copy does not refer to the snapshot."""
        self.data.__dict__.setdefault(
            _KEPT,
            (
                list(self.roots),
                dict(self.kids),
                dict(self.parent),
                dict(self.links),
                dict(self.unit_key),
                self._links_in_order,
            ),
        )

    def parts(self) -> tuple[list[ItemKey], Children, list[Link]]:
        """(roots, children, cross links), as :func:`tree_parts` gives them."""
        return list(self.roots), dict(self.kids), self.links_in_order()

    def links_in_order(self) -> list[Link]:
        """The links across the tree, in the organisation's order of their child."""
        if self._links_in_order is None:
            objectives = self.data.objectives

            def order(link: Link) -> tuple:
                obj = objectives[link[1][1]]
                return (self.unit_key[obj.unit_id], obj.position, obj.id)

            self._links_in_order = sorted(self.links.values(), key=order)
        return list(self._links_in_order)

    def exists(self, node: ItemKey) -> bool:
        """Whether ``node`` is a card of this tree's snapshot."""
        kind, item_id = node
        data = self.data
        if kind == "objective":
            obj = data.objectives.get(item_id)
            return obj is not None and obj.unit_id in self.unit_key
        return item_id in self.unit_key and not data.objectives_of(item_id)

    def _anchor(self, unit_id: int) -> ItemKey | None:
        """The first objective of the nearest unit above that has one."""
        units, data = self.data.units, self.data
        parent = units[unit_id].parent_id
        seen = {unit_id}
        while parent is not None and parent not in seen:
            seen.add(parent)
            objs = data.objectives_of(parent)
            if objs:
                return ("objective", objs[0].id)
            parent = units[parent].parent_id
        return None

    def _above(self, upper: int, lower: int) -> bool:
        """Whether unit ``upper`` is an ancestor of unit ``lower``."""
        high, low = self.unit_key.get(upper), self.unit_key.get(lower)
        return (
            high is not None
            and low is not None
            and len(high) < len(low)
            and low[: len(high)] == high
        )

    def _place(self, node: ItemKey) -> tuple[ItemKey | None, int | None, Link | None]:
        kind, item_id = node
        data = self.data
        if kind == "unit":
            return self._anchor(item_id), None, None
        obj = data.objectives[item_id]
        kr = data.key_results.get(obj.parent_kr_id) if obj.parent_kr_id is not None else None
        parent_obj = data.objectives.get(kr.objective_id) if kr is not None else None
        link: Link | None = None
        if kr is not None and parent_obj is not None:
            parent_unit = parent_obj.unit_id
            if self._above(parent_unit, obj.unit_id):
                return ("objective", parent_obj.id), kr.id, None
            if parent_obj.id != obj.id:
                kind_of: EdgeKind = "same_unit" if parent_unit == obj.unit_id else "sideways"
                link = (("objective", parent_obj.id), node, kr.id, kind_of)
        return self._anchor(obj.unit_id), None, link

    def _order(self, item: tuple[ItemKey, int | None]) -> tuple:
        (kind, node_id), kr_id = item
        data = self.data
        kr_pos = (0, data.key_results[kr_id].position, kr_id) if kr_id is not None else (1, 0, 0)
        if kind == "objective":
            obj = data.objectives[node_id]
            return (kr_pos, self.unit_key[obj.unit_id], obj.position, node_id)
        return (kr_pos, self.unit_key[node_id], -1, node_id)

    def _sort(
        self,
        touched: Iterable[ItemKey | None],
        leaving: set[ItemKey],
        joining: dict[ItemKey | None, list[tuple[ItemKey, int | None]]],
    ) -> None:
        """The children of ``touched`` parents (None: the roots) without the nodes
        ``leaving`` them, with those ``joining`` them, sorted; each one a new list."""
        for parent in touched:
            new = joining.get(parent, [])
            if parent is None:
                roots = [(r, None) for r in self.roots if r not in leaving]
                roots += new
                roots.sort(key=self._order)
                self.roots = [r for r, _ in roots]
                continue
            kids = [k for k in self.kids.get(parent, ()) if k[0] not in leaving]
            kids += new
            if kids:
                kids.sort(key=self._order)
                self.kids[parent] = kids
            else:
                self.kids.pop(parent, None)

    # ---- patching ----------------------------------------------------------------------
    def patch(self, data: WorkshopData, changed: Iterable[ItemKey]) -> TreeChange:
        """Bring the tree to ``data``, a snapshot whose rows differ from this tree's in
        ``changed`` (see :func:`okr_studio.data_patch.changed_items`)."""
        old = self.data
        changed = [k for k in changed if k[0] in _TREE_TABLES]
        moved_units = self._moved_units(old, data, changed)
        nodes = self._affected(old, data, changed, moved_units)
        self.data = data
        if moved_units:
            self.unit_key = unit_keys(data)
        # Nodes that leave the tree take their children along: re-attach those too.
        todo = list(nodes)
        while todo:
            node = todo.pop()
            if not self.exists(node):
                for child, _kr in self.kids.get(node, ()):
                    if child not in nodes:
                        nodes.add(child)
                        todo.append(child)
        was = {n for n in nodes if n in self.parent}
        touched: set[ItemKey | None] = {self.parent.pop(n)[0] for n in was}
        for node in was:
            if self.links.pop(node, None) is not None:
                self._links_in_order = None
                self.link_version += 1
        joining: dict[ItemKey | None, list[tuple[ItemKey, int | None]]] = {}
        for node in nodes:
            if not self.exists(node):
                continue
            parent, kr_id, link = self._place(node)
            self.parent[node] = (parent, kr_id)
            joining.setdefault(parent, []).append((node, kr_id))
            if link is not None:
                self.links[node] = link
                self._links_in_order = None
                self.link_version += 1
        touched.update(joining)
        staying = {n for n in nodes if n in self.parent}
        for node in was - staying:
            self.kids.pop(node, None)
        self._sort(touched, nodes, joining)
        self.keep()
        return TreeChange(
            frozenset(staying), frozenset(staying - was), frozenset(was - staying), touched
        )

    @staticmethod
    def _moved_units(old: WorkshopData, new: WorkshopData, changed: list[ItemKey]) -> set[int]:
        """Units added, removed, moved to another parent or to another position."""
        out = set()
        for table, unit_id in changed:
            if table != "unit":
                continue
            before, after = old.units.get(unit_id), new.units.get(unit_id)
            if (
                before is None
                or after is None
                or before.parent_id != after.parent_id
                or before.position != after.position
            ):
                out.add(unit_id)
        return out

    def _affected(
        self, old: WorkshopData, new: WorkshopData, changed: list[ItemKey], moved_units: set[int]
    ) -> set[ItemKey]:
        """The cards an edit can move: see the module's notes."""
        nodes: set[ItemKey] = set()

        def aligned_below(data: WorkshopData, objective_id: int) -> None:
            for kr in data.key_results_of(objective_id):
                nodes.update(("objective", o.id) for o in data.aligned_to(kr.id))

        branch: set[int] = set()
        for unit_id in moved_units:
            for data in (old, new):
                if unit_id in data.units:
                    branch.add(unit_id)
                    branch.update(u.id for u in data.unit_descendants(unit_id))
        for unit_id in branch:
            nodes.add(("unit", unit_id))
            for data in (old, new):
                for obj in data.objectives_of(unit_id) if unit_id in data.units else ():
                    nodes.add(("objective", obj.id))
                    aligned_below(data, obj.id)
        first_may_change: set[int] = set()
        for table, item_id in changed:
            if table == "objective":
                nodes.add(("objective", item_id))
                for data in (old, new):
                    obj = data.objectives.get(item_id)
                    if obj is not None:
                        aligned_below(data, item_id)
                        nodes.add(("unit", obj.unit_id))
                        first_may_change.add(obj.unit_id)
            elif table == "key_result":
                for data in (old, new):
                    nodes.update(("objective", o.id) for o in data.aligned_to(item_id))
        for unit_id in first_may_change:
            nodes |= self._anchored_by_change(old, new, unit_id)
        return nodes

    def _anchored_by_change(
        self, old: WorkshopData, new: WorkshopData, unit_id: int
    ) -> set[ItemKey]:
        """When the first objective of a unit changes (or it gains its first or loses its
        last), the loose cards hanging on the old anchor from this unit's branch."""

        def first(data: WorkshopData) -> int | None:
            objs = data.objectives_of(unit_id) if unit_id in data.units else []
            return objs[0].id if objs else None

        before, after = first(old), first(new)
        if before == after:
            return set()
        if before is not None:
            anchor: ItemKey | None = ("objective", before)
        else:
            placeholder = self.parent.get(("unit", unit_id))
            if placeholder is None:
                return set()
            anchor = placeholder[0]
        loose = (
            [k for k, kr in self.kids.get(anchor, ()) if kr is None]
            if anchor is not None
            else list(self.roots)
        )
        mine = self.unit_key.get(unit_id)
        if mine is None:
            return set(loose)
        out = set()
        for node in loose:
            unit = old.objectives[node[1]].unit_id if node[0] == "objective" else node[1]
            key = self.unit_key.get(unit)
            if key is not None and key[: len(mine)] == mine:
                out.add(node)
        return out


class TreeChange:
    """What :meth:`LogicalTree.patch` did: cards re-attached (added ones included), added,
    removed, and the parents whose children changed (None: the roots)."""

    __slots__ = ("added", "reattached", "removed", "touched")

    def __init__(
        self,
        reattached: frozenset[ItemKey],
        added: frozenset[ItemKey],
        removed: frozenset[ItemKey],
        touched: set[ItemKey | None],
    ) -> None:
        self.reattached, self.added, self.removed, self.touched = (
            reattached,
            added,
            removed,
            touched,
        )


@once_per_snapshot
def tree_parts(data: WorkshopData) -> tuple[list[ItemKey], Children, list[Link]]:
    """The tree and, in the same pass, the alignments across it, once per snapshot."""
    return LogicalTree.of(data).parts()
