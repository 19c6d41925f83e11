"""The migration ladder, tested on a file of the pre-release layout (version 0) built by hand.

(Version 1 → 2 is tested on a real version-1 file in test_migration_v1.py.)
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from okr_studio import migrations, services
from okr_studio.errors import DamagedWorkshopError, WorkshopFileError
from okr_studio.model import APPLICATION_ID, SCHEMA_VERSION
from okr_studio.store import Workshop
from okr_studio.vocab import is_uid
from tests.core.store_helpers import fingerprint, folder_listing

# The pre-release layout, written out here on purpose (not imported from the
# code): the file a facilitator of that time would have. No accepted findings,
# no cycle start/end, "unit" instead of "unit_of_measure", confidence in percent.
V0_DDL = """
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

V0_DATA = """
INSERT INTO workshop (id, name, cycle, date, facilitator)
    VALUES (1, 'Kick-off Łódź', '2026 Q4', '2026-10-01', 'Zoë');
INSERT INTO person (id, name, role) VALUES (1, 'Ingrid', 'PM'), (2, 'Kōji', 'Tech lead');
INSERT INTO unit (id, parent_id, name, level, position) VALUES
    (1, NULL, 'Company', 'company', 0), (2, 1, 'Support', 'team', 0);
INSERT INTO objective (id, unit_id, parent_kr_id, title, owner_id, status) VALUES
    (1, 1, NULL, 'Customers stay with us', 1, 'agreed');
INSERT INTO key_result (id, objective_id, title, metric, baseline, target, unit,
                        due_date, owner_id, work_type, confidence, position) VALUES
    (1, 1, 'Increase customer retention by 10% within 30 days', 'retention', 70, 77,
     '%', '2026-12-31', 1, 'feature', 70, 0),
    (2, 1, 'Reduce onboarding-related support tickets by 15%', 'tickets', 200, 170,
     'tickets/month', NULL, 2, 'defect', NULL, 1);
INSERT INTO objective (id, unit_id, parent_kr_id, title, owner_id) VALUES
    (2, 2, 2, 'New customers find their way alone', 2);
"""


def build_v0(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript(V0_DDL + V0_DATA)
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")
    con.execute("PRAGMA user_version=0")
    con.commit()
    con.close()
    return path


def schema_facts(path: Path) -> dict:
    """The schema of a closed file: normalised CREATE text, columns, indexes."""
    con = sqlite3.connect(path)
    try:
        sql = {
            (t, n): re.sub(r"\s+", " ", (s or "").replace('"', "")).strip()
            for t, n, s in con.execute("SELECT type, name, sql FROM sqlite_master")
        }
        tables = [n for t, n in sql if t == "table"]
        columns = {n: con.execute(f"PRAGMA table_info({n})").fetchall() for n in tables}
        indexes = {n: sorted(con.execute(f"PRAGMA index_list({n})").fetchall()) for n in tables}
        return {"sql": sql, "columns": columns, "indexes": indexes}
    finally:
        con.close()


def test_the_ladder_reaches_the_current_version() -> None:
    assert migrations.OLDEST_SUPPORTED == 0
    assert set(migrations.STEPS) == set(range(migrations.OLDEST_SUPPORTED, SCHEMA_VERSION))
    assert set(migrations.SCHEMAS) == set(range(migrations.OLDEST_SUPPORTED, SCHEMA_VERSION + 1))
    # The code's idea of version 0 is the layout this test builds by hand.
    con = sqlite3.connect(":memory:")
    con.executescript(V0_DDL)
    assert migrations.compare(migrations.layout(con), 0) == ([], [], [])


def test_a_version_0_file_is_updated_on_open(tmp_path: Path) -> None:
    old = build_v0(tmp_path / "old.okr")
    with Workshop.open(old) as ws:
        assert ws.opened_version == 0
        assert not ws.read_only
        data = ws.snapshot()
        # The new features work on the updated file.
        services.accept_finding(ws, "kr.no_baseline", "key_result", 2, "agreed in the room")
        services.update_info(ws, cycle_start="2026-10-01")
    assert data.info.name == "Kick-off Łódź"
    assert data.info.facilitator == "Zoë"
    assert data.info.cycle_start is None
    assert {p.name for p in data.people.values()} == {"Ingrid", "Kōji"}
    kr1, kr2 = data.key_results[1], data.key_results[2]
    assert kr1.unit_of_measure == "%" and kr1.confidence == pytest.approx(0.7)
    assert kr1.baseline == 70 and kr1.target == 77 and kr1.owner_id == 1
    assert str(kr1.due_date) == "2026-12-31"
    assert kr2.unit_of_measure == "tickets/month" and kr2.confidence is None
    assert data.objectives[2].parent_kr_id == 2  # the alignment survived the rebuild
    # Version 2: every item has its own stable id; the new text fields are empty.
    uids = [data.info.uid, *data.by_uid]
    assert len(uids) == 1 + 2 + 2 + 2 + 2 and all(is_uid(u) for u in uids)
    assert data.key_results[1].notes == "" and data.people[1].email == ""
    assert data.info.language == ""
    assert folder_listing(tmp_path) == ["old.okr"]

    fresh = tmp_path / "fresh.okr"
    Workshop.create(fresh).close()
    assert schema_facts(old) == schema_facts(fresh)
    con = sqlite3.connect(old)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT count(*) FROM accepted_finding").fetchone()[0] == 1
    finally:
        con.close()


def test_a_failing_step_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = build_v0(tmp_path / "old.okr")
    before = fingerprint(old)

    real_step = migrations.STEPS[0]

    def half_done(conn: sqlite3.Connection) -> None:
        real_step(conn)  # the real work, then a failure
        conn.execute("UPDATE unit SET name = 'half-migrated'")
        raise RuntimeError("the step broke")

    monkeypatch.setitem(migrations.STEPS, 0, half_done)
    with pytest.raises(WorkshopFileError, match=r"could not be updated.*left as it was"):
        Workshop.open(old)
    assert fingerprint(old) == before
    assert folder_listing(tmp_path) == ["old.okr"]


def test_a_step_with_the_wrong_result_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = build_v0(tmp_path / "old.okr")
    before = fingerprint(old)
    last = SCHEMA_VERSION - 1
    real_step = migrations.STEPS[last]

    def wrong(conn: sqlite3.Connection) -> None:
        real_step(conn)
        conn.execute("DROP TABLE person")  # runs, but the result is not the layout

    monkeypatch.setitem(migrations.STEPS, last, wrong)
    with pytest.raises(WorkshopFileError, match="layout is not right"):
        Workshop.open(old)
    assert fingerprint(old) == before
    assert folder_listing(tmp_path) == ["old.okr"]


def test_an_old_file_opened_read_only_is_shown_updated_but_not_changed(tmp_path: Path) -> None:
    old = build_v0(tmp_path / "old.okr")
    before = fingerprint(old)
    with Workshop.open(old, read_only=True) as ro:
        assert ro.read_only and "older version" in ro.read_only_reason
        assert ro.snapshot().key_results[1].confidence == pytest.approx(0.7)
        copy = ro.save_as(tmp_path / "new.okr")
    with copy:
        assert copy.opened_version == SCHEMA_VERSION
        assert copy.snapshot().key_results[1].unit_of_measure == "%"
    assert fingerprint(old) == before


def test_a_format_number_nobody_wrote_is_refused(tmp_path: Path) -> None:
    path = build_v0(tmp_path / "odd.okr")
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version=-3")
    con.close()
    before = fingerprint(path)
    with pytest.raises(DamagedWorkshopError, match="format number"):
        Workshop.open(path)
    assert fingerprint(path) == before
