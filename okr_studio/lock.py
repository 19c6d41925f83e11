"""The lock file that keeps two running copies from editing one workshop.

Beside ``plan.okr`` an editing copy keeps ``.~plan.okr.lock``: a small,
human-readable JSON file saying who edits it (user, computer, process) and
since when. It is created atomically (``O_CREAT | O_EXCL``) only after the
workshop passed every check, and removed when the workshop is closed, so a
closed workshop leaves no side file behind.

A lock whose process is gone is *stale* and taken over: same computer and the
process is not running, or the computer was restarted since (boot id), or the
process number now belongs to another program (start time). A lock written on
another computer (a shared folder) is always respected: we cannot see its
processes. A read-only copy never takes a lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import secrets
import socket
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from okr_studio._version import __version__
from okr_studio.errors import WorkshopLockedError

LOCK_PREFIX = ".~"
LOCK_SUFFIX = ".lock"
#: An unreadable lock younger than this is taken to be one being written right now.
_FRESH_SECONDS = 10.0

# Lock files this process holds (their tokens), so a lock carrying our own pid
# but no longer held here (left by a workshop never closed) counts as stale.
_held: dict[str, str] = {}
_held_guard = threading.Lock()


def lock_path(path: Path | str) -> Path:
    """The lock file that belongs to the workshop at ``path``."""
    path = Path(path)
    return path.with_name(f"{LOCK_PREFIX}{path.name}{LOCK_SUFFIX}")


@dataclass(frozen=True)
class LockInfo:
    """What a lock file says about the copy of OKR Studio that holds it."""

    user: str
    host: str
    pid: int
    since: str  # ISO 8601 with the holder's time zone
    app: str = "OKR Studio"
    version: str = ""
    boot_id: str = ""
    started: str = ""  # the holding process's start time, when the system tells it
    token: str = ""

    @property
    def since_time(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.since)
        except ValueError:
            return None

    def describe(self) -> str:
        """``anna on laptop-7 (process 4711), since 23:10 on 27 Nov 2026``."""
        when = self.since_time
        since = f"{when.astimezone():%H:%M} on {when.astimezone():%d %b %Y}" if when else self.since
        who = self.user or "someone"
        host = self.host or "an unknown computer"
        return f"{who} on {host} (process {self.pid}), since {since}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LockInfo | None:
        try:
            raw = json.loads(text)
            return cls(
                user=str(raw.get("user", "")),
                host=str(raw.get("host", "")),
                pid=int(raw.get("pid", 0)),
                since=str(raw.get("since", "")),
                app=str(raw.get("app", "")),
                version=str(raw.get("version", "")),
                boot_id=str(raw.get("boot_id", "")),
                started=str(raw.get("started", "")),
                token=str(raw.get("token", "")),
            )
        except (ValueError, TypeError, AttributeError):
            return None


# ---- facts about this computer and its processes ---------------------------
def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return ""


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _process_started(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), else ''."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # Field 22; the command name (field 2) may hold spaces, so count after ')'.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


def pid_alive(pid: int) -> bool:
    """Whether a process with this number runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by another user
    except OSError:
        return True
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def this_host() -> str:
    return socket.gethostname()


def is_stale(info: LockInfo, lock_file: Path | None = None) -> bool:
    """Whether the copy that wrote ``info`` is certainly no longer running."""
    if info.host != this_host():
        return False  # another computer: we cannot tell, so we respect it
    if info.boot_id and _boot_id() and info.boot_id != _boot_id():
        return True  # written before this computer was last started
    if info.pid == os.getpid():
        # Our own process: stale unless this process still holds it.
        if lock_file is None:
            return False
        with _held_guard:
            return _held.get(str(lock_file)) != info.token
    if not pid_alive(info.pid):
        return True
    started = _process_started(info.pid)
    return bool(info.started and started and info.started != started)


def read_lock(path: Path | str) -> LockInfo | None:
    """The lock on the workshop at ``path``, or None when there is none or it is unreadable."""
    try:
        text = lock_path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return LockInfo.from_json(text)


def live_holder(path: Path | str) -> LockInfo | None:
    """Who holds a live lock on the workshop at ``path`` (None if nobody does)."""
    info = read_lock(path)
    if info is None or is_stale(info, lock_path(path)):
        return None
    return info


