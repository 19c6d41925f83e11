"""Scores: every direction, no check-in, equal target and baseline, beyond target, weights."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okr_studio import scores, services
from okr_studio.data import CheckInData, KeyResultData, ObjectiveData, UnitData, WorkshopData
from okr_studio.errors import EditRefused
from okr_studio.scores import Band, band_of, score_value
from okr_studio.store import Workshop


def kr(direction: str = "increase", baseline: float | None = 0, target: float | None = 10,
       weight: float = 1.0, kr_id: int = 1, objective_id: int = 1) -> KeyResultData:  # fmt: skip
    return KeyResultData(
        kr_id, objective_id, baseline=baseline, target=target, direction=direction, weight=weight
    )


@pytest.mark.parametrize(
    ("value", "score", "progress"),
    [(0, 0.0, 0.0), (5, 0.5, 0.5), (10, 1.0, 1.0), (12.5, 1.0, 1.25), (-2, 0.0, -0.2)],
)
def test_increase_is_linear_from_baseline_to_target(value: float, score: float, progress: float):
    s = score_value(kr("increase", 0, 10), value)
    assert s.value == score and s.progress == pytest.approx(progress) and s.reason == ""


@pytest.mark.parametrize(
    ("value", "score", "progress"),
    [(4.5, 0.0, 0.0), (3.5, 0.5, 0.5), (2.5, 1.0, 1.0), (1.5, 1.0, 1.5), (5.0, 0.0, -0.25)],
)
def test_decrease_scores_the_way_down(value: float, score: float, progress: float) -> None:
    s = score_value(kr("decrease", 4.5, 2.5), value)
    assert s.value == score and s.progress == pytest.approx(progress)


def test_beyond_the_target_is_shown_raw_but_scored_within_one() -> None:
    s = score_value(kr("increase", 100, 200), 260)
    assert s.value == 1.0 and s.progress == pytest.approx(1.6) and s.text == "1"
    assert s.band is Band.GREEN


@pytest.mark.parametrize("direction", ["increase", "decrease"])
def test_target_equal_to_baseline_has_no_score_and_says_why(direction: str) -> None:
    s = score_value(kr(direction, 5, 5), 7)
    assert s.value is None and s.band is None and s.word == "no score" and s.text == "—"
    assert "target equals its baseline" in s.reason
    assert direction in s.reason  # "nothing to increase" / "nothing to decrease"


def test_no_baseline_or_no_target_has_no_score() -> None:
    assert "no baseline" in score_value(kr("increase", None, 10), 5).reason
    assert "no target" in score_value(kr("decrease", 10, None), 5).reason
    assert "no target" in score_value(kr("keep_above", None, None), 5).reason


def test_no_check_in_is_no_score_never_zero() -> None:
    s = score_value(kr(), None)
    assert s.value is None and s.reason == scores.NO_CHECK_IN


@pytest.mark.parametrize(("value", "score"), [(99.95, 1.0), (99.9, 1.0), (99.8, 0.0)])
def test_keep_above_scores_by_whether_the_latest_value_holds(value: float, score: float) -> None:
    assert score_value(kr("keep_above", 99.5, 99.9), value).value == score


def test_a_keep_below_that_slipped_scores_zero() -> None:
    cost = kr("keep_below", 0.46, 0.40)
    assert score_value(cost, 0.38).value == 1.0
    assert score_value(cost, 0.40).value == 1.0
    slipped = score_value(cost, 0.43)
    assert slipped.value == 0.0 and slipped.band is Band.RED and slipped.word == "red"


def test_a_milestone_is_done_or_not() -> None:
    plain = kr("milestone", None, None)
    assert score_value(plain, 0).value == 0.0 and score_value(plain, 1).value == 1.0
    five = kr("milestone", 0, 5)
    assert score_value(five, 3).value == 0.0 and score_value(five, 5).value == 1.0


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.0, Band.RED), (0.39, Band.RED), (0.399, Band.YELLOW), (0.4, Band.YELLOW),
     (0.69, Band.YELLOW), (0.7, Band.GREEN), (1.0, Band.GREEN)],
)  # fmt: skip
def test_bands_are_continuous_and_read_from_the_shown_number(value: float, band: Band) -> None:
    assert band_of(value) is band


def test_the_number_is_rounded_to_two_decimals_and_follows_the_locale() -> None:
    s = score_value(kr("increase", 0, 3), 1)
    assert s.value == 0.33 and s.text == "0.33" and s.text_in("de_DE") == "0,33"


# ---- objectives and parent key results -------------------------------------------------
def workshop_data(krs: list[KeyResultData], values: dict[int, list[float]]) -> WorkshopData:
    check_ins: dict[int, CheckInData] = {}
    for kr_id, series in values.items():
        for n, value in enumerate(series):
            cid = len(check_ins) + 1
            check_ins[cid] = CheckInData(cid, kr_id, dt.date(2027, 1, 10 + n), value)
    return WorkshopData(
        units={1: UnitData(1, name="Co"), 2: UnitData(2, parent_id=1, name="Team")},
        objectives={
            1: ObjectiveData(1, 1),
            2: ObjectiveData(2, 2, parent_kr_id=1),
            3: ObjectiveData(3, 2, parent_kr_id=1),
        },
        key_results={k.id: k for k in krs},
        check_ins=check_ins,
    )


def test_the_latest_check_in_counts() -> None:
    data = workshop_data([kr()], {1: [8, 2, 6]})
    assert scores.key_result_score(data, 1).value == 0.6


def test_objective_score_is_the_weighted_mean_of_its_scored_key_results() -> None:
    krs = [kr(kr_id=1, weight=3), kr(kr_id=2, weight=1), kr(kr_id=3)]
    data = workshop_data(krs, {1: [10], 2: [2]})  # 1.0 and 0.2; the third has no check-in
    s = scores.objective_score(data, 1)
    assert s.value == pytest.approx(0.8) and (s.counted, s.total) == (2, 3)
    equal = workshop_data([kr(kr_id=1), kr(kr_id=2)], {1: [10], 2: [2]})
    assert scores.objective_score(equal, 1).value == 0.6


def test_objective_without_check_ins_or_key_results_has_no_score() -> None:
    assert scores.objective_score(workshop_data([kr()], {}), 1).value is None
    assert "no key results" in scores.objective_score(workshop_data([], {}), 1).reason
    zero = workshop_data([kr(weight=0)], {1: [5]})
    assert "weigh 0" in scores.objective_score(zero, 1).reason


def test_a_parent_key_result_shows_the_mean_of_the_objectives_aligned_to_it() -> None:
    krs = [kr(kr_id=1), kr(kr_id=2, objective_id=2), kr(kr_id=3, objective_id=3)]
    data = workshop_data(krs, {2: [10], 3: [4]})
    s = scores.aligned_score(data, 1)
    assert s.value == 0.7 and (s.counted, s.total) == (2, 2) and s.band is Band.GREEN
    assert scores.aligned_score(data, 2).value is None  # nothing aligned to it


# ---- the services refuse what cannot be scored ----------------------------------------------
@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    workshop = Workshop.create(tmp_path / "s.okr")
    yield workshop
    workshop.close()


def test_services_refuse_a_target_equal_to_the_baseline(ws: Workshop) -> None:
    unit = services.add_unit(ws, "Co", "company").subject[1]
    obj = services.add_objective(ws, unit, "O").subject[1]
    with pytest.raises(EditRefused, match=r"target equals its baseline.*nothing to decrease"):
        services.add_key_result(ws, obj, "K", baseline=5, target=5, direction="decrease")
    kid = services.add_key_result(ws, obj, "K", baseline=5, target=8).subject[1]
    with pytest.raises(EditRefused, match="nothing to increase"):
        services.update_key_result(ws, kid, target="5")
    with pytest.raises(EditRefused, match="cannot be scored"):
        services.cascade(ws, kid, None, {"title": "T"},
                         [{"title": "a", "baseline": 1, "target": 1}] * 3,
                         new_unit={"name": "Team", "parent_id": unit})  # fmt: skip
    # A line to hold may equal the baseline: "keep above 99.9 %" from 99.9 %.
    services.update_key_result(ws, kid, direction="keep_above", target=5)
    assert ws.snapshot().key_results[kid].target == 5.0
    with pytest.raises(EditRefused, match="nothing to increase"):
        services.update_key_result(ws, kid, direction="increase")
