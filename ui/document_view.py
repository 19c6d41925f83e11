"""The one way a view follows the open document.

A view (the canvas, the outline, the inspector, the coach panel, the status
bar…) mixes :class:`DocumentView` in before its Qt class and overrides the
hooks it needs:

- :meth:`~DocumentView.show_document`: another document (or None) is shown now;
  rebuild from it;
- :meth:`~DocumentView.on_document_changed`: a change was committed (an edit, an
  undo, a redo or a reload); ``document.data`` is already current;
- :meth:`~DocumentView.on_selection_changed`: the selection changed;
- :meth:`~DocumentView.on_findings_changed`: the coach's report on the current
  snapshot is ready (the coach runs once per change, in the document).

:meth:`~DocumentView.set_document` connects the new document's signals to those
hooks and disconnects the old one's, so no view keeps a connection by hand.
This module stays light (the document is imported for type checking only), so
the window can be built before any workshop is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance

if TYPE_CHECKING:
    from okr_studio.events import ChangeEvent
    from ui.document import CoachReport, Document, ItemKey


class DocumentView:
    """Mixed into a Qt view: follows one document at a time (see the module's notes)."""

    document: Document | None = None

    def set_document(self, document: Document | None) -> None:
        """Show ``document`` (None: nothing) and follow its changes from now on."""
        self.follow_document(document)
        self.show_document(document)

    def follow_document(self, document: Document | None) -> None:
        """Switch the connections to ``document`` without rebuilding anything."""
        old = self.document
        if old is not None:
            for signal, slot in self._slots(old):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):  # never connected, or already gone
                    pass
        self.document = document
        if document is not None:
            for signal, slot in self._slots(document):
                signal.connect(slot)

    def _slots(self, document: Document) -> tuple[tuple[SignalInstance, Callable[..., None]], ...]:
        return (
            (document.changed, self.on_document_changed),
            (document.selectionChanged, self.on_selection_changed),
            (document.findingsChanged, self.on_findings_changed),
        )

    # ---- hooks ------------------------------------------------------------------------
    def show_document(self, document: Document | None) -> None:
        """Rebuild for the document now shown (None: show nothing)."""

    def on_document_changed(self, event: ChangeEvent) -> None:
        """A change was committed; ``self.document.data`` is already current."""

    def on_selection_changed(self, keys: tuple[ItemKey, ...], /) -> None:
        """The selection changed to ``keys``."""

    def on_findings_changed(self, report: CoachReport) -> None:
        """The coach's findings on the current snapshot are ready."""
