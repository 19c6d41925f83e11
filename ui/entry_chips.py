"""Chips under a key result's editor: what the typed line was understood as.

While a key result is typed as one line ("Raise activation from 20% to 35% by 31 Mar
@Ana García #debt"), :class:`EntryChips` shows a small chip for each part
:func:`okr_studio.entry.read_entry` read: baseline, target, unit, direction, metric, due
date, owner, work type. Enter in the editor accepts them; a click on a chip takes that
part back (:meth:`okr_studio.entry.Entry.without`): its words stay in the title and the
field is not set. The chips never take the keyboard from the editor.

Used by the canvas's in-place editor and by the cascade wizard's key result rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QRect, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QToolButton, QWidget

from okr_studio.data import WorkshopData
from okr_studio.entry import Entry, EntryContext, Part, read_entry
from okr_studio.vocab import Direction, WorkType
from ui import theme
from ui.numbers import format_number, locale_name

#: Pixels around and between chips.
_GAP = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("EntryChips", text)


def entry_context(data: WorkshopData, today: dt.date | None = None) -> EntryContext:
    """How a line typed into ``data``'s workshop is read: its people and cycle, today
    (the system's date unless given) and the app's locale."""
    return EntryContext.of(data, today=today or dt.date.today(), locale=locale_name())


def _choice(enum: type[Direction] | type[WorkType], value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


def chip_text(part: Part) -> str:
    """What a chip says about ``part``: "Owner: Ana García", "Target: 35"…"""
    value = part.value
    shown = {
        "baseline": lambda: _tr("Baseline: {0}").format(format_number(value)),
        "target": lambda: _tr("Target: {0}").format(format_number(value)),
        "unit_of_measure": lambda: _tr("Unit: {0}").format(value),
        "direction": lambda: _tr("Direction: {0}").format(_choice(Direction, value)),
        "metric": lambda: _tr("Metric: {0}").format(value),
        "due_date": lambda: _tr("Due: {0}").format(
            value.isoformat() if isinstance(value, dt.date) else value
        ),
        "owner": lambda: _tr("Owner: {0}").format(value),
        "work_type": lambda: _tr("Work type: {0}").format(_choice(WorkType, value)),
    }.get(part.field)
    return shown() if shown is not None else f"{part.field}: {value}"


class EntryChips(QWidget):
    """A row of chips for one line being typed (see the module's notes).

    ``read(line)`` reads the line (without the parts taken back so far) and shows its
    chips; ``removed`` lists the fields taken back, for whoever commits the line.
    """

    #: A chip was clicked: the line is read again without that part.
    partRemoved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryChips")
        self.setAutoFillBackground(True)  # nothing behind shows through between chips
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.context = EntryContext()
        self.context_of: Callable[[], EntryContext] | None = None
        self.removed: frozenset[str] = frozenset()
        self.entry: Entry | None = None
        self._line = ""
        self.buttons: dict[str, QToolButton] = {}
        self.hide()

    def attach(self, editor: QWidget | None) -> None:
        """The editor the chips belong to: a click on a chip leaves the keyboard in it
        (without this, the click would hand the focus to the chips' parent)."""
        if editor is not None:
            self.setFocusProxy(editor)

    def reset(self) -> None:
        """A new line: nothing taken back, no chips."""
        # Qt takes None (no proxy); PySide6's stub says QWidget only.
        self.setFocusProxy(None)  # pyright: ignore[reportArgumentType]
        self.removed = frozenset()
        self.entry = None
        self._line = ""
        self._clear()
        self.hide()

    def read(self, line: str) -> Entry:
        """Read ``line`` and show what was understood."""
        if self.context_of is not None:
            self.context = self.context_of()
        self._line = line
        self.entry = read_entry(line, self.context, without=self.removed)
        self._show(self.entry)
        return self.entry

    def remove(self, name: str) -> None:
        """Take part ``name`` back: its words stay in the title, its field is not set."""
        self.removed = self.removed | {name}
        self.read(self._line)
        self.partRemoved.emit(name)

    def _clear(self) -> None:
        for button in self.buttons.values():
            button.hide()
            button.deleteLater()
        self.buttons = {}

    def _show(self, entry: Entry) -> None:
        self._clear()
        colours = theme.current()
        border, fill, text = (
            c.name() for c in (colours.hint, colours.placeholder_fill, colours.text)
        )
        style = (
            f"QToolButton {{ border: 1px solid {border}; border-radius: 8px; padding: 0 6px;"
            f" background: {fill}; color: {text}; }}"
        )
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, small.pointSizeF() * 0.85))
        for part in entry.parts:
            button = QToolButton(self)
            button.setObjectName(f"chip_{part.field}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setText(chip_text(part) + "  ×")
            button.setToolTip(_tr("Click to keep “{0}” in the title instead.").format(part.text))
            button.setFont(small)
            button.setStyleSheet(style)
            button.clicked.connect(lambda _c=False, n=part.field: self.remove(n))
            button.show()  # a child made while the row is shown stays hidden otherwise
            self.buttons[part.field] = button
        self.setVisible(bool(entry.parts))
        self._arrange()

    def _arrange(self) -> None:
        """Chips left to right, on as many rows as the parent's width needs."""
        parent = self.parentWidget()
        limit = max(parent.width() - 8, 200) if parent is not None else 10_000
        x = y = _GAP
        row_height = width = 0
        for button in self.buttons.values():
            size = button.sizeHint()
            if x > _GAP and x + size.width() > limit:
                x, y = _GAP, y + row_height + _GAP
                row_height = 0
            button.setGeometry(x, y, size.width(), size.height())
            x += size.width() + _GAP
            width = max(width, x)
            row_height = max(row_height, size.height())
        self.resize(width, y + row_height + _GAP)

    def place_under(self, rect: QRect) -> None:
        """Put the row just under ``rect`` (the editor, in the parent's coordinates),
        kept inside the parent where it can be."""
        self._arrange()
        parent = self.parentWidget()
        x, y = rect.left(), rect.bottom() + 2
        if parent is not None:
            x = max(0, min(x, parent.width() - self.width()))
            if y + self.height() > parent.height():
                y = max(0, rect.top() - self.height() - 2)
        self.move(x, y)
        self.raise_()
