"""Baseline, target, unit, direction and metric read from a key result's title.

The numbers are the measures :func:`okr_studio.mentions.mentions` finds (so FY21, Q3,
ISO 27001, H264, dates, horizons and counts of what exists are never read), their values
read by :func:`okr_studio.mentions.read_amount`; this module reads the words around them:

- "from X to Y", "von X auf Y", "von X bis Y", "X → Y": baseline X, target Y, and the
  direction by which is larger (a German "von" reads its numbers as German);
- "to Y", "auf Y": target Y;
- "above / over / at least / mindestens / über Y": target Y, direction "keep above" after
  a verb of keeping ("keep", "maintain", "halten"…), else "increase"; "below / under /
  at most / höchstens / unter Y" likewise "keep below" or "decrease";
- one measure alone, when no verb of change precedes it ("Reach 10,000 weekly active
  teams", "Win 3 enterprise customers"): target Y. A change written as "by 20%" /
  "um 20 %" is not a target and is left alone.

The unit of measure is "%" (or "pp") for percentages, the currency for money, and a unit
of time or size written after the number ("ms", "minutes", "Tage"). The direction, where
no comparison says it, comes from the verb ("cut", "reduce", "senken" → decrease;
"raise", "grow", "steigern" → increase). The metric proposed is what the verb acts on:
"Raise activation from 20% to 35%" → "activation".
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from okr_studio.entry._metric import propose_metric
from okr_studio.mentions import Mention, mentions, read_amount
from okr_studio.numbers import locale_of

#: (field, start, end, value) of one understood piece, in title coordinates.
Piece = tuple[str, int, int, Any]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DECREASE_VERBS = _words(
    """
    reduce reduces reducing cut cuts cutting lower lowers decrease decreases shrink
    shrinks drop drops halve minimise minimize trim shorten slash bring eliminate
    senken senke senkt reduzieren reduziere reduziert verringern verringere verringert
    verkürzen verkürze verkürzt minimieren minimiere halbieren halbiere abbauen baue
    """
)
INCREASE_VERBS = _words(
    """
    raise raises increase increases grow grows boost boosts improve improves lift lifts
    double expand expands accelerate scale push
    steigern steigere steigert erhöhen erhöhe erhöht verbessern verbessere verbessert
    ausbauen verdoppeln verdopple wachsen wachse
    """
)
KEEP_VERBS = _words(
    """
    keep keeps maintain maintains hold holds stay stays remain remains sustain sustains
    halten halte hält bleiben bleibt sichern sichere stabilisieren
    """
)
#: Verbs before a lone number that make it the number to reach.
REACH_VERBS = _words(
    """
    reach reaches achieve achieves hit hits get win wins sign signs close closes onboard
    acquire land gain ship publish launch deliver hire attain
    erreichen erreiche erreicht gewinnen gewinne gewinnt schaffen schaffe liefern
    """
)
_SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "Mio": 1e6, "Mrd": 1e9, "bn": 1e9, "Bn": 1e9}
_SCALE_AFTER = re.compile(r"\s?(k|K|M|Mio|Mrd|bn|Bn)\.?(?![^\W\d_])")
_PERCENT_AFTER = re.compile(
    r"\s?(?:(%|Prozent(?!punkt)|percent(?!age)|per\s+cent)|(pp|Prozentpunkte?|percentage\s+points?))",
    re.IGNORECASE,
)
_CURRENCY_AFTER = re.compile(
    r"\s?(?:[kKT]|Mio\.?\s?|Mrd\.?\s?)?(€|\$|£|¥|EUR|USD|CHF|GBP|Euro|dollars?)(?![^\W\d_])",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"([$€£¥]|EUR|USD|CHF|GBP)\s?$")
_UNIT_AFTER = re.compile(
    r"\s?(?:k|K|M|Mio\.?|Mrd\.?|bn)?\s?(ms|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?"
    r"|days?|d|weeks?|months?|Sekunden|Minuten|Stunden|Tagen?|Wochen|Monaten?|Monate"
    r"|kg|t|km|GB|TB|MB|px|x)(?![^\W\d_])",
)
_CURRENCY_WORDS = {"euro": "€", "eur": "€", "dollar": "$", "dollars": "$", "usd": "$"}

_FROM = re.compile(r"\b(from|von)\s+(?:[$€£]\s?)?$", re.IGNORECASE)
_BETWEEN = re.compile(
    r"\s?(?:%|‰|Prozent|percent|[kKMT]€?|Mio\.?\s?€?|Mrd\.?\s?€?|bn|[$€£])?"
    r"(?:\s*[^\W\d_]{1,12}\.?)?"
    r"\s+(to|auf|bis(?:\s+auf)?)\s+(?:[$€£]\s?)?",
    re.IGNORECASE,
)
_ARROW = re.compile(r"\s?(?:%|[$€£])?\s*(?:→|->|=>|⇒)\s*(?:[$€£]\s?)?")
_TO = re.compile(r"\b(to|auf|bis\s+auf|on)\s+(?:[$€£]\s?)?$", re.IGNORECASE)
_ABOVE = re.compile(
    r"(?:\b(?:above|over|at\s+least|more\s+than|greater\s+than|min\.?|minimum|über|oberhalb"
    r"(?:\s+von)?|mindestens|mehr\s+als|größer\s+als)\s+|(?:≥|>=|>)\s*)(?:[$€£]\s?)?$",
    re.IGNORECASE,
)
_BELOW = re.compile(
    r"(?:\b(?:below|under|at\s+most|less\s+than|fewer\s+than|max\.?|maximum|unter|unterhalb"
    r"(?:\s+von)?|höchstens|weniger\s+als|maximal)\s+|(?:≤|<=|<)\s*)(?:[$€£]\s?)?$",
    re.IGNORECASE,
)
_AT = re.compile(r"\b(?:at|bei)\s+(?:[$€£]\s?)?$", re.IGNORECASE)
_BY = re.compile(r"\b(?:by|um)\s+(?:[$€£]\s?)?$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Amount:
    """A measure's value with its scale applied, and the unit written with it."""

    value: float
    unit: str
    start: int
    end: int
    #: Where the unit is written (the "%", "€" or "ms"), when there is one.
    unit_span: tuple[int, int] = (0, 0)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().strip(".,;:!?")


