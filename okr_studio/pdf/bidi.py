"""The Unicode bidirectional algorithm (UAX #9) for the PDF, from python-bidi.

python-bidi (the Rust ``unicode-bidi`` crate) resolves every character's embedding
level for a paragraph: explicit embeddings and isolates, weak and neutral types,
bracket pairs (rule N0). It gives the levels through its documented ``debug``
result. Here a line's levels are reordered for display (rules L1 and L2), and the
characters at odd levels that have a mirrored form are mirrored (rule L4; the Rust
path does not mirror, so "(אבג)" would print as ")גבא("). Runs that need shaping
are shaped by :mod:`okr_studio.pdf.shaping` in logical order, with their direction.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from bidi import get_base_level, get_display
from bidi.mirror import MIRRORED

_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
# Characters that rule L1 puts back on the paragraph's level at the end of a line.
_TRAILING = frozenset({"WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"})


def base_direction(text: str) -> str:
    """'R' when the first strong character is right-to-left (rules P2, P3), else 'L'."""
    return "R" if text and get_base_level(text) == 1 else "L"


@functools.lru_cache(maxsize=4096)
def levels(text: str, base: str | None = None) -> tuple[int, ...]:
    """Every character's resolved embedding level in one paragraph (no line breaks).

    ``base`` ('L' or 'R') forces the paragraph direction; None lets the text decide.
    """
    if not text:
        return ()
    found = get_display(text, base_dir=base, debug=True)
    body = found[found.index("levels:") :] if isinstance(found, str) else ""
    by_byte = [int(n) for n in _LEVEL.findall(body)]
    out: list[int] = []
    offset = 0
    for ch in text:
        if offset >= len(by_byte):
            break
        out.append(by_byte[offset])
        offset += len(ch.encode("utf-8"))
    if len(out) != len(text):  # (an unexpected answer: no reordering rather than a crash)
        level = 1 if (base or base_direction(text)) == "R" else 0
        return (level,) * len(text)
    return tuple(out)


def line_levels(text: str, paragraph: tuple[int, ...], base_level: int) -> list[int]:
    """The levels of one line of a paragraph after rule L1: separators, and whitespace
    before them or at the line's end, go back to the paragraph's level."""
    out = list(paragraph)
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        cls = unicodedata.bidirectional(text[i])
        if cls in ("S", "B"):
            out[i] = base_level
            trailing = True
        elif trailing and cls in _TRAILING:
            out[i] = base_level
        else:
            trailing = False
    return out


def display_order(line_levels: list[int]) -> list[int]:
    """Indices of a line's characters in display order, left to right (rule L2)."""
    order = list(range(len(line_levels)))
    if not order:
        return order
    top = max(line_levels)
    lowest_odd = min((lv for lv in line_levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] >= level:
                j = i
                while j < len(order) and line_levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def mirrored(ch: str) -> str:
    """The mirrored form of ``ch`` ("(" → ")"), or ``ch`` itself."""
    return MIRRORED.get(ch, ch)


def visual(text: str, base: str | None = None) -> str:
    """One line as it is seen, left to right, with mirrored brackets (for plain drawing)."""
    if not text:
        return text
    para = levels(text, base)
    base_level = 1 if (base or base_direction(text)) == "R" else 0
    lv = line_levels(text, para, base_level)
    return "".join(mirrored(text[i]) if lv[i] % 2 else text[i] for i in display_order(lv))
