"""The lock file that keeps two running copies from editing one workshop.

Beside ``plan.okr`` an editing copy keeps ``.~plan.okr.lock``: a small,
human-readable JSON file saying who edits it (user, computer, process) and
since when. It appears whole, in one step (written to a temporary file, then
hard-linked to its name, see :func:`_create`), only after the workshop passed
every check, is as readable as any file the user makes (their umask), and is
removed when the workshop is closed, so a closed workshop leaves no side file
behind. Taking a lock also tidies the folder (:func:`tidy_folder`): temporary
files and locks of missing workshops that crashed copies left behind.

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
import json
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from okr_studio import tempfiles
from okr_studio._version import __version__
from okr_studio.errors import WorkshopLockedError
from okr_studio.processes import boot_id as _boot_id
from okr_studio.processes import pid_alive, this_host
from okr_studio.processes import process_started as _process_started
from okr_studio.processes import user_name as _user

LOCK_PREFIX = ".~"
LOCK_SUFFIX = ".lock"
#: An empty or unreadable lock younger than this is taken to be one being written
#: right now (only possible where there are no hard links, see :func:`_create`).
_FRESH_SECONDS = 2.0

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
        token=os.urandom(8).hex(),  # (secrets.token_hex, without loading hmac and ssl)
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
    """Create the lock file with its content in one step; FileExistsError when it exists.

    The content is written to a temporary file first, which is then hard-linked
    to the lock's name: the link either makes the whole lock appear or fails
    because a lock is there (a rename would replace another copy's lock).
    Where the file system has no hard links (FAT on a USB stick), the lock is
    created exclusively and then filled; an empty lock is then stale after
    ``_FRESH_SECONDS``.
    """
    data = info.to_json().encode("utf-8")
    temp = tempfiles.create_beside(file)
    try:
        os.write(temp.fd, data)
        try:
            os.link(temp.path, file)
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system
            _create_exclusive(file, data)
    finally:
        tempfiles.discard(temp)


def _create_exclusive(file: Path, data: bytes) -> None:
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        os.write(fd, data)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            file.unlink()
        raise
    os.close(fd)


def _take_over(file: Path, stale_bytes: bytes) -> bool:
    """Move a stale lock aside, making sure it is the one we judged stale."""
    aside = tempfiles.temp_name(file, ".stale")
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return True  # somebody else removed it; try to create ours
    except OSError:
        return False
    try:
        tempfiles.hold(fd)  # so no clean-up removes it while it is aside
        try:
            file.rename(aside)
        except FileNotFoundError:
            return True
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
    finally:
        os.close(fd)


def _remove_orphans(folder: Path) -> None:
    """Remove stale locks of workshops that do not exist (a crash while creating one)."""
    try:
        names = [p.name for p in folder.iterdir() if p.name.startswith(LOCK_PREFIX)]
    except OSError:
        return
    for name in names:
        if not name.endswith(LOCK_SUFFIX) or len(name) <= len(LOCK_PREFIX + LOCK_SUFFIX):
            continue
        workshop = folder / name[len(LOCK_PREFIX) : -len(LOCK_SUFFIX)]
        if os.path.lexists(workshop):
            continue
        file = folder / name
        try:
            raw = file.read_bytes()
            age = time.time() - file.stat().st_mtime
        except OSError:
            continue
        holder = LockInfo.from_json(raw.decode("utf-8", "replace"))
        stale = age >= _FRESH_SECONDS if holder is None else is_stale(holder, file)
        if stale and not os.path.lexists(workshop):
            _take_over(file, raw)


def tidy_folder(folder: Path) -> None:
    """Remove what crashes left in ``folder``: temporary files and orphaned stale locks."""
    tempfiles.remove_stale(folder)
    _remove_orphans(folder)


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
            tidy_folder(file.parent)
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
