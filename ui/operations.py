"""Edit gestures shared by the canvas keys and the main window's menus.

Each function edits through :meth:`Document.execute` (so every edit is one
undoable step), shows a refusal with its reason via :mod:`ui.dialogs`, selects
what it created and returns its key (or None when nothing happened).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from okr_studio import services
from okr_studio.data import WorkshopData
from okr_studio.errors import OkrError
from okr_studio.events import Change
from okr_studio.mentions import title_numbers
from okr_studio.store import Workshop
from ui import dialogs
from ui.document import Document, ItemKey
from ui.numbers import locale_name


def _tr(text: str) -> str:
    return QCoreApplication.translate("Operations", text)


def _run(
    doc: Document, parent: QWidget | None, call: Callable[[Workshop], Change]
) -> Change | None:
    try:
        return doc.execute(call)
    except OkrError as exc:
        dialogs.show_error(parent, exc)
        return None


def _select_subject(doc: Document, change: Change | None) -> ItemKey | None:
    if change is None or change.subject is None:
        return None
    doc.select(change.subject)
    return change.subject


def add_objective(
    doc: Document, parent_widget: QWidget | None, unit_id: int, title: str | None = None
) -> ItemKey | None:
    """Add an objective to a unit; asks for its title unless one is given."""
    if title is None:
        unit = doc.data.units.get(unit_id)
        title = dialogs.ask_text(
            parent_widget,
            _tr("Add objective"),
            _tr("Objective of {unit}:").format(unit=unit.name)
            if unit
            else _tr("Objective of the unit:"),
        )
        if title is None:
            return None
    change = _run(doc, parent_widget, lambda ws: services.add_objective(ws, unit_id, title))
    return _select_subject(doc, change)


def add_key_result(
    doc: Document,
    objective_id: int,
    after_kr_id: int | None = None,
    *,
    title: str = "",
    without: Collection[str] = (),
    parent_widget: QWidget | None = None,
) -> ItemKey | None:
    """Add a key result under an objective: after ``after_kr_id``, or last.

    The title is read as one line (:func:`okr_studio.entry.read_entry`): "from 30 to 45"
    also sets the baseline and the target (and "%", the direction and a metric), "by Q3"
    the due date, "@Ana" the owner and "#debt" the work type, so the room sees them at once.
    Fields named in ``without`` are not read (a chip taken back while typing).
    """
    from okr_studio.entry import EntryContext, read_entry  # on first use (start-up time)

    entry = read_entry(
        title,
        EntryContext.of(doc.data, today=doc.clock() or dt.date.today(), locale=locale_name()),
        without=without,
    )
    title, fields = entry.title, dict[str, object](entry.fields)
    if after_kr_id is not None:
        ids = [kr.id for kr in doc.data.key_results_of(objective_id)]
        if after_kr_id in ids:
            fields["index"] = ids.index(after_kr_id) + 1
    change = _run(
        doc,
        parent_widget,
        lambda ws: services.add_key_result(ws, objective_id, title, **fields),
    )
    return _select_subject(doc, change)


def add_sibling(
    doc: Document, key: ItemKey, *, title: str = "", parent_widget: QWidget | None = None
) -> ItemKey | None:
    """The next item beside ``key``: a key result after a key result, or an objective
    of the same unit aligned to the same parent key result after an objective."""
    kind, item_id = key
    data = doc.data
    if kind == "key_result" and item_id in data.key_results:
        objective_id = data.key_results[item_id].objective_id
        return add_key_result(doc, objective_id, item_id, title=title, parent_widget=parent_widget)
    if kind == "objective" and item_id in data.objectives:
        obj = data.objectives[item_id]
        change = _run(
            doc,
            parent_widget,
            lambda ws: services.add_objective(
                ws, obj.unit_id, title, parent_kr_id=obj.parent_kr_id
            ),
        )
        return _select_subject(doc, change)
    if kind == "unit" and item_id in data.units:
        return add_objective(doc, parent_widget, item_id, title)
    return None


def _presentation_scale(widget: QWidget | None) -> float | None:
    """The wizard's type size: large where the room sees it (one screen, presenting),
    normal on the presenter view's console (see :func:`ui.presenter.room_sees`)."""
    from ui.presenter import dialog_scale

    return dialog_scale(widget)


