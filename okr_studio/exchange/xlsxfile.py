"""Reading an Excel workbook (.xlsx) safely, and the way to write one.

Before openpyxl opens a workbook its zip directory is checked: the declared
sizes of its parts (which zip reading never exceeds) must stay within
:data:`MAX_UNPACKED` in all and :data:`MAX_PART` per part, and no part may be
compressed more than :data:`MAX_RATIO` to one — a zip bomb is refused in
milliseconds instead of filling the memory. openpyxl then reads in read-only
mode (rows streamed); no XML entity is expanded: the sheets through defusedxml,
the workbook's other parts through lxml told not to resolve entities. At most
:data:`okr_studio.exchange.sources.MAX_ROWS` rows are read.

The table is read from the sheet named "OKRs", else the first visible sheet.
A very hidden sheet "okr-studio-base" written by the export carries the items
as exported (the base of a three-way re-import) and the workshop's details.
"""

from __future__ import annotations

import base64
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

from okr_studio.exchange.columns import guess_mapping
from okr_studio.exchange.incoming import IdMap, Incoming
from okr_studio.exchange.items import Side
from okr_studio.exchange.problems import ExchangeFileError, Problem
from okr_studio.exchange.sources import MAX_BYTES, MAX_ROWS, check_file
from okr_studio.exchange.table_read import RawTable, read_table
from okr_studio.exchange.xlsx_write import BASE_MARK, BASE_SHEET, MAIN_SHEET, unescape, write_xlsx

__all__ = ["MAX_PART", "MAX_RATIO", "MAX_UNPACKED", "read_xlsx", "write_xlsx"]

#: The most a workbook may unpack to, in all and per part, and the highest ratio of
#: unpacked to packed size of a large part.
MAX_UNPACKED = 300 * 1024 * 1024
MAX_PART = 200 * 1024 * 1024
MAX_RATIO = 200
_MAX_PARTS = 5000
_DAMAGED = (
    "is damaged or is not an Excel workbook OKR Studio can read. Open it in your "
    "spreadsheet program and save it again as .xlsx."
)


def check_zip(path: Path) -> None:
    """Refuse a workbook whose parts would unpack to too much (see the module notes)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ExchangeFileError(path, _DAMAGED) from None
    total = sum(p.file_size for p in parts)
    too_big = (
        len(parts) > _MAX_PARTS
        or total > MAX_UNPACKED
        or any(p.file_size > MAX_PART for p in parts)
        or any(
            p.file_size > 1_000_000 and p.file_size > MAX_RATIO * max(p.compress_size, 1)
            for p in parts
        )
    )
    if too_big:
        raise ExchangeFileError(
            path,
            f"would unpack to {total / 1e6:,.0f} MB, far more than a workbook of OKRs "
            "needs (it may be a “zip bomb”), so it is not opened.",
        )
    if "xl/workbook.xml" not in {p.filename for p in parts}:
        raise ExchangeFileError(path, _DAMAGED)


def _cell(value: Any) -> Any:
    return unescape(value) if isinstance(value, str) else value


#: The last row and column of a sheet read: Excel's own last row (no spreadsheet
#: program writes beyond it), and 100 columns (the flat table has about 30). Said
#: explicitly, a sheet that declares a huge size is not padded out to it.
_LAST_ROW = 1_048_576
_LAST_COLUMN = 100


def _table(sheet: Any, path: Path) -> RawTable:
    rows: list[tuple[Any, ...]] = []
    lines: list[int] = []
    header: tuple[str, ...] | None = None
    header_line = 1
    cells = sheet.iter_rows(values_only=True, max_row=_LAST_ROW, max_col=_LAST_COLUMN)
    for number, row in enumerate(cells, start=1):
        if all(v is None for v in row):
            continue  # an empty row (openpyxl fills in the rows a sheet leaves out)
        if header is None:
            if any(v is not None and str(v).strip() for v in row):
                header = _header(row)
                header_line = number
            continue
        if len(rows) >= MAX_ROWS:
            raise ExchangeFileError(
                path,
                f"has more than {MAX_ROWS:,} rows; OKR Studio imports up to {MAX_ROWS:,} "
                "items at once. Split the sheet.",
            )
        rows.append(tuple(_cell(v) for v in row))
        lines.append(number)
    if header is None:
        raise ExchangeFileError(path, "has no rows to import (its first sheet is empty).")
    width = len(header)
    return RawTable(header, tuple(r[:width] for r in rows), tuple(lines), header_line)


def _header(row: tuple[Any, ...]) -> tuple[str, ...]:
    """The header row's cells, the empty columns after the last header left off."""
    names = ["" if v is None else str(_cell(v)).strip() for v in row]
    while names and not names[-1]:
        names.pop()
    return tuple(names)


