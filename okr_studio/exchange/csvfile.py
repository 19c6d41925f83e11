"""CSV and tab-separated text: reading what spreadsheet programs save, writing the flat table.

Reading (RFC 4180 quoting): UTF-8 with or without a byte order mark, UTF-16 with
one (a spreadsheet's "Unicode text"), else Windows-1252 with a note; bytes that
none of these can read are refused. The delimiter is the one of ``,`` ``;`` and
tab that the header row uses most. Numbers are read with a decimal comma when
the file's numbers are written so ("1.234,5", as spreadsheet programs in German
and other European locales save them, with ``;`` between cells), else with a
decimal point. Cells written with a leading apostrophe to stop a formula lose
exactly that apostrophe (:func:`okr_studio.exchange.cells.unquote`).

Writing: UTF-8 with a byte order mark (spreadsheet programs then open accents
right), commas, CRLF line ends, numbers with a decimal point, dates as
2027-03-31, text that would run as a formula quoted with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from okr_studio.data import WorkshopData
from okr_studio.exchange.cells import number_text, quote, unquote
from okr_studio.exchange.columns import guess_mapping
from okr_studio.exchange.incoming import Incoming
from okr_studio.exchange.items import Side, side_from_workshop
from okr_studio.exchange.problems import ExchangeFileError, Problem
from okr_studio.exchange.sources import MAX_ROWS
from okr_studio.exchange.table_read import RawTable, read_table
from okr_studio.exchange.table_write import headers, table_rows

_NUMBER_FIELDS = ("baseline", "target", "confidence")


def decode_text(raw: bytes, source: str) -> tuple[str, list[Problem]]:
    """The text of a file's bytes, and a note when it was not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    else:
        try:
            return raw.decode("utf-8-sig"), []
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ExchangeFileError(
            source,
            "is in a character encoding OKR Studio cannot read. Save it as “CSV UTF-8” "
            "(in Excel: File → Save As → CSV UTF-8) and import that.",
        ) from None
    note = Problem(
        "The file is not in UTF-8; it was read as Windows-1252 (Western European). Check "
        "that accented letters look right.",
        severity="note",
    )
    return text, [note]


def _delimiter(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            plain = re.sub(r'"[^"]*"', "", line)
            counts = {d: plain.count(d) for d in ("\t", ";", ",")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def parse_delimited(text: str, source: str, delimiter: str | None = None) -> RawTable:
    """Cells of delimited text: the first non-empty row is the header."""
    delimiter = delimiter or _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    header: tuple[str, ...] | None = None
    header_line = 1
    number = 0
    try:
        for record in reader:
            number += 1
            cells = tuple(unquote(c) for c in record)
            if header is None:
                if any(c.strip() for c in cells):
                    header, header_line = tuple(c.strip() for c in cells), number
                continue
            if len(rows) >= MAX_ROWS:
                raise ExchangeFileError(
                    source,
                    f"has more than {MAX_ROWS:,} rows; OKR Studio imports up to {MAX_ROWS:,} "
                    "items at once. Split the file.",
                )
            rows.append(cells)
            lines.append(number)
    except csv.Error as exc:
        raise ExchangeFileError(
            source, f"cannot be read as CSV ({exc}).", line=number + 1
        ) from None
    if header is None:
        raise ExchangeFileError(source, "is empty: it has no header row and no rows.")
    return RawTable(header, tuple(rows), tuple(lines), header_line)


_COMMA_DECIMAL = re.compile(r"^[-+−]?\d{1,3}(?:[.\s\u00a0]\d{3})*,\d+\s*%?$|^[-+−]?\d+,\d+\s*%?$")
_POINT_DECIMAL = re.compile(r"^[-+−]?\d{1,3}(?:[,\s\u00a0]\d{3})*\.\d+\s*%?$|^[-+−]?\d+\.\d+\s*%?$")


def number_locale(table: RawTable, mapping: tuple[str | None, ...], delimiter: str) -> str:
    """ "de_DE" when the file writes numbers with a decimal comma, else "en_US"."""
    columns = [i for i, f in enumerate(mapping) if f in _NUMBER_FIELDS]
    comma = point = 0
    for row in table.rows[:5000]:
        for i in columns:
            cell = row[i].strip() if i < len(row) else ""
            if _COMMA_DECIMAL.match(cell):
                comma += 1
            elif _POINT_DECIMAL.match(cell):
                point += 1
    if comma != point:
        return "de_DE" if comma > point else "en_US"
    return "de_DE" if delimiter == ";" else "en_US"


def read_delimited(
    text: str,
    source: str,
    *,
    format: str = "csv",
    delimiter: str | None = None,
    notes: list[Problem] | None = None,
    mapping: tuple[str | None, ...] | None = None,
) -> Incoming:
    """Read delimited text (a CSV file's, or rows pasted from a spreadsheet)."""
    delimiter = delimiter or _delimiter(text)
    table = parse_delimited(text, source, delimiter)
    mapping = mapping or guess_mapping(list(table.headers))
    locale = number_locale(table, mapping, delimiter)
    problems = list(notes or [])
    if locale == "de_DE":
        problems.append(
            Problem("Numbers were read with a decimal comma (1.234,5).", severity="note")
        )
    return read_table(
        table, mapping, source=source, format=format, locale=locale, problems=problems
    )


def read_csv_bytes(raw: bytes, source: str, *, format: str = "csv") -> Incoming:
    text, notes = decode_text(raw, source)
    return read_delimited(text, source, format=format, notes=notes)


def read_csv(path: Path | str) -> Incoming:
    from okr_studio.exchange.sources import read_limited

    path = Path(path)
    return read_csv_bytes(read_limited(path), path.name)


# ---- writing -----------------------------------------------------------------------------------
def cell_text(value: Any) -> str:
    """A cell as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return quote(str(value))


def delimited_lines(
    rows: list[list[Any]], *, delimiter: str = ",", head: list[str] | None = None
) -> Iterator[str]:
    """The header and rows as delimited text, one record at a time (CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in [head if head is not None else headers(), *rows]:
        writer.writerow([cell_text(v) for v in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def side_csv(side: Side) -> bytes:
    """A side as the flat table in CSV (UTF-8 with a byte order mark)."""
    text = "".join(delimited_lines(table_rows(side)))
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def write_csv(data: WorkshopData, path: Path | str) -> None:
    """Write the workshop as the flat table in CSV, whole or not at all."""
    from okr_studio.safewrite import atomic_write

    side = side_from_workshop(data)
    with atomic_write(path) as fh:
        fh.write(b"\xef\xbb\xbf")
        for line in delimited_lines(table_rows(side)):
            fh.write(line.encode("utf-8"))
