"""The frozen DDL of every .okr schema version since the first release, and the
column lists the app reads from the current one.

The DDL is written out rather than generated so that the bytes of a version's
schema never change by accident. The SQLModel tables of :mod:`okr_studio.model`
are the one declaration of the current schema: a test builds them and checks they
give exactly the layout of :data:`CURRENT_DDL`. Everything else the app needs to
know about the columns (:data:`COLUMNS`, :data:`COLUMN_TYPES`, :data:`DATE_COLUMNS`,
:data:`UID_TABLES`) is read from that DDL here, through an in-memory SQLite
database, so the app never loads SQLModel (start-up time).

Version 1 is released: its DDL is frozen. Version 2 is not released yet, so its
DDL may still be amended in place (with the model, and the v1 → v2 step in
:mod:`okr_studio.migrations` if the change needs filling in); once it is released
it is frozen too, and the next change writes ``SCHEMA_V3``.
"""

from __future__ import annotations

import sqlite3

from okr_studio.vocab import SCHEMA_VERSION

SCHEMA_V1 = """
CREATE TABLE workshop (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    cycle TEXT NOT NULL DEFAULT '',
    date DATE,
    cycle_start DATE,
    cycle_end DATE,
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
    unit_of_measure TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT 'increase',
    due_date DATE,
    owner_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    work_type TEXT NOT NULL DEFAULT 'feature',
    confidence FLOAT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_key_result_objective_id ON key_result (objective_id);
CREATE INDEX ix_key_result_owner_id ON key_result (owner_id);
CREATE TABLE accepted_finding (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL DEFAULT '',
    item_kind TEXT NOT NULL DEFAULT '',
    item_id INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    accepted_at TEXT NOT NULL DEFAULT ''
);
"""

#: Version 2: a stable id (``uid``) on the workshop, people, units, objectives and key
#: results; notes on objectives and key results; people's e-mail; the workshop's language;
#: closing the loop: check-ins and initiatives on key results (with stable ids), a key
#: result's weight and learning note, an objective's review (actual outcome, what we
#: learned, decision), and where an item carried into a next cycle came from;
#: the agenda (with its timer) and the notes raised in the room (parking lot, decisions);
#: breakouts: the hand-outs of a workshop (one row per breakout file written, and when it
#: was merged back) and, in a breakout file, where it came from (one row, id 1).
SCHEMA_V2 = """
CREATE TABLE workshop (
    id INTEGER NOT NULL PRIMARY KEY,
    uid TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    cycle TEXT NOT NULL DEFAULT '',
    date DATE,
    cycle_start DATE,
    cycle_end DATE,
    facilitator TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ix_workshop_uid ON workshop (uid);
CREATE TABLE person (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ix_person_uid ON person (uid);
CREATE TABLE unit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    parent_id INTEGER REFERENCES unit (id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_unit_uid ON unit (uid);
CREATE INDEX ix_unit_parent_id ON unit (parent_id);
CREATE TABLE objective (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    parent_kr_id INTEGER REFERENCES key_result (id) ON DELETE SET NULL,
    title TEXT NOT NULL DEFAULT '',
    problem TEXT NOT NULL DEFAULT '',
    behaviour_change TEXT NOT NULL DEFAULT '',
    success_measure TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    actual_outcome TEXT NOT NULL DEFAULT '',
    learned TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    carried_from TEXT NOT NULL DEFAULT '',
    carried_score FLOAT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_objective_uid ON objective (uid);
CREATE INDEX ix_objective_unit_id ON objective (unit_id);
CREATE INDEX ix_objective_parent_kr_id ON objective (parent_kr_id);
CREATE INDEX ix_objective_owner_id ON objective (owner_id);
CREATE TABLE key_result (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    objective_id INTEGER NOT NULL REFERENCES objective (id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    metric TEXT NOT NULL DEFAULT '',
    baseline FLOAT,
    target FLOAT,
    unit_of_measure TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT 'increase',
    due_date DATE,
    owner_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    work_type TEXT NOT NULL DEFAULT 'feature',
    confidence FLOAT,
    notes TEXT NOT NULL DEFAULT '',
    weight FLOAT NOT NULL DEFAULT 1,
    learning_note TEXT NOT NULL DEFAULT '',
    carried_from TEXT NOT NULL DEFAULT '',
    carried_score FLOAT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_key_result_uid ON key_result (uid);
CREATE INDEX ix_key_result_objective_id ON key_result (objective_id);
CREATE INDEX ix_key_result_owner_id ON key_result (owner_id);
CREATE TABLE check_in (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    key_result_id INTEGER NOT NULL REFERENCES key_result (id) ON DELETE CASCADE,
    date DATE NOT NULL,
    value FLOAT NOT NULL,
    confidence FLOAT,
    comment TEXT NOT NULL DEFAULT '',
    person_id INTEGER REFERENCES person (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ix_check_in_uid ON check_in (uid);
CREATE INDEX ix_check_in_key_result_id ON check_in (key_result_id);
CREATE INDEX ix_check_in_person_id ON check_in (person_id);
CREATE TABLE initiative (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    key_result_id INTEGER NOT NULL REFERENCES key_result (id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    work_type TEXT NOT NULL DEFAULT 'feature',
    owner_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    link TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'planned',
    problem TEXT NOT NULL DEFAULT '',
    behaviour_change TEXT NOT NULL DEFAULT '',
    success_measure TEXT NOT NULL DEFAULT '',
    actual_outcome TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_initiative_uid ON initiative (uid);
CREATE INDEX ix_initiative_key_result_id ON initiative (key_result_id);
CREATE INDEX ix_initiative_owner_id ON initiative (owner_id);
CREATE TABLE accepted_finding (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL DEFAULT '',
    item_kind TEXT NOT NULL DEFAULT '',
    item_id INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    accepted_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE agenda_item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    planned_minutes INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'waiting',
    elapsed_seconds FLOAT NOT NULL DEFAULT 0,
    running_since TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_agenda_item_uid ON agenda_item (uid);
CREATE TABLE note (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'question',
    text TEXT NOT NULL DEFAULT '',
    item_kind TEXT NOT NULL DEFAULT '',
    item_uid TEXT NOT NULL DEFAULT '',
    about TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    due_date DATE,
    status TEXT NOT NULL DEFAULT 'open',
    created_at TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_note_uid ON note (uid);
CREATE INDEX ix_note_item_uid ON note (item_uid);
CREATE INDEX ix_note_owner_id ON note (owner_id);
CREATE TABLE breakout (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    units TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL DEFAULT '',
    base_digest TEXT NOT NULL DEFAULT '',
    handed_out_at TEXT NOT NULL DEFAULT '',
    merged_at TEXT NOT NULL DEFAULT '',
    merge_summary TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ix_breakout_uid ON breakout (uid);
CREATE TABLE breakout_origin (
    id INTEGER NOT NULL PRIMARY KEY,
    breakout_uid TEXT NOT NULL DEFAULT '',
    workshop_uid TEXT NOT NULL DEFAULT '',
    workshop_name TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    units TEXT NOT NULL DEFAULT '',
    base TEXT NOT NULL DEFAULT '',
    handed_out_at TEXT NOT NULL DEFAULT ''
);
"""

