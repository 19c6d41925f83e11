"""A hostile environment for the fault tests: small drives, read-only views, pulled sticks.

Everything here uses real operating-system mechanisms (no mocks of the store):

- :func:`small_drive` mounts a tiny tmpfs (a disk that really fills up);
- :func:`read_only_file` / :func:`read_only_folder` make a file or a folder
  unwritable (permissions for a normal user; a read-only bind mount for root,
  whom permissions do not stop);
- :func:`usb_stick` mounts a small ext4 image through a loop device, and
  :func:`pull_out` shuts that file system down, so every read and write of the
  files on it fails with EIO, as when a USB stick is pulled out.

Each skips the test where the machine does not allow it (no root, no mount).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import stat
import struct
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.store import Workshop

# ext4's "shut the file system down" ioctl: _IOR('X', 125, __u32); flag NOLOGFLUSH.
EXT4_IOC_SHUTDOWN = 0x8004587D
EXT4_GOING_FLAGS_NOLOGFLUSH = 2


# ---- files ----------------------------------------------------------------------------
def small_workshop(path: Path, *, name: str = "Spring offsite") -> Path:
    """A company objective with two key results; a department objective aligned to the first."""
    with Workshop.create(path, name=name, cycle="2027 Q1") as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
        obj = services.add_objective(ws, company, "Customers love us").subject[1]  # type: ignore[index]
        nps = services.add_key_result(ws, obj, "Raise NPS from 30 to 45", baseline=30, target=45)
        services.add_key_result(ws, obj, "Cut churn from 5% to 3%", baseline=5, target=3)
        product = services.add_unit(ws, "Product", "department", company).subject[1]  # type: ignore[index]
        services.add_objective(ws, product, "Ship weekly", parent_kr_id=nps.subject[1])  # type: ignore[index]
    return path


def rows(path: Path, sql: str) -> list[tuple]:
    """Query a workshop file with plain SQLite, read-only (as another program would)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def titles(path: Path) -> set[str]:
    sql = "SELECT title FROM objective UNION SELECT title FROM key_result"
    return {r[0] for r in rows(path, sql)}


def listing(folder: Path) -> dict[str, tuple]:
    """Every entry of ``folder``: kind and bytes (or link target) and mtime."""
    out: dict[str, tuple] = {}
    for entry in sorted(os.listdir(folder)):
        p = folder / entry
        st = p.lstat()
        if stat.S_ISLNK(st.st_mode):
            out[entry] = ("link", os.readlink(p))
        elif stat.S_ISDIR(st.st_mode):
            out[entry] = ("dir", tuple(sorted(os.listdir(p))), st.st_mtime_ns)
        else:
            mode = stat.S_IMODE(st.st_mode)
            if mode & 0o400:
                data = p.read_bytes()
            else:  # the corpus's unreadable file: read it, as its owner may
                p.chmod(mode | 0o400)
                try:
                    data = p.read_bytes()
                finally:
                    p.chmod(mode)
            out[entry] = ("file", data, st.st_mtime_ns, mode)
    return out


# ---- mounts -----------------------------------------------------------------------------
def _need_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a file system")


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True, check=False)


@contextmanager
def small_drive(folder: Path, size: str = "512k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder``: a drive that really fills up."""
    _need_root()
    folder.mkdir(parents=True, exist_ok=True)
    if _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)).returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def fill(drive: Path, leave: int = 0) -> Path:
    """Fill ``drive`` until at most ``leave`` bytes are free; returns the filler file."""
    filler = drive / "filler.bin"
    with open(filler, "ab") as fh:
        while True:
            vfs = os.statvfs(drive)
            free = vfs.f_bavail * vfs.f_frsize
            if free <= leave:
                break
            try:
                fh.write(b"\0" * min(free - leave, 1 << 20))
                fh.flush()
            except OSError:
                break
    return filler


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """``path`` cannot be written, while its folder can."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield path
        finally:
            path.chmod(0o644)
        return
    if _run("mount", "--bind", str(path), str(path)).returncode:
        pytest.skip("cannot bind-mount a file here")
    try:
        if _run("mount", "-o", "remount,bind,ro", str(path)).returncode:
            pytest.skip("cannot make a read-only bind mount here")
        yield path
    finally:
        _run("umount", "-l", str(path))


@contextmanager
def read_only_folder(folder: Path, file_name: str) -> Iterator[Path]:
    """A view of ``folder`` where nothing new can be created, but ``file_name`` can be written.

    Yields the folder to open the file from (``folder`` itself for a normal user).
    """
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    view = folder.with_name(folder.name + "-ro")
    view.mkdir()
    mounted: list[Path] = []
    try:
        if _run("mount", "--bind", str(folder), str(view)).returncode:
            pytest.skip("cannot bind-mount a folder here")
        mounted.append(view)
        if _run("mount", "-o", "remount,bind,ro", str(view)).returncode:
            pytest.skip("cannot make a read-only bind mount here")
        # The file itself stays writable: a writable bind of it over the read-only view.
        inner = view / file_name
        if _run("mount", "--bind", str(folder / file_name), str(inner)).returncode:
            pytest.skip("cannot bind-mount a file here")
        mounted.append(inner)
        yield view
    finally:
        for point in reversed(mounted):
            _run("umount", "-l", str(point))
        view.rmdir()


@contextmanager
def usb_stick(folder: Path, image: Path, size_mb: int = 8) -> Iterator[Path]:
    """A small ext4 file system on a loop device, mounted at ``folder``."""
    _need_root()
    folder.mkdir(parents=True, exist_ok=True)
    with open(image, "wb") as fh:
        fh.truncate(size_mb << 20)
    if _run("mkfs.ext4", "-q", "-F", str(image)).returncode:
        pytest.skip("mkfs.ext4 is not available")
    if _run("mount", "-o", "loop", str(image), str(folder)).returncode:
        pytest.skip("cannot mount a loop device here")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def pull_out(stick: Path) -> None:
    """Make the file system at ``stick`` fail every read and write (EIO), like a pulled stick."""
    fd = os.open(stick, os.O_RDONLY)
    try:
        fcntl.ioctl(fd, EXT4_IOC_SHUTDOWN, struct.pack("I", EXT4_GOING_FLAGS_NOLOGFLUSH))
    except OSError as exc:
        pytest.skip(f"cannot shut the file system down here ({exc})")
    finally:
        os.close(fd)
