"""Edit and Insert menu gestures of the main window.

Each gesture works on the document's selection and edits only through
``doc.execute`` (one undoable step). Where the canvas offers the gesture
itself (in-place rename, find with highlighting) the canvas does it.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from okr_studio.errors import OkrError
from ui import dialogs

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.events import Change
    from okr_studio.store import Workshop
    from ui.document import Document, ItemKey
    from ui.main_window import MainWindow


def _ops() -> ModuleType:
    from ui import operations  # imported on first use: keeps start-up light

    return operations


def _doc(window: MainWindow) -> Document | None:
    return window.document


def _execute(window: MainWindow, call: Callable[[Workshop], Change]) -> Change | None:
    """One service call as one undoable step; a refusal is shown (and gives None)."""
    doc = window.document
    if doc is None:
        return None
    try:
        return doc.execute(call)
    except OkrError as exc:
        dialogs.show_error(window, exc)
        return None


def _run(window: MainWindow, call: Callable[[Workshop], Change]) -> bool:
    change = _execute(window, call)
    doc = window.document
    if change is None or doc is None:
        return False
    if change.subject is not None and doc.exists(change.subject):
        doc.select(change.subject)
    return True


def item_label(data: WorkshopData, key: ItemKey) -> str:
    kind, item_id = key
    if kind == "unit":
        return data.units[item_id].name
    if kind == "objective":
        return data.objectives[item_id].title
    return data.key_results[item_id].title


# ---- Edit ------------------------------------------------------------------------------
def _tr(text: str) -> str:
    return QCoreApplication.translate("Edit", text)


def copy_selection(window: MainWindow) -> bool:
    """Copy the selection as Markdown, a table and tab-separated rows (see
    :mod:`ui.exchange_clipboard`)."""
    from ui import exchange_clipboard

    return exchange_clipboard.copy_selection(window) is not None


#: More lines than this in one paste are probably not a list of key results.
PASTE_LIMIT = 30


def paste(window: MainWindow) -> list[ItemKey] | bool:
    """Paste: rows with a header or an outline go through the import preview
    (:func:`ui.exchange_clipboard.paste_preview`); a simple list of lines becomes new
    items at once, one undoable step (one transaction).

    With an objective or one of its key results selected, each line becomes a key
    result of that objective; with a unit selected, each line becomes an objective
    of the unit. Handy for a list typed elsewhere during the workshop. The rule that
    tells a list from rows or an outline: :func:`okr_studio.exchange.clipboard.paste_kind`.
    """
    from okr_studio.exchange.clipboard import paste_kind, plain_lines
    from ui import exchange_clipboard as clip

    doc = _doc(window)
    if doc is None or doc.read_only:
        return []
    text, tsv = clip.clipboard_text()
    if text.strip() and paste_kind(text, offers_tsv=tsv) != "lines":
        return clip.paste_preview(window, text)
    lines = plain_lines(text)
    if not lines:
        window.statusBar().showMessage(_tr("The clipboard holds no text to paste."), 4000)
        return []
    if doc.current is None:
        dialogs.show_info(
            window,
            _tr(
                "Select a unit or an objective first: each pasted line becomes an "
                "objective of the unit or a key result of the objective."
            ),
        )
        return []
    if len(lines) > PASTE_LIMIT:
        text = _tr("The clipboard holds {count} lines; paste at most {limit} at once.")
        dialogs.show_info(window, text.format(count=len(lines), limit=PASTE_LIMIT))
        return []
    return _paste_lines(window, doc, doc.current, lines)


def _paste_lines(
    window: MainWindow, doc: Document, key: ItemKey, lines: list[str]
) -> list[ItemKey]:
    """Each line a new objective of the unit ``key`` or a new key result of the objective
    ``key`` (or of the key result's objective), as one undoable step."""
    from okr_studio import services

    kind, item_id = key
    items = [{"title": line} for line in lines]
    table = "objective" if kind == "unit" else "key_result"
    if kind == "unit":
        label = _tr("Paste 1 objective") if len(lines) == 1 else _tr("Paste {count} objectives")
    else:
        label = _tr("Paste 1 key result") if len(lines) == 1 else _tr("Paste {count} key results")
    label = label.format(count=len(lines))
    call: Callable[[Workshop], Change]
    if kind == "unit":
        call = lambda ws: services.add_objectives(ws, item_id, items, label=label)  # noqa: E731
    else:
        objective = item_id if kind == "objective" else doc.data.key_results[item_id].objective_id
        call = lambda ws: services.add_key_results(ws, objective, items, label=label)  # noqa: E731
    change = _execute(window, call)
    if change is None:
        return []
    added = [(r.table, r.id) for r in change.rows if r.kind == "added" and r.table == table]
    if added:
        doc.select(added[0])
    return added


def delete_selection(window: MainWindow) -> bool:
    """Delete the selection after saying what else goes with it (one undoable step)."""
    doc = _doc(window)
    if doc is None or not doc.selection:
        return False
    return _ops().delete_selection(doc, window)


def rename(window: MainWindow) -> bool:
    """Edit the selected title in place on the canvas, or ask for it."""
    doc = _doc(window)
    if doc is None or doc.current is None:
        return False
    if window.canvas_call("edit_current"):
        return True
    kind = doc.current[0]
    old = item_label(doc.data, doc.current)
    label = _tr("New name:") if kind == "unit" else _tr("New title:")
    new = dialogs.ask_text(window, _tr("Rename"), label, old)
    if new is None:
        return False
    return _ops().rename(doc, doc.current, new, window)


#: The field Edit Details jumps to: the first one a title does not already say
#: (for a key result: the first of baseline, target and owner still empty).
DETAIL_FIELDS = {"unit": "level", "objective": "owner_name", "key_result": "baseline"}


def edit_details(window: MainWindow) -> bool:
    """Put the keyboard in the inspector on the selection's details (Esc comes back)."""
    doc = _doc(window)
    if doc is None:
        return False
    field = DETAIL_FIELDS[doc.current[0]] if doc.current is not None else "name"
    if doc.current is not None and doc.current[0] == "key_result":
        kr = doc.data.key_results[doc.current[1]]
        empty = [
            name
            for name, value in (
                ("baseline", kr.baseline),
                ("target", kr.target),
                ("owner_name", kr.owner_id),
            )
            if value is None
        ]
        field = empty[0] if empty else field  # the first that still needs saying
    return window.focus_inspector(field)


def start_find(window: MainWindow) -> bool:
    """Open the canvas's find bar (titles and owners)."""
    bar = getattr(window.canvas, "find_bar", None)
    if bar is None:
        return False
    bar.open_bar()
    return True


def find_next(window: MainWindow) -> ItemKey | None:
    bar = getattr(window.canvas, "find_bar", None)
    return bar.find_next() if bar is not None else None


# ---- Insert ------------------------------------------------------------------------------
def unit_of(data: WorkshopData, key: ItemKey | None) -> int | None:
    if key is None:
        return None
    kind, item_id = key
    if kind == "unit":
        return item_id
    if kind == "objective":
        return data.objectives[item_id].unit_id
    return data.objectives[data.key_results[item_id].objective_id].unit_id


def insert_unit(window: MainWindow) -> bool:
    doc = _doc(window)
    if doc is None:
        return False
    data = doc.data
    parent = unit_of(data, doc.current)
    if parent is None and data.units:
        parent = data.root_units()[0].id
    if parent is None:
        level = "company"
    else:
        depth = data.unit_depth(parent)
        level = ("department", "team")[min(depth, 1)]
        siblings = data.child_units(parent)
        if siblings and siblings[-1].level:
            level = siblings[-1].level
    question = (
        _tr("Name of the new {level} under “{parent}”:").format(
            level=level, parent=data.units[parent].name
        )
        if parent is not None
        else _tr("Name of the new {level}:").format(level=level)
    )
    name = dialogs.ask_text(window, _tr("New unit"), question)
    if not name:
        return False
    from okr_studio import services

    return _run(window, lambda ws: services.add_unit(ws, name, level, parent))


def insert_objective(window: MainWindow) -> bool:
    doc = _doc(window)
    if doc is None:
        return False
    unit = unit_of(doc.data, doc.current)
    if unit is None:
        if not doc.data.units:
            dialogs.show_info(
                window, _tr("Add a unit first (Insert → Unit): objectives belong to one.")
            )
            return False
        unit = doc.data.root_units()[0].id
    editor = getattr(window.canvas, "editor", None)
    if editor is None or doc.read_only:
        return _ops().add_objective(doc, window, unit) is not None

    def add(title: str = "") -> object:
        return _ops().add_objective(doc, window, unit, title=title)

    # Like Enter on the canvas: the new card's title is ready for typing, and Esc
    # takes the card away again.
    new = add()
    if new is None:
        return False
    editor.start(new, add)
    return True


def insert_key_result(window: MainWindow) -> bool:
    doc = _doc(window)
    if doc is None or doc.current is None or doc.current[0] == "unit":
        dialogs.show_info(window, _tr("Select an objective first: a key result belongs to one."))
        return False
    kind, item_id = doc.current
    after = item_id if kind == "key_result" else None
    objective = item_id if kind == "objective" else doc.data.key_results[item_id].objective_id

    def add(title: str = "") -> object:
        return _ops().add_key_result(doc, objective, after, title=title, parent_widget=window)

    key = add()
    if key is None:
        return False
    editor = getattr(window.canvas, "editor", None)
    if editor is None or not editor.start(key, add):  # Esc takes the new row away again
        window.focus_inspector("title")
    return True


def insert_aligned_objective(window: MainWindow) -> bool:
    """Add a team objective aligned to the selected key result (the cascade step)."""
    doc = _doc(window)
    if doc is None or doc.current is None or doc.current[0] != "key_result":
        dialogs.show_info(
            window, _tr("Select a key result first: the new team objective will support it.")
        )
        return False
    return _ops().add_aligned_objective(doc, window, doc.current[1]) is not None
