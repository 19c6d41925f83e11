"""The okr-studio command: app, sample, check, export, version and help."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio._version import __version__
from okr_studio.cli import main
from okr_studio.store import Workshop


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "sample.okr"
    assert main(["sample", str(path)]) == 0
    return path


def _one_line_error(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("okr-studio")
    return lines[0]


# ---- version and help -------------------------------------------------------------------
def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"okr-studio {__version__}"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("okr-studio sample PATH", "okr-studio check PATH", "okr-studio export"):
        assert command in out
    assert "./check" in out


@pytest.mark.parametrize("command", ["sample", "check", "export"])
def test_help_of_each_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert f"usage: okr-studio {command}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv", [["--bogus"], ["check"], ["sample"], ["check", "a.okr", "--nope"], ["a", "b"]]
)
def test_usage_mistakes_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "--help" in line


# ---- sample ----------------------------------------------------------------------------
def test_sample_writes_a_workshop(sample_file: Path) -> None:
    with Workshop.open(sample_file, read_only=True) as ws:
        data = ws.snapshot()
    assert data.info.cycle == "2027 Q1" and len(data.units) >= 9


def test_sample_refuses_an_existing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine.okr"
    target.write_bytes(b"keep me")
    assert main(["sample", str(target)]) == 1
    assert "--force" in _one_line_error(capsys.readouterr().err)
    assert target.read_bytes() == b"keep me"


def test_sample_force_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "old.okr"
    target.write_bytes(b"old")
    assert main(["sample", "--force", str(target)]) == 0
    with Workshop.open(target, read_only=True) as ws:
        assert ws.snapshot().units
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.okr"]  # no temporary left


def test_sample_force_never_replaces_a_folder_or_an_open_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder.okr"
    folder.mkdir()
    assert main(["sample", "--force", str(folder)]) == 1
    assert "folder" in _one_line_error(capsys.readouterr().err)
    busy = tmp_path / "busy.okr"
    with Workshop.create(busy) as ws:
        services.add_unit(ws, "Acme", "company")
        before = busy.read_bytes()
        assert main(["sample", "--force", str(busy)]) == 1
        assert "edited" in _one_line_error(capsys.readouterr().err)
        assert busy.read_bytes() == before


# ---- check --------------------------------------------------------------------------------
def test_check_lists_findings_with_codes(
    sample_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(sample_file)]) == 0  # warnings and hints only
    lines = capsys.readouterr().out.splitlines()
    task = next(line for line in lines if "KR_TASK_WORDING" in line)
    assert task.startswith("warning")
    assert "key result" in task and "“Migrate card payments to the new payment gateway”" in task
    assert any(line.startswith("accepted") and "KR_UNCOVERED" in line for line in lines)
    assert any("UNIT_NO_OBJECTIVE" in line and "“Partnerships”" in line for line in lines)
    assert lines[-1].endswith("1 accepted.") and "0 errors" in lines[-1]


def test_check_open_only_and_verbose(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--open-only", "-v", str(sample_file)]) == 0
    out = capsys.readouterr().out
    assert "accepted KR_UNCOVERED" not in out
    assert "reads like a task. What changes for users when it is done?" in out
    assert "→ " in out


def test_check_with_a_day_runs_the_closing_rules_and_weeks_can_be_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    path = tmp_path / "w.okr"
    with Workshop.create(path, cycle="2027 Q2") as ws:
        services.update_info(ws, cycle_start=dt.date(2027, 4, 1), cycle_end=dt.date(2027, 6, 30))
        company = services.add_unit(ws, "Acme", "company").subject[1]
        obj = services.add_objective(ws, company, "Customers love us", owner_name="Ana").subject[1]
        kr = services.add_key_result(ws, obj, "Raise NPS from 30 to 45", baseline=30, target=45)
        services.add_check_in(ws, kr.subject[1], 33, date=dt.date(2027, 4, 10))

    def stale(*extra: str) -> bool:
        main(["check", str(path), *extra])
        return "KR_STALE_CHECK_IN" in capsys.readouterr().out

    assert not stale()  # no day: no closing rule
    assert not stale("--today", "2027-04-27")  # 17 days: not 3 weeks yet
    assert stale("--today", "2027-04-27", "--stale-weeks", "2")
    assert main(["check", str(path), "--today", "2027-04-27", "--stale-weeks", "0"]) == 2
    assert "not a number of weeks" in _one_line_error(capsys.readouterr().err)


def test_check_exits_1_on_open_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.okr"
    with Workshop.create(path) as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]
        team = services.add_unit(ws, "Team", "team", company).subject[1]
        orphan = services.add_objective(ws, team, "Customers love us", owner_name="Ana").subject[1]
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert any(line.startswith("error") and "OBJ_ORPHAN" in line for line in out.splitlines())
    with Workshop.open(path) as ws:
        services.accept_finding(ws, "OBJ_ORPHAN", "objective", orphan, "Team-only goal")
    assert main(["check", str(path)]) == 0  # the only error was accepted
    assert "accepted OBJ_ORPHAN" in capsys.readouterr().out


def test_check_rules_lists_the_legend(capsys: pytest.CaptureFixture[str]) -> None:
    from okr_studio.coach import RULES

    assert main(["check", "--rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(RULES)
    assert any(line.startswith("error") and "OBJ_ORPHAN" in line for line in lines)


def test_check_an_empty_workshop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.okr"
    Workshop.create(path).close()
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "No findings: the coach has nothing to add."


@pytest.mark.parametrize("content", [None, b"just some text\n"])
def test_check_a_missing_or_foreign_file(
    tmp_path: Path, content: bytes | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.okr"
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 1
    assert "“x.okr”" in _one_line_error(capsys.readouterr().err)
    if content is not None:
        assert path.read_bytes() == content


# ---- the app -------------------------------------------------------------------------------
@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    calls: list[Path | None] = []
    module = types.ModuleType("ui.app")

    def run_app(path: Path | None) -> int:
        calls.append(path)
        return 7

    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", module)
    return calls


def test_app_without_and_with_a_file(fake_app: list[Path | None], sample_file: Path) -> None:
    assert main([]) == 7
    assert main([str(sample_file)]) == 7
    assert fake_app == [None, sample_file]


def test_a_file_named_like_a_command_opens_by_its_path(
    fake_app: list[Path | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("check").write_bytes(b"")
    assert main(["./check"]) == 7
    assert fake_app == [Path("./check")]


def test_app_with_a_missing_file(
    fake_app: list[Path | None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "gone.okr")]) == 1
    assert "“gone.okr” was not found" in _one_line_error(capsys.readouterr().err)
    assert fake_app == []


class _NoQt:
    """An import hook that makes ui.app fail the way a missing PySide6 does."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "ui.app":
            raise ModuleNotFoundError("No module named 'PySide6'", name="PySide6")


