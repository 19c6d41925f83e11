"""Coach rules about the organisation tree and alignment, and the order of findings."""

from __future__ import annotations

from coach_build import Build, company_and_team

from okr_studio.coach import Severity, check


def test_orphan_objective_below_the_top() -> None:
    b, company, team, _krs = company_and_team()
    orphan = b.obj(team, "Checkout feels instant")
    top = b.obj(company, "Customers trust us")  # top level: needs no parent
    assert "OBJ_ORPHAN" in b.codes("objective", orphan)
    assert "OBJ_ORPHAN" not in b.codes("objective", top)
    (f,) = [f for f in b.findings() if f.code == "OBJ_ORPHAN"]
    assert f.severity is Severity.ERROR and "“Acme”" in f.hint


def test_misaligned_objective() -> None:
    b = Build()
    company = b.unit("Acme", level="company")
    left = b.unit("Left", company)
    right = b.unit("Right", company)
    _, company_krs = b.good_obj(company)
    _, left_krs = b.good_obj(left, parent_kr=company_krs[0])
    wrong = b.obj(right, "Right helps Left", parent_kr=left_krs[0])  # sibling, not above
    right_ok = b.obj(right, "Right helps Acme", parent_kr=company_krs[1])
    own = b.obj(left, "Supports itself", parent_kr=None)
    own_kr = b.kr(own)
    b.objectives[own] = b.objectives[own].__class__(
        **{**{s: getattr(b.objectives[own], s) for s in b.objectives[own].__slots__},
           "parent_kr_id": own_kr}
    )  # fmt: skip
    assert "OBJ_MISALIGNED" in b.codes("objective", wrong)
    assert "OBJ_MISALIGNED" not in b.codes("objective", right_ok)
    assert "OBJ_MISALIGNED" in b.codes("objective", own)
    msgs = [f.message for f in b.findings() if f.code == "OBJ_MISALIGNED"]
    assert any("which belongs to “Left”, which is not above “Right”" in m for m in msgs)
    assert any("one of its own key results" in m for m in msgs)


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
    assert "OBJ_MISALIGNED" not in b.codes("objective", deep)
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
