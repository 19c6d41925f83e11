"""Numbers as people write them: one reader and one format for the whole app.

A *value* is what a user types into a number field (a baseline, a target, a
confidence): :func:`read_value` reads it strictly, in the user's locale ("12,5"
and "1.234,5" in German, "1,234.5" in English, "12 %"), and refuses with a
clear message anything that is not a finite number — text, NaN, infinity, and
integers too large for a float (10**400). :func:`format_number` prints a number
the same way for the canvas, the inspector and the PDF ("2,000" in English,
"2.000" in German).

Numbers *inside titles* ("Cut churn from 8% to 5%") are read leniently by
:mod:`okr_studio.mentions`; dates and quarters by :mod:`okr_studio.dates`.

Locales are CLDR locales through Babel, so the core needs no Qt: pass a locale
name ("de_DE") or leave it out for the app's default, which the UI sets once
from the system (:func:`set_default_locale`) and which otherwise comes from the
environment (LC_ALL, LC_NUMERIC, LANG), "C" and "POSIX" counting as en_US.
"""

from __future__ import annotations

import decimal
import math
import numbers
import os
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

from okr_studio.errors import EditRefused

if TYPE_CHECKING:  # Babel is imported when a locale's data is first needed (start-up time)
    from babel import Locale

#: Anything that names a locale: a Babel Locale, a name such as "de_DE" or "de-DE", or
#: None for the default.
LocaleLike: TypeAlias = "Locale | str | None"

_FALLBACK = "en_US"
_default_name: str | None = None
_environment_name: str | None = None  # read once: the environment is asked only once


class NotANumber(EditRefused):
    """A value that is not a finite number; the message says which field and why."""


# ---- locales ---------------------------------------------------------------------------
def set_default_locale(name: str | None) -> None:
    """Use ``name`` (e.g. "de_DE", from the system settings) wherever no locale is given.

    None goes back to the environment's locale (read again from the environment).
    """
    global _default_name, _environment_name
    _default_name = name
    _environment_name = None


@lru_cache(maxsize=64)  # asked once per number shown, for the same few names
def _clean_name(name: str) -> str:
    cleaned = name.split(".")[0].split("@")[0].replace("-", "_").strip()
    return _FALLBACK if cleaned in ("", "C", "POSIX", "en_US_POSIX") else cleaned


def _default_locale_name() -> str:
    global _environment_name
    if _default_name is not None:
        return _default_name
    if _environment_name is None:  # as the C library reads it for numbers
        found = (os.environ.get(v) for v in ("LC_ALL", "LC_NUMERIC", "LANG"))
        _environment_name = next((v for v in found if v), _FALLBACK)
    return _environment_name


def locale_name(locale: LocaleLike = None) -> str:
    """The name of ``locale`` ("de_DE"; "C" and "POSIX" are en_US), without loading its
    data; None is the default (see the module's notes)."""
    if locale is None:
        locale = _default_locale_name()
    return _clean_name(locale) if isinstance(locale, str) else str(locale)


@lru_cache(maxsize=64)
def _parse_locale(name: str) -> Locale:
    import babel

    for candidate in (name, name.split("_")[0], _FALLBACK):
        try:
            return babel.Locale.parse(candidate)
        except (ValueError, TypeError, babel.UnknownLocaleError):
            continue
    return babel.Locale.parse(_FALLBACK)  # pragma: no cover - en_US always exists


def locale_of(locale: LocaleLike = None) -> Locale:
    """The Babel locale for ``locale`` (its CLDR data is loaded on first use); None is the
    default (see the module's notes); an unknown name falls back to its language, then
    to en_US."""
    if locale is not None and not isinstance(locale, str):
        return locale
    return _parse_locale(locale_name(locale))


# ---- the strict reader: values ---------------------------------------------------------
def _message(what: str, shown: str | None) -> str:
    if shown is None:
        return f"The {what} must be a finite number."
    return f"The {what} must be a number, not “{shown}”."


