"""Everything :class:`~okr_studio.store.Workshop` checks before it trusts a file.

In order: the path leads to an ordinary, readable file; its 100-byte header is
SQLite's, carries our ``application_id`` and a ``user_version`` we know, and
agrees with the file's size; then, through a read-only connection,
``PRAGMA quick_check`` passes and the schema holds exactly the objects of that
version (see :func:`okr_studio.migrations.layout`). Nothing here writes to the
file; each refusal is an :class:`~okr_studio.errors.OkrError` naming the file
and the reason in a facilitator's words.

The header is read with ``os.open``/``os.pread`` only when no SQLite connection
of this process has the file open: closing any descriptor of a file drops the
POSIX locks SQLite holds on it (docs/architecture.md, "The file rules").
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from okr_studio import migrations
from okr_studio.errors import (
    DamagedWorkshopError,
    NewerVersionError,
    NotAWorkshopError,
    UnsafeWorkshopError,
    WorkshopFileError,
)
from okr_studio.vocab import APPLICATION_ID, SCHEMA_VERSION

MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
_OUR_ID = struct.pack(">I", APPLICATION_ID)
_OUR_TABLES = {"workshop", "unit", "objective", "key_result"}

DAMAGED_HINT = "Open a backup or an earlier copy of it (one you e-mailed, or on a USB stick)."

_KNOWN_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or an office document"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "a rich-text document"),
)


def sqlite_uri(path: Path, mode: str) -> str:
    """A ``file:`` URI for SQLite; quoting keeps names with ``?``, ``#`` or ``%`` intact."""
    posix = Path(path).as_posix()
    if not posix.startswith("/"):
        posix = "/" + posix  # Windows drive paths: file:/C:/…
    return f"file:{quote(posix)}?mode={mode}"


# ---- the path ------------------------------------------------------------------
def stat_file(path: Path) -> os.stat_result:
    """Stat ``path`` (following links) and make sure it is an ordinary file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if os.path.lexists(path):
            raise WorkshopFileError(
                path, "is a shortcut (link) to a file that no longer exists."
            ) from None
        raise WorkshopFileError(
            path, "was not found. It may have been moved, renamed or deleted."
        ) from None
    except OSError as exc:
        raise WorkshopFileError(path, os_reason(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise WorkshopFileError(path, "is a folder, not a workshop file.")
    if not stat.S_ISREG(st.st_mode):
        raise WorkshopFileError(
            path, "is not an ordinary file (it may be a device or a pipe), so it is not a workshop."
        )
    return st


def os_reason(exc: OSError) -> str:
    """Why a file could not be reached, for a facilitator."""
    code = exc.errno
    if code == errno.ELOOP:
        return "is a shortcut (link) that leads back to itself, so it points to no file."
    if code in (errno.EACCES, errno.EPERM):
        return (
            "cannot be read: you do not have permission to open it. Ask its owner for "
            "access, or copy it to one of your own folders."
        )
    if code == errno.ENAMETOOLONG:
        return "has a name or folder path that is too long to open."
    if code in (errno.EIO, errno.ENXIO, errno.ENODEV, errno.ESTALE):
        return "cannot be read from its drive (was the drive removed or disconnected?)."
    if code == errno.ENOTDIR:
        return "was not found: part of its folder path is not a folder."
    return f"cannot be opened ({exc.strerror or exc})."


def read_header(path: Path) -> bytes:
    """The first 100 bytes of ``path``, read without ``open()``."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise WorkshopFileError(path, os_reason(exc)) from exc
    try:
        return os.pread(fd, HEADER_SIZE, 0) if hasattr(os, "pread") else os.read(fd, HEADER_SIZE)
    except OSError as exc:
        raise WorkshopFileError(path, os_reason(exc)) from exc
    finally:
        os.close(fd)


