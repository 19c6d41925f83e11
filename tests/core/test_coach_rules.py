"""Each coach rule: an example that must fire and one that must not."""

from __future__ import annotations

import datetime as dt

import pytest

from okr_studio.coach import RULES, Severity, check
from tests.core.coach_build import Build, company_and_team


def test_a_clean_workshop_has_no_findings() -> None:
    b, *_ = company_and_team()
    assert b.findings() == []


def test_every_rule_is_listed_with_severity_kind_and_description() -> None:
    assert len(RULES) >= 20
    for code, rule in RULES.items():
        assert rule.code == code
        assert isinstance(rule.severity, Severity)
        assert rule.item_kind in {"unit", "objective", "key_result"}
        assert rule.description.endswith(".")


# ---- key result counts -------------------------------------------------------------
@pytest.mark.parametrize(("n", "expected"), [(0, True), (2, True), (3, False), (5, False)])
def test_too_few_key_results(n: int, expected: bool) -> None:
    b = Build()
    oid, _ = b.good_obj(b.unit("Acme", level="company"), n=n)
    assert ("OBJ_TOO_FEW_KRS" in b.codes("objective", oid)) is expected
    assert "OBJ_TOO_MANY_KRS" not in b.codes("objective", oid)


@pytest.mark.parametrize(("n", "expected"), [(5, False), (6, True), (9, True)])
def test_too_many_key_results(n: int, expected: bool) -> None:
    b = Build()
    oid, _ = b.good_obj(b.unit("Acme", level="company"), n=n)
    assert ("OBJ_TOO_MANY_KRS" in b.codes("objective", oid)) is expected


def test_too_few_message_counts_and_hint_says_how_many_more() -> None:
    b = Build()
    oid, _ = b.good_obj(b.unit("Acme", level="company"), n=2)
    (f,) = [f for f in b.findings() if f.code == "OBJ_TOO_FEW_KRS"]
    assert "only 2 key results" in f.message
    assert "Add 1 more" in f.hint
    assert f.item_id == oid and f.severity is Severity.WARNING


# ---- numbers, targets, baselines -----------------------------------------------------
def _one_kr(**fields: object) -> tuple[Build, int]:
    b = Build()
    oid, _ = b.good_obj(b.unit("Acme", level="company"), n=3)
    return b, b.kr(oid, **fields)  # type: ignore[arg-type]


def test_kr_with_no_number_at_all() -> None:
    b, k = _one_kr(title="Customers are happier", baseline=None, target=None)
    codes = b.codes("key_result", k)
    assert "KR_NO_NUMBER" in codes
    # The one finding says it all: no separate target/baseline noise.
    assert "KR_NO_TARGET" not in codes and "KR_NO_BASELINE" not in codes


def test_a_digit_in_the_title_is_a_number_but_target_and_baseline_still_missing() -> None:
    b, k = _one_kr(title="Lift NPS by 15 points", baseline=None, target=None)
    codes = b.codes("key_result", k)
    assert "KR_NO_NUMBER" not in codes
    assert {"KR_NO_TARGET", "KR_NO_BASELINE"} <= set(codes)
    (f,) = [f for f in b.findings() if f.code == "KR_NO_TARGET"]
    assert "mentions 15" in f.hint


def test_no_target_only() -> None:
    b, k = _one_kr(title="Lift NPS", baseline=31, target=None)
    assert [c for c in b.codes("key_result", k) if c.startswith("KR_NO_")] == ["KR_NO_TARGET"]


def test_no_baseline_only() -> None:
    b, k = _one_kr(title="Lift NPS", baseline=None, target=45)
    assert [c for c in b.codes("key_result", k) if c.startswith("KR_NO_")] == ["KR_NO_BASELINE"]


def test_zero_is_a_number() -> None:
    b, k = _one_kr(title="Grow paying teams", baseline=0, target=40)
    assert b.codes("key_result", k) == []


def test_milestones_need_no_numbers() -> None:
    b, k = _one_kr(title="Payments available in Japan", baseline=None, target=None,
                   direction="milestone")  # fmt: skip
    assert b.codes("key_result", k) == []


# ---- task wording ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "title",
    [
        "Complete three refactoring tickets",
        "Launch the new app",
        "Implement SSO",
        "Migrate billing to the new gateway",
        "Ship the v2 API",
        "Deliver the onboarding redesign",
        "Write 12 help articles",
        "Build a churn dashboard",
        "Hold 5 workshops",
    ],
)
def test_task_worded_key_results_fire(title: str) -> None:
    b, k = _one_kr(title=title, baseline=0, target=1)
    assert "KR_TASK_WORDING" in b.codes("key_result", k)


