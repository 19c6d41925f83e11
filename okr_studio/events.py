"""Change records: what a service did, exactly enough to undo and redo it.

A :class:`Change` is a list of row changes, each with the row's values before
and after (``None`` before = the row was added, ``None`` after = removed).
Applying the inverse restores the file exactly, children and alignments
included; the UI's undo stack keeps these and asks the services to apply them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from okr_studio.keys import ItemKey

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RowChange:
    table: str
    id: int
    before: Row | None
    after: Row | None

    @property
    def kind(self) -> Literal["added", "changed", "removed"]:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"

    def inverse(self) -> RowChange:
        return RowChange(self.table, self.id, self.after, self.before)


@dataclass(frozen=True, slots=True)
class Change:
    """One service call's effect on the file, in the order it was applied."""

    label: str
    rows: tuple[RowChange, ...] = ()
    #: The main item the change created or touched, e.g. ("objective", 12).
    subject: ItemKey | None = None

    def inverse(self) -> Change:
        return Change(self.label, tuple(r.inverse() for r in reversed(self.rows)), self.subject)

    @property
    def empty(self) -> bool:
        return not self.rows

    def _ids(self, kind: str) -> frozenset[ItemKey]:
        return frozenset((r.table, r.id) for r in self.rows if r.kind == kind)

    @property
    def added(self) -> frozenset[ItemKey]:
        return self._ids("added")

    @property
    def changed(self) -> frozenset[ItemKey]:
        return self._ids("changed")

    @property
    def removed(self) -> frozenset[ItemKey]:
        return self._ids("removed")

    def tables(self) -> frozenset[str]:
        return frozenset(r.table for r in self.rows)


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """Sent to listeners after a change is committed to the file."""

    change: Change
    #: "do" for a new edit, "undo" / "redo" when the undo stack replays one.
    origin: Literal["do", "undo", "redo"] = "do"

    @staticmethod
    def reload() -> ChangeEvent:
        """The event of a workshop read whole from its file again (an outside change,
        or after an error): no rows, anything may differ from the snapshot before."""
        return ChangeEvent(Change(RELOAD))

    @property
    def read_again(self) -> bool:
        """Whether this is :meth:`reload`'s event (every view shows the data afresh)."""
        return self.change.label == RELOAD and not self.change.rows


#: The label of :meth:`ChangeEvent.reload`'s change (never an undo step's).
RELOAD = "Reload"


Listener = Callable[[ChangeEvent], None]


@dataclass
class EventBus:
    listeners: list[Listener] = field(default_factory=list)

    def subscribe(self, listener: Listener) -> None:
        if listener not in self.listeners:
            self.listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)

    def emit(self, event: ChangeEvent) -> None:
        for listener in list(self.listeners):
            listener(event)
