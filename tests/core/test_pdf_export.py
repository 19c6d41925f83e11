"""The booklet and per-team PDFs, read back: text, fonts, pages, bookmarks, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from okr_studio.data import WorkshopData
from okr_studio.pdf import ExportCancelled, export_booklet, export_per_team, sheet_units
from okr_studio.pdf.fonts import font_book
from okr_studio.pdf.values import target_text
from okr_studio.store import Workshop
from tests.core._pdf_fixtures import (
    ACCENTS,
    ARABIC,
    CJK_NAME,
    GREEK,
    HEBREW,
    IMG_TITLE,
    POLISH,
    TRICKY_TITLE,
    build_workshop,
)
from tests.core._pdf_read import (
    BASE14,
    HAVE_PDFTOTEXT,
    cell_text,
    fonts_of,
    missing_strings,
    outline,
    page_count,
    pdf_text,
    squash,
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> WorkshopData:
    path = build_workshop(tmp_path_factory.mktemp("ws") / "tricky.okr")
    with Workshop.open(path) as ws:
        return ws.snapshot()


@pytest.fixture(scope="module")
def booklet(data: WorkshopData, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("pdf") / "booklet.pdf"
    report = export_booklet(
        data, out, workshop_name_for_footer="/home/someone/secret/tricky.okr", paper="a4"
    )
    return out, report


def _cjk_font_installed() -> bool:
    return font_book().font_for("山") is not None


def _latin_strings(data: WorkshopData) -> list[str]:
    """Every title, owner and target of the workshop in scripts without shaping."""
    out = []
    for obj in data.objectives.values():
        out.append(obj.title)
        out.append(data.person_name(obj.owner_id))
    for kr in data.key_results.values():
        out += kr.title.split("\n")
        out.append(data.person_name(kr.owner_id))
        if not _rtl(kr.title):
            # pdftotext reorders a whole printed line that holds right-to-left text,
            # cells beside it included; those targets are checked by position instead.
            out.append(target_text(kr)[0])
    for unit in data.units.values():
        out.append(unit.name)
    return [s for s in out if s and not _rtl(s)]


def _rtl(text: str) -> bool:
    return any("\u0590" <= c <= "\u08ff" for c in text)


def test_every_title_owner_and_target_prints_exactly(booklet, data) -> None:
    path, _report = booklet
    needles = _latin_strings(data)
    if not _cjk_font_installed():
        needles = [s for s in needles if not any("\u3000" <= c <= "\u9fff" for c in s)]
    assert not missing_strings(path, needles)
    text = squash(cell_text(path))
    for must in (TRICKY_TITLE, IMG_TITLE, ACCENTS, POLISH, GREEK, "Zoë Brontë"):
        assert must in text


def test_markup_in_titles_is_text_not_markup(booklet) -> None:
    path, _ = booklet
    text = pdf_text(path)
    assert "R&D <b>x</b> &amp;" in text
    assert '<img src="/etc/passwd"/> is text' in text
    # An image would have made an XObject of subtype Image.
    for page in PdfReader(path).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in getattr(xobjects, "values", {}.values)():
            assert ref.get_object().get("/Subtype") != "/Image"


@pytest.mark.skipif(not HAVE_PDFTOTEXT, reason="pdftotext (poppler-utils) reads RTL text back")
def test_right_to_left_text_is_printed_in_reading_order(booklet) -> None:
    path, _ = booklet
    text = squash(pdf_text(path, reading_order=True))
    # pdftotext puts right-to-left runs back in logical order; the words must read
    # as typed (joined Arabic letters fold back to their base letters under NFKC).
    assert squash(ARABIC) in text
    assert squash(HEBREW) in text


def test_cjk_name_drawn_with_a_system_font(booklet) -> None:
    if not _cjk_font_installed():
        pytest.skip("no installed TrueType font has CJK characters (install fonts-droid-fallback)")
    path, report = booklet
    assert CJK_NAME in pdf_text(path)
    assert report.missing_glyphs == {}
    fallback = [name for name in fonts_of(path) if "DejaVu" not in name]
    assert fallback, "a system font should carry the CJK text"


def test_fonts_are_embedded_and_no_base14_font_is_used(booklet) -> None:
    path, _ = booklet
    fonts = fonts_of(path)
    assert fonts
    assert all(fonts.values()), fonts
    assert not {name.split("+")[-1] for name in fonts} & BASE14


def test_pages_bookmarks_and_metadata_match_the_teams(booklet, data) -> None:
    path, report = booklet
    units = sheet_units(data)
    assert report.teams == len(units) == 7
    assert page_count(path) == report.pages
    marks = outline(path)
    titles = [t for _d, t, _p in marks]
    for unit_id in units:
        assert data.units[unit_id].name in titles
    assert titles[:3] == ["Cover", "Contents", "Overview"]
    # Departments hold their teams one level down.
    depth = {t: d for d, t, _p in marks}
    assert depth["Engineering"] == depth[TRICKY_TITLE] - 1
    pages = [p for _d, _t, p in marks]
    assert pages == sorted(pages)
    assert pages[-1] <= report.pages
    meta = PdfReader(path).metadata
    assert meta.author == "Zoë Brontë"
    assert "Q1 Planning & <Offsite>" in meta.title


def test_footer_names_the_file_not_its_folder_and_counts_pages(booklet) -> None:
    path, report = booklet
    text = pdf_text(path)
    assert "tricky.okr" in text
    assert "/home/someone" not in text and "secret" not in text
    assert f"Page 1 of {report.pages}" in squash(text)
    assert f"Page {report.pages} of {report.pages}" in squash(text)


def test_letter_paper_and_a4_paper(data, tmp_path) -> None:
    a4 = tmp_path / "a4.pdf"
    letter = tmp_path / "letter.pdf"
    teams = sheet_units(data)[:1]
    export_booklet(data, a4, workshop_name_for_footer="w.okr", paper="a4", teams=teams)
    export_booklet(data, letter, workshop_name_for_footer="w.okr", paper="letter", teams=teams)
    box_a4 = PdfReader(a4).pages[0].mediabox
    box_letter = PdfReader(letter).pages[0].mediabox
    assert (round(float(box_a4.width)), round(float(box_a4.height))) == (595, 842)
    assert (round(float(box_letter.width)), round(float(box_letter.height))) == (612, 792)


def test_one_file_per_team(data, tmp_path) -> None:
    report = export_per_team(data, tmp_path, workshop_name_for_footer="w.okr", paper="a4")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == len(sheet_units(data)) == len(report.files)
    assert all(n.endswith(".pdf") and not n.startswith(".") for n in names)
    # The tricky team's own file holds its sheet and not the others'.
    tricky = next(p for p in report.files if "R&D" in p.name)
    text = pdf_text(tricky)
    assert TRICKY_TITLE in text
    assert ACCENTS not in text
    assert page_count(tricky) >= 1


def test_with_findings_lists_open_coach_findings(data, tmp_path) -> None:
    out = tmp_path / "f.pdf"
    export_booklet(data, out, workshop_name_for_footer="w.okr", with_findings=True, paper="a4")
    text = squash(pdf_text(out))
    assert "Open coach findings" in text
    without = tmp_path / "n.pdf"
    export_booklet(data, without, workshop_name_for_footer="w.okr", paper="a4")
    assert "Open coach findings" not in squash(pdf_text(without))


def test_cancel_writes_nothing(data, tmp_path) -> None:
    out = tmp_path / "c.pdf"
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 3

    with pytest.raises(ExportCancelled):
        export_booklet(data, out, workshop_name_for_footer="w.okr", progress=progress)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    assert calls and calls[0][1] >= len(sheet_units(data))


def test_sample_workshop_exports_every_title_owner_and_target(tmp_path) -> None:
    sample = pytest.importorskip("okr_studio.sample")
    path = sample.write_sample(tmp_path / "sample.okr")
    with Workshop.open(path) as ws:
        data = ws.snapshot()
    out = tmp_path / "sample.pdf"
    report = export_booklet(data, out, workshop_name_for_footer=path.name, paper="a4")
    needles = _latin_strings(data)
    if not _cjk_font_installed():
        needles = [s for s in needles if not any("\u3000" <= c <= "\u9fff" for c in s)]
    assert not missing_strings(out, needles)
    assert report.pages == page_count(out)
