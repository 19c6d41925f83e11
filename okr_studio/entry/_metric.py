"""The metric a key result's title names, proposed when none is given.

What the verb acts on, up to the number clause: "Raise activation from 20% to 35%" →
"activation", "Churn unter 5 % halten" → "Churn". When nothing stands between the verb
and the number, or the number is a share "of" something, the words after the number:
"Reach 10,000 weekly active teams" → "weekly active teams", "Mindestens 95 % der
Releases ohne Rollback" → "Releases ohne Rollback". Articles ("the", "die") are left
out; a title with no number and no verb of change names no metric.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

from okr_studio.mentions import Mention


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ARTICLES = _words(
    "the a an our their its his her my your all die der das den dem des ein eine einen "
    "unsere unser unseren unserer ihre ihren aller"
)
#: A number followed by one of these is a share of what comes next ("80% of services").
_SHARE = _words("of der des aller von")
#: Words that end a metric's name ("… teams by region") or hang at its end ("down").
_STOP = _words(
    "by in per from to for within across at on bis im pro von für innerhalb bei um with "
    "mit and und over über unter above below under until down up during while"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CLAUSE_WORDS = re.compile(
    r"\b(?:from|von|to|auf|by|um|at|bei|in|above|over|below|under|at\s+least|at\s+most"
    r"|mindestens|höchstens|über|unter|more\s+than|less\s+than|fewer\s+than|mehr\s+als"
    r"|weniger\s+als)\s+(?:[$€£]\s?)?$",
    re.IGNORECASE,
)
_MAX_WORDS = 6


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def _trim(chosen: list[re.Match[str]]) -> list[re.Match[str]]:
    while chosen and _fold(chosen[0].group()) in _ARTICLES | _SHARE:
        chosen.pop(0)
    while chosen and _fold(chosen[-1].group()) in _STOP | _ARTICLES:
        chosen.pop()
    return chosen


def _after(title: str, words: list[re.Match[str]], end: int, skip: int) -> list[re.Match[str]]:
    """The words right after a number, up to a word that ends a metric's name."""
    chosen: list[re.Match[str]] = []
    for w in words:
        if w.start() < end or w.start() == skip:
            continue
        between = title[chosen[-1].end() if chosen else end : w.start()]
        if any(ch.isdigit() for ch in between) or (chosen and _fold(w.group()) in _STOP):
            break
        chosen.append(w)
    return _trim(chosen)


def propose_metric(
    title: str,
    verb: tuple[str, int, int] | None,
    found: tuple[Mention, ...],
    amount: _Span | None,
) -> tuple[int, int, str] | None:
    """(start, end, text) of the metric ``title`` names, or None (see the module's notes).

    ``verb`` is the title's verb (kind, start, end), ``found`` its measures, ``amount``
    the baseline or target read (None when none was)."""
    measures = [m for m in found if m.kind != "scope"]
    first = measures[0] if measures else None
    if first is None and (verb is None or verb[0] == "reach"):
        return None  # "Launch the partner portal" names no metric
    if verb is not None and verb[0] == "reach" and amount is None:
        return None
    words = list(_WORD.finditer(title))
    skip = verb[1] if verb is not None else -1
    stop = len(title)
    if first is not None:
        clause = _CLAUSE_WORDS.search(title[: first.start])
        stop = clause.start() if clause is not None else first.start
    if verb is not None and verb[2] > stop:  # German: the verb ends the title
        stop = min(stop, verb[1])
    chosen = _trim([w for w in words if w.end() <= stop and w.start() != skip])
    end = amount.end if amount is not None else first.end if first is not None else None
    if end is not None:
        share = _WORD.match(title, end + 1) if title[end : end + 1] == " " else None
        if not chosen or (share is not None and _fold(share.group()) in _SHARE):
            chosen = _after(title, words, end, skip) or chosen
    if not chosen or len(chosen) > _MAX_WORDS:
        return None
    start, stop = chosen[0].start(), chosen[-1].end()
    return start, stop, title[start:stop]
