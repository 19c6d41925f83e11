"""Numbers inside titles, read leniently: what a title measures, and what it only names.

"Cut churn from 8% to 5%" holds two measures; "Pass the ISO 27001 audit in FY21",
"Close #412 before 1. Juli 2024" and "Grow in DACH over the next 18 months" hold
none: names (FY21, H264, ISO 27001, Office 365, COVID-19), references (#412,
gitlab-org&412, JIRA-7), dates, quarters and years (Q3 2027, 31 March), time
horizons (the next 18 months, innerhalb von 2 Jahren), ordinals (2nd-level,
95th, "3. Quartal") and compounds (two-factor, Vier-Augen-Prinzip, 30-day).
Numbers written as words count ("at least two playbooks", "drei neue Kunden",
"double"), as do percentages and money ("> $250,000", "250.000 €").

:func:`mentions` lists the measures of a text, each with its :data:`Kind`;
:func:`measure_in` is the first one; :func:`title_numbers` reads a baseline and a
target from "from X to Y" ("von X auf Y").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from okr_studio import dates
from okr_studio.mention_words import (
    COMPARATIVES,
    METRIC_ACRONYMS,
    MULTIPLIER_WORDS,
    NAME_WORDS,
    NOT_AFTER,
    NUMBER_WORDS,
    ONE_WORDS,
    QUANTIFIERS,
    SCOPE_SKIP,
    SCOPE_WORDS,
)
from okr_studio.numbers import LocaleLike, locale_name, locale_of, read_text
from okr_studio.numbers import NotANumber as _NotANumber

#: percent, money and number: written in digits; word: "two", "drei"; multiplier: 10x,
#: "double"; scope: a number after "the", "our", "all", "unsere"… that says how many
#: things there are rather than a goal ("our 3 regions").
Kind = Literal["percent", "money", "number", "word", "multiplier", "scope"]


@dataclass(frozen=True)
class Mention:
    """One measure in a text: its characters, where they are, and its kind."""

    text: str
    start: int
    end: int
    kind: Kind


_TIME_UNITS = (
    r"(?:years?|months?|quarters?|weeks?|sprints?|days?|Jahre?n?|Monate?n?|Quartale?n?"
    r"|Wochen?|Sprints?|Tage?n?|Jahres|Monats)"
)
_LONG_UNITS = r"(?:years?|months?|quarters?|weeks?|sprints?|Jahre?n?|Monate?n?|Quartale?n?|Wochen?)"
# "over the next 18 months", "in den nächsten 18 Monaten", "within 2 years", "für 6 Monate"
_HORIZON = re.compile(
    rf"(?:\b(?:next|coming|following|first|last|past|nächsten|kommenden|folgenden|ersten"
    rf"|letzten|über|during|während)\s+(?P<a>\S+)\s*{_TIME_UNITS}\b"
    rf"|\b(?:within|in|for|innerhalb\s+von|innerhalb|binnen|in|für|over)\s+(?P<b>\S+)\s*"
    rf"{_LONG_UNITS}\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:(?:[.,'’\u00a0\u202f]|\s(?=\d{3}(?!\d)))\d+)*")
_UNIT_AFTER = re.compile(
    r"(?:\s?(?:%|‰|pp|Prozent(?:punkte)?|percent(?:age points?)?|per cent))"
    r"|(?:\s?(?:€|\$|£|¥|EUR|USD|CHF|GBP|Euro|dollars?|T€|k€|Mio\.?\s?€))"
    r"(?![^\W\d_])",  # not "5 European markets"
    re.IGNORECASE,
)
# Letters that may follow a number directly and still leave it a measure: 5k, 10x, 500ms.
_GLUED_UNITS = re.compile(
    r"(?:%|‰|k|K|M|Mio|Mrd|bn|Bn|mn|x|X|ms|s|h|min|d|pp|px|[KMGT]B|kg|t|km|m|€|\$)(?![^\W\d_])"
)
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥]|EUR|USD|CHF|GBP)\s?$")
_VERSION = re.compile(r"\.\d+\.\d+")
_POINT_ZERO = re.compile(r"\.0\b")
_TIMES = re.compile(r"[xX](?![^\W\d_])")
_DIGIT = re.compile(r"\d")
_ORDINAL = re.compile(r"(?:st|nd|rd|th|te|ten|ter)(?![^\W\d_])", re.IGNORECASE)
_GERMAN_ORDINAL = re.compile(r"\.\s+(?!(?:Mio|Mrd|Tsd|Euro|EUR|Prozent)\b)[A-ZÄÖÜ]")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    return word.casefold() if word.isascii() else unicodedata.normalize("NFKC", word).casefold()


def _tokens_before(text: str, index: int) -> list[str]:
    return [_fold(t) for t in text[max(0, index - 60) : index].split()[-4:]]


def _word_before(text: str, index: int) -> str:
    """The word right before ``index`` (nothing but spaces between), folded, with its dot
    when it is abbreviated ("art.", "nr."); "" if none."""
    head = text[:index].rstrip()
    if head.endswith("§"):
        return "§"
    dot = "." if head.endswith(".") else ""
    head = head.removesuffix(".")
    words = _WORD.findall(head)
    return _fold(words[-1]) + dot if words and head.endswith(words[-1]) else ""


_ACRONYM_BEFORE = re.compile(r"(?<![^\W_])([A-ZÄÖÜ][A-ZÄÖÜ0-9]{1,6})\s$")


def _after_name_acronym(text: str, index: int, after: str) -> bool:
    """Whether the number at ``index`` follows an acronym that names a standard, a product
    or a framework (ITIL 4, TISAX 3, NIS 2) rather than a metric (NPS 45)."""
    head = text[max(0, index - 12) : index]
    match = _ACRONYM_BEFORE.search(head)
    if match is None or _fold(match[1]) in METRIC_ACRONYMS:
        return False
    return _UNIT_AFTER.match(after) is None and not _CURRENCY_BEFORE.search(head)


def _is_scope(text: str, index: int) -> bool:
    """Whether the number at ``index`` follows "the", "our", "alle"… (with "top",
    "biggest"… allowed between): it counts things that exist."""
    tokens = _tokens_before(text, index)
    while tokens and tokens[-1] in SCOPE_SKIP:
        tokens.pop()
    return bool(tokens) and tokens[-1] in SCOPE_WORDS


def _after_quantifier(text: str, index: int) -> bool:
    """Whether ``index`` follows "at least", "more than", "mindestens", "mehr als"…"""
    tokens = _tokens_before(text, index)
    if tokens and tokens[-1] in QUANTIFIERS:
        return True
    return len(tokens) >= 2 and tokens[-1] in ("than", "als") and tokens[-2] in COMPARATIVES


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _horizon_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _HORIZON.finditer(text)]


def _digit_kind(text: str, start: int, end: int) -> Kind | None:
    """The kind of the digits text[start:end] in context, or None when they are no measure."""
    before = text[max(0, start - 12) : start]  # enough for "EUR ", "ISO/IEC ", "> $"
    after = text[end : end + 40]
    prev = before[-1:]
    if prev and (prev.isalpha() or prev in "#&!'’_"):
        if _CURRENCY_BEFORE.search(before):
            return "money"
        return None  # FY21, H264, B2B, #412, gitlab-org&412, '25
    if prev in "-/" and len(before) >= 2 and (before[-2].isalnum()):
        return None  # JIRA-7, COVID-19, S/4HANA, 24/7
    if (
        after[:1] == "-"
        and after[1:2].isalpha()
        and not after[1:].lower().startswith(("fach", "fold", "mal"))
    ):
        return None  # two-factor, 30-day retention, 360-Grad-Feedback
    if after[:1] == "/" and after[1:2].isdigit() and text[start:end] == "24":
        return None  # 24/7
    if _ORDINAL.match(after) or _GERMAN_ORDINAL.match(after):
        return None  # 2nd-level, 95th percentile, 3. Säule
    if after[:1].isalpha() and not _GLUED_UNITS.match(after):
        return None  # 3D, 5G, 2FA, 4HANA
    if _VERSION.match(after):
        return None  # version 3.12.1
    if _word_before(text, start) in NAME_WORDS or _after_name_acronym(text, start, after):
        return None
    if _POINT_ZERO.match(after) and before.rstrip()[-1:].isalpha():
        return None  # Industrie 4.0, Web 2.0
    unit = _UNIT_AFTER.match(after)
    if unit is not None:
        word = unit.group().strip().lower()
        return "percent" if word[:1] in "%‰p" else "money"
    if _CURRENCY_BEFORE.search(before):
        return "money"
    if _TIMES.match(after):
        return "multiplier"
    if _is_scope(text, start):
        return "scope"
    return "number"


def _word_kind(text: str, match: re.Match[str]) -> Kind | None:
    word = _fold(match.group())
    after_words = _WORD.findall(text[match.end() :])
    following = _fold(after_words[0]) if after_words else ""
    if following in NOT_AFTER.get(word, frozenset()):
        return None
    if word in MULTIPLIER_WORDS:
        return "multiplier"
    raw = match.group()
    if word in ONE_WORDS:
        return "word" if _after_quantifier(text, match.start()) else None
    if word not in NUMBER_WORDS:
        return None
    if word in ("acht", "elf") and raw[0].isupper() and match.start() > 0:
        return None  # "außer Acht", "Elf" as a noun
    if word in ("third", "thirds") and _word_before(text, match.start()) not in (
        "a",
        "one",
        "two",
        "by",
        "to",
    ):
        return None  # "the third quarter", "third-party"
    if word == "hälfte" and _word_before(text, match.start()) in ("ersten", "zweiten"):
        return None  # "in der zweiten Hälfte": a time
    if word == "half":  # "cut … in half", "half of our customers"; not "the first half"
        before = _word_before(text, match.start())
        if before in ("in", "by") or (
            following in ("of", "the") and before not in ("first", "second", "the", "a")
        ):
            return "multiplier"
        return None
    if _is_scope(text, match.start()):
        return "scope"
    return "word"


_ALL_NUMBER_WORDS = NUMBER_WORDS | MULTIPLIER_WORDS | ONE_WORDS
_LETTERS = re.compile(r"[^\W\d_]+")
_TIME_STEMS = ("year", "month", "quarter", "week", "sprint", "day", "jahr", "monat", "quartal",
               "woche", "tag")  # fmt: skip


def _number_words(text: str) -> list[re.Match[str]]:
    """Number words standing alone (a hyphen makes a name: Vier-Augen-Prinzip, two-factor)."""
    found = []
    for match in _LETTERS.finditer(text):
        if _fold(match.group()) not in _ALL_NUMBER_WORDS:
            continue
        start, end = match.span()
        if text[start - 1 : start] == "-" or text[end : end + 1] == "-":
            continue
        found.append(match)
    return found


def mentions(text: str, locale: LocaleLike = None) -> tuple[Mention, ...]:
    """Every measure in ``text`` in order: digits that are no name, reference, date,
    horizon or ordinal, and numbers written as words."""
    if not text:
        return ()
    return _mentions(text, locale_name(locale))


@lru_cache(maxsize=16384)  # the coach reads every title again after each change
def _mentions(text: str, locale: str) -> tuple[Mention, ...]:
    found: list[Mention] = []
    skip: list[tuple[int, int]] = []
    if _DIGIT.search(text):
        skip = dates.date_spans(text, locale)
        folded = text.casefold()
        if any(stem in folded for stem in _TIME_STEMS):
            skip += _horizon_spans(text)
        for match in _NUMBER.finditer(text):
            start, end = match.span()
            if _inside(skip, start, end):
                continue
            kind = _digit_kind(text, start, end)
            if kind is not None:
                found.append(Mention(match.group(), start, end, kind))
    for match in _number_words(text):
        if _inside(skip, *match.span()):
            continue
        kind = _word_kind(text, match)
        if kind is not None:
            found.append(Mention(match.group(), match.start(), match.end(), kind))
    return tuple(sorted(found, key=lambda m: m.start))


def measure_in(text: str, locale: LocaleLike = None, *, scope: bool = True) -> Mention | None:
    """The first measure in ``text``, or None; ``scope=False`` skips counts of things that
    exist ("our 3 regions"), which say nothing about a goal."""
    for mention in mentions(text, locale):
        if scope or mention.kind != "scope":
            return mention
    return None


# ---- "from X to Y" --------------------------------------------------------------------------
_SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "Mio": 1e6, "Mrd": 1e9, "bn": 1e9, "Bn": 1e9}
_AMOUNT = r"(-?[\d][\d.,'’\u00a0\u202f]*)\s*(%|Prozent|percent|k|K|M|Mio\.?|Mrd\.?|bn)?"
# a unit between the number and "to": "from 800 ms to 500 ms", "von 14 Tagen auf 3"
_BETWEEN = r"(?:\s*[$€£])?(?:\s+(?!to\b|auf\b|bis\b)[^\W\d_]{1,12}\.?)?"
_FROM_TO = re.compile(
    rf"\b(?P<word>from|von)\s+(?:[$€£]\s?)?{_AMOUNT}{_BETWEEN}\s+(?:to|auf|bis(?:\s+auf)?)"
    rf"\s+(?:[$€£]\s?)?{_AMOUNT}",
    re.IGNORECASE,
)


def read_amount(text: str, locale: LocaleLike = None) -> float | None:
    """A number as written in a title or a half-typed field ("1,200", "8,5", "1.234,5"),
    leniently: None when it is not a finite number. ``locale`` decides first (a lone
    separator before three digits groups them as there); a lone "," or "." is then read
    as the decimal mark ("8,5" in an English title)."""
    cleaned = text.strip().rstrip(".,")
    try:
        return read_text(cleaned, "number", locale)[0]
    except _NotANumber:
        pass
    for decimal, other in ((",", "."), (".", ",")):
        if cleaned.count(decimal) == 1 and other not in cleaned:
            try:
                return read_text(cleaned.replace(decimal, "."), "number", "en_US")[0]
            except _NotANumber:
                return None
    return None


def title_numbers(title: str, locale: LocaleLike = None) -> dict[str, object]:
    """Baseline and target read from a title such as "Cut churn from 8% to 5%".

    Only the explicit "from X to Y" form is read (German "von X auf Y"), when both are
    measures (not dates such as "from 1 March to 31 March"); "5k" and "2 Mio" are
    scaled. Gives ``baseline`` and ``target``, plus ``unit_of_measure`` "%" when either
    is a percentage and ``direction`` "decrease" when the target is below the baseline;
    an empty dict otherwise.
    """
    loc = locale_of(locale)
    measures = {m.start for m in mentions(title or "", loc)}
    for match in _FROM_TO.finditer(title or ""):
        if match.start(2) not in measures or match.start(4) not in measures:
            continue
        # "von 1.200 auf 900" is German whatever the user's locale: 1.200 groups thousands
        german = match["word"].lower() == "von" and loc.language != "de"
        written = locale_of("de_DE") if german else loc
        baseline = read_amount(match.group(2), written)
        target = read_amount(match.group(4), written)
        if baseline is None or target is None:
            continue
        baseline *= _SCALE.get((match.group(3) or "").rstrip("."), 1.0)
        target *= _SCALE.get((match.group(5) or "").rstrip("."), 1.0)
        fields: dict[str, object] = {"baseline": baseline, "target": target}
        units = {(match.group(3) or "").lower(), (match.group(5) or "").lower()}
        if units & {"%", "prozent", "percent"}:
            fields["unit_of_measure"] = "%"
        if target < baseline:
            fields["direction"] = "decrease"
        return fields
    return {}
