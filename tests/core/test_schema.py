"""One schema source: the SQLModel tables, the frozen DDL, the column lists and the data classes.

The tables in ``okr_studio.model`` declare the schema; the DDL of the current version
in ``okr_studio.schema`` must be exactly what they build, and the column lists and
plain data classes the app uses must hold exactly their columns. Each test names
the field or object that is out of step, so adding a field fails here until every
place has it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
import subprocess
import sys
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.schema import CreateIndex, CreateTable

from okr_studio import data as d
from okr_studio import migrations, schema
from okr_studio.data import field_names
from okr_studio.model import SCHEMA_VERSION, TABLE_BY_NAME, TABLES
from okr_studio.vocab import is_uid, new_uid

#: The DDL of a released version never changes: the migration ladder starts from it.
RELEASED_DDL_SHA256 = {
    1: "2a921d0b7bfb621fab7296dd49deb3ffddd192ae632191f6c29f1f79d4154f9a",
}

#: The plain data class of every table.
DATA_CLASSES: dict[str, type] = {
    "workshop": d.InfoData,
    **{table: cls for table, (_attr, cls) in d.TABLE_DATA.items()},
}


def _model_layout() -> dict[tuple[str, str], Any]:
    """The layout SQLite reports for a database built from the SQLModel tables."""
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        for table in TABLES:
            table.__table__.create(conn)
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        return migrations.layout(raw)


def _model_ddl() -> str:
    engine = create_engine("sqlite://")
    out = []
    for table in TABLES:
        out.append(str(CreateTable(table.__table__).compile(engine)).strip())
        for index in sorted(table.__table__.indexes, key=lambda i: i.name):
            out.append(str(CreateIndex(index).compile(engine)).strip())
    return ";\n".join(out) + ";"


def _rowid_alias_not_null(layout: dict[tuple[str, str], Any]) -> dict[tuple[str, str], Any]:
    """Forget NOT NULL on INTEGER PRIMARY KEY columns: a rowid alias is never NULL anyway.

    (SQLAlchemy always writes NOT NULL there; the frozen DDL of version 1 does not.)
    """
    out: dict[tuple[str, str], Any] = {}
    for key, value in layout.items():
        if key[0] == "table" and value is not None:
            cols, fks, auto, virtual = value
            # (name, type, not null, default, primary key, hidden)
            cols = tuple(
                (c[0], c[1], 0 if c[4] and c[1] == "INTEGER" else c[2], *c[3:]) for c in cols
            )
            value = (cols, fks, auto, virtual)
        out[key] = value
    return out


def test_the_model_builds_exactly_the_current_ddl() -> None:
    model = _rowid_alias_not_null(_model_layout())
    ddl = _rowid_alias_not_null(migrations.expected_layout(SCHEMA_VERSION))
    differ = sorted(k for k in model.keys() | ddl.keys() if model.get(k) != ddl.get(k))
    assert not differ, (
        f"okr_studio/model/tables.py and the version-{SCHEMA_VERSION} DDL in okr_studio/schema.py "
        f"disagree on {differ}. The model builds:\n{_model_ddl()}"
    )


def test_the_current_ddl_is_the_one_new_files_get() -> None:
    assert schema.CURRENT_DDL == schema.DDL[SCHEMA_VERSION] == migrations.SCHEMAS[SCHEMA_VERSION]
    assert max(schema.DDL) == SCHEMA_VERSION


def test_released_ddl_is_frozen() -> None:
    """Released versions keep their bytes (a migration step reads files made by them)."""
    for version, digest in RELEASED_DDL_SHA256.items():
        assert hashlib.sha256(schema.DDL[version].encode()).hexdigest() == digest, version


def test_column_lists_are_the_models_columns() -> None:
    assert list(schema.COLUMNS) == [t.__tablename__ for t in TABLES]
    for name, table in TABLE_BY_NAME.items():
        assert schema.COLUMNS[name] == tuple(table.model_fields), name
        types = {c.name: str(c.type.compile()).upper() for c in table.__table__.columns}
        assert schema.COLUMN_TYPES[name] == types, name
    assert {"date", "cycle_start", "cycle_end", "due_date"} == schema.DATE_COLUMNS
    assert schema.UID_TABLES == (
        "workshop",
        "person",
        "unit",
        "objective",
        "key_result",
        "check_in",
        "initiative",
        "agenda_item",
        "note",
        "breakout",
    )


def _defaults(cls: type) -> dict[str, object]:
    """A record class's fields that have a default, with it (named tuple or dataclass)."""
    if issubclass(cls, tuple):
        return dict(cls._field_defaults)  # pyright: ignore[reportAttributeAccessIssue]
    return {
        f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING
    }


@pytest.mark.parametrize("table", list(DATA_CLASSES))
def test_every_data_class_holds_every_column(table: str) -> None:
    cls = DATA_CLASSES[table]
    held = set(field_names(cls))
    columns = set(schema.COLUMNS[table]) - ({"id"} if table == "workshop" else set())
    assert not columns - held, f"{cls.__name__} lacks the field(s) {sorted(columns - held)}"
    assert not held - columns, (
        f"{cls.__name__} has field(s) {sorted(held - columns)} with no column"
    )


@pytest.mark.parametrize("table", list(DATA_CLASSES))
def test_data_class_defaults_are_the_column_defaults(table: str) -> None:
    """An item built without a value looks like a row stored without one."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(schema.CURRENT_DDL)
    defaults = {
        r[1]: conn.execute(f"SELECT {r[4]}").fetchone()[0]
        for r in conn.execute(f"PRAGMA table_info({table})")
        if r[4] is not None
    }
    conn.close()
    cls = DATA_CLASSES[table]
    held = _defaults(cls)
    assert {k: held[k] for k in defaults if k in held} == {
        k: v for k, v in defaults.items() if k in held
    }, cls.__name__


def test_stable_ids() -> None:
    made = {new_uid() for _ in range(1000)}
    assert len(made) == 1000
    assert all(is_uid(u) and len(u) == 36 and u == u.lower() for u in made)
    for bad in ("", "x" * 36, new_uid().upper(), new_uid()[:-1], None, 7, "{" + new_uid() + "}"):
        assert not is_uid(bad), bad


def test_the_app_reads_the_schema_without_sqlmodel() -> None:
    """Start-up stays light: the column lists come from the DDL, not from the model."""
    code = (
        "import sys, okr_studio.schema, okr_studio.migrations, okr_studio.snapshot, "
        "okr_studio.filecheck, okr_studio.rescue, okr_studio.services;"
        "print('sqlmodel' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