def _give_back_focus(widget: QWidget | None) -> None:
    """After a modal step: the keyboard goes back where it was (the canvas, usually),
    even where the platform does not reactivate the window by itself."""
    if widget is None:
        return
    try:
        window = widget.window()
        if not window.isActiveWindow():
            window.activateWindow()
        widget.setFocus()
    except RuntimeError:  # the widget went with the file that was closed meanwhile
        pass


def add_aligned_objective(
    doc: Document, parent_widget: QWidget | None, kr_id: int
) -> ItemKey | None:
    """Cascade a key result into a team objective with the cascade wizard."""
    if kr_id not in doc.data.key_results:
        return None
    from ui.wizard import run_cascade_wizard

    had_focus = QApplication.focusWidget()
    try:
        new_id = run_cascade_wizard(
            parent_widget, doc, kr_id, font_scale=_presentation_scale(parent_widget)
        )
    except OkrError as exc:
        dialogs.show_error(parent_widget, exc)
        return None
    finally:
        _give_back_focus(had_focus)
    if new_id is None:
        return None
    doc.select(("objective", new_id))
    return ("objective", new_id)


def realign(
    doc: Document, objective_id: int, kr_id: int | None, parent_widget: QWidget | None = None
) -> bool:
    """Align an objective to another key result; a refusal is shown with its reason."""
    obj = doc.data.objectives.get(objective_id)
    if obj is None or obj.parent_kr_id == kr_id:
        return False
    change = _run(doc, parent_widget, lambda ws: services.align_objective(ws, objective_id, kr_id))
    if change is None:
        return False
    doc.select(("objective", objective_id))
    return True


def rename(doc: Document, key: ItemKey, title: str, parent_widget: QWidget | None = None) -> bool:
    kind, item_id = key
    data = doc.data
    if kind == "objective" and item_id in data.objectives:
        if data.objectives[item_id].title == title:
            return False
        call = lambda ws: services.update_objective(ws, item_id, title=title)  # noqa: E731
    elif kind == "key_result" and item_id in data.key_results:
        kr = data.key_results[item_id]
        if kr.title == title:
            return False
        extra = (
            title_numbers(title, locale_name()) if kr.baseline is None and kr.target is None else {}
        )
        if kr.unit_of_measure:
            extra.pop("unit_of_measure", None)
        if kr.direction != "increase":
            extra.pop("direction", None)
        call = lambda ws: services.update_key_result(ws, item_id, title=title, **extra)  # noqa: E731
    elif kind == "unit" and item_id in data.units:
        if data.units[item_id].name == title:
            return False
        call = lambda ws: services.rename_unit(ws, item_id, title)  # noqa: E731
    else:
        return False
    return _run(doc, parent_widget, call) is not None


# ---- delete -------------------------------------------------------------------------
def _plan(data: WorkshopData, keys: Sequence[ItemKey]) -> list[ItemKey]:
    """What to delete, without items that go anyway with another selected item."""
    units = {i for k, i in keys if k == "unit" and i in data.units}
    gone_units = set(units)
    for u in units:
        gone_units.update(d.id for d in data.unit_descendants(u))
    objectives = {
        i
        for k, i in keys
        if k == "objective"
        and i in data.objectives
        and data.objectives[i].unit_id not in gone_units
    }
    gone_objectives = objectives | {
        o.id for o in data.objectives.values() if o.unit_id in gone_units
    }
    krs = [
        i
        for k, i in keys
        if k == "key_result"
        and i in data.key_results
        and data.key_results[i].objective_id not in gone_objectives
    ]
    roots = [u for u in units if not any(data.is_ancestor_unit(v, u) for v in units if v != u)]
    return (
        [("key_result", i) for i in krs]
        + [("objective", i) for i in sorted(objectives)]
        + [("unit", i) for i in sorted(roots)]
    )


