"""Dates as people write them: cycles written as quarters, typed dates, dates in titles.

- :func:`quarter_dates`: a cycle such as "2027 Q2" or "H1 2027" → its first and last day.
- :func:`read_date`: a date field as typed, strictly: "2027-03-31", "31.03.2027" (in the
  order of the user's locale: "3/31/2027" in the US), "31 Mar", "1. Juli 2024",
  "March 31, 2027". A date without a year takes ``year`` (or this year).
- :func:`date_spans`: where a free text (a title) holds dates, quarters, weeks, years or
  times of day, so the reader of numbers in titles can skip them.

Month names are read in English, in German and in the user's locale (CLDR data through
Babel, no Qt).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from okr_studio.errors import EditRefused
from okr_studio.numbers import LocaleLike, locale_name, locale_of

if TYPE_CHECKING:
    from babel import Locale


class NotADate(EditRefused):
    """A value that cannot be read as a date; the message says which field and gives an
    example in the user's locale."""


# ---- cycles written as quarters ----------------------------------------------------------
_PERIOD = re.compile(
    r"^\s*(?:(?P<y1>\d{4})\s*[-/ ]?\s*(?P<k1>[QH])\s*(?P<n1>[1-4])"
    r"|(?P<k2>[QH])\s*(?P<n2>[1-4])\s*[-/ ]?\s*(?P<y2>\d{4})"
    r"|(?P<n3>[1-4])\s*\.\s*(?P<k3>Quartal|Halbjahr)\s+(?P<y3>\d{4}))\s*$",
    re.IGNORECASE,
)


