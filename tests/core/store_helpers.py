"""Helpers shared by the store, lock, migration and Save As tests."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fingerprint(path: Path) -> tuple[bytes, int]:
    """The bytes and the modification time (ns) of a file, to prove it was not touched.

    Only call this while no SQLite connection of this process has ``path`` open.
    """
    return path.read_bytes(), path.stat().st_mtime_ns


def backup_copy(source: Path, target: Path) -> Path:
    """Copy a closed workshop file to ``target`` with SQLite's backup API (``source`` is
    opened read-only, so it is never changed); returns ``target``."""
    import sqlite3

    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            reader.backup(copy)
        finally:
            copy.close()
    finally:
        reader.close()
    return target


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def run_python(code: str, *, env: dict[str, str] | None = None, timeout: float = 60) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line last, which is returned."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def make_device(path: Path) -> Path:
    """A private character device node (like /dev/null) in the test's own folder.

    Never the machine's own /dev entries: a test must not be able to harm them.
    """
    import pytest

    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def permissions_bind_us(folder: Path) -> bool:
    """Whether file permissions stop this process (they do not stop root)."""
    probe = folder / ".probe"
    probe.write_text("")
    probe.chmod(0o444)
    try:
        with probe.open("a"):
            return False
    except PermissionError:
        return True
    finally:
        probe.unlink()


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """A view of ``folder`` that this process cannot write to.

    Where permissions bind us, they do it; root ignores them, so a read-only bind
    mount is used instead (skipped where mounting is not allowed).
    """
    import pytest

    if permissions_bind_us(folder):
        files = [p for p in folder.iterdir() if p.is_file()]
        for p in files:
            p.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
            for p in files:
                p.chmod(0o644)
        return
    view = folder.with_name(folder.name + "-ro")
    view.mkdir()
    bind = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True)
    if bind.returncode != 0:
        view.rmdir()
        pytest.skip("running as root and cannot mount a read-only view of a folder")
    try:
        remount = subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], capture_output=True)
        if remount.returncode != 0:
            pytest.skip("cannot make a read-only mount here")
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=False)
        view.rmdir()
