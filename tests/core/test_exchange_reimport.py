"""Re-import: a file exported from a workshop, edited, and brought back.

Three-way: the values as exported (the base the file carries) against the file
and against the workshop now, so an edit made in the app after the export is
kept and the same field changed on both sides is a conflict.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.data import WorkshopData
from okr_studio.errors import EditRefused
from okr_studio.exchange import THEIRS, Choice, make_plan
from okr_studio.exchange.jsonfile import read_json_bytes, workshop_json
from okr_studio.store import Workshop
from tests.core.exchange_helpers import canonical


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    ws = Workshop.create(tmp_path / "w.okr", name="Re-import")
    company = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
    obj = services.add_objective(ws, company, "Grow", owner_name="Ana").subject[1]  # type: ignore[index]
    for title in ("Revenue to 10M", "Churn below 5%", "NPS above 40"):
        services.add_key_result(ws, obj, title, target=10)
    yield ws
    ws.close()


def by_title(data: WorkshopData, title: str):  # type: ignore[no-untyped-def]
    found = [k for k in data.key_results.values() if k.title == title]
    found += [o for o in data.objectives.values() if o.title == title]
    [item] = found
    return item


def test_three_way_changes_conflicts_and_edits_kept(ws: Workshop) -> None:
    document = json.loads(workshop_json(ws.snapshot()))
    krs = document["key_results"]
    krs[0]["title"] = "Revenue to 12M"  # changed in the file only
    krs[1]["target"] = 4.0  # changed in the file and (differently) in the workshop
    krs.pop(2)  # deleted in the file
    document["objectives"][0]["notes"] = "from the offsite"
    data = ws.snapshot()
    services.update_key_result(ws, by_title(data, "Churn below 5%").id, target=3.0)
    services.update_key_result(ws, by_title(data, "Revenue to 10M").id, notes="kept")
    plan = make_plan(read_json_bytes(json.dumps(document).encode(), "w.json"), ws.snapshot())
    assert plan.reimport and plan.three_way
    shown = {
        (d.status, d.title): [(f.field, f.theirs, f.ours) for f in d.fields] for d in plan.diffs
    }
    assert shown == {
        ("changed", "Revenue to 12M"): [("title", "Revenue to 12M", "Revenue to 10M")],
        ("conflict", "Churn below 5%"): [("target", 4.0, 3.0)],
        ("missing", "NPS above 40"): [],
        ("changed", "Grow"): [("notes", "from the offsite", "")],
    }
    before = canonical(ws.snapshot())
    [conflict] = plan.conflicts
    [missing] = plan.missing
    change = services.apply_plan(
        ws, plan, remove={missing.ref}, choices={(conflict.ref, "target"): THEIRS}
    )
    after = ws.snapshot()
    assert by_title(after, "Revenue to 12M").notes == "kept"  # the app's edit stays
    assert by_title(after, "Churn below 5%").target == 4.0
    assert "NPS above 40" not in {k.title for k in after.key_results.values()}
    assert by_title(after, "Grow").notes == "from the offsite"
    services.undo(ws, change)
    assert canonical(ws.snapshot()) == before


def test_conflicts_keep_the_workshop_value_unless_chosen(ws: Workshop) -> None:
    document = json.loads(workshop_json(ws.snapshot()))
    document["key_results"][0]["target"] = 20.0
    kr = by_title(ws.snapshot(), "Revenue to 10M")
    services.update_key_result(ws, kr.id, target=30.0)
    plan = make_plan(read_json_bytes(json.dumps(document).encode(), "w.json"), ws.snapshot())
    services.apply_plan(ws, plan)
    assert ws.snapshot().key_results[kr.id].target == 30.0
    plan = make_plan(read_json_bytes(json.dumps(document).encode(), "w.json"), ws.snapshot())
    [conflict] = plan.conflicts
    services.apply_plan(ws, plan, choices={(conflict.ref, "target"): Choice("edit", 25)})
    assert ws.snapshot().key_results[kr.id].target == 25.0


def test_a_stale_plan_is_refused(ws: Workshop) -> None:
    raw = workshop_json(ws.snapshot())
    plan = make_plan(read_json_bytes(raw.replace(b"Grow", b"Grow more"), "w.json"), ws.snapshot())
    services.add_unit(ws, "Later")
    before = canonical(ws.snapshot())
    with pytest.raises(EditRefused, match="changed since the import was previewed"):
        services.apply_plan(ws, plan)
    assert canonical(ws.snapshot()) == before


def test_reimporting_the_same_file_changes_nothing(ws: Workshop) -> None:
    raw = workshop_json(ws.snapshot())
    plan = make_plan(read_json_bytes(raw, "w.json"), ws.snapshot())
    assert plan.diffs == () and plan.empty
    assert services.apply_plan(ws, plan).empty


def test_an_added_item_and_an_alignment_to_it(ws: Workshop) -> None:
    document = json.loads(workshop_json(ws.snapshot()))
    unit = document["units"][0]["id"]
    document["units"].append({"id": "team-1", "parent": unit, "name": "Team", "level": "team"})
    document["objectives"].append(
        {"id": "o-new", "parent": "team-1", "title": "Support", "aligned_to": "k-new"}
    )
    document["key_results"].append({"id": "k-new", "parent": document["objectives"][0]["id"],
                                    "title": "New KR", "baseline": 1, "target": 2})  # fmt: skip
    plan = make_plan(read_json_bytes(json.dumps(document).encode(), "w.json"), ws.snapshot())
    assert sorted(d.title for d in plan.added) == ["New KR", "Support", "Team"]
    change = services.apply_plan(ws, plan)
    data = ws.snapshot()
    support = by_title(data, "Support")
    assert data.key_results[support.parent_kr_id].title == "New KR"
    assert data.units[support.unit_id].name == "Team"
    assert change.label == "Update from “w.json”"
