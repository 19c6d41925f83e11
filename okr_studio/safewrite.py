"""The one way OKR Studio writes a file: whole, or not at all.

Every file the app writes — a new workshop, a Save As copy, a PDF, and every
export, review sheet or breakout file to come — goes through here::

    from okr_studio.safewrite import atomic_write, write_bytes

    with atomic_write(path) as fh:        # a binary file object
        for chunk in rows_as_csv(data):   # written piece by piece
            fh.write(chunk)

    write_bytes(path, pdf_bytes)          # a finished byte string
    write_with(path, book.save)           # a callable that writes to a file object

    with atomic_path(path) as pending:    # a writer that needs a path (SQLite)
        build_database(pending.temp)      # close it before the block ends

What happens, in order:

1. The target is checked (:func:`check_target`): a link is followed to the
   file it points to, and that file is written (the link stays, as editors
   do); a folder, a device, a pipe or a socket is refused; so is a missing
   folder. Nothing is opened to check it.
2. Debris of earlier crashes in that folder is removed
   (:func:`okr_studio.tempfiles.remove_stale`).
3. A hidden temporary file is made beside the target, with mode 0666 less
   the user's umask (a new file is as readable as any other file the user
   makes); the body writes into it.
4. When the body ends without an error: the file is flushed and synced to
   the disk; when it replaces a file, it takes that file's mode (and, where
   allowed, its owner and group); it is renamed over the target (or, with
   ``exclusive=True``, hard-linked to a name that must not exist yet, which
   never replaces a file that appeared meanwhile); the folder is synced so
   the rename survives a power cut.
5. On any failure, or an exception from the body, the temporary file is
   removed and the target is exactly as it was.

Failures of the file system raise :class:`~okr_studio.errors.FileWriteError`
with a message from :mod:`okr_studio.write_errors` ("“sheets.pdf” could not be
saved: the disk is full. …"); any other exception from the body passes through
unchanged. Several threads may write different files at once.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from okr_studio import tempfiles
from okr_studio.errors import FileWriteError
from okr_studio.write_errors import Stage, write_reason

T = TypeVar("T")

NOT_A_FILE = "is not an ordinary file (it may be a device or a pipe), so it cannot be written to. "
NOT_A_FILE += "Choose another name."


@dataclass(frozen=True)
class Target:
    """Where a write really goes: ``real`` (links followed) and what is there now."""

    path: Path
    real: Path
    existing: os.stat_result | None


def real_path(path: Path | str) -> Path:
    """``path`` with every link followed (the file a write really changes)."""
    return Path(os.path.realpath(Path(path).absolute()))


def check_target(path: Path | str, *, action: str = "saved") -> Target:
    """Refuse a target that cannot be written as a file; say where the write really goes."""
    path = Path(path).absolute()
    try:
        existing: os.stat_result | None = path.stat()  # follows links
    except FileNotFoundError:
        existing = None  # nothing there, or a link to a file not made yet
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileWriteError(
                path, "is a shortcut (link) that leads back to itself. Choose another name."
            ) from exc
        raise _error(path, exc, "create", action) from exc
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise FileWriteError(path, "is a folder. Choose a file name to save to.")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise FileWriteError(path, NOT_A_FILE)
    real = real_path(path)
    if not real.parent.is_dir():
        raise FileWriteError(path, f"cannot be {action}: its folder does not exist.")
    return Target(path, real, existing)


def _error(
    path: Path, exc: BaseException, stage: Stage, action: str, kept: bool = False
) -> Exception:
    return FileWriteError(path, write_reason(exc, path=path, stage=stage, action=action), kept=kept)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not possible, nor needed, on Windows)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename still happened
    finally:
        os.close(fd)


class Pending:
    """One file being written: ``temp`` now, the target once the block ends well."""

    def __init__(self, target: Target, *, exclusive: bool, action: str) -> None:
        self.target = target
        self.exclusive = exclusive
        self.action = action
        self.stage: Stage = "create"
        self._temp: tempfiles.HeldTemp | None = None

    @property
    def temp(self) -> Path:
        assert self._temp is not None
        return self._temp.path

    @property
    def fd(self) -> int:
        """The temporary file's descriptor (open for reading and writing; do not close it)."""
        assert self._temp is not None
        return self._temp.fd

    def begin(self) -> None:
        tempfiles.remove_stale(self.target.real.parent)
        self._temp = tempfiles.create_beside(self.target.real)
        self.stage = "write"

    def publish(self) -> None:
        """Sync the temporary file and put it in place of the target."""
        fd, real, old = self.fd, self.target.real, self.target.existing
        os.fsync(fd)
        if old is not None:
            _keep_mode(fd, self.temp, old)
        self.stage = "replace"
        if self.exclusive:
            _link_new(self.temp, real)
        else:
            _refuse_if_not_a_file(self.target.path, real)
            self.temp.replace(real)
        fsync_dir(real.parent)

    def end(self) -> None:
        if self._temp is not None:
            tempfiles.discard(self._temp)

    def failure(self, exc: BaseException) -> Exception:
        kept = self.target.existing is not None and not self.exclusive
        return _error(self.target.path, exc, self.stage, self.action, kept)


def _keep_mode(fd: int, temp: Path, old: os.stat_result) -> None:
    mode = stat.S_IMODE(old.st_mode)
    if hasattr(os, "fchown"):
        with contextlib.suppress(OSError):  # only root may give a file to another user
            os.fchown(fd, old.st_uid, old.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows
        temp.chmod(mode)


def _refuse_if_not_a_file(path: Path, real: Path) -> None:
    """A device or pipe put at the name while we wrote is not replaced either."""
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(real.lstat().st_mode):
            raise FileWriteError(path, NOT_A_FILE)


def _link_new(temp: Path, real: Path) -> None:
    """Give ``temp`` the name ``real``, which must not exist (FileExistsError if it does)."""
    try:
        os.link(temp, real)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, exFAT, some shares): check, then rename
        if os.path.lexists(real):
            raise FileExistsError(errno.EEXIST, "File exists", str(real)) from None
        temp.replace(real)


@contextmanager
def atomic_path(
    path: Path | str, *, exclusive: bool = False, action: str = "saved"
) -> Iterator[Pending]:
    """Write ``path`` through a temporary file the body fills by its path (``pending.temp``).

    For writers that open the file themselves (SQLite). The body must close
    every handle it opened on ``pending.temp`` before the block ends.
    ``exclusive=True`` refuses to replace anything (FileWriteError whose
    ``__cause__`` is a FileExistsError); ``action`` is the verb of the messages.
    """
    pending = Pending(check_target(path, action=action), exclusive=exclusive, action=action)
    try:
        pending.begin()
        yield pending
        pending.publish()
    except OSError as exc:
        raise pending.failure(exc) from exc
    finally:
        pending.end()


@contextmanager
def atomic_write(path: Path | str, *, exclusive: bool = False) -> Iterator[BinaryIO]:
    """Write ``path`` whole from a binary file object the body writes to, piece by piece."""
    with (
        atomic_path(path, exclusive=exclusive) as pending,
        os.fdopen(pending.fd, "wb", closefd=False) as fh,
    ):
        yield fh
        fh.flush()


def write_with(path: Path | str, writer: Callable[[BinaryIO], T], *, exclusive: bool = False) -> T:
    """Write ``path`` whole by calling ``writer`` with a binary file object; returns its result."""
    with atomic_write(path, exclusive=exclusive) as fh:
        return writer(fh)


def write_bytes(path: Path | str, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` whole."""
    with atomic_write(path, exclusive=exclusive) as fh:
        fh.write(data)
