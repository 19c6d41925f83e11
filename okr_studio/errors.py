"""Errors with a message meant for people.

Every exception the core raises on purpose derives from :class:`OkrError`; the
UI catches it at its edge and shows ``str(error)`` in a dialog.
"""

from __future__ import annotations

from pathlib import Path


class OkrError(Exception):
    """Base of every error the core raises with a message for a facilitator."""


class WorkshopFileError(OkrError):
    """A workshop file could not be opened, created or written."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"“{self.path.name}” {reason}")


class NotAWorkshopError(WorkshopFileError):
    """The file is not an OKR Studio workshop (not SQLite, or another program's database)."""


class DamagedWorkshopError(WorkshopFileError):
    """The file is a workshop but is damaged or truncated."""


class NewerVersionError(WorkshopFileError):
    """The file was written by a newer version of OKR Studio."""


class UnsafeWorkshopError(WorkshopFileError):
    """The file holds schema objects OKR Studio did not create (triggers, views…)."""


class WorkshopLockedError(WorkshopFileError):
    """Another running copy of OKR Studio is editing the file."""

    def __init__(
        self, path: Path | str, reason: str, holder: str = "", lock_info: object = None
    ) -> None:
        #: Who holds it, in words ("anna on laptop-7 (process 4711), since …").
        self.holder = holder
        #: The holder's :class:`okr_studio.lock.LockInfo`, when its lock file could be read.
        self.lock_info = lock_info
        super().__init__(path, reason)


class WorkshopWriteError(WorkshopFileError):
    """A change could not be written (disk full, read-only, file gone)."""


class FileWriteError(OkrError):
    """A file could not be written (see :mod:`okr_studio.safewrite`); nothing was replaced.

    ``reason`` is the sentence after the file's name ("could not be saved: the
    disk is full. …"); ``kept`` says a file of that name was there and was left as it was.
    """

    def __init__(self, path: Path | str, reason: str, *, kept: bool = False) -> None:
        self.path = Path(path)
        self.reason = reason
        self.kept = kept
        tail = " Any earlier copy of the file was left as it was." if kept else ""
        super().__init__(f"“{self.path.name}” {reason}{tail}")


class ReadOnlyError(OkrError):
    """An edit was attempted on a workshop opened read-only."""


class EditRefused(OkrError):
    """A service refused an edit; the message says why in the product's words."""


class NotFound(EditRefused):
    """The item an edit names is no longer in the workshop."""
