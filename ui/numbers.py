"""Numbers and dates as the user writes them: the core's readers, in Qt's locale.

A thin adapter: the inspector and the wizard hold a :class:`QLocale` (the system's, or
one a test sets as the default); this module hands its name to the core readers in
:mod:`okr_studio.numbers` and :mod:`okr_studio.dates`, so "12,5" reads as 12.5 where a
comma is the decimal mark, and "12.5" anywhere.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale

from okr_studio import numbers


class BadValue(ValueError):
    """A cell's text cannot be read as the value it should hold."""


def locale_name(locale: QLocale | None = None) -> str:
    """The core's name for ``locale`` (the default QLocale when None): "de_DE", "C"…"""
    return (locale or QLocale()).name()


def use_system_locale() -> None:
    """Make Qt's default locale the core's default (the canvas and the PDF format with it)."""
    numbers.set_default_locale(locale_name())


def parse_number(text: str, locale: QLocale | None = None) -> float | None:
    """Read a number as the user typed it: "12,5" with a comma locale, "12.5" anyway.

    Empty text is None; anything else that is not a finite number raises :class:`BadValue`.
    """
    try:
        return numbers.read_value(text, "value", locale_name(locale))
    except numbers.NotANumber:
        raise BadValue(text.strip()) from None


def format_number(value: float | None, locale: QLocale | None = None) -> str:
    """A number as people of the user's locale write it (12,5 — not 12.5000)."""
    return numbers.format_number(value, locale_name(locale))


def parse_date(text: str, locale: QLocale | None = None) -> dt.date | None:
    """Read a date typed as 2027-03-31, 31.03.2027 (in the locale's order), 31 Mar…"""
    from okr_studio import dates  # its patterns are compiled on first use (start-up time)

    try:
        return dates.read_date(text, "date", locale_name(locale))
    except dates.NotADate:
        raise BadValue(text.strip()) from None
