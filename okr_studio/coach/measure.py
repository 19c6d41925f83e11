"""Signs that a title states a measured result, shared by the English and German readers.

A *metric statement* compares a value with a number ("below 300 ms", "von 31
auf 45", "≥ 99,9 %", "from 2.1% to 3%"); a *share* counts part of a whole
("80% of new customers", "95 % aller Bestellungen", "3 out of 4"). Both say a
title measures something, so a verb inside it ("orders shipped late") describes
the measure rather than naming work.
"""

from __future__ import annotations

from okr_studio.coach.tokens import COMPARE_SIGNS, Token, word_set

#: Words that compare with the number after them.
_COMPARE_WORDS: frozenset[str] = word_set(
    """below under above over least most than max maximum min minimum within beyond
    unter über mindestens maximal höchstens weniger mehr als bei innerhalb"""
)
#: "from X to Y" and "von X auf Y".
_FROM = frozenset(("from", "von"))
_TO = frozenset(("to", "auf", "bis"))
#: Words that make a share: "80% of", "95 % aller", "share of", "Anteil der".
_SHARE_WORDS = frozenset(("%", "percent", "prozent", "share", "anteil", "proportion"))
_SHARE_NEXT = frozenset(("of", "der", "des", "aller", "unserer", "von"))


#: Words that make finished work a habit, a service level: "delivered on time".
HABITUAL: frozenset[str] = word_set(
    """within always consistently reliably on-time pünktlich innerhalb stets immer
    jederzeit zuverlässig"""
)
_TIMES = word_set("time day week month quarter sprint release tag woche monat quartal")


def habitual_after(tokens: list[Token], i: int) -> bool:
    """Finished work described as a habit after ``i``: "on time", "within 48 h", "every week"."""
    for j in range(i + 1, len(tokens)):
        low = tokens[j].low
        nxt = tokens[j + 1].low if j + 1 < len(tokens) else ""
        if low in HABITUAL or (low in ("on", "every", "each", "jede", "jeden") and nxt in _TIMES):
            return True
    return False


#: Nouns that, counted, are results rather than work, in both languages.
RESULT_NOUNS: frozenset[str] = word_set(
    """accounts arr bookings buyers clients contracts customers deals downloads installs
    leads logos members mqls mrr orders partners partnerships purchases sales signups
    sign-ups sqls subscribers subscriptions users visitors kunden kundinnen leads
    verträge aufträge abonnenten nutzer nutzerinnen händler partner mitglieder
    bestellungen downloads besucher accounts"""
)


#: People whose actions are outcomes for the team ("used by customers", "von Kunden").
PEOPLE: frozenset[str] = RESULT_NOUNS | word_set(
    """employees staff colleagues teams managers patients students candidates
    mitarbeitenden mitarbeiter mitarbeiterinnen kollegen kolleginnen teilnehmenden
    teilnehmer patienten bewerbern bewerber nutzern kundinnen"""
)


def _number_near(tokens: list[Token], i: int, ahead: int = 3) -> bool:
    return any(t.is_num for t in tokens[i + 1 : i + 1 + ahead])


def metric_statement(tokens: list[Token]) -> bool:
    """Whether the title compares a value with a number."""
    n = len(tokens)
    for i, tok in enumerate(tokens):
        low = tok.low
        if low in COMPARE_SIGNS and (_number_near(tokens, i) or (i > 0 and tokens[i - 1].is_num)):
            return True
        if low in _COMPARE_WORDS and _number_near(tokens, i):
            return True
        if low in _FROM and _number_near(tokens, i):
            for j in range(i + 2, min(n, i + 8)):
                if tokens[j].low in _TO and _number_near(tokens, j):
                    return True
        if low in ("at", "um", "by") and _number_near(tokens, i, 2):
            # "at 85%", "um 10 %", "by 15%" (a change by an amount)
            rest = tokens[i + 1 : i + 4]
            if any(t.low in ("%", "percent", "prozent", "pp", "punkte") for t in rest):
                return True
    return False


def share_before(tokens: list[Token], end: int) -> bool:
    """A share of a whole ("80% of", "95 % aller", "3 out of 4") before index ``end``."""
    for i in range(min(end, len(tokens))):
        low = tokens[i].low
        nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
        if low in _SHARE_WORDS and (nxt in _SHARE_NEXT or low in ("share", "anteil")):
            return True
        if low == "out" and nxt == "of":
            return True
        if tokens[i].is_num and nxt == "von" and i + 2 < len(tokens) and tokens[i + 2].is_num:
            return True
    return False


def counted_result(tokens: list[Token], end: int, nouns: frozenset[str] | None = None) -> bool:
    """A number of results before ``end``: "12 reseller partners signed", "8 Verträge…".

    ``nouns`` are the language's result nouns (customers, partners, Kunden…); a noun
    matches when it is one of them or ends with one ("Neukunden").
    """
    nouns = nouns if nouns is not None else RESULT_NOUNS
    for i in range(min(end, len(tokens))):
        if not tokens[i].is_num:
            continue
        for t in tokens[i + 1 : min(end, i + 5)]:
            if t.low in nouns or any(len(n) >= 5 and t.low.endswith(n) for n in nouns):
                return True
    return False


def rate_statement(tokens: list[Token]) -> bool:
    """A percentage, a compared value or a change "from X to Y": a rate, not a count.

    "At least 3 workshops held" counts work and stays a task; "Tickets solved
    within a day: ≥ 90 %" measures a rate.
    """
    lows = [t.low for t in tokens]
    if any(w in ("%", "percent", "prozent") for w in lows):
        return True
    for i, low in enumerate(lows):
        if low in COMPARE_SIGNS and (_number_near(tokens, i) or (i > 0 and tokens[i - 1].is_num)):
            return True
        if low in _FROM and _number_near(tokens, i) and any(w in _TO for w in lows[i + 2 : i + 8]):
            return True
    return False


_MORE = word_set("more less fewer better faster mehr weniger besser schneller")


def comparison(tokens: list[Token]) -> bool:
    """A comparison with others: "schneller als der Wettbewerb", "better than…"."""
    for i in range(1, len(tokens)):
        if tokens[i].low in ("als", "than"):
            prev = tokens[i - 1].low
            if prev in _MORE or (
                len(prev) > 4 and prev.endswith("er") and not tokens[i - 1].capital
            ):
                return True
    return False
