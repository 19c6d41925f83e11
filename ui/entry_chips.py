"""Chips under a key result's editor: what the typed line was understood as.

While a key result is typed as one line ("Raise activation from 20% to 35% by 31 Mar
@Ana García #debt"), :class:`EntryChips` shows a small chip for each part
:func:`okr_studio.entry.read_entry` read: baseline, target, unit, direction, metric, due
date, owner, work type. Enter in the editor accepts them; a click on a chip takes that
part back (:meth:`okr_studio.entry.Entry.without`): its words stay in the title and the
field is not set. The chips never take the keyboard from the editor (leaving it would
commit the line), so they are reached from it: Alt+Down (:data:`CHIPS_KEY`) marks the
first chip, Left and Right move along them, Delete or Backspace takes the marked one
back, Up or Esc returns to the text, and any other key goes on typing. Nothing changes
for the keys of the usual flow: the chips wait until they are asked for. Each chip has
an accessible name (what it says) and description (what removing it does), and the
marked chip is announced as focused.

Used by the canvas's in-place editor and by the cascade wizard's key result rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget

from okr_studio.data import WorkshopData
from okr_studio.entry import Entry, EntryContext, Part, read_entry
from okr_studio.vocab import Direction, WorkType
from ui import theme
from ui.numbers import format_number, locale_name

#: Pixels around and between chips.
_GAP = 3
#: The key, in the editor, that marks the first chip (then Delete takes it back).
CHIPS_KEY = (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
_BACK_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Escape)
_REMOVE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def _tr(text: str) -> str:
    return QCoreApplication.translate("EntryChips", text)


def chip_key_rows() -> list[tuple[str, str]]:
    """(what, keys) of the chips' keys, for the keyboard shortcuts list."""
    mark = QKeySequence(CHIPS_KEY[1].value | CHIPS_KEY[0].value)
    return [
        (
            _tr(
                "While typing a key result (in place or in the wizard): mark the first chip "
                "of what the line was read as; then Left and Right move along the chips, "
                "Delete or Backspace takes the marked one back, Up or Esc returns to the text"
            ),
            mark.toString(QKeySequence.SequenceFormat.NativeText),
        )
    ]


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

    #: A chip was clicked (or removed from the keyboard): the line is read again
    #: without that part.
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
        #: The chip marked from the keyboard (its field), "" when the keys go to the text.
        self.marked = ""
        self._editor: QWidget | None = None
        self.setAccessibleName(_tr("What the line says"))
        self.hide()

    def attach(self, editor: QWidget | None) -> None:
        """The editor the chips belong to: a click on a chip leaves the keyboard in it
        (without this, the click would hand the focus to the chips' parent), and its
        keys reach the chips (see the module's notes)."""
        if editor is None or editor is self._editor:
            return
        if self._editor is not None:
            self._editor.removeEventFilter(self)
        self._editor = editor
        self.setFocusProxy(editor)
        editor.installEventFilter(self)

    def reset(self) -> None:
        """A new line: nothing taken back, no chips."""
        # Qt takes None (no proxy); PySide6's stub says QWidget only.
        self.setFocusProxy(None)  # pyright: ignore[reportArgumentType]
        if self._editor is not None:
            self._editor.removeEventFilter(self)
            self._editor = None
        self.marked = ""
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

    # ---- from the keyboard -------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is not self._editor
            or event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or not self.buttons
            or not self.isVisible()
        ):
            return False
        key, mods = event.key(), event.modifiers()
        if not self.marked:
            if (key, mods) == CHIPS_KEY:
                self.mark(next(iter(self.buttons)))
                return True
            return False
        return self._marked_key(key, mods)

    def _marked_key(self, key: int, mods: Qt.KeyboardModifier) -> bool:
        """A key while a chip is marked: True when the chips used it."""
        names = list(self.buttons)
        at = names.index(self.marked)
        moves = {Qt.Key.Key_Left.value: at - 1, Qt.Key.Key_Right.value: at + 1}
        moves.update({Qt.Key.Key_Home.value: 0, Qt.Key.Key_End.value: len(names) - 1})
        if key in moves and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.mark(names[max(0, min(moves[key], len(names) - 1))])
            return True
        if key in _REMOVE_KEYS:
            self.remove(self.marked)  # the chips are made again: mark the one in its place
            rest = list(self.buttons)
            self.mark(rest[min(at, len(rest) - 1)] if rest else "")
            return True
        self.mark("")
        return key in _BACK_KEYS or (key, mods) == CHIPS_KEY  # else it goes on typing

    def mark(self, name: str) -> None:
        """Mark the chip of field ``name`` ("" for none: the keys go to the text)."""
        self.marked = name if name in self.buttons else ""
        for field, button in self.buttons.items():
            button.setStyleSheet(self._style(field == self.marked))
        button = self.buttons.get(self.marked)
        if button is not None:  # a screen reader says which chip the keys are on
            QAccessible.updateAccessibility(QAccessibleEvent(button, QAccessible.Event.Focus))

    def _clear(self) -> None:
        for button in self.buttons.values():
            button.hide()
            button.deleteLater()
        self.buttons = {}

    def _style(self, marked: bool) -> str:
        colours = theme.current()
        border = (colours.selection if marked else colours.hint).name()
        fill, text = (c.name() for c in (colours.placeholder_fill, colours.text))
        width = 2 if marked else 1  # the marked chip stands out; its size stays
        return (
            f"QToolButton {{ border: {width}px solid {border}; border-radius: 8px;"
            f" padding: {2 - width}px {7 - width}px; background: {fill}; color: {text}; }}"
        )

    def _show(self, entry: Entry) -> None:
        marked = self.marked
        self._clear()
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, small.pointSizeF() * 0.85))
        for part in entry.parts:
            button = QToolButton(self)
            button.setObjectName(f"chip_{part.field}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setText(chip_text(part) + "  ×")
            button.setAccessibleName(chip_text(part))
            button.setAccessibleDescription(
                _tr("Removing it keeps “{0}” in the title, unread.").format(part.text)
            )
            button.setToolTip(
                _tr("Click (or Alt+Down, then Delete) to keep “{0}” in the title instead.").format(
                    part.text
                )
            )
            button.setFont(small)
            button.clicked.connect(lambda _c=False, n=part.field: self.remove(n))
            button.show()  # a child made while the row is shown stays hidden otherwise
            self.buttons[part.field] = button
        self.mark(marked)  # styles every chip (typing on keeps the mark where it can)
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
