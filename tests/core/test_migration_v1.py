"""Version 1 → 2, tested on a real version-1 file: ``data/v1_sample.okr``.

The file was written by the app while schema version 1 was current (commit
f01faef): the sample workshop, then a few edits a facilitator makes, through the
services of that time. To make it again (it must be made by version-1 code)::

    git worktree add /tmp/okr-v1 f01faef && cd /tmp/okr-v1 && uv sync
    uv run python - tests/core/data/v1_sample.okr <<'EOF'
    import sys

    from okr_studio import services
    from okr_studio.sample import write_sample
    from okr_studio.store import Workshop

    out = write_sample(sys.argv[1])
    with Workshop.open(out) as ws:
        # Partnerships had no objective: one aligned to a company key result, with
        # markup, emoji and CJK in its text and an owner typed as a new name.
        change = services.add_objective(
            ws, 12, "Partners <b>&amp; “AT&T” 🚀 bring us merchants — 紹介", parent_kr_id=6,
            owner_name="Zoë Ndiaye", problem="Referrals\\nstall after the pilot",
        )
        oid = change.subject[1]
        services.add_key_result(
            ws, oid, "Sign 5 referral partners", baseline=0, target=5,
            unit_of_measure="partners", direction="milestone", work_type="risk",
            confidence=None, due_date="2027-02-28",
        )
        # Lifecycle Marketing re-aligned from Growth's key result to the company's.
        services.align_objective(ws, 12, 4)
        # Gaps in the ids: a deleted key result and a deleted person (owner links cleared).
        services.delete_key_result(ws, 17)
        services.delete_person(ws, 16)
        # The newest unit and person deleted again: ids 13 and 19 are used up for good.
        services.delete_unit(ws, services.add_unit(ws, "Pop-up team", "team", 4).subject[1])
        services.delete_person(ws, services.add_person(ws, "Guest").subject[1])
        services.accept_finding(
            ws, "OBJ_TOO_FEW_KRS", "objective", oid, "Partnerships starts with one milestone.",
            accepted_at="2026-12-10T15:45:00+00:00",
        )
    EOF

The tests read the file's rows with plain ``sqlite3`` before and after the update
and compare them column by column, so they check every row and field without
restating the sample here.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from okr_studio import migrations, services
from okr_studio.errors import WorkshopFileError
from okr_studio.model import APPLICATION_ID, SCHEMA_VERSION
from okr_studio.schema import COLUMNS, SCHEMA_V1, UID_TABLES
from okr_studio.store import Workshop
from okr_studio.vocab import is_uid
from tests.core.store_helpers import fingerprint, folder_listing

FIXTURE = Path(__file__).parent / "data" / "v1_sample.okr"
#: The columns version 2 added, with the value every migrated row must have.
ADDED = {
    "workshop": {"language": ""},
    "person": {"email": ""},
    "objective": {
        "notes": "",
        "actual_outcome": "",
        "learned": "",
        "decision": "",
        "carried_from": "",
        "carried_score": None,
    },
    "key_result": {
        "notes": "",
        "weight": 1.0,
        "learning_note": "",
        "carried_from": "",
        "carried_score": None,
    },
}
#: The tables version 2 added (empty after the update).
NEW_TABLES = ("check_in", "initiative")


def raw(path: Path) -> dict[str, Any]:
    """Every row of every table (by id), the sequences and the pragmas, read by plain SQLite."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        tables = {
            t: {r["id"]: dict(r) for r in con.execute(f"SELECT * FROM {t}")}
            for t in COLUMNS
            if t in present
        }
        return {
            "tables": tables,
            "sequence": dict(con.execute("SELECT name, seq FROM sqlite_sequence").fetchall()),
            "user_version": con.execute("PRAGMA user_version").fetchone()[0],
            "application_id": con.execute("PRAGMA application_id").fetchone()[0],
            "integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
            "broken_links": con.execute("PRAGMA foreign_key_check").fetchall(),
            "layout": migrations.layout(con),
        }
    finally:
        con.close()


def v1_columns(table: str) -> list[str]:
    con = sqlite3.connect(":memory:")
    con.executescript(SCHEMA_V1)
    try:
        return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
    finally:
        con.close()