#: The mark of a base sheet holding the JSON content as plain text (earlier exports).
_PLAIN_BASE_MARK = "okr-studio-base 1"


def _base_text(cells: list[Any]) -> str | None:
    """The JSON content a base sheet's cells carry (None if they are not a base)."""
    if cells and cells[0] == _PLAIN_BASE_MARK:
        return "".join(unescape(str(c)) for c in cells[1:] if c is not None)
    if not cells or cells[0] != BASE_MARK:
        return None
    packed = base64.b64decode("".join(str(c) for c in cells[1:] if c is not None))
    unpack = zlib.decompressobj()
    raw = unpack.decompress(packed, MAX_BYTES)
    if unpack.unconsumed_tail:
        return None  # larger than any base we write: not ours
    return raw.decode("utf-8")


def _base(book: Any, ids: IdMap, path: Path) -> Side | None:
    from okr_studio.exchange.jsonfile import side_from_content

    if BASE_SHEET not in book.sheetnames:
        return None
    base = book[BASE_SHEET]
    cells = [r[0] for r in base.iter_rows(values_only=True, max_col=1, max_row=_LAST_ROW)]
    while cells and cells[-1] is None:
        cells.pop()
    try:
        text = _base_text(cells)
        if text is None:
            return None
        return side_from_content(json.loads(text), ids, None, source=path.name)
    except (ValueError, TypeError, zlib.error, ExchangeFileError):
        return None  # a damaged base: the import is two-way, as for a CSV file


def _sheet(book: Any) -> Any:
    if MAIN_SHEET in book.sheetnames:
        return book[MAIN_SHEET]
    for sheet in book.worksheets:
        if sheet.sheet_state == "visible":
            return sheet
    raise ExchangeFileError("workbook", "has no visible sheet to import.")


def read_xlsx(path: Path | str) -> Incoming:
    """Read the flat table (or a wide sheet) of a workbook, and its base if it has one."""
    path = Path(path)
    check_file(path)
    check_zip(path)
    try:
        return _read(path)
    except ExchangeFileError:
        raise
    except MemoryError:
        raise ExchangeFileError(path, "is too large to import.") from None
    except Exception as exc:  # openpyxl, zipfile and the XML parser raise many kinds
        raise ExchangeFileError(path, _DAMAGED) from exc


def _read(path: Path) -> Incoming:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        sheet = _sheet(book)
        table = _table(sheet, path)
        ids = IdMap()
        mapping = guess_mapping(list(table.headers))
        notes: list[Problem] = []
        if sheet.title != MAIN_SHEET and len(book.sheetnames) > 1:
            notes.append(Problem(f"Read the sheet “{sheet.title}”.", severity="note"))
        incoming = read_table(
            table, mapping, source=path.name, format="xlsx", locale="", problems=notes
        )
        base = _base(book, ids, path)
    finally:
        book.close()
    if base is not None:
        _share_ids(incoming, base)
    return incoming


def _share_ids(incoming: Incoming, base: Side) -> None:
    """The base's workshop details, and its id, stand for the sheet's (it has none);
    a number the sheet still shows as exported is the exported number exactly."""
    incoming.base = base
    incoming.side.workshop_id = base.workshop_id
    if base.workshop is not None:
        incoming.side.items = {base.workshop.ref: base.workshop, **incoming.side.items}
    for ref, item in incoming.side.items.items():
        was = base.items.get(ref)
        if was is None:
            continue
        exact = {
            name: was.values[name]
            for name, value in item.values.items()
            if isinstance(value, float)
            and isinstance(was.values.get(name), float)
            and _as_stored(value) == _as_stored(was.values[name])
        }
        if exact:
            incoming.side.items[ref] = item.with_values(**exact)


def _as_stored(value: float) -> str:
    """A number as a workbook stores it: 16 significant digits (Excel shows 15)."""
    return f"{value:.16g}"
