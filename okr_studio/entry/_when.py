"""Due dates in a one-line entry: "by 31 Mar", "by Q3", "by end of May", "bis Ende Mai".

:func:`find_due` finds the first date marker of a line ("by", "until", "bis", "bis zum",
"spätestens"…) followed by something that reads as a day, and gives its span and date.
Exact dates are read by :func:`okr_studio.dates.read_date`, quarters by
:func:`okr_studio.dates.quarter_dates`; this module only adds the words around them:

- "end of", "Ende", "close of" → the last day of the month, quarter, half or year named;
  "mid", "Mitte" → the 15th of a month; "start of", "Anfang" → its first day;
- a month alone ("by May") → its last day; a year alone ("by 2028") → 31 December;
- "Q3", "3. Quartal", "H1" → the last day of the quarter or half; "KW 12", "week 12"
  → the Friday of that ISO week;
- "end of the quarter", "Quartalsende", "end of the cycle" → the cycle's last day (or,
  with no cycle, the end of the quarter the reference day is in); "end of year",
  "Jahresende", "EOY" → 31 December.

A day written without a year is the first such day on or after the *reference day*: the
cycle's first day when the workshop has a cycle, else today (both passed in).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from okr_studio.dates import NotADate, month_names, read_date


@dataclass(frozen=True, slots=True)
class When:
    """What the reference for a date without a year is."""

    start: dt.date
    #: The workshop's cycle (first and last day), if it has one.
    cycle: tuple[dt.date, dt.date] | None
    locale: str


_MARKER = re.compile(
    r"(?<![^\s(\[,;])(?:"
    r"by|until|till|due(?:\s+(?:on|by))?|no\s+later\s+than"
    r"|bis(?:\s+(?:zum|zur|spätestens))?|spätestens(?:\s+(?:am|zum|bis(?:\s+zum)?))?"
    r"|fällig(?:\s+(?:am|zum|bis))?"
    r")\s+",
    re.IGNORECASE,
)
_END = (
    r"(?:(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?|(?:zum\s+)?Ende\s+(?:des\s+|der\s+|von\s+)?)"
)
_MID = r"(?:mid[- ]?|(?:the\s+)?middle\s+of\s+|Mitte\s+)"
_START = r"(?:(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+)?|Anfang\s+(?:des\s+|der\s+)?)"
_YEAR = r"(?P<year>\d{4}|'\d{2})"
_QUARTER = rf"(?:Q(?P<q>[1-4])|(?P<q2>[1-4])\.\s*Quartal(?:s)?)(?:\s*[-/ ]?\s*{_YEAR})?"
_HALF = (
    rf"(?:H(?P<h>[12])|(?P<h2>[12])\.\s*(?:Halbjahr(?:es)?|Jahreshälfte))"
    rf"(?:\s*[-/ ]?\s*{_YEAR})?"
)
_WEEK = (
    r"(?:KW|CW|WK|week|Woche|Kalenderwoche|calendar\s+week)\s*(?P<week>\d{1,2})"
    rf"(?:\s*/?\s*{_YEAR})?"
)
_END_WORDS = {
    "year": ("eoy", "year end", "year-end", "yearend", "jahresende", "end of year"),
    "quarter": ("eoq", "quarter end", "quarter-end", "quartalsende", "end of quarter"),
    "cycle": ("cycle end", "zyklusende", "end of cycle"),
}
_PERIOD_WORDS = {
    "year": ("year", "jahres", "jahr"),
    "quarter": ("quarter", "quartals", "quartal"),
    "cycle": ("cycle", "zyklus", "zyklusses"),
}
# After a year alone, a unit or a decimal says it is an amount ("by 2025 €"), not a year.
_AMOUNT_AFTER = re.compile(
    r"\s*(?:[%‰€$£]|[.,]\d|pp\b|Prozent|percent|Euro|EUR|USD|k\b|K\b|M\b|Mio)", re.IGNORECASE
)
_STOP = re.compile(r"(?=[\s,;:!?)\]]|$)")


def _window_year(when: When, explicit: str | None) -> int | None:
    if explicit is None:
        return None
    year = int(explicit.lstrip("'"))
    return year + 2000 if year < 100 else year


def _first_on_or_after(when: When, make: Callable[[int], dt.date | None]) -> dt.date | None:
    """``make(year)`` for the first year whose day is on or after the reference day."""
    for year in (when.start.year - 1, when.start.year, when.start.year + 1):
        try:
            day = make(year)
        except ValueError:
            continue
        if day is not None and day >= when.start:
            return day
    return None


def _month_end(year: int, month: int) -> dt.date:
    after = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return after - dt.timedelta(days=1)


def _quarter_end(year: int, quarter: int) -> dt.date:
    return _month_end(year, 3 * quarter)


def _year_or_next(when: When, year: str | None, make: Callable[[int], dt.date]) -> dt.date | None:
    explicit = _window_year(when, year)
    if explicit is not None:
        try:
            return make(explicit)
        except ValueError:
            return None
    return _first_on_or_after(when, make)


def _period_end(when: When, word: str) -> dt.date | None:
    """The last day of "the year", "the quarter", "the cycle" as the workshop sees them."""
    if word == "year":
        return dt.date(when.start.year, 12, 31)
    if when.cycle is not None:
        return when.cycle[1]
    if word == "quarter":
        return _quarter_end(when.start.year, (when.start.month - 1) // 3 + 1)
    return None


@lru_cache(maxsize=16)
def _patterns(locale: str) -> dict[str, re.Pattern[str]]:
    months = "|".join(re.escape(n) for n in sorted(month_names(locale), key=len, reverse=True))
    month = rf"(?P<month>{months})\.?(?:\s+{_YEAR})?"
    flags = re.IGNORECASE
    return {
        "end_words": re.compile(
            "|".join(re.escape(w).replace(r"\ ", r"\s+") for ws in _END_WORDS.values() for w in ws)
            + r"(?![\w-])",
            flags,
        ),
        "end_period": re.compile(
            rf"{_END}(?P<word>{'|'.join(w for ws in _PERIOD_WORDS.values() for w in ws)})(?!\w)",
            flags,
        ),
        "end_quarter": re.compile(rf"(?:{_END})?{_QUARTER}(?!\w)", flags),
        "end_half": re.compile(rf"(?:{_END})?{_HALF}(?!\w)", flags),
        "week": re.compile(rf"(?:{_END})?{_WEEK}(?!\w)", flags),
        "end_month": re.compile(rf"{_END}{month}(?!\w)", flags),
        "mid_month": re.compile(rf"{_MID}{month}(?!\w)", flags),
        "start_month": re.compile(rf"{_START}{month}(?!\w)", flags),
        "month_year": re.compile(rf"(?P<month>{months})\.?\s+(?P<year>\d{{4}})(?!\w)", flags),
        "month": re.compile(rf"(?P<month>{months})\.?(?![\w.]|\s+\d)", flags),
        "end_year": re.compile(rf"(?:{_END})?(?P<year>20\d\d)(?![\w.,])", flags),
    }


def _quarter(when: When, m: re.Match[str]) -> dt.date | None:
    number = int(m["q"] or m["q2"])
    return _year_or_next(when, m["year"], lambda y: _quarter_end(y, number))


def _half(when: When, m: re.Match[str]) -> dt.date | None:
    month = 6 if (m["h"] or m["h2"]) == "1" else 12
    return _year_or_next(when, m["year"], lambda y: _month_end(y, month))


def _week(when: When, m: re.Match[str]) -> dt.date | None:
    week = int(m["week"])
    return _year_or_next(when, m["year"], lambda y: dt.date.fromisocalendar(y, week, 5))


def _month_day(when: When, m: re.Match[str], day: int | None) -> dt.date | None:
    number = month_names(when.locale)[_fold(m["month"])]
    year = m.groupdict().get("year")
    if day is None:
        return _year_or_next(when, year, lambda y: _month_end(y, number))
    return _year_or_next(when, year, lambda y: dt.date(y, number, day))


def _fold(text: str) -> str:
    return text.casefold().rstrip(".")


def _relative(text: str, when: When) -> tuple[int, dt.date | None] | None:
    """(length, date) of a worded day at the start of ``text``; date None when the words
    name a period the workshop cannot place (the end of a cycle it does not have)."""
    p = _patterns(when.locale)
    match = p["end_words"].match(text)
    if match is not None:
        word = match.group().casefold()
        kind = next(k for k, ws in _END_WORDS.items() if " ".join(word.split()) in ws)
        return match.end(), _period_end(when, kind)
    match = p["end_period"].match(text)
    if match is not None:
        word = match["word"].casefold()
        kind = next(k for k, ws in _PERIOD_WORDS.items() if word in ws)
        return match.end(), _period_end(when, kind)
    readers: tuple[tuple[str, Callable[[re.Match[str]], dt.date | None]], ...] = (
        ("end_quarter", lambda m: _quarter(when, m)),
        ("end_half", lambda m: _half(when, m)),
        ("week", lambda m: _week(when, m)),
        ("end_month", lambda m: _month_day(when, m, None)),
        ("mid_month", lambda m: _month_day(when, m, 15)),
        ("start_month", lambda m: _month_day(when, m, 1)),
        ("month_year", lambda m: _month_day(when, m, None)),
    )
    for name, read in readers:
        match = p[name].match(text)
        if match is not None:
            return match.end(), read(match)
    return None


_TOKEN = re.compile(r"[^\s@#]+")
_TRAILING = ",;:!?)]"
_NUMERIC_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{0,4}\.?")


def _exact(text: str, when: When) -> tuple[int, dt.date] | None:
    """(length, date) of a date such as "31 Mar", "31.03.", "March 31, 2027" at the start
    of ``text``, read by :func:`okr_studio.dates.read_date` (the longest that reads)."""
    ends = [m.end() for m in _TOKEN.finditer(text[:60])][:4]
    if not ends or _TOKEN.match(text) is None:
        return None
    for end in reversed(ends):
        candidate = text[:end].rstrip(_TRAILING)
        if not any(ch.isdigit() for ch in candidate):
            continue
        if not any(ch.isalpha() for ch in candidate) and not _NUMERIC_DAY.fullmatch(candidate):
            continue  # "by 12.5" is an amount; a numeric day needs "31.03." or a year
        try:
            this_year = read_date(candidate, "due date", when.locale, year=when.start.year)
            next_year = read_date(candidate, "due date", when.locale, year=when.start.year + 1)
        except NotADate:
            continue
        if this_year is None or next_year is None:
            continue
        day = this_year if this_year == next_year or this_year >= when.start else next_year
        return len(candidate), day
    return None


def _alone(text: str, when: When) -> tuple[int, dt.date | None] | None:
    """A month alone ("by May": its last day) or a year alone ("by 2028": 31 December)."""
    p = _patterns(when.locale)
    match = p["month"].match(text)
    if match is not None:
        return match.end(), _month_day(when, match, None)
    match = p["end_year"].match(text)
    if match is not None and not _AMOUNT_AFTER.match(text, match.end()):
        return match.end(), dt.date(int(match["year"]), 12, 31)
    return None


def read_day(text: str, when: When) -> tuple[int, dt.date] | None:
    """(length, date) of the day named at the start of ``text``, or None."""
    for reader in (_relative, _exact, _alone):
        found = reader(text, when)
        if found is None:
            continue
        length, day = found
        if day is None or _STOP.match(text, length) is None:
            return None
        return length, day
    return None


def find_due(
    line: str, when: When, taken: list[tuple[int, int]]
) -> tuple[int, int, dt.date] | None:
    """(start, end, date) of the first "by DATE" in ``line`` outside the ``taken`` spans."""
    for marker in _MARKER.finditer(line):
        start, after = marker.span()
        if any(s < after and start < e for s, e in taken):
            continue
        found = read_day(line[after : after + 80], when)
        if found is None:
            continue
        end = after + found[0]
        if any(s < end and start < e for s, e in taken):
            continue
        return start, end, found[1]
    return None
