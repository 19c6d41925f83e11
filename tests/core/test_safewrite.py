"""The one atomic writer (okr_studio.safewrite) and the one translation of write failures.

Every writer of the app goes through it, so its promises are tested here once:
a stream written piece by piece, the target whole or untouched, no temporary
file left, links written through, devices/pipes/folders refused, the user's
umask on a new file and the old mode on a replaced one.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from okr_studio import safewrite, tempfiles
from okr_studio.errors import FileWriteError
from okr_studio.safewrite import atomic_path, atomic_write, write_bytes, write_with
from okr_studio.write_errors import edit_reason, write_cause, write_reason
from tests.core.store_helpers import ROOT, folder_listing, make_device


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# ---- writing -------------------------------------------------------------------------
def test_a_stream_is_written_piece_by_piece_and_appears_whole(tmp_path: Path) -> None:
    target = tmp_path / "rows.csv"
    seen_during: list[list[str]] = []
    with atomic_write(target) as fh:
        for i in range(1000):
            fh.write(f"row {i},{'é' * (i % 7)}\n".encode())
            if i == 500:
                seen_during.append(folder_listing(tmp_path))
    [during] = seen_during
    assert "rows.csv" not in during  # the name appears only when the file is whole
    assert len(during) == 1 and during[0].startswith(".~rows.csv.") and during[0].endswith(".tmp")
    assert target.read_text().splitlines()[999] == "row 999," + "é" * (999 % 7)
    assert folder_listing(tmp_path) == ["rows.csv"]


def test_bytes_and_a_callable_writer(tmp_path: Path) -> None:
    write_bytes(tmp_path / "a.bin", b"\x00\x01" * 5000)
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01" * 5000

    def writer(fh: object) -> int:
        for _ in range(3):
            fh.write(b"chunk ")  # type: ignore[attr-defined]
        return 3

    assert write_with(tmp_path / "b.txt", writer) == 3
    assert (tmp_path / "b.txt").read_bytes() == b"chunk chunk chunk "
    assert folder_listing(tmp_path) == ["a.bin", "b.txt"]


def test_a_failing_body_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"the previous export")
    with pytest.raises(RuntimeError, match="cancelled"), atomic_write(target) as fh:
        fh.write(b"half of a new one")
        raise RuntimeError("cancelled")
    assert target.read_bytes() == b"the previous export"
    assert folder_listing(tmp_path) == ["sheet.pdf"]


LIMITED = textwrap.dedent(
    """
    import json, resource, signal, sys
    from pathlib import Path
    from okr_studio.errors import FileWriteError
    from okr_studio.safewrite import atomic_write
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))
    try:
        with atomic_write(Path(sys.argv[1])) as fh:
            for _ in range(100):
                fh.write(b"x" * 10_000)
    except FileWriteError as exc:
        print(json.dumps(str(exc)))
    """
)


def test_a_full_disk_while_streaming(tmp_path: Path) -> None:
    # A file-size limit stands in for a full disk: writes past it fail (EFBIG).
    target = tmp_path / "big.xlsx"
    target.write_bytes(b"last week's spreadsheet")
    out = subprocess.run(
        [sys.executable, "-c", LIMITED, str(target)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == (
        '"\\u201cbig.xlsx\\u201d could not be saved: the disk is full. Free some space, or '
        'choose another drive. Any earlier copy of the file was left as it was."'
    )
    assert target.read_bytes() == b"last week's spreadsheet"
    assert folder_listing(tmp_path) == ["big.xlsx"]


def test_a_path_writer_for_sqlite(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    with atomic_path(target) as pending:
        assert pending.temp.parent == tmp_path and pending.target.real == target
        con = sqlite3.connect(pending.temp)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    con = sqlite3.connect(target)
    assert con.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
    con.close()
    assert folder_listing(tmp_path) == ["copy.db"]


def test_exclusive_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "new.okr"
    write_bytes(target, b"first", exclusive=True)
    with pytest.raises(FileWriteError, match="already exists") as info:
        write_bytes(target, b"second", exclusive=True)
    assert isinstance(info.value.__cause__, FileExistsError)
    assert target.read_bytes() == b"first"
    assert folder_listing(tmp_path) == ["new.okr"]


def test_exclusive_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_a: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # what FAT says

    monkeypatch.setattr(safewrite.os, "link", no_links)
    write_bytes(tmp_path / "stick.okr", b"made", exclusive=True)
    with pytest.raises(FileWriteError, match="already exists"):
        write_bytes(tmp_path / "stick.okr", b"again", exclusive=True)
    assert (tmp_path / "stick.okr").read_bytes() == b"made"
    assert folder_listing(tmp_path) == ["stick.okr"]


# ---- targets that are not files ---------------------------------------------------------
def test_devices_pipes_and_folders_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    device = make_device(tmp_path / "device.pdf")
    (tmp_path / "folder.pdf").mkdir()
    for target in (fifo, device):
        with pytest.raises(FileWriteError, match="is not an ordinary file") as info:
            write_bytes(target, b"%PDF")
        assert str(info.value).startswith(f"“{target.name}” is not an ordinary file")
    with pytest.raises(FileWriteError, match="is a folder"):
        write_bytes(tmp_path / "folder.pdf", b"%PDF")
    with pytest.raises(FileWriteError, match="its folder does not exist"):
        write_bytes(tmp_path / "missing" / "x.pdf", b"%PDF")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert folder_listing(tmp_path) == ["device.pdf", "folder.pdf", "pipe.pdf"]


def test_a_link_is_written_through_to_its_file(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "sheets.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "sheets.pdf"
    link.symlink_to(real)
    write_bytes(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    # A link to a file not made yet makes that file; a link to a pipe is refused.
    (tmp_path / "later.pdf").symlink_to(tmp_path / "real" / "later.pdf")
    write_bytes(tmp_path / "later.pdf", b"made")
    assert (tmp_path / "real" / "later.pdf").read_bytes() == b"made"
    os.mkfifo(tmp_path / "real" / "pipe")
    (tmp_path / "to-pipe.pdf").symlink_to(tmp_path / "real" / "pipe")
    with pytest.raises(FileWriteError, match="not an ordinary file"):
        write_bytes(tmp_path / "to-pipe.pdf", b"x")
    assert folder_listing(tmp_path / "real") == ["later.pdf", "pipe", "sheets.pdf"]


def test_a_link_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").symlink_to(tmp_path / "b.pdf")
    (tmp_path / "b.pdf").symlink_to(tmp_path / "a.pdf")
    with pytest.raises(FileWriteError, match="leads back to itself"):
        write_bytes(tmp_path / "a.pdf", b"x")


# ---- modes ---------------------------------------------------------------------------------
def test_a_new_file_gets_the_users_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_bytes(tmp_path / "shared.pdf", b"x")
        os.umask(0o077)
        write_bytes(tmp_path / "private.pdf", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "shared.pdf").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "private.pdf").stat().st_mode) == 0o600


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"new"


# ---- debris of crashes ---------------------------------------------------------------------
def _debris(folder: Path, pid: int) -> list[Path]:
    names = [
        f".~plan.okr.{pid}-0a1b2c3d.tmp",
        f".~plan.okr.{pid}-0a1b2c3d.tmp-journal",
        ".~plan.okr.k2j4_x9q.tmp",  # named the way older versions named them
        f".~plan.okr.lock.{pid}-99aa00bb.stale",
    ]
    made = []
    for name in names:
        (folder / name).write_bytes(b"left by a crash")
        os.utime(folder / name, (1_000_000_000, 1_000_000_000))
        made.append(folder / name)
    return made


def dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return int(child.stdout)


def test_debris_of_a_dead_process_goes_at_the_next_write(tmp_path: Path) -> None:
    _debris(tmp_path, dead_pid())
    (tmp_path / ".~notes.txt").write_text("not ours: another pattern")
    (tmp_path / "report.tmp").write_text("not ours either")
    write_bytes(tmp_path / "sheets.pdf", b"x")
    assert folder_listing(tmp_path) == [".~notes.txt", "report.tmp", "sheets.pdf"]


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from okr_studio.safewrite import atomic_write
    with atomic_write(Path(sys.argv[1])) as fh:
        fh.write(b"first half ")
        print("writing", flush=True)
        sys.stdin.readline()
        fh.write(b"second half")
    print("done", flush=True)
    """
)