#: The DDL of every released version and of the current one (the pre-release
#: version 0 is written out in :mod:`okr_studio.migrations`).
DDL: dict[int, str] = {1: SCHEMA_V1, 2: SCHEMA_V2}
#: What a new file is created with.
CURRENT_DDL = DDL[SCHEMA_VERSION]


def _describe(ddl: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """``table -> ((column, declared type), …)`` in schema order, read by SQLite itself."""
    conn = sqlite3.connect(":memory:")
    try:
        # The tables alone (no indexes) say everything needed here, in about a millisecond.
        for statement in ddl.split(";"):
            if statement.strip().upper().startswith("CREATE TABLE"):
                conn.execute(statement)
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
        ]
        return {
            t: tuple((r[1], r[2].upper()) for r in conn.execute(f'PRAGMA table_info("{t}")'))
            for t in tables
        }
    finally:
        conn.close()


_CURRENT = _describe(CURRENT_DDL)

#: The columns of every table, in schema order.
COLUMNS: dict[str, tuple[str, ...]] = {t: tuple(c for c, _ in cols) for t, cols in _CURRENT.items()}
#: Every table's columns with their declared SQL type (TEXT, INTEGER, FLOAT, DATE).
COLUMN_TYPES: dict[str, dict[str, str]] = {t: dict(cols) for t, cols in _CURRENT.items()}
#: Columns that hold a date (stored as ISO 8601 text, read back as ``datetime.date``).
DATE_COLUMNS: frozenset[str] = frozenset(
    c for cols in _CURRENT.values() for c, kind in cols if kind == "DATE"
)
#: The tables whose rows carry a stable id (column ``uid``).
UID_TABLES: tuple[str, ...] = tuple(t for t, cols in COLUMNS.items() if "uid" in cols)
