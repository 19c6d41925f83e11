"""Reading an English title for task (output) wording.

A title reads like a task when it names work to do or a deliverable:

- it starts with a verb of work, also after "We will" or as "-ing" ("Identify
  5 design partners", "We will launch the app", "Launching the partner portal"),
  or with a phrasal one ("Roll out", "Set up", "Go live with…");
- it names finished work after its subject ("SSO implemented for all
  customers", "Hiring plan is adjusted to the forecast", "Budget approved by
  the board"), or a deliverable's state ("New pricing page live by May 15",
  "Portal ready for go-live", "Feature flags in place");
- it starts with a noun of work ("Rollout of SSO to all teams") or counts
  meetings ("20 intro calls with prospective partners").

It reads as an outcome, whatever its verb, when it starts with a verb of change
("Increase", "Reduce", "Win"…), when the verb's object is a measured result
("Deliver quantified savings of > $250,000", "Add 500 paying customers"), when
it builds something abstract ("Build trust with…"), or when the leading "verb" is
the first word of a metric's name ("Test coverage at 85%", "Open rate above 35%").
"""

from __future__ import annotations

from okr_studio.coach.lexicon_en import (
    ABSTRACT_NOUNS,
    ACTION_NOUNS,
    ACTIVITY_NOUNS,
    ASPIRATION,
    FILLER,
    METRIC_NOUNS,
    NOUN_VERBS,
    OBJECT_STARTS,
    OUTCOME_VERBS,
    PARTICLES,
    TASK_VERBS,
    VALUE_NOUNS,
    VALUE_VERBS,
    lemma,
)
from okr_studio.coach.measure import counted_result, habitual_after, metric_statement, share_before
from okr_studio.coach.tokens import Token, after_label, is_money, word_set

#: What a reading finds: the word as written (folded) and the verb it stands for.
Found = tuple[str, str]

#: Words that may follow a participle of finished work: "launched by March".
_AFTER_PARTICIPLE = word_set(
    """by before in on within until at for across to and with into from as successfully
    off out up , ; : ( - – — . ! through via after during once"""
)
_DETERMINERS = word_set("a an the our their its this these those my your newly")
_SUBJECTS = word_set("we i they has have had")
_FREQUENCY = word_set("daily weekly biweekly monthly quarterly annual yearly regular")
_PREPOSITIONS = word_set("with for on in at about to between across among , : ( - –")
_BUILD_VERBS = word_set("build establish create develop deliver provide offer")
#: Words that may follow a metric's name: "coverage of", "rate above", "time is".
_LINKS = word_set(
    """of at above below under over for in on from to by per is are was were has have
    stays remains down up within across"""
)
_OBJECT_ENDS = word_set("to for with on at by through across from via among into")
#: Verbs that are also the first word of many metric names ("Support tickets").
_NOUN_LIKE = word_set(
    """support test release design plan review open close call run hold survey audit
    interview check map track book post host build deploy update sign train"""
)


def _start(tokens: list[Token]) -> int:
    """Where the title proper starts: after bullets, "Q3:" labels, "By Q3," and filler."""
    i = after_label(tokens)
    n = len(tokens)
    if i < n and tokens[i].low in ("by", "in", "until") and "," in (t.low for t in tokens[:6]):
        i = next(j for j in range(i, n) if tokens[j].low == ",") + 1
    while i < n and ((not tokens[i].is_word and not tokens[i].is_num) or tokens[i].low in FILLER):
        i += 1
    return i


def _title_case(tokens: list[Token]) -> bool:
    long_words = [t for t in tokens if t.is_word and len(t.text) > 3]
    return bool(long_words) and sum(t.capital for t in long_words) >= 0.7 * len(long_words)


def _verbal_after(tokens: list[Token], i: int, title_case: bool) -> bool:
    """The word at ``i`` can start the object of a verb before it."""
    if i >= len(tokens):
        return False
    tok = tokens[i]
    if tok.is_num or tok.low in OBJECT_STARTS or tok.low in PARTICLES:
        return True
    if tok.is_word and len(tok.text) > 1 and tok.text.isupper():
        return True  # an acronym: "Launching SSO"
    return tok.capital and not title_case


