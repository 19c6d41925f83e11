"""The workshop as an Excel workbook (.xlsx): the flat table, a Read me, the base.

Sheets:

- "OKRs": the flat table (:mod:`okr_studio.exchange.table_write`), header row
  frozen and bold, readable column widths, drop-down lists for direction, work
  type and status, confidence shown as a percentage, dates as dates;
- "Read me": what each column means and how a re-import treats the sheet;
- "okr-studio-base" (very hidden): the items as exported, as the JSON exchange
  content (compressed, in base64) in the cells of its first column, so a later re-import can tell an
  edit made in the sheet from one made in the app since (three-way).

Text is stored as text, never as a formula: a cell beginning with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return) is a text cell with the "quote
prefix" style, as a spreadsheet program stores text typed after an apostrophe,
so it stays text even when edited there. Characters XML cannot hold (control
characters, a lone carriage return) are written as ``_xHHHH_`` as Excel writes
them, and read back by :func:`unescape`.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import math
import re
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from okr_studio.data import WorkshopData
from okr_studio.exchange.columns import columns
from okr_studio.exchange.items import Side, side_from_workshop
from okr_studio.exchange.jsonfile import content_of
from okr_studio.exchange.table_write import table_rows
from okr_studio.vocab import Decision, Direction, Status, WorkType

MAIN_SHEET = "OKRs"
README_SHEET = "Read me"
BASE_SHEET = "okr-studio-base"
BASE_MARK = "okr-studio-base 1 zlib base64"
_CHUNK = 30_000  # characters per cell (Excel's limit is 32,767)

_RUNS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_CODE = re.compile(r"_x([0-9A-Fa-f]{4})_")

#: Column widths (characters) by field; the rest get :data:`_WIDTH`.
_WIDTHS = {
    "id": 12, "type": 11, "parent": 12, "aligned_to": 12, "level": 12, "title": 50,
    "owner": 20, "owner_email": 26, "metric": 24, "direction": 12, "due_date": 12,
    "work_type": 15, "confidence": 11, "status": 10, "notes": 40, "problem": 36,
    "behaviour_change": 36, "success_measure": 36, "actual_outcome": 36, "learned": 36,
    "learning_note": 30, "decision": 12, "carried_from": 12, "weight": 8,
}  # fmt: skip
_WIDTH = 14
_LISTS = {"direction": Direction, "work_type": WorkType, "status": Status, "decision": Decision}


def escape(text: str) -> str:
    """Text as an XLSX cell holds it (``_xHHHH_`` for what XML cannot hold)."""
    if "_x" in text:
        text = _ESCAPED.sub(r"_x005F_\1", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def unescape(text: str) -> str:
    """Undo :func:`escape`."""
    if "_x" not in text:
        return text
    return _CODE.sub(lambda m: chr(int(m.group(1), 16)), text)


class _Cells:
    """Makes the cells of a write-only sheet: text as text, numbers and dates formatted."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        self.sheet = sheet
        self.make = WriteOnlyCell
        self.bold = Font(bold=True)
        self.top = Alignment(vertical="top", wrap_text=False)

    def text(self, value: str) -> Any:
        value = escape(value)
        if value[:1] in _RUNS or value.startswith("_x000D_"):
            cell = self.make(self.sheet, value="")
            cell._value = value  # stored as it is: text
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return value

    def header(self, value: str) -> Any:
        cell = self.make(self.sheet, value=value)
        cell.font = self.bold
        return cell

    def value(self, field: str, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if field == "confidence" and isinstance(value, float):
            cell = self.make(self.sheet, value=value)
            cell.number_format = "0%"
            return cell
        if isinstance(value, dt.date):
            # The stub of WriteOnlyCell leaves out the dates that openpyxl's Cell takes.
            cell = self.make(self.sheet, value=value)  # pyright: ignore[reportArgumentType]
            cell.number_format = "yyyy-mm-dd"
            return cell
        if isinstance(value, float) and not math.isfinite(float(f"{value:.16g}")):
            return repr(value)  # a workbook stores 16 digits: this one only as text survives
        return value


def _main_sheet(book: Any, side: Side) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(MAIN_SHEET)
    cols = columns()
    rows = table_rows(side)
    for index, column in enumerate(cols, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS.get(column.field, _WIDTH)
        choices = _LISTS.get(column.field)
        if choices is not None:
            labels = ",".join(m.label for m in choices)
            check = DataValidation(
                type="list",
                formula1=f'"{labels}"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",  # warn, but let other words through (the reader knows some)
            )
            check.error = f"Choose one of: {labels.replace(',', ', ')}."
            check.errorTitle = column.header
            check.add(f"{letter}2:{letter}{max(len(rows) + 1000, 2)}")
            sheet.data_validations.append(check)
    sheet.freeze_panes = "A2"
    _declare_size(sheet, len(rows) + 1, len(cols))
    cells = _Cells(sheet)
    sheet.append([cells.header(c.header) for c in cols])
    fields = [c.field for c in cols]
    for row in rows:
        sheet.append([cells.value(f, v) for f, v in zip(fields, row, strict=True)])


def _declare_size(sheet: Any, rows: int, columns: int) -> None:
    """Write the sheet's size in its ``<dimension>`` element, as Excel and LibreOffice do.
    openpyxl's write-only sheets leave it out (its writer asks the sheet for
    ``calculate_dimension``, which they lack), and reading a sheet without it openpyxl
    parses the whole sheet once just to learn its size."""
    from openpyxl.utils import get_column_letter

    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
    sheet.calculate_dimension = lambda: ref


_README = (
    ("How to use this workbook", ""),
    (
        "",
        "One row per unit, objective and key result. Edit titles, owners, numbers and "
        "dates, add rows (leave ID empty) or delete rows, then import the file again in "
        "OKR Studio (File → Import…): it shows every difference before anything changes.",
    ),
    (
        "",
        "Keep the ID column as it is: it is how a row is matched with its item. Parent "
        "names the row above it in the tree by ID (or by title); Aligned to names the "
        "parent key result an objective supports.",
    ),
    (
        "",
        "Edits made in OKR Studio since this export are kept unless the same field was "
        "changed here too; then both values are shown and you choose.",
    ),
    ("Columns", ""),
)


def _readme(book: Any) -> None:
    from okr_studio.exchange.columns import SYNONYMS

    sheet = book.create_sheet(README_SHEET)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    _declare_size(sheet, len(_README) + len(columns()), 2)
    for left, right in _README:
        sheet.append([left, right])
    for column in columns():
        other = ", ".join(SYNONYMS.get(column.field, ())[:4])
        used = {"unit": "units", "objective": "objectives", "key_result": "key results"}
        users = ", ".join(used[k] for k in column.kinds)
        text = f"{COLUMN_HELP.get(column.field, '')} (For {users}.)"
        if other:
            text += f" Also read under the header: {other}."
        sheet.append([column.header, text.strip()])


#: What each column means, for the Read me sheet and the documentation.
COLUMN_HELP: dict[str, str] = {
    "id": "The item's stable id. Leave it as it is; leave it empty in a new row.",
    "type": "Unit, Objective or Key result (a level such as Team also makes a unit).",
    "parent": "The ID (or title) of the row above it: a unit's parent unit, an "
    "objective's unit, a key result's objective.",
    "aligned_to": "The ID (or title) of the parent key result the objective supports.",
    "level": "A unit's level: company, department, team…",
    "title": "The name of the unit, or the title of the objective or key result.",
    "owner": "The person accountable (found by e-mail address, else by name).",
    "owner_email": "The owner's e-mail address.",
    "metric": "What is measured.",
    "baseline": 'Where the measure starts ("12 %" also sets the unit %).',
    "target": "Where it should be by the due date.",
    "unit_of_measure": "%, ms, €, customers…",
    "direction": "Increase, Decrease, Keep above, Keep below or Milestone.",
    "due_date": "When, as a date (2027-03-31).",
    "work_type": "Feature, Technical debt, Defect or Risk.",
    "confidence": "How likely the target is reached: 0 % to 100 %.",
    "status": "Draft or Agreed.",
    "problem": "The problem solved or the opportunity taken.",
    "behaviour_change": "Whose behaviour changes, and how.",
    "success_measure": "How success is measured.",
    "weight": "Its share in the objective's score (1 for each key result: equal).",
    "learning_note": "What the review learned from it.",
    "carried_from": "The stable id of the last cycle's item it continues (leave it as it is).",
    "carried_score": "That item's score at the end of the last cycle.",
    "actual_outcome": "The review: what actually happened.",
    "learned": "The review: what we learned.",
    "decision": "The review's decision for the next cycle: Keep, Change or Drop.",
    "notes": "Anything else.",
}


def _base(book: Any, side: Side, exported_at: str) -> None:
    """The items as exported: the JSON content, compressed (zlib) and in base64, in the
    first column's cells of a very hidden sheet (compressed, a workbook of 5,000 items
    reads in a fraction of the time)."""
    sheet = book.create_sheet(BASE_SHEET)
    sheet.sheet_state = "veryHidden"
    text = json.dumps(
        {"exported_at": exported_at, **content_of(side)}, ensure_ascii=False, separators=(",", ":")
    )
    packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")
    chunks = range(0, len(packed), _CHUNK)
    _declare_size(sheet, len(chunks) + 1, 1)
    sheet.append([BASE_MARK])
    for start in chunks:
        sheet.append([packed[start : start + _CHUNK]])


def write_workbook(side: Side, fh: BinaryIO, *, exported_at: str | None = None) -> None:
    """Write a side as the workbook to a binary file object."""
    from openpyxl import Workbook

    when = exported_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    book = Workbook(write_only=True)
    _main_sheet(book, side)
    _readme(book)
    _base(book, side, when)
    book.save(fh)


def write_xlsx(data: WorkshopData, path: Path | str) -> None:
    """Write the workshop as an XLSX workbook, whole or not at all."""
    from okr_studio.safewrite import write_bytes

    # Made in memory first (a few MB at most): openpyxl leaves its zip half open when a
    # write fails, so the file itself is written by the one atomic writer in one go.
    buffer = io.BytesIO()
    write_workbook(side_from_workshop(data), buffer)
    write_bytes(path, buffer.getvalue())
