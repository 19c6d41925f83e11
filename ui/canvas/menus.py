"""The canvas's actions (its gestures with their shortcuts) and its context menus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from okr_studio.keys import ItemKey
from ui import operations
from ui.canvas.initiative_lines import toggle_selected
from ui.canvas.keys import (
    add_aligned,
    add_key_result,
    add_sibling_objective,
    collapse_children,
    delete,
    rename,
    toggle_collapse,
    toggle_presentation,
)

if TYPE_CHECKING:
    from ui.canvas.base import CanvasBase
    from ui.canvas.view import CanvasView

_ACTIONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("add_key_result", "Add Key Result", ("Insert", "Ctrl+Return"), ""),
    ("add_sibling_objective", "Add Sibling Objective", ("Shift+Return", "Ctrl+Shift+N"), ""),
    ("add_aligned", "Add Aligned Team Objective…", ("Ctrl+Shift+Right",), ""),
    ("rename", "Rename", (), "F2"),
    ("delete", "Delete…", (), "Del"),
    ("toggle_collapse", "Collapse / Expand Branch", ("Space",), ""),
    ("collapse_children", "Collapse the Level Below", (), ""),
    ("toggle_initiatives", "Show / Hide Initiatives", ("Ctrl+Shift+I",), ""),
    ("expand_all", "Expand All", (), ""),
    ("zoom_in", "Zoom In", (), "Ctrl++"),
    ("zoom_out", "Zoom Out", (), "Ctrl+-"),
    ("zoom_reset", "Actual Size (100 %)", (), "Ctrl+0"),
    ("fit", "Fit to Window", (), "Ctrl+9"),
    ("fit_selection", "Fit to Selection", (), "Ctrl+8"),
    ("find", "Find…", (), "Ctrl+F"),
    ("find_next", "Find Next", (), "F3"),
    ("find_previous", "Find Previous", (), "Shift+F3"),
    ("presentation", "Presentation Mode", (), "F5"),
)


def make_actions(view: CanvasView) -> dict[str, QAction]:
    """The canvas gestures as actions; shortcuts work while the canvas has focus.

    The main window can put these very actions in its menus (no duplicate shortcuts).
    """
    calls = {
        "add_key_result": add_key_result,
        "add_sibling_objective": add_sibling_objective,
        "add_aligned": add_aligned,
        "rename": rename,
        "delete": delete,
        "toggle_collapse": toggle_collapse,
        "collapse_children": collapse_children,
        "toggle_initiatives": toggle_selected,
        "expand_all": lambda v: v.canvas_scene.expand_all(),
        "zoom_in": lambda v: v.zoom_in(),
        "zoom_out": lambda v: v.zoom_out(),
        "zoom_reset": lambda v: v.zoom_reset(),
        "fit": lambda v: v.fit_to_window(),
        "fit_selection": lambda v: v.fit_to_selection(),
        "find": lambda v: v.find_bar.open_bar(),
        "find_next": lambda v: v.find_bar.find_next(),
        "find_previous": lambda v: v.find_bar.find_next(backwards=True),
        "presentation": toggle_presentation,
    }
    out: dict[str, QAction] = {}
    for name, text, shortcuts, shown in _ACTIONS:
        # Keys the main window also binds are handled by the canvas's key handler
        # only, so the two never make an ambiguous shortcut.
        label = QCoreApplication.translate("CanvasActions", text)  # the names above
        action = QAction(f"{label}\t{shown}" if shown else label, view)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _c=False, f=calls[name]: f(view))
        view.addAction(action)
        out[name] = action
    out["presentation"].setCheckable(True)
    view.presentationChanged.connect(out["presentation"].setChecked)
    return out


def context_menu(view: CanvasBase, key: ItemKey | None, kr_id: int | None) -> QMenu:
    """The menu for a card, a key result row, or empty canvas."""
    a = view.actions_by_name
    menu = QMenu(view)
    if kr_id is not None:
        if "check_in" in a:  # the window's Check In… (ui.review_mode), when it gives one
            menu.addAction(a["check_in"])
        if view.document is not None and view.document.data.initiatives_of(kr_id):
            menu.addAction(a["toggle_initiatives"])
        menu.addSeparator()
        menu.addAction(a["add_aligned"])
        menu.addAction(a["add_key_result"])
        menu.addSeparator()
        menu.addAction(a["rename"])
        menu.addAction(a["delete"])
    elif key is not None and key[0] == "objective":
        menu.addAction(a["add_key_result"])
        menu.addAction(a["add_sibling_objective"])
        menu.addSeparator()
        menu.addAction(a["rename"])
        menu.addAction(a["toggle_collapse"])
        menu.addAction(a["collapse_children"])
        data = view.document.data if view.document is not None else None
        if data is not None and any(data.initiatives_of(k.id) for k in data.key_results_of(key[1])):
            menu.addAction(a["toggle_initiatives"])
        menu.addAction(a["expand_all"])
        menu.addAction(a["fit_selection"])
        menu.addSeparator()
        menu.addAction(a["delete"])
    elif key is not None:
        doc, unit_id = view.document, key[1]
        if doc is not None:
            act = menu.addAction(menu.tr("Add Objective…"))
            act.triggered.connect(lambda: operations.add_objective(doc, view, unit_id))
        menu.addAction(a["rename"])
        menu.addAction(a["delete"])
    else:
        for name in ("zoom_in", "zoom_out", "zoom_reset", "fit", "find"):
            menu.addAction(a[name])
        menu.addSeparator()
        menu.addAction(a["collapse_children"])
        menu.addAction(a["expand_all"])
    menu.addSeparator()
    menu.addAction(a["presentation"])
    return menu
