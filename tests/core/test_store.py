"""The store: pragma facts, checked open, read-only fallback, reachability, recovery."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.errors import (
    DamagedWorkshopError,
    NewerVersionError,
    NotAWorkshopError,
    ReadOnlyError,
    UnsafeWorkshopError,
    WorkshopFileError,
    WorkshopWriteError,
)
from okr_studio.model import APPLICATION_ID, SCHEMA_VERSION
from okr_studio.store import Workshop
from tests.core.store_helpers import (
    ROOT,
    fingerprint,
    folder_listing,
    permissions_bind_us,
    read_only_folder,
)


def make(path: Path, units: int = 2) -> Path:
    with Workshop.create(path, name="Retention", cycle="2027 Q1") as ws:
        for i in range(units):
            services.add_unit(ws, f"Unit {i}", level="team")
    return path


# ---- the file's facts ----------------------------------------------------------
def test_pragmas_of_a_new_file(tmp_path: Path) -> None:
    path = make(tmp_path / "s.okr")
    con = sqlite3.connect(path)
    try:
        facts = [
            con.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("application_id", "user_version", "journal_mode")
        ]
    finally:
        con.close()
    assert facts == [APPLICATION_ID, SCHEMA_VERSION, "delete"]
    assert SCHEMA_VERSION == 2


def test_every_connection_has_the_settings(tmp_path: Path) -> None:
    with Workshop.create(tmp_path / "s.okr") as ws:
        with ws.write() as conn:
            got = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("foreign_keys", "trusted_schema", "synchronous", "journal_mode")
            }
        assert got == {
            "foreign_keys": 1,
            "trusted_schema": 0,
            "synchronous": 2,
            "journal_mode": "delete",
        }
        # Foreign keys are enforced: a key result under a missing objective is refused.
        with pytest.raises(Exception, match="FOREIGN KEY"), ws.write() as conn:
            conn.exec_driver_sql("INSERT INTO key_result (uid, objective_id) VALUES ('k', 999)")
    with Workshop.open(tmp_path / "s.okr", read_only=True) as ro, ro.read() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0


# ---- side files -----------------------------------------------------------------
def test_only_the_lock_while_open_and_nothing_after_close(tmp_path: Path) -> None:
    ws = Workshop.create(tmp_path / "w.okr")
    services.add_unit(ws, "Company", level="company")
    assert folder_listing(tmp_path) == [".~w.okr.lock", "w.okr"]
    ws.close()
    ws.close()  # idempotent
    assert folder_listing(tmp_path) == ["w.okr"]
    with pytest.raises(WorkshopFileError, match="closed"):
        ws.snapshot()


def test_create_refuses_an_existing_path(tmp_path: Path) -> None:
    path = tmp_path / "taken.okr"
    path.write_text("my notes")
    before = fingerprint(path)
    with pytest.raises(WorkshopFileError, match="already exists"):
        Workshop.create(path)
    assert fingerprint(path) == before
    assert folder_listing(tmp_path) == ["taken.okr"]


def test_create_in_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(WorkshopFileError, match="folder does not exist"):
        Workshop.create(tmp_path / "nowhere" / "w.okr")


def test_names_that_need_quoting_in_a_uri(tmp_path: Path) -> None:
    path = make(tmp_path / "Q1 #2 ?100% ünïcødé.okr")
    with Workshop.open(path) as ws:
        assert len(ws.snapshot().units) == 2


# ---- refusals: the right error, the file untouched ----------------------------------
def _other_program_db(path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE song (id INTEGER PRIMARY KEY, title TEXT);")
    con.execute("PRAGMA application_id=1234")
    con.close()


def _edit(path: Path, sql: str) -> None:
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.close()


CASES = {
    "empty": (lambda p: p.write_bytes(b""), NotAWorkshopError, "empty"),
    "text": (lambda p: p.write_text("objectives:\n - grow\n"), NotAWorkshopError, "text file"),
    "utf-8 text": (
        lambda p: p.write_text("Cele zespołu: zażółć gęślą jaźń. " * 9, encoding="utf-8"),
        NotAWorkshopError,
        "text file",
    ),
    "png": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200)), NotAWorkshopError, "PNG"),
    "other db": (_other_program_db, NotAWorkshopError, "another program"),
    "newer": (lambda p: _edit(make(p), "PRAGMA user_version=7;"), NewerVersionError, "newer"),
    "trigger": (
        lambda p: _edit(
            make(p),
            "CREATE TRIGGER t AFTER INSERT ON unit BEGIN DELETE FROM person; END;",
        ),
        UnsafeWorkshopError,
        "trigger “t”",
    ),
    "view": (lambda p: _edit(make(p), "CREATE VIEW v AS SELECT 1;"), UnsafeWorkshopError, "view"),
    "missing table": (
        lambda p: _edit(make(p), "DROP TABLE accepted_finding;"),
        DamagedWorkshopError,
        "accepted_finding",
    ),
    "changed table": (
        lambda p: _edit(make(p), "ALTER TABLE person ADD COLUMN extra TEXT;"),
        DamagedWorkshopError,
        "person",
    ),
    "truncated": (
        lambda p: p.write_bytes(make(p).read_bytes()[:5000]),
        DamagedWorkshopError,
        "damaged",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_files_are_left_exactly_as_they_were(tmp_path: Path, case: str) -> None:
    build, error, words = CASES[case]
    path = tmp_path / "bad.okr"
    build(path)
    before = fingerprint(path)
    for read_only in (False, True):
        with pytest.raises(error, match=re.escape(words)) as info:
            Workshop.open(path, read_only=read_only)
        assert "“bad.okr”" in str(info.value)
    assert fingerprint(path) == before
    assert folder_listing(tmp_path) == ["bad.okr"]


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    (tmp_path / "folder.okr").mkdir()
    with pytest.raises(WorkshopFileError, match="folder"):
        Workshop.open(tmp_path / "folder.okr")
    with pytest.raises(WorkshopFileError, match="not found"):
        Workshop.open(tmp_path / "missing.okr")
    loop = tmp_path / "loop.okr"
    loop.symlink_to(tmp_path / "loop2.okr")
    (tmp_path / "loop2.okr").symlink_to(loop)
    with pytest.raises(WorkshopFileError, match="leads back to itself"):
        Workshop.open(loop)
    os.mkfifo(tmp_path / "pipe.okr")
    with pytest.raises(WorkshopFileError, match="not an ordinary file"):
        Workshop.open(tmp_path / "pipe.okr")


def test_opening_through_a_link_locks_the_real_file(tmp_path: Path) -> None:
    real = make(tmp_path / "real.okr")
    link = tmp_path / "link.okr"
    link.symlink_to(real)
    with Workshop.open(link) as ws:
        assert (tmp_path / ".~real.okr.lock").exists()
        with pytest.raises(WorkshopFileError, match="already open"):
            Workshop.open(real)
        assert ws.path == link


# ---- read-only on disk --------------------------------------------------------------
def test_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    make(folder / "w.okr", units=3)
    with read_only_folder(folder) as view:
        before = fingerprint(view / "w.okr")
        with Workshop.open(view / "w.okr") as ws:
            assert ws.read_only
            assert "read-only" in ws.read_only_reason
            assert "Save As" in ws.read_only_reason
            assert len(ws.snapshot().units) == 3
            with pytest.raises(ReadOnlyError):
                services.add_unit(ws, "refused")
            copy = ws.save_as(tmp_path / "copy.okr")
        with copy:
            assert not copy.read_only
            services.add_unit(copy, "allowed")
            assert len(copy.snapshot().units) == 4
        assert fingerprint(view / "w.okr") == before
        assert folder_listing(view) == ["w.okr"]


def test_read_only_file_opens_read_only(tmp_path: Path) -> None:
    if not permissions_bind_us(tmp_path):
        pytest.skip("this process may write any file (root)")
    path = make(tmp_path / "w.okr")
    path.chmod(0o444)
    with Workshop.open(path) as ws:
        assert ws.read_only
        assert ws.read_only_reason.startswith("The file is read-only on disk")
    assert folder_listing(tmp_path) == ["w.okr"]


# ---- the file going away while open ---------------------------------------------------
def test_deleted_file_is_noticed_before_a_write(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    with Workshop.open(path) as ws:
        ws.check_reachable()
        path.unlink()
        with pytest.raises(WorkshopWriteError, match="moved, renamed or deleted"):
            ws.check_reachable()
        with pytest.raises(WorkshopWriteError, match="Save As"):
            services.add_unit(ws, "lost?")
        rescued = ws.save_as(tmp_path / "rescued.okr")
    with rescued:
        assert {u.name for u in rescued.snapshot().units.values()} == {"Unit 0", "Unit 1"}


def test_renamed_and_replaced_files_are_noticed(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    with Workshop.open(path) as ws:
        path.rename(tmp_path / "moved.okr")
        with pytest.raises(WorkshopWriteError, match="moved, renamed or deleted"):
            ws.check_reachable()
        (tmp_path / "other").mkdir()
        make(tmp_path / "other" / "w.okr").replace(path)  # another file now has the name
        with pytest.raises(WorkshopWriteError, match="replaced"):
            ws.check_reachable()


def test_a_deleted_lock_file_is_put_back(tmp_path: Path) -> None:
    with Workshop.create(tmp_path / "w.okr") as ws:
        (tmp_path / ".~w.okr.lock").unlink()
        services.add_unit(ws, "still fine")
        assert (tmp_path / ".~w.okr.lock").exists()
    assert folder_listing(tmp_path) == ["w.okr"]


# ---- an interrupted save ----------------------------------------------------------------
def test_a_save_cut_off_by_a_crash_is_rolled_back_on_open(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr", units=150)
    # A process changes every row with a tiny page cache (so changed pages reach
    # the file before commit) and dies without committing: a hot journal.
    code = textwrap.dedent(
        f"""
        import os, sqlite3
        con = sqlite3.connect({str(path)!r}, isolation_level=None)
        con.execute("PRAGMA cache_size=2")
        con.execute("BEGIN")
        con.execute("UPDATE unit SET name = hex(randomblob(400))")
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    assert (tmp_path / "w.okr-journal").stat().st_size > 0
    with Workshop.open(path) as ws:
        names = {u.name for u in ws.snapshot().units.values()}
        with ws.read() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert names == {f"Unit {i}" for i in range(150)}
    assert folder_listing(tmp_path) == ["w.okr"]


def test_a_journal_left_before_it_was_started_is_cleared(tmp_path: Path) -> None:
    # A copy killed while it began a save leaves a journal whose header is still
    # zero: not a hot journal, but not part of the workshop either.
    path = make(tmp_path / "w.okr", units=4)
    journal = tmp_path / "w.okr-journal"
    journal.write_bytes(bytes(512) + b"\x00\x00\x00\x02" + bytes(4100))
    with Workshop.open(path, read_only=True) as ro:
        assert len(ro.snapshot().units) == 4
    assert journal.exists()  # a read-only look leaves it alone
    with Workshop.open(path) as ws:
        assert not journal.exists()
        assert len(ws.snapshot().units) == 4
        services.add_unit(ws, "after")
    assert folder_listing(tmp_path) == ["w.okr"]
