"""The UI's numbers: the core's reader and format, in Qt's locale."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale

from okr_studio import numbers
from okr_studio.data import KeyResultData, WorkshopData
from okr_studio.pdf.values import number as pdf_number
from okr_studio.pdf.values import target_text
from ui.canvas.measure import kr_detail, number_text
from ui.numbers import BadValue, format_number, parse_date, parse_number, use_system_locale

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.fixture
def system_locale():  # type: ignore[no-untyped-def]
    """Set Qt's default locale (as the system would) and hand it to the core."""
    before = QLocale()

    def use(locale: QLocale) -> None:
        QLocale.setDefault(locale)
        use_system_locale()

    yield use
    QLocale.setDefault(before)
    numbers.set_default_locale(None)


@pytest.mark.parametrize("locale", [GERMAN, ENGLISH, QLocale(QLocale.Language.French)])
def test_canvas_and_pdf_print_numbers_alike(system_locale, locale: QLocale) -> None:
    """Issue 12: the canvas showed 2,000 and the PDF 2 000 under the same locale."""
    system_locale(locale)
    for value in (2000, 1234.5, 0.25, None):
        shown = number_text(value)
        assert shown == (pdf_number(value) if value is not None else "?")
    kr = KeyResultData(id=1, objective_id=1, title="K", baseline=2000, target=2500)
    assert target_text(kr)[0].split(" → ")[0] in kr_detail(WorkshopData(), kr)


def test_german_system_locale(system_locale) -> None:
    system_locale(GERMAN)
    assert number_text(2000) == "2.000"
    assert format_number(12.5) == "12,5"
    assert parse_number("1.234,5") == 1234.5


def test_the_adapter_reads_in_the_given_locale() -> None:
    assert parse_number("12,5", GERMAN) == 12.5
    assert parse_number("1,234.5", ENGLISH) == 1234.5
    assert parse_number("", GERMAN) is None
    with pytest.raises(BadValue):
        parse_number("zwölf", GERMAN)
    with pytest.raises(BadValue):
        parse_number("1e400", ENGLISH)
    assert parse_date("15.03.2027", GERMAN) == dt.date(2027, 3, 15)
    assert parse_date("3/15/2027", ENGLISH) == dt.date(2027, 3, 15)
    assert parse_date("1. Juli 2024", GERMAN) == dt.date(2024, 7, 1)
    with pytest.raises(BadValue):
        parse_date("bald", GERMAN)
