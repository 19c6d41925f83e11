"""The agenda with its timer, and the notes of the room: services, undo, redo, reopen.

Each service writes one transaction and one change; undo and redo give back the file
exactly (compared as whole snapshots), the file reopened holds the same, and the
timer loses no time across a restart. Deleting an item keeps its notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from okr_studio import services as s
from okr_studio.agenda import agenda_clock, agenda_in_progress, agenda_items, current_item
from okr_studio.errors import EditRefused, NotFound
from okr_studio.events import Change, ChangeEvent
from okr_studio.room_notes import is_orphaned, item_of, notes_about, notes_in_order, notes_of_unit
from okr_studio.store import Workshop

T0 = dt.datetime(2027, 1, 12, 9, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def ws(tmp_path: Path):
    w = Workshop.create(tmp_path / "room.okr", name="Room", cycle="2027 Q1")
    yield w
    w.close()


def tree(ws: Workshop) -> dict[str, int]:
    ids: dict[str, int] = {}
    ids["company"] = s.add_unit(ws, "Acme", "company").subject[1]
    ids["team"] = s.add_unit(ws, "Checkout", "team", ids["company"]).subject[1]
    ids["obj"] = s.add_objective(ws, ids["company"], "Customers love us").subject[1]
    ids["kr"] = s.add_key_result(ws, ids["obj"], "Raise NPS from 30 to 45").subject[1]
    ids["team_obj"] = s.add_objective(
        ws, ids["team"], "Checkout feels instant", parent_kr_id=ids["kr"]
    ).subject[1]
    ids["team_kr"] = s.add_key_result(ws, ids["team_obj"], "Cut p95 from 800 to 400 ms").subject[1]
    return ids


def agenda(ws: Workshop) -> list[int]:
    change = s.add_agenda_items(
        ws,
        [
            {"title": "Company objectives", "planned_minutes": 20},
            {"title": "Breakouts", "planned_minutes": 45},
            {"title": "Plenary", "planned_minutes": 30},
        ],
    )
    return [r.id for r in change.rows]


def undo_redo_exact(ws: Workshop, do: Callable[[], Change]) -> Change:
    """Run ``do``; undo must give back the snapshot before, redo the one after."""
    before = ws.snapshot()
    events: list[ChangeEvent] = []
    ws.subscribe(events.append)
    change = do()
    ws.unsubscribe(events.append)
    assert len(events) == 1 and events[0].change == change
    after = ws.snapshot()
    s.undo(ws, change)
    assert ws.snapshot() == before
    s.redo(ws, change)
    assert ws.snapshot() == after
    return change


# ---- the agenda ---------------------------------------------------------------------------
def test_agenda_items_are_added_edited_moved_and_deleted(ws: Workshop) -> None:
    first, breakouts, plenary = agenda(ws)
    data = ws.snapshot()
    assert [(a.title, a.planned_minutes, a.state) for a in agenda_items(data)] == [
        ("Company objectives", 20, "waiting"),
        ("Breakouts", 45, "waiting"),
        ("Plenary", 30, "waiting"),
    ]
    undo_redo_exact(ws, lambda: s.update_agenda_item(ws, breakouts, planned_minutes="50"))
    undo_redo_exact(ws, lambda: s.move_agenda_item(ws, plenary, 0))
    undo_redo_exact(ws, lambda: s.add_agenda_item(ws, "Coffee", 15, index=1))
    undo_redo_exact(ws, lambda: s.delete_agenda_item(ws, first))
    assert [(a.title, a.planned_minutes, a.position) for a in agenda_items(ws.snapshot())] == [
        ("Plenary", 30, 0),
        ("Coffee", 15, 1),
        ("Breakouts", 50, 2),
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"planned_minutes": -5}, "between 0 and 1440"),
        ({"planned_minutes": 2000}, "between 0 and 1440"),
        ({"planned_minutes": 12.5}, "whole number of minutes"),
        ({"planned_minutes": "soon"}, "must be a number"),
        ({"elapsed_seconds": -1}, "cannot be negative"),
        ({"state": "done"}, "not a field"),
    ],
)
def test_agenda_refusals(ws: Workshop, fields: dict, message: str) -> None:
    (item, *_rest) = agenda(ws)
    before = ws.snapshot()
    with pytest.raises(EditRefused, match=message):
        s.update_agenda_item(ws, item, **fields)
    assert ws.snapshot() == before


def test_the_timer_runs_pauses_moves_on_and_finishes(ws: Workshop) -> None:
    first, breakouts, plenary = agenda(ws)
    undo_redo_exact(ws, lambda: s.start_agenda_timer(ws, now=at(0)))
    clock = agenda_clock(ws.snapshot(), at(12))
    assert clock.item.id == first and clock.running and clock.elapsed == 12 * 60
    assert clock.remaining == 8 * 60 and not clock.overtime
    undo_redo_exact(ws, lambda: s.pause_agenda_timer(ws, now=at(15)))
    clock = agenda_clock(ws.snapshot(), at(40))
    assert not clock.running and clock.elapsed == 15 * 60  # paused: the clock stands
    s.start_agenda_timer(ws, now=at(40))
    assert agenda_clock(ws.snapshot(), at(50)).overtime  # 25 of 20 minutes: a gentle cue
    undo_redo_exact(ws, lambda: s.next_agenda_item(ws, now=at(50)))
    data = ws.snapshot()
    assert data.agenda[first].state == "done" and data.agenda[first].elapsed_seconds == 25 * 60
    assert current_item(data).id == breakouts and data.agenda[breakouts].running
    assert agenda_in_progress(data)
    s.next_agenda_item(ws, now=at(95))
    s.next_agenda_item(ws, now=at(130))
    clock = agenda_clock(ws.snapshot(), at(131))
    assert clock.finished and clock.item is None and not agenda_in_progress(ws.snapshot())
    assert clock.total_elapsed == (25 + 45 + 35) * 60  # the pause did not count
    with pytest.raises(EditRefused, match="Every agenda item is done"):
        s.start_agenda_timer(ws, now=at(140))
    undo_redo_exact(ws, lambda: s.reset_agenda(ws))
    assert {(a.state, a.elapsed_seconds, a.running_since) for a in agenda_items(ws.snapshot())} == {
        ("waiting", 0.0, "")
    }
    assert plenary in ws.snapshot().agenda


def test_starting_another_item_ends_the_current_one(ws: Workshop) -> None:
    first, breakouts, _plenary = agenda(ws)
    s.start_agenda_timer(ws, now=at(0))
    s.start_agenda_timer(ws, item_id=breakouts, now=at(5))
    data = ws.snapshot()
    assert (data.agenda[first].state, data.agenda[first].elapsed_seconds) == ("done", 300.0)
    assert current_item(data).id == breakouts


def test_without_an_agenda_the_timer_says_so(ws: Workshop) -> None:
    with pytest.raises(EditRefused, match="no agenda yet"):
        s.start_agenda_timer(ws, now=at(0))
    with pytest.raises(EditRefused, match="no agenda yet"):
        s.next_agenda_item(ws, now=at(0))
    assert s.pause_agenda_timer(ws, now=at(0)).empty


def test_the_timer_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "restart.okr"
    with Workshop.create(path) as ws:
        agenda(ws)
        s.start_agenda_timer(ws, now=at(0))
    # The app closes (or the battery dies) with the timer running; it reopens later.
    with Workshop.open(path) as ws:
        clock = agenda_clock(ws.snapshot(), at(17.5))
        assert clock.running and clock.elapsed == 17.5 * 60
        assert clock.item.title == "Company objectives"


# ---- notes ----------------------------------------------------------------------------------
def test_notes_of_every_kind_about_the_workshop_or_an_item(ws: Workshop) -> None:
    ids = tree(ws)
    q = undo_redo_exact(ws, lambda: s.add_note(ws, "question", "Who owns NPS?")).subject[1]
    p = s.add_note(ws, "parked", "Pricing model", item=("unit", ids["team"])).subject[1]
    d = s.add_note(ws, "decision", "NPS is measured quarterly", item=("key_result", ids["kr"]))
    a = undo_redo_exact(
        ws,
        lambda: s.add_note(
            ws,
            "action",
            "Send the survey",
            item=("objective", ids["team_obj"]),
            owner_name="Dana Lee",
            due_date=dt.date(2027, 1, 31),
            created_at="2027-01-12T10:15:00+00:00",
        ),
    ).subject[1]
    data = ws.snapshot()
    action = data.notes[a]
    assert (action.kind, action.text, action.item_kind, action.about) == (
        "action",
        "Send the survey",
        "objective",
        "Checkout feels instant",
    )
    assert data.person_name(action.owner_id) == "Dana Lee"
    assert action.due_date == dt.date(2027, 1, 31) and action.created_at.startswith("2027-01-12")
    assert data.notes[q].created_at and data.notes[q].status == "open"
    assert [n.id for n in notes_about(data, None)] == [q]
    assert [n.id for n in notes_about(data, ("unit", ids["team"]))] == [p]
    assert item_of(data, data.notes[d.subject[1]]) == ("key_result", ids["kr"])
    # A team's sheet: its own items and the key result it supports (a decision about it).
    team_notes = notes_of_unit(data, ids["team"], ("decision", "action"))
    assert [n.id for n in team_notes] == [d.subject[1], a]
    undo_redo_exact(ws, lambda: s.close_note(ws, q))
    assert not ws.snapshot().notes[q].is_open
    undo_redo_exact(ws, lambda: s.reopen_note(ws, q))
    undo_redo_exact(ws, lambda: s.update_note(ws, p, kind="question", item=None))
    assert ws.snapshot().notes[p].item_uid == ""
    undo_redo_exact(ws, lambda: s.move_note(ws, a, 0))
    assert next(n.id for n in notes_in_order(ws.snapshot())) == a
    undo_redo_exact(ws, lambda: s.delete_note(ws, q))
    assert q not in ws.snapshot().notes


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda ws, i: s.add_note(ws, "idea", "x"), EditRefused, "not a kind of note"),
        (lambda ws, i: s.add_note(ws, "question", 5), EditRefused, "must be text"),
        (lambda ws, i: s.add_note(ws, "action", "x", due_date="soon"), EditRefused, "date"),
        (lambda ws, i: s.add_note(ws, "action", "x", owner_id=999), NotFound, "person"),
        (lambda ws, i: s.add_note(ws, "question", "x", item=("person", 1)), EditRefused, "about"),
        (lambda ws, i: s.add_note(ws, "question", "x", item=("unit", 999)), NotFound, "unit"),
        (lambda ws, i: s.update_note(ws, 999, text="x"), NotFound, "note"),
        (lambda ws, i: s.update_note(ws, i, status="done"), EditRefused, "state of a note"),
        (lambda ws, i: s.update_note(ws, i, colour="red"), EditRefused, "not a field"),
    ],
)
def test_note_refusals(ws: Workshop, call, error, message: str) -> None:  # type: ignore[no-untyped-def]
    s.add_person(ws, "Dana Lee")
    note = s.add_note(ws, "question", "Who?").subject[1]
    before = ws.snapshot()
    with pytest.raises(error, match=message):
        call(ws, note)
    assert ws.snapshot() == before


@pytest.mark.parametrize(
    "delete",
    [
        lambda ws, ids: s.delete_objective(ws, ids["team_obj"]),
        lambda ws, ids: s.delete_unit(ws, ids["team"]),
        lambda ws, ids: s.delete_items(ws, [("objective", ids["team_obj"]), ("unit", ids["team"])]),
        lambda ws, ids: s.delete_key_result(ws, ids["team_kr"]),
    ],
)
def test_deleting_an_item_keeps_its_notes(ws: Workshop, delete) -> None:  # type: ignore[no-untyped-def]
    ids = tree(ws)
    decision = s.add_note(ws, "decision", "Go", item=("key_result", ids["team_kr"])).subject[1]
    action = s.add_note(ws, "action", "Ask", item=("objective", ids["team_obj"])).subject[1]
    before = ws.snapshot()
    change = delete(ws, ids)
    data = ws.snapshot()
    assert data.notes == before.notes  # not a character of a note changed
    for note_id in (decision, action):
        note = data.notes[note_id]
        if is_orphaned(data, note):  # its item went: the workshop's now, saying what it was
            assert note in notes_about(data, None) and note.about
    assert any(is_orphaned(data, data.notes[n]) for n in (decision, action))
    s.undo(ws, change)
    restored = ws.snapshot()
    assert restored == before
    assert item_of(restored, restored.notes[decision]) == ("key_result", ids["team_kr"])
    assert item_of(restored, restored.notes[action]) == ("objective", ids["team_obj"])


def test_deleting_a_person_leaves_their_actions_with_nobody(ws: Workshop) -> None:
    action = s.add_note(ws, "action", "Send it", owner_name="Eli Moss").subject[1]
    person = ws.snapshot().notes[action].owner_id
    change = undo_redo_exact(ws, lambda: s.delete_person(ws, person))
    assert ws.snapshot().notes[action].owner_id is None
    s.undo(ws, change)
    assert ws.snapshot().notes[action].owner_id == person


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "AT&T <b>bold</b> </para>", "😀👩‍👩‍👧 שלום 李明", "line one\nline two"]
)
def test_any_text_is_kept_as_typed(tmp_path: Path, text: str) -> None:
    path = tmp_path / "text.okr"
    with Workshop.create(path) as ws:
        note = s.add_note(ws, "decision", text, owner_name=text[:60]).subject[1]
        item = s.add_agenda_item(ws, text, 10).subject[1]
    with Workshop.open(path) as ws:
        data = ws.snapshot()
    assert data.notes[note].text == text and data.agenda[item].title == text
    assert data.person_name(data.notes[note].owner_id) == text[:60].strip()


def test_everything_survives_save_as_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "a.okr"
    with Workshop.create(path) as ws:
        ids = tree(ws)
        agenda(ws)
        s.start_agenda_timer(ws, now=at(0))
        s.add_note(ws, "action", "Ship", item=("key_result", ids["kr"]), owner_name="Ana")
        s.add_note(ws, "question", "Budget?")
        data = ws.snapshot()
        ws.save_as(tmp_path / "b.okr").close()
    for name in ("a.okr", "b.okr"):
        with Workshop.open(tmp_path / name) as again:
            assert again.snapshot() == data