@pytest.fixture
def v1_file(tmp_path: Path) -> Path:
    target = tmp_path / "cascade 2027 Q1.okr"
    shutil.copyfile(FIXTURE, target)
    return target


def alignments(tables: dict[str, Any]) -> set[tuple[str, str]]:
    """(objective title, title of the key result it supports) for every aligned objective."""
    krs = tables["key_result"]
    return {
        (o["title"], krs[o["parent_kr_id"]]["title"])
        for o in tables["objective"].values()
        if o["parent_kr_id"] is not None
    }


# ---- the fixture is what it says -------------------------------------------------------
def test_the_fixture_is_a_real_version_1_file() -> None:
    facts = raw(FIXTURE)
    assert facts["user_version"] == 1
    assert facts["application_id"] == APPLICATION_ID
    assert facts["integrity"] == "ok" and facts["broken_links"] == []
    assert migrations.compare(facts["layout"], 1) == ([], [], [])
    tables = facts["tables"]
    counts = {t: len(rows) for t, rows in tables.items()}
    assert counts == {
        "workshop": 1,
        "person": 17,
        "unit": 12,
        "objective": 13,
        "key_result": 35,
        "accepted_finding": 2,
    }
    assert len(alignments(tables)) == 11
    # Gaps in the ids, and used-up ids past the last row.
    assert 17 not in tables["key_result"] and 16 not in tables["person"]
    assert facts["sequence"]["unit"] == 13 > max(tables["unit"])
    assert facts["sequence"]["person"] == 19 > max(tables["person"])


# ---- the update --------------------------------------------------------------------------
def test_every_row_and_field_survives_the_update(v1_file: Path) -> None:
    before = raw(v1_file)
    with Workshop.open(v1_file) as ws:
        assert ws.opened_version == 1 and not ws.read_only
    after = raw(v1_file)
    assert folder_listing(v1_file.parent) == [v1_file.name]

    assert after["user_version"] == SCHEMA_VERSION == 2
    assert after["application_id"] == APPLICATION_ID
    assert after["integrity"] == "ok" and after["broken_links"] == []
    assert migrations.compare(after["layout"], SCHEMA_VERSION) == ([], [], [])
    for table, rows in before["tables"].items():
        new_rows = after["tables"][table]
        assert new_rows.keys() == rows.keys(), table
        assert list(COLUMNS[table]) == list(next(iter(new_rows.values())))
        for row_id, old in rows.items():
            new = new_rows[row_id]
            assert {c: new[c] for c in v1_columns(table)} == old, (table, row_id)
            for column, value in ADDED.get(table, {}).items():
                assert new[column] == value, (table, row_id, column)
    for table in NEW_TABLES:
        assert table not in before["tables"] and after["tables"][table] == {}, table
    assert alignments(after["tables"]) == alignments(before["tables"])
    # Ids used up before the update stay used up (a new item never takes a deleted one's id).
    assert after["sequence"] == before["sequence"]


def test_every_item_gets_its_own_well_formed_stable_id(v1_file: Path) -> None:
    with Workshop.open(v1_file) as ws:
        data = ws.snapshot()
    tables = raw(v1_file)["tables"]
    uids = [row["uid"] for t in UID_TABLES for row in tables[t].values()]
    assert len(uids) == 1 + 17 + 12 + 13 + 35
    assert all(is_uid(u) for u in uids), uids
    assert len(set(uids)) == len(uids)
    assert data.info.uid == tables["workshop"][1]["uid"]
    assert data.by_uid[tables["objective"][13]["uid"]] == ("objective", 13)


def test_a_second_open_changes_nothing(v1_file: Path) -> None:
    with Workshop.open(v1_file) as ws:
        first = ws.snapshot()
    migrated = fingerprint(v1_file)
    with Workshop.open(v1_file) as ws:
        assert ws.opened_version == SCHEMA_VERSION
        again = ws.snapshot()
    assert again == first  # the same stable ids too
    assert fingerprint(v1_file) == migrated


