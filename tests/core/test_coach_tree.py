"""Coach rules about the organisation tree and alignment, and the order of findings."""

from __future__ import annotations

from okr_studio.coach import Severity, check
from tests.core.coach_build import Build, company_and_team


def test_orphan_objective_below_the_top() -> None:
    b, company, team, _krs = company_and_team()
    orphan = b.obj(team, "Checkout feels instant")
    top = b.obj(company, "Customers trust us")  # top level: needs no parent
    assert "OBJ_ORPHAN" in b.codes("objective", orphan)
    assert "OBJ_ORPHAN" not in b.codes("objective", top)
    (f,) = [f for f in b.findings() if f.code == "OBJ_ORPHAN"]
    assert f.severity is Severity.ERROR and "“Acme”" in f.hint


def _realign(b: Build, oid: int, kr: int) -> None:
    """Point an objective at a key result behind the services' back (as an old file may)."""
    o = b.objectives[oid]
    b.objectives[oid] = o._replace(parent_kr_id=kr)


ALIGNMENT_CODES = {"OBJ_ALIGNMENT_CYCLE", "OBJ_ALIGNED_SIDEWAYS", "OBJ_ALIGNED_SAME_UNIT"}


def _alignment(b: Build, oid: int) -> set[str]:
    return set(b.codes("objective", oid)) & (ALIGNMENT_CODES | {"OBJ_ORPHAN"})


def test_sideways_alignment_is_a_warning_naming_where_the_key_result_is() -> None:
    b = Build()
    company = b.unit("Acme", level="company")
    left = b.unit("Left", company)
    right = b.unit("Right", company)
    far = b.unit("Far", left)
    _, company_krs = b.good_obj(company)
    _, left_krs = b.good_obj(left, parent_kr=company_krs[0])
    _, far_krs = b.good_obj(far, parent_kr=left_krs[0])
    peer = b.obj(right, "Right helps Left", parent_kr=left_krs[0])
    other_branch = b.obj(right, "Right helps Far", parent_kr=far_krs[0])
    upside_down = b.obj(company, "Acme helps Far", parent_kr=far_krs[1])
    right_ok = b.obj(right, "Right helps Acme", parent_kr=company_krs[1])
    for oid in (peer, other_branch, upside_down):
        assert _alignment(b, oid) == {"OBJ_ALIGNED_SIDEWAYS"}
    assert _alignment(b, right_ok) == set()
    found = {f.item_id: f for f in b.findings() if f.code == "OBJ_ALIGNED_SIDEWAYS"}
    assert all(f.severity is Severity.WARNING for f in found.values())
    assert "“Left”, a peer of “Right”" in found[peer].message
    assert "“Far”, in another branch of the tree" in found[other_branch].message
    assert "“Far”, a unit below “Acme”" in found[upside_down].message
    assert found[peer].message.startswith("“Right helps Left” is aligned sideways to “Raise")
    assert "“Left”" in found[peer].hint


def test_alignment_to_a_key_result_of_the_own_unit_is_a_hint() -> None:
    b, company, team, krs = company_and_team()
    lead, lead_krs = b.good_obj(team, parent_kr=krs[0])
    sub = b.obj(team, "Checkout copes with the sales peak", parent_kr=lead_krs[1])
    top_sub = b.obj(company, "Leadership sub-objective", parent_kr=krs[2])
    assert _alignment(b, sub) == {"OBJ_ALIGNED_SAME_UNIT"}
    assert _alignment(b, top_sub) == {"OBJ_ALIGNED_SAME_UNIT"}  # at the top too
    assert _alignment(b, lead) == set()
    (f,) = [f for f in b.findings() if f.code == "OBJ_ALIGNED_SAME_UNIT" and f.item_id == sub]
    assert f.severity is Severity.HINT
    assert "a key result of its own unit, “Checkout”" in f.message
    assert "leader's sub-objective" in f.hint


def test_an_alignment_in_a_circle_is_an_error() -> None:
    b = Build()
    company = b.unit("Acme", level="company")
    team = b.unit("Team", company)
    _, company_krs = b.good_obj(company)
    own, own_krs = b.good_obj(team, parent_kr=company_krs[0])
    _realign(b, own, own_krs[0])  # supports its own key result
    a, a_krs = b.good_obj(team, parent_kr=company_krs[1])
    c, c_krs = b.good_obj(team, parent_kr=a_krs[0])
    _realign(b, a, c_krs[0])  # a → c → a
    for oid in (own, a, c):
        assert _alignment(b, oid) == {"OBJ_ALIGNMENT_CYCLE"}
    msgs = {f.item_id: f.message for f in b.findings() if f.code == "OBJ_ALIGNMENT_CYCLE"}
    assert "one of its own key results" in msgs[own]
    assert "leads back to it" in msgs[a] and "round in a circle" in msgs[a]
    assert all(
        f.severity is Severity.ERROR for f in b.findings() if f.code == "OBJ_ALIGNMENT_CYCLE"
    )


