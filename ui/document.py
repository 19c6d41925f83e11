"""The open workshop as the UI sees it: snapshot, undo stack, selection, signals.

Every edit in the UI goes through :meth:`Document.execute` with a function that
calls one core service. The service commits one transaction and returns a
:class:`~okr_studio.events.Change`; the document pushes an undo command that
replays the change's inverse on undo and the change itself on redo, keeps its
plain-data snapshot current from the change records, and emits ``changed``.
The canvas, outline, inspector and coach panel only listen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from okr_studio import services
from okr_studio.data import WorkshopData, patched
from okr_studio.errors import OkrError, ReadOnlyError
from okr_studio.events import Change, ChangeEvent
from okr_studio.store import Workshop

ItemKey = tuple[str, int]  # ("unit" | "objective" | "key_result", id)


_ITEM_TABLES = ("unit", "objective", "key_result")


def _subject(change: Change) -> ItemKey | None:
    """The item a change is about: its subject, or (a delete has none) the topmost item
    it added or removed."""
    if change.subject is not None:
        return change.subject  # type: ignore[return-value]
    whole = [r for r in change.rows if r.kind != "changed" and r.table in _ITEM_TABLES]
    if not whole:
        return None
    top = min(whole, key=lambda r: _ITEM_TABLES.index(r.table))
    return (top.table, top.id)


def _container(data: WorkshopData, key: ItemKey) -> ItemKey | None:
    """Where an item sits: a key result's objective, an objective's parent key result
    (or its unit), a unit's parent unit."""
    kind, item_id = key
    if kind == "key_result" and item_id in data.key_results:
        return ("objective", data.key_results[item_id].objective_id)
    if kind == "objective" and item_id in data.objectives:
        obj = data.objectives[item_id]
        return ("key_result", obj.parent_kr_id) if obj.parent_kr_id else ("unit", obj.unit_id)
    if kind == "unit" and item_id in data.units and data.units[item_id].parent_id is not None:
        return ("unit", data.units[item_id].parent_id)  # type: ignore[return-value]
    return None


class _ServiceCommand(QUndoCommand):
    """An undo step holding one recorded change."""

    def __init__(self, document: Document, change: Change) -> None:
        super().__init__(change.label)
        self.document = document
        self.change = change
        self._first = True

    def redo(self) -> None:
        if self._first:  # the service already ran when the command was made
            self._first = False
            return
        self.document._replay(self.change, "redo")

    def undo(self) -> None:
        self.document._replay(self.change.inverse(), "undo")


