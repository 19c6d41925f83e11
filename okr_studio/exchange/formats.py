"""Reading any importable file, and writing any export, by format.

:func:`read_file` tells a file's format from its name (or ``format``), checks
that its bytes agree, and reads it; :func:`export_file` writes a workshop in
the format its name (or ``format``) says, always through the one atomic
writer. :func:`remap` reads a table again with another column mapping.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okr_studio.data import WorkshopData
from okr_studio.exchange.incoming import Incoming
from okr_studio.exchange.problems import ExchangeFileError
from okr_studio.exchange.sources import FORMAT_NAMES, SUFFIXES, check_file, format_of

#: ``format -> (module, function)`` of each reader: ``function(path) -> Incoming``.
_READERS: dict[str, tuple[str, str]] = {
    "json": ("okr_studio.exchange.jsonfile", "read_json"),
    "csv": ("okr_studio.exchange.csvfile", "read_csv"),
    "tsv": ("okr_studio.exchange.csvfile", "read_csv"),
    "xlsx": ("okr_studio.exchange.xlsxfile", "read_xlsx"),
    "markdown": ("okr_studio.exchange.outline", "read_markdown"),
    "text": ("okr_studio.exchange.outline", "read_text_outline"),
}
#: ``format -> (module, function)`` of each writer: ``function(data, path)``.
_WRITERS: dict[str, tuple[str, str]] = {
    "csv": ("okr_studio.exchange.csvfile", "write_csv"),
    "json": ("okr_studio.exchange.jsonfile", "write_json"),
    "xlsx": ("okr_studio.exchange.xlsxfile", "write_xlsx"),
    "markdown": ("okr_studio.exchange.markdown_out", "write_markdown"),
}
#: The formats :func:`read_file` reads.
IMPORT_FORMATS: tuple[str, ...] = tuple(_READERS)
#: The formats :func:`export_file` writes, with their file name suffix.
EXPORT_SUFFIXES: dict[str, str] = {
    fmt: suffix for suffix, fmt in reversed(SUFFIXES.items()) if fmt in _WRITERS
}


def _function(table: dict[str, tuple[str, str]], fmt: str) -> Callable[..., Any]:
    module, name = table[fmt]
    return getattr(importlib.import_module(module), name)


def read_file(path: Path | str, *, format: str | None = None) -> Incoming:
    """Read an importable file (see :data:`IMPORT_FORMATS`); ExchangeFileError if it cannot."""
    path = Path(path)
    check_file(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise ExchangeFileError(path, f"cannot be read ({exc.strerror or exc}).") from None
    fmt = format_of(path, head, format)
    if fmt not in _READERS:
        raise ExchangeFileError(path, f"is {FORMAT_NAMES[fmt]}, which OKR Studio cannot import.")
    return _function(_READERS, fmt)(path)


def remap(incoming: Incoming, mapping: tuple[str | None, ...]) -> Incoming:
    """The same table read again with another column mapping (a field per column)."""
    from okr_studio.exchange.table_read import read_table

    if incoming.table is None:
        return incoming
    notes = [p for p in incoming.problems if p.line is None]
    again = read_table(
        incoming.table,
        mapping,
        source=incoming.source,
        format=incoming.format,
        locale=incoming.number_locale,
        problems=notes,
    )
    again.base = incoming.base
    if incoming.side.workshop is not None:
        again.side.add(incoming.side.workshop)
        again.side.workshop_id = incoming.side.workshop_id
    if incoming.pasted:
        from okr_studio.exchange.clipboard import as_pasted

        return as_pasted(again, incoming.paste_objective)
    return again


def export_format(path: Path | str, format: str | None = None) -> str:
    """The export format for ``path``: ``format``, or the one its suffix names."""
    fmt = format if format is not None else SUFFIXES.get(Path(path).suffix.lower())
    if fmt not in _WRITERS:
        names = ", ".join(dict.fromkeys(EXPORT_SUFFIXES.values()))
        if format is not None:
            raise ExchangeFileError(
                path, f"cannot be written as “{format}”; choose one of {names}."
            )
        raise ExchangeFileError(
            path, f"has a name whose ending names no export format; end it with one of {names}."
        )
    return fmt


def export_file(data: WorkshopData, path: Path | str, format: str | None = None) -> str:
    """Write ``data`` to ``path`` whole or not at all; returns the format written.

    Raises :class:`~okr_studio.errors.FileWriteError` when the file cannot be written
    (a full disk, a read-only folder, a device or pipe as target).
    """
    fmt = export_format(path, format)
    _function(_WRITERS, fmt)(data, path)
    return fmt