def _amount(title: str, m: Mention, german: bool, locale: str) -> Amount | None:
    written = locale_of("de_DE") if german and locale_of(locale).language != "de" else locale
    value = read_amount(m.text, written)
    if value is None:
        return None
    end, unit, span = m.end, "", (0, 0)
    scale = _SCALE_AFTER.match(title, end)
    percent = _PERCENT_AFTER.match(title, end)
    currency = _CURRENCY_AFTER.match(title, end)
    if percent is not None:
        group = 1 if percent[1] else 2
        unit, end, span = ("%" if group == 1 else "pp"), percent.end(), percent.span(group)
    elif currency is not None:
        symbol = currency[1]
        unit, end, span = (
            _CURRENCY_WORDS.get(symbol.casefold(), symbol),
            currency.end(),
            currency.span(1),
        )
        prefix = title[m.end : currency.start(1)].strip().rstrip(".")
        value *= {"k": 1e3, "K": 1e3, "T": 1e3, "Mio": 1e6, "Mrd": 1e9}.get(prefix, 1.0)
    else:
        if scale is not None:
            value *= _SCALE[scale[1]]
            end = scale.end()
        head = max(0, m.start - 5)
        before = _CURRENCY_BEFORE.search(title[head : m.start])
        other = _UNIT_AFTER.match(title, end) if before is None else None
        if before is not None:
            unit = _CURRENCY_WORDS.get(before[1].casefold(), before[1])
            span = (head + before.start(1), head + before.end(1))
        elif other is not None:
            unit, end, span = other[1], other.end(), other.span(1)
    return Amount(value, unit, m.start, end, span)


def _verb(title: str) -> tuple[str, int, int] | None:
    """("decrease" / "increase" / "keep" / "reach", start, end) of the title's verb: its
    first word, or its last (German: "Churn unter 5 % senken")."""
    words = list(_WORD.finditer(title))
    if not words:
        return None
    for match in (words[0], words[-1]):
        word = _fold(match.group())
        for kind, verbs in (
            ("decrease", DECREASE_VERBS),
            ("increase", INCREASE_VERBS),
            ("keep", KEEP_VERBS),
            ("reach", REACH_VERBS),
        ):
            if word in verbs:
                return kind, match.start(), match.end()
    return None


def _measures(title: str, locale: str) -> list[Mention]:
    return [m for m in mentions(title, locale) if m.kind in ("percent", "money", "number")]


