"""A key result's initiatives on its card: "▸ 3 initiatives", and the list when opened.

Collapsed by default: a key result with initiatives gets one line under its numbers
saying how many, after a triangle. A click on that line, Ctrl+Shift+I or the context
menu opens it, and each initiative gets a line of its own: its state, then its title
("Done · One-tap wallets"), the state first so a long title is elided, never the state.
The scene keeps which key results are open (``CanvasScene.open_initiatives``); a card
is measured again when one of its key results opens or closes, as its size changes.

This module measures (:func:`initiative_lines`) and paints (:func:`paint_initiatives`);
the card (:mod:`ui.canvas.measure`, :mod:`ui.canvas.items`) only makes room and calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPolygonF

from okr_studio.data import InitiativeData, KeyResultData, WorkshopData
from ui.canvas.measure import CardStyle, font, metrics, wrap

if TYPE_CHECKING:
    from ui.canvas.base import CanvasBase
    from ui.canvas.measure import RowContent


def _tr(text: str) -> str:
    return QCoreApplication.translate("CardInitiatives", text)


def state_word(state: str) -> str:
    return {
        "planned": _tr("Planned"),
        "in_progress": _tr("In progress"),
        "done": _tr("Done"),
        "stopped": _tr("Stopped"),
    }.get(state, "")


@dataclass(frozen=True)
class InitiativeLines:
    """What a key result row shows of its initiatives (inside the card, scene units)."""

    count: int
    opened: bool
    #: "3 initiatives", after the triangle.
    label: str
    #: Each initiative's wrapped lines when opened, else none.
    items: tuple[tuple[str, ...], ...]
    #: Top of the "3 initiatives" line inside the card, and the height of each line.
    y: float
    line_h: float

    @property
    def lines(self) -> tuple[str, ...]:
        """Each listed initiative as one text ("Done · One-tap wallets")."""
        return tuple(" ".join(item) for item in self.items)

    @property
    def height(self) -> float:
        """Room the row gives them (a little space above, then the lines)."""
        return lines_height(self.line_h, [len(item) for item in self.items])

    def on_label(self, y: float) -> bool:
        """Whether a point at ``y`` (inside the card) is on the "3 initiatives" line."""
        return self.y <= y < self.y + self.line_h * 1.25


def lines_height(line_h: float, item_lines: list[int]) -> float:
    """Room for the count's line and each listed initiative's lines, a little space above."""
    count = 1 + sum(item_lines)
    return line_h * count + line_h / 4


def item_text(ini: InitiativeData) -> str:
    """An initiative as its line says it: "Done · One-tap wallets"."""
    title = ini.title.strip() or _tr("Untitled initiative")
    state = state_word(ini.state)
    return _tr("{state} · {title}").format(state=state, title=title) if state else title


def initiative_lines(
    data: WorkshopData, kr: KeyResultData, s: CardStyle, y: float, width: float, opened: bool
) -> InitiativeLines | None:
    """The initiatives of ``kr`` as its row shows them from ``y`` down; None without any.
    Each takes at most two lines on a card (then elided), three in presentation."""
    found = data.initiatives_of(kr.id)
    if not found:
        return None
    count = len(found)
    label = _tr("1 initiative") if count == 1 else _tr("{count} initiatives").format(count=count)
    items: list[tuple[str, ...]] = []
    if opened:
        inner = width - s.px(12)
        most = max(2, s.detail_lines)
        for ini in found:
            items.append(wrap(item_text(ini), s.detail_px, s.bold_contrast, inner, most))
    line_h = metrics(s.detail_px, s.bold_contrast).height()
    return InitiativeLines(count, opened, label, tuple(items), y + line_h / 4, line_h)


def row_part(row: RowContent, y: float) -> str:
    """The part of a key result row at ``y``: "initiatives" (its toggle line) or "row"."""
    ini = row.initiatives
    return "initiatives" if isinstance(ini, InitiativeLines) and ini.on_label(y) else "row"


def paint_initiatives(
    painter: QPainter, row: RowContent, s: CardStyle, x: float, ink: QColor, muted: QColor
) -> None:
    """Draw a row's initiatives at ``x`` (the left of its text): the triangle and count,
    then, opened, each initiative after a dot."""
    ini = row.initiatives
    if not isinstance(ini, InitiativeLines):
        return
    fm = metrics(s.detail_px, s.bold_contrast)
    painter.setFont(font(s.detail_px, True))
    size = fm.ascent() * 0.6
    top = ini.y + (fm.ascent() - size) / 2 + s.px(1)
    if ini.opened:  # ▾
        points = [QPointF(x, top), QPointF(x + size, top), QPointF(x + size / 2, top + size)]
    else:  # ▸
        points = [QPointF(x, top), QPointF(x + size * 0.85, top + size / 2), QPointF(x, top + size)]
    painter.setPen(muted)
    painter.setBrush(muted)
    painter.drawPolygon(QPolygonF(points))
    painter.drawText(QPointF(x + size + s.px(5), ini.y + fm.ascent()), ini.label)
    painter.setFont(font(s.detail_px, s.bold_contrast))
    y = ini.y + ini.line_h
    dot = s.px(1.75)
    for item in ini.items:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(muted)
        painter.drawEllipse(QPointF(x + size / 2, y + fm.ascent() * 0.6), dot, dot)
        painter.setPen(ink)
        for line in item:
            painter.drawText(QPointF(x + s.px(12), y + fm.ascent()), line)
            y += ini.line_h


def toggle_selected(view: CanvasBase) -> bool:
    """Ctrl+Shift+I: the selected key result's initiatives (every key result's, with an
    objective selected) listed on the card, or folded away; False when there are none."""
    doc = view.document
    key = doc.current if doc is not None else None
    if doc is None or key is None:
        return False
    if key[0] == "key_result":
        kr_ids = [key[1]]
    elif key[0] == "objective":
        kr_ids = [kr.id for kr in doc.data.key_results_of(key[1])]
    else:
        return False
    return view.canvas_scene.toggle_initiatives(kr_ids)


__all__ = [
    "InitiativeLines",
    "initiative_lines",
    "paint_initiatives",
    "row_part",
    "state_word",
    "toggle_selected",
]
