"""``okr-studio import`` and ``okr-studio export`` to CSV, XLSX, Markdown and JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_studio.cli import main
from okr_studio.sample import write_sample
from okr_studio.store import Workshop
from tests.core.exchange_helpers import canonical


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return write_sample(tmp_path / "sample.okr")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".md", ".json"])
def test_export_by_suffix_and_import_back(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"out{suffix}"
    assert main(["export", str(sample), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {out} (")
    assert main(["import", str(out), "-o", str(tmp_path / "new.okr")]) == 0
    said = capsys.readouterr()
    assert (
        said.out.strip()
        == f"Wrote {tmp_path / 'new.okr'}: 12 units, 12 objectives, 35 key results."
    )
    with Workshop.open(tmp_path / "new.okr") as new, Workshop.open(sample) as old:
        titles = sorted(o.title for o in new.snapshot().objectives.values())
        assert titles == sorted(o.title for o in old.snapshot().objectives.values())
        if suffix == ".json":
            assert canonical(new.snapshot()) == canonical(old.snapshot())


def test_format_option_and_pdf_still_work(sample: Path, tmp_path: Path) -> None:
    assert main(["export", str(sample), "-o", str(tmp_path / "table.txt"), "--format", "csv"]) == 0
    assert (tmp_path / "table.txt").read_bytes().startswith(b"\xef\xbb\xbfID,Type,Parent")
    assert main(["export", str(sample), "-o", str(tmp_path / "s.pdf")]) == 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert main(["export", str(sample), "--format", "pdf", "-o", str(tmp_path / "t.pdf")]) == 0


def test_one_line_errors_that_name_the_file(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(sample), "-o", str(tmp_path / "s.xlsx"), "--format", "docx"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("okr-studio: “s.xlsx” cannot be written as “docx”")
    bad = tmp_path / "bad.csv"
    bad.write_text("Type,Title,Baseline\nObjective,A,\nKey result,B,lots\nThing,C,\n")
    assert main(["import", str(bad), "-o", str(tmp_path / "b.okr")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert "bad.csv, row 3, Baseline: warning: The baseline must be a number, not “lots”." in err[1]
    assert err[2].startswith("bad.csv, row 4, Type: error: “Thing” is not a type")
    assert err[-1] == (
        "okr-studio: “bad.csv”: 1 row would be left out (listed above), so “b.okr” was "
        "not written. Fix them, or add --skip-bad-rows."
    )
    assert not (tmp_path / "b.okr").exists()
    assert main(["import", str(bad), "-o", str(tmp_path / "b.okr"), "--skip-bad-rows"]) == 0
    assert main(["import", str(bad), "-o", str(tmp_path / "b.okr")]) == 1
    assert "already exists" in capsys.readouterr().err
    zipped = tmp_path / "fake.xlsx"
    zipped.write_text("not a workbook")
    assert main(["import", str(zipped), "-o", str(tmp_path / "c.okr")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("okr-studio: “fake.xlsx” is not an Excel workbook (.xlsx)")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "b.okr", "bad.csv", "fake.xlsx", "sample.okr"]  # fmt: skip
