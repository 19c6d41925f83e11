"""The inspector's link choices: the key result an objective supports and the unit a
unit is part of.

Both lists name every unit (or every key result) of the workshop, so they are made
only when the field's list is needed (see :class:`LazyChoiceField`): selecting an
item costs its own fields, not the whole tree. Until then the field holds the empty
choice and the stored one, labelled as the full list would label it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from okr_studio.data import WorkshopData
from ui.inspector_fields import ChoiceField

Choices = list[tuple[Any, str]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Inspector", text)


class LazyChoiceField(ChoiceField):
    """A choice out of a long list made when it is first needed: the popup opens, the
    field takes the keyboard or the wheel turns over it (see the module's notes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self._source: Callable[[], Sequence[tuple[Any, str]]] | None = None
        self._label_of: Callable[[Any], str] = str
        self._none_label = ""
        self._filled = True

    def set_source(
        self,
        none_label: str,
        label_of: Callable[[Any], str],
        source: Callable[[], Sequence[tuple[Any, str]]],
    ) -> None:
        """The choices from now on: ``source()`` gives them all (the empty one first),
        ``label_of(value)`` the label of one value before they are made."""
        self._none_label = none_label
        self._label_of = label_of
        self._source = source
        self._filled = False

    def load(self, value: Any) -> None:
        if not self._filled:
            few: Choices = [(None, self._none_label)]
            if value is not None:
                few.append((value, self._label_of(value)))
            self.set_choices(few)
        super().load(value)

    def ensure_choices(self) -> None:
        """Make the whole list now (keeping the value shown)."""
        if self._filled or self._source is None:
            return
        self._filled = True
        shown = self.value()
        self.set_choices(self._source())
        super().load(shown)

    def showPopup(self) -> None:
        self.ensure_choices()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.ensure_choices()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.ensure_choices()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.ensure_choices()
        super().wheelEvent(event)


# ---- what an objective supports ----------------------------------------------------------
def _kr_label(data: WorkshopData, group: str, unit_id: int, title: str) -> str:
    name = data.units[unit_id].name or _tr("(unnamed)")
    title = title or _tr("(untitled)")
    if group == "above":
        label = _tr("{unit}: {kr}")
    elif group == "own":
        label = _tr("{unit} (own unit): {kr}")
    else:
        label = _tr("{unit} (sideways): {kr}")
    return label.format(unit=name, kr=title)


def alignment_label(data: WorkshopData, objective_id: int, kr_id: int) -> str:
    """The label of one key result among the objective's alignment choices."""
    kr = data.key_results.get(kr_id)
    supported = data.objectives.get(kr.objective_id) if kr is not None else None
    if kr is None or supported is None or supported.unit_id not in data.units:
        return str(kr_id)
    unit_id = data.objectives[objective_id].unit_id
    above = {u.id for u in data.unit_ancestors(unit_id)}
    group = "above" if supported.unit_id in above else "own"
    if supported.unit_id not in above and supported.unit_id != unit_id:
        group = "sideways"
    return _kr_label(data, group, supported.unit_id, kr.title)


def alignment_choices(data: WorkshopData, objective_id: int) -> Choices:
    """Key results the objective may support: the units above it first (the cascade),
    then its own unit, then every other unit; none that would make a circle."""
    from okr_studio.alignment import supporters_below

    unit_id = data.objectives[objective_id].unit_id
    above = [u.id for u in reversed(data.unit_ancestors(unit_id))]
    others = [u.id for u in data.walk_units() if u.id not in above and u.id != unit_id]
    circle = supporters_below(data, objective_id)
    choices: Choices = [(None, _tr("(no parent key result)"))]
    for group, units in (("above", above), ("own", [unit_id]), ("sideways", others)):
        for uid in units:
            for obj in data.objectives_of(uid):
                if obj.id not in circle:
                    choices += [
                        (kr.id, _kr_label(data, group, uid, kr.title))
                        for kr in data.key_results_of(obj.id)
                    ]
    return choices


def show_alignment(field: LazyChoiceField, data: WorkshopData, objective_id: int) -> None:
    """Give ``field`` the alignment choices of the objective (made when needed)."""
    field.set_source(
        _tr("(no parent key result)"),
        lambda kr_id: alignment_label(data, objective_id, kr_id),
        lambda: alignment_choices(data, objective_id),
    )


# ---- the unit a unit is part of -----------------------------------------------------------
def unit_name(data: WorkshopData, unit_id: int) -> str:
    unit = data.units.get(unit_id)
    return (unit.name if unit is not None else "") or _tr("(unnamed)")


def parent_unit_choices(data: WorkshopData, unit_id: int) -> Choices:
    """Every unit the unit may be part of (not itself nor one below it), top first."""
    below = {u.id for u in data.unit_descendants(unit_id)} | {unit_id}
    units = [(u.id, unit_name(data, u.id)) for u in data.walk_units() if u.id not in below]
    return [(None, _tr("(top of the tree)")), *units]


def show_parent_units(field: LazyChoiceField, data: WorkshopData, unit_id: int) -> None:
    """Give ``field`` the units the unit may be part of (made when needed)."""
    field.set_source(
        _tr("(top of the tree)"),
        lambda parent_id: unit_name(data, parent_id),
        lambda: parent_unit_choices(data, unit_id),
    )
