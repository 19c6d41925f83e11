"""Numbers as the user writes them: read and shown in the user's locale.

One reading for every field that takes a number (the inspector, the wizard's key
result table): "12,5" where a comma is the decimal mark, "12.5" anywhere.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale


class BadValue(ValueError):
    """A cell's text cannot be read as the value it should hold."""


def parse_number(text: str, locale: QLocale | None = None) -> float | None:
    """Read a number as the user typed it: "12,5" with a comma locale, "12.5" anyway.

    Empty text is None; anything else that is not a finite number raises :class:`BadValue`.
    """
    raw = text.strip()
    if not raw:
        return None
    locale = locale or QLocale()
    for loc in (locale, QLocale.c()):
        value, ok = loc.toDouble(raw)
        if ok and math.isfinite(value):
            return float(value)
    raise BadValue(raw)


def format_number(value: float | None, locale: QLocale | None = None) -> str:
    """A number as people of the user's locale write it (12,5 — not 12.5000)."""
    if value is None:
        return ""
    locale = locale or QLocale()
    if float(value).is_integer() and abs(value) < 1e15:
        return locale.toString(int(value))
    return locale.toString(float(value), "g", 12)
