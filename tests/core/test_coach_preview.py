"""The cascade wizard's preview: the draft branch checked before it exists."""

from __future__ import annotations

from okr_studio.coach import check, preview_cascade
from tests.core.coach_build import Build, company_and_team

GOOD_KRS = [
    {"title": "Raise mobile checkout completion from 61% to 72%", "baseline": 61,
     "target": 72, "owner_name": "Fatima", "work_type": "feature"},
    {"title": "Cut checkout form errors from 0.8 to 0.3", "baseline": "0.8", "target": "0,3",
     "direction": "decrease", "owner_name": "Tomás", "work_type": "defect"},
    {"title": "Keep crash-free sessions above 99.5%", "baseline": 99.1, "target": 99.5,
     "direction": "keep_above", "owner_name": "Fatima", "work_type": "risk"},
]  # fmt: skip


def _workshop() -> tuple[Build, int, int, int]:
    b = Build()
    company = b.unit("Acme", level="company")
    team = b.unit("Checkout", company)
    _, krs = b.good_obj(company)
    b.good_obj(team, parent_kr=krs[0])
    b.good_obj(team, parent_kr=krs[1])
    return b, company, team, krs[2]


def test_a_good_draft_has_no_findings_and_covers_the_parent() -> None:
    b, _, team, parent = _workshop()
    data = b.data()
    assert "KR_UNCOVERED" in [f.code for f in check(data) if f.item_id == parent]
    draft, findings = preview_cascade(
        data, parent, team, {"title": "Paying on a phone feels easy", "owner_name": "Fatima"},
        GOOD_KRS,
    )  # fmt: skip
    assert findings == []
    new = draft.objectives[-1]
    assert (new.unit_id, new.parent_kr_id, new.title) == (
        team,
        parent,
        "Paying on a phone feels easy",
    )
    assert [k.id for k in draft.key_results_of(-1)] == [-1, -2, -3]
    assert draft.key_results[-2].target == 0.3
    # New people are added once each, by name, with negative ids.
    names = {draft.person_name(k.owner_id) for k in draft.key_results_of(-1)}
    assert names == {"Fatima", "Tomás"}
    assert draft.objectives[-1].owner_id == draft.key_results[-1].owner_id
    assert data.objectives.get(-1) is None  # the workshop itself is untouched


def test_draft_findings_concern_only_the_new_branch_and_its_team() -> None:
    b, _company, team, parent = _workshop()
    b.obj(team, "Existing orphan")  # an old problem the wizard should not show
    krs = [dict(GOOD_KRS[0]), {"title": "Write 12 help articles", "owner_name": ""}]
    _, findings = preview_cascade(b.data(), parent, team, {"title": "Ship 2 features"}, krs)
    got = {(f.code, f.item_kind, f.item_id) for f in findings}
    assert got == {
        ("OBJ_TASK_WORDING", "objective", -1),
        ("OBJ_HAS_NUMBER", "objective", -1),
        ("OBJ_NO_OWNER", "objective", -1),
        ("OBJ_TOO_FEW_KRS", "objective", -1),
        ("KR_TASK_WORDING", "key_result", -2),
        ("KR_NO_TARGET", "key_result", -2),
        ("KR_NO_BASELINE", "key_result", -2),
        ("KR_NO_OWNER", "key_result", -2),
        ("UNIT_TOO_MANY_OBJECTIVES", "unit", team),
    }


def test_draft_with_a_new_team() -> None:
    b, company, _, parent = _workshop()
    draft, findings = preview_cascade(
        b.data(), parent, None, {"title": "Help arrives before the ticket", "owner_name": "Νίκος"},
        GOOD_KRS, new_unit={"name": "東京チーム", "parent_id": company},
    )  # fmt: skip
    assert findings == []
    assert draft.units[-1].name == "東京チーム" and draft.units[-1].level == "team"
    assert draft.objectives[-1].unit_id == -1
    assert [u.name for u in draft.child_units(company)][-1] == "東京チーム"


def test_draft_aligned_to_a_key_result_not_above_the_team() -> None:
    b, company, team, _ = _workshop()
    sibling = b.unit("Payments", company)
    team_kr = next(k.id for k in b.data().key_results.values()
                   if b.objectives[k.objective_id].unit_id == team)  # fmt: skip
    _, findings = preview_cascade(b.data(), team_kr, sibling, {"title": "Payments just work",
                                  "owner_name": "Kasia"}, GOOD_KRS)  # fmt: skip
    assert [(f.code, f.severity.value) for f in findings] == [("OBJ_ALIGNED_SIDEWAYS", "warning")]
    assert "a peer of “Payments”" in findings[0].message


def test_draft_aligned_to_a_key_result_of_its_own_team() -> None:
    b, _company, team, _ = _workshop()
    team_kr = next(k.id for k in b.data().key_results.values()
                   if b.objectives[k.objective_id].unit_id == team)  # fmt: skip
    _, findings = preview_cascade(b.data(), team_kr, team, {"title": "Refunds feel fair",
                                  "owner_name": "Kasia"}, GOOD_KRS)  # fmt: skip
    assert [(f.code, f.severity.value) for f in findings] == [("OBJ_ALIGNED_SAME_UNIT", "hint")]


def test_a_draft_with_fewer_than_three_key_results_is_only_told_so() -> None:
    b, _, team, parent = _workshop()
    _, findings = preview_cascade(b.data(), parent, team, {"title": "Paying on a phone feels easy",
                                  "owner_name": "Fatima"}, GOOD_KRS[:1])  # fmt: skip
    assert [f.code for f in findings] == ["OBJ_TOO_FEW_KRS"]


def test_preview_of_the_sample_layout_is_deterministic() -> None:
    b, _, team, parent = _workshop()
    one = preview_cascade(b.data(), parent, team, {"title": "X"}, GOOD_KRS)
    two = preview_cascade(b.data(), parent, team, {"title": "X"}, GOOD_KRS)
    assert one[1] == two[1]
    assert dict(one[0].key_results) == dict(two[0].key_results)


def test_company_and_team_helper_is_clean() -> None:
    b, *_ = company_and_team()
    assert check(b.data()) == []
