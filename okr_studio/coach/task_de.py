"""Reading a German title for task (output) wording.

German OKR titles name work in four ways, all read here:

- a verb of work at the end, as infinitive or participle ("Neues CRM-System
  einführen", "3 Workshops mit den Vertriebsteams durchgeführt", "Das neue
  Intranet ist eingeführt", "Wir haben die Linie 3 automatisiert");
- a sentence with "Wir" and a verb of work in second place, its separable
  prefix at the end ("Wir führen mit jeder Division eine Kommunikationsplanung
  durch", "Wir setzen die Richtlinie um");
- a noun of work leading the title ("Einführung eines neuen CRM-Systems bis
  Q3", "Go-Live des Kundenportals", "Relaunch der Website", "Ausrollen der…");
- a deliverable's state ("Unsere Website ist bereit für das Go-Live", "Der
  Shop ist live", "… in Betrieb genommen"), or a count of meetings ("20
  Erstgespräche mit Vertriebspartnern").

It reads as an outcome when the verb or the leading noun names a change
("steigern", "Senkung der…", "Wir gewinnen…"), when the object is a measured
result ("250 Leads generieren", "Pipeline von 3 Mio. € aufbauen"), when the verb
is reflexive ("Wir entwickeln uns zum…"), or when other people act and the title
measures how many do it ("80 % der Neukunden schließen die Einrichtung ab").
Capital letters tell nouns from verbs, except in titles written in capitals.
"""

from __future__ import annotations

import re
from typing import Literal

from okr_studio.coach.lexicon_de import (
    ACTION_NOUNS,
    ACTIVITY_NOUNS,
    FINITE,
    HEADLINE_NOUNS,
    NOUN_VERBS,
    OUTCOME_NOUNS,
    OUTCOME_VERBS,
    PARTICIPLES,
    SEPARABLE,
    TASK_VERBS,
    VALUE_NOUNS,
    VALUE_VERBS,
    tail_in,
)
from okr_studio.coach.measure import (
    PEOPLE,
    RESULT_NOUNS,
    comparison,
    habitual_after,
    metric_statement,
    rate_statement,
    share_before,
)
from okr_studio.coach.tokens import Token, after_label, all_caps, is_money, word_set

Found = tuple[str, str]

_AUX = word_set("ist sind hat haben wird werden wurde wurden war waren")
#: Modal verbs of ability: "Kunden können ihre Verträge online verwalten" is an outcome.
_MODAL = word_set("kann können darf dürfen")
_REFLEXIVE = word_set("uns sich")
_TEAM = word_set("wir")
_DATE_WORDS = word_set(
    """bis zum zur ende mitte anfang beginn spätestens jahresende quartalsende kw
    januar februar märz april mai juni juli august september oktober november dezember
    jan feb mär apr jun jul aug sep sept okt nov dez ( ) . q""".casefold()
)
_DATE_TOKEN = re.compile(r"(?:q[1-4]|h[12]|kw\d{1,2}|fy\d{2,4}|\d{4})$")
_NOUN_NEXT = word_set(
    """der des eines einer aller unserer unseres ihrer seiner von vom zur zum für auf an
    mit in im ins bei beim am und bis : ( – - nach zu gegen über"""
)
_STATE_AFTER_VERB = word_set("ist sind geht gehen wird werden")
_FREQUENCY = ("wöchentlich", "monatlich", "quartalsweis", "regelmäßig", "jährlich", "täglich")
_NEW = word_set("neue neuer neues neuen")
_SAVINGS = word_set("einsparungen pipeline")
_FUNCTION = word_set(
    """für in im der die das des dem den mit von vom zum zur bis am an auf und aller alle
    ein eine einen einem einer eines unsere unser unseren"""
)


def _lower(tok: Token, caps: bool) -> bool:
    """The token may be a verb: written in lower case (or the title is all capitals)."""
    return tok.is_word and (caps or not tok.capital)


def _start(tokens: list[Token]) -> int:
    n = len(tokens)
    i = after_label(tokens)
    while i < n and not tokens[i].is_word and not tokens[i].is_num:
        i += 1
    return i


def _clause_end(tokens: list[Token], start: int) -> int:
    for i in range(start + 1, len(tokens)):
        if tokens[i].low in (",", ";"):
            return i
    return len(tokens)


def _last_word(tokens: list[Token], start: int, end: int) -> int | None:
    """The last word of the clause, skipping dates ("… einführen bis Ende Q3")."""
    for i in range(end - 1, start - 1, -1):
        tok = tokens[i]
        if tok.is_word and tok.low not in _DATE_WORDS and not _DATE_TOKEN.match(tok.low):
            return i
    return None


def _value_object(tokens: list[Token]) -> bool:
    for j, tok in enumerate(tokens):
        if tok.is_num and is_money(tokens, j):
            return True
        if tok.is_num and any(tail_in(t.low, VALUE_NOUNS, 3) for t in tokens[j + 1 : j + 5]):
            return True
    return any(tail_in(t.low, _SAVINGS) for t in tokens)