# ---- the header ----------------------------------------------------------------
@dataclass(frozen=True)
class Header:
    page_size: int
    write_version: int
    read_version: int
    change_counter: int
    page_count: int
    valid_for: int
    schema_format: int
    encoding: int
    user_version: int
    application_id: int

    @classmethod
    def parse(cls, raw: bytes) -> Header:
        page_size = struct.unpack(">H", raw[16:18])[0]
        return cls(
            page_size=65536 if page_size == 1 else page_size,
            write_version=raw[18],
            read_version=raw[19],
            change_counter=struct.unpack(">I", raw[24:28])[0],
            page_count=struct.unpack(">I", raw[28:32])[0],
            valid_for=struct.unpack(">I", raw[92:96])[0],
            schema_format=struct.unpack(">I", raw[44:48])[0],
            encoding=struct.unpack(">I", raw[56:60])[0],
            user_version=struct.unpack(">i", raw[60:64])[0],
            application_id=struct.unpack(">I", raw[68:72])[0],
        )

    def sane(self, raw: bytes) -> bool:
        """Whether the fields SQLite fixes hold their only legal values."""
        ps = self.page_size
        return (
            512 <= ps <= 65536
            and ps & (ps - 1) == 0
            and self.write_version in (1, 2)
            and self.read_version in (1, 2)
            and raw[21:24] == b"\x40\x20\x20"
            and 1 <= self.schema_format <= 4
            and 1 <= self.encoding <= 3
        )


def describe_content(raw: bytes) -> str:
    """A guess at what a non-workshop file is, for the message."""
    for magic, kind in _KNOWN_KINDS:
        if raw.startswith(magic):
            return f"it looks like {kind}"
    text = None
    for cut in range(4):  # the header may end inside a multi-byte character
        try:
            text = raw[: len(raw) - cut].decode("utf-8")
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        return "its content is not one OKR Studio can read"
    if text.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in text):
        return "it looks like a text file"
    return "its content is not one OKR Studio can read"


def not_ours(path: Path, raw: bytes) -> NotAWorkshopError:
    return NotAWorkshopError(path, f"is not an OKR Studio workshop: {describe_content(raw)}.")


def check_header(path: Path, raw: bytes, size: int, *, strict: bool) -> Header | None:
    """Refuse a file whose header is not a workshop's; None for a file to look at further.

    ``strict`` also checks the header against the file's size; it is off while a
    journal beside the file says a save was interrupted (the size is then not final).
    Returns None when the header is SQLite's but the id is not ours, so the caller
    can tell a damaged workshop from another program's database.
    """
    if size == 0:
        raise NotAWorkshopError(
            path,
            "is empty (0 bytes), so it is not a workshop. It may have been cut short while "
            "being copied or downloaded; look for another copy.",
        )
    if not raw.startswith(MAGIC):
        if raw[:6] == MAGIC[:6] or raw[68:72] == _OUR_ID:
            raise DamagedWorkshopError(
                path, f"is damaged: the start of the file is not what it should be. {DAMAGED_HINT}"
            )
        raise not_ours(path, raw)
    if len(raw) < HEADER_SIZE:
        raise DamagedWorkshopError(
            path, f"is damaged: it is cut short (only {size} bytes). {DAMAGED_HINT}"
        )
    header = Header.parse(raw)
    if not header.sane(raw):
        raise DamagedWorkshopError(
            path, f"is damaged: the start of the file is not what it should be. {DAMAGED_HINT}"
        )
    if header.application_id != APPLICATION_ID:
        return None
    check_version(path, header.user_version)
    if header.write_version == 2 or header.read_version == 2:
        raise DamagedWorkshopError(
            path,
            "was switched by another program to a way of saving (a write-ahead log) that "
            "OKR Studio does not use, so it is not opened.",
        )
    if strict:
        expected = header.page_count * header.page_size
        counted = header.valid_for == header.change_counter and header.page_count > 0
        if (
            size < header.page_size
            or (counted and size < expected)
            or (not counted and size % header.page_size)
        ):
            raise DamagedWorkshopError(
                path,
                "is damaged: it is shorter than it should be, as if cut short while being "
                f"copied or saved. {DAMAGED_HINT}",
            )
    return header