class WorkshopLock:
    """A lock this process holds on one workshop; :meth:`release` removes the file."""

    def __init__(self, workshop: Path, file: Path, info: LockInfo) -> None:
        self.workshop = workshop
        self.file = file
        self.info = info
        self._released = False

    @property
    def released(self) -> bool:
        return self._released

    def still_held(self) -> bool:
        """Whether the lock file is still there and still ours."""
        current = read_lock(self.workshop)
        return current is not None and current.token == self.info.token

    def release(self) -> None:
        """Remove the lock file if it is still ours. Safe to call twice."""
        if self._released:
            return
        self._released = True
        if os.getpid() != self.info.pid:
            return  # a forked child never removes its parent's lock
        with _held_guard:
            if _held.get(str(self.file)) == self.info.token:
                del _held[str(self.file)]
        if self.still_held():
            with contextlib.suppress(OSError):
                self.file.unlink()


def _new_info() -> LockInfo:
    pid = os.getpid()
    return LockInfo(
        user=_user(),
        host=this_host(),
        pid=pid,
        since=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        version=__version__,
        boot_id=_boot_id(),
        started=_process_started(pid),
        token=secrets.token_hex(8),
    )


def locked_error(workshop: Path, holder: LockInfo) -> WorkshopLockedError:
    if holder.pid == os.getpid() and holder.host == this_host():
        reason = (
            "is already open for editing in this copy of OKR Studio. "
            "Switch to that window, or open it read-only."
        )
    else:
        where = "" if holder.host == this_host() else " (another computer)"
        reason = (
            f"is being edited by {holder.describe()}{where}. "
            "You can open it read-only to look at it. If that copy of OKR Studio is "
            f"no longer running, delete the file “{lock_path(workshop).name}” beside "
            "it and open the workshop again."
        )
    return WorkshopLockedError(workshop, reason, holder=holder.describe(), lock_info=holder)


def _create(file: Path, info: LockInfo) -> None:
    """Create the lock file; FileExistsError when it already exists."""
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, info.to_json().encode("utf-8"))
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            file.unlink()
        raise
    os.close(fd)


def _take_over(file: Path, stale_bytes: bytes) -> bool:
    """Move a stale lock aside, making sure it is the one we judged stale."""
    aside = file.with_name(f"{file.name}.{secrets.token_hex(4)}.stale")
    try:
        file.rename(aside)
    except FileNotFoundError:
        return True  # somebody else removed it; try to create ours
    try:
        if aside.read_bytes() == stale_bytes:
            aside.unlink()
            return True
        # We moved a lock someone wrote a moment ago: put it back if we can.
        if not file.exists():
            aside.rename(file)
        else:
            aside.unlink()
        return False
    except OSError:
        return False


def acquire(workshop: Path | str) -> WorkshopLock:
    """Take the lock on ``workshop`` or raise :class:`WorkshopLockedError`.

    Any other OSError (a read-only folder, a file system that refuses the
    name) propagates to the caller, which then opens the workshop read-only.
    """
    workshop = Path(workshop)
    file = lock_path(workshop)
    for _attempt in range(3):
        info = _new_info()
        try:
            _create(file, info)
        except FileExistsError:
            pass
        else:
            with _held_guard:
                _held[str(file)] = info.token
            return WorkshopLock(workshop, file, info)
        # Someone's lock is there: live, stale, or being written right now.
        try:
            stale_bytes = file.read_bytes()
            age = dt.datetime.now().timestamp() - file.stat().st_mtime
        except FileNotFoundError:
            continue
        holder = LockInfo.from_json(stale_bytes.decode("utf-8", "replace"))
        if holder is None:
            if age < _FRESH_SECONDS:
                raise WorkshopLockedError(
                    workshop,
                    "is being opened by another copy of OKR Studio right now. "
                    "Try again in a moment, or open it read-only.",
                    holder="another copy of OKR Studio",
                )
        elif not is_stale(holder, file):
            raise locked_error(workshop, holder)
        if not _take_over(file, stale_bytes):
            continue
    current = read_lock(workshop)
    if current is not None:
        raise locked_error(workshop, current)
    raise OSError(errno.EEXIST, "could not create the lock file", str(file))