def quarter_dates(cycle: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a cycle written as a quarter or half year: "2027 Q2",
    "Q2 2027", "Q2/2027", "2. Quartal 2027", "H1 2027"; None for anything else."""
    match = _PERIOD.match(cycle or "")
    if match is None:
        return None
    year = int(match["y1"] or match["y2"] or match["y3"])
    kind = (match["k1"] or match["k2"] or match["k3"])[0].upper()
    number = int(match["n1"] or match["n2"] or match["n3"])
    months = 3 if kind == "Q" else 6
    if kind == "H" and number > 2:
        return None
    first_month = months * (number - 1) + 1
    start = dt.date(year, first_month, 1)
    after_month = first_month + months
    after = dt.date(year + 1, 1, 1) if after_month > 12 else dt.date(year, after_month, 1)
    return start, after - dt.timedelta(days=1)


# ---- month names -------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().rstrip(".")


_ENGLISH_AND_GERMAN_MONTHS = """
    january jan february feb march mar april apr may may june jun july jul august aug
    september sep october oct november nov december dec
    januar jan februar feb märz mär april apr mai mai juni jun juli jul august aug
    september sep oktober okt november nov dezember dez
"""


@lru_cache(maxsize=32)
def month_names(locale: str) -> dict[str, int]:
    """Month names and abbreviations (folded, without a final dot) → month number, in
    English, German and, from CLDR, the language of ``locale`` (a locale name)."""
    words = _ENGLISH_AND_GERMAN_MONTHS.split()
    names: dict[str, int] = {"sept": 9, "mrz": 3, "maerz": 3, "jän": 1, "jänner": 1}
    for index, word in enumerate(words):
        names.setdefault(word, (index // 2) % 12 + 1)
    if locale.split("_")[0] not in ("en", "de"):  # other languages: their CLDR names
        loc = locale_of(locale)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in loc.months[context][width].items():
                    names.setdefault(_fold(name), int(number))
    return names


def _month_pattern(locale: str) -> str:
    names = sorted(month_names(locale), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


# ---- reading a date field ------------------------------------------------------------------
def _order(loc: Locale) -> str:
    """The order of day, month and year in ``loc``'s short dates: "dmy", "mdy" or "ymd"."""
    pattern = loc.date_formats["short"].pattern
    seen = [ch for ch in pattern.lower() if ch in "dmy"]
    order = "".join(dict.fromkeys(seen))
    return order if sorted(order) == ["d", "m", "y"] else "dmy"


def _year(text: str | None, default: int | None) -> int:
    if text is None:
        return default if default is not None else dt.date.today().year
    value = int(text)
    return value + 2000 if len(text) <= 2 else value


def example_date(locale: LocaleLike = None) -> str:
    """A date in the user's own medium format, for messages ("31.03.2027")."""
    import babel.dates

    return babel.dates.format_date(dt.date(2027, 3, 31), "medium", locale=locale_of(locale))


def read_date(
    value: object, what: str = "date", locale: LocaleLike = None, *, year: int | None = None
) -> dt.date | None:
    """A typed date as a :class:`datetime.date`; None when empty.

    Reads ISO dates, numeric dates in ``locale``'s order of day and month (with "." "/"
    or "-"; a two-digit year means this century), and dates with a month name in
    English, German or the locale's language ("31 Mar", "1. Juli 2024", "March 31,
    2027"). A date written without a year takes ``year``, else the current year.
    Raises :class:`NotADate` with a message naming the field otherwise.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    loc = locale_of(locale)
    parts = _numeric(text, loc) or _named(text, locale_name(loc))
    if parts is not None:
        y, m, d = parts
        try:
            return dt.date(_year(y, year), int(m), int(d))
        except ValueError:
            pass
    shown = text if len(text) <= 40 else text[:39] + "…"
    raise NotADate(
        f"The {what} must be a date like 2027-03-31 or {example_date(loc)}, not “{shown}”."
    )


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,4})\s*([./-])\s*(\d{1,2})\s*(?:\2\s*(\d{2}|\d{4})?)?\s*\.?")

DatePart = tuple[str | None, str, str]


def _numeric(text: str, loc: Locale) -> DatePart | None:
    iso = _ISO.fullmatch(text)
    if iso is not None:
        return iso[1], iso[2], iso[3]
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return None
    first, _sep, second, year = match.groups()
    if len(first) == 4:  # 2027/3/31 written without its day: not a date we know
        return None
    order = _order(loc).replace("y", "")
    day, month = (first, second) if order == "dm" else (second, first)
    return year, month, day


@lru_cache(maxsize=32)
def _named_patterns(locale: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    months = _month_pattern(locale)
    day = r"(?P<d>\d{1,2})(?:\.|st|nd|rd|th)?"
    year = r"(?P<y>\d{4}|'?\d{2})"
    day_first = re.compile(
        rf"{day}\s*(?:of\s+)?[- ]?\s*(?P<m>{months})\.?(?:[-,\s]+{year})?", re.IGNORECASE
    )
    month_first = re.compile(rf"(?P<m>{months})\.?\s+{day}(?:\s*,?\s*{year})?", re.IGNORECASE)
    return day_first, month_first


def _named(text: str, locale: str) -> DatePart | None:
    for pattern in _named_patterns(locale):
        match = pattern.fullmatch(text)
        if match is not None:
            month = month_names(locale)[_fold(match["m"])]
            year = match["y"].lstrip("'") if match["y"] else None
            return year, str(month), match["d"]
    return None


# ---- dates inside free text ------------------------------------------------------------------
_DATE_FORMS = (
    r"\d{4}-\d{1,2}-\d{1,2}",  # 2027-03-31
    r"(?<![\d.,])\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?!\d)",  # 31.03.2027, 31.03.27
    # 31.03. and 30.6. only after a word that introduces a date (else 4.5. ends a title)
    r"\b(?:bis|zum|am|ab|vom|per|by|on|until|before)\s+(?:zum\s+)?\d{1,2}\.\d{1,2}\.(?!\d)",
    r"(?<![\d.,])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?!\d)",  # 3/31/2027
    r"\b[QH][1-4](?:\s*[-/ ]?\s*(?:\d{4}|'?\d{2})(?!\d))?",  # Q3 2027, H1/25
    r"\b\d\s*\.\s*(?:Quartal|Halbjahr|Jahreshälfte|Hälfte|Kalenderwoche)\b",
    r"\b(?:KW|CW|WK|week|Woche|Kalenderwoche|calendar week)\s*\d{1,2}\b",
    r"\b(?:FY|GJ|WJ)\s*'?\d{2,4}(?:\s*/\s*\d{2,4})?",  # FY2025, GJ 2024/25
    # a year (1990–2059, but 2000 only after a word for time: "2000 users" is a count)
    r"(?<![\d.,])(?:199\d|20[0-5]\d)\s*[-/–]\s*(?:(?:19|20)\d{2}|\d{2})(?![\d.,])",
    r"(?<![\d.,])(?:199\d|200[1-9]|20[1-5]\d)(?![\d.,])",
    r"\b(?:in|by|bis|until|since|seit|of|ab|im|Jahr|year|Ende|end|Anfang)\s+2000\b",
    r"\b\d{1,2}:\d{2}(?:\s*(?:Uhr|h|am|pm))?",  # 14:30 Uhr
    r"\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)",  # 9am, 5 pm
)
_NUMERIC_DATES = re.compile("|".join(f"(?:{f})" for f in _DATE_FORMS), re.IGNORECASE)
# A quick look for what every form above needs (a 4-digit year, "31.03", "3. Quartal",
# "9am", "Q3", "KW", "FY"…): most titles have none, and the full search costs more.
_DATE_HINT = re.compile(
    r"\d(?:\d{3}|[./:-]\d|\.\s*[^\W\d_]|\s*[ap]\.?m)"
    r"|[QHqh][1-4]|[kKcC][wW]|[wW][kK]|[wW]eek|[wW]oche|[fF][yY]|[gGwW][jJ]"
)
_LETTERS = re.compile(r"[^\W\d_]+")
_A_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=32)
def _named_spans_pattern(locale: str) -> re.Pattern[str]:
    months = _month_pattern(locale)
    day = r"\d{1,2}(?:\.|st|nd|rd|th)?"
    year = r"(?:\d{4}|'\d{2})"
    forms = [
        rf"(?<![\d.,]){day}\s*(?:of\s+)?(?:{months})\b\.?(?:,?\s*{year})?",  # 1. Juli 2024
        rf"\b(?:{months})\b\.?\s*(?:{day}(?!\d)(?:,?\s*{year})?|{year})",  # March 31, Mar 2027
    ]
    return re.compile("|".join(f"(?:{f})" for f in forms), re.IGNORECASE)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def date_spans(text: str, locale: LocaleLike = None) -> list[tuple[int, int]]:
    """(start, end) of every date, quarter, calendar week, fiscal year, year (1900–2199,
    or a range such as 2025/26) and time of day in ``text``."""
    if _A_DIGIT.search(text) is None:  # every form holds a digit
        return []
    spans = [m.span() for m in _NUMERIC_DATES.finditer(text)] if _DATE_HINT.search(text) else []
    name = locale_name(locale)
    if not month_names(name).keys().isdisjoint(map(_fold, _LETTERS.findall(text))):
        spans += [m.span() for m in _named_spans_pattern(name).finditer(text)]
        return _merge(spans)
    return spans
