"""Pieces shared by the cascade wizard's pages: text, numbers, dates, hints, type size."""

from __future__ import annotations

import datetime as dt
import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.numbers import BadValue, format_number, parse_date, parse_number

# re-exported for the pages
__all__ = ["BadValue", "format_number", "parse_date", "parse_number"]


# ---- dates ------------------------------------------------------------------------------
def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


#: How each direction moves a number, for the alignment check's sentences.
DIRECTION_VERBS = {
    "increase": "raises",
    "decrease": "lowers",
    "keep_above": "keeps above",
    "keep_below": "keeps below",
    "milestone": "reaches the milestone",
}


# ---- labels that show people's text ----------------------------------------------------
def plain_label(text: str = "", *, wrap: bool = True, muted: bool = False) -> QLabel:
    """A label that shows text exactly as typed (never as markup)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if wrap:
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if muted:
        label.setProperty("muted", True)
        set_text_colour(label, theme.current().muted_text)
    return label


def set_text_colour(widget: QWidget, colour: QColor) -> None:
    """Colour a widget's text through its palette (a style sheet would stop the font
    from following the dialog's type size)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)
    widget.setPalette(palette)


def elide(text: str, limit: int = 160) -> str:
    """Shorten very long text for one-line displays (the full text stays in the tooltip).

    Right-to-left text is isolated, so it cannot reorder the words around it.
    """
    single = " ".join(text.split())
    return isolate(single if len(single) <= limit else single[: limit - 1] + "…")


def isolate(text: str) -> str:
    """Wrap text holding right-to-left letters in Unicode isolates (FSI … PDI)."""
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return f"\u2068{text}\u2069"
    return text


class HintList(QLabel):
    """Live coach hints under a field: plain text lines, never blocking."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setObjectName("coachHints")
        set_text_colour(self, theme.current().hint)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hints: list[str] = []
        self.set_hints([])

    def set_hints(self, hints: list[str]) -> None:
        self.hints = list(hints)
        self.setText("\n".join(f"→ {h}" for h in self.hints))
        self.setVisible(bool(self.hints))


class Explainer(QWidget):
    """Two or three sentences about the step, which the facilitator can fold away."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton(self)
        self.toggle.setText(self.tr("About this step"))
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.body = plain_label(text)
        self.body.setObjectName("explainer")
        self.body.setAutoFillBackground(True)
        self.body.setMargin(6)
        palette = self.body.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.AlternateBase))
        self.body.setPalette(palette)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self.set_expanded)

    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # re-enters through the signal
            return
        self.body.setVisible(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()


def scaled_font(scale: float | None, base: QFont | None = None) -> QFont:
    """The application font (or ``base``) grown by ``scale`` (presentation mode: ~1.5)."""
    font = QFont(base if base is not None else QApplication.font())
    if scale and scale != 1.0:
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * scale)
        else:
            font.setPixelSize(max(1, round(font.pixelSize() * scale)))
    return font


def heading_font(base: QFont, factor: float = 1.25) -> QFont:
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(True)
    return font