def test_the_updated_file_works_and_new_items_never_reuse_ids(v1_file: Path) -> None:
    with Workshop.open(v1_file) as ws:
        unit = services.add_unit(ws, "Pop-up team", "team", 4).subject
        person = services.add_person(ws, "Guest").subject
        services.update_objective(ws, 13, notes="Ask the partners in February")
        services.update_person(ws, 18, email="zoe.ndiaye@example.com")
        services.update_info(ws, language="de")
        # Closing the loop works on an updated file: check-ins, initiatives, the review.
        services.add_check_in(ws, 18, 4, date="2027-02-15", confidence=0.8, person_id=18)
        services.add_initiative(ws, 18, "Referral kit", owner_id=18, state="in_progress")
        services.review_objective(ws, 13, actual_outcome="Four partners", decision="keep")
        services.review_key_result(ws, 18, learning_note="Slower than hoped", weight=2)
        data = ws.snapshot()
    assert unit == ("unit", 14) and person == ("person", 20)
    assert is_uid(data.units[14].uid) and data.units[14].uid not in {
        u.uid for u in data.units.values() if u.id != 14
    }
    assert data.objectives[13].notes == "Ask the partners in February"
    assert data.people[18].email == "zoe.ndiaye@example.com"
    assert data.info.language == "de"
    (check_in,) = data.check_ins_of(18)
    assert (check_in.value, check_in.confidence, check_in.person_id) == (4.0, 0.8, 18)
    assert is_uid(check_in.uid) and is_uid(data.initiatives_of(18)[0].uid)
    assert data.objectives[13].decision == "keep" and data.key_results[18].weight == 2.0


def test_read_only_shows_it_updated_and_leaves_the_file_alone(v1_file: Path) -> None:
    before = fingerprint(v1_file)
    with Workshop.open(v1_file, read_only=True) as ro:
        assert ro.read_only and "older version" in ro.read_only_reason
        data = ro.snapshot()
    assert fingerprint(v1_file) == before
    assert raw(v1_file)["user_version"] == 1
    assert data.objectives[13].title.startswith("Partners <b>&amp; “AT&T” 🚀")
    assert data.objectives[13].notes == ""
    assert all(is_uid(k.uid) for k in data.key_results.values())
    assert folder_listing(v1_file.parent) == [v1_file.name]


def test_a_version_1_layout_stamped_as_version_2_is_refused_and_left_alone(v1_file: Path) -> None:
    """The format number must match the layout: a v1 file claiming to be v2 is not trusted."""
    con = sqlite3.connect(v1_file)
    con.execute("PRAGMA user_version=2")
    con.close()
    before = fingerprint(v1_file)
    with pytest.raises(WorkshopFileError, match=r"damaged: part of it is (missing|not laid out)"):
        Workshop.open(v1_file)
    assert fingerprint(v1_file) == before
    assert folder_listing(v1_file.parent) == [v1_file.name]


def test_the_updated_file_has_an_empty_agenda_and_no_notes_yet(v1_file: Path) -> None:
    with Workshop.open(v1_file) as ws:
        data = ws.snapshot()
        assert data.agenda == {} and data.notes == {}
        services.add_agenda_item(ws, "Company objectives", 20)
        note = services.add_note(ws, "decision", "Go", item=("objective", 13)).subject[1]
        again = ws.snapshot()
    tables = raw(v1_file)["tables"]
    assert len(tables["agenda_item"]) == 1 and len(tables["note"]) == 1
    assert again.notes[note].item_uid == data.objectives[13].uid


def test_the_updated_file_has_no_hand_outs_yet_and_can_hand_out(v1_file: Path) -> None:
    """A v1 file gains the breakout tables empty, and a team of it can be handed out."""
    from okr_studio.breakouts import hand_out

    with Workshop.open(v1_file) as ws:
        team = next(u.id for u in ws.snapshot().units.values() if u.level == "team")
        (v1_file.parent / "out").mkdir()
        (written,) = hand_out(ws, [[team]], v1_file.parent / "out").files
    tables = raw(v1_file)["tables"]
    assert len(tables["breakout"]) == 1 and tables["breakout_origin"] == {}
    with Workshop.open(written) as group:
        assert group.snapshot().units[team].uid
