"""Every piece of text the app shows goes through translation (DESIGN.md: the UI will be
translated, English and German first): no text widget, menu, button, tooltip or dialog
title in ui/ is given a bare string or an f-string, and neither is any of the app's own
functions that show their arguments (``dialogs.confirm``, ``dialogs.show_error``, …).
Read from the source, so this test needs no Qt."""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"

#: Calls that put their text arguments in front of a person.
SHOWN = {
    "QAction", "QCheckBox", "QDockWidget", "QGroupBox", "QLabel", "QMenu", "QPushButton",
    "QRadioButton", "QToolBar", "addAction", "addMenu", "addRow", "addTab", "critical",
    "information", "question", "setAccessibleName", "setHeaderLabels",
    "setHorizontalHeaderLabels", "setInformativeText", "setLabelText", "setPlaceholderText",
    "setStatusTip", "setText", "setTitle", "setToolTip", "setWhatsThis", "setWindowTitle",
    "showMessage", "warning",
    # file choosers and the one-line question: their title and label
    "getExistingDirectory", "getOpenFileName", "getOpenFileNames", "getSaveFileName", "getText",
}  # fmt: skip
#: The app's own functions in ui/ that show their arguments, found by following each
#: parameter to setText / setWindowTitle / a QMessageBox / a QFileDialog / a QLabel / the
#: status bar. Each is matched by how it is called (``dialogs.confirm`` also as
#: ``ui.dialogs.confirm``; a bare name also as ``self.NAME``), and names the positions (as
#: the call is written, the parent counted) and the keywords whose argument is text.
#: Parameters that carry the person's own data (a prefilled answer, a suggested file name,
#: an exception) are left out.
HELPERS: dict[str, tuple[tuple[int, ...], frozenset[str]]] = {
    # ui/dialogs.py: confirm(parent, title, text, *, detail="", ok_text="")
    "dialogs.confirm": ((1, 2), frozenset({"title", "text", "detail", "ok_text"})),
    # show_error(parent, error, *, title=""): a str error is the message itself
    "dialogs.show_error": ((1,), frozenset({"error", "title"})),
    # show_info(parent, text, *, title="")
    "dialogs.show_info": ((1,), frozenset({"text", "title"})),
    # ask_text(parent, title, label, text=""): text is the answer's starting value
    "dialogs.ask_text": ((1, 2), frozenset({"title", "label"})),
    # ui/prompts.py: ask_save_path(parent, title, suggested): suggested is a file name
    "prompts.ask_save_path": ((1,), frozenset({"title"})),
    # ui/errors.py: show_unexpected(parent, message, details): details is a traceback
    "show_unexpected": ((1,), frozenset({"message"})),
    # ui/statusbar.py: StatusBar.update_save_state(problem="") -> the save label
    "update_save_state": ((0,), frozenset({"problem"})),
    # ui/wizard/common.py: plain_label(text="", *, wrap, muted) -> QLabel; Explainer(text)
    "plain_label": ((0,), frozenset({"text"})),
    "Explainer": ((0,), frozenset({"text"})),
    # ui/welcome.py: WelcomePage._button(text, tip) -> QPushButton and its tooltip
    "_button": ((0, 1), frozenset({"text", "tip"})),
    # ui/room.py _action(text, slot, keys); ui/actions.py and ui/review_mode.py
    # _make(text, slot, ...) -> QAction
    "_action": ((0,), frozenset({"text"})),
    "_make": ((0,), frozenset({"text"})),
    # ui/window_parts.py: _dock(window, title, name, widget, area) -> QDockWidget
    "_dock": ((1,), frozenset({"title"})),
    # ui/review_inspector.py: ReviewInspector._show_problem(text) -> a label
    "_show_problem": ((0,), frozenset({"text"})),
    # ui/exchange_commands.py: _write_into_open(window, session, label) -> the status bar
    "_write_into_open": ((2,), frozenset({"label"})),
}
#: Texts that are the same in every language.
SAME_EVERYWHERE = {"OKR Studio"}
#: ui/qt_check.py reports a broken Qt binding with as few Qt calls as it can make (each
#: one may cost a reference); its message is the core's, already in the user's words.
EXEMPT = {"qt_check.py"}
_WORDS = re.compile(r"[A-Za-z]{2,}")


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value not in SAME_EVERYWHERE and bool(_WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and _WORDS.search(str(v.value)) for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_is_text(e) for e in node.elts)
    if isinstance(node, ast.IfExp):  # "New name:" if unit else "New title:"
        return _is_text(node.body) or _is_text(node.orelse)
    if isinstance(node, ast.BoolOp):  # title or "Untitled"
        return any(_is_text(v) for v in node.values)
    return False


