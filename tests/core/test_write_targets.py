"""Writes never replace what is not a file: PDF export, Save As and ``sample --force``.

A device node, a pipe or a folder at the target is refused with a clear message
and left as it was; a link is written through to the file it points to (the
link stays). The device node and the pipe are made in the test's own folder,
never the machine's /dev.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.cli import main
from okr_studio.errors import WorkshopWriteError
from okr_studio.store import Workshop
from tests.core.store_helpers import folder_listing, make_device


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    path = home / "w.okr"
    with Workshop.create(path, name="Targets", cycle="2027 Q1") as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
        obj = services.add_objective(ws, company, "Grow").subject[1]  # type: ignore[index]
        services.add_key_result(ws, obj, "Revenue to 10M", target=10)
    return path


def not_files(folder: Path) -> dict[str, Path]:
    """A pipe, a device node and a folder, each named like a file one might write."""
    folder.mkdir()
    os.mkfifo(folder / "pipe.out")
    make_device(folder / "device.out")
    (folder / "folder.out").mkdir()
    return {
        "pipe": folder / "pipe.out",
        "device": folder / "device.out",
        "folder": folder / "folder.out",
    }


def still_there(targets: dict[str, Path]) -> None:
    assert stat.S_ISFIFO(targets["pipe"].lstat().st_mode)
    assert stat.S_ISCHR(targets["device"].lstat().st_mode)
    assert targets["folder"].is_dir() and not any(targets["folder"].iterdir())
    assert folder_listing(targets["pipe"].parent) == ["device.out", "folder.out", "pipe.out"]


def test_pdf_export_refuses_devices_pipes_and_folders(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = not_files(tmp_path / "out")
    for kind, target in targets.items():
        assert main(["export", str(workshop), "-o", str(target)]) == 1, kind
        captured = capsys.readouterr()
        assert "Wrote" not in captured.out
        [line] = captured.err.strip().splitlines()
        words = "is a folder" if kind == "folder" else "is not an ordinary file"
        assert f"“{target.name}” {words}" in line, line
    still_there(targets)


def test_save_as_refuses_devices_pipes_and_folders(workshop: Path, tmp_path: Path) -> None:
    targets = not_files(tmp_path / "out")
    with Workshop.open(workshop) as ws:
        for kind, target in targets.items():
            words = "is a folder" if kind == "folder" else "is not an ordinary file"
            with pytest.raises(WorkshopWriteError, match=words):
                ws.save_as(target)
            assert not ws.closed
        services.add_unit(ws, "still editable")
    still_there(targets)
    assert folder_listing(workshop.parent) == ["w.okr"]


def test_sample_force_refuses_devices_and_pipes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = not_files(tmp_path / "out")
    for target in (targets["pipe"], targets["device"]):
        assert main(["sample", "--force", str(target)]) == 1
        [line] = capsys.readouterr().err.strip().splitlines()
        assert "is not an ordinary file" in line
    still_there(targets)


def test_writes_through_a_link_change_the_file_it_points_to(workshop: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "sheets.pdf").write_bytes(b"old pdf")
    (real / "copy.okr").write_bytes(b"old copy")
    (real / "sample.okr").write_bytes(b"old sample")
    links = tmp_path / "links"
    links.mkdir()
    for name in ("sheets.pdf", "copy.okr", "sample.okr"):
        (links / name).symlink_to(real / name)

    assert main(["export", str(workshop), "-o", str(links / "sheets.pdf")]) == 0
    with Workshop.open(workshop) as ws:
        copy = ws.save_as(links / "copy.okr")
    with copy:
        assert {u.name for u in copy.snapshot().units.values()} == {"Acme"}
        assert (real / ".~copy.okr.lock").exists()  # the lock sits beside the real file
    assert main(["sample", "--force", str(links / "sample.okr")]) == 0

    for name in ("sheets.pdf", "copy.okr", "sample.okr"):
        assert (links / name).is_symlink(), name
        assert os.readlink(links / name) == str(real / name)
    assert (real / "sheets.pdf").read_bytes().startswith(b"%PDF")
    with Workshop.open(real / "copy.okr", read_only=True) as ws:
        assert {u.name for u in ws.snapshot().units.values()} == {"Acme"}
    with Workshop.open(real / "sample.okr", read_only=True) as ws:
        assert len(ws.snapshot().units) >= 9
    assert folder_listing(real) == ["copy.okr", "sample.okr", "sheets.pdf"]
    assert folder_listing(links) == ["copy.okr", "sample.okr", "sheets.pdf"]