class Document(QObject):
    """One open workshop file in the UI."""

    #: A change was committed (a new edit, an undo or a redo); the argument is the
    #: :class:`ChangeEvent`. ``data`` is already current when this is emitted.
    changed = Signal(object)
    #: The selection changed; the argument is a tuple of :data:`ItemKey`.
    selectionChanged = Signal(object)
    #: An undo or redo could not be applied; the argument is the :class:`OkrError`.
    replayFailed = Signal(object)

    def __init__(self, workshop: Workshop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.data: WorkshopData = workshop.snapshot()
        self.undo_stack = QUndoStack(self)
        self._selection: tuple[ItemKey, ...] = ()
        self._guard = False
        self._replay_error: OkrError | None = None
        workshop.subscribe(self._on_event)

    # ---- properties ------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.workshop.read_only

    @property
    def path(self) -> Path:
        return self.workshop.path

    def close(self) -> None:
        self.workshop.unsubscribe(self._on_event)
        self.undo_stack.clear()
        self.workshop.close()

    # ---- edits -------------------------------------------------------------------
    def execute(self, call: Callable[[Workshop], Change]) -> Change:
        """Run one service call as an undoable step; raises :class:`OkrError` if refused.

        Example: ``doc.execute(lambda ws: services.rename_unit(ws, 3, "Sales"))``.
        """
        if self.read_only:
            raise ReadOnlyError(
                f"“{self.path.name}” is open read-only, so it cannot be changed. "
                "Use File → Save As to make an editable copy."
            )
        change = call(self.workshop)
        if not change.empty:
            self.undo_stack.push(_ServiceCommand(self, change))
        return change

    def undo(self) -> None:
        self._step(self.undo_stack.undo, +1)

    def redo(self) -> None:
        self._step(self.undo_stack.redo, -1)

    def take_back(self) -> None:
        """Undo the last step and forget it, so it cannot be redone.

        For an item the user added and then abandoned before naming it (Esc):
        it never happened, so Redo must not bring it back.
        """
        self.undo()
        stack = self.undo_stack
        drop = QUndoCommand("")
        drop.setObsolete(True)  # pushing an obsolete command clears the redo steps
        stack.push(drop)
        # Qt drops them without a signal (the index did not move): tell the listeners.
        stack.canRedoChanged.emit(stack.canRedo())
        stack.redoTextChanged.emit(stack.redoText())
        stack.indexChanged.emit(stack.index())

    def _step(self, action: Callable[[], None], back: int) -> None:
        if self.read_only:
            return
        index = self.undo_stack.index()
        command = self.undo_stack.command(index - 1 if back > 0 else index)
        before = self.data
        self._replay_error = None
        action()
        error = self._replay_error
        if error is None and command is not None:
            self._select_after_step(command, before)
        if error is not None:
            # The file did not change: put the stack back where it was, without replaying.
            self._guard = True
            try:
                self.undo_stack.setIndex(index)
            finally:
                self._guard = False
            self.replayFailed.emit(error)
            raise error

    def _select_after_step(self, command: QUndoCommand, before: WorkshopData) -> None:
        """After undo or redo, select what the step brought back or touched; when it
        took an item away (an add undone, a delete redone), select where it was."""
        commands = [command.child(i) for i in range(command.childCount())] or [command]
        subjects = [
            _subject(c.change)
            for c in commands
            if isinstance(c, _ServiceCommand) and _subject(c.change) is not None
        ]
        if not subjects:
            return
        subject: ItemKey = subjects[0]  # type: ignore[assignment]
        if self.exists(subject):
            self.select(subject)
            return
        place = _container(before, subject)
        while place is not None and not self.exists(place):
            place = _container(before, place)
        if place is not None or not all(self.exists(k) for k in self._selection):
            self.select(place)

    def _replay(self, change: Change, origin: str) -> None:
        if self._guard:
            return
        try:
            services.apply(self.workshop, change, origin=origin)  # type: ignore[arg-type]
        except OkrError as exc:
            self._replay_error = exc

    # ---- events --------------------------------------------------------------------
    def _on_event(self, event: ChangeEvent) -> None:
        self.data = patched(self.data, event.change.rows)
        self.changed.emit(event)

    def reload(self) -> None:
        """Read the whole file again (after an external change or an error)."""
        self.data = self.workshop.snapshot()
        self.changed.emit(ChangeEvent(Change("Reload"), "do"))

    def listen(
        self, on_changed: Callable[..., object], on_selection: Callable[..., object]
    ) -> None:
        """Connect a view's two slots (``changed`` and ``selectionChanged``)."""
        self.changed.connect(on_changed)
        self.selectionChanged.connect(on_selection)

    def unlisten(
        self, on_changed: Callable[..., object], on_selection: Callable[..., object]
    ) -> None:
        """Disconnect what :meth:`listen` connected; quiet if it was never connected."""
        for signal, slot in ((self.changed, on_changed), (self.selectionChanged, on_selection)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    # ---- selection --------------------------------------------------------------------
    @property
    def selection(self) -> tuple[ItemKey, ...]:
        return self._selection

    @property
    def current(self) -> ItemKey | None:
        return self._selection[0] if self._selection else None

    def select(self, keys: Sequence[ItemKey] | ItemKey | None) -> None:
        if keys is None:
            new: tuple[ItemKey, ...] = ()
        elif isinstance(keys, tuple) and len(keys) == 2 and isinstance(keys[0], str):
            new = (keys,)  # type: ignore[assignment]
        else:
            new = tuple(keys)  # type: ignore[arg-type]
        new = tuple(k for k in new if self.exists(k))
        if new != self._selection:
            self._selection = new
            self.selectionChanged.emit(new)

    def exists(self, key: ItemKey) -> bool:
        kind, item_id = key
        table = {
            "unit": self.data.units,
            "objective": self.data.objectives,
            "key_result": self.data.key_results,
            "person": self.data.people,
        }.get(kind)
        return table is not None and item_id in table
