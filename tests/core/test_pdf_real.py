"""Sheets and overview on realistic trees (tests/realistic.py): fill, alignment marks,
headings that stay with their tables, German hyphenation, contents, single-team exports."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from okr_studio import services
from okr_studio.cli import main
from okr_studio.pdf import export_booklet
from okr_studio.pdf.fonts import font_book
from okr_studio.pdf.hyphens import for_text, language_of
from okr_studio.pdf.lines import TextBlock
from okr_studio.pdf.style import Styles
from okr_studio.pdf.text import MissingGlyphs, TextMaker
from okr_studio.store import Workshop
from tests.core._pdf_read import fonts_of, outline, page_count, pdf_text, squash
from tests.realistic import build_english_handbook, build_german_quarter

HAVE_PDFTOPPM = shutil.which("pdftoppm") is not None


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("en")
    path = build_english_handbook(folder / "handbook.okr").path
    out = folder / "handbook.pdf"
    assert main(["export", str(path), "-o", str(out), "--paper", "a4"]) == 0
    return path, out


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("de")
    path = build_german_quarter(folder / "quartal.okr").path
    out = folder / "quartal.pdf"
    assert main(["export", str(path), "-o", str(out), "--paper", "a4"]) == 0
    return path, out


def _overview_pages(pdf: Path) -> range:
    marks = outline(pdf)
    start = next(p for _d, t, p in marks if t == "Overview")
    after = min(p for d, _t, p in marks if d == 0 and p > start)
    return range(start, after)


def _fill(pdf: Path, pages: range, tmp: Path) -> list[float]:
    """Share of a 24 × 16 grid over each page's drawing area that holds any ink."""
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "20",
            "-f",
            str(pages[0]),
            "-l",
            str(pages[-1]),
            pdf,
            tmp / "p",
        ],
        check=True,
    )
    out = []
    for png in sorted(tmp.glob("p-*.pgm")):
        im = Image.open(png)
        w, h = im.size
        margin, head, foot = (x * 20 / 72 for x in (51, 40, 30))
        area = im.crop((int(margin), int(margin + head), int(w - margin), int(h - margin - foot)))
        aw, ah = area.size
        px = area.load()
        cells = [
            any(
                px[x, y] < 235
                for x in range(i * aw // 24, (i + 1) * aw // 24)
                for y in range(j * ah // 16, (j + 1) * ah // 16)
            )
            for i in range(24)
            for j in range(16)
        ]
        out.append(sum(cells) / len(cells))
    return out


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) renders the pages")
@pytest.mark.parametrize("which", ["english", "german"])
def test_overview_pages_are_not_mostly_empty(which, request, tmp_path) -> None:
    _path, pdf = request.getfixturevalue(which)
    pages = _overview_pages(pdf)
    fill = _fill(pdf, pages, tmp_path)
    # (before packing: 37 of 60 pages in an English set held one card, fill 0.04–0.2)
    assert len(fill) >= 2
    assert min(fill[:-1]) >= 0.2, fill
    assert sum(fill) / len(fill) >= 0.45, fill


def test_unaligned_objectives_are_marked_not_linked(tmp_path) -> None:
    path = tmp_path / "w.okr"
    ws = Workshop.create(path, name="W", cycle="Q1")
    company = services.add_unit(ws, "Acme", "company").subject[1]
    team = services.add_unit(ws, "Solo Team", "team", company).subject[1]
    top = services.add_objective(ws, company, "Grow").subject[1]
    services.add_key_result(ws, top, "Revenue up", target=10)
    loose = services.add_objective(ws, team, "Our own thing").subject[1]
    services.add_key_result(ws, loose, "Ship it", target=1)
    data = ws.snapshot()
    ws.close()
    out = tmp_path / "w.pdf"
    export_booklet(data, out, workshop_name_for_footer="w.okr")
    page = PdfReader(out).pages[_overview_pages(out)[0] - 1]
    # two cards (four rounded corners each) and no connector: the objective below the
    # top is aligned to nothing (a dashed link from the company read as an alignment)
    assert page.get_contents().get_data().count(b" c\n") == 2 * 4
    assert "Not aligned" in page.extract_text()


def test_company_sheets_do_not_say_not_aligned(english) -> None:
    _path, pdf = english
    marks = {t: p for _d, t, p in outline(pdf)}
    company = marks["Northwind Labs"]
    engineering = marks["Engineering"]
    text = squash(pdf_text_pages(pdf, company, engineering - 1))
    assert "Objective 1 of 6" in text
    assert "Not aligned to a key result" not in text
    # an unaligned team objective's sheet still says so
    mobile = marks["Mobile"]
    assert "Not aligned to a key result of a level above" in squash(
        pdf_text_pages(pdf, mobile, mobile + 1)
    )


def pdf_text_pages(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_contents_lists_the_overview(english) -> None:
    _path, pdf = english
    marks = {t: p for _d, t, p in outline(pdf)}
    contents = squash(pdf_text_pages(pdf, marks["Contents"], marks["Overview"] - 1))
    assert f"Overview of the tree {marks['Overview']}" in contents


def test_key_result_table_keeps_its_heading_and_repeats_it(tmp_path) -> None:
    path = tmp_path / "long.okr"
    ws = Workshop.create(path, name="W", cycle="Q1")
    company = services.add_unit(ws, "Acme", "company").subject[1]
    long = "Customers wait too long for answers. " * 25
    obj = services.add_objective(
        ws, company, "Customers succeed", problem=long, behaviour_change=long
    ).subject[1]
    for i in range(14):
        services.add_key_result(ws, obj, f"Key result {i:02d} " + "with words " * 8, target=i)
    data = ws.snapshot()
    ws.close()
    out = tmp_path / "long.pdf"
    export_booklet(data, out, workshop_name_for_footer="w.okr", teams=[company])
    pages = [squash(pdf_text_pages(out, n, n)) for n in range(1, page_count(out) + 1)]
    start = next(i for i, t in enumerate(pages) if "Key results (14)" in t)
    # the table starts under its heading, on the same page…
    assert "Key result 00" in pages[start]
    # …and the page where it goes on says whose key results they are
    more = next(i for i, t in enumerate(pages) if "Key result 13" in t)
    assert more > start
    assert "Objective, key results (continued): Customers succeed" in pages[more]


def test_german_compounds_are_hyphenated_at_syllables() -> None:
    assert language_of("Wir steigern den Umsatz im Ersatzteilgeschäft") == "de"
    assert language_of("We grow revenue in the spare parts business") == "en"
    tm = TextMaker(font_book(), MissingGlyphs(), language="de")
    text = "Visualisierungsworkshop-Angebot auf 12 Termine ausbauen"
    block = tm.para(text, Styles.cell_bold)
    assert isinstance(block, TextBlock)
    block.wrap(110, 1000)
    lines = ["".join(t for t, _look in spans) for spans, _room in block.lines]
    assert lines[0].endswith("-") and lines[0] != "Visualisierungsworkshop-"
    joined = "".join(
        line[:-1] if line.endswith("-") and line[-2].isalpha() else line + " " for line in lines
    )
    assert " ".join(joined.replace("-", "").split()) == text.replace("-", "")
    # without a language for it, a word is only cut when it is wider than the line
    assert for_text("zzzz qqqq")("zzzzqqqqzzzzqqqq") == ()
    assert for_text("zzzz", "de")("Reklamationsbearbeitungszeit")


def test_german_sheet_hyphenates_in_its_table(german) -> None:
    _path, pdf = german
    text = pdf_text(pdf)
    assert "Visualisierungsworkshop-Ange-" in text or "Visualisierungs-" in text
    assert "Visualisierung\nsworkshop" not in text


def test_one_team_export_is_its_sheet_alone(english, tmp_path) -> None:
    path, _pdf = english
    out = tmp_path / "team.pdf"
    assert main(["export", str(path), "-o", str(out), "--team", "Web Frontend"]) == 0
    titles = [t for _d, t, _p in outline(out)]
    assert "Overview" not in titles and "Cover" not in titles
    assert "Web Frontend" in titles
    assert page_count(out) <= 6
    text = squash(pdf_text(out))
    assert "How it aligns" in text and "COMPANY · Northwind Labs" in text


def test_branch_export_shows_only_its_part_of_the_tree(english, tmp_path) -> None:
    path, _pdf = english
    out = tmp_path / "sales.pdf"
    assert main(["export", str(path), "-o", str(out), "--team", "Sales"]) == 0
    pages = _overview_pages(out)
    overview = squash(pdf_text_pages(out, pages[0], pages[-1]))
    assert "DEPARTMENT · Sales" in overview and "TEAM · EMEA Sales" in overview
    assert "Engineering" not in overview and "TEAM · Payments" not in overview
    assert len(pages) <= 3


def test_emoji_print_or_are_reported_with_their_item(tmp_path) -> None:
    path = tmp_path / "emoji.okr"
    ws = Workshop.create(path, name="W", cycle="Q1")
    company = services.add_unit(ws, "Rocket 🚀 Co", "company").subject[1]
    obj = services.add_objective(ws, company, "Grow 📈 fast").subject[1]
    services.add_key_result(ws, obj, "Melt \U0001fae0 nothing", target=1)
    data = ws.snapshot()
    ws.close()
    out = tmp_path / "emoji.pdf"
    report = export_booklet(data, out, workshop_name_for_footer="w.okr")
    if font_book().font_for("🚀") is not None:  # an embeddable symbol font (fonts-symbola)
        assert "🚀" not in report.missing_glyphs and "📈" not in report.missing_glyphs
        fonts = fonts_of(out)
        assert all(fonts.values()) and any("DejaVu" not in name for name in fonts)
    else:
        assert "\ufffd" in pdf_text(out)
        assert "Objective “Grow 📈 fast” (Rocket 🚀 Co)" in report.missing_glyphs["📈"]
    # a character no installed font has prints as "�", and the warning names its item
    if font_book().font_for("\U0001fae0") is None:
        items = report.missing_glyphs["\U0001fae0"]
        assert items and all(items)
        assert "Key result “Melt \U0001fae0 nothing” (Rocket 🚀 Co)" in items
        assert "in ;" not in report.missing_summary()
