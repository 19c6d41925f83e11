"""Rename in place: F2 or a double-click puts a line editor over the title.

Enter commits through :func:`ui.operations.rename` (one undoable step), Esc
cancels, and clicking elsewhere commits. For an item just added from the
keyboard the add and its title make ONE undo step ("Add key result"), and Esc
(or an empty title) takes the new item away again. The editor is a child of the view's
viewport, placed over the card's title (or the key result's row) and sized to
the current zoom. While a new key result is typed, chips under the editor show
what the line says (:mod:`ui.entry_chips`); a chip clicked away is not read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit

from okr_studio.keys import ItemKey
from ui.canvas.measure import font

if TYPE_CHECKING:
    from okr_studio.entry import EntryContext
    from ui.canvas.view import CanvasView
    from ui.document import Document
    from ui.entry_chips import EntryChips


class _Line(QLineEdit):
    def __init__(self, owner: InlineEditor) -> None:
        super().__init__(owner.view.viewport())
        self.owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.owner.commit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.owner.cancel()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.owner.commit()


class InlineEditor(QObject):
    """One line editor shared by every card of a view."""

    def __init__(self, view: CanvasView) -> None:
        super().__init__(view)
        self.view = view
        self.key: ItemKey | None = None
        #: Makes the just-added item again with its title (a key result's also takes
        #: ``without``: the parts of the line the chips took back).
        self._recreate: Callable[..., object] | None = None
        self._added_at = -1
        self.line = _Line(self)
        self.line.hide()
        self.line.setAccessibleName(self.tr("Title"))
        # The chips (and the line reader behind them) are made when first shown: the
        # canvas is painted without them (start-up time).
        self._chips: EntryChips | None = None
        self._chips_on = False
        self.line.textEdited.connect(self._typed)

    @property
    def chips(self) -> EntryChips:
        """The chips under a new key result's line (made on first use)."""
        if self._chips is None:
            from ui.entry_chips import EntryChips

            self._chips = EntryChips(self.view.viewport())
            self._chips.context_of = self._entry_context
        return self._chips

    @property
    def active(self) -> bool:
        return self.key is not None

    def _text_of(self, doc: Document, key: ItemKey) -> str | None:
        data = doc.data
        kind, item_id = key
        if kind == "objective" and item_id in data.objectives:
            return data.objectives[item_id].title
        if kind == "key_result" and item_id in data.key_results:
            return data.key_results[item_id].title
        if kind == "unit" and item_id in data.units:
            return data.units[item_id].name
        return None

    def _entry_context(self) -> EntryContext:
        """How the line is read: in the shown workshop, on the document's day."""
        from okr_studio.data import WorkshopData
        from ui.entry_chips import entry_context

        doc = self.view.document
        if doc is None:
            return entry_context(WorkshopData())
        return entry_context(doc.data, doc.clock())

    def start(self, key: ItemKey, recreate: Callable[..., object] | None = None) -> bool:
        """Edit ``key``'s title in place.

        ``recreate(title)`` marks a just-added item: on commit the add is undone and
        made again with the title, so the two are one undo step.
        """
        self._recreate = None
        doc = self.view.document
        if doc is None or doc.read_only:
            return False
        text = self._text_of(doc, key)
        if text is None:
            return False
        self.view.ensure_visible(key)
        self.key = key
        self.line.setText(text)
        self.line.selectAll()
        if not self.reposition():
            self.key = None
            return False
        self.line.show()
        self.line.setFocus(Qt.FocusReason.OtherFocusReason)
        if recreate is not None:
            self._recreate = recreate
            self._added_at = doc.undo_stack.index()
        if self._chips is not None:
            self._chips.reset()
        self._chips_on = recreate is not None and key[0] == "key_result"
        if self._chips_on:
            self.chips.attach(self.line)
        return True

    def _typed(self, text: str) -> None:
        """A new key result's line changed: show what it says under the editor."""
        if self._chips_on:
            self.chips.read(text)
            self.chips.place_under(self.line.geometry())

    def _fresh(self, key: ItemKey) -> bool:
        """The item was just added and its add is still the last undo step."""
        if self._recreate is None or self.view.document is None:
            return False
        stack = self.view.document.undo_stack
        if stack.index() != self._added_at or stack.count() != self._added_at:
            return False
        change = getattr(stack.command(stack.index() - 1), "change", None)
        return change is not None and change.subject == key

    def _scene_rect(self) -> tuple[QRectF, int] | None:
        if self.key is None:
            return None
        scene = self.view.canvas_scene
        node = scene.node_of(self.key)
        item = scene.cards.get(node) if node else None
        if item is None:
            return None
        style = item.style
        if self.key[0] == "key_result":
            row = item.content.row(self.key[1])
            if row is None:
                return None
            rect = QRectF(
                style.pad,
                row.y + style.row_gap / 2,
                item.content.width - 2 * style.pad,
                row.h - style.row_gap,
            )
            px = style.row_px
        else:
            rect = item.title_rect()
            px = style.title_px
        return item.mapRectToScene(rect), px

    def reposition(self) -> bool:
        """Follow the card after a zoom, a scroll or a relayout; False if it is gone."""
        if self.key is None:
            return False
        found = self._scene_rect()
        if found is None:
            self.cancel()
            return False
        rect, px = found
        scale = self.view.scale_factor()
        f = font(max(11, round(px * scale)), self.key[0] != "key_result")
        self.line.setFont(f)
        view_rect = self.view.mapFromScene(rect).boundingRect()
        height = max(view_rect.height(), self.line.sizeHint().height())
        view_rect.setHeight(min(height, self.line.fontMetrics().height() + 12))
        view_rect.setWidth(max(view_rect.width(), 160))
        self.line.setGeometry(view_rect)
        if self._chips is not None and self._chips.isVisible():
            self._chips.place_under(view_rect)
        return True

    def commit(self) -> None:
        key = self.key
        if key is None:
            return
        text = self.line.text()
        recreate = self._recreate if self._fresh(key) else None
        removed = self.chips.removed if self._chips_on else frozenset()
        self._close()
        doc = self.view.document
        if doc is None:
            return
        if recreate is None:
            from ui import operations  # (with the services: loaded by the first edit)

            operations.rename(doc, key, text.strip() or text, self.view)
            return
        doc.undo()  # the empty item goes…
        if text.strip() and removed:  # …and comes back with its title, in one step
            recreate(text.strip(), without=removed)
        elif text.strip():
            recreate(text.strip())

    def cancel(self) -> None:
        key = self.key
        if key is None:
            return
        fresh = self._fresh(key)
        self._close()
        if fresh and self.view.document is not None:
            self.view.document.take_back()

    def _close(self) -> None:
        self.key = None
        self._recreate = None
        self._chips_on = False
        if self._chips is not None:
            self._chips.reset()
        had_focus = self.line.hasFocus()
        self.line.hide()
        if had_focus:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
