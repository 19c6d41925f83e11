"""Writing a workshop from its in-memory snapshot (the rescue when the file cannot be read)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.errors import WorkshopFileError, WorkshopWriteError
from okr_studio.rescue import write_snapshot
from okr_studio.sample import write_sample
from okr_studio.store import Workshop


def _integrity(path: Path) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (
            con.execute("PRAGMA integrity_check").fetchall()
            + con.execute("PRAGMA foreign_key_check").fetchall()
        )
    finally:
        con.close()


def test_the_sample_written_from_memory_reopens_identical(tmp_path: Path) -> None:
    source = write_sample(tmp_path / "sample.okr")
    with Workshop.open(source) as ws:
        services.update_info(ws, date=dt.date(2027, 1, 12), facilitator="Zoë")
        data = ws.snapshot()
    target = tmp_path / "rescued.okr"
    with write_snapshot(data, target) as rescued:
        assert not rescued.read_only
        assert rescued.snapshot() == data
        # Editing goes on, with ids continuing after the rescued ones.
        unit = next(iter(data.units))
        change = services.add_unit(rescued, "After the rescue", "team", unit)
        assert change.subject[1] not in data.units  # type: ignore[index]
    assert _integrity(target) == [("ok",)]
    with Workshop.open(target) as again:
        assert again.snapshot().objectives == data.objectives
        assert again.snapshot().info == data.info
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rescued.okr", "sample.okr"]


def test_an_existing_target_is_refused_and_left_alone(tmp_path: Path) -> None:
    source = write_sample(tmp_path / "sample.okr")
    with Workshop.open(source) as ws:
        data = ws.snapshot()
    target = tmp_path / "taken.okr"
    target.write_bytes(b"someone's notes")
    with pytest.raises(WorkshopFileError, match="already exists"):
        write_snapshot(data, target)
    assert target.read_bytes() == b"someone's notes"


def test_a_failed_write_leaves_nothing_at_the_target(tmp_path: Path) -> None:
    source = write_sample(tmp_path / "sample.okr")
    with Workshop.open(source) as ws:
        data = ws.snapshot()
    obj_id, obj = next(iter(data.objectives.items()))
    broken = dataclasses.replace(
        data, objectives={**data.objectives, obj_id: obj._replace(unit_id=99_999)}
    )
    target = tmp_path / "rescued.okr"
    with pytest.raises(WorkshopWriteError, match=r"“rescued\.okr” could not be saved"):
        write_snapshot(broken, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample.okr"]
