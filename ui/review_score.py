"""How a score looks in the app: always the number beside its colour.

Every view that shows a score (the cards in review mode, the outline, the inspector,
the check-in dialog) takes its words and colours from here, and its number from
:mod:`okr_studio.scores`, so a key result has the same score everywhere and a
colour-blind reader loses nothing: the colour is never alone.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QTreeWidgetItem, QWidget

from okr_studio.data import WorkshopData
from okr_studio.events import RowChange
from okr_studio.keys import ItemKey
from okr_studio.scores import Band, Score, key_result_score, objective_score

#: The ink of a chip: dark on the band's light tint, readable in both themes.
CHIP_INK = "#1b1b1f"
#: The colour of "no score" (a ring, never a filled colour).
NONE_TONE = "#8a8d96"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Score", text)


def _escape(text: str) -> str:
    """Plain text for a rich-text label: &, < and > as entities (xml.sax.saxutils would
    bring urllib, http and ssl along, a slow import on the way to the first paint)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def band_word(band: Band | None) -> str:
    """The colour as a word, translated ("red", "yellow", "green"; "no score")."""
    if band is None:
        return _tr("no score")
    return {Band.RED: _tr("red"), Band.YELLOW: _tr("yellow"), Band.GREEN: _tr("green")}[band]


def score_label(score: Score) -> str:
    """The number and the colour word: "0.45 yellow" ("0,45 yellow" in German)."""
    if score.value is None:
        return _tr("no score")
    return _tr("{score} {colour}").format(score=score.text, colour=band_word(score.band))


def tone(band: Band | None) -> QColor:
    return QColor(band.tone if band is not None else NONE_TONE)


def tint(band: Band | None) -> QColor:
    return QColor(band.tint if band is not None else "#eeeeee")


@lru_cache(maxsize=8)
def _icon(band: Band | None, size: int) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(1.5, 1.5, size - 3.0, size - 3.0)
    if band is None:
        painter.setPen(QPen(tone(None), 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(QPen(QColor("#ffffff"), 1.0))
        painter.setBrush(tone(band))
    painter.drawEllipse(rect)
    painter.end()
    return QIcon(pixmap)


def score_icon(score: Score, size: int = 16) -> QIcon:
    """A dot in the score's colour (a grey ring with no score), for lists and trees."""
    return _icon(score.band, size)


def chip_style(band: Band | None, *, scale: float = 1.0) -> str:
    """A style sheet for a label shown as a score chip."""
    border = tone(band).name()
    return (
        f"QLabel {{ background: {tint(band).name()}; color: {CHIP_INK}; "
        f"border: {max(2, round(2 * scale))}px solid {border}; "
        f"border-radius: {round(6 * scale)}px; padding: {round(2 * scale)}px "
        f"{round(8 * scale)}px; font-weight: bold; }}"
    )


class ScoreChip(QLabel):
    """A score as a chip: "● 0.45 yellow" on the band's tint, with its tone as border."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreChip")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)  # a narrow dock wraps the words, never cuts them
        self.score: Score | None = None
        #: The chip's words without markup (what a reader hears, what tests read).
        self.plain = ""

    def set_score(self, score: Score, suffix: str = "") -> None:
        """Show ``score``; ``suffix`` follows the colour word ("3 of 4 key results")."""
        self.score = score
        self.plain = score_label(score) + (f"  ·  {suffix}" if suffix else "")
        dot = f'<span style="color:{tone(score.band).name()}">●</span>'
        self.setText(f"{dot} {_escape(self.plain)}")
        self.setAccessibleName(self.plain)
        self.setStyleSheet(chip_style(score.band))
        self.setToolTip(score.reason)


# ---- the outline in review mode ---------------------------------------------------------
def item_score(data: WorkshopData, key: ItemKey) -> Score | None:
    """The score an objective or a key result shows (None for a unit)."""
    kind, item_id = key
    if kind == "objective" and item_id in data.objectives:
        return objective_score(data, item_id)
    if kind == "key_result" and item_id in data.key_results:
        return key_result_score(data, item_id)
    return None


def outline_text(
    data: WorkshopData, key: ItemKey, item: QTreeWidgetItem, text: str, tip: str, review: bool
) -> tuple[str, str]:
    """An outline row's text and tooltip, with its score in front in review mode (the
    dot's colour and the number); without review mode the row is left as it was."""
    score = item_score(data, key) if review else None
    if score is None:
        if not item.icon(0).isNull():
            item.setIcon(0, QIcon())
        return text, tip
    item.setIcon(0, score_icon(score))
    said = score_label(score) if score.value is not None else score.reason
    return f"{score.text}   {text}", _tr("{tip}\nScore: {score}").format(tip=tip, score=said)


def scored_items(data: WorkshopData, row: RowChange) -> list[ItemKey]:
    """The outline rows whose score a changed check-in or key result row moves."""
    if row.table not in ("check_in", "key_result"):
        return []
    out: list[ItemKey] = []
    for values in (row.before, row.after):
        if values is None:
            continue
        kr_id = row.id if row.table == "key_result" else values["key_result_id"]
        kr = data.key_results.get(kr_id)
        if kr is not None:
            out += [("key_result", kr.id), ("objective", kr.objective_id)]
    return out
