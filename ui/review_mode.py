"""Closing the loop in the main window: its actions, and review mode.

:class:`ReviewActions` adds to the menus:

- Edit → Check In… (Ctrl+K): a check-in on the selected key result
  (:mod:`ui.checkin_dialog`);
- View → Review Mode (Ctrl+R): the cards show scores, progress bars and decisions,
  the outline shows each objective's and key result's score, and the inspector shows
  closing the loop before the plan's fields; presentation mode (F5) keeps it, for the
  review workshop;
- File → Start Next Cycle… (:mod:`ui.review_next`) and File → Export Review Booklet…
  (:mod:`ui.review_export`).

The actions hold no logic: they call those modules. The window calls :meth:`update`
when the document or the selection changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QMenu

if TYPE_CHECKING:
    from ui.canvas import CanvasView
    from ui.checkin_dialog import CheckInDialog
    from ui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewActions", text)


def _insert_after(menu: QMenu, anchor: QAction, actions: list[QAction]) -> None:
    items = menu.actions()
    index = items.index(anchor) + 1 if anchor in items else len(items)
    before = items[index] if index < len(items) else None
    for action in actions:
        if before is None:
            menu.addAction(action)
        else:
            menu.insertAction(before, action)


class ReviewActions:
    """The window's actions for closing the loop, and the state of review mode."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.review = False
        self.check_in = self._make(_tr("Check &In…"), self.start_check_in, "Ctrl+K")
        self.check_in.setToolTip(_tr("Record a measured value of the selected key result"))
        self.review_mode = self._make(_tr("&Review Mode"), self.toggle_review, "Ctrl+R")
        self.review_mode.setCheckable(True)
        self.review_mode.setToolTip(_tr("Scores, progress and decisions, for the review"))
        self.write_review = self._make(_tr("Write the Re&view"), self.focus_review, "Ctrl+Shift+R")
        self.write_review.setToolTip(
            _tr("Actual outcome, what we learned and the decision (Esc comes back)")
        )
        self.next_cycle = self._make(_tr("Start &Next Cycle…"), self.start_next_cycle)
        self.export_review = self._make(_tr("Export Re&view Booklet…"), self.export_booklet)
        menus, acts = window.menus, window.acts
        _insert_after(menus["file"], acts.export, [self.export_review, self.next_cycle])
        _insert_after(menus["edit"], acts.edit_details, [self.check_in, self.write_review])
        _insert_after(menus["view"], acts.presentation, [self.review_mode])
        window.inspector.review.checkInRequested.connect(self.check_in_on)

    def _make(self, text: str, slot: Callable[[], object], keys: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work in presentation mode too
        return action

    def update(self) -> None:
        """Enable what the open document allows."""
        doc = self.window.document
        editable = doc is not None and not doc.read_only
        self.check_in.setEnabled(editable)
        self.write_review.setEnabled(editable)
        for action in (self.review_mode, self.next_cycle, self.export_review):
            action.setEnabled(doc is not None)
        canvases = self.canvases()
        for canvas in canvases:  # made with the first file: they follow review mode
            canvas.actions_by_name.setdefault("check_in", self.check_in)  # its context menu
            if canvas.canvas_scene.review != self.review:
                canvas.canvas_scene.set_review(self.review)
        if len(canvases) == 2:  # the projector lists the initiatives the console lists
            console, projector = (c.canvas_scene for c in canvases)
            if projector.open_initiatives is not console.open_initiatives:
                projector.open_initiatives = console.open_initiatives
                console.initiativesToggled.connect(projector.remeasure)
                projector.remeasure(set(projector.cards))

    def canvases(self) -> list[CanvasView]:
        """The window's canvas and, while presenting on a second screen, the projector's."""
        window = self.window
        room = getattr(window, "room", None)  # (made after these actions)
        views = [window.canvas, room.presenter.canvas if room is not None else None]
        return [v for v in views if v is not None]

    # ---- review mode -------------------------------------------------------------------
    def toggle_review(self) -> None:
        self.set_review(not self.review)

    def set_review(self, on: bool) -> None:
        """Review mode on or off: cards, outline and inspector (see the module notes)."""
        window = self.window
        self.review = on
        self.review_mode.setChecked(on)
        for canvas in self.canvases():
            canvas.canvas_scene.set_review(on)
        window.outline.set_review(on)
        inspector = window.inspector
        body = inspector.widget()
        layout = body.layout() if body is not None else None
        if isinstance(layout, QBoxLayout):
            layout.removeWidget(inspector.review)
            anchor = layout.indexOf(inspector.stack)
            layout.insertWidget(anchor if on else anchor + 2, inspector.review)
        window.status.showMessage(
            _tr("Review mode: scores, progress and decisions.") if on else _tr("Plan mode."),
            4000,
        )

    # ---- commands ---------------------------------------------------------------------
    def start_check_in(self) -> CheckInDialog | None:
        doc = self.window.document
        current = doc.current if doc is not None else None
        if current is None or current[0] != "key_result":
            self.window.status.showMessage(_tr("Select a key result to check in on."), 6000)
            return None
        return self.check_in_on(current[1])

    def focus_review(self) -> bool:
        """The keyboard to the review of the selection: an objective's actual outcome, a
        key result's learning note (Esc comes back to the canvas)."""
        window = self.window
        doc = window.document
        current = doc.current if doc is not None else None
        if current is None or current[0] not in ("objective", "key_result"):
            window.status.showMessage(_tr("Select an objective to write its review."), 6000)
            return False
        section = window.inspector.review
        field = section.fields["actual_outcome" if current[0] == "objective" else "learning_note"]
        window.inspector_dock.show()
        window.inspector_dock.raise_()  # it may be behind the coach's tab
        window.inspector.ensureWidgetVisible(field)
        field.setFocus()
        return True

    def check_in_on(self, kr_id: int) -> CheckInDialog | None:
        doc = self.window.document
        if doc is None:
            return None
        from ui.checkin_dialog import start_check_in

        self.window.inspector.flush()
        dialog = start_check_in(self.window, doc, kr_id)
        if dialog is not None:
            dialog.finished.connect(lambda _r: self._back_to_canvas())
        return dialog

    def _back_to_canvas(self) -> None:
        """After the dialog: the keyboard is on the canvas again, also where no window
        manager gives the window back its focus by itself."""
        if not self.window.isActiveWindow():
            self.window.activateWindow()
        self.window.focus_canvas()

    def start_next_cycle(self) -> object:
        from ui.review_next import start_next_cycle

        return start_next_cycle(self.window)

    def export_booklet(self) -> object:
        from ui.review_export import export_review

        return export_review(self.window)
