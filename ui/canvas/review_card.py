"""Review mode on the cards: scores, progress bars and the review's decision.

With :attr:`CardStyle.review <ui.canvas.measure.CardStyle>` set, an objective's card
gets a line under its owner and status: its score as a chip (the number on the colour
of its band, never the colour alone), how many key results count, the decision for
the next cycle and last cycle's score when the objective was carried over. Each key
result row shows its latest actual value instead of its owner, its score as a chip at
the right, and a progress bar from the baseline (empty) to the target (full). A key
result that other objectives support also says their mean score ("teams 0.55").

The numbers come from :mod:`okr_studio.scores`, the same function the outline, the
inspector, the review sheets and ``okr-studio progress`` use. This module measures
(:func:`card_review`, :func:`review_detail`) and paints (:func:`paint_review`); the
card (:mod:`ui.canvas.measure`, :mod:`ui.canvas.items`) only makes room and calls it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from okr_studio.data import KeyResultData, WorkshopData
from okr_studio.events import RowChange
from okr_studio.keys import ItemKey
from okr_studio.numbers import format_number
from okr_studio.scores import (
    Band,
    Score,
    aligned_score,
    key_result_score,
    objective_score,
)
from okr_studio.vocab import Decision
from ui.canvas.initiative_lines import InitiativeLines
from ui.canvas.measure import CardContent, CardStyle, font, kr_numbers, metrics
from ui.review_score import CHIP_INK, band_word, tint, tone

#: Room at the right of a key result row for its score chip (before scaling).
CHIP_UNITS = 44.0
#: Height of a key result's progress bar (before scaling).
BAR_UNITS = 6.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewCard", text)


@dataclass(frozen=True)
class ScoreMark:
    """A score as a card draws it: the band, the number, how full its bar is."""

    band: Band | None
    text: str
    #: 0.0 – 1.0 (the bar's fill); None with no score (an empty, outlined bar).
    fill: float | None

    @classmethod
    def of(cls, score: Score) -> ScoreMark:
        fill = None
        if score.value is not None:
            raw = score.progress if score.progress is not None else score.value
            fill = min(max(raw, 0.0), 1.0)
        return cls(score.band, score.text, fill)


@dataclass(frozen=True)
class CardReview:
    """What review mode adds to one objective's card."""

    line: str
    line_y: float
    mark: ScoreMark
    rows: tuple[tuple[int, ScoreMark], ...]
    #: The decision for the next cycle as a word ("keep"), shown as a tag at the right.
    decision: str = ""

    def row_mark(self, kr_id: int) -> ScoreMark | None:
        return next((m for k, m in self.rows if k == kr_id), None)


# ---- room on the card -----------------------------------------------------------------
def chip_room(s: CardStyle) -> float:
    """Width a key result's title and detail give up for its score chip."""
    return s.px(CHIP_UNITS + 6) if s.review else 0.0


def bar_room(s: CardStyle) -> float:
    """Height a key result row gains for its progress bar."""
    return s.px(BAR_UNITS + 6) if s.review else 0.0


def detail_lines(s: CardStyle) -> int:
    """Lines of a key result's detail: two in review mode (actual, plan, teams)."""
    return max(s.detail_lines, 2) if s.review else s.detail_lines


def line_room(s: CardStyle) -> float:
    """Height of the objective's score line."""
    return metrics(s.meta_px, True).height() + s.px(8) if s.review else 0.0


# ---- words ------------------------------------------------------------------------------
def _number(value: float | None, kr: KeyResultData) -> str:
    unit = f" {kr.unit_of_measure}" if kr.unit_of_measure else ""
    return f"{format_number(value, empty='?')}{unit}"


def review_detail(data: WorkshopData, kr: KeyResultData) -> str:
    """A key result's line in review mode: "now 64 · 55 → 65 %  ·  teams 0.55" (its
    initiatives have a line of their own, :mod:`ui.canvas.initiative_lines`)."""
    latest = data.latest_check_in(kr.id)
    if latest is None:
        now = _tr("no check-in yet")
    else:
        now = _tr("now {value}").format(value=_number(latest.value, kr))
    plan = kr_numbers(kr)  # what is known of its plan, as the card says it
    parts = [now] + ([plan] if plan else [])
    if data.aligned_to(kr.id):
        teams = aligned_score(data, kr.id)
        parts.append(_tr("teams {score}").format(score=teams.text))
    return "  ·  ".join(parts)


def decision_word(decision: str) -> str:
    return {
        Decision.KEEP.value: _tr("keep"),
        Decision.CHANGE.value: _tr("change"),
        Decision.DROP.value: _tr("drop"),
    }.get(decision, "")


def objective_line(data: WorkshopData, objective_id: int, score: Score) -> str:
    """ "yellow · 3 of 4 KRs · last cycle 0.6" (after the chip; the decision is a tag)."""
    obj = data.objectives[objective_id]
    parts = [band_word(score.band)]
    if score.total:
        parts.append(
            _tr("{counted} of {total} KRs").format(counted=score.counted, total=score.total)
        )
    if obj.carried_score is not None:
        last = format_number(round(obj.carried_score, 2))
        parts.append(_tr("last cycle {score}").format(score=last))
    return "  ·  ".join(parts)


