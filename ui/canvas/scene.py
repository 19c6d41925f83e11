"""The canvas scene: a view of the document, kept in step with its change events.

The scene never edits the workshop. It follows the document (changes, selection
and the coach's findings, shown as badges) and keeps one item per visible card
in ``self.cards`` (the item map). Text-only edits update just the changed cards;
anything that moves the tree is laid out again with
:func:`okr_studio.layout.compute_layout`. Items are only ever removed through
:meth:`_park_card` or :meth:`reset`, which empty the map first, so no Python
reference outlives its C++ item (docs/architecture.md, "Traps this code steps around").
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import QGraphicsScene

from okr_studio.data import WorkshopData
from okr_studio.events import ChangeEvent
from okr_studio.layout import Layout, compute_layout
from ui import theme
from ui.canvas.badges import badges_for
from ui.canvas.connectors import ConnectorItem, draw_edges, draw_highlight
from ui.canvas.items import Badge, CardItem, OverviewItem
from ui.canvas.measure import NORMAL, CardContent, CardStyle, card_for
from ui.canvas.tree import TreeQueries
from ui.document import CoachReport, Document, ItemKey
from ui.document_view import DocumentView

_STRUCTURE = {
    "objective": ("unit_id", "parent_kr_id", "position"),
    "key_result": ("objective_id", "position"),
}


class CanvasScene(DocumentView, TreeQueries, QGraphicsScene):
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
        self.cards: dict[ItemKey, CardItem] = {}
        #: Cards off the canvas for now (folded away), hidden, ready to come back.
        self._spare: dict[ItemKey, CardItem] = {}
        #: One connector item per edge (parent card, child card), culled by the scene index.
        self.edges: dict[tuple[ItemKey, ItemKey], ConnectorItem] = {}
        self.layout: Layout | None = None
        self.detailed = True
        self.focus: ItemKey | None = None  # presentation: the branch in focus
        self.badges: dict[ItemKey, Badge] = {}
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
        self.rebuild()
        report = document.fresh_report  # else the badges follow with the coach's first run
        if report is not None:
            self.on_findings_changed(report)

    def reset(self) -> None:
        """Remove every item; the maps are emptied before the scene deletes the items."""
        self.cards.clear()
        self._spare.clear()
        self.edges.clear()
        self.transient.clear()
        self._contents.clear()
        self.badges.clear()
        self.layout = None
        self.clear()
        self._make_fixed_items()

    def drop_transient(self) -> None:
        for item in self.transient:
            self.removeItem(item)
        self.transient.clear()

    def _park_card(self, key: ItemKey) -> None:
        """Take a card off the canvas: kept hidden while its item exists (folded
        away, or outside the presented branch), so unfolding is cheap; else removed."""
        item = self.cards.pop(key, None)
        if item is None:
            return
        if self._shows(key):
            item.setVisible(False)
            self._spare[key] = item
        else:
            self.removeItem(item)

    def _shows(self, key: ItemKey) -> bool:
        """Whether ``key`` still names a card: an objective, or a unit with none."""
        data = self.data
        if key[0] == "objective":
            return key[1] in data.objectives
        return key[1] in data.units and not data.objectives_of(key[1])

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
        dirty: set[ItemKey] = set()
        for row in event.change.rows:
            if row.table in ("unit", "person"):
                self._contents.clear()  # names, levels and owners show on many cards
                structural = True
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
        for key in dirty:
            self._contents.pop(key, None)
        if structural or not self._refresh_cards(dirty):
            self.rebuild()

    def _refresh_cards(self, dirty: set[ItemKey]) -> bool:
        """Update changed cards in place; False when a size or a row moved (relayout)."""
        updates: list[tuple[CardItem, CardContent]] = []
        for key in dirty:
            item = self.cards.get(key)
            if item is None:
                if self.layout is not None and key in self.layout.boxes:
                    return False
                continue
            new = self.content(key)
            old = item.content
            if new.size != old.size or [r.y for r in new.rows] != [r.y for r in old.rows]:
                return False
            updates.append((item, new))
        for item, new in updates:
            item.set_content(new)
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
            self.rebuild()

    def rebuild(self) -> None:
        """Lay the tree out again and bring the item map in step with it."""
        if self.document is None:
            return
        self._tree = None
        self._parents = None
        layout = self._compute()
        self.layout = layout
        data = self.data
        selection = set(self.document.selection)
        for key in [k for k in self.cards if k not in layout.boxes]:
            self._park_card(key)
        for key, box in layout.boxes.items():
            content = self.content(key)
            item = self.cards.get(key)
            if item is None and key in self._spare:
                item = self._spare.pop(key)
                item.setVisible(self.detailed)
                self.cards[key] = item
            if item is None:
                item = CardItem(content, self.card_style)
                item.setVisible(self.detailed)
                self.addItem(item)
                self.cards[key] = item
            elif item.content is not content or item.style is not self.card_style:
                item.style = self.card_style
                item.set_content(content)
            item.setPos(box.x, box.y)
            kids = len(layout.children.get(key, ())) + layout.hidden.get(key, 0)
            item.children_count = kids if self.focus is None else 0
            item.hidden_count = layout.hidden.get(key, 0)
            item.badge = self.badges.get(key)
            self._apply_selection(item, selection, data)
        for key in [k for k in self._spare if not self._shows(k)]:
            self.removeItem(self._spare.pop(key))
        self._draw_edges()
        self._draw_overview()
        margin = 400 * self.card_style.scale
        self.setSceneRect(
            QRectF(-margin, -margin, layout.width + 2 * margin, layout.height + 2 * margin)
        )
        self.relaidOut.emit()

    def _compute(self) -> Layout:
        if self.focus is not None and self.focus in self._branch_keys():
            from ui.canvas.presentation import branch_layout

            return branch_layout(self, self.focus)
        self.focus = None
        return compute_layout(self.data, lambda k: self.content(k).size, collapsed=self.collapsed)

    def _branch_keys(self) -> set[ItemKey]:
        roots, kids = self.tree()
        return set(roots) | {c for v in kids.values() for c, _ in v}

    def _rows_filter(self, key: ItemKey) -> tuple[int, ...] | None:
        if self.focus is None:
            return None
        from ui.canvas.presentation import rows_for

        return rows_for(self, key)

    # ---- drawing helpers --------------------------------------------------------------
    def _draw_edges(self) -> None:
        draw_edges(self)

    def _draw_highlight(self) -> None:
        draw_highlight(self)

    def _draw_overview(self) -> None:
        if self.layout is None:
            return
        blocks = []
        for key, box in self.layout.boxes.items():
            content = self.content(key)
            blocks.append((QRectF(box.x, box.y, box.w, box.h), content.depth, content.placeholder))
        self.overview.set_blocks(blocks, self._selected_rects())

    def _selected_rects(self) -> list[QRectF]:
        out = []
        if self.document is None:
            return out
        for key in self.document.selection:
            node = self.node_of(key)
            item = self.cards.get(node) if node else None
            if item is not None:
                out.append(item.mapRectToScene(item.card_rect()))
        return out

    def set_detailed(self, detailed: bool) -> None:
        """Cards with text (zoomed in) or the block overview (zoomed out)."""
        if detailed == self.detailed:
            return
        self.detailed = detailed
        for item in self.cards.values():
            item.setVisible(detailed)
        for item in self.edges.values():
            item.setVisible(detailed)
        self.highlight_edges.setVisible(detailed)
        self.overview.setVisible(not detailed)

    # ---- selection ------------------------------------------------------------------------
    def _apply_selection(self, item: CardItem, selection: set, data: WorkshopData) -> None:
        key = item.key
        selected = key in selection or (key[0] == "unit" and ("unit", key[1]) in selection)
        rows = frozenset(r.kr_id for r in item.content.rows if ("key_result", r.kr_id) in selection)
        if selected != item.selected or rows != item.selected_rows:
            item.selected = selected
            item.selected_rows = rows
            item.update()

    def on_selection_changed(self, keys: tuple[ItemKey, ...]) -> None:
        selection = set(keys)
        for item in self.cards.values():
            self._apply_selection(item, selection, self.data)
        self._draw_highlight()
        self.overview.set_selected(self._selected_rects())

    # ---- findings ------------------------------------------------------------------------------
    def on_findings_changed(self, report: CoachReport) -> None:
        """The coach's report on the current snapshot: a badge on each card it names."""
        self.badges = badges_for(report.data, report.findings)
        for key, item in self.cards.items():
            badge = self.badges.get(key)
            if badge != item.badge:
                item.badge = badge
                item.update()
        self.findingsChanged.emit()

    # ---- theme ---------------------------------------------------------------------------------
    def _restyle(self, _theme: object = None) -> None:
        self.setBackgroundBrush(theme.current().background)
        weight = 2.0 if self.focus is not None else 1.0
        for item in (*self.edges.values(), self.highlight_edges):
            item.restyle(weight)
        self.overview.update()
        for item in self.cards.values():
            item.update()

    def set_review(self, on: bool) -> None:
        """Review mode: scores, progress bars and decisions on the cards."""
        self.review = on
        self.set_style(self.card_style)
        self.rebuild()

    def show_branch(self, node: ItemKey | None) -> None:
        """Show only ``node``'s branch (presentation), or the whole tree for None, drawn
        afresh."""
        self.focus = node
        self._contents.clear()
        self.rebuild()

    def set_style(self, style: CardStyle) -> None:
        style = replace(style, review=self.review)  # presentation keeps review mode
        if style != self.card_style:
            self.card_style = style
            self._contents.clear()
            for key in list(self.edges):  # connectors are made again in the new weight
                self.removeItem(self.edges.pop(key))
            self.highlight_edges.restyle(2.0 if style.bold_contrast else 1.0)