def _shown(text: str, limit: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def read_value(value: Any, what: str = "value", locale: LocaleLike = None) -> float | None:
    """A field's value as a float, or None when empty; refuses anything else.

    Takes what the services are given: None or "" (no value), an int, a float, a
    Decimal or another real number, or text as a user types it in ``locale`` (see
    :func:`read_text`). Raises :class:`NotANumber` (an ``EditRefused``) with a message
    naming the field (``what``) for text that is not a number, booleans, other types,
    NaN, infinity, and numbers too large for a float. Never raises anything else.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        number, _percent = read_text(value, what, locale)
        return number
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise NotANumber(f"The {what} must be a number.")
    try:
        result = float(value)
    except (OverflowError, ValueError, TypeError, ArithmeticError):
        raise NotANumber(_message(what, None)) from None
    if not math.isfinite(result):
        raise NotANumber(_message(what, None))
    return result


def read_text(text: str, what: str = "value", locale: LocaleLike = None) -> tuple[float, bool]:
    """(number, whether it was written as a percentage) of a number typed as text.

    Read in ``locale`` first ("1.234,5" in German), then as a plain number ("12.5",
    "1e6"); spaces may group thousands in any locale ("1 234"), and a "%" before or
    after marks a percentage ("12 %" gives (12.0, True)). Full-width digits and the
    minus sign "−" are read too. Raises :class:`NotANumber` for anything else.
    """
    raw = text.strip()
    cleaned = _normalise(raw)
    percent = cleaned.startswith("%") or cleaned.endswith("%")
    cleaned = cleaned.strip("%").strip()
    loc = locale_of(locale)
    for reading in (_in_locale(cleaned, loc), _plain(cleaned)):
        if reading is None:
            continue
        try:
            result = float(reading)
        except (OverflowError, ValueError, ArithmeticError):  # pragma: no cover
            result = math.inf
        if not math.isfinite(result):
            raise NotANumber(_message(what, None))
        return result, percent
    raise NotANumber(_message(what, _shown(raw)))


_SPACES = "\u00a0\u202f\u2009\u2007\u200a "
_MINUS = "-\u2212\u2012\u2013\ufe63\uff0d"


def _normalise(text: str) -> str:
    """Full-width forms to ASCII, every minus to "-", every space to " ", one "%"."""
    out = unicodedata.normalize("NFKC", text)
    out = "".join(" " if ch in _SPACES else ch for ch in out)
    out = "".join("-" if ch in _MINUS else ch for ch in out)
    out = out.replace("\u200e", "").replace("\u200f", "").replace("\u061c", "")
    return re.sub(r"\s*%\s*", "%", out).strip()


@lru_cache(maxsize=64)
def _grammar(loc: Locale) -> tuple[re.Pattern[str], str, str]:
    """A pattern for numbers as ``loc`` writes them, its decimal mark and group marks."""
    import babel.numbers

    decimal = _normalise(babel.numbers.get_decimal_symbol(loc)) or "."
    group = _normalise(babel.numbers.get_group_symbol(loc)) or ","
    groups = {group, " "}
    if group in "'’":
        groups |= {"'", "’"}
    groups.discard(decimal)
    marks = "".join(re.escape(g) for g in sorted(groups))
    primary, secondary = loc.decimal_formats[None].grouping
    if primary > 3 or secondary > 3:  # a locale that does not group: still read 1,234
        primary = secondary = 3
    grouped = rf"\d{{1,{secondary}}}(?:[{marks}]\d{{{secondary}}})*[{marks}]\d{{{primary}}}"
    pattern = rf"[-+]?(?:(?:{grouped}|\d+)(?:{re.escape(decimal)}\d*)?|{re.escape(decimal)}\d+)"
    return re.compile(pattern, re.ASCII), decimal, marks


def _in_locale(text: str, loc: Locale) -> Decimal | None:
    pattern, decimal, marks = _grammar(loc)
    if not pattern.fullmatch(text):
        return None
    text = re.sub(f"[{marks}]", "", text)
    return Decimal(text.replace(decimal, "."))


_PLAIN = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)


def _plain(text: str) -> Decimal | None:
    if not _PLAIN.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


# ---- formatting ------------------------------------------------------------------------
def format_number(value: float | None, locale: LocaleLike = None, *, empty: str = "") -> str:
    """``value`` as people of ``locale`` write it: 2,000 and 12.5 (2.000 and 12,5 in
    German), with up to 12 significant digits and no trailing zeros; ``empty`` for None
    (and for a value that is not a finite number)."""
    if value is None or isinstance(value, bool):
        return empty
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        return empty
    if not math.isfinite(number):
        return empty
    return _format(number + 0.0, locale_name(locale))  # + 0.0: never "-0"


#: Locales whose numbers are written without Babel, as Babel writes them (CLDR's
#: "#,##0.###" with "." and "," and "-"): loading Babel and a locale's data costs ~40 ms,
#: which the first painted workshop would wait for. A test compares the two.
PLAIN_LOCALES = frozenset({"en_US", "en"})


def _format_plain(exact: Decimal) -> str:
    """``exact`` as CLDR's en_US writes it, every digit kept: 1,234.5 and -0.0000001."""
    whole, _, fraction = format(abs(exact), "f").partition(".")
    sign = "-" if exact < 0 else ""
    return f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else "")


@lru_cache(maxsize=8192)  # the canvas shows the same values again after every change
def _format(number: float, name: str) -> str:
    exact = Decimal(format(number, ".12g"))
    if name in PLAIN_LOCALES:
        return _format_plain(exact)
    import babel.numbers

    with decimal.localcontext() as context:
        context.prec = 400  # every float's digits: Babel rounds in the current context
        return babel.numbers.format_decimal(
            exact, locale=_parse_locale(name), decimal_quantization=False
        )
