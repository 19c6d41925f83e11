"""The cascade wizard: turn a parent key result into a team objective with 3–5 key results.

``run_cascade_wizard(parent, document, kr_id)`` is what menus, the toolbar and
the canvas call: it shows the wizard modally and returns the new objective's id
(None when cancelled). ``open_cascade_wizard`` shows it without waiting, for
tests and for callers that listen to ``finished_cascade``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from okr_studio.errors import OkrError
from ui import dialogs
from ui.document import Document

if TYPE_CHECKING:
    from ui.wizard.wizard import CascadeWizard

__all__ = ["CascadeWizard", "open_cascade_wizard", "run_cascade_wizard"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Cascade", text)


def __getattr__(name: str) -> object:
    # The wizard and its pages load with its first use, not with ui.wizard.common,
    # which panels made at start-up import.
    if name == "CascadeWizard":
        from ui.wizard.wizard import CascadeWizard

        return CascadeWizard
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _refusal(document: Document, kr_id: int) -> str:
    if document.read_only:
        return _tr(
            "“{name}” is open read-only, so no team objective can be added. "
            "Use File → Save As to make an editable copy."
        ).format(name=document.path.name)
    if kr_id not in document.data.key_results:
        return _tr("Select a key result first: the team objective is derived from it.")
    return ""


def open_cascade_wizard(
    parent: QWidget | None,
    document: Document,
    kr_id: int,
    *,
    team_id: int | None = None,
    font_scale: float | None = None,
) -> CascadeWizard:
    """Show the wizard without waiting for it; raises OkrError when it cannot start."""
    from ui.wizard.wizard import CascadeWizard

    reason = _refusal(document, kr_id)
    if reason:
        raise OkrError(reason)
    wizard = CascadeWizard(document, kr_id, team_id=team_id, font_scale=font_scale, parent=parent)
    wizard.show()
    return wizard


def run_cascade_wizard(
    parent: QWidget | None,
    document: Document,
    kr_id: int,
    *,
    team_id: int | None = None,
    font_scale: float | None = None,
) -> int | None:
    """Walk the room through one cascade; the new objective's id, or None if cancelled."""
    from ui.wizard.wizard import CascadeWizard

    reason = _refusal(document, kr_id)
    if reason:
        dialogs.show_error(parent, reason, title=_tr("Cascade"))
        return None
    wizard = CascadeWizard(document, kr_id, team_id=team_id, font_scale=font_scale, parent=parent)
    try:
        wizard.exec()
        return wizard.objective_id
    finally:
        wizard.deleteLater()