def _verb_guard(lemma: str, tokens: list[Token]) -> bool:
    """The verb of work leads an outcome here (a measured result, a meeting-less "führen")."""
    if lemma in VALUE_VERBS and _value_object(tokens):
        return True
    if lemma == "führen":
        return not any(tail_in(t.low, ACTIVITY_NOUNS) for t in tokens)
    return False


def _second_place(
    tokens: list[Token], start: int, end: int, caps: bool
) -> Found | Literal[False] | None:
    """A verb in second place: "Wir führen … durch". False: an outcome verb; None: none."""
    team = tokens[start].low in _TEAM
    k = start + 1 if team else None
    if k is None:
        for i in range(start + 1, end):
            if _lower(tokens[i], caps) and (tokens[i].low in FINITE or tokens[i].low in _AUX):
                k = i
                break
    if k is None or k >= end:
        return None
    verb = tokens[k].low
    if verb in _MODAL and not team:
        return False  # "Kunden können ihre Verträge online verwalten"
    if verb in _AUX or verb not in FINITE:
        return None
    if not team and _last_word(tokens, start, end) == k:
        return None  # "… mit 10 Kunden validieren": a final infinitive, read elsewhere
    last = _last_word(tokens, k + 1, end)
    particle = tokens[last].low if last is not None and last > k else ""
    particle = particle if particle in SEPARABLE else ""
    lemmas = FINITE[verb]
    chosen = [m for prefix, m in lemmas if particle and prefix == particle]
    chosen = chosen or [m for prefix, m in lemmas if not prefix]
    if not chosen:
        return None
    if k + 1 < end and tokens[k + 1].low in _REFLEXIVE:
        return False  # "Wir entwickeln uns zum führenden Anbieter"
    lemma = chosen[0]
    if lemma in OUTCOME_VERBS:
        return False
    if lemma not in TASK_VERBS or _verb_guard(lemma, tokens):
        return None if lemma not in TASK_VERBS else False
    if share_before(tokens, end) or rate_statement(tokens) or comparison(tokens):
        return False  # "Wir versenden 95 % unserer Rechnungen als E-Rechnung"
    if not team and (
        share_before(tokens, k)
        or metric_statement(tokens)
        or any(tail_in(t.low, RESULT_NOUNS, 3) for t in tokens[start:k])
        or not (particle or _deadline(tokens, start))
    ):
        # Others act: customers ("Endkunden kaufen direkt bei uns"), or people as a habit
        # ("Unsere Disponenten planen Touren in Minuten"). "Der Vertrieb führt das CRM
        # ein" (a change) and "… absolvieren die Schulung bis 30.09." stay tasks.
        return False
    return (verb if not particle else f"{verb} … {particle}", lemma)


def _participle(tokens: list[Token], start: int, caps: bool) -> Found | None:
    """Finished work: "… durchgeführt", "ist eingeführt", "in Betrieb genommen"."""
    if rate_statement(tokens):
        return None
    for i in range(start + 1, len(tokens)):
        tok = tokens[i]
        if not _lower(tok, caps):
            continue
        if tok.low == "genommen" and tokens[i - 1].low == "betrieb":
            return ("in betrieb genommen", "inbetriebnehmen")
        lemma = PARTICIPLES.get(tok.low)
        if lemma is None or lemma not in TASK_VERBS or share_before(tokens, i):
            continue
        if any(t.low in _REFLEXIVE for t in tokens[start:i]):
            continue  # "… fühlen sich gut eingearbeitet": a feeling, not finished work
        if habitual_after(tokens, start) or _habitual_passive(tokens, start, i):
            continue  # "Projekte werden pünktlich geliefert": a service level
        if _people_did_it(tokens, start, i):
            continue  # "50 Ideen von Mitarbeitenden eingereicht": what others did
        if _verb_guard(lemma, tokens):
            return None
        return (tok.low, lemma)
    return None


def _deadline(tokens: list[Token], start: int) -> bool:
    return any(t.low in _DATE_WORDS or _DATE_TOKEN.match(t.low) for t in tokens[start:])


def _people_did_it(tokens: list[Token], start: int, i: int) -> bool:
    """ "von Mitarbeitenden", "von Kunden" before the participle: others acted."""
    for j in range(start, i - 1):
        if tokens[j].low == "von" and tail_in(tokens[j + 1].low, PEOPLE, 3):
            return True
    return False


def _habitual_passive(tokens: list[Token], start: int, i: int) -> bool:
    """ "500 Altgeräte werden repariert": a count of what happens, not work to finish."""
    aux = next((j for j in range(start, i) if tokens[j].low in ("werden", "wird")), None)
    if aux is None or not any(t.is_num for t in tokens[start:aux]):
        return False
    return not _deadline(tokens, start)


