"""Exports that must not fail: huge text, many key results, missing glyphs, bad folders."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

from okr_studio import safewrite, services, tempfiles
from okr_studio.data import WorkshopData
from okr_studio.events import Change
from okr_studio.pdf import ExportError, export_booklet, export_per_team
from okr_studio.store import Workshop
from tests.core._pdf_read import cell_text, page_count, pdf_text, squash

#: Plane 16 private use: no font on any ordinary system draws it.
NO_FONT_CHAR = "\U0010fffd"


def _id(change: Change) -> int:
    assert change.subject is not None
    return change.subject[1]


def _workshop(
    tmp_path: Path, *, kr_titles: list[str], objective: str = "Objective"
) -> WorkshopData:
    path = tmp_path / "w.okr"
    with Workshop.create(path, name="Limits", cycle="2027 Q1") as ws:
        company = _id(services.add_unit(ws, "Company", "company"))
        top = _id(services.add_objective(ws, company, "Top"))
        top_kr = _id(services.add_key_result(ws, top, "Top KR", target=1))
        team = _id(services.add_unit(ws, "Team", "team", company))
        obj = _id(services.add_objective(ws, team, objective, parent_kr_id=top_kr))
        for i, title in enumerate(kr_titles):
            services.add_key_result(
                ws, obj, title, target=i, owner_name=f"Owner {i:02d}", unit_of_measure="pts"
            )
        return ws.snapshot()


def _words(n: int) -> str:
    words = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta")
    out: list[str] = []
    i = 0
    while len(" ".join(out)) < n:
        out.append(f"{words[i % len(words)]}{i}")
        i += 1
    return " ".join(out)[:n]


def test_ten_thousand_character_key_result_splits_across_pages(tmp_path) -> None:
    long_title = _words(10_000)
    data = _workshop(tmp_path, kr_titles=["Short one", long_title, "Short two"])
    out = tmp_path / "long.pdf"
    report = export_booklet(data, out, workshop_name_for_footer="w.okr", paper="a4")
    assert page_count(out) == report.pages
    text = squash(pdf_text(out))
    # Every word of the long title is printed, first to last.
    for word in (long_title.split()[0], long_title.split()[700], long_title.split()[-1]):
        assert word in text
    assert "Short two" in text
    team_pages = report.pages - 4  # cover, contents, overview, company sheet
    assert team_pages >= 2


def test_unbroken_ten_thousand_characters_split_too(tmp_path) -> None:
    data = _workshop(tmp_path, kr_titles=["x" * 10_000, "After"])
    out = tmp_path / "unbroken.pdf"
    export_booklet(data, out, workshop_name_for_footer="w.okr", paper="letter")
    text = "".join(pdf_text(out).split())
    assert text.count("x") >= 10_000
    assert "After" in pdf_text(out)


def test_ten_thousand_character_objective_splits_its_chain_box(tmp_path) -> None:
    long_title = _words(10_000)
    data = _workshop(tmp_path, kr_titles=["After"], objective=long_title)
    out = tmp_path / "chain.pdf"
    report = export_booklet(data, out, workshop_name_for_footer="w.okr", paper="a4")
    assert page_count(out) == report.pages
    text = squash(pdf_text(out))
    words = long_title.split()
    for word in (words[0], words[len(words) // 2], words[-1]):
        assert word in text
    assert "After" in text


def test_team_with_forty_key_results(tmp_path) -> None:
    titles = [
        f"Key result number {i:02d} with a title long enough to wrap in its cell" for i in range(40)
    ]
    data = _workshop(tmp_path, kr_titles=titles)
    out = tmp_path / "forty.pdf"
    report = export_booklet(data, out, workshop_name_for_footer="w.okr", paper="a4")
    text = squash(cell_text(out))
    for title in titles:
        assert title in text
    for i in range(40):
        assert f"Owner {i:02d}" in text
    assert "Key results (40)" in text
    assert report.pages >= 5


def test_character_no_font_has_is_reported_and_export_completes(tmp_path) -> None:
    data = _workshop(
        tmp_path,
        kr_titles=[f"Reach {NO_FONT_CHAR} users", "Plain"],
        objective=f"Odd {NO_FONT_CHAR} objective",
    )
    out = tmp_path / "missing.pdf"
    report = export_booklet(data, out, workshop_name_for_footer="w.okr", paper="a4")
    assert out.exists() and page_count(out) == report.pages
    assert list(report.missing_glyphs) == [NO_FONT_CHAR]
    items = report.missing_glyphs[NO_FONT_CHAR]
    assert any("Reach" in item and "Key result" in item for item in items)
    assert any("Odd" in item and "Objective" in item for item in items)
    summary = report.missing_summary()
    assert "U+10FFFD" in summary and "Reach" in summary
    # The gap is visible in the PDF (a replacement mark), not a silent box.
    assert "Reach \ufffd users" in pdf_text(out)


def test_per_team_report_merges_missing_glyphs(tmp_path) -> None:
    data = _workshop(tmp_path, kr_titles=[f"{NO_FONT_CHAR} a", "b", "c"])
    folder = tmp_path / "out"
    folder.mkdir()
    report = export_per_team(data, folder, workshop_name_for_footer="w.okr", paper="a4")
    assert len(report.files) == 2
    assert NO_FONT_CHAR in report.missing_glyphs


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="root (and Windows) can write into a read-only folder",
)
def test_read_only_folder_keeps_the_old_pdf(tmp_path) -> None:
    _read_only_case(tmp_path, _workshop(tmp_path, kr_titles=["a", "b", "c"]))


def test_read_only_folder_keeps_the_old_pdf_even_as_root(tmp_path, monkeypatch) -> None:
    """As root, chmod does not stop writes: make the temporary file fail as the OS would."""

    def refuse(*_args: object, **_kw: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    data = _workshop(tmp_path, kr_titles=["a", "b", "c"])
    monkeypatch.setattr(tempfiles, "create_beside", refuse)
    _read_only_case(tmp_path, data, chmod=False)


def _read_only_case(tmp_path: Path, data: WorkshopData, *, chmod: bool = True) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "sheets.pdf"
    target.write_bytes(b"%PDF-1.4 the previous export\n")
    if chmod:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError) as caught:
            export_booklet(data, target, workshop_name_for_footer="w.okr", paper="a4")
        message = str(caught.value)
        assert "locked" in message and "another folder" in message
        assert "left as it was" in message
        assert target.read_bytes() == b"%PDF-1.4 the previous export\n"
        assert sorted(p.name for p in folder.iterdir()) == ["sheets.pdf"]
    finally:
        folder.chmod(stat.S_IRWXU)


def test_disk_full_keeps_the_old_pdf_and_leaves_no_temporary_file(tmp_path, monkeypatch) -> None:
    data = _workshop(tmp_path, kr_titles=["a", "b", "c"])
    target = tmp_path / "sheets.pdf"
    target.write_bytes(b"old")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fd: int, mode: str, **kw: object) -> None:
            self.fh = real_fdopen(fd, mode, **kw)  # type: ignore[call-overload]

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safewrite.os, "fdopen", FullDisk)
    with pytest.raises(ExportError, match="disk is full"):
        export_booklet(data, target, workshop_name_for_footer="w.okr", paper="a4")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".tmp", ".pdf")] == ["sheets.pdf"]


def test_file_held_open_elsewhere_says_to_close_it(tmp_path, monkeypatch) -> None:
    data = _workshop(tmp_path, kr_titles=["a", "b", "c"])
    target = tmp_path / "sheets.pdf"
    target.write_bytes(b"old")

    def locked(self: Path, _target: Path) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(safewrite.Path, "replace", locked)
    with pytest.raises(ExportError, match="open in another program"):
        export_booklet(data, target, workshop_name_for_footer="w.okr", paper="a4")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".okr") == ["sheets.pdf"]


def test_missing_folder_and_unknown_paper(tmp_path) -> None:
    data = _workshop(tmp_path, kr_titles=["a", "b", "c"])
    with pytest.raises(ExportError, match="does not exist"):
        export_booklet(data, tmp_path / "nope" / "x.pdf", workshop_name_for_footer="w.okr")
    with pytest.raises(ExportError, match="A4 or Letter"):
        export_booklet(data, tmp_path / "x.pdf", workshop_name_for_footer="w.okr", paper="a3")
    assert not (tmp_path / "x.pdf").exists()
