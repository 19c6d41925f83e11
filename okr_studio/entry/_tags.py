"""The owner ("@Ana García") and the work type ("#debt") in a one-line entry.

An ``@`` starts an owner when it begins the line or follows a space or "(" (so an
e-mail address is no owner). The name is a person of the workshop when one matches
(case aside; the longest name wins: "@Ana García López" before "@Ana García");
otherwise it runs up to the next field marker: its first word, then the words that
follow while they read as a name (a capital first letter, or "van", "von", "de", "da"…
before one), at most five words.

A ``#`` word is a work type when it names one, in English or German: #feature,
#debt / #tech-debt / #technical-debt / #techschulden, #defect / #bug / #fehler,
#risk / #risiko… Any other "#" word (#412, #growth) is left in the title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from okr_studio.vocab import WorkType

_WORK_TYPES: dict[str, WorkType] = {}
for _type, _words in (
    (WorkType.FEATURE, "feature features feat funktion funktionen neuerung"),
    (
        WorkType.TECHNICAL_DEBT,
        "debt techdebt tech-debt tech_debt technical-debt technicaldebt technical_debt "
        "schulden techschulden tech-schulden technische-schulden technischeschulden "
        "technische-schuld altlast altlasten",
    ),
    (WorkType.DEFECT, "defect defects bug bugs bugfix fehler defekt defekte mangel mängel"),
    (WorkType.RISK, "risk risks risiko risiken"),
):
    for _word in _words.split():
        _WORK_TYPES[_word] = _type

_HASH = re.compile(r"(?<![^\s(\[,;])#([^\W\d_][\w-]*)(?![\w#@])")
_AT = re.compile(r"(?<![^\s(\[,;])@(?=[^\s@#])")
_FIRST_WORD = re.compile(r"[^\s@#,;:!?()\[\]{}<>\"“”„]+")
_NEXT_WORD = re.compile(r"\s+([^\s@#,;:!?()\[\]{}<>\"“”„]+)")
#: Small words inside names ("Maria de la Cruz", "Jan van der Berg").
_PARTICLES = frozenset(
    "van von vom de del della der den di da dos du la le ten ter zu y bin al el".split()  # noqa: SIM905
)
_MAX_NAME_WORDS = 5


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def work_type_at(line: str, taken: list[tuple[int, int]]) -> tuple[int, int, str] | None:
    """(start, end, work type value) of the first "#" word naming a work type."""
    for match in _HASH.finditer(line):
        kind = _WORK_TYPES.get(_fold(match[1]))
        start, end = match.span()
        if kind is not None and not any(s < end and start < e for s, e in taken):
            return start, end, kind.value
    return None


def _known(line: str, at: int, people: Iterable[str]) -> tuple[int, str] | None:
    """(end, name) of the longest known person's name right after the "@" at ``at``."""
    best: tuple[int, str] | None = None
    for name in people:
        wanted = name.strip()
        if not wanted:
            continue
        end = at + 1 + len(wanted)
        typed = line[at + 1 : end]
        if _fold(typed) != _fold(wanted):
            continue
        after = line[end : end + 1]
        if after and (after.isalnum() or after in "-'’"):
            continue
        if best is None or end > best[0]:
            best = (end, wanted)
    return best


def _looks_like_name(word: str) -> bool:
    return word[:1].isupper() and not any(ch.isdigit() for ch in word)


def _unknown(line: str, at: int) -> tuple[int, str] | None:
    """(end, name) of a name nobody in the workshop has yet (see the module's notes)."""
    first = _FIRST_WORD.match(line, at + 1)
    if first is None:
        return None
    end = first.end()
    words = 1
    while words < _MAX_NAME_WORDS:
        # the next words: particles ("de", "la", "van") count only before a name
        scan, taken = end, 0
        while (nxt := _NEXT_WORD.match(line, scan)) is not None and taken < 3:
            scan, taken = nxt.end(), taken + 1
            if nxt[1].casefold() not in _PARTICLES:
                break
        if nxt is None or not _looks_like_name(nxt[1]) or words + taken > _MAX_NAME_WORDS:
            break
        end, words = scan, words + taken
    while end > first.start() and line[end - 1] in ".'’-":
        end -= 1  # "… @Ana." ends a sentence
    if end <= at + 1:
        return None
    return end, line[at + 1 : end]


def owner_at(
    line: str, people: Iterable[str], taken: list[tuple[int, int]]
) -> tuple[int, int, str] | None:
    """(start, end, name) of the first "@name" of ``line`` outside the ``taken`` spans."""
    names = tuple(people)
    for match in _AT.finditer(line):
        at = match.start()
        if any(s <= at < e for s, e in taken):
            continue
        found = _known(line, at, names) or _unknown(line, at)
        if found is not None:
            return at, found[0], found[1]
    return None
