"""The main window's actions, menus, toolbar and the keyboard shortcuts list.

Actions only call methods of the window (file handling) or of
:mod:`ui.window_edit` (edit and insert gestures); they hold no logic. The
shortcuts dialog is generated from the actions, so it can never go stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from ui import theme, window_edit

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from ui.main_window import MainWindow

Std = QKeySequence.StandardKey


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowActions", text)


class WindowActions:
    """Every QAction of the main window, by attribute name."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        w = window
        a = self._make
        # File
        self.new = a(_tr("&New Workshop…"), w.new_workshop, Std.New)
        self.open = a(_tr("&Open…"), w.open_dialog, Std.Open)
        self.open_sample = a(_tr("Open the &Sample Workshop"), w.open_sample)
        self.save_as = a(_tr("Save &As…"), w.save_as, Std.SaveAs, "Ctrl+Shift+S")
        self.import_file = a(_tr("&Import…"), w.import_file, None, "Ctrl+I")
        self.import_file.setToolTip(_tr("A spreadsheet, a JSON export or an outline, previewed"))
        self.export = a(_tr("&Export…"), w.export_sheets, None, "Ctrl+E")
        self.export.setToolTip(_tr("Alignment sheets (PDF), a spreadsheet, Markdown or JSON"))
        self.close = a(_tr("&Close Workshop"), w.close_workshop, Std.Close)
        self.quit = a(_tr("&Quit"), w.close, Std.Quit, "Ctrl+Q")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        # Edit
        self.undo = a(_tr("&Undo"), w.undo, Std.Undo)
        self.redo = a(_tr("&Redo"), w.redo, Std.Redo)
        self.copy = a(_tr("&Copy"), lambda: window_edit.copy_selection(w), Std.Copy)
        self.paste = a(_tr("&Paste as New Items"), lambda: window_edit.paste(w), Std.Paste)
        self.delete = a(_tr("&Delete"), lambda: window_edit.delete_selection(w), Std.Delete)
        self.rename = a(_tr("Re&name"), lambda: window_edit.rename(w), None, "F2")
        self.edit_details = a(
            _tr("Edit &Details"), lambda: window_edit.edit_details(w), None, "Alt+Return"
        )
        self.edit_details.setToolTip(
            _tr("Baseline, target, owner… of the selection in the inspector (Esc comes back)")
        )
        self.find = a(_tr("&Find…"), lambda: window_edit.start_find(w), Std.Find)
        self.find_next = a(_tr("Find &Next"), lambda: window_edit.find_next(w), Std.FindNext, "F3")
        # View
        self.zoom_in = a(_tr("Zoom &In"), lambda: w.canvas_call("zoom_in"), Std.ZoomIn)
        self.zoom_out = a(_tr("Zoom &Out"), lambda: w.canvas_call("zoom_out"), Std.ZoomOut)
        self.zoom_reset = a(
            _tr("&Actual Size (100 %)"), lambda: w.canvas_call("zoom_reset"), None, "Ctrl+0"
        )
        self.fit_all = a(_tr("&Fit Everything"), lambda: w.canvas_call("fit_all"), None, "Ctrl+9")
        self.fit_selection = a(
            _tr("Fit &Selection"), lambda: w.canvas_call("fit_selection"), None, "Ctrl+8"
        )
        self.presentation = a(_tr("&Presentation Mode"), w.toggle_presentation, None, "F5")
        self.presentation.setCheckable(True)
        self.theme_group = QActionGroup(window)
        self.themes: dict[str, QAction] = {}
        for value, label in (
            ("system", _tr("&System")),
            ("light", _tr("&Light")),
            ("dark", _tr("&Dark")),
        ):
            act = a(label, lambda v=value: w.set_theme(v))
            act.setCheckable(True)
            act.setChecked(theme.choice() == value)
            self.theme_group.addAction(act)
            self.themes[value] = act
        self._insert_and_help_actions()

    def _insert_and_help_actions(self) -> None:
        w = self.window
        a = self._make
        # Insert
        self.insert_unit = a(
            _tr("&Unit…"), lambda: window_edit.insert_unit(w), None, "Ctrl+Shift+U"
        )
        self.insert_objective = a(
            _tr("&Objective"), lambda: window_edit.insert_objective(w), None, "Ctrl+Shift+O"
        )
        self.insert_kr = a(
            _tr("&Key Result"), lambda: window_edit.insert_key_result(w), None, "Ctrl+Shift+K"
        )
        self.insert_aligned = a(
            _tr("&Aligned Team Objective…"),
            lambda: window_edit.insert_aligned_objective(w),
            None,
            "Ctrl+Shift+T",
        )
        for act, listed in (
            (self.insert_unit, _tr("Insert Unit")),
            (self.insert_objective, _tr("Insert Objective")),
            (self.insert_kr, _tr("Insert Key Result")),
            (self.insert_aligned, _tr("Insert Aligned Team Objective")),
        ):
            act.setProperty("listed_as", listed)
        # Help
        self.shortcuts = a(
            _tr("&Keyboard Shortcuts"), lambda: show_shortcuts(w, self), None, "Ctrl+/"
        )
        self.about = a(_tr("&About OKR Studio"), w.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

    def _make(
        self,
        text: str,
        slot: Callable[[], object],
        standard: QKeySequence.StandardKey | None = None,
        fallback: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        keys: list[QKeySequence] = []
        if standard is not None:
            keys = list(QKeySequence.keyBindings(standard))
        if not keys and fallback:
            keys = [QKeySequence(fallback)]
        if keys:
            action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work in presentation mode too
        return action

    # ---- which actions need what ------------------------------------------------------
    def document_actions(self) -> list[QAction]:
        return [
            self.save_as, self.export, self.close, self.copy, self.edit_details, self.find,
            self.find_next,
            self.zoom_in, self.zoom_out, self.zoom_reset, self.fit_all, self.fit_selection,
            self.presentation,
        ]  # fmt: skip

    def editing_actions(self) -> list[QAction]:
        return [
            self.delete, self.rename, self.paste, self.insert_unit, self.insert_objective,
            self.insert_kr, self.insert_aligned,
        ]  # fmt: skip

    def all(self) -> list[QAction]:
        return [v for v in vars(self).values() if isinstance(v, QAction)] + list(
            self.themes.values()
        )


def build_menus(window: MainWindow, acts: WindowActions) -> dict[str, QMenu]:
    bar = window.menuBar()
    menus: dict[str, QMenu] = {}
    file = menus["file"] = bar.addMenu(_tr("&File"))
    file.addActions([acts.new, acts.open])
    window.recent_menu = file.addMenu(_tr("Open &Recent"))
    file.addAction(acts.open_sample)
    file.addSeparator()
    file.addActions([acts.save_as, acts.import_file, acts.export])
    file.addSeparator()
    file.addActions([acts.close, acts.quit])
    edit = menus["edit"] = bar.addMenu(_tr("&Edit"))
    edit.addActions([acts.undo, acts.redo])
    edit.addSeparator()
    edit.addActions([acts.copy, acts.paste, acts.delete, acts.rename, acts.edit_details])
    edit.addSeparator()
    edit.addActions([acts.find, acts.find_next])
    view = menus["view"] = bar.addMenu(_tr("&View"))
    view.addActions([acts.zoom_in, acts.zoom_out, acts.zoom_reset, acts.fit_all,
                     acts.fit_selection])  # fmt: skip
    view.addSeparator()
    view.addAction(acts.presentation)
    themes = view.addMenu(_tr("&Theme"))
    themes.addActions(list(acts.themes.values()))
    view.addSeparator()
    menus["panels"] = view.addMenu(_tr("&Panels"))
    insert = menus["insert"] = bar.addMenu(_tr("&Insert"))
    insert.addActions([acts.insert_unit, acts.insert_objective, acts.insert_kr,
                       acts.insert_aligned])  # fmt: skip
    help_ = menus["help"] = bar.addMenu(_tr("&Help"))
    help_.addActions([acts.shortcuts, acts.about])
    return menus


def build_toolbar(window: MainWindow, acts: WindowActions) -> QToolBar:
    from PySide6.QtCore import Qt  # (made after the first paint, as the Qt namespace loads)

    bar = QToolBar(_tr("Toolbar"), window)
    bar.setObjectName("mainToolBar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.addActions([acts.undo, acts.redo])
    bar.addSeparator()
    bar.addActions([acts.insert_unit, acts.insert_objective, acts.insert_kr, acts.insert_aligned])
    bar.addSeparator()
    bar.addActions([acts.zoom_out, acts.zoom_in, acts.fit_all])
    bar.addSeparator()
    bar.addAction(acts.presentation)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar


def _on_keyboard(sequence: QKeySequence) -> bool:
    from PySide6.QtCore import Qt

    # PySide6's stub leaves out QKeySequence[i] (the i-th key combination).
    key = sequence[0].key()  # pyright: ignore[reportIndexIssue]
    return key <= Qt.Key.Key_F12 and key != Qt.Key.Key_unknown


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action of ``window`` that has a shortcut, sorted by menu text."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        # Leave out the platform's extra bindings on keys few keyboards have
        # (Copy, Open, F16…): the list is for people looking for a key to press.
        keys = [k for k in action.shortcuts() if not k.isEmpty() and _on_keyboard(k)]
        if not keys:
            continue
        what = action.property("listed_as") or action.text().replace("&", "").removesuffix("…")
        what = what.split("\t")[0]
        shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        rows[what] = shown
    return sorted(rows.items(), key=lambda r: r[0].casefold())


def show_shortcuts(window: QWidget, _acts: WindowActions | None = None) -> QDialog:
    """A non-blocking dialog listing every shortcut (tests close it like any window)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (  # the window's first paint needs none of them
        QDialog,
        QDialogButtonBox,
        QHeaderView,
        QTableWidget,
        QTableWidgetItem,
        QVBoxLayout,
    )

    dialog = QDialog(window)
    dialog.setObjectName("shortcutsDialog")
    dialog.setWindowTitle(_tr("Keyboard shortcuts"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    from ui.canvas.keys import key_help_rows  # the canvas's own keys: arrows, Enter, Home…

    canvas_rows = [
        (_tr("On the canvas: {what}").format(what=f"{what[:1].upper()}{what[1:]}"), k)
        for what, k in key_help_rows()
    ]
    from ui.entry_chips import chip_key_rows

    # The chips' keys with the other keys of the in-place editor (F2, rename in place).
    editor = next((i + 1 for i, (_w, k) in enumerate(canvas_rows) if k.startswith("F2")), 0)
    canvas_rows[editor:editor] = chip_key_rows()
    rows = canvas_rows + shortcut_rows(window)
    table = QTableWidget(len(rows), 2)
    table.setHorizontalHeaderLabels([_tr("Action"), _tr("Keys")])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    for i, (what, keys) in enumerate(rows):
        table.setItem(i, 0, QTableWidgetItem(what))
        table.setItem(i, 1, QTableWidgetItem(keys))
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    # Rows grow to their wrapped text once the columns have their final widths.
    table.horizontalHeader().sectionResized.connect(lambda *_a: table.resizeRowsToContents())
    layout.addWidget(table)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout.addWidget(buttons)
    dialog.resize(760, 680)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog
