"""Reading an incoming file safely: size limits, and telling what a file really is.

A file is read only when it is an ordinary file (never a pipe or a device,
which would block or never end) and no larger than :data:`MAX_BYTES`. Its first
bytes say what it is, whatever its name says: a file named ``.xlsx`` that is
text, or a ``.csv`` that is a workbook, is refused with a message saying so.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from okr_studio.exchange.problems import ExchangeFileError

#: The largest text file (CSV, JSON, Markdown, text) read: 64 MiB.
MAX_BYTES = 64 * 1024 * 1024
#: The most rows (or lines, or entries) one import reads: a workshop of 20,000 items
#: is four times the largest the benchmarks use.
MAX_ROWS = 20_000

#: ``suffix -> format`` of the files OKR Studio imports and exports.
SUFFIXES: dict[str, str] = {
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
#: How a format is named in messages.
FORMAT_NAMES = {
    "json": "a JSON file",
    "csv": "a CSV file",
    "tsv": "a tab-separated text file",
    "xlsx": "an Excel workbook (.xlsx)",
    "markdown": "a Markdown file",
    "text": "a text file",
}


def check_file(path: Path) -> os.stat_result:
    """The file's status; refuses what cannot be read as an ordinary file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ExchangeFileError(path, "was not found. Check the name and the folder.") from None
    except OSError as exc:
        raise ExchangeFileError(path, f"cannot be read ({exc.strerror or exc}).") from None
    if stat.S_ISDIR(st.st_mode):
        raise ExchangeFileError(path, "is a folder, not a file to import.")
    if not stat.S_ISREG(st.st_mode):
        raise ExchangeFileError(
            path, "is not an ordinary file (it may be a device or a pipe), so it is not read."
        )
    return st


def read_limited(path: Path | str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of an ordinary file of at most ``limit`` bytes."""
    path = Path(path)
    st = check_file(path)
    if st.st_size > limit:
        raise ExchangeFileError(
            path,
            f"is too large to import ({st.st_size / 1e6:.0f} MB; OKR Studio reads up to "
            f"{limit // 1_000_000} MB). Split it, or remove what is not needed.",
        )
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ExchangeFileError(path, f"cannot be read ({exc.strerror or exc}).") from None
    if len(data) > limit:  # it grew while we read it
        raise ExchangeFileError(path, "is too large to import.")
    return data


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is: a format of :data:`SUFFIXES`, or one of
    "zip", "okr", "sqlite", "pdf", "xls", "binary"."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        return "json"
    return "text"


_WHAT = {
    "zip": "a zip archive (perhaps a workbook or a document)",
    "sqlite": "a database (perhaps a workshop: open it with File → Open)",
    "pdf": "a PDF document",
    "xls": "an old-style Excel workbook (.xls): save it as .xlsx and import that",
    "binary": "a binary file",
    "json": "a JSON file",
    "text": "a text file",
}


def format_of(path: Path, head: bytes, wanted: str | None = None) -> str:
    """The format to read ``path`` as: ``wanted``, or its suffix's; checked against its bytes."""
    fmt = wanted or SUFFIXES.get(path.suffix.lower())
    found = sniff(head)
    if fmt is None:
        fmt = {"zip": "xlsx", "json": "json"}.get(found)
        if fmt is None and found == "text":
            fmt = "csv" if path.suffix.lower() in ("", ".dat") else "text"
        if fmt is None:
            raise ExchangeFileError(path, f"is {_WHAT[found]}, which OKR Studio cannot import.")
    expected = ("zip",) if fmt == "xlsx" else ("text", "json")
    if found not in expected:
        raise ExchangeFileError(
            path,
            f"is not {FORMAT_NAMES[fmt]}, although its name says so: it is {_WHAT[found]}.",
        )
    return fmt
