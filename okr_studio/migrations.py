"""The migration ladder: every older .okr layout, and the steps up to the current one.

``SCHEMAS[v]`` is the DDL of version ``v``; ``STEPS[v]`` turns a version-``v``
file into a version ``v + 1`` file. :func:`migrate` climbs the whole ladder in
one transaction and checks that the result is laid out exactly like a fresh
file of :data:`~okr_studio.model.SCHEMA_VERSION` before it commits; any failure
rolls everything back, so the file keeps its old bytes.

Version 0 is the pre-release layout: no accepted findings, no cycle start/end
dates, a key result's unit of measure stored as ``unit`` and its confidence as
a whole percentage (0–100) instead of a fraction (0.0–1.0).

Version 1 → 2 gives the workshop and every person, unit, objective and key
result a stable id (``uid``, a new random UUID per row, from
:func:`okr_studio.vocab.new_uid`), and adds empty notes to objectives and key
results, an empty e-mail to people and an empty language (follow the system) to
the workshop. Ids, positions and links are copied as they are. It also makes the
closing-the-loop part of version 2: objectives get an empty review (actual outcome,
what we learned, no decision yet), key results a weight of 1 (equal) and an empty
learning note, neither has come from an earlier cycle; the tables of check-ins,
initiatives, the agenda, notes and breakouts (hand-outs, a breakout file's origin) start
empty.

:func:`layout` describes a database's schema structurally (columns, types,
defaults, keys, indexes), independent of how the CREATE text was spelled, so a
migrated file and a fresh one compare equal.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from okr_studio.schema import DDL, SCHEMA_V1, SCHEMA_V2
from okr_studio.vocab import SCHEMA_VERSION, new_uid

Step = Callable[[sqlite3.Connection], None]

SCHEMA_V0 = """
CREATE TABLE workshop (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    cycle TEXT NOT NULL DEFAULT '',
    date DATE,
    facilitator TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE person (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT ''
);
CREATE TABLE unit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id INTEGER REFERENCES unit (id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_unit_parent_id ON unit (parent_id);
CREATE TABLE objective (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    parent_kr_id INTEGER REFERENCES key_result (id) ON DELETE SET NULL,
    title TEXT NOT NULL DEFAULT '',
    problem TEXT NOT NULL DEFAULT '',
    behaviour_change TEXT NOT NULL DEFAULT '',
    success_measure TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_objective_unit_id ON objective (unit_id);
CREATE INDEX ix_objective_parent_kr_id ON objective (parent_kr_id);
CREATE INDEX ix_objective_owner_id ON objective (owner_id);
CREATE TABLE key_result (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    objective_id INTEGER NOT NULL REFERENCES objective (id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    metric TEXT NOT NULL DEFAULT '',
    baseline FLOAT,
    target FLOAT,
    unit TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT 'increase',
    due_date DATE,
    owner_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    work_type TEXT NOT NULL DEFAULT 'feature',
    confidence INTEGER,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_key_result_objective_id ON key_result (objective_id);
CREATE INDEX ix_key_result_owner_id ON key_result (owner_id);
"""

#: The DDL of every version a file may have (the oldest one we still open first).
SCHEMAS: dict[int, str] = {0: SCHEMA_V0, **DDL}
OLDEST_SUPPORTED = min(SCHEMAS)


class MigrationError(Exception):
    """A step failed, or its result is not the layout it should be (rolled back)."""


# ---- the steps -------------------------------------------------------------
def statements(ddl: str) -> list[str]:
    """The statements of a DDL script, without their semicolons."""
    return [s.strip() for s in ddl.split(";") if s.strip()]


def _create_table(ddl: str, table: str) -> str:
    pattern = re.compile(rf"CREATE TABLE {re.escape(table)}\s*\(", re.IGNORECASE)
    return next(s for s in statements(ddl) if pattern.match(s))


def _indexes_of(ddl: str, table: str) -> list[str]:
    pattern = re.compile(rf"CREATE (UNIQUE )?INDEX \w+ ON {re.escape(table)}\b", re.IGNORECASE)
    return [s for s in statements(ddl) if pattern.match(s)]


def _sequence(conn: sqlite3.Connection, table: str) -> int | None:
    """The highest id an AUTOINCREMENT table ever gave (None when it has none)."""
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
    ).fetchone()
    if has is None:
        return None
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    return None if row is None else int(row[0])


def rebuild_table(
    conn: sqlite3.Connection, table: str, target_ddl: str, columns: Mapping[str, str]
) -> None:
    """Rebuild ``table`` with its definition in ``target_ddl`` (SQLite's 12-step way).

    ``columns`` maps each new column to the SQL expression over the old row
    that fills it. Foreign keys must be off (they are, during :func:`migrate`).
    """
    create = _create_table(target_ddl, table)
    staging = f"_new_{table}"
    # AUTOINCREMENT remembers the highest id ever given; DROP TABLE forgets it, and
    # copying the rows only brings back the highest id still there. Keep it, so an id
    # of a deleted item is never given again (accepted findings name items by id).
    used = _sequence(conn, table)
    conn.execute(create.replace(f"CREATE TABLE {table}", f"CREATE TABLE {staging}", 1))
    names = ", ".join(columns)
    exprs = ", ".join(columns.values())
    conn.execute(f"INSERT INTO {staging} ({names}) SELECT {exprs} FROM {table}")  # noqa: S608
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {staging} RENAME TO {table}")
    if used is not None and (_sequence(conn, table) or 0) < used:
        conn.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, used))
    for index in _indexes_of(target_ddl, table):
        conn.execute(index)


def _v0_to_v1(conn: sqlite3.Connection) -> None:
    rebuild_table(
        conn,
        "workshop",
        SCHEMA_V1,
        {c: c for c in ("id", "name", "cycle", "date", "facilitator", "notes")},
    )
    kr_columns = {
        c: c
        for c in (
            "id",
            "objective_id",
            "title",
            "metric",
            "baseline",
            "target",
            "direction",
            "due_date",
            "owner_id",
            "work_type",
            "position",
        )
    }
    kr_columns["unit_of_measure"] = "unit"
    kr_columns["confidence"] = "CASE WHEN confidence IS NULL THEN NULL ELSE confidence / 100.0 END"
    rebuild_table(conn, "key_result", SCHEMA_V1, kr_columns)
    conn.execute(_create_table(SCHEMA_V1, "accepted_finding"))


#: The SQL function the v1 → v2 step fills the new ``uid`` columns with (one per row).
_NEW_UID_SQL = "okr_new_uid"
_V2_TABLES = ("workshop", "person", "unit", "objective", "key_result")
#: The tables version 2 adds (empty in a migrated file).
_V2_NEW_TABLES = ("check_in", "initiative", "agenda_item", "note", "breakout", "breakout_origin")


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    conn.create_function(_NEW_UID_SQL, 0, new_uid)  # not deterministic: called per row
    try:
        for table in _V2_TABLES:
            old = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            columns = {c: c for c in old}
            columns["uid"] = f"{_NEW_UID_SQL}()"
            # The new columns take their DEFAULT: '' for text, 1 for a weight, NULL else.
            rebuild_table(conn, table, SCHEMA_V2, columns)
        for table in _V2_NEW_TABLES:
            conn.execute(_create_table(SCHEMA_V2, table))
            for index in _indexes_of(SCHEMA_V2, table):
                conn.execute(index)
    finally:
        conn.create_function(_NEW_UID_SQL, 0, None)  # the file never depends on it


#: ``STEPS[v]`` turns a version-``v`` file into a version ``v + 1`` file.
STEPS: dict[int, Step] = {0: _v0_to_v1, 1: _v1_to_v2}


# ---- structural description of a schema -------------------------------------
def _is_sqlite_own(name: str) -> bool:
    # sqlite_sequence (AUTOINCREMENT) and the statistics tables ANALYZE writes.
    return name == "sqlite_sequence" or name.startswith("sqlite_stat")


def layout(conn: sqlite3.Connection) -> dict[tuple[str, str], Any]:
    """Every schema object as ``(type, name) -> what matters about it``.

    Columns (name, type, not null, default, primary key), foreign keys, AUTOINCREMENT
    and indexes are compared; the spelling of the CREATE text is not.
    """
    result: dict[tuple[str, str], Any] = {}
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, tbl_name, sql in rows:
        key = (kind, name)
        if kind == "table" and _is_sqlite_own(name):
            result[key] = None
        elif kind == "table":
            quoted = name.replace('"', '""')
            cols = tuple(tuple(r[1:]) for r in conn.execute(f'PRAGMA table_xinfo("{quoted}")'))
            fks = tuple(
                sorted(tuple(r[2:]) for r in conn.execute(f'PRAGMA foreign_key_list("{quoted}")'))
            )
            auto = "AUTOINCREMENT" in (sql or "").upper()
            virtual = (sql or "").upper().lstrip().startswith("CREATE VIRTUAL")
            result[key] = (cols, fks, auto, virtual)
        elif kind == "index":
            quoted = name.replace('"', '""')
            cols = tuple(tuple(r) for r in conn.execute(f'PRAGMA index_xinfo("{quoted}")'))
            unique = bool(re.match(r"\s*CREATE\s+UNIQUE", sql or "", re.IGNORECASE))
            where = " WHERE " in (sql or "").upper()
            result[key] = (tbl_name, cols, unique, where, sql is None)
        else:  # triggers and views: only their presence matters
            result[key] = (tbl_name,)
    return result


@cache
def expected_layout(version: int) -> dict[tuple[str, str], Any]:
    """The layout of a fresh file of ``version`` (built in memory once)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMAS[version])
        return layout(conn)
    finally:
        conn.close()


def compare(actual: Mapping[tuple[str, str], Any], version: int) -> tuple[list, list, list]:
    """``(extra, missing, different)`` object keys of ``actual`` against ``version``."""
    expected = expected_layout(version)
    extra = sorted(k for k in actual if k not in expected and not _is_sqlite_own(k[1]))
    missing = sorted(k for k in expected if k not in actual)
    different = sorted(k for k in expected if k in actual and actual[k] != expected[k])
    return extra, missing, different


# ---- running the ladder -----------------------------------------------------
def migrate(
    conn: sqlite3.Connection, from_version: int, steps: Mapping[int, Step] | None = None
) -> None:
    """Bring the database on ``conn`` from ``from_version`` to ``SCHEMA_VERSION``.

    ``conn`` must be in autocommit mode (``isolation_level=None``) and outside
    any transaction. Everything happens in one transaction; on any failure it
    is rolled back and :class:`MigrationError` raised.
    """
    steps = STEPS if steps is None else steps
    if from_version >= SCHEMA_VERSION:
        return
    missing_steps = [v for v in range(from_version, SCHEMA_VERSION) if v not in steps]
    if missing_steps:
        raise MigrationError(f"no way to update a version-{missing_steps[0]} file")
    # The 12-step table rebuilds need foreign keys off; this pragma is ignored
    # inside a transaction, so it is set before BEGIN and restored after.
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA legacy_alter_table=OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version, SCHEMA_VERSION):
            steps[version](conn)
        conn.execute(f"PRAGMA user_version={int(SCHEMA_VERSION)}")
        extra, missing, different = compare(layout(conn), SCHEMA_VERSION)
        if extra or missing or different:
            raise MigrationError(
                f"the updated layout is not right (extra {extra}, missing {missing}, "
                f"different {different})"
            )
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise MigrationError(f"{len(broken)} broken links between items after the update")
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, MigrationError):
            raise
        if isinstance(exc, Exception):
            raise MigrationError(str(exc)) from exc
        raise
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
