"""Which language a title is written in, as far as the wording rules need to know.

The wording rules read English and German. :func:`detect_language` tells a
title's language from its small words (articles, prepositions, pronouns), its
umlauts and a few word endings; it answers "en", "de", "other" (a language the
rules do not read: French, Spanish, Italian, Dutch, Portuguese, the Nordic
languages, Polish, or a script other than Latin) or "" when the title is too
short or too mixed to tell ("SSO live", "NPS ≥ 45"). :func:`reading_language`
then settles which reader reads a title, given the workshop's language.

Nothing is loaded for this: the word lists are small sets in this module.
"""

from __future__ import annotations

import re

from okr_studio.coach.tokens import Token, tokenize

#: The languages the wording rules read.
READ_LANGUAGES: tuple[str, ...] = ("en", "de")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SMALL_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        """the a an and of to for with by our we is are be from on at all new into than
        each every will this that as its their within across without under above below
        least most down up more less fewer out who can have has been was were it so not
        or after before between through using based us your they when while per"""
    ),
    "de": _words(
        """der die das den dem des und ist sind wir mit für bis von vom zu zum zur im am an auf
        aus ein eine einen einem einer eines nicht unsere unser unseren unserer unseres
        unserem alle aller allen bei nach als auch oder über unter pro je durch wird werden
        wurde wurden haben hat sein mehr weniger mindestens neue neuen neuer neues jeder
        jede jedes innerhalb ohne sowie um gegen seit dass uns ihre ihren sich vor
        zwischen beim ins höchstens maximal"""
    ),
    "fr": _words(
        """le la les des du et pour avec nos notre est sont une dans sur au aux chez ce cette
        qui que nouveaux nouvelle nouveau plus d'ici atteindre augmenter réduire"""
    ),
    "es": _words(
        """el los las del y para con nuestro nuestra nuestros nuestras es son una por al más
        que se lograr aumentar reducir mejorar nuevo nueva nuevos"""
    ),
    "it": _words(
        """il gli della delle dei degli per con nostro nostra nostri è sono nel nella che
        aumentare ridurre migliorare nuovo nuova"""
    ),
    "nl": _words(
        """het een van voor met onze wij zijn naar verhogen verlagen verbeteren nieuwe ons
        bij tot"""
    ),
    "pt": _words(
        """os do da dos das para com nosso nossa é são uma um em no na não aumentar reduzir
        melhorar novo nova"""
    ),
    "nordic": _words(
        """och att för med vi är ett av till på öka minska förbättra og af til er ikke vår
        våre vores øke"""
    ),
    "pl": _words("i w na z do dla oraz nasz nasza nasze jest są zwiększyć poprawić"),
}

#: Each small word and the languages it belongs to.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _small in _SMALL_WORDS.items():
    for _w in _small:
        _LANGUAGES_OF[_w] = (*_LANGUAGES_OF.get(_w, ()), _lang)

_UMLAUTS = frozenset("äöüß")
_DE_ENDINGS = ("ung", "ungen", "keit", "heit", "schaft", "quote")
_DE_VERB_ENDINGS = ("ieren", "iert", "ierte")
_EN_ENDINGS = ("ed", "ing", "ize", "ise", "ity", "ness")


def _scores(tokens: list[Token]) -> dict[str, float]:
    scores = dict.fromkeys(_SMALL_WORDS, 0.0)
    for i, tok in enumerate(tokens):
        if not tok.is_word:
            continue
        low = tok.low
        for lang in _LANGUAGES_OF.get(low, ()):
            scores[lang] += 1.0
        if not low.isascii() and any(c in _UMLAUTS for c in low):
            scores["de"] += 1.0
        if i > 0 and tok.capital and len(low) >= 12 and "-" not in low:
            scores["de"] += 0.5  # a long compound noun: "Warenwirtschaftssystem"
        if len(low) > 5:
            if (tok.capital and low.endswith(_DE_ENDINGS)) or low.endswith(_DE_VERB_ENDINGS):
                scores["de"] += 0.5
            elif not tok.capital and low.endswith(_EN_ENDINGS):
                scores["en"] += 0.5
    return scores


_NOT_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")


def _mostly_other_script(text: str) -> bool:
    if _NOT_LATIN.search(text) is None:
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF)
    return latin * 2 < len(letters)


def detect_language(text: str, tokens: list[Token] | None = None) -> str:
    """ "en", "de", "other" (a language the rules do not read) or "" (cannot tell).

    ``tokens`` are the text's tokens when the caller has them already.
    """
    if _mostly_other_script(text):
        return "other"
    scores = _scores(tokens if tokens is not None else tokenize(text))
    best = max(scores, key=scores.__getitem__)
    top = scores[best]
    second = max(v for k, v in scores.items() if k != best)
    if top < 1.0 or top - second < 0.5:
        return ""
    return best if best in READ_LANGUAGES else "other"


def reading_language(
    text: str, workshop_language: str = "", tokens: list[Token] | None = None
) -> tuple[str, ...]:
    """The readers to read ``text`` with: ("en",), ("de",), both, or none.

    A title whose language is clear is read in that language, whatever the
    workshop's (a workshop may mix languages); a title in a language the rules
    do not read is not read at all. A title too short to tell is read in the
    workshop's language; by both readers when no language is known ("");
    and not at all when the workshop works in a language the rules do not read.
    """
    found = detect_language(text, tokens)
    if found in READ_LANGUAGES:
        return (found,)
    if found == "other":
        return ()
    if workshop_language in READ_LANGUAGES:
        return (workshop_language,)
    return READ_LANGUAGES if not workshop_language else ()
