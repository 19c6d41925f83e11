"""The canvas scene: a view of the document, kept in step with its change events.

The scene never edits the workshop. It follows the document (changes, selection
and the coach's findings, shown as badges). ``self.cards`` maps every card of the
layout to its item, made when it is first needed or comes into view
(:mod:`ui.canvas.lazy`); the whole tree is laid out from card geometries
(:mod:`ui.canvas.geometry`) and drawn zoomed out by one overview item. Text-only
edits update just the changed cards; anything that moves the tree is laid out
again with :func:`okr_studio.layout.compute_layout`, and only the items that moved
are moved. Items are only ever removed through the maps or :meth:`reset`, which
empties them first, so no Python reference outlives its C++ item
(docs/architecture.md, "Traps this code steps around").
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import replace

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from okr_studio.data import WorkshopData
from okr_studio.events import ChangeEvent
from okr_studio.layout import Layout, compute_layout, relayout
from ui import memory, theme
from ui.canvas.badges import BadgeBook
from ui.canvas.connectors import ConnectorItem
from ui.canvas.items import Badge, CardItem
from ui.canvas.lazy import SceneItems
from ui.canvas.measure import NORMAL, CardContent, CardStyle, card_for
from ui.canvas.overview import OverviewItem
from ui.canvas.tree import TreeQueries
from ui.document import CoachReport, Document, ItemKey
from ui.document_view import DocumentView

#: No card changed its shape or text (folding, unfolding, or laying out again).
UNCHANGED: frozenset[ItemKey] = frozenset()

_STRUCTURE = {
    "objective": ("unit_id", "parent_kr_id", "position"),
    "key_result": ("objective_id", "position"),
}


class CanvasScene(DocumentView, SceneItems, TreeQueries, QGraphicsScene):
    """Cards and connectors of one document."""

    #: The layout was computed again (positions may have moved).
    relaidOut = Signal()
    #: The coach's findings were refreshed (the badges follow them).
    findingsChanged = Signal()
    #: Initiatives were listed or folded away on these cards (a set of keys).
    initiativesToggled = Signal(object)

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.card_style: CardStyle = NORMAL
        self.review = False  # review mode (set_review)
        self.collapsed: set[ItemKey] = set()
        #: Key results whose initiatives are listed on their card (toggle_initiatives).
        self.open_initiatives: set[int] = set()
        self.init_items()  # self.cards, self.edges: every card and connector, made on demand
        self.layout: Layout | None = None
        self.detailed = True
        self.focus: ItemKey | None = None  # presentation: the branch in focus
        self.badge_book = BadgeBook()
        self.badges: dict[ItemKey, Badge] = self.badge_book.badges
        #: Short-lived items (a drag's ghost); dropped before the scene is cleared.
        self.transient: list = []
        self._contents: dict[ItemKey, CardContent] = {}
        self._tree: tuple[list[ItemKey], dict[ItemKey, list]] | None = None
        self._parents: dict[ItemKey, ItemKey] | None = None
        self._make_fixed_items()
        theme.notifier.themeChanged.connect(self._restyle)
        self.set_document(document)

    # ---- life cycle --------------------------------------------------------------
    def _make_fixed_items(self) -> None:
        self.highlight_edges = ConnectorItem("highlight")
        self.overview = OverviewItem()
        self.overview.setVisible(not self.detailed)
        for item in (self.highlight_edges, self.overview):
            self.addItem(item)
        self.setBackgroundBrush(theme.current().background)

    def show_document(self, document: Document | None) -> None:
        """Show another document (another file was opened)."""
        self.reset()
        self.collapsed.clear()
        self.open_initiatives.clear()
        self.focus = None
        if document is None:
            return
        memory.hold_collector()  # until the view's first paint of it (ui.memory)
        self.rebuild()
        report = document.fresh_report  # else the badges follow with the coach's first run
        if report is not None:
            self.on_findings_changed(report)

    def reset(self) -> None:
        """Remove every item; the maps are emptied before the scene deletes the items."""
        self.forget_items()
        self.transient.clear()
        self._contents.clear()
        self.badge_book.clear()
        self.layout = None
        self.clear()
        self._make_fixed_items()

    def drop_transient(self) -> None:
        for item in self.transient:
            self.removeItem(item)
        self.transient.clear()

    # ---- data ------------------------------------------------------------------------
    @property
    def data(self) -> WorkshopData:
        assert self.document is not None
        return self.document.data

    def content(self, key: ItemKey) -> CardContent:
        found = self._contents.get(key)
        if found is None:
            style, rows = self.card_style, self._rows_filter(key)
            found = card_for(self.data, key, style, rows, self.open_initiatives)
            self._contents[key] = found
        return found

    # ---- changes ------------------------------------------------------------------------
    def on_document_changed(self, event: ChangeEvent) -> None:
        self._tree = None
        self._parents = None
        structural = False
        everything = False  # every card may look different
        dirty: set[ItemKey] = set()
        for row in event.change.rows:
            if row.table in ("unit", "person"):
                everything = structural = True  # names, levels and owners show on many cards
                continue
            review = self.card_style.review and row.table in ("check_in", "key_result")
            if review or row.table == "initiative":  # (initiatives show in both modes)
                from ui.canvas.review_card import cards_to_refresh  # scores moved

                dirty |= cards_to_refresh(self.data, row)
            if row.table not in _STRUCTURE:
                continue
            fields = _STRUCTURE[row.table]
            before, after = row.before, row.after
            if before is None or after is None or any(before[f] != after[f] for f in fields):
                structural = True
            if row.table == "objective":
                dirty.add(("objective", row.id))
            else:
                for values in (row.before, row.after):
                    if values is not None:
                        dirty.add(("objective", values["objective_id"]))
        if everything or self.focus is not None or event.read_again:
            # (read again: any card may differ, and the layout is made whole)
            self._contents.clear()
            self.forget_geometry()
            self.rebuild(reshaped=None)
            return
        for key in dirty:
            self._contents.pop(key, None)
        if structural:
            self.forget_geometry(dirty)
            self.rebuild(reshaped=dirty)
        elif not self._refresh_cards(dirty):
            self.rebuild(reshaped=dirty)

    def _refresh_cards(self, dirty: set[ItemKey]) -> bool:
        """Update changed cards in place; False when a size or a row moved (relayout)."""
        old = {key: self._geometry.get(key) for key in dirty}
        self.forget_geometry(dirty)
        layout = self.layout
        for key in dirty:
            if layout is not None and key in layout.boxes and self.geometry(key) != old[key]:
                return False
        for key in dirty:
            item = self.cards.made.get(key)
            if item is not None:
                item.set_content(self.content(key))
        return True

    def toggle_initiatives(self, kr_ids: list[int]) -> bool:
        """List the initiatives of these key results on their cards, or fold them away
        again when all are listed; False when none of them has any."""
        data = self.data
        having = [k for k in kr_ids if k in data.key_results and data.initiatives_of(k)]
        if not having:
            return False
        if self.open_initiatives.issuperset(having):
            self.open_initiatives.difference_update(having)
        else:
            self.open_initiatives.update(having)
        dirty = {("objective", data.key_results[k].objective_id) for k in having}
        self.remeasure(dirty)
        self.initiativesToggled.emit(dirty)
        return True

    def remeasure(self, keys: set[ItemKey]) -> None:
        """Measure these cards again (their initiatives opened or closed: their size changes)."""
        for key in keys:
            self._contents.pop(key, None)
        if not self._refresh_cards(keys):
            self.rebuild(reshaped=keys)

    def rebuild(self, reshaped: AbstractSet[ItemKey] | None = UNCHANGED) -> None:
        """Lay the tree out again and bring the items in step with it. ``reshaped``: the
        only cards whose shape or text may have changed (none for a fold); None: any."""
        if self.document is None:
            return
        self._tree = None
        self._parents = None
        old = self.layout
        layout = self._compute(reshaped)
        self.layout = layout
        self.sync_layout(old, layout, reshaped)
        self._draw_highlight()
        self.overview.set_selected(self._selected_rects())
        self.relaidOut.emit()

    def _compute(self, reshaped: AbstractSet[ItemKey] | None) -> Layout:
        if self.focus is not None and self.focus in self._branch_keys():
            from ui.canvas.presentation import branch_layout

            return branch_layout(self, self.focus)
        self.focus = None
        measure = self.measure
        if self.layout is None:
            return compute_layout(self.data, measure, collapsed=self.collapsed)
        # From the layout before: only what the edit touched is measured and placed again.
        return relayout(self.layout, self.data, measure, collapsed=self.collapsed,
                        remeasure=reshaped)  # fmt: skip

    def _branch_keys(self) -> set[ItemKey]:
        roots, kids = self.tree()
        return set(roots) | {c for v in kids.values() for c, _ in v}

    def _rows_filter(self, key: ItemKey) -> tuple[int, ...] | None:
        if self.focus is None:
            return None
        from ui.canvas.presentation import rows_for

        return rows_for(self, key)

    # ---- drawing helpers --------------------------------------------------------------
    def _draw_highlight(self) -> None:
        """The selected cards' alignments (up and down, across the tree too), in one path."""
        path = QPainterPath()
        if self.layout is not None and self.document is not None:
            nodes = {self.node_of(k) for k in self.document.selection}
            self.connectors.highlight({n for n in nodes if n is not None}, path)
        self.highlight_edges.setPath(path)

    def _selected_rects(self) -> list[QRectF]:
        out = []
        if self.document is None or self.layout is None:
            return out
        for key in self.document.selection:
            node = self.node_of(key)
            box = self.layout.boxes.get(node) if node else None
            if box is not None:
                out.append(QRectF(box.x, box.y, box.w, box.h))
        return out

    def set_detailed(self, detailed: bool) -> None:
        """Cards with text (zoomed in) or the block overview (zoomed out)."""
        if detailed == self.detailed:
            return
        self.detailed = detailed
        self.set_items_visible(detailed)
        self.highlight_edges.setVisible(detailed)
        self.overview.setVisible(not detailed)
        if detailed:
            self.overview.release()

    def busy(self) -> bool:
        """Whether what is shown is still being filled in (pictures of cards, a sharp
        overview)."""
        return self.pictures.busy() or self.overview.busy()

    # ---- selection ------------------------------------------------------------------------
    def _selection(self) -> set:
        return set(self.document.selection) if self.document is not None else set()

    def _apply_selection(self, item: CardItem, selection: set) -> None:
        key = item.key
        selected = key in selection or (key[0] == "unit" and ("unit", key[1]) in selection)
        rows = frozenset(r[0] for r in item.geometry.rows if ("key_result", r[0]) in selection)
        if selected != item.selected or rows != item.selected_rows:
            item.selected = selected
            item.selected_rows = rows
            item.update()

    def on_selection_changed(self, keys: tuple[ItemKey, ...]) -> None:
        selection = set(keys)
        for item in self.cards.made.values():
            self._apply_selection(item, selection)
        self._draw_highlight()
        self.overview.set_selected(self._selected_rects())

    # ---- findings ------------------------------------------------------------------------------
    def on_findings_changed(self, report: CoachReport) -> None:
        """The coach's report on the current snapshot: a badge on each card it names."""
        cards = self.badge_book.apply(report)  # the cards whose badge may change
        made = self.cards.made
        for key in made if cards is None else cards.intersection(made):
            item, badge = made[key], self.badges.get(key)
            if badge != item.badge:
                item.badge = badge
                item.update()
        self.findingsChanged.emit()

    # ---- theme ---------------------------------------------------------------------------------
    def _restyle(self, _theme: object = None) -> None:
        self.setBackgroundBrush(theme.current().background)
        weight = 2.0 if self.focus is not None else 1.0
        self.highlight_edges.restyle(weight)
        self.connectors.restyle(weight)
        self._repaint_background(None)
        self.overview.invalidate()
        self.pictures.clear()
        for item in self.cards.made.values():
            item.update()

    def set_review(self, on: bool) -> None:
        """Review mode: scores, progress bars and decisions on the cards."""
        self.review = on
        self.set_style(self.card_style)
        self.rebuild(reshaped=None)

    def show_branch(self, node: ItemKey | None) -> None:
        """Show only ``node``'s branch (presentation), or the whole tree for None, drawn
        afresh."""
        self.focus = node
        self._contents.clear()
        self.forget_geometry()
        self.rebuild(reshaped=None)

    def set_style(self, style: CardStyle) -> None:
        style = replace(style, review=self.review)  # presentation keeps review mode
        if style != self.card_style:
            self.card_style = style
            self._contents.clear()
            self.forget_geometry()
            for key in list(self.cards.made):  # cards are made again in the new style
                self._drop_card(key)
            weight = 2.0 if style.bold_contrast else 1.0
            self.connectors.clear()
            self.connectors.restyle(weight)  # presentation: lines seen from the back
            self.highlight_edges.restyle(weight)
