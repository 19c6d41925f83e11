"""Canvas keyboard: the key map, tree walking, actions and context menus.

Keys (also listed in the context menu and in :data:`KEY_HELP`):

=========================  ===========================================================
Arrows                     walk the tree: Left parent, Right first child, Up/Down
                           siblings; Right enters a card's key results, Up/Down walk
                           them, Right on a key result goes to its aligned objective.
                           With nothing selected (or with Ctrl or Alt) they pan.
Home                       select the top card (the company's objective)
Enter                      on a key result: add the next key result after it;
                           on an objective: add a key result; on an empty unit: add
                           its objective
Insert, Ctrl+Enter         add a key result under the objective
Shift+Enter, Ctrl+Shift+N  add a sibling objective (same unit, same parent key result)
Ctrl+Shift+Right           on a key result: add a team objective aligned to it
F2, double-click           rename in place (Enter keeps, Esc cancels; Esc on an item
                           just added takes it away)
Delete, Backspace          delete the selection (after saying what goes with it)
Space, -, +                collapse/expand, collapse, expand the branch
Ctrl+Shift+I               show / hide the initiatives of the key result (of all the
                           objective's key results) on the card
Ctrl+= / Ctrl+- / Ctrl+0   zoom in / out / 100 %;  Ctrl+9 fit, Ctrl+8 fit selection
Ctrl+F, F3, Shift+F3       find, next, previous
F5, Esc                    presentation mode on / off
=========================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMainWindow

from okr_studio.keys import ItemKey

if TYPE_CHECKING:
    from ui.canvas.view import CanvasView
    from ui.document import Document

K = Qt.Key
M = Qt.KeyboardModifier

KEY_HELP = __doc__.split("\n\n", 2)[2].strip() if __doc__ else ""


def key_help_rows() -> list[tuple[str, str]]:
    """(what, keys) for each line of the key table above, for the shortcuts list."""
    rows: list[tuple[str, str]] = []
    lines = [ln for ln in KEY_HELP.splitlines() if ln.strip() and not ln.startswith("=")]
    width = KEY_HELP.splitlines()[0].index(" ") if KEY_HELP else 0
    for line in lines:
        keys_, what = line[:width].strip(), line[width:].strip()
        if keys_ or not rows:
            rows.append((what, keys_))
        else:  # a description continued on the next line
            rows[-1] = (f"{rows[-1][0]} {what}", rows[-1][1])
    return rows


# ---- gestures ------------------------------------------------------------------------
def _editable(view: CanvasView) -> Document | None:
    """The document to edit; None, with a note in the status bar, when the open file
    is read-only (or no file is shown)."""
    doc = view.document
    if doc is None or not doc.read_only:
        return doc
    window = view.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "CanvasKeys",
                "“{name}” is open read-only. Use File → Save As to make an editable copy.",
            ).format(name=doc.path.name),
            6000,
        )
    return None


def _objective_of(doc: Document, key: ItemKey | None) -> int | None:
    if key is None:
        return None
    data = doc.data
    if key[0] == "objective":
        return key[1]
    if key[0] == "key_result" and key[1] in data.key_results:
        return data.key_results[key[1]].objective_id
    return None


def _add_then_edit(view: CanvasView, add: Callable[..., ItemKey | None]) -> None:
    """Add an empty item and type its title in place; the add and the title are one undo
    step (``add`` makes the item again with its title)."""
    new = add()
    if new is not None:
        view.editor.start(new, add)


def add_key_result(view: CanvasView) -> None:
    doc = _editable(view)
    if doc is None:
        return
    key = doc.current
    obj = _objective_of(doc, key)
    if obj is None:
        return
    after = key[1] if key is not None and key[0] == "key_result" else None

    def add(title: str = "", without: Collection[str] = ()) -> ItemKey | None:
        from ui import operations  # (with the services: after the first paint)

        return operations.add_key_result(
            doc, obj, after, title=title, without=without, parent_widget=view
        )

    _add_then_edit(view, add)


def add_next(view: CanvasView) -> None:
    doc = _editable(view)
    if doc is None:
        return
    key = doc.current
    if key is None:
        return
    if key[0] == "unit":
        unit_id = key[1]

        def add(title: str = "") -> ItemKey | None:
            from ui import operations  # (with the services: after the first paint)

            return operations.add_objective(doc, view, unit_id, title=title)

        _add_then_edit(view, add)
        return
    add_key_result(view)


def add_sibling_objective(view: CanvasView) -> None:
    doc = _editable(view)
    if doc is None:
        return
    key = doc.current
    obj = _objective_of(doc, key)
    target = ("objective", obj) if obj is not None else key
    if target is None:
        return

    def add(title: str = "") -> ItemKey | None:
        from ui import operations  # (with the services: after the first paint)

        return operations.add_sibling(doc, target, title=title, parent_widget=view)

    _add_then_edit(view, add)


def add_aligned(view: CanvasView) -> None:
    doc = _editable(view)
    key = doc.current if doc is not None else None
    if doc is None or key is None or key[0] != "key_result":
        return
    from ui import operations  # (with the services: after the first paint)

    operations.add_aligned_objective(doc, view, key[1])


def rename(view: CanvasView) -> None:
    doc = _editable(view)
    key = doc.current if doc is not None else None
    if key is not None:
        view.editor.start(key)


def delete(view: CanvasView) -> None:
    doc = _editable(view)
    if doc is not None:
        from ui import operations  # (with the services: after the first paint)

        operations.delete_selection(doc, view)


def _current(view: CanvasView) -> ItemKey | None:
    return view.document.current if view.document is not None else None


def toggle_collapse(view: CanvasView, collapsed: bool | None = None) -> None:
    key = _current(view)
    node = view.canvas_scene.node_of(key) if key else None
    if node is not None and view.canvas_scene.toggle_collapsed(node, collapsed):
        view.ensure_visible(node)


def collapse_children(view: CanvasView) -> None:
    """Fold the branches below the selected card's children (below the top cards if none)."""
    key = _current(view)
    node = view.canvas_scene.node_of(key) if key else None
    view.canvas_scene.collapse_children(node)


