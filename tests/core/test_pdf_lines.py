"""Plain text blocks: they break, split and print like the Paragraphs they stand in for."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph, SimpleDocTemplate

from okr_studio.pdf.bidiblock import BidiBlock
from okr_studio.pdf.fonts import BOLD, REGULAR, font_book
from okr_studio.pdf.lines import TextBlock, WrapOnce
from okr_studio.pdf.style import MUTED, Styles
from okr_studio.pdf.text import MissingGlyphs, TextMaker
from tests.core._pdf_read import squash

SAMPLES = [
    "Increase p95 response time from 30 to 40",
    "Keep net revenue retention from 43 to 53 across every region we sell in",
    "R&D <b>x</b> &amp; <img src='x'/> a < b",
    "Zażółć gęślą jaźń — Ελληνικά, Привет, naïve café",
    "word " * 60,
    "a" * 300,
    "short",
    "two  spaces\tand a tab",
]


@pytest.fixture
def tm() -> TextMaker:
    return TextMaker(font_book(), MissingGlyphs())


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("width", [40.0, 95.0, 150.0, 201.0, 420.0])
def test_lines_match_a_paragraph(tm: TextMaker, text: str, width: float) -> None:
    block = tm.para(text, Styles.cell)
    assert isinstance(block, TextBlock)
    para = Paragraph(escape(text), Styles.cell)
    assert block.wrap(width, 1000) == para.wrap(width, 1000)
    printed = ["".join(t for t, _look in spans).replace(" ", "") for spans, _r in block.lines]
    assert "".join(printed) == "".join(_paragraph_lines(para))
    if not any(len(w) > 30 for w in text.split()):  # over-long words are cut alike
        assert printed == _paragraph_lines(para)


def _paragraph_lines(para: Paragraph) -> list[str]:
    """The printed lines of a wrapped Paragraph, without spaces."""
    bl = para.blPara
    if bl.kind == 0:
        return ["".join(words) for _room, words in bl.lines]
    return [
        "".join(getattr(f, "text", "") for f in line.words).replace(" ", "") for line in bl.lines
    ]


def test_two_looks_match_a_paragraph_with_a_font_tag(tm: TextMaker) -> None:
    head, tail = "Keep net revenue retention from 83 to 93", "crash-free sessions"
    muted = (REGULAR, 7.5, MUTED)
    block = tm.two_part(head, tail, Styles.cell_bold, tail_look=muted)
    assert isinstance(block, TextBlock)
    markup = f'{head}<br/><font name="{REGULAR}" size="7.5" color="{MUTED.hexval()}">{tail}</font>'
    for width in (120.0, 200.0, 260.0):
        assert block.wrap(width, 1000) == Paragraph(markup, Styles.cell_bold).wrap(width, 1000)
    assert block.lines[-1][0] == [(tail, muted)]


def test_empty_text_takes_no_room_and_trailing_breaks_are_dropped(tm: TextMaker) -> None:
    assert tm.para("", Styles.body).wrap(100, 100) == (100, 0)
    assert tm.para("a\n", Styles.body).wrap(100, 100) == (100, Styles.body.leading)
    assert tm.para("a\n\nb", Styles.body).wrap(100, 100) == (100, 3 * Styles.body.leading)


def test_split_between_lines_without_an_orphan(tm: TextMaker) -> None:
    block = tm.para("word " * 200, Styles.body)
    _w, h = block.wrap(200, 10_000)
    lines = len(block.lines)
    assert lines > 10
    assert block.split(200, Styles.body.leading * 1.5) == []  # one line would be an orphan
    head, tail = block.split(200, Styles.body.leading * 4.2)
    assert head.wrap(200, 1000)[1] == 4 * Styles.body.leading
    assert tail.wrap(200, 10_000)[1] == h - 4 * Styles.body.leading
    assert block.split(200, h + 1) == [block]


def test_over_long_word_is_cut_to_the_width(tm: TextMaker) -> None:
    block = tm.para("x" * 2000, Styles.body)
    block.wrap(150, 1000)
    assert len(block.lines) > 10
    assert all(room >= -1e-6 for _spans, room in block.lines)
    assert "".join(t for spans, _room in block.lines for t, _look in spans) == "x" * 2000


def test_glyph_wider_than_the_column_still_prints(tm: TextMaker) -> None:
    for text in ("W", "ab WWW cd"):
        block = tm.para(text, Styles.title)
        assert block.wrap(3, 100) == Paragraph(text, Styles.title).wrap(3, 100)
        printed = "".join(t for spans, _r in block.lines for t, _look in spans)
        assert printed.replace(" ", "") == text.replace(" ", "")


def test_lead_in_words_share_the_first_line(tm: TextMaker) -> None:
    block = tm.para("Grow revenue", Styles.chain_text, lead=("↳ taken on: ", MUTED))
    assert isinstance(block, TextBlock)
    block.wrap(400, 100)
    (spans, _room), *_rest = block.lines
    assert [t for t, _look in spans] == ["↳ taken on: ", "Grow revenue"]
    assert spans[0][1][2] == MUTED


def test_text_needing_other_fonts_or_direction_stays_a_paragraph(tm: TextMaker) -> None:
    # (right-to-left and shaped text is a BidiBlock: see test_pdf_bidi.py)
    assert isinstance(tm.para("زيادة رضا", Styles.body), BidiBlock)
    assert isinstance(tm.para("a\x07b", Styles.body), WrapOnce)
    assert isinstance(tm.para("a\u200bb", Styles.body), WrapOnce)
    assert isinstance(tm.para("x", Styles.right), WrapOnce)  # only left-aligned text


def test_paragraph_wraps_once_per_width(tm: TextMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    para = tm.para("Zero\u200bwidth joins " * 5, Styles.body)
    assert isinstance(para, WrapOnce)
    calls = []
    real = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, w: calls.append(w) or real(self, w))
    first = para.wrap(120, 1000)
    assert para.wrap(120, 50) == first
    assert len(calls) == 1
    para.wrap(200, 1000)
    assert len(calls) == 2


def test_blocks_print_exactly_what_was_typed(tm: TextMaker, tmp_path: Path) -> None:
    texts = [
        "R&D <b>x</b> &amp;",
        '<img src="/etc/passwd"/>',
        "Zażółć gęślą jaźń",
        "Overfull line with many small words that the spaces must absorb here ok",
    ]
    out = tmp_path / "blocks.pdf"
    doc = SimpleDocTemplate(str(out), initialFontName=REGULAR)
    story = [tm.para(t, Styles.body) for t in texts]
    story.append(
        tm.two_part("Bold head", "muted tail", Styles.cell_bold, tail_look=(BOLD, 7, MUTED))
    )
    assert all(isinstance(f, TextBlock) for f in story)
    doc.build(story)
    text = squash(PdfReader(out).pages[0].extract_text())
    for t in [*texts, "Bold head", "muted tail"]:
        assert t in text
