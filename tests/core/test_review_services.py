"""Check-ins, initiatives and the review: one transaction, one change, one undo step each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from okr_studio import services as s
from okr_studio.errors import EditRefused, NotFound
from okr_studio.numbers import set_default_locale
from okr_studio.store import Workshop
from okr_studio.vocab import is_uid


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workshop]:
    workshop = Workshop.create(tmp_path / "review.okr")
    yield workshop
    workshop.close()


@pytest.fixture
def kr(ws: Workshop) -> int:
    unit = s.add_unit(ws, "Checkout", "team").subject[1]
    obj = s.add_objective(ws, unit, "Paying feels easy").subject[1]
    return s.add_key_result(ws, obj, "Raise mobile completion", baseline=61, target=72).subject[1]


def test_a_check_in_is_one_step_and_undoes_whole(ws: Workshop, kr: int) -> None:
    change = s.add_check_in(ws, kr, "66.5", date="2027-02-01", confidence=0.7,
                            comment="<b>&amp; 🚀 ok", person_name="Zoë")  # fmt: skip
    assert change.label == "Check in" and change.subject == ("key_result", kr)
    assert {r.table for r in change.rows} == {"person", "check_in"}
    data = ws.snapshot()
    (ci,) = data.check_ins_of(kr)
    assert (ci.date, ci.value, ci.confidence) == (dt.date(2027, 2, 1), 66.5, 0.7)
    assert ci.comment == "<b>&amp; 🚀 ok" and data.person_name(ci.person_id) == "Zoë"
    assert is_uid(ci.uid) and s.new_row_id(change, "check_in") == ci.id
    s.undo(ws, change)
    after = ws.snapshot()
    assert not after.check_ins and not after.people
    s.redo(ws, change)
    assert ws.snapshot().check_ins[ci.id] == ci  # the same row, stable id included


def test_the_latest_check_in_by_date_is_the_actual(ws: Workshop, kr: int) -> None:
    s.add_check_in(ws, kr, 70, date="2027-03-01")
    s.add_check_in(ws, kr, 64, date="2027-02-01")  # entered late, for an earlier day
    latest = ws.snapshot().latest_check_in(kr)
    assert latest is not None and latest.value == 70


def test_check_in_defaults_to_today_and_reads_typed_numbers(ws: Workshop, kr: int) -> None:
    set_default_locale("de_DE")
    try:
        s.add_check_in(ws, kr, "1.234,5")
    finally:
        set_default_locale(None)
    (ci,) = ws.snapshot().check_ins_of(kr)
    assert ci.value == 1234.5 and ci.date == dt.date.today()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": None}, "needs a value"),
        ({"value": ""}, "needs a value"),
        ({"value": "lots"}, "must be a number"),
        ({"value": float("nan")}, "finite number"),
        ({"value": 10**400}, "finite number"),
        ({"value": 1, "confidence": 1.5}, "between 0 % and 100 %"),
        ({"value": 1, "date": "someday"}, "date like 2027-03-31"),
        ({"value": 1, "person_id": 99}, "no longer in the workshop"),
        ({"value": 1, "comment": "half \ud83d"}, "broken character"),
    ],
)
def test_bad_check_ins_are_refused_and_change_nothing(
    ws: Workshop, kr: int, fields: dict, message: str
) -> None:
    before = ws.snapshot()
    value = fields.pop("value")
    with pytest.raises(EditRefused, match=message):
        s.add_check_in(ws, kr, value, **fields)
    assert ws.snapshot() == before


def test_edit_and_delete_a_check_in(ws: Workshop, kr: int) -> None:
    cid = s.new_row_id(s.add_check_in(ws, kr, 62, date="2027-01-15"), "check_in")
    assert cid is not None
    edit = s.update_check_in(ws, cid, value="63", comment="corrected", date="2027-01-16")
    assert edit.label == "Edit check-in" and len(edit.rows) == 1
    with pytest.raises(EditRefused, match="needs a value"):
        s.update_check_in(ws, cid, value=None)
    with pytest.raises(EditRefused, match="not a field"):
        s.update_check_in(ws, cid, key_result_id=kr)
    gone = s.delete_check_in(ws, cid)
    assert not ws.snapshot().check_ins
    s.undo(ws, gone)
    assert ws.snapshot().check_ins[cid].value == 63
    with pytest.raises(NotFound):
        s.delete_check_in(ws, cid + 1)
    with pytest.raises(NotFound):
        s.add_check_in(ws, kr + 1, 5)


def test_initiatives_in_order_with_their_outcomes(ws: Workshop, kr: int) -> None:
    first = s.add_initiative(ws, kr, "One-tap wallet", work_type="feature",
                             owner_name="Fatima", link="https://example.com/EPIC-1",
                             problem="Typing card numbers on a phone", behaviour_change="Tap",
                             success_measure="Wallet share")  # fmt: skip
    assert first.label == "Add initiative" and first.subject == ("key_result", kr)
    second = s.add_initiative(ws, kr, "Fewer form fields", state="in_progress", index=0)
    data = ws.snapshot()
    titles = [i.title for i in data.initiatives_of(kr)]
    assert titles == ["Fewer form fields", "One-tap wallet"]
    one = data.initiatives[s.new_row_id(first, "initiative")]
    assert data.person_name(one.owner_id) == "Fatima" and one.state == "planned"
    iid = s.new_row_id(second, "initiative")
    s.update_initiative(ws, iid, state="done", actual_outcome="Half the fields, +3 points")
    s.move_initiative(ws, iid, 5)
    data = ws.snapshot()
    assert [i.title for i in data.initiatives_of(kr)] == ["One-tap wallet", "Fewer form fields"]
    assert data.initiatives[iid].actual_outcome == "Half the fields, +3 points"
    with pytest.raises(EditRefused, match=r"not a state of an initiative.*In progress"):
        s.update_initiative(ws, iid, state="agreed")
    with pytest.raises(EditRefused, match="not a work type"):
        s.add_initiative(ws, kr, "X", work_type="epic")
    s.delete_initiative(ws, iid)
    assert [i.position for i in ws.snapshot().initiatives_of(kr)] == [0]


def test_the_review_of_an_objective_and_a_key_result(ws: Workshop, kr: int) -> None:
    obj = ws.snapshot().key_results[kr].objective_id
    change = s.review_objective(
        ws,
        obj,
        actual_outcome="Completion rose to 69 %",
        learned="Wallets matter more than fields",
        decision="change",
    )
    assert change.label == "Review objective" and len(change.rows) == 1
    s.review_key_result(ws, kr, learning_note="Started late", weight=2)
    data = ws.snapshot()
    assert data.objectives[obj].decision == "change"
    assert (data.key_results[kr].learning_note, data.key_results[kr].weight) == ("Started late", 2)
    with pytest.raises(EditRefused, match=r"not a decision.*Keep, Change, Drop"):
        s.review_objective(ws, obj, decision="maybe")
    with pytest.raises(EditRefused, match="not a field"):
        s.review_objective(ws, obj, title="sneaky")
    for bad in (-1, None, "heavy"):
        with pytest.raises(EditRefused):
            s.review_key_result(ws, kr, weight=bad)
    with pytest.raises(EditRefused, match="not a field"):
        s.update_key_result(ws, kr, carried_from="someone")
    s.undo(ws, change)
    assert ws.snapshot().objectives[obj].decision == ""


def test_deleting_a_key_result_takes_its_check_ins_and_initiatives_and_undo_brings_them(
    ws: Workshop, kr: int
) -> None:
    s.add_check_in(ws, kr, 64, date="2027-02-01", person_name="Ana")
    s.add_initiative(ws, kr, "Wallets", owner_name="Ana")
    before = ws.snapshot()
    gone = s.delete_key_result(ws, kr)
    after = ws.snapshot()
    assert not after.check_ins and not after.initiatives
    s.undo(ws, gone)
    assert ws.snapshot() == before
    unit = next(iter(before.units))
    gone = s.delete_items(ws, [("unit", unit)])
    assert not ws.snapshot().check_ins
    s.undo(ws, gone)
    assert ws.snapshot() == before


def test_deleting_a_person_keeps_their_check_ins_and_initiatives(ws: Workshop, kr: int) -> None:
    s.add_check_in(ws, kr, 64, date="2027-02-01", person_name="Ana")
    s.add_initiative(ws, kr, "Wallets", owner_name="Ana")
    ana = next(iter(ws.snapshot().people))
    change = s.delete_person(ws, ana)
    data = ws.snapshot()
    assert [c.person_id for c in data.check_ins.values()] == [None]
    assert [i.owner_id for i in data.initiatives.values()] == [None]
    s.undo(ws, change)
    assert next(iter(ws.snapshot().check_ins.values())).person_id == ana


def test_long_and_hostile_text_in_every_new_field(ws: Workshop, kr: int) -> None:
    text = "R&D <b>x</b> &amp; " + "🙂ש数" * 3000
    s.add_check_in(ws, kr, 1, comment=text)
    s.add_initiative(ws, kr, text, link=text, problem=text, actual_outcome=text)
    obj = ws.snapshot().key_results[kr].objective_id
    s.review_objective(ws, obj, actual_outcome=text, learned=text)
    s.review_key_result(ws, kr, learning_note=text)
    ws.close()
    with Workshop.open(ws.path) as again:
        data = again.snapshot()
    assert next(iter(data.check_ins.values())).comment == text
    initiative = next(iter(data.initiatives.values()))
    assert initiative.title == initiative.link == initiative.actual_outcome == text
    assert data.objectives[obj].learned == text and data.key_results[kr].learning_note == text
