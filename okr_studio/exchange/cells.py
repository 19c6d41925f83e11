"""One cell of a table, read as a field's value, and written back safely.

- :func:`field_kind` says what a field holds (text, number, date, a choice, a
  reference), read from the interchange models.
- :func:`read_cell` turns what a spreadsheet gives (text typed in a locale,
  numbers, dates, "12 %", "Keep above") into the field's value, or raises
  ``EditRefused`` with a plain reason.
- :func:`quote` / :func:`unquote`: in a CSV file, text that a spreadsheet
  program would run as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return) is written with a leading apostrophe, as
  spreadsheet programs themselves mark text; the CSV reader takes exactly that
  apostrophe off again, so the text survives a round trip unchanged. (In an
  XLSX workbook such a cell is stored as text with the "quote prefix" style
  instead, which keeps the text itself unchanged.)
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from enum import Enum
from functools import cache
from typing import Any, get_args

from okr_studio.dates import read_date
from okr_studio.errors import EditRefused
from okr_studio.numbers import read_text, read_value

_RUNS = ("=", "+", "-", "@", "\t", "\r")


def quote(text: str) -> str:
    """``text`` as a spreadsheet cell that no spreadsheet program runs as a formula."""
    if text and (text[0] in _RUNS or (text[0] == "'" and text[1:2] in (*_RUNS, "'"))):
        return "'" + text
    return text


def unquote(text: str) -> str:
    """Undo :func:`quote` (a leading apostrophe before what would be a formula)."""
    if len(text) >= 2 and text[0] == "'" and text[1] in (*_RUNS, "'"):
        return text[1:]
    return text


# ---- what a field holds ------------------------------------------------------------------
@cache
def field_kind(kind: str, name: str) -> str | type[Enum]:
    """ "text", "number", "date", "reference", or the Enum of a choice."""
    from okr_studio.model import EXCHANGE_ROWS

    if name in ("parent", "aligned_to", "owner", "item"):
        return "reference"
    annotation = EXCHANGE_ROWS[kind].model_fields[name].annotation
    args = get_args(annotation) or (annotation,)
    for arg in args:
        if isinstance(arg, type) and issubclass(arg, Enum):
            return arg
        if arg is float:
            return "number"
        if arg is dt.date:
            return "date"
    return "text"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


#: Other words people use for the fixed choices (folded: lower case, letters only).
CHOICE_WORDS: dict[str, str] = {
    # direction
    "up": "increase", "higher": "increase", "raise": "increase", "grow": "increase",
    "erhöhen": "increase", "steigern": "increase", "down": "decrease", "lower": "decrease",
    "reduce": "decrease", "cut": "decrease", "senken": "decrease", "reduzieren": "decrease",
    "atleast": "keep_above", "minimum": "keep_above", "min": "keep_above",
    "mindestens": "keep_above", "≥": "keep_above", "atmost": "keep_below",
    "maximum": "keep_below", "max": "keep_below", "höchstens": "keep_below",
    "≤": "keep_below", "done": "milestone", "yesno": "milestone", "binary": "milestone",
    "meilenstein": "milestone",
    # work type
    "techdebt": "technical_debt", "debt": "technical_debt", "bug": "defect",
    "bugs": "defect", "fehler": "defect", "risiko": "risk", "funktion": "feature",
    # status
    "approved": "agreed", "final": "agreed", "committed": "agreed", "vereinbart": "agreed",
    "entwurf": "draft", "proposed": "draft",
}  # fmt: skip


def read_choice(choices: type[Enum], value: Any, what: str) -> str:
    """The choice ``value`` names (its value, its label or a common word for it)."""
    text = str(value).strip()
    folded = _fold(text) or text
    for member in choices:
        label = getattr(member, "label", member.value)
        if folded in (_fold(str(member.value)), _fold(label)):
            return str(member.value)
    word = CHOICE_WORDS.get(folded)
    if word is not None and word in {str(m.value) for m in choices}:
        return word
    labels = ", ".join(getattr(m, "label", str(m.value)) for m in choices)
    raise EditRefused(f"“{text[:40]}” is not a {what}; write one of: {labels}.")


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_number(value: Any, what: str, locale: str) -> tuple[float | None, bool]:
    """(number, written as a percentage) of a cell: numbers as they are, text in ``locale``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, False
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise EditRefused(f"The {what} must be a number, not “{_as_text(value)[:40]}”.")
    if isinstance(value, str):
        number, percent = read_text(value, what, locale)
        return number, percent
    return read_value(value, what), False


def read_confidence(value: Any, locale: str) -> float | None:
    """Confidence as a share 0–1: "70 %", "0.7" and "70" all give 0.7."""
    number, percent = read_number(value, "confidence", locale)
    if number is None:
        return None
    if percent or 1 < number <= 100:
        number = number / 100
    if not 0 <= number <= 1 or math.isnan(number):
        raise EditRefused("Confidence is a share between 0 % and 100 %.")
    return number


def read_cell(kind: str, name: str, value: Any, what: str, locale: str) -> Any:
    """A cell as the value of field ``name`` of an item of ``kind`` (EditRefused if not)."""
    field = field_kind(kind, name)
    if name == "confidence":
        return read_confidence(value, locale)
    if field == "number":
        return read_number(value, what, locale)[0]
    if field == "date":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise EditRefused(f"The {what} must be a date like 2027-03-31.")
        return read_date(value, what, locale)
    if isinstance(field, type):
        return read_choice(field, value, what)
    if value is None:
        return ""
    return value if isinstance(value, str) else _as_text(value)


def number_text(value: float | None) -> str:
    """A number as a table writes it: "12", "12.5", "1e+20" (read back exactly)."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
