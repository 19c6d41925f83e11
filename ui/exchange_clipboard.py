"""Copy and Paste on the canvas: the selection out as text and rows, text in.

**Copy** puts the selection (with what it holds: a unit's units and objectives,
an objective's key results) on the clipboard three ways, all written by the core
(:mod:`okr_studio.exchange.clipboard`):

- ``text/plain`` — Markdown: it reads well wherever plain text goes (a chat, an
  e-mail, a wiki's editor), and pasted back here it is an outline;
- ``text/html`` — a table with the flat table's header, which spreadsheet
  programs paste as cells;
- ``text/tab-separated-values`` — the rows exactly, every column: Paste here
  reads it first, so a copy within the app keeps every field.

Text a spreadsheet would run as a formula is written as the CSV export writes it.

**Paste** takes the clipboard's text as rows, an outline or simple lines (the rule
is the core's: :func:`okr_studio.exchange.clipboard.paste_kind`). Rows and an
outline go through the import preview (:func:`ui.exchange_commands.preview_and_write`)
into the selected unit (key results with no objective in the text: into the selected
objective), and are written as one undo step when confirmed; text in which nothing
reads as an item gets a message instead of an empty preview.
Simple lines are added at once by :func:`ui.window_edit.paste`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from okr_studio.exchange import Incoming
    from ui.main_window import MainWindow

TSV_MIME = "text/tab-separated-values"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Clipboard", text)


# ---- Copy ------------------------------------------------------------------------------
def copy_selection(window: MainWindow) -> QMimeData | None:
    """Put the selection on the clipboard as Markdown, an HTML table and TSV rows."""
    from okr_studio.exchange.clipboard import html_table, selection_markdown, selection_tsv

    doc = window.document
    if doc is None:
        return None
    keys = [k for k in doc.selection if doc.exists(k)]
    if not keys:
        return None
    tsv = selection_tsv(doc.data, keys)
    mime = QMimeData()
    mime.setText(selection_markdown(doc.data, keys))
    mime.setHtml(html_table(tsv))
    mime.setData(TSV_MIME, tsv.encode("utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)
    count = max(len(tsv.splitlines()) - 1, 0)
    message = (
        _tr("Copied 1 item as text and as rows for a spreadsheet.")
        if count == 1
        else _tr("Copied {count} items as text and as rows for a spreadsheet.")
    )
    window.statusBar().showMessage(message.format(count=count), 4000)
    return mime


# ---- Paste ------------------------------------------------------------------------------
def clipboard_text() -> tuple[str, bool]:
    """(text, whether it is tab-separated values) of the clipboard: TSV first."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return "", False
    if mime.hasFormat(TSV_MIME):
        raw = bytes(mime.data(TSV_MIME).data())
        return raw.decode("utf-8", errors="replace"), True
    return mime.text(), False


def nothing_readable_message() -> str:
    return _tr(
        "Nothing in the clipboard reads as units, objectives or key results. Copy a "
        "nested list (from a wiki page or a document) or rows of a spreadsheet with their "
        "header (Type, Title, Parent…), then paste again."
    )


def _under(window: MainWindow, incoming: Incoming) -> int | None:
    """The selected unit (or the unit of the selected item); with nothing selected, the
    top of the tree for text that brings its own units, else the first top unit."""
    from ui.window_edit import unit_of

    doc = window.document
    if doc is None:
        return None
    if doc.current is not None:
        return unit_of(doc.data, doc.current)
    if any(True for _ in incoming.side.of_kind("unit")) or not doc.data.units:
        return None
    return doc.data.root_units()[0].id


def _objective(window: MainWindow) -> str | None:
    """The stable id of the selected objective (or of the selected key result's)."""
    doc = window.document
    if doc is None or doc.current is None or doc.current[0] == "unit":
        return None
    kind, item_id = doc.current
    if kind == "key_result":
        item_id = doc.data.key_results[item_id].objective_id
    return doc.data.objectives[item_id].uid


def paste_preview(window: MainWindow, text: str) -> bool:
    """Pasted rows or an outline through the import preview, into the selected unit;
    True when something was written (one undo step)."""
    from okr_studio.errors import OkrError
    from okr_studio.exchange.clipboard import has_items, read_pasted
    from ui import dialogs, exchange_commands

    doc = window.document
    if doc is None or doc.read_only:
        return False
    try:
        incoming = read_pasted(text, objective=_objective(window))
    except OkrError as exc:
        dialogs.show_error(window, exc, title=_tr("Cannot paste"))
        return False
    if not has_items(incoming):
        dialogs.show_info(window, nothing_readable_message(), title=_tr("Nothing to paste"))
        return False
    under = _under(window, incoming)
    return exchange_commands.preview_and_write(window, incoming, paste=True, under=under)
