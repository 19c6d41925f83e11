"""The text layer: escaping, font runs, right-to-left ordering, font fallback."""

from __future__ import annotations

import shutil

import pytest
from bidi import get_display
from reportlab.platypus import Flowable, Paragraph

from okr_studio.pdf import default_paper
from okr_studio.pdf import style as style_module
from okr_studio.pdf.fonts import REGULAR, FontBook, font_book
from okr_studio.pdf.lines import TextBlock
from okr_studio.pdf.style import Styles
from okr_studio.pdf.text import BidiBlock, MissingGlyphs, TextMaker


@pytest.fixture
def tm() -> TextMaker:
    return TextMaker(font_book(), MissingGlyphs())


def _plain(p: Flowable) -> str:
    """The text a flowable prints (lines joined by spaces)."""
    if isinstance(p, BidiBlock):
        return p.text
    if isinstance(p, TextBlock):
        p.wrap(10_000, 10_000)
        return " ".join("".join(text for text, _look in spans) for spans, _room in p.lines)
    return "".join(getattr(f, "text", "") for f in p.frags)


@pytest.mark.parametrize(
    "text",
    [
        "R&D <b>x</b> &amp;",
        '<img src="/etc/passwd"/>',
        "AT&T",
        "<para>unbalanced <i>tag",
        "a < b > c & d; &lt;",
        '<font name="Helvetica">x</font>',
    ],
)
def test_user_text_is_escaped_and_prints_as_typed(tm: TextMaker, text: str) -> None:
    # Plain text is never parsed as markup…
    block = tm.para(text, Styles.body)
    assert isinstance(block, TextBlock)
    assert _plain(block) == text
    # …nor is text laid out by the bidi algorithm (here: a right-to-left word after it)…
    block = tm.para(f"{text} שלום", Styles.body)
    assert isinstance(block, BidiBlock)
    assert _plain(block) == f"{text} שלום"
    # …and text that needs a paragraph (here: a zero-width space) is escaped.
    para = tm.para(f"{text}\u200b", Styles.body)
    assert isinstance(para, Paragraph)
    assert _plain(para).startswith(text)
    assert all(f.fontName == REGULAR for f in para.frags)


def test_newlines_become_line_breaks(tm: TextMaker) -> None:
    markup, _rtl = tm.markup("one\ntwo\r\nthree", Styles.body)
    assert markup == "one<br/>two<br/>three"


def test_non_latin_text_goes_to_a_font_that_has_it(tm: TextMaker) -> None:
    markup, _rtl = tm.markup("Zażółć Ελληνικά Привет", Styles.body)
    assert "<font" not in markup  # the bundled font covers Latin, Greek, Cyrillic


def test_cjk_runs_are_tagged_with_a_fallback_font(tm: TextMaker) -> None:
    font = font_book().font_for("東")
    if font is None:
        pytest.skip("no installed TrueType font has CJK characters (fonts-droid-fallback)")
    markup, _rtl = tm.markup("Team 東京 & co", Styles.body)
    assert markup == f'Team <font face="{font}">東京</font> &amp; co'
    assert tm.missing.by_char == {}


def test_missing_character_is_recorded_with_its_item(tm: TextMaker) -> None:
    markup, _rtl = tm.markup("a\U0010fffdb", Styles.body, item="Key result “x”")
    assert markup == "a\ufffdb"
    assert tm.missing.by_char == {"\U0010fffd": ["Key result “x”"]}


def test_invisible_format_characters_are_dropped_silently(tm: TextMaker) -> None:
    markup, _rtl = tm.markup("a\u200bb\ufe0f", Styles.body)
    assert tm.missing.by_char == {}
    assert "\ufffd" not in markup


def test_right_to_left_paragraph_is_a_right_aligned_bidi_block(tm: TextMaker) -> None:
    block = tm.para("زيادة رضا العملاء", Styles.cell)
    assert isinstance(block, BidiBlock) and block.align_right
    # headings keep the page's left edge
    assert not tm.para("زيادة رضا العملاء", Styles.cell, align_rtl=False).align_right
    # footers get the line in display order (python-bidi's), unshaped
    markup, rtl = tm.markup("زيادة رضا العملاء", Styles.cell)
    assert rtl and markup == get_display("زيادة رضا العملاء")


def test_long_right_to_left_text_is_broken_before_reordering(tm: TextMaker) -> None:
    words = [f"كلمة{i}" for i in range(30)]
    block = tm.para(" ".join(words), Styles.cell)
    block.wrap(120, 10_000)
    assert len(block.lines) > 2
    # the first line holds the first words (logical order), drawn right to left
    first = block.lines[0]
    assert first[1] <= 120 - Styles.cell.leftIndent - Styles.cell.rightIndent + 0.01


def test_fallback_search_without_fontconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    real = font_book().font_for("東")
    if real is None:
        pytest.skip("no installed TrueType font has CJK characters (fonts-droid-fallback)")
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    book = FontBook()
    assert book.font_for("東") is not None
    assert book.font_for("\U0010fffd") is None


def test_plain_cells_only_for_text_that_fits(tm: TextMaker) -> None:
    assert tm.cell("Ana García", Styles.cell, 200) == "Ana García"
    assert isinstance(tm.cell("Ana García " * 20, Styles.cell, 200), TextBlock)
    assert isinstance(tm.cell("R&D <b>", Styles.cell, 10), TextBlock)
    assert isinstance(tm.cell("زيادة", Styles.cell, 200), BidiBlock)


@pytest.mark.parametrize(
    ("lang", "paper"),
    [("en_US.UTF-8", "letter"), ("en_CA.UTF-8", "letter"), ("de_DE.UTF-8", "a4"), ("C", "a4")],
)
def test_default_paper_follows_the_locale(monkeypatch, lang: str, paper: str) -> None:
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LC_PAPER", lang)
    monkeypatch.setattr(style_module.locale, "getlocale", lambda: (None, None))
    assert default_paper() == paper
