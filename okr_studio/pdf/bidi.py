"""Right-to-left words in display order, and safe shaping of the words ReportLab shapes.

ReportLab lays a paragraph's words out left to right; :func:`visual_order`
puts the words of a line holding right-to-left text in the order they are
seen (the bidi algorithm at word granularity), and ReportLab shapes each word
with HarfBuzz (joining, marks, mirroring).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.platypus import paragraph as _paragraph_module

_RTL_CLASSES = frozenset({"R", "AL"})

# ReportLab shapes with kerning and standard *and* discretionary ligatures on, which
# turns "st" into "ﬆ" in shaped paragraphs: the text copied or searched in the PDF
# would no longer be what was typed. Keep kerning; required ligatures (Arabic
# lam-alef, Indic conjuncts) are applied by HarfBuzz whatever this says.
_FEATURES = {"kern": True, "liga": False, "dlig": False}
_shape_word = _ttfonts.shapeFragWord


def _safe_shape(word: Any, features: Any = None, force: bool = False) -> Any:
    """Shape one word, or leave it unshaped when ReportLab cannot.

    ReportLab shapes a whole word with the font of its first piece: a word whose
    characters come from two fonts (a script and a fallback font) gets glyphs of
    the wrong font, or fails outright. Such a word is drawn unshaped instead.
    """
    fonts = {getattr(frag, "fontName", None) for frag, _text in word[1:]}
    if len(fonts) > 1:
        return word
    try:
        return _shape_word(word, features or _FEATURES, force=force)
    except (AttributeError, KeyError, IndexError, TypeError):
        # TypeError: a piece already shaped (a word split across lines) is a str
        # subclass that HarfBuzz refuses.
        return word


if getattr(_ttfonts, "uharfbuzz", None) is not None:
    _paragraph_module.shapeFragWord = _safe_shape


def _direction(word: str) -> str | None:
    """'R' or 'L' for the word's first strong character; 'N' for a number; None otherwise."""
    number = False
    for ch in word:
        cls = unicodedata.bidirectional(ch)
        if cls in _RTL_CLASSES:
            return "R"
        if cls == "L":
            return "L"
        if cls in ("EN", "AN"):
            number = True
    return "N" if number else None


def base_direction(text: str) -> str:
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls in _RTL_CLASSES:
            return "R"
        if cls == "L":
            return "L"
    return "L"


def visual_order(words: list[str], base: str) -> list[int]:
    """Indices of ``words`` in display order (the bidi algorithm, at word granularity).

    Numbers take the direction of the strong word before them; neutral words
    between two words of one direction take it, else the base direction. Runs
    are then reversed by embedding level (rule L2).
    """
    dirs = [_direction(w) for w in words]
    prev = base
    for i, d in enumerate(dirs):
        if d == "N":
            dirs[i] = prev if prev == "R" else "L"
        elif d is not None:
            prev = d
    resolved: list[str] = []
    for i, d in enumerate(dirs):
        if d is not None:
            resolved.append(d)
            continue
        before = next((x for x in reversed(dirs[:i]) if x is not None), base)
        after = next((x for x in dirs[i + 1 :] if x is not None), base)
        resolved.append(before if before == after else base)
    base_level = 1 if base == "R" else 0
    levels = [
        base_level + (1 if (d == "R") != (base_level == 1) else 0) if d else base_level
        for d in resolved
    ]
    order = list(range(len(words)))
    for level in range(max(levels, default=0), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order