def test_a_temporary_file_a_live_process_writes_is_left_alone(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "theirs.csv")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "writing"
        [theirs] = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        os.utime(theirs, (1_000_000_000, 1_000_000_000))  # old, but held
        write_bytes(tmp_path / "mine.csv", b"x")
        assert theirs.exists()
        proc.stdin.write("go on\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "done"
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (tmp_path / "theirs.csv").read_bytes() == b"first half second half"
    assert folder_listing(tmp_path) == ["mine.csv", "theirs.csv"]


def test_a_young_temporary_file_of_a_live_process_is_left_alone(tmp_path: Path) -> None:
    # Between creating its file and holding it, a writer's file is unheld for a moment.
    young = tmp_path / f".~plan.okr.{os.getppid()}-0a1b2c3d.tmp"
    young.write_bytes(b"")
    assert tempfiles.remove_stale(tmp_path) == []
    os.utime(young, (1_000_000_000, 1_000_000_000))
    assert tempfiles.remove_stale(tmp_path) == [young.name]


# ---- one translation of write failures -------------------------------------------------------
def test_one_sentence_per_cause_whatever_failed() -> None:
    full = [
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EDQUOT, "Disk quota exceeded"),
        sqlite3.OperationalError("database or disk is full"),
    ]
    assert {write_cause(e) for e in full} == {"full"}
    assert {write_reason(e) for e in full} == {
        "could not be saved: the disk is full. Free some space, or choose another drive."
    }
    assert all(edit_reason(e, reachable=lambda: True).startswith(
        "was not changed: the disk is full.") for e in full)  # fmt: skip
    denied = OSError(errno.EROFS, "Read-only file system")
    assert write_reason(denied, path=Path("/media/stick/x.pdf"), stage="create") == (
        "could not be saved: the folder “stick” cannot be written to. Choose another "
        "folder, for example your Documents folder."
    )
    assert "open in another program" in write_reason(PermissionError(errno.EACCES, "x"),
                                                     stage="replace")  # fmt: skip
    io = sqlite3.OperationalError("disk I/O error")
    assert "the drive refused the write" in edit_reason(io, reachable=lambda: True)
    assert "cannot be reached" in edit_reason(io, reachable=lambda: False)
    assert write_reason(OSError(errno.EIO, "I/O error"), action="created").startswith(
        "could not be created: the drive reported an error"
    )