def _helper(func: ast.expr) -> tuple[tuple[int, ...], frozenset[str]] | None:
    """The text positions and keywords when ``func`` calls one of :data:`HELPERS`."""
    called = ast.unparse(func)
    for spelling, texts in HELPERS.items():
        if called == spelling or called.endswith("." + spelling):
            return texts
    return None


def bare_texts(path: Path) -> list[str]:
    """``line call(argument)`` for each text shown without translation in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in SHOWN:
            texts = node.args[:3]
        elif (helper := _helper(func)) is not None:
            positions, keywords = helper
            texts = [a for i, a in enumerate(node.args) if i in positions]
            texts += [k.value for k in node.keywords if k.arg in keywords]
        else:
            continue
        found += [f"{node.lineno} {name}({ast.unparse(a)[:60]})" for a in texts if _is_text(a)]
    return found


def test_the_ui_shows_no_untranslated_text() -> None:
    found = [
        f"{f.relative_to(UI.parent)}:{t}"
        for f in sorted(UI.rglob("*.py"))
        if f.name not in EXEMPT
        for t in bare_texts(f)
    ]
    assert not found, "wrap these in self.tr() / QCoreApplication.translate:\n" + "\n".join(found)


def test_the_check_finds_a_bare_string_and_an_f_string(tmp_path: Path) -> None:
    path = tmp_path / "widget.py"
    path.write_text(
        'b = QPushButton("Save")\n'
        'b.setToolTip(f"Saved {n} items")\n'
        'b.setText(self.tr("Ok"))\n'
        'title = QLabel("OKR Studio")\n'
        'b.setText("…")\n',
        encoding="utf-8",
    )
    assert bare_texts(path) == ["1 QPushButton('Save')", "2 setToolTip(f'Saved {n} items')"]


def test_the_check_finds_texts_given_to_the_apps_own_dialogs(tmp_path: Path) -> None:
    path = tmp_path / "commands.py"
    path.write_text(
        'dialogs.show_error(self, exc, title="Cannot open")\n'
        'dialogs.confirm(self, "Delete", f"Delete {n} cards?", detail="No undo.", ok_text="Go")\n'
        'dialogs.confirm(self, self.tr("Delete"), _tr("Sure?"), ok_text=self.tr("Delete"))\n'
        'dialogs.ask_text(self, _tr("Rename"), _tr("New title:"), "Old title")\n'
        'dialogs.ask_text(self, _tr("Rename"), "New name:" if unit else _tr("New title:"))\n'
        'prompts.ask_save_path(self, "Save as", "Workshop.okr")\n'
        'self.status.update_save_state("Not saved")\n',
        encoding="utf-8",
    )
    assert bare_texts(path) == [
        "1 show_error('Cannot open')",
        "2 confirm('Delete')",
        "2 confirm(f'Delete {n} cards?')",
        "2 confirm('No undo.')",
        "2 confirm('Go')",
        "5 ask_text('New name:' if unit else _tr('New title:'))",
        "6 ask_save_path('Save as')",
        "7 update_save_state('Not saved')",
    ]
