"""Presentation mode: the branch in focus, in large type, for the back of the room.

The branch is the chain of objectives from the top down to the card in focus
(each ancestor showing only the key result the chain hangs on), the focused
card with all its key results, and its children as compact cards. Everything
else is hidden. The arrow keys move the focus (Left: parent, Right: first
child, Up/Down: siblings); the view fits the branch but never lets a title
drop below :data:`MIN_TITLE_PX` pixels on screen. The card in focus is always whole
on screen when it can be: a tall one (its initiatives listed, check-ins in review
mode) is scaled down to fit, though its key results' text never drops below
:data:`MIN_FOCUS_ROW_PX`; a card taller still shows its top (its title) first, and
walking its key results (Right, then Up/Down) or Ctrl+arrows bring the rest in.
When the branch changes shape (the card in focus lists or folds its initiatives,
Ctrl+Shift+I), it is fitted again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSizeF

from okr_studio.keys import ItemKey
from okr_studio.layout import Box, Column, Edge, Layout

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from ui.canvas.measure import CardStyle
    from ui.canvas.scene import CanvasScene


#: Titles are drawn at least this many pixels tall in presentation mode.
MIN_TITLE_PX = 28.0
#: A card in focus too tall for the screen is scaled down, its key results' text to no
#: fewer pixels than this (titles a little larger): read from the back of a room.
MIN_FOCUS_ROW_PX = 16.0


def chain(scene: CanvasScene, focus: ItemKey) -> list[ItemKey]:
    """The focused card and its ancestors, top first."""
    out = [focus]
    parent = scene.parent_of(focus)
    while parent is not None and parent not in out:
        out.append(parent)
        parent = scene.parent_of(parent)
    out.reverse()
    return out


def _link(scene: CanvasScene, parent: ItemKey, child: ItemKey) -> int | None:
    for kid, kr_id in scene.tree()[1].get(parent, []):
        if kid == child:
            return kr_id
    return None


def rows_for(scene: CanvasScene, key: ItemKey) -> tuple[int, ...] | None:
    """Which key result rows a card lists in presentation mode (None: all)."""
    focus = scene.focus
    if focus is None or key == focus:
        return None
    line = chain(scene, focus)
    if key in line:
        nxt = line[line.index(key) + 1]
        kr = _link(scene, key, nxt)
        return (kr,) if kr is not None else ()
    return ()


def branch_layout(scene: CanvasScene, focus: ItemKey) -> Layout:
    """Positions of the branch in focus: the chain in a row, the children in a column."""
    style = scene.card_style
    gap = style.px(40)
    sibling_gap = style.px(16)
    line = chain(scene, focus)
    kids = scene.tree()[1].get(focus, [])
    boxes: dict[ItemKey, Box] = {}
    edges: list[Edge] = []
    columns: list[Column] = []
    data = scene.data
    x = 0.0
    for i, key in enumerate(line):
        w, h = scene.geometry(key).size
        boxes[key] = Box(key, x, -h / 2, w, h, i)
        columns.append(Column(i, x, w, _level(data, key)))
        if i:
            prev = line[i - 1]
            kr = _link(scene, prev, key)
            edges.append(Edge(prev, key, kr, "aligned" if kr is not None else "loose"))
        x += w + gap
    if kids:
        sizes = [scene.geometry(k).size for k, _ in kids]
        total = sum(h for _, h in sizes) + sibling_gap * (len(kids) - 1)
        y = -total / 2
        col = len(line)
        for (key, kr), (w, h) in zip(kids, sizes, strict=True):
            boxes[key] = Box(key, x, y, w, h, col)
            edges.append(Edge(focus, key, kr, "aligned" if kr is not None else "loose"))
            y += h + sibling_gap
        columns.append(Column(col, x, max(w for w, _ in sizes), _level(data, kids[0][0])))
        x += max(w for w, _ in sizes) + gap
    top = min(b.y for b in boxes.values())
    boxes = {k: Box(k, b.x, b.y - top, b.w, b.h, b.column) for k, b in boxes.items()}
    height = max(b.bottom for b in boxes.values())
    children: dict[ItemKey, tuple[ItemKey, ...]] = dict.fromkeys(boxes, ())
    children.update({line[i]: (line[i + 1],) for i in range(len(line) - 1)})
    children[focus] = tuple(k for k, _ in kids)
    return Layout(
        boxes=boxes,
        edges=tuple(edges),
        columns=tuple(columns),
        width=x - gap,
        height=height,
        hidden={},
        children=children,
        roots=(line[0],),
    )


def _level(data: WorkshopData, key: ItemKey) -> str:
    unit_id = data.objectives[key[1]].unit_id if key[0] == "objective" else key[1]
    unit = data.units.get(unit_id)
    return unit.level if unit else ""


def branch_rect(scene: CanvasScene):
    """The scene rectangle of the branch in focus (for fitting)."""
    rect = QRectF()
    for box in scene.layout.boxes.values() if scene.layout is not None else ():
        rect = rect.united(QRectF(box.x, box.y, box.w, box.h))
    return rect


def focus_scale(scale: float, card: QSizeF, room: QSizeF, style: CardStyle) -> float:
    """The zoom of the presented branch given the zoom ``scale`` fitted for it: smaller
    when the card in focus (of size ``card``) would not be whole in ``room`` at
    ``scale``, as small as it takes but not below :data:`MIN_FOCUS_ROW_PX`."""
    if card.isEmpty() or room.isEmpty():
        return scale
    fits = min(room.width() / card.width(), room.height() / card.height())
    if fits >= scale:
        return scale
    return min(scale, max(fits, MIN_FOCUS_ROW_PX / max(style.row_px, 1)))


def show_most(rect: QRectF, target: QRectF, seen: QSizeF) -> QPointF:
    """Where to centre a window of size ``seen`` so ``target`` is in it and as much of
    ``rect`` as fits: no empty margin beside the card in focus while its ancestors
    are cut off on the other side."""

    def axis(lo: float, hi: float, t_lo: float, t_hi: float, size: float) -> float:
        if hi - lo <= size:  # the whole branch fits this way: centre it
            return (lo + hi) / 2
        centre = (t_lo + t_hi) / 2
        centre = min(centre, hi - size / 2)  # no blank after the branch's end…
        centre = max(centre, lo + size / 2)  # …nor before its start
        if t_hi - t_lo <= size:  # the card in focus stays whole
            centre = max(min(centre, t_lo + size / 2), t_hi - size / 2)
        else:  # too big to be whole: its start (its title) in sight
            centre = t_lo + size / 2
        return centre

    return QPointF(
        axis(rect.left(), rect.right(), target.left(), target.right(), seen.width()),
        axis(rect.top(), rect.bottom(), target.top(), target.bottom(), seen.height()),
    )
