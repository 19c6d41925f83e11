"""A booklet laid out in parts and joined reads exactly like one laid out whole.

The parts are made small here (a few objectives each) so that a small workshop
is split many times; the same booklet in one part is the reference: every page's
text, "page x of y" on every page, the contents' page numbers, every bookmark
(title, depth, page) and the named destinations must match.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from okr_studio.data import WorkshopData
from okr_studio.pdf import ExportCancelled, export_booklet
from okr_studio.pdf import booklet as booklet_module
from okr_studio.pdf.join import text_string
from okr_studio.pdf.pdfsyntax import Source, rewrite
from okr_studio.store import Workshop
from tests.core._pdf_fixtures import build_workshop
from tests.core._pdf_read import outline, squash
from tests.generate import generate


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> WorkshopData:
    folder = tmp_path_factory.mktemp("parts")
    path = generate(folder / "g.okr", departments=3, teams=12, objectives=40, key_results=120)
    with Workshop.open(path, read_only=True) as ws:
        return ws.snapshot()


def _export(data: WorkshopData, out: Path, per_part: int, monkeypatch) -> int:
    monkeypatch.setattr(booklet_module, "PART_OBJECTIVES", per_part)
    calls: list[int] = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        assert done <= total
        return True

    report = export_booklet(data, out, workshop_name_for_footer="g.okr", progress=progress)
    return report.pages


def test_parts_join_into_the_same_booklet(data, tmp_path, monkeypatch) -> None:
    whole, split = tmp_path / "whole.pdf", tmp_path / "split.pdf"
    pages = _export(data, whole, 10_000, monkeypatch)
    assert _export(data, split, 3, monkeypatch) == pages
    one, many = PdfReader(whole, strict=True), PdfReader(split, strict=True)
    assert len(many.pages) == len(one.pages) == pages
    for n, (a, b) in enumerate(zip(one.pages, many.pages, strict=True), start=1):
        text = a.extract_text()
        assert b.extract_text() == text
        assert f"Page {n} of {pages}" in squash(text)
        assert a.mediabox == b.mediabox  # the overview's landscape pages stay landscape
    assert outline(split) == outline(whole)
    assert len(outline(split)) > 15  # cover, contents, overview, every group and team
    assert set(many.named_destinations) == set(one.named_destinations) - {"okrPageTotal"}
    # The contents list each team at the page its bookmark opens.
    contents = squash(many.pages[1].extract_text())
    for _depth, title, page in outline(split):
        if title.startswith("Team "):
            assert f"{title} {page}" in contents or f"{title}\n{page}" in contents


def test_the_parts_really_are_many(data, monkeypatch) -> None:
    monkeypatch.setattr(booklet_module, "PART_OBJECTIVES", 3)
    job = booklet_module.Job(
        data=data, units=booklet_module.sheet_units(data), paper="a4", footer_name="g.okr"
    )
    built = booklet_module.build(job)
    assert built.parts is not None
    assert len(built.parts.parts) >= 8
    buffer = io.BytesIO()
    built.write(buffer)
    assert len(PdfReader(io.BytesIO(buffer.getvalue())).pages) == built.pages


def test_cancel_while_joining_leaves_the_old_file(data, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(booklet_module, "PART_OBJECTIVES", 3)
    out = tmp_path / "old.pdf"
    out.write_bytes(b"%PDF-1.4 the old booklet")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < total - 2  # the last steps are the parts being joined

    with pytest.raises(ExportCancelled):
        export_booklet(data, out, workshop_name_for_footer="g.okr", progress=progress)
    assert out.read_bytes() == b"%PDF-1.4 the old booklet"
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]
    assert seen[-1][0] == seen[-1][1] - 2


def test_bookmarks_in_any_script_survive_the_join(tmp_path, monkeypatch) -> None:
    path = build_workshop(tmp_path / "w.okr")
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    whole, split = tmp_path / "whole.pdf", tmp_path / "split.pdf"
    _export(data, whole, 10_000, monkeypatch)
    _export(data, split, 1, monkeypatch)
    assert outline(split) == outline(whole)
    names = {unit.name for unit in data.units.values()}
    assert {t for _d, t, _p in outline(split)} & names == names & {
        t for _d, t, _p in outline(whole)
    }


def test_text_strings_and_references() -> None:
    assert text_string("Team (a) \\ b") == b"(Team \\(a\\) \\\\ b)"
    assert text_string("Équipe ✓") == b"<FEFF00C9007100750069007000650020" + b"2713>"
    # References are renumbered; strings that look like them, and other numbers, are not.
    text = b"<< /A 12 0 R /T (see 12 0 R) /H <12> /M [ 0 0 612 792 ] /F /ABCDEF+Font >>"
    got = rewrite(text, lambda n: n + 100, lambda tag: b"/ZZZZZZ+")
    assert got == b"<< /A 112 0 R /T (see 12 0 R) /H <12> /M [ 0 0 612 792 ] /F /ZZZZZZ+Font >>"


def test_a_part_that_is_not_reportlab_classic_is_refused() -> None:
    from okr_studio.pdf.pdfsyntax import PdfSyntaxError

    with pytest.raises(PdfSyntaxError):
        Source(b"%PDF-1.5\n1 0 obj\n<< >>\nendobj\nstartxref\n9\n%%EOF\n")
