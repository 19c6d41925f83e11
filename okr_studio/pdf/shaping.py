"""Shaping one run of text with HarfBuzz, in a direction we choose, for ReportLab to draw.

A run is text of one font and one embedding level, in logical order. HarfBuzz
joins Arabic letters, places marks, forms Indic conjuncts and, for a
right-to-left run, puts the glyphs in visual order and mirrors brackets. The
result is a ReportLab ``ShapedStr`` (each glyph as a character of the embedded
subset, with its advance and offsets), which a text object draws as shaped.

Kerning stays on; standard and discretionary ligatures are off, so that "st" is
not printed as "ﬆ" and text copied from the PDF is what was typed (required
ligatures, such as Arabic lam-alef, are applied whatever this says).
"""

from __future__ import annotations

import functools
from typing import Any

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

_FEATURES = {"kern": True, "liga": False, "dlig": False}


def run_width(text: str, font: str, size: float) -> float:
    """Printed width of a run, shaped or not."""
    data = getattr(text, "__shapeData__", None)
    if data is not None:
        return sum(d.x_advance for d in data) * size / 1000
    return stringWidth(text, font, size)


@functools.lru_cache(maxsize=20_000)
def shape(text: str, font_name: str, size: float, rtl: bool) -> str:
    """``text`` (logical order) shaped in ``font_name``: a ShapedStr in visual order, or,
    when the font cannot be shaped, the text itself (reversed and mirrored when ``rtl``)."""
    # ReportLab's stubs leave out the shaping side of TTFont (hbFont, hbAddPrivate,
    # pdfScale, face.glyphToChar), and a font that has none of it is handled below.
    font: Any = pdfmetrics.getFont(font_name)
    try:
        hb_font = font.hbFont(size)
    except (AttributeError, ValueError):
        return _unshaped(text, rtl)
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hb_font, buf, _FEATURES)
    chars: list[str] = []
    data: list[ShapeData] = []
    face = font.face
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        try:
            code = face.glyphToChar[gid][0]
        except (KeyError, IndexError):
            code = font.hbAddPrivate(hb_font.glyph_to_string(gid), gid, pos.x_advance)
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                font.pdfScale(pos.x_advance),
                font.pdfScale(pos.y_advance),
                font.pdfScale(pos.x_offset),
                font.pdfScale(pos.y_offset),
                face.charWidths[code],
            )
        )
    # ShapedStr takes one ShapeData per character; its stub says a single one.
    return ShapedStr("".join(chars), shapeData=data)  # pyright: ignore[reportArgumentType]


def _unshaped(text: str, rtl: bool) -> str:
    from okr_studio.pdf.bidi import mirrored

    return "".join(mirrored(c) for c in reversed(text)) if rtl else text