def check_version(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise NewerVersionError(
            path,
            f"was made by a newer version of OKR Studio (file format {version}; this version "
            f"reads formats up to {SCHEMA_VERSION}). Install the newer version to open it.",
        )
    if version < migrations.OLDEST_SUPPORTED:
        raise DamagedWorkshopError(
            path, f"is damaged: its format number ({version}) is not one OKR Studio ever wrote."
        )


# ---- the database ----------------------------------------------------------------
def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: no journal, no lock file, no change to the bytes."""
    conn = sqlite3.connect(
        sqlite_uri(path, "ro"), uri=True, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    return conn


def database_error(path: Path, exc: sqlite3.Error | UnicodeDecodeError) -> WorkshopFileError:
    """Map an error SQLite raised while checking ``path``."""
    if isinstance(exc, UnicodeDecodeError):
        # Python could not even decode SQLite's message: mangled schema text.
        return DamagedWorkshopError(path, f"is damaged. {DAMAGED_HINT}")
    message = str(exc).lower()
    if "not a database" in message:
        return NotAWorkshopError(path, "is not an OKR Studio workshop: SQLite cannot read it.")
    if "malformed" in message or "corrupt" in message:
        return DamagedWorkshopError(path, f"is damaged. {DAMAGED_HINT}")
    if "readonly" in message or "read-only" in message:
        return DamagedWorkshopError(
            path,
            "was not closed properly during a save, and OKR Studio cannot finish the repair "
            "because the file or its folder is read-only. Copy the file (with the file "
            f"“{path.name}-journal” beside it) to a folder you can write to and open it there.",
        )
    if "locked" in message or "busy" in message:
        return WorkshopFileError(
            path, "is being written by another program right now. Try again in a moment."
        )
    if "unable to open" in message or "disk i/o" in message:
        return WorkshopFileError(
            path, "cannot be read from its drive (was the drive removed or disconnected?)."
        )
    return DamagedWorkshopError(path, f"cannot be read ({exc}). {DAMAGED_HINT}")


def looks_like_workshop(conn: sqlite3.Connection) -> bool:
    """Whether a database whose id is not ours still holds our tables (a damaged header)."""
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error:
        return False
    return names >= _OUR_TABLES


_KIND_WORDS = {"table": "a table", "index": "an index", "view": "a view", "trigger": "a trigger"}


def _names(keys: list[tuple[str, str]]) -> str:
    shown = [f"{_KIND_WORDS.get(kind, kind)} “{name}”" for kind, name in keys[:4]]
    more = f" and {len(keys) - 4} more" if len(keys) > 4 else ""
    return ", ".join(shown) + more


def check_database(
    path: Path, conn: sqlite3.Connection, *, skip_rows: frozenset[str] = frozenset()
) -> int:
    """Check an open read-only connection; return the file's schema version.

    Every row is read once, but those of the tables in ``skip_rows`` when the file is
    of the current version: the caller reads them itself, before anything else, and
    refuses the file as this check would (:func:`read_checked`).
    """
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            if looks_like_workshop(conn):
                raise DamagedWorkshopError(
                    path, f"is damaged: the mark that makes it a workshop is wrong. {DAMAGED_HINT}"
                )
            raise NotAWorkshopError(
                path, "is a database made by another program, not an OKR Studio workshop."
            )
        check_version(path, version)
        problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise DamagedWorkshopError(
                path, f"is damaged: SQLite's own check found problems. {DAMAGED_HINT}"
            )
        extra, missing, different = migrations.compare(migrations.layout(conn), version)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise database_error(path, exc) from exc
    if extra:
        raise UnsafeWorkshopError(
            path,
            f"holds things OKR Studio does not put in a workshop ({_names(extra)}). They "
            "could run hidden code when the file changes, so it is not opened. It may have "
            "been altered by another program.",
        )
    if missing:
        raise DamagedWorkshopError(
            path, f"is damaged: part of it is missing ({_names(missing)}). {DAMAGED_HINT}"
        )
    if different:
        raise DamagedWorkshopError(
            path,
            f"is damaged: part of it is not laid out the way OKR Studio writes it "
            f"({_names(different)}). {DAMAGED_HINT}",
        )
    read_every_row(path, conn, version, skip_rows if version == SCHEMA_VERSION else frozenset())
    return int(version)


def read_every_row(
    path: Path, conn: sqlite3.Connection, version: int, skip: frozenset[str] = frozenset()
) -> None:
    """Read every row once, so text SQLite stores but cannot give back is found now."""
    layout = migrations.expected_layout(version)
    tables = [name for kind, name in layout if kind == "table" and name not in skip]
    with read_checked(path):
        for table in tables:
            quoted = table.replace('"', '""')
            for _row in conn.execute(f'SELECT * FROM "{quoted}"'):  # noqa: S608
                pass


@contextlib.contextmanager
def read_checked(path: Path) -> Iterator[None]:
    """Reading rows of the file: text SQLite cannot give back refuses it as damaged."""
    try:
        yield
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise DamagedWorkshopError(
            path, f"is damaged: some of its text cannot be read. {DAMAGED_HINT}"
        ) from exc
