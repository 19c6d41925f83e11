"""Many rows at once, recorded exactly as the recorder records one.

An import writes thousands of rows in one step. Written one by one through
:class:`~okr_studio.services._tx.Recorder` each row costs an INSERT and a
SELECT through SQLAlchemy; here rows of one table are inserted with one
``executemany`` (their ids given in advance), read back with one SELECT, and
recorded as the same :class:`~okr_studio.events.RowChange` objects, in the same
order, so undo and redo replay them like any other change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from okr_studio.events import RowChange
from okr_studio.schema import COLUMNS
from okr_studio.services._tx import Recorder, _to_sql
from okr_studio.store import normalise

_CHUNK = 500  # ids per "IN (…)" (SQLite allows 999 parameters by default)


def next_id(rec: Recorder, table: str) -> int:
    """The first row id free for ``table`` (never one an AUTOINCREMENT table gave before)."""
    used = rec.scalar(f"SELECT MAX(id) FROM {table}") or 0  # noqa: S608
    seq = rec.scalar("SELECT seq FROM sqlite_sequence WHERE name = :t", t=table) or 0
    return int(max(used, seq)) + 1


def _read(rec: Recorder, table: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ", ".join("?" for _ in chunk)
        result = rec.conn.exec_driver_sql(
            f"SELECT * FROM {table} WHERE id IN ({marks})",  # noqa: S608
            tuple(chunk),
        )
        names = list(result.keys())
        for row in result:
            out[row[0]] = normalise(dict(zip(names, row, strict=True)))
    return out


def _checked(table: str, keys: Sequence[str]) -> None:
    known = COLUMNS[table]  # only our own tables and columns reach the SQL
    if any(k not in known for k in keys):
        raise ValueError(f"unknown column of {table}: {sorted(set(keys) - set(known))}")


def insert_rows(rec: Recorder, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows that each carry their ``id``; record each as added."""
    if not rows:
        return
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for keys, group in groups.items():
        _checked(table, keys)
        names = ", ".join(keys)
        marks = ", ".join("?" for _ in keys)
        rec.conn.exec_driver_sql(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
            [tuple(_to_sql(r[k]) for k in keys) for r in group],
        )
    after = _read(rec, table, [int(r["id"]) for r in rows])
    for row in rows:
        rec.rows.append(RowChange(table, int(row["id"]), None, after[int(row["id"])]))


def update_rows(
    rec: Recorder, table: str, changes: Sequence[tuple[int, Mapping[str, Any]]]
) -> None:
    """Set some columns of several rows (the same columns for all); record each change."""
    if not changes:
        return
    ids = [row_id for row_id, _values in changes]
    before = _read(rec, table, ids)
    groups: dict[tuple[str, ...], list[tuple[int, Mapping[str, Any]]]] = {}
    for row_id, values in changes:
        groups.setdefault(tuple(values), []).append((row_id, values))
    for keys, group in groups.items():
        _checked(table, keys)
        sets = ", ".join(f"{k} = ?" for k in keys)
        rec.conn.exec_driver_sql(
            f"UPDATE {table} SET {sets} WHERE id = ?",  # noqa: S608
            [(*(_to_sql(v[k]) for k in keys), row_id) for row_id, v in group],
        )
    after = _read(rec, table, ids)
    for row_id in ids:
        if before[row_id] != after[row_id]:
            rec.rows.append(RowChange(table, row_id, before[row_id], after[row_id]))
