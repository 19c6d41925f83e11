"""Cutting a title into words, numbers and signs, for the wording readers.

A :class:`Token` keeps the text as written (German nouns are told by their
capital letter) and a folded form for looking words up. Words may hold inner
hyphens, apostrophes, dots and slashes ("Go-Live", "we'll", "S/4HANA", "CO₂").
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W_][\w₀-₉]*(?:(?:[-'’./&]|[:*](?=in(?:nen)?\b))[^\W_][\w₀-₉]*)*)"
    r"|(?P<sign>[^\w\s])"
)


def word_set(words: str) -> frozenset[str]:
    """A set of words from one space-separated string."""
    return frozenset(words.split())


#: Currency signs and codes: a number with one of these is money.
CURRENCY: frozenset[str] = word_set("$ € £ ¥ ₹ chf eur usd gbp")
#: Signs that compare a value with a number ("< 2 s", "≥ 45", "3,2 % → 4 %").
COMPARE_SIGNS: frozenset[str] = word_set("< > ≤ ≥ → ± = ~ ≈")


class Token(NamedTuple):
    text: str
    #: Case-folded, with typographic apostrophes made plain.
    low: str
    is_word: bool
    is_num: bool
    #: A word that starts with a capital letter (German nouns, names, sentence starts).
    capital: bool

    @property
    def has_digit(self) -> bool:
        return any(c.isdigit() for c in self.text)


_new_token = tuple.__new__  # skips NamedTuple's keyword handling: tokens are made often


def tokenize(text: str) -> list[Token]:
    """The words, numbers and signs of ``text``, in order."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        raw = m.group()
        low = raw.casefold()
        if "’" in low:
            low = low.replace("’", "'")
        word = kind == "word"
        out.append(_new_token(Token, (raw, low, word, kind == "num", word and raw[0].isupper())))
    return out


def all_caps(tokens: list[Token]) -> bool:
    """The title is written in capitals only (so case says nothing about nouns)."""
    letters = "".join(t.text for t in tokens if t.is_word)
    return len(letters) > 3 and letters.isupper()


def is_money(tokens: list[Token], i: int) -> bool:
    """The number at ``i`` is an amount of money ("$250,000", "4,2 Mio. €", "€300k")."""
    near = tokens[max(0, i - 2) : i + 4]
    return any(t.low in CURRENCY or t.low.endswith(("€", "$")) for t in near)


_DASHES = frozenset(("-", "–", "—", "|"))


def _code_like(tokens: list[Token]) -> bool:
    """ "O1", "KR 2", "Q3", "OKR": a label rather than the start of a title."""
    return all(t.is_num or t.has_digit or (t.is_word and t.text.isupper()) for t in tokens)


def after_label(tokens: list[Token]) -> int:
    """Where a title starts after a label: "[Marketing] …", "KR1: …", "O1 – …", "Ziel: …"."""
    n = len(tokens)
    i = 0
    while i < n and tokens[i].low in ("•", "*", "·", "-", "–", "#", ">"):
        i += 1
    if i < n and tokens[i].low in ("[", "("):
        close = "]" if tokens[i].low == "[" else ")"
        for j in range(i + 1, min(n, i + 7)):
            if tokens[j].low == close:
                return j + 1
    for j in range(i + 1, min(n, i + 5)):
        sign = tokens[j].low
        labelled = sign == ":" or (sign in _DASHES and _code_like(tokens[i:j]))
        if labelled and j + 1 < n and tokens[j + 1].is_word:
            return j + 1
    return i