def _noun_compound(tokens: list[Token], i: int, measured: bool) -> bool:
    """The verb-like word before ``i`` starts a metric's name: "Test coverage at 85%"."""
    if i >= len(tokens):
        return False
    if tokens[i - 1].low == "scope" and tokens[i].low in ("1", "2", "3"):
        return True  # "Scope 2 emissions"
    if not tokens[i].is_word:
        return False
    low = tokens[i].low
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if low in METRIC_NOUNS and (
        after is None or not after.is_word or after.low in METRIC_NOUNS or after.low in _LINKS
    ):
        return True  # "Test coverage of…", "Release lead time…", not "volume discounts"
    if low in ("of", "that", "which", "who", "whose"):
        return True  # "Share of revenue…", "Support that never sleeps"
    if low in OBJECT_STARTS or low in PARTICLES or tokens[i].text.isupper():
        return False
    if measured or (i + 1 < len(tokens) and tokens[i + 1].low == "per"):
        return True
    # A metric's bare name: "Support tickets", "Release frequency".
    return i + 1 == len(tokens) and tokens[i - 1].low in _NOUN_LIKE


def _value_object(tokens: list[Token], i: int) -> bool:
    """A measured result follows: money, or a number of customers, leads, deals…

    Only the verb's object counts: "Deliver the platform to our first 3
    customers" delivers a platform.
    """
    end = min(len(tokens), i + 8)
    for j in range(i, end):
        if tokens[j].low in _OBJECT_ENDS:
            end = j
            break
    for j in range(i, end):
        tok = tokens[j]
        if tok.is_num and is_money(tokens, j):
            return True
        counted = tok.is_num or tok.low == "%"
        if counted and any(t.low in VALUE_NOUNS for t in tokens[j + 1 : j + 5]):
            return True
    return any(t.low in ("savings", "revenue", "arr", "mrr") for t in tokens[i:end])


def _share_within(tokens: list[Token]) -> bool:
    """ "Deliver 95% of orders within 48 hours": a service level, not a piece of work."""
    lows = [t.low for t in tokens]
    return "%" in lows and "within" in lows and share_before(tokens, len(tokens))


def _guarded(verb: str, tokens: list[Token], i: int) -> bool:
    """The verb at ``i - 1`` leads an outcome after all."""
    if verb in VALUE_VERBS and _value_object(tokens, i):
        return True
    if verb in _BUILD_VERBS:
        obj = tokens[i : i + 6]
        if any(t.low in ASPIRATION for t in obj) or (
            verb != "deliver" and any(t.low in ABSTRACT_NOUNS for t in obj)
        ):
            return True  # "Build trust with…", "Deliver a world-class experience"
    if verb == "enable" and any(t.low == "to" for t in tokens[i : i + 6]):
        return True
    return _share_within(tokens)


def _leading_verb(tokens: list[Token], start: int, measured: bool) -> Found | bool | None:
    """The work verb leading the title, False for an outcome verb, None for neither."""
    tok = tokens[start]
    low = tok.low
    nxt = tokens[start + 1].low if start + 1 < len(tokens) else ""
    if low == "reach" and nxt == "out":
        return ("reach out", "contact")
    if low == "partner" and nxt == "with":
        return ("partner with", "sign")
    if low == "get" and any(t.low in ("sign-off", "approval") for t in tokens[start : start + 5]):
        return ("get sign-off", "complete")
    if lemma(low, OUTCOME_VERBS) is not None and lemma(low, TASK_VERBS) is None:
        return False
    verb = lemma(low, TASK_VERBS) if low != "enable" else "enable"
    if verb is None:
        if low in ("go", "going", "goes") and nxt in ("live", "-", "to"):
            return ("go live", "launch") if nxt != "to" or start + 2 < len(tokens) else None
        return None
    title_case = _title_case(tokens)
    if low != verb:
        if not low.endswith("ing") or not _verbal_after(tokens, start + 1, title_case):
            return None  # "Hiring plan…", "Planning accuracy…": a noun
    elif _noun_compound(tokens, start + 1, measured):
        return None
    if _guarded(verb, tokens, start + 1):
        return False
    return (verb, verb)


