"""Breakouts on the canvas and in the inspector: what is locked, what is out.

In a breakout file the cards (and outline rows) outside the group's branch are
greyed, and their tooltip says why they cannot be changed; the inspector shows the same reason and
leaves their fields read-only. In the main workshop, a card of a branch that is
out in a breakout not merged back carries a tag naming the group ("Out: Payments"):
it can still be edited here, and the merge will show where both sides changed it.
The rule itself is the core's (:mod:`okr_studio.breakouts.guard`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ui import theme

if TYPE_CHECKING:
    from okr_studio.breakouts.guard import BreakoutView
    from okr_studio.data import WorkshopData
    from ui.canvas.items import CardItem
    from ui.canvas.scene import CanvasScene

_views: dict[int, tuple[WorkshopData, BreakoutView | None]] = {}
#: How much of a locked card shows (its text must stay readable from the back).
LOCKED_OPACITY = 0.55


def _tr(text: str) -> str:
    return QCoreApplication.translate("Breakouts", text)


def breakout_view(data: WorkshopData) -> BreakoutView | None:
    """The breakout view of a snapshot, computed once per snapshot."""
    found = _views.get(id(data))
    if found is not None and found[0] is data:
        return found[1]
    from okr_studio.breakouts.guard import view_of

    view = view_of(data)
    _views.clear()  # one snapshot at a time is enough
    _views[id(data)] = (data, view)
    return view


def lock_reason(data: WorkshopData, kind: str, item_id: int | None) -> str:
    """Why the item cannot be edited in this file ("" when it can, or not a breakout)."""
    view = breakout_view(data)
    if view is None:
        return ""
    return view.reason(data, kind, item_id)


def outline_lock(data: WorkshopData, kind: str, item_id: int, tip: str) -> tuple[str, bool]:
    """An outline row's tooltip with the reason its item is locked in a breakout file, and
    whether it is (the row is then greyed, as its card)."""
    reason = lock_reason(data, kind, item_id)
    return (f"{tip}\n🔒 {reason}".strip(), True) if reason else (tip, False)


class OutTag(QGraphicsItem):
    """A small label above a card: the group its branch is out with."""

    def __init__(self, text: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.text = text
        self.font = QFont()
        self.font.setPointSizeF(12.0)
        self.font.setBold(True)
        width = QFontMetricsF(self.font).horizontalAdvance(text)
        self.rect = QRectF(0.0, -30.0, width + 20.0, 26.0)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-1.0, -1.0, 1.0, 1.0)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        t = theme.current()
        pen = QPen(t.warning.darker(150))
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.setBrush(t.warning)
        painter.drawRoundedRect(self.rect, 7.0, 7.0)
        painter.setFont(self.font)
        painter.setPen(QColor(20, 20, 20))  # dark on the warning colour, in either theme
        painter.drawText(self.rect, int(Qt.AlignmentFlag.AlignCenter), self.text)


def tag_of(card: QGraphicsItem) -> OutTag | None:
    """The card's tag of the breakout its branch is out with (None: not out)."""
    return next((c for c in card.childItems() if isinstance(c, OutTag)), None)


def _unit_of(data: WorkshopData, key: tuple[str, int]) -> int | None:
    kind, item_id = key
    if kind == "objective" and item_id in data.objectives:
        return data.objectives[item_id].unit_id
    if kind == "unit" and item_id in data.units:
        return item_id
    return None


def mark(scene: CanvasScene, cards: list[CardItem] | None = None) -> None:
    """Grey the locked cards (a breakout file) or tag the branches out (the main file);
    ``cards`` only these (new items), else every card with an item."""
    document = scene.document
    if document is None:
        return
    data = document.data
    view = breakout_view(data)
    out: dict[int, str] = {}
    if view is None and data.breakouts:
        from okr_studio.breakouts.guard import out_units

        out = {unit: record.name for unit, record in out_units(data).items()}
    for card in cards if cards is not None else list(scene.cards.made.values()):
        _mark_card(card, data, card.key, view, out)


def _mark_card(
    card: CardItem,
    data: WorkshopData,
    key: tuple[str, int],
    view: BreakoutView | None,
    out: dict[int, str],
) -> None:
    reason = view.reason(data, key[0], key[1]) if view is not None else ""
    card.setOpacity(LOCKED_OPACITY if reason else 1.0)  # greyed, still readable
    card.setToolTip(reason)
    unit = _unit_of(data, key)
    group = out.get(unit) if unit is not None else None
    tag = tag_of(card)
    text = _tr("Out: {group}").format(group=group) if group else ""
    if tag is not None and tag.text != text:
        scene = tag.scene()
        if scene is not None:
            scene.removeItem(tag)  # the card's child: it goes with it otherwise
        tag = None
    if text and tag is None:
        OutTag(text, card)
        card.setToolTip(_tr("This branch is out in the breakout “{group}”; changes made here "
                            "too are shown as conflicts when it is merged back.").format(
                                group=group))  # fmt: skip