# ---- walking the tree ----------------------------------------------------------------------
def step(view: CanvasView, direction: str) -> ItemKey | None:
    """The item an arrow key moves to from the current one (None: stay)."""
    scene, doc = view.canvas_scene, view.document
    key = doc.current if doc is not None else None
    if doc is None or key is None:
        return None
    data = doc.data
    kind, item_id = key
    if kind == "key_result":
        kr = data.key_results.get(item_id)
        if kr is None:
            return None
        rows = [k.id for k in data.key_results_of(kr.objective_id)]
        i = rows.index(item_id)
        if direction == "left":
            return ("objective", kr.objective_id)
        if direction == "up":
            return ("key_result", rows[i - 1]) if i > 0 else ("objective", kr.objective_id)
        if direction == "down":
            return ("key_result", rows[i + 1]) if i + 1 < len(rows) else None
        aligned = data.aligned_to(item_id)
        if aligned:
            target: ItemKey = ("objective", aligned[0].id)
            scene.reveal(target)
            return target
        return None
    node = scene.node_of(key)
    if node is None:
        return None
    if direction == "left":
        if node[0] == "objective":
            parent_kr = data.objectives[node[1]].parent_kr_id
            if parent_kr is not None and scene.parent_of(node) == (
                "objective",
                data.key_results[parent_kr].objective_id,
            ):
                return ("key_result", parent_kr)
        return scene.parent_of(node)
    if direction == "right":
        if node[0] == "objective" and data.key_results_of(node[1]):
            return ("key_result", data.key_results_of(node[1])[0].id)
        kids = scene.children_of(node)
        if kids:
            scene.reveal(kids[0])
            if node in scene.collapsed:
                scene.toggle_collapsed(node, False)
            return kids[0]
        return None
    siblings = scene.siblings_of(node)
    if node not in siblings:
        return None
    i = siblings.index(node) + (1 if direction == "down" else -1)
    return siblings[i] if 0 <= i < len(siblings) else None