def _final_verb(
    tokens: list[Token], start: int, end: int, caps: bool
) -> Found | Literal[False] | None:
    """An infinitive at the end: "Neues ERP-System einführen". False: an outcome verb."""
    last = _last_word(tokens, start, end)
    if last is None or last == start or not _lower(tokens[last], caps):
        return None
    low = tokens[last].low
    if low in OUTCOME_VERBS or low in ("sein", "werden", "bleiben") or comparison(tokens):
        return False
    if low not in TASK_VERBS:
        return None
    if any(t.low in _MODAL for t in tokens[start:last]) or _verb_guard(low, tokens):
        return False
    return (low, low)


def _noun_verb(noun: str) -> str | None:
    """The verb of work a noun in -ung names: "Einführung" → "einführen"."""
    if noun.endswith("ung"):
        stem = noun[:-3]
        for cand in (stem + "en", stem + "n", stem[:-1] + "eln", stem[:-1] + "ern"):
            if cand in TASK_VERBS:
                return cand
        if stem.startswith("neu") and stem[3:] + "en" in TASK_VERBS:
            return stem[3:] + "en"
    if noun in TASK_VERBS:
        return noun  # a verb as noun: "Ausrollen der neuen Regelung"
    return None


def _leading_noun(
    tokens: list[Token], start: int, measured: bool, outcome_only: bool = False
) -> Found | Literal[False] | None:
    """A noun of work or of change leading the title (False for change)."""
    i = start
    n = len(tokens)
    if (
        i + 1 < n
        and tokens[i].capital
        and tokens[i].low.endswith(("e", "er", "es", "en"))
        and tokens[i + 1].capital
        and tokens[i].low not in _NEW
    ):
        i += 1  # "Erfolgreiche Einführung…", "Konzernweite Umsetzung…"
    low = tokens[i].low
    if not tokens[i].is_word:
        return None
    if low in OUTCOME_NOUNS or tail_in(low, OUTCOME_NOUNS):
        return False
    if outcome_only:
        return None
    nxt = tokens[i + 1].low if i + 1 < n else ""
    headline = low in HEADLINE_NOUNS  # "Rollout MS Teams…", "Relaunch Karriereseite"
    if nxt and nxt not in _NOUN_NEXT and not tokens[i + 1].is_num and not headline:
        return None
    verb = _noun_verb(low) or _noun_verb(low.rsplit("-", 1)[-1])
    action = low if low in ACTION_NOUNS else tail_in(low, ACTION_NOUNS)
    if verb is None and not action:
        return None
    if verb in OUTCOME_VERBS:
        return False
    if _value_object(tokens) and (low in ("abschluss", "aufbau") or verb in VALUE_VERBS):
        return False
    if rate_statement(tokens) and measured:
        return None
    return (low, verb or NOUN_VERBS.get(action or low, low))


def _state(tokens: list[Token], start: int) -> Found | None:
    """ "ist live", "bereit für das Go-Live", "ist online", "ist fertig"."""
    if rate_statement(tokens):
        return None
    n = len(tokens)
    for i in range(start, n):
        low = tokens[i].low
        prev = tokens[i - 1].low if i > start else ""
        nxt = tokens[i + 1].low if i + 1 < n else ""
        if low == "go-live":
            return ("go-live", "launchen")
        if low in ("live", "online", "fertig", "vollständig") and (
            prev in _STATE_AFTER_VERB or not nxt
        ):
            return (low, "launchen")
        if low == "bereit" and nxt in ("für", "zum", "zur"):
            return ("bereit", "launchen")
    return None


def _count_of_work(tokens: list[Token], start: int, caps: bool) -> Found | None:
    """ "20 Erstgespräche mit Partnern", "Wöchentlicher Jour fixe…", "Neuer Webshop für…"."""
    n = len(tokens)
    i = start
    if tokens[i].is_num or tokens[i].low.startswith(_FREQUENCY):
        i += 1
    if i < n and tokens[i].is_word:
        noun = tail_in(tokens[i].low, ACTIVITY_NOUNS)
        nxt = tokens[i + 1].low if i + 1 < n else ""
        if noun and (not nxt or nxt in _NOUN_NEXT or nxt == "fixe"):
            return (tokens[i].low, "durchführen")
    first = tokens[start]
    if first.low in _NEW and not caps and n > start + 1 and tokens[start + 1].capital:
        rest = tokens[start + 1 :]
        if all(not t.is_word or t.capital or t.low in _FUNCTION for t in rest):
            return (first.low, "einführen")
    return None


def read(tokens: list[Token]) -> Found | None:
    """What makes the title read like a task, or None for an outcome."""
    start = _start(tokens)
    n = len(tokens)
    if start >= n:
        return None
    caps = all_caps(tokens)
    end = _clause_end(tokens, start)
    measured = metric_statement(tokens)
    for step in (
        lambda: _leading_noun(tokens, start, measured, outcome_only=True),
        lambda: _second_place(tokens, start, end, caps),
        lambda: _final_verb(tokens, start, end, caps),
        lambda: _leading_noun(tokens, start, measured),
    ):
        found = step()
        if found is False:
            return None
        if found is not None:
            return found
    return (
        _participle(tokens, start, caps)
        or _state(tokens, start)
        or _count_of_work(tokens, start, caps)
    )
