"""Cutting a title into words, numbers and signs, for the wording readers.

A :class:`Token` keeps the text as written (German nouns are told by their
capital letter) and a folded form for looking words up. Words may hold inner
hyphens, apostrophes, dots and slashes ("Go-Live", "we'll", "S/4HANA", "CO₂").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W_](?:[\w₀-₉]|[-'’./&](?=[^\W_]))*)"
    r"|(?P<sign>[^\w\s])"
)

#: Currency signs and codes: a number with one of these is money.
CURRENCY: frozenset[str] = frozenset(["$", "€", "£", "¥", "₹", "chf", "eur", "usd", "gbp"])
#: Signs that compare a value with a number ("< 2 s", "≥ 45", "3,2 % → 4 %").
COMPARE_SIGNS: frozenset[str] = frozenset(["<", ">", "≤", "≥", "→", "±", "=", "~", "≈"])


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    #: Case-folded, with typographic apostrophes made plain.
    low: str
    kind: str  # "word", "num" or "sign"

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def is_num(self) -> bool:
        return self.kind == "num"

    @property
    def capital(self) -> bool:
        """Starts with a capital letter (German nouns, names, sentence starts)."""
        return self.kind == "word" and self.text[0].isupper()

    @property
    def has_digit(self) -> bool:
        return any(c.isdigit() for c in self.text)


def tokenize(text: str) -> list[Token]:
    """The words, numbers and signs of ``text``, in order."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "sign"
        raw = m.group()
        out.append(Token(raw, raw.casefold().replace("’", "'"), kind))
    return out


def all_caps(tokens: list[Token]) -> bool:
    """The title is written in capitals only (so case says nothing about nouns)."""
    letters = [c for t in tokens if t.is_word for c in t.text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def is_money(tokens: list[Token], i: int) -> bool:
    """The number at ``i`` is an amount of money ("$250,000", "4,2 Mio. €", "€300k")."""
    near = tokens[max(0, i - 2) : i + 4]
    return any(t.low in CURRENCY or t.low.endswith(("€", "$")) for t in near)
