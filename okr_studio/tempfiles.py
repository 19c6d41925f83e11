"""Our hidden temporary files beside a target, and the debris a crash leaves of them.

Every file OKR Studio writes is first made as a hidden temporary file in the
target's own folder (so putting it in place is a rename on one drive)::

    .~plan.okr.4711-9f3c1a2b.tmp           a workshop, PDF or export being written
    .~plan.okr.4711-9f3c1a2b.tmp-journal   SQLite's journal while a copy is made
    .~plan.okr.lock.4711-0a1b2c3d.tmp      a lock file being written
    .~plan.okr.lock.4711-0a1b2c3d.stale    a stale lock being taken over

``4711`` is the process writing it. That process holds an advisory lock
(``flock``) on its temporary file from the moment it exists until it is gone;
a process that is killed loses its ``flock`` with its life, and its file
stays behind. :func:`remove_stale` removes such debris in a folder, at the
next open or save there: every file of these patterns that is not this
process's own work in progress, that no live process holds, and that is not
a file a live process made a moment ago (a file is held a few microseconds
after it was created). Where ``flock`` does not exist (Windows), a file that
is open cannot be deleted, which gives the same protection.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from okr_studio.processes import pid_alive

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

#: Names of our temporary files: ``.~`` + target + ``.`` [pid ``-``] random + kind.
#: (Files made before the pid was part of the name have none.)
_PATTERN = re.compile(r"^\.~.+\.(?:(?P<pid>\d+)-)?[A-Za-z0-9_]+\.(?:tmp|tmp-journal|stale)$")
#: A file a live process made this recently may not be held yet: leave it alone.
YOUNG_SECONDS = 2.0
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

# Temporary files this process is writing right now (never cleaned up under its feet).
_ours: set[str] = set()
_ours_guard = threading.Lock()


@dataclass
class HeldTemp:
    """A temporary file this process made and holds; ``fd`` is open for reading and writing."""

    path: Path
    fd: int
    closed: bool = False

    @property
    def journal(self) -> Path:
        return self.path.with_name(self.path.name + "-journal")


def temp_name(target: Path, kind: str = ".tmp") -> Path:
    """A fresh temporary name beside ``target`` (``.~NAME.PID-RANDOM.tmp``)."""
    base = target.name[2:] if target.name.startswith(".~") else target.name
    return target.with_name(f".~{base[:100]}.{os.getpid()}-{os.urandom(4).hex()}{kind}")


def hold(fd: int) -> None:
    """Hold ``fd``'s file for this process's life (released when the fd is closed)."""
    if fcntl is not None:
        with contextlib.suppress(OSError):  # a file system without flock: nothing to hold
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def create_beside(target: Path) -> HeldTemp:
    """Create and hold a new, empty temporary file beside ``target``.

    It is created with mode 0666 less the user's umask (what any new file of
    the user gets), never the 0600 of :func:`tempfile.mkstemp`. OSError (a
    read-only folder, a full disk) goes to the caller.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | _BINARY | _CLOEXEC
    for _attempt in range(100):
        path = temp_name(target)
        try:
            fd = os.open(path, flags, 0o666)
        except FileExistsError:
            continue
        hold(fd)
        with _ours_guard:
            _ours.add(str(path))
        return HeldTemp(path, fd)
    raise FileExistsError(f"no free temporary name beside {target.name}")


def discard(temp: HeldTemp) -> None:
    """Remove what is left of ``temp`` (it may have been renamed already) and let it go."""
    for leftover in (temp.path, temp.journal):
        with contextlib.suppress(OSError):
            leftover.unlink()
    close(temp)


def close(temp: HeldTemp) -> None:
    if not temp.closed:
        temp.closed = True
        with contextlib.suppress(OSError):
            os.close(temp.fd)
    with _ours_guard:
        _ours.discard(str(temp.path))


# ---- clean-up of a crash's debris ---------------------------------------------------
def _young(st: os.stat_result, pid: int | None) -> bool:
    """Made a moment ago by a process that may still be about to hold it."""
    if time.time() - st.st_mtime >= YOUNG_SECONDS:
        return False
    return pid is None or pid == os.getpid() or pid_alive(pid)


def _held_elsewhere(path: Path) -> bool:
    """Whether a live process holds ``path`` (True when that cannot be told)."""
    if fcntl is None:  # pragma: no cover - Windows: deleting an open file fails anyway
        return False
    flags = os.O_RDONLY | _CLOEXEC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return True
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return True
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True  # held (EWOULDBLOCK), or no flock here: leave it
    finally:
        os.close(fd)  # releases our own flock; the file is removed right after
    return False


def _stale(folder: Path, name: str, pid: int | None) -> bool:
    path = folder / name
    with _ours_guard:
        if str(path) in _ours:
            return False
    try:
        st = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode) or _young(st, pid):
        return False
    if name.endswith("-journal"):
        owner = folder / name.removesuffix("-journal")
        with _ours_guard:
            if str(owner) in _ours:
                return False
        return not (os.path.lexists(owner) and _held_elsewhere(owner))
    return not _held_elsewhere(path)


def remove_stale(folder: Path) -> list[str]:
    """Remove the debris of our temporary files in ``folder``; returns the names removed.

    Never raises: a folder that cannot be listed or written is left as it is.
    """
    removed: list[str] = []
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(".~")]
    except OSError:
        return removed
    # Journals last, so a journal whose file was just removed goes too.
    for name in sorted(names, key=lambda n: n.endswith("-journal")):
        match = _PATTERN.match(name)
        if match is None:
            continue
        pid = int(match["pid"]) if match["pid"] else None
        if _stale(folder, name, pid):
            with contextlib.suppress(OSError):
                (folder / name).unlink()
                removed.append(name)
    return removed
