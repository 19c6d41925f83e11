"""The one reader and format of values: strict, locale-aware, never a raw exception."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okr_studio import numbers
from okr_studio import services as s
from okr_studio.errors import EditRefused
from okr_studio.numbers import NotANumber, format_number, locale_of, read_text, read_value
from okr_studio.store import Workshop


@pytest.mark.parametrize(
    ("text", "locale", "value"),
    [
        ("12,5", "de_DE", 12.5),
        ("1.234,5", "de_DE", 1234.5),
        ("1.234", "de_DE", 1234.0),
        ("12.5", "de_DE", 12.5),  # a plain number reads anywhere
        ("1,234.5", "en_US", 1234.5),
        ("1,234", "en_US", 1234.0),
        ("12.5", "en_US", 12.5),
        ("1 234,5", "fr_FR", 1234.5),
        ("1\u202f234,5", "fr_FR", 1234.5),
        ("1 234", "en_US", 1234.0),  # spaces group thousands everywhere
        ("1'234.5", "de_CH", 1234.5),
        ("12,34,567.5", "en_IN", 1234567.5),
        ("−5", "de_DE", -5.0),  # the minus sign, not only the hyphen
        ("+3", "en_US", 3.0),
        (".5", "en_US", 0.5),
        ("１２", "ja_JP", 12.0),  # full-width digits
        ("1e6", "en_US", 1e6),
        ("  47,5 ", "de_DE", 47.5),
    ],
)
def test_values_read_in_the_users_locale(text: str, locale: str, value: float) -> None:
    assert read_value(text, "target", locale) == value


@pytest.mark.parametrize(("text", "value"), [("12 %", 12.0), ("12%", 12.0), ("% 7,5", 7.5)])
def test_a_percent_sign_is_read_and_reported(text: str, value: float) -> None:
    assert read_text(text, "target", "de_DE") == (value, True)
    assert read_text("12", "target", "de_DE") == (12.0, False)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("12,5", "en_US"),  # a comma is no decimal mark in English: ambiguous, refused
        ("1.234,5", "en_US"),
        ("1,234.5", "de_DE"),
        ("1.2.3", "de_DE"),
        ("twelve", "en_US"),
        ("NaN", "en_US"),
        ("nan", "en_US"),
        ("Infinity", "en_US"),
        ("inf", "en_US"),
        ("1_000", "en_US"),
        ("0x10", "en_US"),
        ("12 apples", "en_US"),
        ("--5", "en_US"),
        ("%", "en_US"),
    ],
)
def test_text_that_is_not_a_number_is_refused_with_its_field(text: str, locale: str) -> None:
    with pytest.raises(NotANumber, match=r"The target must be a number, not “"):
        read_value(text, "target", locale)


@pytest.mark.parametrize(
    "value",
    [
        10**400,
        10**309,
        -(10**309),
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("1e400"),
        Fraction(10**400, 3),
        "1e400",
        "9" * 400,
    ],
)
def test_values_that_are_not_finite_get_one_message(value: object) -> None:
    with pytest.raises(NotANumber) as caught:
        read_value(value, "baseline", "en_US")
    assert str(caught.value) == "The baseline must be a finite number."


@pytest.mark.parametrize("value", [True, False, [1], {"a": 1}, b"12", 1j, object()])
def test_values_of_other_types_are_refused(value: object) -> None:
    with pytest.raises(EditRefused, match=r"The confidence must be a number\."):
        read_value(value, "confidence")


def test_empty_is_no_value() -> None:
    assert read_value(None) is None
    assert read_value("") is None
    assert read_value("   ") is None
    assert read_value(0) == 0.0
    assert read_value(Decimal("2.5")) == 2.5
    assert read_value(Fraction(1, 4)) == 0.25


# ---- the services: issue 11, defect 3 ---------------------------------------------------
@pytest.fixture
def objective(tmp_path: Path):
    with Workshop.create(tmp_path / "w.okr", name="T") as ws:
        unit = s.add_unit(ws, "ACME", "company").subject[1]
        yield ws, s.add_objective(ws, unit, "Customers love us").subject[1]


@pytest.mark.parametrize(
    "fields", [{"target": 10**400}, {"baseline": 10**309}, {"confidence": 10**400}]
)
def test_a_huge_integer_is_refused_like_infinity(objective, fields) -> None:
    ws, oid = objective
    name = next(iter(fields))
    with pytest.raises(EditRefused, match=f"The {name} must be a finite number."):
        s.add_key_result(ws, oid, "K", **fields)
    with pytest.raises(EditRefused, match=f"The {name} must be a finite number."):
        s.add_key_result(ws, oid, "K", **{name: float("nan")})
    assert ws.snapshot().key_results == {}


# ---- locales and formatting ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "locale", "text"),
    [
        (2000, "en_US", "2,000"),
        (2000, "de_DE", "2.000"),
        (2000, "fr_FR", "2\u202f000"),
        (12.5, "de_DE", "12,5"),
        (12.5, "en_US", "12.5"),
        (0.1 + 0.2, "en_US", "0.3"),
        (1234567.25, "en_US", "1,234,567.25"),
        (-0.0, "en_US", "0"),
        (1e20, "en_US", "100,000,000,000,000,000,000"),
        (1e25, "en_US", "10,000,000,000,000,000,000,000,000"),  # past Decimal's 28 digits
        (-1.7e308, "de_DE", "-170" + ".000" * 102),
        (0.000001, "en_US", "0.000001"),
        (12.0, "de_DE", "12"),
    ],
)
def test_numbers_print_as_the_locale_writes_them(value: float, locale: str, text: str) -> None:
    assert format_number(value, locale) == text


def test_format_never_raises() -> None:
    assert format_number(None) == ""
    assert format_number(None, empty="—") == "—"
    assert format_number(float("nan"), empty="?") == "?"
    assert format_number(10**400, empty="?") == "?"


@pytest.mark.parametrize("value", [0.1, 12.5, 1234.5, 2000.0, -3.25, 99.9, 1e-5, 123456789.125])
@pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR", "de_CH", "en_IN"])
def test_what_is_printed_reads_back(value: float, locale: str) -> None:
    assert read_value(format_number(value, locale), "value", locale) == pytest.approx(value)


def test_the_default_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    numbers.set_default_locale(None)  # reads the environment again
    assert str(locale_of()) == "en_US"  # "C" is no language: English, grouped
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    numbers.set_default_locale(None)
    assert format_number(2000) == "2.000"
    numbers.set_default_locale("fr_FR")
    assert str(locale_of()) == "fr_FR"
    numbers.set_default_locale(None)
    assert str(locale_of("xx_YY")) == "en_US"  # an unknown locale falls back
    assert str(locale_of("de-AT")) == "de_AT"


def test_the_default_locale_is_followed_though_its_name_is_remembered() -> None:
    """Each number shown asks for the locale's name; the answer is remembered, never
    stale: another default, or a name written another way, prints as it should."""
    try:
        for name, expected in [
            ("de_DE", "1.234,5"),
            ("en_US", "1,234.5"),
            ("de_DE", "1.234,5"),
            ("de-DE.UTF-8", "1.234,5"),
            ("C", "1,234.5"),
        ]:
            numbers.set_default_locale(name)
            assert format_number(1234.5) == expected
            assert format_number(1234.5, name) == expected
            assert numbers.locale_name() == numbers.locale_name(name)
    finally:
        numbers.set_default_locale(None)


def test_the_canvas_and_the_pdf_print_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: the canvas showed 2,000 and the PDF 2 000 under the same locale."""
    from okr_studio.pdf.values import number

    for name in ("en_US", "de_DE", "fr_FR"):
        monkeypatch.setattr(numbers, "_default_name", name)
        assert number(2000) == format_number(2000, name)
        assert number(1234.5) == format_number(1234.5, name)
    assert number(None) == "—"
    assert math.isfinite(read_value(number(1234.5), "x", "fr_FR") or 0)


def _as_babel_writes(value: float, locale: str) -> str:
    import decimal

    import babel.numbers

    with decimal.localcontext() as context:
        context.prec = 400
        exact = Decimal(format(value + 0.0, ".12g"))
        return babel.numbers.format_decimal(exact, locale=locale, decimal_quantization=False)


@settings(max_examples=400, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_english_numbers_print_as_babel_prints_them(value: float) -> None:
    # en_US (and the C locale) are written without loading Babel (start-up time).
    for locale in sorted(numbers.PLAIN_LOCALES):
        assert format_number(value, locale) == _as_babel_writes(value, locale)


@pytest.mark.parametrize(
    "value", [0.0, -1.0, 0.5, 1e20, 1.5e20, 1e-7, -1e-9, 5e-324, 1.7976931348623157e308, 999.9995]
)
def test_english_numbers_at_the_edges_print_as_babel_prints_them(value: float) -> None:
    for locale in sorted(numbers.PLAIN_LOCALES):
        assert format_number(value, locale) == _as_babel_writes(value, locale)


def test_english_numbers_need_no_babel() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from okr_studio.numbers import format_number\n"
        "assert format_number(1234.5, 'en_US') == '1,234.5'\n"
        "print('babel' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
