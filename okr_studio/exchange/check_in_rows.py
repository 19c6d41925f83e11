"""Check-ins brought in as rows of a sheet: key result, date, value, confidence, comment.

Owners often keep their numbers in a spreadsheet. A sheet (CSV, TSV or XLSX) with one
check-in per row comes in through the same plan and apply service as every import
(:func:`okr_studio.exchange.make_plan`, :func:`okr_studio.services.apply_plan`: one
transaction, one undo step)::

    incoming = read_check_ins(path, ws.snapshot())
    plan = make_plan(incoming, ws.snapshot(), only_add=True)
    services.apply_plan(ws, plan)

Columns are found by their headers, in any order (English or German words, case and
punctuation aside): **Key result** (its id, or its title when that is unique in the
workshop), **Date**, **Value** (all three needed), and optionally **Confidence** ("70 %",
"0.7" or "70"), **Comment** and **Who** (a person of the workshop, by name or e-mail).
Numbers and dates are read in the file's locale. A row for a key result and day that
already has a check-in changes that check-in instead of adding another, so importing
the same sheet twice adds nothing twice. A row that cannot be read is left out with a
problem naming its row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from okr_studio.data import WorkshopData, name_key
from okr_studio.dates import read_date
from okr_studio.errors import EditRefused
from okr_studio.exchange.cells import read_confidence, read_number
from okr_studio.exchange.columns import fold
from okr_studio.exchange.incoming import Incoming
from okr_studio.exchange.items import Item, Side
from okr_studio.exchange.problems import ExchangeFileError, Problem, shown
from okr_studio.exchange.table_read import RawTable
from okr_studio.vocab import is_uid, new_uid

#: Field → the headers that name it (compared after :func:`fold`).
HEADERS: dict[str, tuple[str, ...]] = {
    "key_result": ("keyresult", "keyresultid", "kr", "krid", "keyresulttitle",
                   "schlüsselergebnis", "schluesselergebnis", "ergebnis"),
    "date": ("date", "day", "checkedin", "checkin", "checkindate", "when", "datum", "tag",
             "stichtag"),
    "value": ("value", "actual", "actualvalue", "measured", "current", "wert", "istwert",
              "ist"),
    "confidence": ("confidence", "zuversicht", "konfidenz"),
    "comment": ("comment", "comments", "note", "notes", "kommentar", "bemerkung"),
    "person": ("who", "person", "by", "checkedinby", "wer"),
}  # fmt: skip
REQUIRED = ("key_result", "date", "value")


def check_in_columns(headers: tuple[str, ...] | list[str]) -> dict[str, int]:
    """Field → column index, for the headers that name a check-in field."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = fold(header)
        for name, words in HEADERS.items():
            if key in words and name not in found:
                found[name] = index
    return found


def is_check_in_table(headers: tuple[str, ...] | list[str]) -> bool:
    """Whether a sheet's headers name a key result, a date and a value."""
    return all(name in check_in_columns(headers) for name in REQUIRED)


class _Rows:
    """Reads the rows of a check-in sheet against one workshop."""

    def __init__(self, data: WorkshopData, source: str, locale: str) -> None:
        self.data, self.source, self.locale = data, source, locale
        self.problems: list[Problem] = []
        self.titles: dict[str, list[str]] = {}
        for kr in data.key_results.values():
            self.titles.setdefault(fold(kr.title), []).append(kr.uid)
        self.people: dict[str, str] = {}
        for person in data.people.values():
            for key in (name_key(person.name), person.email.strip().casefold()):
                if key:
                    self.people.setdefault(key, person.uid)
        self.existing = {
            (data.key_results[c.key_result_id].uid, c.date): c.uid
            for c in data.check_ins.values()
            if c.key_result_id in data.key_results
        }

    def problem(self, line: int, column: str, message: str, severity: Any = "error") -> None:
        self.problems.append(Problem(message, line, "row", column, severity))

    def key_result(self, raw: Any) -> str | None:
        text = str(raw or "").strip()
        if is_uid(text.lower()) and self.data.by_uid.get(text.lower(), ("",))[0] == "key_result":
            return text.lower()
        found = self.titles.get(fold(text), [])
        return found[0] if text and len(found) == 1 else None

    def row(self, cells: dict[str, Any], line: int, columns: dict[str, str]) -> Item | None:
        kr = self.key_result(cells.get("key_result"))
        if kr is None:
            raw = shown(cells.get("key_result") or "")
            self.problem(line, columns["key_result"], f"The key result “{raw}” is not in the "
                         "workshop (or its title is not unique there); use its id. The row "
                         "is left out.")  # fmt: skip
            return None
        try:
            values = self.values(cells)
        except EditRefused as exc:
            self.problem(line, "", f"{exc} The row is left out.")
            return None
        key = self.existing.get((kr, values["date"])) or new_uid()
        return Item("check_in", key, {"parent": kr, **values}, line)

    def values(self, cells: dict[str, Any]) -> dict[str, Any]:
        raw_date = cells.get("date")
        if isinstance(raw_date, dt.datetime):
            raw_date = raw_date.date()
        day = read_date(raw_date, "date", self.locale)
        if day is None:
            raise EditRefused("A check-in needs a date.")
        value = read_number(cells.get("value"), "value", self.locale)[0]
        if value is None:
            raise EditRefused("A check-in needs a value: the number measured on that day.")
        out: dict[str, Any] = {"date": day, "value": value}
        if "confidence" in cells:
            out["confidence"] = read_confidence(cells["confidence"], self.locale)
        if "comment" in cells:
            comment = cells["comment"]
            out["comment"] = "" if comment is None else str(comment)
        if "person" in cells:
            who = str(cells["person"] or "").strip()
            out["person"] = self.people.get(name_key(who)) or self.people.get(who.casefold())
            if who and out["person"] is None:
                raise EditRefused(f"“{shown(who)}” is not a person of the workshop.")
        return out


def check_ins_from_table(
    table: RawTable, data: WorkshopData, *, source: str, format: str, locale: str = ""
) -> Incoming:
    """The check-ins of a sheet's cells, as incoming items for :func:`make_plan`."""
    columns = check_in_columns(table.headers)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ExchangeFileError(
            source,
            "is not a sheet of check-ins: it needs the columns Key result, Date and Value "
            f"(missing: {', '.join(n.replace('_', ' ') for n in missing)}).",
        )
    rows = _Rows(data, source, locale or "en_US")
    headers = {name: str(table.headers[i]) for name, i in columns.items()}
    side = Side()
    for cells, line in zip(table.rows, table.lines, strict=False):
        named = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in named.values()):
            continue  # an empty row
        item = rows.row(named, line, headers)
        if item is not None and item.ref in side:
            rows.problem(line, headers["date"], "The key result has another row for the "
                         "same day above; this one is left out.")  # fmt: skip
        elif item is not None:
            side.add(item)
    return Incoming(source=source, format=format, side=side, problems=rows.problems,
                    table=table, number_locale=locale)  # fmt: skip


def read_check_ins(path: Path | str, data: WorkshopData, *, format: str | None = None) -> Incoming:
    """Read a CSV, TSV or XLSX sheet of check-ins for the workshop ``data``."""
    from okr_studio.exchange.formats import read_file

    sheet = read_file(path, format=format)
    if sheet.table is None:
        raise ExchangeFileError(path, "is not a sheet: check-ins come as rows of a table.")
    locale = sheet.number_locale or "en_US"
    return check_ins_from_table(
        sheet.table, data, source=sheet.source, format=sheet.format, locale=locale
    )
