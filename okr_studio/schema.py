"""The SQL that creates a .okr file of the current schema version.

The DDL is written out rather than generated so that the bytes of a version's
schema never change by accident; a test checks it matches :mod:`okr_studio.model`.
"""

from __future__ import annotations

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

#: Every schema object a version-1 file may hold (besides SQLite's own).
EXPECTED_OBJECTS_V1: frozenset[tuple[str, str]] = frozenset(
    {
        ("table", "workshop"),
        ("table", "person"),
        ("table", "unit"),
        ("table", "objective"),
        ("table", "key_result"),
        ("table", "accepted_finding"),
        ("table", "sqlite_sequence"),
        ("index", "ix_unit_parent_id"),
        ("index", "ix_objective_unit_id"),
        ("index", "ix_objective_parent_kr_id"),
        ("index", "ix_objective_owner_id"),
        ("index", "ix_key_result_objective_id"),
        ("index", "ix_key_result_owner_id"),
    }
)


#: The columns of every table, in schema order (a test checks they match the model).
COLUMNS: dict[str, tuple[str, ...]] = {
    "workshop": ("id", "name", "cycle", "date", "cycle_start", "cycle_end", "facilitator", "notes"),
    "person": ("id", "name", "role"),
    "unit": ("id", "parent_id", "name", "level", "position"),
    "objective": (
        "id",
        "unit_id",
        "parent_kr_id",
        "title",
        "problem",
        "behaviour_change",
        "success_measure",
        "owner_id",
        "status",
        "position",
    ),
    "key_result": (
        "id",
        "objective_id",
        "title",
        "metric",
        "baseline",
        "target",
        "unit_of_measure",
        "direction",
        "due_date",
        "owner_id",
        "work_type",
        "confidence",
        "position",
    ),
    "accepted_finding": ("id", "code", "item_kind", "item_id", "reason", "accepted_at"),
}
