"""A refused file with a hot journal beside it is not modified, not even by its refusal.

SQLite rolls a hot journal back into the file on the first read. The store
checks such a file through a private copy of it and its journal; only a file
whose copy passes every check is recovered for real.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from okr_studio.errors import (
    DamagedWorkshopError,
    NewerVersionError,
    NotAWorkshopError,
    UnsafeWorkshopError,
    WorkshopFileError,
)
from okr_studio.store import Workshop
from tests.core import badfiles
from tests.core.store_helpers import ROOT, folder_listing

# Each kind: how to make the file (a badfiles maker), the table a crashed
# program was changing, the error, words of the message.
KINDS: dict[str, tuple[str, str, type[WorkshopFileError], str]] = {
    "trigger": ("extra-trigger", "objective", UnsafeWorkshopError, "trigger “audit”"),
    "view": ("extra-view", "objective", UnsafeWorkshopError, "view “everything”"),
    "extra table": ("extra-table", "objective", UnsafeWorkshopError, "table “notes”"),
    "missing table": ("missing-table", "objective", DamagedWorkshopError, "accepted_finding"),
    "other program": ("other-program-database", "customer", NotAWorkshopError, "another program"),
    "newer version": ("future-version", "objective", NewerVersionError, "newer version"),
}

CRASH = textwrap.dedent(
    """
    import os, sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("PRAGMA cache_size=2")  # changed pages reach the file before the commit
    con.execute("BEGIN")
    column = "title" if sys.argv[2] == "objective" else "name"
    con.execute(f"UPDATE {sys.argv[2]} SET {column} = hex(randomblob(300))")
    os._exit(0)  # killed before the commit: a hot journal
    """
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_hot_journal(folder: Path, maker: str, table: str) -> tuple[Path, Path]:
    path = folder / "refused.okr"
    badfiles.CASES[maker][0](path)
    subprocess.run([sys.executable, "-c", CRASH, str(path), table], check=True, cwd=ROOT)
    journal = folder / "refused.okr-journal"
    assert journal.stat().st_size > 0
    return path, journal


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_refused_file_with_a_hot_journal_is_left_exactly_as_it_was(
    kind: str, tmp_path: Path
) -> None:
    maker, table, error, words = KINDS[kind]
    path, journal = with_hot_journal(tmp_path, maker, table)
    before = sha(path), sha(journal), path.stat().st_mtime_ns
    for read_only in (False, True):
        with pytest.raises(error, match=re.escape(words)) as info:
            Workshop.open(path, read_only=read_only).close()
        assert "“refused.okr”" in str(info.value)
        assert (sha(path), sha(journal), path.stat().st_mtime_ns) == before, (
            f"{kind}: the refusal changed the file or its journal"
        )
    assert folder_listing(tmp_path) == ["refused.okr", "refused.okr-journal"]


def test_the_check_command_leaves_a_refused_file_alone(tmp_path: Path) -> None:
    path, journal = with_hot_journal(tmp_path, "extra-trigger", "objective")
    before = sha(path), sha(journal)
    done = subprocess.run(
        [sys.executable, "-m", "okr_studio", "check", str(path)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 1
    assert "trigger" in done.stderr and "Traceback" not in done.stderr
    assert (sha(path), sha(journal)) == before


def test_a_good_file_with_a_hot_journal_is_still_recovered(tmp_path: Path) -> None:
    path = badfiles.write_good(tmp_path / "good.okr")
    with Workshop.open(path, read_only=True) as ws:
        expected = ws.snapshot()
    subprocess.run([sys.executable, "-c", CRASH, str(path), "objective"], check=True, cwd=ROOT)
    assert (tmp_path / "good.okr-journal").exists()
    with Workshop.open(path) as ws:
        assert ws.snapshot() == expected
    assert folder_listing(tmp_path) == ["good.okr"]
