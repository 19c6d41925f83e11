"""Every export writer against what can go wrong with its target.

A full disk, a read-only folder, a pipe, a device node and a folder as target:
a clear message naming the file, nothing left behind, an earlier file kept. A
link is written through to the file it points to. The pipe and the device node
are made in the test's own folder; reading refuses them too (never blocks).
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from okr_studio.errors import FileWriteError
from okr_studio.exchange import ExchangeFileError, export_file, read_file
from okr_studio.sample import write_sample
from okr_studio.store import Workshop
from tests.core.store_helpers import folder_listing, make_device, read_only_folder

FORMATS = ["csv", "xlsx", "md", "json"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("sample")
    with Workshop.open(write_sample(folder / "s.okr")) as ws:
        return ws.snapshot()


@pytest.mark.parametrize("suffix", FORMATS)
def test_pipes_devices_and_folders_are_refused(data, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(tmp_path / f"pipe.{suffix}")
    make_device(tmp_path / f"device.{suffix}")
    (tmp_path / f"folder.{suffix}").mkdir()
    for name, words in (("pipe", "is not an ordinary file"), ("device", "is not an ordinary file"),
                        ("folder", "is a folder")):  # fmt: skip
        target = tmp_path / f"{name}.{suffix}"
        with pytest.raises(FileWriteError) as info:
            export_file(data, target)
        assert str(info.value).startswith(f"“{target.name}” {words}")
    assert stat.S_ISFIFO((tmp_path / f"pipe.{suffix}").lstat().st_mode)
    assert stat.S_ISCHR((tmp_path / f"device.{suffix}").lstat().st_mode)
    assert folder_listing(tmp_path) == sorted(f"{n}.{suffix}" for n in ("device", "folder", "pipe"))
    for name in ("pipe", "device", "folder"):
        with pytest.raises(ExchangeFileError, match=r"not an ordinary file|is a folder"):
            read_file(tmp_path / f"{name}.{suffix}")


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_link_is_written_through(data, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    real = tmp_path / "real" / f"out.{suffix}"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / f"link.{suffix}"
    link.symlink_to(real)
    export_file(data, link)
    assert link.is_symlink() and real.read_bytes() != b"old"
    assert read_file(link).side  # what was written reads back


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_read_only_folder(data, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / f"old.{suffix}").write_bytes(b"old")
    with read_only_folder(folder) as view:
        for name in ("new", "old"):
            with pytest.raises(FileWriteError, match=r"cannot be written to|could not be"):
                export_file(data, view / f"{name}.{suffix}")
        assert folder_listing(view) == [f"old.{suffix}"]
    assert (folder / f"old.{suffix}").read_bytes() == b"old"


@pytest.fixture
def small_drive(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 64 KiB file system: a real full disk (needs root and mount; skipped otherwise)."""
    drive = tmp_path / "stick"
    drive.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(drive)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield drive
    finally:
        subprocess.run(["umount", str(drive)], check=False)


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_full_disk(data, small_drive: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    old = small_drive / f"out.{suffix}"
    old.write_bytes(b"old")
    filler = small_drive / "filler"
    free = os.statvfs(small_drive).f_bavail * os.statvfs(small_drive).f_frsize
    filler.write_bytes(b"\0" * max(free - 4096, 0))
    with pytest.raises(FileWriteError, match="the disk is full") as info:
        export_file(data, old)
    assert str(info.value).startswith(f"“out.{suffix}” could not be saved: the disk is full")
    assert "earlier copy of the file was left as it was" in str(info.value)
    assert old.read_bytes() == b"old"
    assert folder_listing(small_drive) == ["filler", f"out.{suffix}"]