def select_top(view: CanvasView) -> None:
    """Home: the first card of the top level, where a walk through the tree starts."""
    roots = view.canvas_scene.tree()[0]
    if roots and view.document is not None:
        view.document.select(roots[0])


def walk(view: CanvasView, direction: str) -> None:
    target = step(view, direction)
    if target is not None and view.document is not None:
        view.document.select(target)


def toggle_presentation(view: CanvasView) -> None:
    """F5: the main window's presentation mode (docks hidden) when there is one."""
    window = view.window()
    toggle = getattr(window, "toggle_presentation", None)
    if window is not view and callable(toggle):
        toggle()
    else:
        view.set_presentation(not view.presenting)


def leave_presentation(view: CanvasView) -> None:
    if view.presenting:
        toggle_presentation(view)


def pan(view: CanvasView, dx: int, dy: int) -> None:
    h, v = view.horizontalScrollBar(), view.verticalScrollBar()
    h.setValue(h.value() + dx * max(40, view.viewport().width() // 8))
    v.setValue(v.value() + dy * max(40, view.viewport().height() // 8))


_ARROWS = {
    K.Key_Left: ("left", -1, 0),
    K.Key_Right: ("right", 1, 0),
    K.Key_Up: ("up", 0, -1),
    K.Key_Down: ("down", 0, 1),
}


def handle_key(view: CanvasView, event: QKeyEvent) -> bool:
    """Handle a key pressed on the canvas; False lets the view handle it."""
    key = Qt.Key(event.key())
    mods = event.modifiers() & ~M.KeypadModifier
    ctrl = bool(mods & M.ControlModifier)
    shift = bool(mods & M.ShiftModifier)
    if key in _ARROWS:
        direction, dx, dy = _ARROWS[key]
        if ctrl and shift and key == K.Key_Right:
            add_aligned(view)
        elif ctrl or mods & M.AltModifier or _current(view) is None:
            pan(view, dx, dy)
        else:
            walk(view, direction)
        return True
    if key == K.Key_Escape:
        if view.find_bar.isVisible():
            view.find_bar.close_bar()
        elif view.presenting:
            leave_presentation(view)
        else:
            view.cancel_interaction()
        return True
    if key in (K.Key_Return, K.Key_Enter):
        if ctrl:
            add_key_result(view)
        elif shift:
            add_sibling_objective(view)
        else:
            add_next(view)
        return True
    table = {
        (K.Key_Home, False, False): select_top,
        (K.Key_Insert, False, False): add_key_result,
        (K.Key_N, True, True): add_sibling_objective,
        (K.Key_F2, False, False): rename,
        (K.Key_Delete, False, False): delete,
        (K.Key_Backspace, False, False): delete,
        (K.Key_Space, False, False): toggle_collapse,
        (K.Key_Minus, False, False): lambda v: toggle_collapse(v, True),
        (K.Key_Plus, False, False): lambda v: toggle_collapse(v, False),
        (K.Key_Plus, False, True): lambda v: toggle_collapse(v, False),
        (K.Key_Equal, True, False): lambda v: v.zoom_in(),
        (K.Key_Plus, True, False): lambda v: v.zoom_in(),
        (K.Key_Plus, True, True): lambda v: v.zoom_in(),
        (K.Key_Minus, True, False): lambda v: v.zoom_out(),
        (K.Key_0, True, False): lambda v: v.zoom_reset(),
        (K.Key_9, True, False): lambda v: v.fit_to_window(),
        (K.Key_8, True, False): lambda v: v.fit_to_selection(),
        (K.Key_F, True, False): lambda v: v.find_bar.open_bar(),
        (K.Key_F3, False, False): lambda v: v.find_bar.find_next(),
        (K.Key_F3, False, True): lambda v: v.find_bar.find_next(backwards=True),
        (K.Key_F5, False, False): toggle_presentation,
    }
    action = table.get((key, ctrl, shift))
    if action is None:
        return False
    action(view)
    return True


# ---- actions and menus ---------------------------------------------------------------------------
#: (name, menu text, shortcuts the canvas owns, shortcut only shown: the main window has it)
