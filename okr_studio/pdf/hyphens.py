"""Where words may be hyphenated, by language (pyphen's dictionaries, shipped in its package).

German compounds ("Reklamationsbearbeitungszeit") are often wider than a table
column: cut letter by letter they read as two words ("Visualisierung / sworkshop");
hyphenated at a syllable they read as one. The light text blocks
(:mod:`okr_studio.pdf.lines`) ask :func:`hyphenator` for the break points of a
word that does not fit.

The language is the workshop's when it names one ("de", "en"); otherwise each
text's own, told apart by its most common words (German or English; anything
else is not hyphenated and is cut as before).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import pyphen

#: Break points of a word: offsets where it may be split (a hyphen is added there).
Hyphenator = Callable[[str], tuple[int, ...]]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_GERMAN = frozenset(
    "der die das und wir ist mit für von auf den dem des ein eine einer unsere unser "  # noqa: SIM905
    "nicht im zu zum zur bei wird werden sind über als auch aus bis".split()
)
_ENGLISH = frozenset(
    "the and we is with for of on to in our a an by are be from as at that this".split()  # noqa: SIM905
)
_SUPPORTED = {"de": "de_DE", "en": "en_US"}


def language_of(text: str) -> str:
    """'de' or 'en' when the text's common words or letters say so, else ''."""
    words = [w.casefold() for w in _WORD.findall(text)]
    german = sum(w in _GERMAN for w in words) + 2 * sum(c in "äöüß" for c in text.casefold())
    english = sum(w in _ENGLISH for w in words)
    if german > english:
        return "de"
    if english > german:
        return "en"
    return ""


@functools.lru_cache(maxsize=4)
def _dictionary(language: str) -> pyphen.Pyphen | None:
    name = _SUPPORTED.get(language.split("_")[0].split("-")[0].lower())
    return pyphen.Pyphen(lang=name) if name else None


@functools.lru_cache(maxsize=20_000)
def _positions(language: str, word: str) -> tuple[int, ...]:
    found = _dictionary(language)
    if found is None:
        return ()
    points = set(found.positions(word))
    # after a hyphen the word may always break; never just before one
    points |= {i + 1 for i, ch in enumerate(word[:-1]) if ch == "-" and i > 0}
    return tuple(sorted(p for p in points if 0 < p < len(word) and word[p] != "-"))


@functools.lru_cache(maxsize=8)
def hyphenator(language: str) -> Hyphenator | None:
    """Break points for words of ``language`` ('de', 'en', …); None when it has no
    dictionary here."""
    if _dictionary(language) is None:
        return None
    return functools.partial(_positions, language)


class _OwnLanguage:
    """Break points by the language of one text, told only when a word needs them
    (most text never does, and telling costs more than laying it out)."""

    __slots__ = ("_found", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: Hyphenator | bool | None = False

    def __call__(self, word: str) -> tuple[int, ...]:
        if self._found is False:
            self._found = hyphenator(language_of(self.text))
        return self._found(word) if callable(self._found) else ()


def for_text(text: str, language: str = "") -> Hyphenator | None:
    """The hyphenator for ``text``: of ``language`` when given, else of the text's own."""
    if language:
        return hyphenator(language)
    return _OwnLanguage(text)
