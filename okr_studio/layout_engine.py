"""The layout kept between edits: what :func:`okr_studio.layout.relayout` patches.

An :class:`Engine` holds everything a layout was made from: the logical tree
(:mod:`okr_studio.layout_tree`), the visible cards with their sizes, columns and
runs of leaves, and the plans tried (:mod:`okr_studio.layout_place`). Made whole by
:meth:`Engine.build`, it is brought to a later snapshot by :meth:`Engine.update`,
which follows only what the edit touched: the tree is patched, cards that appear
or disappear are measured or let go, the shapes of the changed cards and of their
ancestors are made again, and positions are summed again only down the subtrees
whose place or shape changed. What comes out is the same as a whole build of the
new snapshot; :mod:`okr_studio.layout_output` turns it into boxes, grids and edges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal

from okr_studio.data import WorkshopData
from okr_studio.data_patch import changed_items
from okr_studio.keys import ItemKey
from okr_studio.layout_output import Output
from okr_studio.layout_place import Context, Plan, Planner, post_order
from okr_studio.layout_tree import LogicalTree

if TYPE_CHECKING:
    from okr_studio.layout import Spacing

Measure = Callable[[ItemKey], tuple[float, float]]


class Engine(Output):
    def __init__(self, spacing: Spacing, orientation: Literal["lr", "tb"]) -> None:
        super().__init__(spacing, orientation)
        self.aim = spacing.aspect if orientation == "lr" else 1 / spacing.aspect
        self.version = 0
        self.collapsed: frozenset[ItemKey] = frozenset()
        self.only: ItemKey | None = None
        self.hidden: dict[ItemKey, int] = {}
        self.depth: dict[ItemKey, int] = {}
        self.level: dict[ItemKey, str] = {}
        self.leaf: dict[ItemKey, bool] = {}
        self.by_depth: dict[int, set[ItemKey]] = {}
        self.mains: dict[int, Counter[float]] = {}
        self.levels: dict[int, Counter[str]] = {}
        self.ctx = Context({}, {}, self.depth, spacing, self._is_leaf)
        self.planner = Planner(self.ctx)
        self.planner.post_order = self._post_order
        self._post: list[ItemKey] | None = None
        self.limit = 0
        # What one build or update did, for the caller (see Output.delta).
        self.came: set[ItemKey] = set()
        self.gone: set[ItemKey] = set()

    def _post_order(self) -> list[ItemKey]:
        """Every card, children before their parents (made once per build or update)."""
        if self._post is None:
            self._post = post_order(self.ctx.roots, self.ctx.children)
        return self._post

    def _is_leaf(self, node: ItemKey) -> bool:
        return not self.tree.kids.get(node)

    # ---- cards coming and going ---------------------------------------------------------
    def _show(self, node: ItemKey, measure: Measure) -> None:
        """Lay out ``node`` from now on: measure it, file it under its column and level."""
        w, h = measure(node)
        self.ctx.sizes[node] = (w, h) if self.orientation == "lr" else (h, w)
        self._file(node)
        self.leaf[node] = self._is_leaf(node)
        self._set_children(node)
        self.gone.discard(node)
        self.came.add(node)

    def _file(self, node: ItemKey) -> None:
        data = self.data
        unit = data.objectives[node[1]].unit_id if node[0] == "objective" else node[1]
        depth, level = data.unit_depths[unit], data.units[unit].level
        self.depth[node], self.level[node] = depth, level
        if depth not in self.by_depth:
            self.by_depth[depth], self.mains[depth], self.levels[depth] = (
                set(),
                Counter(),
                Counter(),
            )
        self.by_depth[depth].add(node)
        self.mains[depth][self.ctx.sizes[node][0]] += 1
        self.levels[depth][level] += 1

    def _unfile(self, node: ItemKey) -> None:
        depth, level = self.depth.pop(node), self.level.pop(node)
        self.by_depth[depth].discard(node)
        _less(self.mains[depth], self.ctx.sizes[node][0])
        _less(self.levels[depth], level)
        if not self.by_depth[depth]:
            del self.by_depth[depth], self.mains[depth], self.levels[depth]

    def _hide(self, node: ItemKey) -> None:
        """Stop laying out ``node``."""
        self._unfile(node)
        self.ctx.forget(node)
        self.ctx.sizes.pop(node)
        self.hidden.pop(node, None)
        self.leaf.pop(node, None)
        for plan in self.planner.plans.values():
            plan.forget(node)
        self.forget_output(node)
        self.came.discard(node)
        self.gone.add(node)

    def _set_children(self, node: ItemKey) -> bool:
        """``node``'s visible children from the tree; whether they changed."""
        kids = self.tree.kids.get(node, ())
        hidden = len(kids) if node in self.collapsed and kids else 0
        shown = () if hidden else tuple(c for c, _ in kids)
        if hidden != self.hidden.get(node, 0):
            self.kids_changed.add(node)
            if hidden:
                self.hidden[node] = hidden
            else:
                del self.hidden[node]
        if self.ctx.children.get(node) == shown:
            return False
        self.ctx.children[node] = shown
        self.kids_changed.add(node)
        return True

    def _walk(self, node: ItemKey, show: bool, measure: Measure) -> None:
        """Show (or hide) ``node`` and what it shows below it, by the tree of now."""
        stack = [node]
        while stack:
            key = stack.pop()
            if show:
                if key not in self.ctx.children:
                    self._show(key, measure)
                stack.extend(self.ctx.children.get(key, ()))
            else:
                if key in self.ctx.children:
                    self._hide(key)
                stack.extend(c for c, _ in self.tree.kids.get(key, ()))

    # ---- building ---------------------------------------------------------------------
    def build(
        self,
        data: WorkshopData,
        measure: Measure,
        collapsed: frozenset[ItemKey],
        only: ItemKey | None = None,
    ) -> None:
        """Lay out ``data`` whole (with ``only``: the subtree of one card): what
        :meth:`_show` does card by card, for every card in one pass."""
        self.data, self.collapsed, self.only = data, collapsed, only
        self.tree = LogicalTree.of(data)
        roots = [only] if only is not None else list(self.tree.roots)
        ctx = self.ctx
        ctx.roots = roots
        sizes, children, hidden, leaf = ctx.sizes, ctx.children, self.hidden, self.leaf
        depth_of, level_of, tree_kids = self.depth, self.level, self.tree.kids
        objectives, unit_depths, units = data.objectives, data.unit_depths, data.units
        lr = self.orientation == "lr"
        by_depth: dict[int, list[ItemKey]] = {}
        order: list[ItemKey] = []
        stack = list(reversed(roots))
        while stack:
            key = stack.pop()
            order.append(key)
            w, h = measure(key)
            sizes[key] = (w, h) if lr else (h, w)
            unit = objectives[key[1]].unit_id if key[0] == "objective" else key[1]
            depth = depth_of[key] = unit_depths[unit]
            level_of[key] = units[unit].level
            group = by_depth.get(depth)
            if group is None:
                by_depth[depth] = [key]
            else:
                group.append(key)
            kids = tree_kids.get(key)
            leaf[key] = not kids
            if not kids:
                children[key] = ()
            elif key in collapsed:
                hidden[key] = len(kids)
                children[key] = ()
            else:
                shown = children[key] = tuple([c for c, _ in kids])
                stack.extend(reversed(shown))
        for depth, group in by_depth.items():
            self.by_depth[depth] = set(group)
            self.mains[depth] = Counter([sizes[k][0] for k in group])
            self.levels[depth] = Counter(map(level_of.__getitem__, group))
        grid_from = max(self.sp.grid_from, 2)
        for key in order:
            if len(children[key]) >= grid_from:
                ctx.set_runs(key)
        order.reverse()
        self._post = order  # children before their parents, for the plans
        self._place(order, set(), full=True)

    # ---- patching -------------------------------------------------------------------------
    def update(
        self,
        data: WorkshopData,
        measure: Measure,
        collapsed: frozenset[ItemKey],
        remeasure: Iterable[ItemKey] | None,
    ) -> bool:
        """Bring the layout to ``data``; False when it must be built whole instead."""
        changed = changed_items(self.data, data)
        if changed is None or self.only is not None:
            return False
        self.came, self.gone = set(), set()
        self._post = None
        self.begin_output()
        old_roots = self.ctx.roots
        change = self.tree.patch(data, changed)
        self.data = data
        toggled = self.collapsed ^ collapsed
        self.collapsed = collapsed
        ctx = self.ctx
        for node in change.removed:
            if node in ctx.children:
                self._hide(node)
        moving = set(change.reattached)
        for node in toggled:
            moving.update(c for c, _ in self.tree.kids.get(node, ()))
        for node in sorted(moving, key=self._rank):
            self._settle(node, measure)
        ctx.roots = list(self.tree.roots)
        # Which cards need their runs of leaves, and their shapes, made again.
        runs: set[ItemKey] = set(self.came)
        for node in (*change.touched, *toggled):
            if node is not None and node in ctx.children and self._set_children(node):
                runs.add(node)
        for node in change.touched:
            if node is not None and node in self.leaf and self.leaf[node] != self._is_leaf(node):
                self.leaf[node] = not self.leaf[node]
                runs.add(self.tree.parent[node][0] or node)
        shapes = set(runs)
        moved_main = self._refile(change.reattached, changed)
        for node in moved_main:
            parent = self.tree.parent[node][0]
            runs.add(parent if parent is not None else node)
        shapes |= self._remeasure(measure, remeasure)
        self.rest_edges |= change.reattached
        for node in runs:
            if node in ctx.children:
                ctx.set_runs(node)
        self.rest_moved |= moved_main
        self._place([n for n in runs if n in ctx.children], shapes | runs, full=False)
        if old_roots != ctx.roots:
            self.roots_changed = True
        return True

    def _rank(self, node: ItemKey) -> int:
        """How far ``node`` is from its root in the tree of now."""
        rank, parent = 0, self.tree.parent.get(node, (None, None))[0]
        while parent is not None:
            rank += 1
            parent = self.tree.parent[parent][0]
        return rank

    def _settle(self, node: ItemKey, measure: Measure) -> None:
        """Show or hide a card that moved in the tree, with what it shows below it."""
        if node not in self.tree.parent:
            return
        parent = self.tree.parent[node][0]
        shows = parent is None or (parent in self.ctx.children and parent not in self.collapsed)
        if shows != (node in self.ctx.children):
            self._walk(node, shows, measure)

    def _refile(self, moved: Iterable[ItemKey], changed: frozenset[ItemKey]) -> set[ItemKey]:
        """File again the cards whose unit may have another depth or level; the ones whose
        column changed."""
        candidates = set(moved)
        for table, unit_id in changed:
            if table == "unit" and unit_id in self.tree.unit_key:
                objs = self.data.objectives_of(unit_id)
                candidates.update(("objective", o.id) for o in objs)
                candidates.add(("unit", unit_id))
        out = set()
        for node in candidates:
            if node not in self.depth or node in self.came:
                continue
            depth = self.depth[node]
            self._unfile(node)
            self._file(node)
            if self.depth[node] != depth:
                out.add(node)
        return out

    def _remeasure(self, measure: Measure, keys: Iterable[ItemKey] | None) -> set[ItemKey]:
        """Measure cards again (every card when ``keys`` is None); those whose size changed."""
        ctx = self.ctx
        out = set()
        for node in ctx.children if keys is None else keys:
            if node not in ctx.children or node in self.came:
                continue
            w, h = measure(node)
            size = (w, h) if self.orientation == "lr" else (h, w)
            old = ctx.sizes[node]
            if size != old:
                depth = self.depth[node]
                _less(self.mains[depth], old[0])
                self.mains[depth][size[0]] += 1
                ctx.sizes[node] = size
                out.add(node)
                self.resized.add(node)
        return out

    # ---- placing ----------------------------------------------------------------------------
    def _place(self, reblock: list[ItemKey], dirty: set[ItemKey], *, full: bool) -> None:
        """Make the plans' shapes again (all, or ``dirty`` and their ancestors), choose the
        best plan and bring the positions and the output in step."""
        ctx = self.ctx
        ids = sorted(self.by_depth)
        columns_moved = ids != ctx.column_ids
        ctx.column_ids = ids
        ctx.card_main = [max(self.mains[d]) for d in ids]
        reshape: list[ItemKey] = []
        if not full:
            reshape = self._bottom_up(dirty)
            for plan in self.planner.plans.values():
                plan.update(reblock, reshape)
        plan, geometry = self.planner.best(self.aim)
        whole = full or columns_moved or plan.limit != self.limit
        self.limit = plan.limit
        self.place_all(plan, geometry) if whole else self.place_some(
            plan, geometry, reshape, reblock
        )

    def _bottom_up(self, dirty: set[ItemKey]) -> list[ItemKey]:
        """``dirty`` cards still laid out and their ancestors, children before parents."""
        rank: dict[ItemKey, int] = {}
        parent_of = self.tree.parent
        for node in dirty:
            path = []
            walk: ItemKey | None = node
            while walk is not None and walk not in rank and walk in self.ctx.children:
                path.append(walk)
                walk = parent_of[walk][0] if self.only is None or walk != self.only else None
            base = rank[walk] if walk is not None and walk in rank else -1
            for i, key in enumerate(reversed(path)):
                rank[key] = base + 1 + i
        return sorted(rank, key=rank.__getitem__, reverse=True)

    def plan_now(self) -> Plan:
        return self.planner.plans[self.limit]


def _less(counter: Counter, value: object) -> None:
    counter[value] -= 1
    if not counter[value]:
        del counter[value]
