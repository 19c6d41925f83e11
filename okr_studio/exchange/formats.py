"""Reading any importable file, and writing any export, by format.

:func:`read_file` tells a file's format from its name (or ``format``), checks
that its bytes agree, and reads it; :func:`export_file` writes a workshop in
the format its name (or ``format``) says, always through the one atomic
writer. :func:`remap` reads a table again with another column mapping.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from okr_studio.data import WorkshopData
from okr_studio.exchange.incoming import Incoming
from okr_studio.exchange.problems import ExchangeFileError
from okr_studio.exchange.sources import SUFFIXES, check_file, format_of, read_limited

#: The formats :func:`export_file` writes, with their file name suffix.
EXPORT_SUFFIXES: dict[str, str] = {
    "xlsx": ".xlsx",
    "csv": ".csv",
    "json": ".json",
    "markdown": ".md",
}
#: The formats :func:`read_file` reads.
IMPORT_FORMATS: tuple[str, ...] = ("xlsx", "csv", "tsv", "json", "markdown", "text")


def _head(path: Path) -> bytes:
    check_file(path)
    try:
        with path.open("rb") as fh:
            return fh.read(8192)
    except OSError as exc:
        raise ExchangeFileError(path, f"cannot be read ({exc.strerror or exc}).") from None


def read_file(path: Path | str, *, format: str | None = None) -> Incoming:
    """Read an importable file (see :data:`IMPORT_FORMATS`); ExchangeFileError if it cannot."""
    path = Path(path)
    fmt = format_of(path, _head(path), format)
    if fmt == "xlsx":
        from okr_studio.exchange.xlsxfile import read_xlsx

        return read_xlsx(path)
    raw = read_limited(path)
    if fmt == "json":
        from okr_studio.exchange.jsonfile import read_json_bytes

        return read_json_bytes(raw, path.name)
    if fmt in ("csv", "tsv"):
        from okr_studio.exchange.csvfile import read_csv_bytes

        return read_csv_bytes(raw, path.name, format=fmt)
    from okr_studio.exchange.outline import read_outline_bytes

    return read_outline_bytes(raw, path.name, markdown=fmt == "markdown")


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
    return again


def export_format(path: Path | str, format: str | None = None) -> str:
    """The export format for ``path``: ``format``, or the one its suffix names."""
    if format is not None:
        if format not in EXPORT_SUFFIXES:
            raise ExchangeFileError(path, f"cannot be written as “{format}”.")
        return format
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt not in EXPORT_SUFFIXES:
        names = ", ".join(EXPORT_SUFFIXES.values())
        raise ExchangeFileError(
            path, f"has a name whose ending says no export format; end it with one of {names}."
        )
    return fmt


def _writer(fmt: str) -> Callable[[WorkshopData, Path | str], None]:
    if fmt == "json":
        from okr_studio.exchange.jsonfile import write_json

        return write_json
    if fmt == "csv":
        from okr_studio.exchange.csvfile import write_csv

        return write_csv
    if fmt == "xlsx":
        from okr_studio.exchange.xlsxfile import write_xlsx

        return write_xlsx
    from okr_studio.exchange.markdown_out import write_markdown

    return write_markdown


def export_file(data: WorkshopData, path: Path | str, format: str | None = None) -> str:
    """Write ``data`` to ``path`` whole or not at all; returns the format written.

    Raises :class:`~okr_studio.errors.FileWriteError` when the file cannot be written
    (a full disk, a read-only folder, a device or pipe as target).
    """
    fmt = export_format(path, format)
    _writer(fmt)(data, path)
    return fmt