def test_app_without_pyside6(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "ui.app", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoQt(), *sys.meta_path])
    assert main([]) == 1
    assert "PySide6" in _one_line_error(capsys.readouterr().err)


def test_app_missing_from_the_build(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ui.app", None)
    assert main([]) == 1
    assert "not available in this build" in _one_line_error(capsys.readouterr().err)


# ---- export --------------------------------------------------------------------------------
def test_export_runs_the_pdf_command(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []
    module = types.ModuleType("okr_studio.pdf.cli")

    def add_export_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--team")

    def run_export(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    module.add_export_arguments = add_export_arguments  # type: ignore[attr-defined]
    module.run_export = run_export  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "okr_studio.pdf.cli", module)
    assert main(["export", "w.okr", "--team", "東京チーム"]) == 0
    assert (seen[0].path, seen[0].team) == ("w.okr", "東京チーム")
    assert main(["export", "w.okr", "--bogus"]) == 2


# ---- as a process ---------------------------------------------------------------------------
def _run(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "okr_studio", *args],
        capture_output=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


def test_python_m_okr_studio_check(sample_file: Path) -> None:
    done = _run("check", str(sample_file), PYTHONIOENCODING="utf-8")
    assert done.returncode == 0
    out = done.stdout.decode("utf-8")
    assert "KR_TASK_WORDING" in out and "東京チーム" in out
    assert done.stderr == b""


def test_python_m_okr_studio_on_an_ascii_console(sample_file: Path) -> None:
    done = _run("check", str(sample_file), PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert b"KR_DUE_OUTSIDE_CYCLE" in done.stdout  # the CJK team name became "?"s


def test_a_reader_that_stops_early_gets_no_error(sample_file: Path) -> None:
    """``okr-studio progress FILE | head -1``: the pipe closes before the scoreboard is
    written; the command stops quietly (no "unexpected error: BrokenPipeError")."""
    command = [sys.executable, "-m", "okr_studio", "progress", str(sample_file), "--key-results"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # before it writes anything
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 141
    assert err == b""


def test_python_m_okr_studio_unknown_option() -> None:
    done = _run("--bogus", PYTHONIOENCODING="utf-8")
    assert done.returncode == 2
    _one_line_error(done.stderr.decode("utf-8"))
    assert done.stdout == b""
