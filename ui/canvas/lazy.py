"""Items on demand: a card gets its Qt item when it comes into view.

A tree of ten thousand cards is laid out whole (sizes from
:mod:`ui.canvas.geometry`), drawn whole as the overview's blocks, but only the
part in the window needs items. :class:`CardMap` stands for every card of the
layout (``scene.cards[key]`` makes the item if it is not there yet);
:meth:`SceneItems.show_area` makes those of an area, and
:meth:`SceneItems.sync_layout` moves only what a relayout moved. Items far from
the window are let go when too many have been made. Connectors are drawn behind
the cards by :mod:`ui.canvas.edge_layer`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from functools import partial
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QRect, QRectF, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsScene

from okr_studio.keys import ItemKey
from ui.canvas.card_cache import Filler
from ui.canvas.connectors import Ends, overview_parts
from ui.canvas.edge_layer import EdgeLayer, EdgeMap, Pair
from ui.canvas.geometry import CardGeometry, Shaper
from ui.canvas.grid import Grid, GridBuilder
from ui.canvas.items import Badge, CardItem

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.layout import Box, Layout
    from ui.canvas.measure import CardContent, CardStyle
    from ui.canvas.overview import OverviewItem

#: Made items kept before those far from the window are let go.
MAX_CARDS = 1500
#: After the first frame of a tree, when its cards and connectors are indexed by place.
INDEX_DELAY_MS = 50
#: How long one slice of that indexing may hold the event loop (seconds).
INDEX_SLICE_S = 0.008


class CardMap(Mapping[ItemKey, CardItem]):
    """Every card of the layout, by key; an item is made when one is asked for."""

    def __init__(self, scene: SceneItems) -> None:
        self._scene = scene
        #: The cards that have an item now.
        self.made: dict[ItemKey, CardItem] = {}

    def __getitem__(self, key: ItemKey) -> CardItem:
        item = self.made.get(key)
        return item if item is not None else self._scene.make_card(key)

    def __contains__(self, key: object) -> bool:
        layout = self._scene.layout
        return layout is not None and key in layout.boxes

    def __iter__(self) -> Iterator[ItemKey]:
        layout = self._scene.layout
        return iter(layout.boxes if layout is not None else ())

    def __len__(self) -> int:
        layout = self._scene.layout
        return len(layout.boxes) if layout is not None else 0


class SceneItems(QGraphicsScene):
    """The canvas scene's items on demand (a part of :class:`~ui.canvas.scene.CanvasScene`)."""

    #: New card items were made (the argument lists them): notes and marks follow.
    cardsMade = Signal(object)

    layout: Layout | None
    card_style: CardStyle
    detailed: bool
    focus: ItemKey | None
    open_initiatives: set[int]
    badges: dict[ItemKey, Badge]
    overview: OverviewItem
    if TYPE_CHECKING:

        @property
        def data(self) -> WorkshopData: ...
        def content(self, key: ItemKey) -> CardContent: ...
        def _rows_filter(self, key: ItemKey) -> tuple[int, ...] | None: ...
        def _apply_selection(self, item: CardItem, selection: set) -> None: ...
        def _selection(self) -> set: ...

    def init_items(self) -> None:
        self.cards = CardMap(self)
        self.connectors = EdgeLayer()
        self.pictures = Filler()
        #: Where the cards are: made when first asked (see :meth:`card_grid`).
        self._card_grid: Grid | None = None
        #: The grids are made a moment after a large tree is first shown.
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.timeout.connect(self._index_step)
        self._indexing: list[GridBuilder] = []  # the indexes being made, a slice at a time
        self._geometry: dict[ItemKey, CardGeometry] = {}
        self._shaper: Shaper | None = None
        self._shown = QRectF()

    def forget_items(self) -> None:
        """Empty the maps (before the scene deletes every item)."""
        self.cards.made.clear()
        self.connectors.clear()
        self.pictures.clear()
        self._card_grid = None
        self._indexing = []
        self._geometry.clear()
        self._shaper = None
        self._shown = QRectF()

    # ---- geometry ---------------------------------------------------------------------
    def geometry(self, key: ItemKey) -> CardGeometry:
        found = self._geometry.get(key)
        if found is None:
            shaper = self._current_shaper()
            found = self._geometry[key] = shaper.shape(key, self._rows_filter(key))
        return found

    def measure(self, key: ItemKey) -> tuple[float, float]:
        """A card's size, for the layout (its geometry is made when first asked for)."""
        found = self._geometry.get(key)
        if found is not None:
            return found.size
        return self._current_shaper().size(key, self._rows_filter(key))

    def _current_shaper(self) -> Shaper:
        shaper = self._shaper
        opened = self.open_initiatives
        if (
            shaper is None
            or shaper.data is not self.data
            or shaper.style != self.card_style
            or shaper.opened is not opened
        ):
            shaper = self._shaper = Shaper(self.data, self.card_style, opened)
        return shaper

    def forget_geometry(self, keys: set[ItemKey] | None = None) -> None:
        if keys is None:
            self._geometry.clear()
        else:
            for key in keys:
                self._geometry.pop(key, None)

    # ---- where things are ---------------------------------------------------------------
    def _index_step(self) -> None:
        """Index the cards by place, a slice at a time (a large tree takes a few hundred
        milliseconds: input is handled between the slices)."""
        layout = self.layout
        jobs = [j for j in self._indexing if j.source is layout]
        if layout is None or self._card_grid is not None:
            jobs = []
        elif not jobs:
            jobs = [self._index_job(layout)]
        self._indexing = jobs
        if not jobs:
            return
        job = jobs[0]
        if job.step(INDEX_SLICE_S):
            jobs.pop(0)
            self._card_grid = job.grid
        if jobs:
            self._index_timer.start(0)

    def _index_job(self, layout: Layout) -> GridBuilder:
        """An index of the cards of ``layout``, to fill a slice at a time."""
        m = self.card_style.px(14)
        boxes = list(layout.boxes.items())
        extents = ((k, (b.x - m, b.y - m, b.x + b.w + m, b.y + b.h + m)) for k, b in boxes)
        return GridBuilder(extents, layout)

    def _cards_in(self, area: QRectF) -> list[ItemKey]:
        """The cards whose area touches ``area``: from the grid, or (not made yet, so the
        first frame does not wait for it) by looking at each box."""
        if self._card_grid is not None or self.layout is None:
            return cast(list[ItemKey], self.card_grid().within(area))
        if not self._index_timer.isActive():
            self._index_timer.start(INDEX_DELAY_MS)
        m = self.card_style.px(14)
        left, top = area.left() - m, area.top() - m
        right, bottom = area.right() + m, area.bottom() + m
        return [
            k
            for k, b in self.layout.boxes.items()
            if b.x <= right and b.x + b.w >= left and b.y <= bottom and b.y + b.h >= top
        ]

    def card_grid(self) -> Grid:
        """The cards (with the marks round them) by where they are."""
        if self._card_grid is None:
            grid = self._card_grid = Grid()
            if self.layout is not None:
                m = self.card_style.px(14)
                grid.fill(
                    (k, (b.x - m, b.y - m, b.x + b.w + m, b.y + b.h + m))
                    for k, b in self.layout.boxes.items()
                )
        return self._card_grid

    # ---- making items -----------------------------------------------------------------
    def make_card(self, key: ItemKey, announce: bool = True) -> CardItem:
        layout = self.layout
        if layout is None or key not in layout.boxes:
            raise KeyError(key)
        box = layout.boxes[key]
        item = CardItem(self.geometry(key), self.card_style, partial(self.content, key))
        item.pictures = self.pictures
        item.setPos(box.x, box.y)
        item.setVisible(self.detailed)
        self._card_state(item, layout)
        self._apply_selection(item, self._selection())
        self.addItem(item)
        self.cards.made[key] = item
        if announce:
            self.cardsMade.emit([item])
        return item

    def _card_state(self, item: CardItem, layout: Layout) -> None:
        key = item.key
        kids = len(layout.children.get(key, ())) + layout.hidden.get(key, 0)
        count = kids if self.focus is None else 0
        hidden = layout.hidden.get(key, 0)
        badge = self.badges.get(key)
        if (item.children_count, item.hidden_count, item.badge) != (count, hidden, badge):
            item.children_count, item.hidden_count, item.badge = count, hidden, badge
            item.update()

    @property
    def edges(self) -> EdgeMap:
        """Every connector, by (parent card, child card)."""
        return self.connectors.map

    @property
    def ends(self) -> dict[Pair, Ends]:
        return self.connectors.ends

    def show_area(self, rect: QRectF) -> None:
        """Make the items of the cards and connectors in ``rect`` (and a margin round it)."""
        if not self.detailed or self.layout is None or self._shown.contains(rect):
            return
        mx, my = rect.width() / 4, rect.height() / 4
        area = rect.adjusted(-mx, -my, mx, my)
        self._shown = area
        made = self.cards.made
        new = []
        for key in self._cards_in(area):
            if key not in made:
                new.append(self.make_card(key, announce=False))
        if new:
            self.cardsMade.emit(new)
        if len(made) > MAX_CARDS:
            self._let_go(area)

    def _let_go(self, area: QRectF) -> None:
        """Remove the items far from ``area`` (never a selected card)."""
        keep = area.adjusted(-area.width(), -area.height(), area.width(), area.height())
        near = set(self.card_grid().within(keep))
        chosen = self._selection()
        for key in [k for k, i in self.cards.made.items() if k not in near and not i.selected]:
            if key not in chosen:
                self._drop_card(key)

    def _drop_card(self, key: ItemKey) -> None:
        item = self.cards.made.pop(key, None)
        if item is not None:
            self.pictures.forget(item)
            self.removeItem(item)

    # ---- a new layout ------------------------------------------------------------------
    def sync_layout(
        self, old: Layout | None, new: Layout, reshaped: AbstractSet[ItemKey] | None = None
    ) -> None:
        """Bring the items and indexes in step with ``new``: only what moved is touched;
        ``reshaped`` the cards whose size or rows changed (None: any may have)."""
        delta = new.delta if old is not None and reshaped is not None else None
        if delta is not None:
            moved = set(delta.moved | delta.added)
            self._move_cards(new, delta.removed, moved)
            badges = delta.children
        else:
            moved = self._compare_cards(old, new, reshaped)
            badges = None
        made = self.cards.made
        for key in made.keys() if reshaped is None else reshaped & made.keys():
            item = made[key]
            item.style = self.card_style
            item.set_geometry(self.geometry(key))  # its text is made again
        for key in made.keys() if badges is None else (badges | moved) & made.keys():
            self._card_state(made[key], new)
        touched = None if reshaped is None else moved | reshaped
        if delta is not None and touched is not None:
            edges = delta.edges
            changed = self.connectors.patch(new, self.geometry, self.card_style, touched, edges)
        else:
            changed = self.connectors.sync(new, self.geometry, self.card_style, touched)
        self._repaint_background(changed)
        self._shown = QRectF()
        self.overview.set_source(partial(overview_parts, self.data, new, self.ends), _bounds(new))
        m = 400 * self.card_style.scale
        self.setSceneRect(QRectF(-m, -m, new.width + 2 * m, new.height + 2 * m))

    def _move_cards(self, new: Layout, removed: AbstractSet[ItemKey], moved: set[ItemKey]) -> None:
        """The cards a relayout removed and moved (``Layout.delta``), and nothing else."""
        margin = self.card_style.px(14)
        grid, made = self._card_grid, self.cards.made
        for key in removed:
            if grid is not None:
                grid.drop(key)
            self._drop_card(key)
        for key in moved:
            box = new.boxes[key]
            if grid is not None:
                grid.put(key, _card_extent(box, margin))
            item = made.get(key)
            if item is not None:
                item.setPos(box.x, box.y)

    def _compare_cards(
        self, old: Layout | None, new: Layout, reshaped: AbstractSet[ItemKey] | None
    ) -> set[ItemKey]:
        """The cards whose box changed, found by looking at every one (a layout made
        whole); returns them."""
        margin = self.card_style.px(14)
        old_boxes = old.boxes if old is not None and reshaped is not None else {}
        grid = self._card_grid if old_boxes else None
        self._card_grid = grid
        made = self.cards.made
        gone = old.boxes.keys() - new.boxes.keys() if old is not None else set()
        for key in gone | (made.keys() - new.boxes.keys()):
            if grid is not None:
                grid.drop(key)
            self._drop_card(key)
        moved: set[ItemKey] = set()
        for key, box in new.boxes.items():
            if old_boxes.get(key) == box:
                continue
            moved.add(key)
            if grid is not None:
                grid.put(key, _card_extent(box, margin))
            item = made.get(key)
            if item is not None:
                item.setPos(box.x, box.y)
        return moved

    def _repaint_background(self, changed: list[tuple[float, float, float, float]] | None) -> None:
        """The views draw the connectors again where they changed (None: everywhere)."""
        layer = QGraphicsScene.SceneLayer.BackgroundLayer
        if changed is None or len(changed) > 200:
            self.invalidate(QRectF(), layer)
            return
        for x0, y0, x1, y1 in changed:
            self.invalidate(QRectF(x0, y0, x1 - x0, y1 - y0), layer)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawBackground(painter, rect)
        if self.detailed and self.layout is not None:
            self.connectors.paint(painter, QRectF(rect))

    def cards_at(self, x: float, y: float) -> list[ItemKey]:
        """The cards whose area (with the marks round them) holds a scene point."""
        return cast(list[ItemKey], self.card_grid().at(x, y))

    def set_items_visible(self, visible: bool) -> None:
        for item in self.cards.made.values():
            item.setVisible(visible)
        self._shown = QRectF()
        self._repaint_background(None)


def _card_extent(box: Box, margin: float) -> tuple[float, float, float, float]:
    return (box.x - margin, box.y - margin, box.right + margin, box.bottom + margin)


def _bounds(layout: Layout) -> QRectF:
    return QRectF(0, 0, max(layout.width, 1.0), max(layout.height, 1.0))