@pytest.mark.parametrize(
    "title",
    [
        "Increase customer retention by 10% within 30 days",
        "Reduce onboarding-related support tickets by 15%",
        "Cut p95 response time from 800 ms to 500 ms",
        "Keep availability above 99.9%",
        "Improve response times by 5%",
    ],
)
def test_outcome_worded_key_results_do_not_fire(title: str) -> None:
    b, k = _one_kr(title=title, baseline=10, target=20)
    assert "KR_TASK_WORDING" not in b.codes("key_result", k)


def test_task_message_quotes_the_title_and_offers_an_outcome() -> None:
    b, _ = _one_kr(title="Complete three refactoring tickets", baseline=0, target=3)
    (f,) = [f for f in b.findings() if f.code == "KR_TASK_WORDING"]
    assert f.message == (
        "“Complete three refactoring tickets” reads like a task. "
        "What changes for users when it is done?"
    )
    assert "Cut p95 response time from 800 ms to 500 ms" in f.hint


def test_task_worded_objective() -> None:
    b = Build()
    unit = b.unit("Acme", level="company")
    bad = b.obj(unit, "Launch the new app")
    good = b.obj(unit, "Customers manage their orders from their phone")
    assert "OBJ_TASK_WORDING" in b.codes("objective", bad)
    assert "OBJ_TASK_WORDING" not in b.codes("objective", good)


# ---- numbers in objectives ------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "fires"),
    [
        ("Grow revenue 20%", True),
        ("Reach 1,000 paying customers", True),
        ("Customers love our checkout", False),
        ("Win 2027 in the Nordics", False),  # a year is a name, not a measure
        ("Own the B2B market", False),
        ("Make Q1 the quarter of reliability", False),
    ],
)
def test_number_in_objective(title: str, fires: bool) -> None:
    b = Build()
    oid = b.obj(b.unit("Acme", level="company"), title)
    assert ("OBJ_HAS_NUMBER" in b.codes("objective", oid)) is fires


# ---- owners ---------------------------------------------------------------------------
def test_owners_missing_or_blank() -> None:
    b = Build()
    unit = b.unit("Acme", level="company")
    nobody = b.obj(unit, owner_id=None)
    blank = b.obj(unit, owner_id=b.person("  "))
    owned = b.obj(unit)
    k_none = b.kr(owned, owner_id=None)
    k_owned = b.kr(owned)
    assert "OBJ_NO_OWNER" in b.codes("objective", nobody)
    assert "OBJ_NO_OWNER" in b.codes("objective", blank)
    assert "OBJ_NO_OWNER" not in b.codes("objective", owned)
    assert "KR_NO_OWNER" in b.codes("key_result", k_none)
    assert "KR_NO_OWNER" not in b.codes("key_result", k_owned)


def test_same_owner_for_every_key_result() -> None:
    b = Build()
    unit = b.unit("Acme", level="company")
    ana = b.person("Ana")
    same = b.obj(unit)
    for _ in range(3):
        b.kr(same, owner_id=ana)
    mixed = b.obj(unit)
    for owner in (ana, ana, b.person("Bo")):
        b.kr(mixed, owner_id=owner)
    two = b.obj(unit)
    for _ in range(2):
        b.kr(two, owner_id=ana)
    assert "OBJ_SAME_OWNER" in b.codes("objective", same)
    assert "OBJ_SAME_OWNER" not in b.codes("objective", mixed)
    assert "OBJ_SAME_OWNER" not in b.codes("objective", two)  # fewer than 3
    (f,) = [f for f in b.findings() if f.code == "OBJ_SAME_OWNER"]
    assert f.message.startswith("Ana owns every key result")


# ---- direction and due dates ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("direction", "baseline", "target", "fires"),
    [
        ("decrease", 10, 20, True),
        ("increase", 20, 10, True),
        ("increase", 10, 10, True),
        ("decrease", 20, 10, False),
        ("increase", 10, 20, False),
        ("keep_below", 3, 2, False),
        ("keep_above", 95, 99, False),
        ("decrease", None, 10, False),
    ],
)
def test_direction_disagrees_with_numbers(
    direction: str, baseline: float | None, target: float, fires: bool
) -> None:
    b, k = _one_kr(title="Support tickets a month", baseline=baseline, target=target,
                   direction=direction)  # fmt: skip
    assert ("KR_DIRECTION_MISMATCH" in b.codes("key_result", k)) is fires


