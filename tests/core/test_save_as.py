"""Save As, and what a full disk or an unwritable folder does to saving."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import textwrap
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.errors import WorkshopLockedError, WorkshopWriteError
from okr_studio.model import APPLICATION_ID, SCHEMA_VERSION
from okr_studio.store import Workshop
from tests.core.store_helpers import fingerprint, folder_listing, read_only_folder, run_python


def filled(path: Path, units: int = 3, text: str = "") -> Workshop:
    ws = Workshop.create(path, name="Save As", cycle="2027 Q1")
    for i in range(units):
        services.add_unit(ws, f"Unit {i} {text}")
    return ws


def test_save_as_copies_and_switches_to_the_copy(tmp_path: Path) -> None:
    ws = filled(tmp_path / "a.okr")
    before = ws.snapshot()
    new = ws.save_as(tmp_path / "b.okr")
    try:
        assert ws.closed
        assert not new.read_only
        assert new.path == tmp_path / "b.okr"
        assert new.snapshot() == before
        assert folder_listing(tmp_path) == [".~b.okr.lock", "a.okr", "b.okr"]
        services.add_unit(new, "only in the copy")
    finally:
        new.close()
    with Workshop.open(tmp_path / "a.okr") as old:
        assert old.snapshot() == before
    con = sqlite3.connect(tmp_path / "b.okr")
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("SELECT count(*) FROM unit").fetchone()[0] == 4
    finally:
        con.close()
    assert folder_listing(tmp_path) == ["a.okr", "b.okr"]


def test_save_as_replaces_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "old notes.okr").write_text("an old file the facilitator chose to replace")
    with filled(tmp_path / "a.okr") as ws:
        new = ws.save_as(tmp_path / "old notes.okr")
    with new:
        assert len(new.snapshot().units) == 3


def test_save_as_onto_itself_keeps_the_workshop(tmp_path: Path) -> None:
    with filled(tmp_path / "a.okr") as ws:
        assert ws.save_as(tmp_path / "a.okr") is ws
        assert not ws.closed


def test_save_as_onto_a_file_someone_edits_is_refused(tmp_path: Path) -> None:
    other = filled(tmp_path / "theirs.okr")
    other_before = other.snapshot()
    with filled(tmp_path / "mine.okr", units=1) as ws:
        with pytest.raises(WorkshopLockedError, match="open in this copy of OKR Studio"):
            ws.save_as(tmp_path / "theirs.okr")
        assert not ws.closed
        services.add_unit(ws, "still editable")
    assert other.snapshot() == other_before
    other.close()
    # Another computer's copy: its lock file is respected too.
    lock = tmp_path / ".~theirs.okr.lock"
    lock.write_text(
        '{"user": "anna", "host": "room-pc", "pid": 1, "since": "2027-01-15T09:30:00+01:00"}'
    )
    before = fingerprint(tmp_path / "theirs.okr")
    with filled(tmp_path / "mine2.okr", units=1) as ws:
        with pytest.raises(WorkshopLockedError, match="anna on room-pc"):
            ws.save_as(tmp_path / "theirs.okr")
        assert not ws.closed
    assert fingerprint(tmp_path / "theirs.okr") == before
    assert lock.exists()


def test_save_as_into_a_read_only_folder_keeps_the_workshop_open(tmp_path: Path) -> None:
    folder = tmp_path / "cd"
    folder.mkdir()
    (folder / "readme.txt").write_text("x")
    with filled(tmp_path / "a.okr") as ws, read_only_folder(folder) as view:
        with pytest.raises(WorkshopWriteError, match=r"cannot be written to\. Choose another"):
            ws.save_as(view / "copy.okr")
        assert folder_listing(view) == ["readme.txt"]
        assert not ws.closed
        services.add_unit(ws, "still editable")


def test_save_as_to_places_that_are_not_files(tmp_path: Path) -> None:
    (tmp_path / "folder.okr").mkdir()
    with filled(tmp_path / "a.okr") as ws:
        with pytest.raises(WorkshopWriteError, match="is a folder"):
            ws.save_as(tmp_path / "folder.okr")
        with pytest.raises(WorkshopWriteError, match="folder does not exist"):
            ws.save_as(tmp_path / "missing" / "b.okr")
        assert not ws.closed
    assert folder_listing(tmp_path) == ["a.okr", "folder.okr"]


# ---- a full disk -----------------------------------------------------------------
# A file-size limit stands in for a full disk without needing a small drive:
# writes past it fail (EFBIG); SIGXFSZ, which would kill the process, is ignored.
LIMITED = textwrap.dedent(
    """
    import json, os, resource, signal, sys
    from pathlib import Path
    from okr_studio import services
    from okr_studio.errors import WorkshopWriteError
    from okr_studio.store import Workshop

    folder = Path(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    out = {}
    ws = Workshop.create(folder / "w.okr", name="Full disk")
    for i in range(6):
        services.add_unit(ws, f"Unit {i} " + "x" * 8000)
    size = os.path.getsize(folder / "w.okr")
    resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, resource.RLIM_INFINITY))
    try:
        ws.save_as(folder / "copy.okr")
    except WorkshopWriteError as exc:
        out["save_as"] = str(exc)
    out["after_save_as"] = sorted(os.listdir(folder))
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 2048, resource.RLIM_INFINITY))
    try:
        services.add_unit(ws, "too big " + "y" * 100_000)
    except WorkshopWriteError as exc:
        out["edit"] = str(exc)
    out["after_edit"] = sorted(os.listdir(folder))
    out["units"] = len(ws.snapshot().units)
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
    services.add_unit(ws, "space is back " + "z" * 100_000)
    out["units_later"] = len(ws.snapshot().units)
    ws.close()
    print(json.dumps(out))
    """
)


def test_a_full_disk_refuses_the_save_and_keeps_the_file(tmp_path: Path) -> None:
    out = run_python(LIMITED.replace("sys.argv[1]", repr(str(tmp_path))))
    # Save As: a message, no half-written target, no temporary file.
    assert "could not be saved" in out["save_as"]
    assert "still open as it was" in out["save_as"]
    assert out["after_save_as"] == [".~w.okr.lock", "w.okr"]
    # An edit: refused with a message, the file keeps the previous state.
    assert out["edit"].startswith("“w.okr” could not be saved")
    assert out["after_edit"] == [".~w.okr.lock", "w.okr"]
    assert out["units"] == 6
    assert out["units_later"] == 7
    con = sqlite3.connect(tmp_path / "w.okr")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM unit").fetchone()[0] == 7
    finally:
        con.close()


def test_sqlite_full_reaches_the_write_error_message(tmp_path: Path) -> None:
    # SQLITE_FULL, the error a full drive gives, made portable with max_page_count.
    with filled(tmp_path / "w.okr") as ws:
        with ws.write() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            conn.exec_driver_sql(f"PRAGMA max_page_count={pages + 1}")
        with pytest.raises(WorkshopWriteError, match=r"the disk is full\. Free some space"):
            services.add_unit(ws, "big " + "x" * 50_000)
        assert len(ws.snapshot().units) == 3
        with ws.write() as conn:
            conn.exec_driver_sql("PRAGMA max_page_count=1073741823")
        services.add_unit(ws, "big " + "x" * 50_000)
        assert len(ws.snapshot().units) == 4
    assert folder_listing(tmp_path) == ["w.okr"]


@pytest.fixture
def small_drive(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 400 KiB file system: a real full disk (needs root and mount; skipped otherwise)."""
    drive = tmp_path / "stick"
    drive.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(drive)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield drive
    finally:
        subprocess.run(["umount", str(drive)], check=False)


def test_a_really_full_drive(small_drive: Path, tmp_path: Path) -> None:
    ws = filled(small_drive / "w.okr")
    filler = small_drive / "filler.bin"
    free = os.statvfs(small_drive).f_bavail * os.statvfs(small_drive).f_frsize
    filler.write_bytes(b"\0" * (free - 8192))
    committed = 3
    with pytest.raises(WorkshopWriteError, match="the disk is full") as info:
        for i in range(100):
            services.add_unit(ws, f"more {i} " + "x" * 3000)
            committed += 1
    assert "Free some space" in str(info.value)
    assert len(ws.snapshot().units) == committed
    with pytest.raises(WorkshopWriteError, match=r"the disk is full\. Free some space, or choose"):
        ws.save_as(small_drive / "copy.okr")
    assert sorted(p.name for p in small_drive.iterdir()) == [".~w.okr.lock", "filler.bin", "w.okr"]
    filler.unlink()  # space is back
    services.add_unit(ws, "after the clean-up")
    ws.close()
    with Workshop.open(small_drive / "w.okr") as again:
        assert len(again.snapshot().units) == committed + 1
    before = fingerprint(small_drive / "w.okr")
    assert before[0][:16] == b"SQLite format 3\0"
