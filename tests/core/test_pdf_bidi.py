"""Right-to-left text in the PDF: the full bidi algorithm (python-bidi), mirrored brackets,
HarfBuzz shaping, and no patching of ReportLab."""

from __future__ import annotations

import unicodedata

import pytest
from bidi import get_display
from bidi.mirror import MIRRORED

from okr_studio.pdf.bidi import base_direction, levels, visual
from okr_studio.pdf.bidiblock import BidiBlock
from okr_studio.pdf.fonts import font_book
from okr_studio.pdf.style import Styles
from okr_studio.pdf.text import MissingGlyphs, TextMaker

LINES = [
    "abc (אבג) def",
    "(אבג)",
    "צוות (דהו) 123",
    "Team שלום עולם wins 2027",
    "זיכרון 12.5% ועוד 1,234.56 ש״ח",
    "ב-2027 נגדיל את המכירות ב-15%",
    "زيادة رضا العملاء في 2027!",
    "Owner: سارة · Status: Draft",
    "Aligned to a key result of فريق المبيعات.",
    "עברית עם English (and brackets) בתוך",
    "مبيعات [Q1] וגם עברית 3-4",
    "a \u2067שלום abc\u2069 b",
    "1) ראשון 2) שני",
]


def _unmirrored(text: str) -> str:
    """Each bracket as one of its pair, whichever way it faces."""
    return "".join(min(c, MIRRORED.get(c, c)) for c in text)


@pytest.mark.parametrize("base", [None, "L", "R"])
@pytest.mark.parametrize("line", LINES)
def test_visual_order_is_python_bidis(line: str, base: str | None) -> None:
    # python-bidi's Rust path reorders without mirroring: the same characters in the
    # same places, once brackets are put back
    assert _unmirrored(visual(line, base)) == _unmirrored(get_display(line, base_dir=base))


def test_brackets_are_mirrored_in_right_to_left_runs() -> None:
    assert get_display("(אבג)") == ")גבא("  # what python-bidi alone gives
    assert visual("(אבג)") == "(גבא)"
    assert visual("abc (אבג) def") == "abc (גבא) def"
    assert visual("צוות [Q1]") == "[Q1] תווצ"


def test_levels_and_base_direction() -> None:
    assert levels("abc אבג") == (0, 0, 0, 0, 1, 1, 1)
    assert levels("אבג 123", "R") == (1, 1, 1, 1, 2, 2, 2)
    assert base_direction("  123 שלום abc") == "R"
    assert base_direction("abc שלום") == "L"
    assert base_direction("123") == "L"


@pytest.fixture
def tm() -> TextMaker:
    return TextMaker(font_book(), MissingGlyphs())


def _drawn(block: BidiBlock, width: float = 10_000) -> list[str]:
    """Each printed line as characters, left to right (shaped Arabic folded back)."""
    block.wrap(width, 10_000)
    return [
        unicodedata.normalize("NFKC", "".join(text for text, _look in pieces))
        for pieces, _w in block.lines
    ]


@pytest.mark.parametrize(
    "line",
    [
        "abc (אבג) def",
        "Team שלום עולם wins 2027",
        "צוות (דהו) 123",
        "ב-2027 נגדיל את המכירות ב-15%",
        "זיכרון 12.5% ועוד 1,234.56",
        "Owner: سارة · Status: Draft",
        "زيادة رضا مبيعات 2027!",
    ],
)
def test_printed_lines_follow_python_bidi(tm: TextMaker, line: str) -> None:
    block = tm.para(line, Styles.body)
    assert isinstance(block, BidiBlock)
    expected = unicodedata.normalize("NFKC", visual(line))
    assert _drawn(block) == [expected]


def test_punctuation_after_right_to_left_words_in_an_english_sentence(tm: TextMaker) -> None:
    # our own sentence (base L) quoting a right-to-left name: the full stop stays at the
    # end of the sentence, not beside the name's first letter
    block = tm.para("Aligned to a key result of צוות מכירות.", Styles.body, base="L")
    (line,) = _drawn(block)
    assert line == "Aligned to a key result of תוריכמ תווצ."
    block = tm.para("צוות מכירות (EMEA).", Styles.body, lead=("Team: ", Styles.body.textColor))
    (line,) = _drawn(block)
    assert line.startswith("Team: ") and line.endswith(").")


def test_a_long_line_breaks_in_reading_order(tm: TextMaker) -> None:
    words = [f"מילה{i}" for i in range(30)]
    block = tm.para(" ".join(words), Styles.body)
    lines = _drawn(block, 150)
    assert len(lines) > 2
    # the first printed line holds the first words; its rightmost word is the first
    assert lines[0].split()[-1] == visual(words[0])
    assert block.align_right


def test_reportlab_is_not_patched() -> None:
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph

    import okr_studio.pdf  # noqa: F401  (importing the export changes nothing of ReportLab)

    assert paragraph.shapeFragWord is ttfonts.shapeFragWord
