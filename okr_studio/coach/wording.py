"""Reading titles: task (output) wording and short quotes for messages.

Numbers in titles are read by :mod:`okr_studio.mentions`.

The detector is for English titles. An outcome says what changes ("Increase
customer retention by 10% within 30 days"); an output names work to be done
("Complete three refactoring tickets", "Launch the new app", "Hold 5
workshops"). A title is task-worded when, after filler such as "we will" or
"successfully", it starts with a task verb (also in its -ing form), or when it
does not start with an outcome verb and ends with finished work, a task verb's
past participle at the end or before a time or scope ("New app launched by
March", "SSO implemented for all customers"). Titles that start with an
outcome verb (increase, reduce, improve, grow, keep…) never count as tasks.
"""

from __future__ import annotations

import re


def word_set(words: str) -> frozenset[str]:
    """A set of lower-case words from one space-separated string."""
    return frozenset(words.split())


#: Verbs that name work to be done rather than a change in the world.
TASK_VERBS: frozenset[str] = word_set(
    """
    analyse analyze attend audit build complete conduct configure create deliver
    deploy design develop document draft establish evaluate finalise finalize finish
    fix hire hold host implement install integrate introduce investigate launch
    migrate organise organize perform plan prepare publish redesign refactor release
    replace research review rewrite roll run send set ship start submit test train translate
    update upgrade write
    """
)

#: Verbs that name a change; a title starting with one of these is never a task.
OUTCOME_VERBS: frozenset[str] = word_set(
    """
    achieve boost cut decrease double eliminate expand grow halve improve increase
    keep lift lower maintain maximise maximize minimise minimize raise reach reduce
    retain shorten shrink speed sustain triple win
    """
)

#: Past participles of task verbs: "SSO implemented", "3 workshops held".
_PARTICIPLES: frozenset[str] = word_set(
    """
    built completed conducted created delivered deployed designed developed
    documented finished held hosted implemented installed integrated introduced
    launched migrated published refactored released rewritten rolled shipped
    started submitted written
    """
)

#: Words that may follow a participle of finished work: "launched by March".
_AFTER_PARTICIPLE: frozenset[str] = word_set("by before in on within until at for across to and")

#: Words skipped at the start of a title before looking for the verb.
_FILLER: frozenset[str] = word_set(
    """
    we i they you will shall should must to we'll let's lets successfully fully
    finally also and then please
    """
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def _verb_of(word: str) -> str | None:
    """The task verb ``word`` is, or its -ing form is; None otherwise."""
    if word in TASK_VERBS:
        return word
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        for candidate in (stem, stem + "e", stem[:-1]):
            if candidate in TASK_VERBS:
                return candidate
    return None


def task_word(text: str) -> str | None:
    """The task verb that makes ``text`` read like an output, or None for an outcome.

    >>> task_word("Complete three refactoring tickets")
    'complete'
    >>> task_word("Increase customer retention by 10% within 30 days") is None
    True
    """
    words = _words(text)
    start = 0
    while start < len(words) and words[start] in _FILLER:
        start += 1
    if start == len(words):
        return None
    first = words[start]
    if first in OUTCOME_VERBS:
        return None
    verb = _verb_of(first)
    if verb is not None:
        return verb
    rest = words[start:]
    for i, word in enumerate(rest):
        if word in _PARTICIPLES and (i + 1 == len(rest) or rest[i + 1] in _AFTER_PARTICIPLE):
            return word
    return None


def quote(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut at ``limit`` characters, in curly quotes."""
    one_line = " ".join(text.split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1].rstrip() + "…"
    return f"“{one_line}”"
