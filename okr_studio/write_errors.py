"""Why writing a file failed, in a facilitator's words: the one translation.

Every writer in the core (the atomic writer in :mod:`okr_studio.safewrite`, New,
Save As and the rescue copy in :mod:`okr_studio.files` and
:mod:`okr_studio.rescue`, each edit's transaction in
:mod:`okr_studio.services._tx`) turns an ``OSError`` or an SQLite error into a
sentence here, so a full disk reads the same whether a PDF, a Save As copy or
an edit hit it. Two steps:

- :func:`write_cause` sorts an error into one of a few causes (:data:`FULL`,
  :data:`DENIED`, :data:`DRIVE`, :data:`BUSY`, :data:`GONE`, :data:`EXISTS`,
  :data:`LONG_NAME`, :data:`OTHER`), from ``errno`` or SQLite's error code
  (``DBAPIError.orig`` is looked through).
- :func:`write_reason` (a file being written: an export, a copy) and
  :func:`edit_reason` (a change to the open workshop) give the sentence that
  follows the file's name: ``“sheets.pdf” could not be saved: the disk is full. …``.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Literal

FULL = "full"
DENIED = "denied"
DRIVE = "drive"
BUSY = "busy"
GONE = "gone"
EXISTS = "exists"
LONG_NAME = "long name"
OTHER = "other"

#: Where in a write it failed: making the temporary file, writing it, or putting it in place.
Stage = Literal["create", "write", "replace"]

_ERRNO: dict[int, str] = {
    errno.ENOSPC: FULL,
    errno.EFBIG: FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): FULL,
    errno.EACCES: DENIED,
    errno.EPERM: DENIED,
    errno.EROFS: DENIED,
    errno.EIO: DRIVE,
    errno.ENXIO: DRIVE,
    errno.ENODEV: DRIVE,
    getattr(errno, "ESTALE", errno.EIO): DRIVE,
    getattr(errno, "ENOTCONN", errno.EIO): DRIVE,
    errno.EBUSY: BUSY,
    getattr(errno, "ETXTBSY", errno.EBUSY): BUSY,
    errno.ENOENT: GONE,
    errno.ENOTDIR: GONE,
    errno.EEXIST: EXISTS,
    errno.ENAMETOOLONG: LONG_NAME,
}

_SQLITE: dict[int, str] = {
    sqlite3.SQLITE_FULL: FULL,
    sqlite3.SQLITE_READONLY: DENIED,
    sqlite3.SQLITE_PERM: DENIED,
    sqlite3.SQLITE_IOERR: DRIVE,
    sqlite3.SQLITE_CANTOPEN: GONE,
    sqlite3.SQLITE_BUSY: BUSY,
    sqlite3.SQLITE_LOCKED: BUSY,
}

# SQLite's messages, for errors that carry no code (older drivers, wrapped errors).
_WORDS = (
    ("full", FULL),
    ("readonly", DENIED),
    ("read-only", DENIED),
    ("disk i/o", DRIVE),
    ("unable to open", GONE),
    ("locked", BUSY),
    ("busy", BUSY),
)


def _unwrap(exc: BaseException) -> BaseException:
    orig = getattr(exc, "orig", None)  # sqlalchemy's DBAPIError
    return orig if isinstance(orig, BaseException) else exc


def write_cause(exc: BaseException) -> str:
    """Which of the causes above ``exc`` (an OSError, an SQLite error) comes down to."""
    exc = _unwrap(exc)
    if isinstance(exc, OSError) and exc.errno in _ERRNO:
        return _ERRNO[exc.errno]
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE:
        return _SQLITE[code & 0xFF]
    message = str(exc).lower()
    for words, cause in _WORDS:
        if words in message:
            return cause
    return OTHER


def _detail(exc: BaseException) -> str:
    exc = _unwrap(exc)
    return str(getattr(exc, "strerror", None) or exc or type(exc).__name__)


def _folder(path: Path | None) -> str:
    if path is None:
        return "that folder"
    parent = Path(path).parent
    return f"the folder “{parent.name or parent}”"


def write_reason(
    exc: BaseException,
    *,
    path: Path | None = None,
    stage: Stage = "write",
    action: str = "saved",
) -> str:
    """The sentence after a file's name when writing it failed, with what to do next.

    ``action`` is the verb of the failed attempt ("saved", "created"); ``path``
    lets the sentence name the folder that refused.
    """
    cause = write_cause(exc)
    failed = f"could not be {action}"
    if cause == FULL:
        return f"{failed}: the disk is full. Free some space, or choose another drive."
    if cause == DENIED and stage == "replace":
        return (
            "could not be replaced: it may be open in another program, or be read-only. "
            "Close it there (or choose another name), then try again."
        )
    if cause == DENIED:
        return (
            f"{failed}: {_folder(path)} cannot be written to. Choose another folder, "
            "for example your Documents folder."
        )
    if cause == DRIVE:
        return (
            f"{failed}: the drive reported an error while writing (was it removed?). "
            "Choose another place."
        )
    if cause == BUSY:
        return f"{failed}: another program is using it right now. Close it there, or try again."
    if cause == GONE:
        return (
            f"{failed}: its folder is no longer there (was it moved, or its drive removed?). "
            "Choose another folder."
        )
    if cause == EXISTS:
        return "already exists. Choose another name."
    if cause == LONG_NAME:
        return f"{failed}: its name or folder path is too long. Choose a shorter name."
    return f"{failed} ({_detail(exc)}). Choose another place, or try again."


def edit_reason(exc: BaseException, *, reachable: Callable[[], bool]) -> str:
    """The sentence after the workshop's name when writing one change to it failed.

    ``reachable`` is asked only when the drive failed: it tells a drive that
    refused the write (the file is still there) from a file that is gone.
    """
    cause = write_cause(exc)
    if cause == FULL:
        return (
            "was not changed: the disk is full. Free some space on that drive (delete "
            "files you no longer need), then make your last change again, or use "
            "File → Save As to keep working on another drive. Everything before that "
            "change is safe in the file."
        )
    if cause == DENIED:
        return "could not be saved: the file or its folder is read-only."
    if cause in (DRIVE, GONE):
        if reachable():
            # The file is still there: the write itself failed (a full or failing
            # drive, or a file-size limit), not the path.
            return (
                "could not be saved: the drive refused the write (it may be full or "
                "failing). Free some space or use Save As to put a copy on another drive; "
                "the workshop still holds everything up to the last change."
            )
        return (
            "could not be saved: the file cannot be reached (was the drive removed, or "
            "the file moved?). Use Save As to keep a copy of what is on screen."
        )
    if cause == BUSY:
        return "could not be saved: another program is using the file right now."
    return f"could not be saved ({_detail(exc)})."
