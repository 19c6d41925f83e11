"""What the room sees while a large workshop opens.

Opening reads the file, lays out the tree and fills the panels, one after the
other, in the window's own thread. A small workshop is open before anyone could
read a message, so nothing is shown; one that takes longer than half a second
gets a progress window naming the file and the step under way, and the busy
pointer for as long as it takes (the window behind it shows no buttons meanwhile:
``on_show`` covers them). The steps call :func:`step` as they begin; it
does nothing when no workshop is being opened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog, QWidget

#: Opening that takes longer than this (seconds) shows its progress.
SHOW_AFTER_S = 0.5
#: The steps of an opening, in their order (the progress bar's length).
STEPS = ("read", "panels", "layout")


def _tr(text: str) -> str:
    return QCoreApplication.translate("OpeningProgress", text)


def _label(name: str, what: str) -> str:
    if what == "read":
        return _tr("Opening “{name}”: reading the file…").format(name=name)
    if what == "layout":
        return _tr("Opening “{name}”: laying out the tree…").format(name=name)
    return _tr("Opening “{name}”: filling the panels…").format(name=name)


class OpeningProgress:
    """The progress of one opening; shown only once it has taken long enough."""

    def __init__(
        self,
        parent: QWidget | None,
        name: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        show_after: float = SHOW_AFTER_S,
        on_show: Callable[[], None] | None = None,
    ) -> None:
        self._parent = parent
        self._name = name
        self._clock = clock
        self._show_after = show_after
        self._on_show = on_show
        self._start = clock()
        self.dialog: QProgressDialog | None = None
        self.steps_seen: list[str] = []

    def step(self, what: str) -> None:
        """A step begins: show it if the opening has already taken long enough."""
        self.steps_seen.append(what)
        if self.dialog is None and self._clock() - self._start < self._show_after:
            return
        dialog = self.dialog or self._make_dialog()
        dialog.setLabelText(_label(self._name, what))
        dialog.setValue(STEPS.index(what) if what in STEPS else dialog.value())
        from PySide6.QtCore import QEventLoop

        # Paint it now: the step that follows keeps the event loop busy.
        # Input and the signal wake-up (Ctrl+C, logout: ui.app) wait for the event loop.
        flags = QEventLoop.ProcessEventsFlag
        QApplication.processEvents(flags.ExcludeUserInputEvents | flags.ExcludeSocketNotifiers)

    def _make_dialog(self) -> QProgressDialog:
        from PySide6.QtCore import Qt

        dialog = QProgressDialog(self._parent)
        dialog.setWindowTitle(_tr("Opening workshop"))
        dialog.setCancelButton(None)  # the steps cannot stop halfway
        bar = QProgressBar(dialog)
        bar.setTextVisible(False)  # three steps: a percentage would promise more than it knows
        dialog.setBar(bar)
        dialog.setRange(0, len(STEPS))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumWidth(420)
        if self._on_show is not None:
            self._on_show()
        dialog.show()
        self.dialog = dialog
        return dialog

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
            if self._parent is not None:
                # The window painted behind the progress; its first paint with the
                # workshop open comes now (what waits for the first paint follows it).
                self._parent.update()


_current: OpeningProgress | None = None


def step(what: str) -> None:
    """Tell the opening under way (if any) that a step begins."""
    if _current is not None:
        _current.step(what)


def current() -> OpeningProgress | None:
    return _current


@contextmanager
def opening(
    parent: QWidget | None, name: str, *, on_show: Callable[[], None] | None = None
) -> Iterator[OpeningProgress]:
    """Around the opening of one file: the busy pointer, and progress when it is slow."""
    global _current
    outer = _current
    progress = OpeningProgress(parent, name, show_after=SHOW_AFTER_S, on_show=on_show)
    _current = progress
    from PySide6.QtCore import Qt

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield progress
    finally:
        QApplication.restoreOverrideCursor()
        progress.close()
        _current = outer
