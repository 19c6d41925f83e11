"""``okr-studio export``: the command line end to end."""

from __future__ import annotations

import pytest

from okr_studio.cli import main
from tests.core._pdf_fixtures import TRICKY_TITLE, build_workshop
from tests.core._pdf_read import outline, page_count, pdf_text


@pytest.fixture
def workshop(tmp_path):
    return build_workshop(tmp_path / "tricky.okr")


def test_export_booklet_and_per_team(workshop, tmp_path, capsys) -> None:
    out = tmp_path / "out.pdf"
    folder = tmp_path / "teams"
    status = main(
        ["export", str(workshop), "-o", str(out), "--paper", "Letter", "--per-team", str(folder)]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert "out.pdf" in printed and "7 team sheets" in printed
    assert page_count(out) >= 10
    assert len(list(folder.glob("*.pdf"))) == 7


def test_export_selected_teams_by_name(workshop, tmp_path) -> None:
    out = tmp_path / "one.pdf"
    # Case and spacing do not matter.
    assert main(["export", str(workshop), "-o", str(out), "--team", "r&d <B>X</b>  &amp;"]) == 0
    titles = [t for _d, t, _p in outline(out)]
    assert TRICKY_TITLE in titles
    assert "Sales & Success" not in titles
    assert TRICKY_TITLE in pdf_text(out)


def test_missing_team_is_one_clear_line_and_exit_2(workshop, tmp_path, capsys) -> None:
    out = tmp_path / "none.pdf"
    status = main(["export", str(workshop), "-o", str(out), "--team", "Nobody Here"])
    assert status == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "no team named “Nobody Here”" in err[0] and "tricky.okr" in err[0]
    assert not out.exists()


def test_no_output_named_is_exit_2(workshop, capsys) -> None:
    assert main(["export", str(workshop)]) == 2
    assert "-o OUT.pdf" in capsys.readouterr().err


def test_missing_file_is_exit_2(tmp_path, capsys) -> None:
    assert main(["export", str(tmp_path / "gone.okr"), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "gone.okr" in capsys.readouterr().err


def test_with_findings_flag(workshop, tmp_path) -> None:
    out = tmp_path / "f.pdf"
    assert main(["export", str(workshop), "-o", str(out), "--with-findings"]) == 0
    assert "Open coach findings" in pdf_text(out)


def test_a_department_name_brings_its_teams(workshop, tmp_path) -> None:
    out = tmp_path / "dept.pdf"
    assert main(["export", str(workshop), "-o", str(out), "--team", "sales & success"]) == 0
    titles = [t for _d, t, _p in outline(out)]
    assert "Sales & Success" in titles and "東京チーム" in titles
    assert TRICKY_TITLE not in titles