def test_direction_message_names_the_numbers() -> None:
    b, _ = _one_kr(title="Support tickets", baseline=120.0, target=150.5, direction="decrease")
    (f,) = [f for f in b.findings() if f.code == "KR_DIRECTION_MISMATCH"]
    assert "the target (150.5) is above the baseline (120)" in f.message
    assert "Increase" in f.hint


@pytest.mark.parametrize(
    ("due", "fires"),
    [
        (dt.date(2026, 12, 31), True),
        (dt.date(2027, 4, 1), True),
        (dt.date(2027, 1, 1), False),
        (dt.date(2027, 3, 31), False),
        (None, False),
    ],
)
def test_due_date_outside_the_cycle(due: dt.date | None, fires: bool) -> None:
    b, _, team, _ = company_and_team()
    oid = b.obj(team, parent_kr=1)
    k = b.kr(oid, due_date=due)
    assert ("KR_DUE_OUTSIDE_CYCLE" in b.codes("key_result", k)) is fires


def test_due_date_is_not_checked_without_cycle_dates() -> None:
    b, k = _one_kr(due_date=dt.date(1999, 1, 1))
    assert "KR_DUE_OUTSIDE_CYCLE" not in b.codes("key_result", k)


# ---- work types ---------------------------------------------------------------------------
def test_team_objective_of_only_feature_work_gets_a_hint() -> None:
    b, _, team, krs = company_and_team()
    features = b.obj(team, parent_kr=krs[0])
    for _ in range(3):
        b.kr(features, work_type="feature")
    mixed = b.obj(team, parent_kr=krs[1])
    for wt in ("feature", "feature", "technical_debt"):
        b.kr(mixed, work_type=wt)
    assert "OBJ_ONLY_FEATURES" in b.codes("objective", features)
    assert "OBJ_ONLY_FEATURES" not in b.codes("objective", mixed)
    (f,) = [f for f in b.findings() if f.code == "OBJ_ONLY_FEATURES"]
    assert f.severity is Severity.HINT
    assert "technical debt, defects and risks belong beside features" in f.hint.lower()


def test_only_features_is_not_a_finding_above_team_level() -> None:
    b, company, _, _ = company_and_team()
    oid = b.obj(company)
    for _ in range(3):
        b.kr(oid, work_type="feature")
    assert "OBJ_ONLY_FEATURES" not in b.codes("objective", oid)


# ---- empty titles ----------------------------------------------------------------------
def test_empty_titles_are_errors() -> None:
    b = Build()
    unit = b.unit("  ", level="company")
    oid = b.obj(unit, " \n ")
    k = b.kr(oid, title="", baseline=1, target=2)
    named = b.obj(unit)
    assert "UNIT_NO_NAME" in b.codes("unit", unit)
    assert "OBJ_NO_TITLE" in b.codes("objective", oid)
    assert "KR_NO_TITLE" in b.codes("key_result", k)
    assert "OBJ_NO_TITLE" not in b.codes("objective", named)
    assert all(
        f.severity is Severity.ERROR
        for f in b.findings()
        if f.code in {"UNIT_NO_NAME", "OBJ_NO_TITLE", "KR_NO_TITLE"}
    )


def test_ten_thousand_character_title_is_quoted_short() -> None:
    b, _ = _one_kr(title="Write " + "x" * 10_000, baseline=0, target=1)
    (f,) = [f for f in b.findings() if f.code == "KR_TASK_WORDING"]
    assert len(f.message) < 200 and "…”" in f.message
    assert len(f.title) == 10_006  # the full title stays available for listing


def test_check_returns_accepted_findings_marked() -> None:
    b, k = _one_kr(title="Lift NPS", baseline=None, target=45)
    b.accept("KR_NO_BASELINE", "key_result", k, "First measured in week 2")
    (f,) = [f for f in b.findings() if f.code == "KR_NO_BASELINE"]
    assert not f.is_open
    assert f.accepted is not None and f.accepted.reason == "First measured in week 2"
    assert f.key == ("KR_NO_BASELINE", "key_result", k)
    # Accepting one finding does not accept another code on the same item.
    b.kr(1, title="Lift NPS", baseline=None, target=45)
    assert any(f.is_open for f in check(b.data()) if f.code == "KR_NO_BASELINE")
