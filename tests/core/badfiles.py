"""A corpus of files that must not open as workshops, built by code (no binaries shipped).

Each case lives in its own folder, so a test can check that opening it leaves
nothing beside it. Used by the core tests (test_bad_files.py) and meant for the
UI tests too::

    from tests.core.badfiles import build_case, build_corpus, CASES
    for case in build_corpus(tmp_path):        # BadFile(name, path, error)
        ...

``error`` is the exact :mod:`okr_studio.errors` class ``Workshop.open`` must raise.
The "unreadable" case is only part of the corpus when this process really
cannot read a file without read permission (not when running as root).
"""

from __future__ import annotations

import functools
import os
import random
import sqlite3
import struct
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from okr_studio import services
from okr_studio.errors import (
    DamagedWorkshopError,
    NewerVersionError,
    NotAWorkshopError,
    UnsafeWorkshopError,
    WorkshopFileError,
)
from okr_studio.model import SCHEMA_VERSION
from okr_studio.store import Workshop

PAGE = 4096


class BadFile(NamedTuple):
    name: str
    path: Path
    error: type[WorkshopFileError]


# ---- a good workshop, big enough to have many pages ------------------------------
@functools.cache
def good_workshop_bytes() -> bytes:
    """The bytes of a valid workshop of a few dozen pages (built once per process)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "good.okr"
        with Workshop.create(path, name="Offsite 2027", cycle="2027 Q1") as ws:
            company = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
            for d in range(4):
                dept = services.add_unit(ws, f"Department {d}", "department", company)
                dept_id = dept.subject[1]  # type: ignore[index]
                for o in range(12):
                    # Rows well under a page, so every page is a b-tree page (no overflow).
                    text = f"Objective {d}.{o} " + "grow retention and reduce churn " * 12
                    obj = services.add_objective(ws, dept_id, text, problem=text[:200])
                    obj_id = obj.subject[1]  # type: ignore[index]
                    for k in range(3):
                        services.add_key_result(
                            ws, obj_id, f"KR {k} " + "cut tickets by 15% " * 10, target=15
                        )
        return path.read_bytes()


def write_good(path: Path) -> Path:
    path.write_bytes(good_workshop_bytes())
    return path


def _edit_sql(path: Path, *statements: str) -> None:
    """Change a copy of the good workshop with plain SQLite (as another program would)."""
    write_good(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\x00\xff\x00" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _truncated(offset: Callable[[int], int]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        data = good_workshop_bytes()
        path.write_bytes(data[: offset(len(data))])

    return make


def _overwrite(at: Callable[[int], int], data: Callable[[], bytes]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        raw = bytearray(good_workshop_bytes())
        start = at(len(raw))
        new = data()
        raw[start : start + len(new)] = new
        path.write_bytes(bytes(raw))

    return make


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _middle_page(size: int) -> int:
    return (size // PAGE // 2) * PAGE


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT, city TEXT)")
        conn.executemany(
            "INSERT INTO customer (name, city) VALUES (?, ?)",
            [(f"Customer {i}", "Kraków") for i in range(50)],
        )
    finally:
        conn.close()


def _symlink_loop(path: Path) -> None:
    other = path.with_name("loop-other.okr")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


def _unreadable(path: Path) -> None:
    write_good(path)
    path.chmod(0)


Maker = Callable[[Path], None]

#: name → (how to make it, the error Workshop.open must raise)
CASES: dict[str, tuple[Maker, type[WorkshopFileError]]] = {
    "empty": (lambda p: p.write_bytes(b""), NotAWorkshopError),
    "random-bytes": (lambda p: p.write_bytes(_random_bytes(8192, 1)), NotAWorkshopError),
    "text-file": (
        lambda p: p.write_text("Agenda for the offsite\n1. Objectives\n2. Key results\n"),
        NotAWorkshopError,
    ),
    "png-image": (lambda p: p.write_bytes(_png()), NotAWorkshopError),
    "truncated-50": (_truncated(lambda n: 50), DamagedWorkshopError),
    "truncated-100": (_truncated(lambda n: 100), DamagedWorkshopError),
    "truncated-1000": (_truncated(lambda n: 1000), DamagedWorkshopError),
    "truncated-one-page": (_truncated(lambda n: PAGE), DamagedWorkshopError),
    "truncated-half": (_truncated(_middle_page), DamagedWorkshopError),
    "truncated-last-page": (_truncated(lambda n: n - PAGE), DamagedWorkshopError),
    "truncated-last-byte": (_truncated(lambda n: n - 1), DamagedWorkshopError),
    "header-magic": (
        _overwrite(lambda n: 6, lambda: b"GARBAGE!!!"),
        DamagedWorkshopError,
    ),
    "header-page-size": (
        _overwrite(lambda n: 16, lambda: b"\x03\x00"),
        DamagedWorkshopError,
    ),
    "corrupt-middle-page": (
        _overwrite(_middle_page, lambda: _random_bytes(PAGE, 2)),
        DamagedWorkshopError,
    ),
    "other-program-database": (_other_program, NotAWorkshopError),
    # Bytes that are not UTF-8 stored as an objective's title: found by the first read.
    "undecodable-title": (
        lambda p: _edit_sql(p, "UPDATE objective SET title = CAST(X'41FFFE42' AS TEXT)"),
        DamagedWorkshopError,
    ),
    "future-version": (
        lambda p: _edit_sql(p, f"PRAGMA user_version={SCHEMA_VERSION + 1}"),
        NewerVersionError,
    ),
    "missing-table": (
        lambda p: _edit_sql(p, "DROP TABLE accepted_finding"),
        DamagedWorkshopError,
    ),
    "extra-trigger": (
        lambda p: _edit_sql(
            p,
            "CREATE TRIGGER audit AFTER UPDATE ON objective "
            "BEGIN UPDATE workshop SET notes = notes || 'x'; END",
        ),
        UnsafeWorkshopError,
    ),
    "extra-view": (
        lambda p: _edit_sql(p, "CREATE VIEW everything AS SELECT * FROM objective"),
        UnsafeWorkshopError,
    ),
    "extra-table": (
        lambda p: _edit_sql(p, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"),
        UnsafeWorkshopError,
    ),
    "directory": (lambda p: p.mkdir(), WorkshopFileError),
    "missing-file": (lambda p: None, WorkshopFileError),
    "symlink-loop": (_symlink_loop, WorkshopFileError),
    "unreadable": (_unreadable, WorkshopFileError),
}


def cannot_read_unreadable(folder: Path) -> bool:
    """Whether this process is really stopped by a file without read permission."""
    probe = folder / ".probe"
    probe.write_bytes(b"x")
    probe.chmod(0)
    try:
        return not os.access(probe, os.R_OK)
    finally:
        probe.chmod(0o600)
        probe.unlink()


def build_case(name: str, folder: Path) -> BadFile:
    """Make case ``name`` as ``folder/name/name.okr`` (the folder holds nothing else)."""
    make, error = CASES[name]
    home = folder / name
    home.mkdir(parents=True)
    path = home / f"{name}.okr"
    make(path)
    return BadFile(name, path, error)


def build_corpus(folder: Path) -> list[BadFile]:
    """Every case, each in its own folder under ``folder``."""
    skip = set() if cannot_read_unreadable(folder) else {"unreadable"}
    return [build_case(name, folder) for name in CASES if name not in skip]
