"""Merging breakout files back: the three-way cases, one by one.

Each test hands the Payments team (or more) out, edits the breakout file through
the services (as the group would) and the main workshop (as the plenary would),
then looks at the preview and at the file after the merge, and after undo.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.breakouts import merge_plan
from okr_studio.errors import EditRefused
from okr_studio.exchange import OURS, THEIRS, Choice
from okr_studio.store import Workshop
from tests.core.breakout_build import Tree, checks, content, handed, master, rows

Edit = Callable[[Workshop, Tree], object]


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[tuple[Workshop, Tree]]:
    ws, tree = master(tmp_path)
    yield ws, tree
    ws.close()


def out(ws: Workshop, t: Tree, folder: Path, group: Edit) -> Path:
    """Hand Payments out and let the group make its edits; the file."""
    [path] = handed(ws, folder, [t.payments])
    with Workshop.open(path) as b:
        group(b, t)
    return path


def titles(ws: Workshop, table: str = "key_result") -> set[str]:
    data = ws.snapshot()
    rows_ = {"key_result": data.key_results, "objective": data.objectives, "unit": data.units}
    return {getattr(r, "title", getattr(r, "name", "")) for r in rows_[table].values()}


def summary(preview) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    [g] = preview.groups
    return {
        "added": [d.title for d in g.added],
        "changed": [d.title for d in g.changed],
        "removed": [d.title for d in g.removed],
        "conflicts": [f"{c.kind} {c.title} {c.field}".strip() for c in g.conflicts],
        "refused": [r.title for r in g.refused],
    }


EMPTY = {"added": [], "changed": [], "removed": [], "conflicts": [], "refused": []}


# ---- each kind of change on one side ------------------------------------------------------
def test_what_the_group_adds_changes_and_removes_arrives(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan

    def group(b: Workshop, t: Tree) -> None:
        s = services
        s.update_objective(b, t.pay, title="Pay with a glance", status="agreed")
        s.update_key_result(b, t.wallets, target=5, notes="Apple, Google, Klarna…")
        kr = s.add_key_result(b, t.pay, "Refunds in a day", target=1).subject[1]
        s.add_check_in(b, kr, 3, date=dt.date(2027, 2, 1), comment="first week")
        s.add_initiative(b, t.wallets, "Apple Pay", link="PAY-12")
        squad = s.add_unit(b, "Wallet squad", "squad", t.payments).subject[1]
        s.add_objective(b, squad, "Wallets everywhere", parent_kr_id=t.wallets, owner_name="Bo")
        s.delete_key_result(b, t.checkout_time)
        s.add_note(b, "parked", "Budget for the card terminal")

    path = out(ws, t, tmp_path / "out", group)
    before = rows(ws)
    preview = merge_plan(ws, [path])
    got = summary(preview)
    assert sorted(got["added"]) == sorted([
        "Refunds in a day", "2027-02-01: 3.0", "Apple Pay", "Wallet squad",
        "Wallets everywhere", "Bo", "Budget for the card terminal",
    ])  # fmt: skip
    assert sorted(got["changed"]) == ["Pay with a glance", "Wallets"]
    assert got["removed"] == ["Checkout time"]
    assert got["conflicts"] == got["refused"] == []
    change = services.apply_merge(ws, preview)
    data = ws.snapshot()
    assert data.objectives[t.pay].title == "Pay with a glance"
    assert data.objectives[t.pay].status == "agreed"
    assert data.key_results[t.wallets].target == 5
    assert "Checkout time" not in titles(ws) and "Refunds in a day" in titles(ws)
    squad = next(u for u in data.units.values() if u.name == "Wallet squad")
    assert squad.parent_id == t.payments
    new = next(o for o in data.objectives.values() if o.title == "Wallets everywhere")
    assert new.parent_kr_id == t.wallets and data.people[new.owner_id].name == "Bo"
    [record] = data.breakouts.values()
    assert record.merged_at and record.merge_summary == "7 added, 2 changed, 1 removed"
    assert change.label == "Merge the breakout “Payments”"
    services.undo(ws, change)
    assert rows(ws) == before
    services.redo(ws, change)
    assert ws.snapshot().objectives[t.pay].title == "Pay with a glance"


def test_what_only_the_main_workshop_changed_is_kept(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(
        ws, t, tmp_path / "out", lambda b, t: services.update_key_result(b, t.wallets, target=4)
    )
    services.update_objective(ws, t.pay, title="Tap to pay")  # the plenary, while out
    services.update_key_result(ws, t.checkout_time, target=15)
    services.add_key_result(ws, t.pay, "Added in the plenary")
    preview = merge_plan(ws, [path])
    assert summary(preview) == {**EMPTY, "changed": ["Wallets"]}
    services.apply_merge(ws, preview)
    data = ws.snapshot()
    assert data.objectives[t.pay].title == "Tap to pay"
    assert data.key_results[t.checkout_time].target == 15
    assert data.key_results[t.wallets].target == 4
    assert "Added in the plenary" in titles(ws)


def test_the_same_change_on_both_sides_is_no_conflict(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(
        ws, t, tmp_path / "out", lambda b, t: services.update_key_result(b, t.wallets, target=4)
    )
    services.update_key_result(ws, t.wallets, target=4)
    preview = merge_plan(ws, [path])
    assert summary(preview) == EMPTY and preview.empty


@pytest.mark.parametrize(
    ("answer", "expected"), [(OURS, 6.0), (THEIRS, 4.0), (Choice("edit", 5), 5.0)]
)
def test_different_changes_to_one_field_are_a_conflict(
    tmp_path: Path,
    plan,  # type: ignore[no-untyped-def]
    answer: Choice,
    expected: float,
) -> None:
    ws, t = plan

    def group(b: Workshop, t: Tree) -> None:
        services.update_key_result(b, t.wallets, target=4, title="Wallets live")

    path = out(ws, t, tmp_path / "out", group)
    services.update_key_result(ws, t.wallets, target=6)
    preview = merge_plan(ws, [path])
    # the title changed on one side only: listed as a change beside the conflict
    assert summary(preview) == {
        **EMPTY,
        "changed": ["Wallets live"],
        "conflicts": ["field Wallets live target"],
    }
    [c] = preview.conflicts
    assert (c.base, c.theirs, c.ours, c.group) == (3.0, 4.0, 6.0, "Payments")
    services.apply_merge(ws, preview, {c.key: answer})
    kr = ws.snapshot().key_results[t.wallets]
    assert (kr.target, kr.title) == (expected, "Wallets live")  # the title is no conflict


# ---- deletions against edits --------------------------------------------------------------
@pytest.mark.parametrize("answer", [OURS, THEIRS])
def test_the_group_deleted_what_the_plenary_edited(tmp_path: Path, plan, answer: Choice) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(ws, t, tmp_path / "out", lambda b, t: services.delete_objective(b, t.pay))
    services.update_key_result(ws, t.wallets, notes="agreed with finance")
    preview = merge_plan(ws, [path])
    got = summary(preview)
    assert got["conflicts"] == ["deleted_there Pay in one tap"] and got["removed"] == []
    [c] = preview.conflicts
    assert set(c.members) == {("objective", ws.snapshot().objectives[t.pay].uid)} | {
        ("key_result", ws.snapshot().key_results[k].uid) for k in (t.checkout_time, t.wallets)
    }
    services.apply_merge(ws, preview, {c.key: answer})
    kept = "Pay in one tap" in titles(ws, "objective")
    assert kept == (answer is OURS)
    assert ("Wallets" in titles(ws)) == kept


def test_the_group_deleted_what_the_plenary_added_to(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(ws, t, tmp_path / "out", lambda b, t: services.delete_objective(b, t.pay))
    services.add_key_result(ws, t.pay, "Plenary's key result")
    preview = merge_plan(ws, [path])
    assert summary(preview)["conflicts"] == ["deleted_there Pay in one tap"]
    services.apply_merge(ws, preview)  # ours: kept, with the plenary's key result
    assert {"Plenary's key result", "Wallets"} <= titles(ws)


def test_a_plain_deletion_is_a_removal(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(ws, t, tmp_path / "out", lambda b, t: services.delete_objective(b, t.pay))
    preview = merge_plan(ws, [path])
    assert sorted(summary(preview)["removed"]) == ["Checkout time", "Pay in one tap", "Wallets"]
    services.apply_merge(ws, preview)
    assert "Pay in one tap" not in titles(ws, "objective")


@pytest.mark.parametrize("answer", [OURS, THEIRS])
def test_the_plenary_deleted_what_the_group_edited(tmp_path: Path, plan, answer: Choice) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(
        ws, t, tmp_path / "out", lambda b, t: services.update_key_result(b, t.wallets, target=9)
    )
    services.delete_objective(ws, t.pay)
    preview = merge_plan(ws, [path])
    assert summary(preview)["conflicts"] == ["deleted_here Pay in one tap"]
    [c] = preview.conflicts
    services.apply_merge(ws, preview, {c.key: answer})
    data = ws.snapshot()
    if answer is OURS:
        assert "Pay in one tap" not in titles(ws, "objective") and "Wallets" not in titles(ws)
    else:  # back, with the group's version of everything in it
        obj = next(o for o in data.objectives.values() if o.title == "Pay in one tap")
        krs = {k.title: k for k in data.key_results_of(obj.id)}
        assert set(krs) == {"Checkout time", "Wallets"} and krs["Wallets"].target == 9
        assert obj.unit_id == t.payments and data.objectives_of(t.payments) == [obj]
    assert checks_ok(ws)


@pytest.mark.parametrize("answer", [OURS, THEIRS])
def test_an_item_added_under_a_deleted_parent_is_never_an_orphan(
    tmp_path: Path,
    plan,  # type: ignore[no-untyped-def]
    answer: Choice,
) -> None:
    ws, t = plan

    def group(b: Workshop, t: Tree) -> None:
        kr = services.add_key_result(b, t.pay, "Tap rate", target=50).subject[1]
        services.add_initiative(b, kr, "NFC pilot")

    path = out(ws, t, tmp_path / "out", group)
    services.delete_objective(ws, t.pay)
    preview = merge_plan(ws, [path])
    got = summary(preview)
    assert got["conflicts"] == ["deleted_here Pay in one tap"]
    assert sorted(got["added"]) == ["NFC pilot", "Tap rate"]
    [c] = preview.conflicts
    services.apply_merge(ws, preview, {c.key: answer})
    data = ws.snapshot()
    if answer is OURS:
        assert "Tap rate" not in titles(ws) and not data.initiatives
    else:
        kr = next(k for k in data.key_results.values() if k.title == "Tap rate")
        assert data.objectives[kr.objective_id].title == "Pay in one tap"
        [init] = data.initiatives.values()
        assert init.key_result_id == kr.id
    assert all(k.objective_id in data.objectives for k in data.key_results.values())
    assert checks_ok(ws)


def test_a_key_result_moved_between_objectives(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan

    def group(b: Workshop, t: Tree) -> None:
        other = services.add_objective(b, t.payments, "Wallets first").subject[1]
        services.update_key_result(b, t.wallets, objective_id=other)

    path = out(ws, t, tmp_path / "out", group)
    preview = merge_plan(ws, [path])
    assert summary(preview) == {**EMPTY, "added": ["Wallets first"], "changed": ["Wallets"]}
    services.apply_merge(ws, preview)
    data = ws.snapshot()
    assert data.objectives[data.key_results[t.wallets].objective_id].title == "Wallets first"
    assert [k.title for k in data.key_results_of(t.pay)] == ["Checkout time"]


def test_alignment_changes_arrive(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(ws, t, tmp_path / "out", lambda b, t: services.align_objective(b, t.pay, t.revenue))
    preview = merge_plan(ws, [path])
    [d] = preview.groups[0].changed
    assert [(f.field, preview.value_text("objective", f.field, f.theirs)) for f in d.fields] == [
        ("aligned_to", "Revenue +20 %")
    ]
    services.apply_merge(ws, preview)
    assert ws.snapshot().objectives[t.pay].parent_kr_id == t.revenue


def test_an_alignment_that_would_make_a_circle_is_a_conflict(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    # The group aligns its objective sideways to Risk's "Chargebacks"; meanwhile the
    # plenary aligned Risk's objective to Payments' "Wallets": together, a circle.
    path = out(
        ws, t, tmp_path / "out", lambda b, t: services.align_objective(b, t.pay, t.chargebacks)
    )
    services.align_objective(ws, t.fraud, t.wallets)
    preview = merge_plan(ws, [path])
    assert summary(preview)["conflicts"] == ["cycle Pay in one tap aligned_to"]
    [c] = preview.conflicts
    assert preview.value_text("objective", c.field, c.theirs) == "Chargebacks"
    assert preview.value_text("objective", c.field, c.ours) == "Conversion 3 %"
    before = rows(ws)
    with pytest.raises(EditRefused, match="circle"):
        services.apply_merge(ws, preview, {c.key: THEIRS})
    assert rows(ws) == before
    services.apply_merge(ws, preview)
    assert ws.snapshot().objectives[t.pay].parent_kr_id == t.conversion


def circle_of_new_items(ws: Workshop, t: Tree, folder: Path) -> Path:
    """A breakout whose group added two objectives, each aligned to the other's new key
    result: the second alignment written by another program (the app refuses it)."""

    def group(b: Workshop, t: Tree) -> None:
        one = services.add_objective(b, t.payments, "Tap anywhere").subject[1]
        k_one = services.add_key_result(b, one, "Taps a day").subject[1]
        two = services.add_objective(b, t.payments, "Pay by voice", parent_kr_id=k_one)
        services.add_key_result(b, two.subject[1], "Voice payments")

    path = out(ws, t, folder, group)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE objective SET parent_kr_id = (SELECT id FROM key_result WHERE title = "
            "'Voice payments') WHERE title = 'Tap anywhere'"
        )
    conn.close()
    return path


def test_a_circle_among_new_items_is_a_conflict_in_the_preview(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = circle_of_new_items(ws, t, tmp_path / "out")
    preview = merge_plan(ws, [path])
    got = summary(preview)
    assert sorted(got["conflicts"]) == [
        "cycle Pay by voice aligned_to",
        "cycle Tap anywhere aligned_to",
    ]
    assert len(got["added"]) == 4  # the objectives stay added; their alignment is asked
    by_title = {c.title: c for c in preview.conflicts}
    tap = by_title["Tap anywhere"]
    assert preview.value_text("objective", tap.field, tap.theirs) == "Voice payments"
    assert preview.value_text("objective", tap.field, tap.ours) == "(none)"
    assert "circle" in tap.reason
    before = rows(ws)
    answers = {c.key: THEIRS for c in preview.conflicts}
    with pytest.raises(EditRefused, match="circle"):
        services.apply_merge(ws, preview, answers)
    assert rows(ws) == before
    # the group's alignment of one, not the other: the circle is broken
    change = services.apply_merge(ws, preview, {tap.key: THEIRS})
    data = ws.snapshot()
    by_name = {o.title: o for o in data.objectives.values()}
    assert data.key_results[by_name["Tap anywhere"].parent_kr_id].title == "Voice payments"
    assert by_name["Pay by voice"].parent_kr_id is None
    services.undo(ws, change)
    assert rows(ws) == before


# ---- the order of siblings -----------------------------------------------------------------
def kr_order(ws: Workshop, objective: int) -> list[str]:
    return [k.title for k in ws.snapshot().key_results_of(objective)]


def test_a_new_order_made_by_the_group_arrives(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan

    def group(b: Workshop, t: Tree) -> None:
        services.move_key_result(b, t.wallets, 0)
        first = services.add_objective(b, t.payments, "Cards first").subject[1]
        services.move_objective(b, first, 0)  # a new item where the group wants it

    path = out(ws, t, tmp_path / "out", group)
    services.add_key_result(ws, t.pay, "Added in the plenary")  # at the end: not an order
    before = rows(ws)
    preview = merge_plan(ws, [path])
    [g] = preview.groups
    assert sorted(r.text for r in g.reordered) == [
        "the key results of objective “Pay in one tap”",
        "the objectives of unit “Payments”",
    ]
    assert g.summary() == "1 added, 2 reordered"
    assert (
        "  reordered the key results of objective “Pay in one tap”\n"
        "      now: 1. Wallets; 2. Checkout time\n"
    ) in preview.text()
    change = services.apply_merge(ws, preview)
    assert kr_order(ws, t.pay) == ["Wallets", "Checkout time", "Added in the plenary"]
    data = ws.snapshot()
    assert [o.title for o in data.objectives_of(t.payments)] == ["Cards first", "Pay in one tap"]
    services.undo(ws, change)
    assert rows(ws) == before


def test_a_list_both_sides_reordered_is_a_conflict(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    fees = services.add_key_result(ws, t.pay, "Fees").subject[1]  # Checkout, Wallets, Fees

    def group(b: Workshop, t: Tree) -> None:
        services.add_key_result(b, t.pay, "Refunds in a day")
        services.move_key_result(b, fees, 0)  # Fees, Checkout time, Wallets, Refunds

    path = out(ws, t, tmp_path / "out", group)
    services.add_key_result(ws, t.pay, "Card terminals")
    services.move_key_result(ws, t.wallets, 0)  # Wallets, Checkout time, Fees, Card
    preview = merge_plan(ws, [path])
    [c] = preview.conflicts
    assert (c.kind, c.title, c.field) == ("order", "Pay in one tap", "key_result_order")
    assert preview.value_text("objective", c.field, c.theirs) == (
        "1. Fees; 2. Checkout time; 3. Wallets; 4. Refunds in a day"
    )
    assert "both changed the order of the key results" in c.reason
    assert preview.groups[0].reordered == []
    before = rows(ws)
    change = services.apply_merge(ws, preview)  # ours: the room's order, the new one after
    assert kr_order(ws, t.pay) == [
        "Wallets", "Checkout time", "Fees", "Card terminals", "Refunds in a day"
    ]  # fmt: skip
    services.undo(ws, change)
    assert rows(ws) == before
    services.apply_merge(ws, preview, {c.key: THEIRS})
    assert kr_order(ws, t.pay) == [
        "Fees", "Checkout time", "Wallets", "Refunds in a day", "Card terminals"
    ]  # fmt: skip


def test_the_same_new_order_on_both_sides_is_no_conflict(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(ws, t, tmp_path / "out", lambda b, t: services.move_key_result(b, t.wallets, 0))
    services.move_key_result(ws, t.wallets, 0)
    preview = merge_plan(ws, [path])
    assert preview.conflicts == []
    services.apply_merge(ws, preview)
    assert kr_order(ws, t.pay) == ["Wallets", "Checkout time"]


# ---- outside the branch --------------------------------------------------------------------
def test_changes_outside_the_branch_are_refused_with_a_reason(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(
        ws, t, tmp_path / "out", lambda b, t: services.update_key_result(b, t.wallets, target=7)
    )
    conn = sqlite3.connect(path)  # another program writes where the app would not let it
    with conn:
        conn.execute("UPDATE objective SET title = 'Hacked' WHERE id = ?", (t.grow,))
        conn.execute("DELETE FROM key_result WHERE id = ?", (t.chargebacks,))
        conn.execute("UPDATE person SET role = 'CEO' WHERE id = ?", (t.ana,))
        conn.execute("UPDATE workshop SET name = 'Other'")
        conn.execute("UPDATE unit SET parent_id = ? WHERE id = ?", (t.acme, t.payments))
    conn.close()
    before = content(ws)
    preview = merge_plan(ws, [path])
    got = summary(preview)
    assert got["changed"] == ["Wallets"]
    assert sorted(got["refused"]) == sorted(
        ["Grow revenue", "Chargebacks", "Ana", "Acme 2027 Q1", "Payments"]
    )
    reasons = {r.title: r.reason for r in preview.refused}
    assert "not in the branch handed out to “Payments”" in reasons["Grow revenue"]
    assert "cannot remove it" in reasons["Chargebacks"]
    assert "shared by every group" in reasons["Ana"]
    assert "handed out for: it cannot move" in reasons["Payments"]
    services.apply_merge(ws, preview)
    after = content(ws)
    changed = {t_ for t_ in after if after[t_] != before[t_]}
    assert changed == {"key_result"}
    assert ws.snapshot().key_results[t.wallets].target == 7


# ---- several files, and the record ------------------------------------------------------------
def test_three_groups_merge_in_one_step(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    files = handed(ws, tmp_path / "out", [t.payments], [t.risk], [t.search])
    edits = [(t.wallets, "Wallets 5"), (t.chargebacks, "Chargebacks 0"), (t.latency, "Fast")]
    for path, (kr, title) in zip(files, edits, strict=True):
        with Workshop.open(path) as b:
            services.update_key_result(b, kr, title=title)
    before = rows(ws)
    preview = merge_plan(ws, files)
    assert [g.summary() for g in preview.groups] == ["1 changed"] * 3
    change = services.apply_merge(ws, preview)
    assert change.label == "Merge 3 breakouts"
    assert {"Wallets 5", "Chargebacks 0", "Fast"} <= titles(ws)
    assert all(r.merged_at for r in ws.snapshot().breakouts.values())
    services.undo(ws, change)
    assert rows(ws) == before


def test_merged_once_only_and_undo_clears_the_mark(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(
        ws, t, tmp_path / "out", lambda b, t: services.update_key_result(b, t.wallets, target=4)
    )
    change = services.apply_merge(ws, merge_plan(ws, [path]))
    with pytest.raises(Exception, match="was already merged on"):
        merge_plan(ws, [path])
    services.undo(ws, change)
    assert not next(iter(ws.snapshot().breakouts.values())).merged_at
    services.apply_merge(ws, merge_plan(ws, [path]))
    assert ws.snapshot().key_results[t.wallets].target == 4


def test_a_stale_preview_writes_nothing(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws, t = plan
    path = out(
        ws, t, tmp_path / "out", lambda b, t: services.update_key_result(b, t.wallets, target=4)
    )
    preview = merge_plan(ws, [path])
    services.update_objective(ws, t.grow, title="Changed after the preview")
    before = rows(ws)
    with pytest.raises(EditRefused, match="changed since"):
        services.apply_merge(ws, preview)
    assert rows(ws) == before


def checks_ok(ws: Workshop) -> bool:
    integrity, foreign = checks(ws.path)
    return integrity == ["ok"] and foreign == []


def test_undo_brings_back_an_alignment_between_two_removed_items(tmp_path: Path, plan) -> None:  # type: ignore[no-untyped-def]
    """The group removed an objective and, after it, the key result it supported: the
    merge removes both, and undo puts the alignment back too (it was cleared by SQLite
    behind the recorder's back before the fix)."""
    ws, t = plan
    squad = services.add_unit(ws, "Wallet squad", "squad", t.payments).subject[1]
    everywhere = services.add_objective(ws, squad, "Everywhere", parent_kr_id=t.wallets).subject[1]

    def group(b: Workshop, t: Tree) -> None:
        services.delete_objective(b, everywhere)
        services.delete_objective(b, t.pay)

    path = out(ws, t, tmp_path / "out", group)
    before = rows(ws)
    change = services.apply_merge(ws, merge_plan(ws, [path]))
    assert "Everywhere" not in titles(ws, "objective")
    services.undo(ws, change)
    assert rows(ws) == before
    assert ws.snapshot().objectives[everywhere].parent_kr_id == t.wallets