def describe_delete(data: WorkshopData, plan: Sequence[ItemKey]) -> tuple[str, str]:
    """The question and its detail: what else goes, and who loses their parent."""
    names: list[str] = []
    krs_gone: set[int] = set()
    objs_gone: set[int] = set()
    extra: list[str] = []
    for kind, item_id in plan:
        if kind == "key_result":
            names.append(f"key result “{data.key_results[item_id].title or 'Untitled'}”")
            krs_gone.add(item_id)
        elif kind == "objective":
            obj = data.objectives[item_id]
            names.append(f"objective “{obj.title or 'Untitled'}”")
            objs_gone.add(item_id)
            krs = data.key_results_of(item_id)
            krs_gone.update(k.id for k in krs)
            if krs:
                extra.append(
                    f"Its {len(krs)} key result{'s' if len(krs) != 1 else ''} "
                    f"go{'es' if len(krs) == 1 else ''} with it."
                )
        else:
            unit = data.units[item_id]
            below = [unit.id, *(d.id for d in data.unit_descendants(unit.id))]
            names.append(f"unit “{unit.name}”")
            objs = [o for o in data.objectives.values() if o.unit_id in below]
            objs_gone.update(o.id for o in objs)
            for o in objs:
                krs_gone.update(k.id for k in data.key_results_of(o.id))
            extra.append(
                f"{len(below) - 1} unit(s) below it and {len(objs)} objective(s) "
                "with their key results go with it."
            )
    orphans = [
        o for kr_id in sorted(krs_gone) for o in data.aligned_to(kr_id) if o.id not in objs_gone
    ]
    if orphans:
        lines = [f"• {data.units[o.unit_id].name}: {o.title or 'Untitled'}" for o in orphans[:12]]
        if len(orphans) > 12:
            lines.append(f"• … and {len(orphans) - 12} more")
        extra.append(
            "These objectives lose their parent key result and become unaligned:\n"
            + "\n".join(lines)
        )
    if len(names) == 1:
        question = f"Delete {names[0]}?"
    else:
        question = f"Delete these {len(names)} items?\n" + "\n".join(f"• {n}" for n in names)
    extra.append("You can undo this with Edit → Undo.")
    return question, "\n\n".join(extra)


def delete_selection(doc: Document, parent_widget: QWidget | None = None) -> bool:
    """Delete the selected items after saying what goes with them, as ONE undo step
    (one transaction: all of them are deleted, or none)."""
    data = doc.data
    plan = _plan(data, doc.selection)
    if not plan:
        return False
    question, detail = describe_delete(data, plan)
    if not dialogs.confirm(
        parent_widget,
        _tr("Delete"),
        question,
        detail=detail,
        ok_text=_tr("Delete"),
        destructive=True,
    ):
        return False
    after = _selection_after(data, plan)
    # One service call, one transaction: all of them go, or (a full disk) none does.
    if _run(doc, parent_widget, lambda ws: services.delete_items(ws, plan)) is None:
        return False
    doc.select(after)
    return True


def _selection_after(data: WorkshopData, plan: Sequence[ItemKey]) -> ItemKey | None:
    kind, item_id = plan[0]
    if kind == "key_result":
        return ("objective", data.key_results[item_id].objective_id)
    if kind == "objective":
        parent_kr = data.objectives[item_id].parent_kr_id
        if parent_kr is not None and parent_kr in data.key_results:
            return ("key_result", parent_kr)
        return ("unit", data.objectives[item_id].unit_id)
    parent = data.units[item_id].parent_id
    return ("unit", parent) if parent is not None else None
