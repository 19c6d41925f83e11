"""Quarters, typed dates and dates inside titles."""

from __future__ import annotations

import datetime as dt

import pytest

from okr_studio.dates import NotADate, date_spans, quarter_dates, read_date

D = dt.date


@pytest.mark.parametrize(
    ("cycle", "start", "end"),
    [
        ("2027 Q2", D(2027, 4, 1), D(2027, 6, 30)),
        ("Q2 2027", D(2027, 4, 1), D(2027, 6, 30)),
        ("q4/2027", D(2027, 10, 1), D(2027, 12, 31)),
        ("2027-Q1", D(2027, 1, 1), D(2027, 3, 31)),
        ("2. Quartal 2027", D(2027, 4, 1), D(2027, 6, 30)),
        ("H2 2027", D(2027, 7, 1), D(2027, 12, 31)),
        ("2028 Q1", D(2028, 1, 1), D(2028, 3, 31)),
    ],
)
def test_quarters(cycle: str, start: dt.date, end: dt.date) -> None:
    assert quarter_dates(cycle) == (start, end)


@pytest.mark.parametrize("cycle", ["", "Spring", "2027", "Q5 2027", "H3 2027", "Q2"])
def test_not_a_quarter(cycle: str) -> None:
    assert quarter_dates(cycle) is None


@pytest.mark.parametrize(
    ("text", "locale", "date"),
    [
        ("2027-03-31", "en_US", D(2027, 3, 31)),
        ("31.03.2027", "de_DE", D(2027, 3, 31)),
        ("31.3.27", "de_DE", D(2027, 3, 31)),
        ("15.03.2027", "de_DE", D(2027, 3, 15)),
        ("3/31/2027", "en_US", D(2027, 3, 31)),
        ("31/03/2027", "en_GB", D(2027, 3, 31)),
        ("31 Mar", "en_US", D(2027, 3, 31)),
        ("31 March 2027", "en_GB", D(2027, 3, 31)),
        ("March 31, 2027", "en_US", D(2027, 3, 31)),
        ("Mar 31", "en_US", D(2027, 3, 31)),
        ("1. Juli 2024", "de_DE", D(2024, 7, 1)),
        ("1. Juli 2024", "en_US", D(2024, 7, 1)),  # German month names read everywhere
        ("31. März", "de_DE", D(2027, 3, 31)),
        ("31. Mrz. 2027", "de_DE", D(2027, 3, 31)),
        ("2 sept. 2027", "fr_FR", D(2027, 9, 2)),
        ("31st March 2027", "en_GB", D(2027, 3, 31)),
        ("31-Mar-2027", "en_GB", D(2027, 3, 31)),
    ],
)
def test_typed_dates(text: str, locale: str, date: dt.date) -> None:
    assert read_date(text, "due date", locale, year=2027) == date


@pytest.mark.parametrize("text", ["31.02.2027", "tomorrow", "2027-13-01", "32 March", "1.2.3.4"])
def test_not_a_date_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(NotADate) as caught:
        read_date(text, "due date", "de_DE")
    assert str(caught.value).startswith("The due date must be a date like 2027-03-31 or 31.03.2027")


def test_empty_and_date_objects() -> None:
    assert read_date("") is None
    assert read_date(None) is None
    assert read_date(D(2027, 1, 2)) == D(2027, 1, 2)
    assert read_date(dt.datetime(2027, 1, 2, 13, 0)) == D(2027, 1, 2)
    assert read_date("31 Mar").year == dt.date.today().year  # no year given: this year


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Go live on 1. Juli 2024", "1. Juli 2024"),
        ("Launch before 31 March", "31 March"),
        ("Ship by March 31, 2027", "March 31, 2027"),
        ("Ship by 2027-03-31", "2027-03-31"),
        ("Go live by 31.03.2027", "31.03.2027"),
        ("Live bis 30.06.", "bis 30.06."),
        ("Customers in Q3 2027", "Q3 2027"),
        ("Abschluss im 3. Quartal", "3. Quartal"),
        ("Release in KW 40", "KW 40"),
        ("Targets for FY2025/26", "FY2025/26"),
        ("Plan 2025-2027", "2025-2027"),
        ("Standup at 9:30", "9:30"),
        ("Win 2027", "2027"),
    ],
)
def test_dates_in_titles(text: str, found: str) -> None:
    spans = date_spans(text, "en_US")
    assert [text[a:b] for a, b in spans] == [found]


@pytest.mark.parametrize(
    "text", ["Reach 2000 customers", "Keep CSAT at 4.5.", "Grow revenue 20%", "May we grow"]
)
def test_no_dates_in_titles(text: str) -> None:
    assert date_spans(text, "en_US") == []
