"""Every piece of text the app shows goes through translation (DESIGN.md: the UI will be
translated, English and German first): no text widget, menu, button, tooltip or dialog
title in ui/ is given a bare string or an f-string. Read from the source, so this test
needs no Qt."""

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
}  # fmt: skip
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
    return False


def bare_texts(path: Path) -> list[str]:
    """``line call(argument)`` for each text shown without translation in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in SHOWN:
            found += [
                f"{node.lineno} {name}({ast.unparse(a)[:60]})" for a in node.args[:3] if _is_text(a)
            ]
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