def _participle(tokens: list[Token], start: int, measured: bool) -> Found | None:
    """Finished work after the subject: "SSO implemented for all customers"."""
    if measured:
        return None
    n = len(tokens)
    for i in range(start + 1, n):
        tok = tokens[i]
        if not tok.is_word or (tok.low in TASK_VERBS and tok.low not in ("set", "run")):
            continue
        if not (
            tok.low.endswith("ed")
            or tok.low in ("built", "written", "held", "sent", "set", "run", "begun", "rebuilt")
        ):
            continue  # fmt: skip
        verb = lemma(tok.low, TASK_VERBS)
        if verb is None or lemma(tok.low, OUTCOME_VERBS) is not None:
            continue
        prev = tokens[i - 1].low
        nxt = tokens[i + 1].low if i + 1 < n else ""
        if prev in _DETERMINERS or share_before(tokens, i) or counted_result(tokens, i):
            continue
        if habitual_after(tokens, i):
            continue  # "Projects are delivered on time": a service level
        if prev in _SUBJECTS or not nxt or nxt in _AFTER_PARTICIPLE:
            return (tok.low, verb)
    return None


def _state(tokens: list[Token], start: int, measured: bool) -> Found | None:
    """A deliverable's state: "live by May 15", "ready for go-live", "in place"."""
    if measured:
        return None
    n = len(tokens)
    for i in range(start, n):
        low = tokens[i].low
        prev = tokens[i - 1].low if i > start else ""
        nxt = tokens[i + 1].low if i + 1 < n else ""
        if low == "go-live":
            return ("go-live", "launch")
        if (
            low == "live"
            and i > start
            and prev not in _DETERMINERS
            and (prev in ("go", "goes", "is", "are") or not nxt or nxt in _AFTER_PARTICIPLE)
        ):
            return ("live", "launch")
        if low == "ready" and nxt in ("for", "to") and i > start:
            return ("ready", "launch")
        if low == "in" and nxt == "place" and i > start:
            return ("in place", "implement")
        if low in ("sign-off", "approval") and i > start:
            return (low, "complete")
        if low in ("done", "complete") and i > start and (not nxt or nxt in _AFTER_PARTICIPLE):
            return (low, "complete")
    return None


def _noun_of_work(tokens: list[Token], start: int, measured: bool) -> Found | None:
    """ "Rollout of SSO…", "20 intro calls with partners", "Weekly sync with finance"."""
    n = len(tokens)
    first = tokens[start]
    nxt = tokens[start + 1].low if start + 1 < n else ""
    if first.low in ACTION_NOUNS and nxt in ("of", "for", "to", "in", ""):
        return None if _share_within(tokens) else (first.low, NOUN_VERBS.get(first.low, first.low))
    if measured:
        return None
    i = start
    if tokens[i].is_num or tokens[i].low in _FREQUENCY:
        i += 1
    for j in range(i, min(n, i + 4)):
        tok = tokens[j]
        if not tok.is_word:
            return None
        after = tokens[j + 1].low if j + 1 < n else ""
        if tok.low in ACTIVITY_NOUNS and (not after or after in _PREPOSITIONS):
            return (tok.low, "hold")
    return None


def read(tokens: list[Token]) -> Found | None:
    """What makes the title read like a task, or None for an outcome."""
    start = _start(tokens)
    if start >= len(tokens):
        return None
    measured = metric_statement(tokens)
    lead = _leading_verb(tokens, start, measured)
    if lead is False:
        return None
    if lead is not None and lead is not True:
        return lead
    return (
        _participle(tokens, start, measured)
        or _state(tokens, start, measured)
        or _noun_of_work(tokens, start, measured)
    )