def test_uncovered_key_result_of_a_unit_with_units_below() -> None:
    b, company, team, krs = company_and_team()
    _, more = b.good_obj(company)  # a second company objective nobody below supports
    for k in more:
        assert "KR_UNCOVERED" in b.codes("key_result", k)
    for k in krs:
        assert "KR_UNCOVERED" not in b.codes("key_result", k)
    # Key results of a unit with nothing below are never "uncovered".
    team_krs = [
        k.id for k in b.data().key_results.values() if b.objectives[k.objective_id].unit_id == team
    ]
    assert team_krs and all("KR_UNCOVERED" not in b.codes("key_result", k) for k in team_krs)


def test_uncovered_counts_support_from_deeper_units() -> None:
    b = Build()
    company = b.unit("Acme", level="company")
    dept = b.unit("Product", company, level="department")
    team = b.unit("Checkout", dept)
    _, ckrs = b.good_obj(company, n=3)
    b.good_obj(dept, parent_kr=ckrs[0])
    deep = b.obj(team, "Skips a level", parent_kr=ckrs[1])
    assert "KR_UNCOVERED" not in b.codes("key_result", ckrs[1])
    assert not set(b.codes("objective", deep)) & ALIGNMENT_CODES  # an ancestor, two levels up
    assert "KR_UNCOVERED" in b.codes("key_result", ckrs[2])


def test_unit_with_no_objective() -> None:
    b, company, team, _ = company_and_team()
    empty = b.unit("Partnerships", company)
    assert "UNIT_NO_OBJECTIVE" in b.codes("unit", empty)
    assert "UNIT_NO_OBJECTIVE" not in b.codes("unit", team)
    (f,) = [f for f in b.findings() if f.code == "UNIT_NO_OBJECTIVE"]
    assert f.message == "“Partnerships” has no objective yet."
    assert "“Acme”" in f.hint


def test_more_than_three_objectives_on_one_team() -> None:
    b, _, team, krs = company_and_team()  # the team has 3 objectives: fine
    assert "UNIT_TOO_MANY_OBJECTIVES" not in b.codes("unit", team)
    b.good_obj(team, parent_kr=krs[0])
    assert "UNIT_TOO_MANY_OBJECTIVES" in b.codes("unit", team)
    (f,) = [f for f in b.findings() if f.code == "UNIT_TOO_MANY_OBJECTIVES"]
    assert "4 objectives" in f.message


def test_findings_are_sorted_by_tree_then_position_then_code() -> None:
    b = Build()
    company = b.unit("Acme", level="company")
    second = b.unit("B team", company)
    first = b.unit("A team", company)
    # Make "A team" come first in the tree although it was added second.
    b.units[first] = b.units[first].__class__(first, company, "A team", "team", 0)
    b.units[second] = b.units[second].__class__(second, company, "B team", "team", 1)
    _, ckrs = b.good_obj(company)
    o_b = b.obj(second, "Launch it", parent_kr=ckrs[0], owner_id=None)
    o_a = b.obj(first, "Ship it", parent_kr=ckrs[1])
    k_a = b.kr(o_a, "Write docs", None, None, owner_id=None)
    found = check(b.data())
    units = [f.unit_id for f in found]
    assert units == sorted(units, key=lambda u: {company: 0, first: 1, second: 2}[u])
    a_items = [(f.item_kind, f.item_id, f.code) for f in found if f.unit_id == first]
    assert a_items == [
        ("objective", o_a, "OBJ_TASK_WORDING"),
        ("objective", o_a, "OBJ_TOO_FEW_KRS"),
        ("key_result", k_a, "KR_NO_NUMBER"),
        ("key_result", k_a, "KR_NO_OWNER"),
        ("key_result", k_a, "KR_TASK_WORDING"),
    ]
    assert ("objective", o_b, "OBJ_NO_OWNER") in [
        (f.item_kind, f.item_id, f.code) for f in found if f.unit_id == second
    ]
    assert check(b.data()) == found  # deterministic


def test_finding_carries_unit_and_title_for_grouping() -> None:
    b, _, team, krs = company_and_team()
    oid = b.obj(team, "Launch the new app", parent_kr=krs[0])
    (f,) = [f for f in b.findings() if f.code == "OBJ_TASK_WORDING"]
    assert (f.item_kind, f.item_id, f.unit_id, f.title) == (
        "objective",
        oid,
        team,
        "Launch the new app",
    )
