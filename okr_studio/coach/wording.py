"""Reading titles: task (output) wording and short quotes for messages.

Numbers in titles are read by :mod:`okr_studio.mentions`.

An outcome says what changes ("Increase customer retention by 10% within 30
days"); an output names work to be done ("Complete three refactoring tickets",
"Launch the new app", "Wir führen mit jeder Division eine Kommunikationsplanung
durch"). :func:`task_wording` reads a title in English or German
(:mod:`okr_studio.coach.task_en`, :mod:`okr_studio.coach.task_de`) and says
which words make it read like a task.

The language is the workshop's ("en" or "de"), but a title whose own language
is clear is read in that language (a workshop may mix them); "" reads every
title in the language detected for it. Titles in other languages are not read:
the rules say nothing about them rather than guess
(:mod:`okr_studio.coach.language`). Each reader is imported the first time a
title in its language is read; readings are cached by text.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from types import ModuleType

from okr_studio.coach.language import READ_LANGUAGES, reading_language
from okr_studio.coach.tokens import tokenize

__all__ = [
    "READ_LANGUAGES",
    "TaskWording",
    "clear_cache",
    "quote",
    "task_word",
    "task_wording",
    "word_set",
]


def word_set(words: str) -> frozenset[str]:
    """A set of lower-case words from one space-separated string."""
    return frozenset(words.split())


@dataclass(frozen=True, slots=True)
class TaskWording:
    """Why a title reads like a task."""

    #: The words that make it a task, folded: "launch", "eingeführt", "go-live".
    word: str
    #: The verb of work they stand for, as a lemma: "launch", "einführen".
    verb: str
    #: The language the title was read in: "en" or "de".
    language: str


_READERS: dict[str, ModuleType] = {}


def _reader(language: str) -> ModuleType:
    reader = _READERS.get(language)
    if reader is None:
        reader = importlib.import_module(f"okr_studio.coach.task_{language}")
        _READERS[language] = reader
    return reader


#: Readings by workshop language, then by text. A workshop's titles rarely change, and
#: the coach reads all of them after every edit; each table is emptied when it holds
#: more than _CACHE_LIMIT titles (a 10,000-objective workshop has about 50,000).
_CACHE: dict[str, dict[str, TaskWording | None]] = {}
_CACHE_LIMIT = 1 << 16


def _read(text: str, language: str) -> TaskWording | None:
    tokens = tokenize(text)
    for lang in reading_language(text, language, tokens):
        found = _reader(lang).read(tokens)
        if found is not None:
            return TaskWording(sys.intern(found[0]), sys.intern(found[1]), lang)
    return None


def _cached_read(text: str, language: str) -> TaskWording | None:
    table = _CACHE.get(language)
    if table is None:
        table = _CACHE[language] = {}
    try:
        return table[text]
    except KeyError:
        pass
    if len(table) >= _CACHE_LIMIT:
        table.clear()
    found = table[text] = _read(text, language)
    return found


def task_wording(text: str, language: str = "") -> TaskWording | None:
    """Why ``text`` reads like a task (an output), or None when it reads as an outcome.

    ``language`` is the workshop's: "en", "de", or "" (or "auto") to detect each
    title's language. Titles detected as another language give None.

    >>> task_wording("Complete three refactoring tickets", "en").verb
    'complete'
    >>> task_wording("Increase customer retention by 10% within 30 days") is None
    True
    """
    if not isinstance(text, str) or not text.strip():
        return None
    return _cached_read(text, "" if language == "auto" else language)


def task_word(text: str, language: str = "") -> str | None:
    """The words that make ``text`` read like a task, or None (see :func:`task_wording`)."""
    found = task_wording(text, language)
    return found.word if found is not None else None


def clear_cache() -> None:
    """Forget cached readings (for benchmarks)."""
    _CACHE.clear()


def quote(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut at ``limit`` characters, in curly quotes."""
    one_line = " ".join(text.split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1].rstrip() + "…"
    return f"“{one_line}”"
