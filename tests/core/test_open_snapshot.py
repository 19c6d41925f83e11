"""Opening reads the workshop once: the first snapshot is the one read while opening,
unless the file changed since (an edit here, or another program's)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from okr_studio import data as d
from okr_studio import services
from okr_studio.sample import write_sample
from okr_studio.snapshot import normalise, read_snapshot
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


def _by_name(conn: sqlite3.Connection) -> dict[str, dict[int, object]]:
    """Every table read row by row by column name (the slow way the fast read must equal)."""
    out: dict[str, dict[int, object]] = {}
    for table, (attr, cls) in d.TABLE_DATA.items():
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [c[0] for c in cursor.description]
        rows = [normalise(dict(zip(names, row, strict=True))) for row in cursor]
        out[attr] = {r["id"]: d.from_row(cls, r) for r in rows}
    return out


def test_records_read_from_their_rows_equal_records_built_by_name(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "w.okr")
    with Workshop.open(path) as ws:
        kr = next(iter(ws.snapshot().key_results))
        services.update_key_result(
            ws, kr, title="<b>& 😀 数据", baseline=1.5, target=None, confidence=0.25,
            due_date=dt.date(2027, 3, 31), notes="x" * 10_000, weight=2.0,
        )  # fmt: skip
        services.add_check_in(ws, kr, 3.25, date=dt.date(2027, 1, 4), comment="שלום")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        data = read_snapshot(conn)
        expected = _by_name(conn)
    finally:
        conn.close()
    classes = dict(d.TABLE_DATA.values())
    for attr, records in expected.items():
        got = getattr(data, attr)
        assert got == records, attr
        for record in got.values():  # the fast read's records are of their classes
            assert type(record) is classes[attr]
    made = data.key_results[kr]
    assert made.due_date == dt.date(2027, 3, 31) and made.baseline == 1.5
    assert made.target is None and made.title == "<b>& 😀 数据"
    assert d.as_dict(made)["notes"] == "x" * 10_000
    assert d.replaced(made, title="t") == made._replace(title="t")
    assert list(d.field_names(type(made))) == list(d.as_dict(made))
    with Workshop.open(path, read_only=True) as ws, ws.read() as through_sqlalchemy:
        assert read_snapshot(through_sqlalchemy) == data  # the same records
