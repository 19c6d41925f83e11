"""One running copy edits a workshop; others are told who, and may look read-only."""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from okr_studio import lock as locks
from okr_studio import services
from okr_studio.errors import WorkshopLockedError
from okr_studio.lock import LockInfo
from okr_studio.store import Workshop
from tests.core.store_helpers import ROOT, fingerprint, folder_listing

HOLDER = textwrap.dedent(
    """
    import sys
    from okr_studio import services
    from okr_studio.store import Workshop
    ws = Workshop.open(sys.argv[1])
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "edit":
            services.add_unit(ws, "added by the holder")
            print("edited", flush=True)
        else:
            break
    ws.close()
    print("closed", flush=True)
    """
)


def make(path: Path) -> Path:
    with Workshop.create(path, name="Locks") as ws:
        services.add_unit(ws, "Company", level="company")
    return path


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def write_lock(path: Path, **fields: object) -> Path:
    info = {
        "user": "anna",
        "host": socket.gethostname(),
        "pid": dead_pid(),
        "since": "2027-01-15T09:30:00+01:00",
        "app": "OKR Studio",
        "version": "0.1.0",
        **fields,
    }
    file = locks.lock_path(path)
    file.write_text(json.dumps(info))
    return file


def test_two_processes_cannot_both_edit(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WorkshopLockedError) as info:
            Workshop.open(path)
        message = str(info.value)
        assert f"process {holder.pid}" in message
        assert socket.gethostname() in message
        assert locks._user() in message
        assert "since" in message and "read-only" in message
        assert str(holder.pid) in info.value.holder
        assert isinstance(info.value.lock_info, LockInfo)
        assert info.value.lock_info.pid == holder.pid

        with Workshop.open(path, read_only=True) as ro:
            assert ro.read_only
            assert f"process {holder.pid}" in ro.read_only_reason
            assert ro.lock_info is not None and ro.lock_info.pid == holder.pid
            # The viewer sees the holder's edits as they are committed.
            seen = ro.data_version()
            holder.stdin.write("edit\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "edited"
            assert ro.data_version() != seen
            names = {u.name for u in ro.snapshot().units.values()}
            assert names == {"Company", "added by the holder"}

        holder.stdin.write("close\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert folder_listing(tmp_path) == ["w.okr"]
    with Workshop.open(path) as ws:
        assert not ws.read_only


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    file = write_lock(path)
    with Workshop.open(path) as ws:
        assert not ws.read_only
        now = LockInfo.from_json(file.read_text())
        assert now is not None and now.pid == os.getpid()
        assert ws.lock_info == now
    assert not file.exists()


def test_a_lock_from_before_a_restart_is_stale(tmp_path: Path) -> None:
    if not locks._boot_id():
        pytest.skip("this system does not tell its boot id")
    path = make(tmp_path / "w.okr")
    write_lock(path, pid=1, boot_id="an-earlier-boot")  # pid 1 is alive, but from another boot
    with Workshop.open(path) as ws:
        assert not ws.read_only


def test_a_lock_whose_pid_now_belongs_to_another_program_is_stale(tmp_path: Path) -> None:
    if not locks._process_started(os.getppid()):
        pytest.skip("this system does not tell process start times")
    path = make(tmp_path / "w.okr")
    write_lock(path, pid=os.getppid(), started="1")
    with Workshop.open(path) as ws:
        assert not ws.read_only


def test_a_live_process_lock_is_respected(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    parent = os.getppid()
    write_lock(path, pid=parent, started=locks._process_started(parent))
    with pytest.raises(WorkshopLockedError, match=f"anna on .* \\(process {parent}\\), since"):
        Workshop.open(path)


def test_a_lock_from_another_computer_is_respected(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    file = write_lock(path, host="meeting-room-laptop", pid=1)
    before = fingerprint(path)
    with pytest.raises(WorkshopLockedError, match=r"meeting-room-laptop.*another computer"):
        Workshop.open(path)
    assert fingerprint(path) == before
    assert file.exists()
    with Workshop.open(path, read_only=True) as ro:
        assert "anna on meeting-room-laptop" in ro.read_only_reason


def test_our_own_leftover_lock_is_taken_over(tmp_path: Path) -> None:
    # A lock naming this very process that no open workshop here holds.
    path = make(tmp_path / "w.okr")
    write_lock(path, pid=os.getpid(), token="left-behind")
    with Workshop.open(path) as ws:
        assert ws.lock_info is not None and ws.lock_info.token != "left-behind"


def test_an_unreadable_lock_is_respected_only_while_fresh(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    file = locks.lock_path(path)
    file.write_text("")  # another copy is between creating and filling it
    with pytest.raises(WorkshopLockedError, match="right now"):
        Workshop.open(path)
    os.utime(file, (1_000_000_000, 1_000_000_000))  # long ago: a crash left it half-written
    with Workshop.open(path) as ws:
        assert not ws.read_only


def test_the_lock_file_is_human_readable(tmp_path: Path) -> None:
    with Workshop.create(tmp_path / "w.okr") as ws:
        text = (tmp_path / ".~w.okr.lock").read_text()
        raw = json.loads(text)
        assert raw["pid"] == os.getpid()
        assert raw["host"] == socket.gethostname()
        assert raw["user"] == locks._user()
        assert raw["app"] == "OKR Studio"
        assert raw["since"][:4].isdigit()
        assert "\n  " in text  # one field a line
        assert ws.lock_info is not None
        assert ws.lock_info.describe().startswith(
            f"{locks._user()} on {socket.gethostname()} (process {os.getpid()}), since "
        )


def test_read_only_copies_take_no_lock(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    with Workshop.open(path, read_only=True) as ro:
        assert ro.read_only_reason == "It was opened read-only."
        assert folder_listing(tmp_path) == ["w.okr"]
        with Workshop.open(path) as editor:  # an editor may still open it
            assert not editor.read_only


def test_the_lock_file_is_never_the_workshop(tmp_path: Path) -> None:
    assert locks.lock_path(tmp_path / "w.okr") == tmp_path / ".~w.okr.lock"
    assert locks.lock_path(tmp_path / "w.okr") != tmp_path / "w.okr"


# ---- the lock appears whole (issue: an empty lock blocked the file for 10 s) -------------
KILLED_WHILE_LOCKING = textwrap.dedent(
    """
    import os, signal, sys
    from okr_studio.store import Workshop
    real_write = os.write

    def write_then_die(fd, data):
        if b'"token"' in data:  # the lock's content: die before it is complete
            os.kill(os.getpid(), signal.SIGKILL)
        return real_write(fd, data)

    os.write = write_then_die
    Workshop.open(sys.argv[1])
    """
)


def test_a_copy_killed_while_taking_the_lock_leaves_no_empty_lock(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_LOCKING, str(path)], cwd=ROOT, check=False
    )
    assert killed.returncode == -9
    assert not locks.lock_path(path).exists()  # never a lock without its content
    with Workshop.open(path) as ws:  # at once, not after 10 seconds
        assert not ws.read_only
    assert folder_listing(tmp_path) == ["w.okr"]  # its temporary file was cleaned up


def test_an_empty_lock_is_stale_after_two_seconds(tmp_path: Path) -> None:
    # Only a file system without hard links can leave one (see the next test).
    path = make(tmp_path / "w.okr")
    file = locks.lock_path(path)
    file.write_text("")
    with pytest.raises(WorkshopLockedError, match="right now"):
        Workshop.open(path)
    three_seconds_ago = time.time() - 3
    os.utime(file, (three_seconds_ago, three_seconds_ago))
    with Workshop.open(path) as ws:
        assert not ws.read_only
        assert LockInfo.from_json(file.read_text()) == ws.lock_info


def test_without_hard_links_the_lock_is_created_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_a: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # FAT on a USB stick

    monkeypatch.setattr(locks.os, "link", no_links)
    path = make(tmp_path / "w.okr")
    with Workshop.open(path) as ws:
        assert LockInfo.from_json(locks.lock_path(path).read_text()) == ws.lock_info
        assert folder_listing(tmp_path) == [".~w.okr.lock", "w.okr"]
        with pytest.raises(WorkshopLockedError, match="already open for editing"):
            locks.acquire(path)
    assert folder_listing(tmp_path) == ["w.okr"]


def test_a_lock_never_replaces_another_copys_lock(tmp_path: Path) -> None:
    # Many processes race for one file: exactly one wins, every lock it reads is whole.
    path = make(tmp_path / "w.okr")
    racer = textwrap.dedent(
        """
        import sys, time
        from okr_studio.errors import WorkshopLockedError
        from okr_studio.lock import acquire, read_lock
        start = float(sys.argv[2])
        while time.time() < start:
            pass
        try:
            lock = acquire(sys.argv[1])
        except WorkshopLockedError as exc:
            print("lost", "right now" in str(exc), flush=True)
        else:
            print("won", read_lock(sys.argv[1]).token == lock.info.token, flush=True)
            sys.stdin.read()  # hold it until every racer has tried
            lock.release()
        """
    )
    start = str(time.time() + 2.0)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", racer, str(path), start],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(8)
    ]
    try:
        outs = [p.stdout.readline().split() for p in procs]  # type: ignore[union-attr]
    finally:
        for p in procs:
            p.communicate(timeout=60)
    assert sorted(o[0] for o in outs).count("won") == 1, outs
    assert all(o[1] == "True" if o[0] == "won" else o[1] == "False" for o in outs), outs
    assert folder_listing(tmp_path) == ["w.okr"]


def test_a_lock_file_is_as_readable_as_the_users_other_files(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with Workshop.create(tmp_path / "w.okr"):
            mode = stat.S_IMODE(locks.lock_path(tmp_path / "w.okr").stat().st_mode)
    finally:
        os.umask(old)
    assert mode == 0o644


def test_a_stale_lock_of_a_workshop_that_is_gone_is_removed(tmp_path: Path) -> None:
    # A copy killed while it made "new.okr" (after its lock, before the file).
    orphan = write_lock(tmp_path / "new.okr")
    live = write_lock(tmp_path / "other.okr", pid=os.getppid(),
                      started=locks._process_started(os.getppid()))  # fmt: skip
    with Workshop.create(tmp_path / "w.okr"):
        assert not orphan.exists()
        assert live.exists()  # its copy still runs: it may be making that file right now