def _pair(title: str, found: list[Mention], locale: str) -> tuple[Amount, Amount] | None:
    """Baseline and target of "from X to Y" / "von X auf Y" / "X → Y"."""
    for first, second in itertools.pairwise(found):
        head = _FROM.search(title[: first.start])
        between = title[first.end : second.start]
        if head is not None and _BETWEEN.fullmatch(between):
            german = head[1].casefold() == "von"
        elif _ARROW.fullmatch(between):
            german = False
        else:
            continue
        base = _amount(title, first, german, locale)
        target = _amount(title, second, german, locale)
        if base is not None and target is not None:
            start = head.start() if head is not None else first.start
            return Amount(base.value, base.unit, start, base.end, base.unit_span), target
    return None


_CHANGE_AFTER = re.compile(
    r"\s*(?:[^\W\d_]{1,8}\s+)?(?:faster|slower|quicker|sooner|earlier|later|more|less|fewer"
    r"|higher|lower|better|schneller|früher|später|weniger|mehr|höher|niedriger|besser)\b",
    re.IGNORECASE,
)


def _single(
    title: str, found: list[Mention], verb: str | None, locale: str
) -> tuple[Amount, str | None] | None:
    """(target, direction or None) of one number named as a target or a threshold."""
    for m in found:
        before = title[max(0, m.start - 30) : m.start]
        if _BY.search(before):
            continue
        amount = _amount(title, m, False, locale)
        if amount is None:
            continue
        if _TO.search(before):
            return amount, None
        if _ABOVE.search(before):
            return amount, "keep_above" if verb == "keep" else "increase"
        if _BELOW.search(before):
            return amount, "keep_below" if verb == "keep" else "decrease"
        if _AT.search(before) and verb == "keep":
            return amount, "keep_above"
    if len(found) != 1 or verb not in (None, "reach"):
        return None
    m = found[0]
    if _BY.search(title[: m.start]):
        return None  # "by 20%": a change, not the value to reach
    amount = _amount(title, m, False, locale)
    if amount is None or _CHANGE_AFTER.match(title, amount.end):
        return None  # "5 days faster"
    return amount, None


#: Seconds (or bytes) in a unit of time (or size), to compare "1.2 s" with "800 ms".
_UNIT_SIZES = {
    **dict.fromkeys(("ms",), 0.001),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "Sekunden"), 1.0),
    **dict.fromkeys(("min", "mins", "minute", "minutes", "Minuten"), 60.0),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "Stunden"), 3600.0),
    **dict.fromkeys(("d", "day", "days", "Tag", "Tage", "Tagen"), 86400.0),
    **dict.fromkeys(("week", "weeks", "Wochen"), 604800.0),
    **dict.fromkeys(("MB",), 1e6),
    **dict.fromkeys(("GB",), 1e9),
    **dict.fromkeys(("TB",), 1e12),
}


def _in_unit(amount: Amount, unit: str) -> float:
    """``amount``'s value in ``unit`` when both are units of time (or of size)."""
    mine, theirs = _UNIT_SIZES.get(amount.unit), _UNIT_SIZES.get(unit)
    if mine is None or theirs is None or mine == theirs:
        return amount.value
    return amount.value * mine / theirs


def read_measures(title: str, locale: str) -> list[Piece]:
    """Every piece this module understands in ``title`` (title coordinates)."""
    found = _measures(title, locale)
    verb = _verb(title)
    kind = verb[0] if verb is not None else None
    pieces: list[Piece] = []
    pair = _pair(title, found, locale) if len(found) >= 2 else None
    target: Amount | None = None
    direction: str | None = None
    if pair is not None:
        base, target = pair
        plural = base.unit.startswith(target.unit) and base.unit != target.unit
        written = target if target.unit and not plural else base
        baseline = _in_unit(base, target.unit) if target.unit else base.value
        pieces.append(("baseline", base.start, base.end, baseline))
        pieces.append(("target", target.start, target.end, target.value))
        if written.unit:
            pieces.append(("unit_of_measure", *written.unit_span, written.unit))
        direction = "decrease" if target.value < baseline else "increase"
        pieces.append(("direction", base.start, target.end, direction))
    elif (single := _single(title, found, kind, locale)) is not None:
        target, direction = single
        pieces.append(("target", target.start, target.end, target.value))
        if target.unit:
            pieces.append(("unit_of_measure", *target.unit_span, target.unit))
        if direction is not None:
            pieces.append(("direction", target.start, target.end, direction))
    if direction is None and verb is not None and kind in ("increase", "decrease"):
        pieces.append(("direction", verb[1], verb[2], kind))
    metric = propose_metric(title, verb, mentions(title, locale), pair[0] if pair else target)
    if metric is not None:
        pieces.append(("metric", *metric))
    return pieces
