"""The agenda and the notes of the room through the JSON exchange file.

A workshop → JSON → a new workshop gives the same agenda (timer included) and the same
notes, field for field (what each is about, owners, due dates, open or closed, a note
whose item was deleted); a re-import brings a file's edits to them, in one undo step.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from okr_studio import services as s
from okr_studio.agenda import agenda_items
from okr_studio.data import WorkshopData
from okr_studio.exchange import make_plan
from okr_studio.exchange.jsonfile import read_json_bytes, workshop_json
from okr_studio.room_notes import item_of, notes_in_order
from okr_studio.store import Workshop

T0 = dt.datetime(2027, 1, 12, 9, tzinfo=dt.UTC)


def build(path: Path) -> WorkshopData:
    with Workshop.create(path, name="Offsite", cycle="2027 Q1") as ws:
        company = s.add_unit(ws, "Acme", "company").subject[1]
        obj = s.add_objective(ws, company, "Customers love us").subject[1]
        kr = s.add_key_result(ws, obj, "Raise NPS from 30 to 45").subject[1]
        s.add_agenda_items(
            ws,
            [
                {"title": "Company objectives <b>&", "planned_minutes": 20},
                {"title": "Breakouts 😀", "planned_minutes": 45},
            ],
        )
        s.start_agenda_timer(ws, now=T0)
        s.next_agenda_item(ws, now=T0 + dt.timedelta(minutes=22))
        s.add_note(ws, "question", "Who owns NPS?", item=("objective", obj))
        s.add_note(
            ws,
            "action",
            "Send the survey",
            item=("key_result", kr),
            owner_name="Dana Lee",
            due_date=dt.date(2027, 1, 29),
        )
        decision = s.add_note(ws, "decision", "Pricing stays", created_at="2027-01-12T10:00:00")
        s.close_note(ws, decision.subject[1])
        s.add_note(ws, "parked", "שלום — a second region")
        gone = s.add_objective(ws, company, "Dropped idea").subject[1]
        s.add_note(ws, "decision", "Drop it", item=("objective", gone))
        s.delete_objective(ws, gone)
        return ws.snapshot()


def room(data: WorkshopData) -> dict[str, Any]:
    """The agenda and the notes by stable id, owners by their stable id, row ids left out."""
    out: dict[str, Any] = {}
    for a in agenda_items(data):
        out[a.uid] = {**asdict(a), "id": None}
    for n in notes_in_order(data):
        owner = data.people[n.owner_id].uid if n.owner_id is not None else None
        out[n.uid] = {**asdict(n), "id": None, "owner_id": owner}
    return out


def import_new(path: Path, raw: bytes) -> WorkshopData:
    plan = make_plan(read_json_bytes(raw, "w.json"))
    assert not plan.errors, plan.problems
    with Workshop.create(path) as ws:
        s.apply_plan(ws, plan)
        return ws.snapshot()


def test_agenda_and_notes_round_trip_through_json(tmp_path: Path) -> None:
    data = build(tmp_path / "a.okr")
    document = json.loads(workshop_json(data))
    assert [a["title"] for a in document["agenda"]] == ["Company objectives <b>&", "Breakouts 😀"]
    assert len(document["notes"]) == 5 and document["notes"][1]["owner"]
    again = import_new(tmp_path / "b.okr", workshop_json(data))
    assert room(again) == room(data)
    # what each note is about is the same item, and the deleted one's note stays the workshop's
    for note in notes_in_order(again):
        key = item_of(again, note)
        assert (key is None) == (item_of(data, data.notes[data.by_uid[note.uid][1]]) is None)
    assert [p.name for p in again.people.values()] == ["Dana Lee"]


def test_a_reimport_brings_the_files_edits_in_one_step(tmp_path: Path) -> None:
    build(tmp_path / "w.okr")
    with Workshop.open(tmp_path / "w.okr") as ws:
        before = ws.snapshot()
        document = json.loads(workshop_json(before))
        document["notes"][0]["status"] = "closed"
        document["notes"][1]["text"] = "Send the survey to every customer"
        document["notes"].append(
            {"id": "new-note", "kind": "action", "text": "Book the room", "owner": None}
        )
        document["agenda"][1]["planned_minutes"] = 50
        document["agenda"].pop(0)
        plan = make_plan(read_json_bytes(json.dumps(document).encode(), "w.json"), before)
        assert {d.status for d in plan.diffs} == {"changed", "added", "missing"}
        missing = [d.ref for d in plan.missing]
        change = s.apply_plan(ws, plan, remove=missing)
        after = ws.snapshot()
        texts = {n.text: n for n in after.notes.values()}
        assert not texts["Who owns NPS?"].is_open
        assert "Send the survey to every customer" in texts
        assert texts["Book the room"].kind == "action"
        assert [(a.title, a.planned_minutes) for a in agenda_items(after)] == [("Breakouts 😀", 50)]
        s.undo(ws, change)
        assert room(ws.snapshot()) == room(before)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "idea"}, "kind"),
        ({"status": "done"}, "status"),
        ({"due_date": "soon"}, "due date"),
    ],
)
def test_a_bad_note_is_left_out_with_a_reason(tmp_path: Path, change: dict, words: str) -> None:
    data = build(tmp_path / "a.okr")
    document = json.loads(workshop_json(data))
    document["notes"][0].update(change)
    incoming = read_json_bytes(json.dumps(document).encode(), "w.json")
    assert any(words in p.message or words in p.column for p in incoming.problems)
    assert len(incoming.side.of_kind_list("note")) == 4
