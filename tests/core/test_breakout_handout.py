"""Handing branches out: the files, the records, and what a breakout file lets a group do.

A breakout file is the whole workshop; the group's branch is editable and the
rest is locked by the services themselves (each refusal says why, and nothing of
the refused change is written).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.breakouts import BreakoutError, hand_out, out_units, view_of
from okr_studio.errors import EditRefused
from okr_studio.store import Workshop
from tests.core.breakout_build import content, handed, master, rows


@pytest.fixture
def plan(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws, tree = master(tmp_path)
    yield ws, tree
    ws.close()


def test_one_file_per_group_recording_where_it_came_from(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    when = dt.datetime(2027, 1, 12, 10, 30, tzinfo=dt.UTC)
    (tmp_path / "out").mkdir()
    done = hand_out(ws, [[t.payments], [t.risk, t.search]], tmp_path / "out", now=when)
    assert [p.name for p in done.files] == ["plan - Payments.okr", "plan - Risk + Search.okr"]
    assert done.names == ("Payments", "Risk + Search")
    data = ws.snapshot()
    records = sorted(data.breakouts.values(), key=lambda r: r.id)
    assert [(r.name, r.file_name, r.handed_out_at, r.merged_at) for r in records] == [
        ("Payments", "plan - Payments.okr", "2027-01-12T10:30:00+00:00", ""),
        ("Risk + Search", "plan - Risk + Search.okr", "2027-01-12T10:30:00+00:00", ""),
    ]
    assert records[1].unit_uids == (data.units[t.risk].uid, data.units[t.search].uid)
    assert done.change.label == "Hand out 2 breakouts"
    with Workshop.open(done.files[1]) as b:
        got = b.snapshot()
    [origin] = got.origin.values()
    assert origin.workshop_uid == data.info.uid and origin.breakout_uid == records[1].uid
    assert (origin.name, origin.workshop_name) == ("Risk + Search", "Acme 2027 Q1")
    assert json.loads(origin.base)["objectives"][0]["title"] == "Grow revenue"
    assert got.breakouts == {}  # the hand-outs stay with the main workshop
    # the whole workshop is there, every stable id the same
    assert {u.uid for u in got.units.values()} == {u.uid for u in data.units.values()}
    assert {k.uid for k in got.key_results.values()} == {k.uid for k in data.key_results.values()}


def test_the_hand_out_is_one_undo_step_and_the_files_stay(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    before = rows(ws)
    (tmp_path / "out").mkdir()
    done = hand_out(ws, [[t.payments], [t.risk]], tmp_path / "out")
    assert set(out_units(ws.snapshot())) == {t.payments, t.risk}
    assert {r.table for r in done.change.rows} == {"breakout"}
    services.undo(ws, done.change)
    assert rows(ws) == before
    assert all(path.exists() for path in done.files)
    services.redo(ws, done.change)
    assert len(ws.snapshot().breakouts) == 2


def test_a_hand_out_taken_back_is_forgotten(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    before = rows(ws)
    handed(ws, tmp_path / "out", [t.payments])
    record = next(iter(ws.snapshot().breakouts.values()))
    change = services.take_back_hand_out(ws, record.id)
    assert change.label == "Take back the breakout “Payments”"
    assert rows(ws) == before


def test_units_below_a_department_are_out_with_it(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    handed(ws, tmp_path / "out", [t.product])
    assert set(out_units(ws.snapshot())) == {t.product, t.payments, t.risk, t.search}


@pytest.mark.parametrize(
    ("groups", "words"),
    [
        ([], "at least one unit"),
        ([[]], "at least one unit"),
        ([["product"], ["payments"]], "“Payments” is part of “Product”"),
        ([["payments", "payments"]], "one group only"),
        ([[999]], "no longer in the workshop"),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_written(
    tmp_path: Path,
    plan,  # type: ignore[no-untyped-def]
    groups: list[list[object]],
    words: str,
) -> None:
    ws, t = plan
    ids = [[getattr(t, u) if isinstance(u, str) else u for u in g] for g in groups]
    before = rows(ws)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BreakoutError, match=words):
        hand_out(ws, ids, out)
    assert rows(ws) == before and list(out.iterdir()) == []


def test_a_branch_already_out_is_not_handed_out_again(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    handed(ws, tmp_path / "a", [t.payments])
    with pytest.raises(BreakoutError, match="already out in the breakout “Payments”"):
        handed(ws, tmp_path / "b", [t.product])
    assert not list((tmp_path / "b").iterdir())


def test_a_second_hand_out_to_the_same_folder_gets_its_own_name(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    [first] = handed(ws, tmp_path / "out", [t.payments])
    record = next(iter(ws.snapshot().breakouts.values()))
    services.take_back_hand_out(ws, record.id)
    [second] = handed(ws, tmp_path / "out", [t.payments])
    assert (first.name, second.name) == ("plan - Payments.okr", "plan - Payments (2).okr")


def test_names_that_cannot_be_file_names_are_cleaned(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    services.rename_unit(ws, t.payments, 'Pay/ments: <b>&"?*\x07 😀 数据')
    [path] = handed(ws, tmp_path / "out", [t.payments])
    assert path.name == "plan - Pay-ments- -b-&---- 😀 数据.okr"


def test_a_breakout_cannot_hand_out(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    [path] = handed(ws, tmp_path / "out", [t.product])
    with Workshop.open(path) as b, pytest.raises(BreakoutError, match="is itself a breakout"):
        handed(b, tmp_path / "again", [t.payments])


# ---- what the group may change -------------------------------------------------------------
@pytest.fixture
def breakout(tmp_path: Path, plan):  # type: ignore[no-untyped-def]
    ws, t = plan
    [path] = handed(ws, tmp_path / "out", [t.payments])
    b = Workshop.open(path)
    yield b, t
    b.close()


def _refused(b: Workshop, call, words: str) -> None:  # type: ignore[no-untyped-def]
    before = rows(b)
    with pytest.raises(EditRefused, match=words):
        call()
    assert rows(b) == before


def test_the_branch_is_editable(breakout) -> None:  # type: ignore[no-untyped-def]
    b, t = breakout
    s = services
    s.update_objective(b, t.pay, title="Pay with a glance", status="agreed")
    s.update_key_result(b, t.wallets, target=5)
    kr = s.add_key_result(b, t.pay, "Refunds in a day").subject[1]
    s.move_key_result(b, kr, 0)
    s.add_check_in(b, t.checkout_time, 31, date=dt.date(2027, 2, 1))
    s.add_initiative(b, t.wallets, "Apple Pay")
    squad = s.add_unit(b, "Wallet squad", "squad", t.payments).subject[1]
    s.add_objective(b, squad, "Wallets everywhere", parent_kr_id=t.wallets, owner_name="Bo")
    s.align_objective(b, t.pay, t.revenue)  # aligning to the chain above is the point
    s.rename_unit(b, t.payments, "Payments & Wallets")
    s.delete_key_result(b, t.checkout_time)
    s.add_note(b, "question", "Does legal sign off?", item=("objective", t.pay))
    s.add_note(b, "parked", "Ask the plenary about budget")  # about the workshop: its own
    data = b.snapshot()
    assert data.objectives[t.pay].title == "Pay with a glance"
    assert data.units[t.payments].name == "Payments & Wallets"


@pytest.mark.parametrize(
    ("what", "words"),
    [
        ("edit company objective", "“Grow revenue” is shown for context only"),
        ("edit department kr", "“Uptime” is shown for context only"),
        ("add kr to other team", "“Stop fraud” is shown for context only: .* nothing can be add"),
        ("add objective to department", "The unit “Product” is shown for context only: .* added"),
        ("rename department", "The unit “Product” is shown for context only"),
        ("move own unit", "“Payments” is a unit this breakout was handed out for"),
        ("delete own unit", "“Payments” is a unit this breakout was handed out for"),
        ("move objective out", "The objective “Pay in one tap” is shown for context"),
        ("workshop details", "The workshop's details can only be changed in the main"),
        ("agenda", "The agenda is kept in the main workshop"),
        ("shared person", "“Ana” is one of the workshop's people"),
        ("check-in elsewhere", "The key result “Chargebacks” is shown for context only"),
    ],
)
def test_the_context_is_locked_with_a_reason(breakout, what: str, words: str) -> None:  # type: ignore[no-untyped-def]
    b, t = breakout
    s = services
    calls = {
        "edit company objective": lambda: s.update_objective(b, t.grow, title="x"),
        "edit department kr": lambda: s.update_key_result(b, t.uptime, target=1),
        "add kr to other team": lambda: s.add_key_result(b, t.fraud, "x"),
        "add objective to department": lambda: s.add_objective(b, t.product, "Ship here"),
        "rename department": lambda: s.rename_unit(b, t.product, "x"),
        "move own unit": lambda: s.move_unit(b, t.payments, t.acme),
        "delete own unit": lambda: s.delete_unit(b, t.payments),
        "move objective out": lambda: s.update_objective(b, t.pay, unit_id=t.risk),
        "workshop details": lambda: s.update_info(b, name="x"),
        "agenda": lambda: s.add_agenda_item(b, "Plenary", 20),
        "shared person": lambda: s.update_person(b, t.ana, role="PM"),
        "check-in elsewhere": lambda: s.add_check_in(b, t.chargebacks, 1, date=dt.date(2027, 2, 1)),
    }
    _refused(b, calls[what], words)


def test_a_key_result_an_objective_outside_supports_cannot_be_deleted(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    services.align_objective(ws, t.fraud, t.wallets)  # Risk aligned sideways to Payments
    [path] = handed(ws, tmp_path / "out", [t.payments])
    with Workshop.open(path) as b:
        _refused(b, lambda: services.delete_key_result(b, t.wallets), "“Stop fraud” is shown")
        _refused(b, lambda: services.delete_objective(b, t.pay), "“Stop fraud” is shown")
        services.delete_key_result(b, t.checkout_time)  # nothing outside supports it


def test_people_added_in_the_breakout_are_its_own(breakout) -> None:  # type: ignore[no-untyped-def]
    b, _t = breakout
    person = services.add_person(b, "Bo").subject[1]
    services.update_person(b, person, role="Tech lead")
    services.delete_person(b, person)


def test_the_app_sees_the_same_lock(breakout) -> None:  # type: ignore[no-untyped-def]
    b, t = breakout
    data = b.snapshot()
    view = view_of(data)
    assert view is not None and view.origin.group == "Payments"
    assert view.editable(data, "objective", t.pay) and view.editable(data, "unit", t.payments)
    assert view.editable(data, "key_result", t.wallets)
    assert "shown for context only" in view.reason(data, "objective", t.grow)
    assert "shown for context only" in view.reason(data, "unit", t.product)
    assert "handed out for" in view.move_reason(data, t.payments)
    assert "workshop's details" in view.reason(data, "workshop")
    with Workshop.open(b.path, read_only=True) as again:
        assert view_of(again.snapshot()) is not None


def test_a_main_workshop_has_no_lock(plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    assert view_of(ws.snapshot()) is None
    services.update_objective(ws, t.grow, title="Grow revenue fast")
    assert content(ws)["objective"][0][4] == "Grow revenue fast"
