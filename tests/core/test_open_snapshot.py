"""Opening reads the workshop once: the first snapshot is the one read while opening,
unless the file changed since (an edit here, or another program's)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from okr_studio import services
from okr_studio.sample import write_sample
from okr_studio.snapshot import read_snapshot
from okr_studio.store import Workshop


def _fresh(path: Path):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return read_snapshot(conn)
    finally:
        conn.close()


def test_the_first_snapshot_is_read_while_opening(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "w.okr")
    with Workshop.open(path) as ws:
        first = ws._first
        assert first is not None
        data = ws.snapshot()
        assert data is first[0]
        assert data == _fresh(path)
        assert ws._first is None  # later snapshots read the file again
        assert ws.snapshot() is not data


def test_an_edit_before_the_first_snapshot_is_in_it(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "w.okr")
    with Workshop.open(path) as ws:
        kr = next(iter(ws._first[0].key_results.values())) if ws._first else None
        assert kr is not None
        services.update_key_result(ws, kr.id, title="Renamed before the first look")
        assert ws.snapshot().key_results[kr.id].title == "Renamed before the first look"


def test_another_programs_change_before_the_first_snapshot_is_in_it(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "w.okr")
    with Workshop.open(path, read_only=True) as ws:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("UPDATE objective SET title = 'Changed elsewhere'")
        finally:
            other.close()
        titles = {o.title for o in ws.snapshot().objectives.values()}
        assert titles == {"Changed elsewhere"}