def card_review(
    data: WorkshopData, objective_id: int, s: CardStyle, line_y: float, kr_ids: list[int]
) -> CardReview:
    score = objective_score(data, objective_id)
    rows = tuple((k, ScoreMark.of(key_result_score(data, k))) for k in kr_ids)
    line = objective_line(data, objective_id, score)
    decision = decision_word(data.objectives[objective_id].decision)
    return CardReview(line, line_y, ScoreMark.of(score), rows, decision)


def cards_to_refresh(data: WorkshopData, row: RowChange) -> set[ItemKey]:
    """The cards a changed check-in, initiative or key result row shows on: its objective's,
    and the card of the key result that objective supports (its "teams" score)."""
    out: set[ItemKey] = set()
    for values in (row.before, row.after):
        if values is None:
            continue
        kr_id = values["key_result_id"] if row.table != "key_result" else row.id
        kr = data.key_results.get(kr_id)
        obj = data.objectives.get(kr.objective_id) if kr is not None else None
        if obj is None:
            continue
        out.add(("objective", obj.id))
        parent = data.key_results.get(obj.parent_kr_id) if obj.parent_kr_id else None
        if parent is not None:
            out.add(("objective", parent.objective_id))
    return out


# ---- painting --------------------------------------------------------------------------
def _chip(painter: QPainter, rect: QRectF, mark: ScoreMark, px: int, s: CardStyle) -> None:
    painter.setPen(QPen(tone(mark.band), s.px(1.5)))
    painter.setBrush(tint(mark.band))
    r = s.px(4)
    painter.drawRoundedRect(rect, r, r)
    painter.setPen(QColor(CHIP_INK))
    painter.setFont(font(px, True))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark.text)


def _bar(painter: QPainter, rect: QRectF, mark: ScoreMark, ink: QColor, s: CardStyle) -> None:
    track = QColor(ink)
    track.setAlpha(45)
    r = rect.height() / 2
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(track)
    painter.drawRoundedRect(rect, r, r)
    if mark.fill is None:
        return
    done = QRectF(rect.x(), rect.y(), max(rect.height(), rect.width() * mark.fill), rect.height())
    if mark.fill > 0:
        painter.setBrush(tone(mark.band))
        painter.drawRoundedRect(done, r, r)


def _tag(
    painter: QPainter, c: CardContent, s: CardStyle, top: float, h: float, text: str, ink: QColor
) -> float:
    """The decision at the right of the score line, outlined in the ink; its width."""
    word = text.upper()
    w = metrics(s.meta_px, True).horizontalAdvance(word) + s.px(12)
    rect = QRectF(c.width - s.pad - w, top, w, h)
    painter.setPen(QPen(ink, s.px(1.5)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect, s.px(4), s.px(4))
    painter.setFont(font(s.meta_px, True))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, word)
    return w


def chip_width(s: CardStyle, text: str, px: int) -> float:
    return max(s.px(CHIP_UNITS), metrics(px, True).horizontalAdvance(text) + s.px(12))


def paint_review(painter: QPainter, c: CardContent, s: CardStyle, ink: QColor) -> None:
    """Draw the review's marks on a measured card (see the module notes)."""
    review = c.review
    if not isinstance(review, CardReview):
        return
    x = s.pad
    fm = metrics(s.meta_px, True)
    top = review.line_y
    w = chip_width(s, review.mark.text, s.meta_px)
    chip = QRectF(x, top, w, fm.height() + s.px(4))
    _chip(painter, chip, review.mark, s.meta_px, s)
    room = c.width - 2 * s.pad - w - s.px(8)
    if review.decision:
        room -= _tag(painter, c, s, top, fm.height() + s.px(4), review.decision, ink) + s.px(6)
    painter.setPen(ink)
    painter.setFont(font(s.meta_px, True))
    text = fm.elidedText(review.line, Qt.TextElideMode.ElideRight, room)
    painter.drawText(QPointF(x + w + s.px(8), top + s.px(2) + fm.ascent()), text)
    row_fm = metrics(s.row_px)
    for row in c.rows:
        mark = review.row_mark(row.kr_id)
        if mark is None:
            continue
        cw = chip_width(s, mark.text, s.detail_px)
        chip = QRectF(c.width - s.pad - cw, row.y + s.row_gap, cw, row_fm.height() + s.px(2))
        _chip(painter, chip, mark, s.detail_px, s)
        bar_h = s.px(BAR_UNITS)
        left = x + s.px(12)
        ini = row.initiatives  # listed under the bar (ui.canvas.initiative_lines)
        bottom = row.y + row.h - s.row_gap - (ini.height if isinstance(ini, InitiativeLines) else 0)
        bar = QRectF(left, bottom - bar_h, c.width - s.pad - left, bar_h)
        _bar(painter, bar, mark, ink, s)


__all__ = [
    "CardReview",
    "ScoreMark",
    "bar_room",
    "card_review",
    "cards_to_refresh",
    "chip_room",
    "line_room",
    "paint_review",
    "review_detail",
]
