"""File choosers and the new-workshop details form.

Like :mod:`ui.dialogs`, call these through the module (``prompts.ask_open_path``)
so tests can replace them with a function that returns a path at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


def _filter() -> str:
    return _tr("OKR workshops (*.okr);;All files (*)")


def default_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home())


def ask_open_path(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, _tr("Open workshop"), str(default_folder()), _filter()
    )
    return Path(name) if name else None


def ask_save_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    """Ask where to write a new file; the answer always ends in .okr."""
    start = default_folder() / suggested
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), _filter())
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".okr" else path.with_name(path.name + ".okr")


def ask_details(parent: QWidget | None, name: str = "", cycle: str = "") -> tuple[str, str] | None:
    """Name and cycle of a new workshop; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_tr("New workshop"))
    form = QFormLayout(dialog)
    name_edit = QLineEdit(name)
    name_edit.setPlaceholderText(_tr("e.g. Acme cascade workshop"))
    cycle_edit = QLineEdit(cycle)
    cycle_edit.setPlaceholderText(_tr("e.g. 2027 Q1"))
    form.addRow(_tr("Workshop name"), name_edit)
    form.addRow(_tr("Cycle"), cycle_edit)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return name_edit.text().strip(), cycle_edit.text().strip()
    finally:
        dialog.deleteLater()
