"""The task-wording and number detectors, and the hints for one field at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from coach_build import Build

from okr_studio.coach import key_result_hints, objective_title_hints
from okr_studio.coach.wording import quote, task_word


@pytest.mark.parametrize(
    ("title", "verb"),
    [
        ("Complete three refactoring tickets", "complete"),
        ("Launch the new app", "launch"),
        ("Implement SSO", "implement"),
        ("Migrate billing to the new gateway", "migrate"),
        ("Ship the v2 API", "ship"),
        ("Deliver the onboarding redesign", "deliver"),
        ("Write 12 case studies", "write"),
        ("Build a churn dashboard", "build"),
        ("Hold 5 workshops", "hold"),
        ("We will launch the app", "launch"),
        ("Successfully roll out dark mode", "roll"),
        ("Launching the partner portal", "launch"),
        ("Writing the API docs", "write"),
        ("- Implement SSO", "implement"),
        ("New app launched by March", "launched"),
        ("SSO implemented for all customers", "implemented"),
        ("3 workshops held", "held"),
        ("IMPLEMENT SSO", "implement"),
    ],
)
def test_task_words(title: str, verb: str) -> None:
    assert task_word(title) == verb


@pytest.mark.parametrize(
    "title",
    [
        "Increase customer retention by 10% within 30 days",
        "Reduce onboarding-related support tickets by 15%",
        "Improve response times by 5%",
        "Grow weekly active teams from 120 to 180",
        "Keep availability above 99.9%",
        "Raise NPS from 31 to 45",
        "Cut p95 response time from 800 ms to 500 ms",
        "Lower churn to 2%",
        "Decrease refund rate from 4% to 2%",
        "Increase the share of tickets completed on time",  # outcome verb first
        "Customers who completed onboarding return weekly",
        "Customers get things done faster",
        "Customers manage their orders from their phone",
        "Add 500 paying customers",  # "add" is too ambiguous to call a task
        "",
        "   ",
        "東京チームの売上を伸ばす",
    ],
)
def test_outcomes_are_not_tasks(title: str) -> None:
    assert task_word(title) is None


def test_quote_is_one_line_and_short() -> None:
    assert quote("a\nb") == "“a b”"
    assert quote("x" * 100, 10) == "“xxxxxxxxx…”"


# ---- field hints for the wizard ---------------------------------------------------------
def test_objective_title_hints() -> None:
    hints = objective_title_hints("Launch the new app with 3 features")
    assert [h.code for h in hints] == ["OBJ_TASK_WORDING", "OBJ_HAS_NUMBER"]
    assert all(h.item_kind == "objective" and h.item_id == 0 for h in hints)
    assert objective_title_hints("Customers love paying with us") == []
    assert objective_title_hints("") == []


def test_key_result_hints_for_a_task_row_typed_as_text() -> None:
    # "three" is a number now (issue 12): a task row without any number, typed as text
    hints = key_result_hints({"title": "Complete the refactoring tickets", "baseline": "",
                              "target": "", "owner_name": ""})  # fmt: skip
    assert {h.code for h in hints} == {"KR_TASK_WORDING", "KR_NO_NUMBER", "KR_NO_OWNER"}
    assert all(h.item_kind == "key_result" and h.item_id == 0 for h in hints)


def test_key_result_hints_read_locale_numbers_and_check_direction() -> None:
    hints = key_result_hints({"title": "Support tickets", "baseline": "12,5", "target": "20",
                              "direction": "decrease", "owner_name": "Ana"})  # fmt: skip
    assert [h.code for h in hints] == ["KR_DIRECTION_MISMATCH"]
    assert "above the baseline (12.5)" in hints[0].message


def test_key_result_hints_treat_unreadable_numbers_as_missing() -> None:
    hints = key_result_hints({"title": "Lift NPS to 45", "baseline": "abc", "target": "lots",
                              "owner_name": "Ana"})  # fmt: skip
    assert {h.code for h in hints} == {"KR_NO_TARGET", "KR_NO_BASELINE"}


def test_key_result_hints_use_the_workshop_cycle_and_people() -> None:
    b = Build(cycle_start=dt.date(2027, 1, 1), cycle_end=dt.date(2027, 3, 31))
    ana = b.person("Ana")
    fields = {"title": "Lift NPS", "baseline": 30, "target": 45, "owner_id": ana,
              "due_date": "2027-05-01"}  # fmt: skip
    assert [h.code for h in key_result_hints(fields, b.data())] == ["KR_DUE_OUTSIDE_CYCLE"]
    # Without the workshop the owner id names nobody and there is no cycle.
    assert [h.code for h in key_result_hints(fields)] == ["KR_NO_OWNER"]
    fields["due_date"] = dt.date(2027, 3, 1)
    assert key_result_hints(fields, b.data()) == []
