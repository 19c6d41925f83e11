"""Numbers that are targets and numbers that are not (issue 12, item 2).

OBJ_HAS_NUMBER must fire on an objective that holds a measure and stay quiet on names,
references, dates and time horizons; KR_NO_NUMBER the other way round.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from okr_studio.coach import key_result_hints, objective_title_hints
from okr_studio.mentions import measure_in, mentions, title_numbers

NOT_MEASURES = [
    "Close the books for FY21 on time",  # read as 1 before
    "Close the books for FY2021 on time",  # read as 021 before
    "Stream every demo in H264",  # read as 64 before
    "Pass the ISO 27001 audit without major findings",
    "Zertifizierung nach ISO 27001 ohne Abweichungen",
    "Fix the checkout bug #412 for good",
    "Finish gitlab-org&412 with the platform team",
    "Unsere Website ist bereit für das Go-Live am 1. Juli 2024",
    "Onboarding flow is ready before 31 March",
    "Customers in Japan can pay locally in Q3 2027",
    "Become the trusted partner in DACH over the next 18 months",
    "Wir werden in den nächsten 18 Monaten Marktführer in DACH",
    "Industrie 4.0 wird im Werk Augsburg gelebt",
    "Everyone uses two-factor authentication",
    "Das Vier-Augen-Prinzip gilt für alle Zahlungen",
    "Our 2nd-level support solves problems for good",
    "Move to a Zero Trust architecture",
    "Kein Ausfall mehr wegen COVID-19-Regeln",
    "Our 3 regions act as one company",  # counts what exists: no goal
    "The support desk follows ITIL 4 practices",  # an acronym that names a framework
    "Ship the Web 3.0 wallet integration",
]

MEASURES = [
    "Publish at least two playbooks teams actually use",
    "Wir gewinnen zwei neue Enterprise-Kunden",
    "Drei Fachbereiche arbeiten mit dem neuen CRM",
    "Grow revenue in DACH by 20%",
    "Steigere die Marge um 3 Prozentpunkte",
    "Deliver quantified savings of > $250,000",
    "Einsparungen von 250.000 € im Einkauf",
    "Reach 1,000 paying customers",
    "10x faster search for every customer",
    "Double the share of self-service renewals",
    "Mindestens eine Referenz pro Branche",
    "Achieve zero critical incidents in production",
    "Cut the average handling time by a third",
    "Zwei Drittel unserer Kunden nutzen das Portal",
    "Reach NPS 45 in the DACH region",  # an acronym that names a metric
]


@pytest.mark.parametrize("title", NOT_MEASURES)
def test_objective_with_no_measure_gets_no_number_finding(title: str) -> None:
    assert "OBJ_HAS_NUMBER" not in [h.code for h in objective_title_hints(title)]


@pytest.mark.parametrize("title", MEASURES)
def test_objective_with_a_measure_gets_the_number_finding(title: str) -> None:
    assert "OBJ_HAS_NUMBER" in [h.code for h in objective_title_hints(title)]


def _kr_codes(title: str) -> list[str]:
    return [h.code for h in key_result_hints({"title": title, "owner_name": "Ana"})]


@pytest.mark.parametrize("title", [t for t in NOT_MEASURES if "regions" not in t])
def test_key_result_with_only_names_and_dates_has_no_number(title: str) -> None:
    assert "KR_NO_NUMBER" in _kr_codes(title)


@pytest.mark.parametrize("title", [*MEASURES, "All 3 regions report weekly"])
def test_key_result_with_a_measure_in_its_title_has_a_number(title: str) -> None:
    codes = _kr_codes(title)
    assert "KR_NO_NUMBER" not in codes
    assert {"KR_NO_TARGET", "KR_NO_BASELINE"} <= set(codes)


def test_the_no_target_hint_quotes_the_measure() -> None:
    (hint,) = [h for h in key_result_hints({"title": "Win drei neue Kunden"})
               if h.code == "KR_NO_TARGET"]  # fmt: skip
    assert "The title mentions drei;" in hint.hint


def test_the_number_finding_quotes_the_measure() -> None:
    (f,) = [h for h in objective_title_hints("Grow revenue in FY21 by 20%")
            if h.code == "OBJ_HAS_NUMBER"]  # fmt: skip
    assert "holds a number (20)" in f.message


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Cut churn from 8% to 5%", [("8", "percent"), ("5", "percent")]),
        ("Deliver savings of > $250,000", [("250,000", "money")]),
        ("Einsparungen von 250.000 €", [("250.000", "money")]),
        ("Umsatz um 5 Mio. € steigern", [("5", "money")]),
        ("Grow ARR to €2.5M", [("2.5", "money")]),
        ("10x faster", [("10", "multiplier")]),
        ("Halve the time to first value", [("Halve", "multiplier")]),
        ("the 5 biggest risks are owned", [("5", "scope")]),
        ("at least one new partner", [("one", "word")]),
        ("one platform for everyone", []),
        ("Reach 2000 customers", [("2000", "number")]),
        ("Win 2027", []),
        ("Web3 for B2B", []),
        ("Grow revenue ２０%", [("２０", "percent")]),
        ("Retain 80% of users in their first 90 days", [("80", "percent")]),
        ("Answer tickets within 4h", [("4", "number")]),
        ("24/7 support for Office 365 and Python 3.12", []),
        ("Reduce null pointer exceptions", []),
        ("null Ausfälle im Rechenzentrum", [("null", "word")]),
        ("Release 4.2 ships to 3 pilots", [("3", "number")]),
        ("Raise CSAT to 4.5.", [("4.5", "number")]),
        ("Neue Kunden bis 30.06. live", []),
        ("Rank 5. Platz im Ranking", []),
    ],
)
def test_mentions(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.text, m.kind) for m in mentions(text, "en_US")] == found


def test_measure_in_can_skip_counts_of_what_exists() -> None:
    assert measure_in("Our 3 regions act as one", "en_US", scope=False) is None
    mention = measure_in("Our 3 regions act as one", "en_US")
    assert mention is not None and mention.kind == "scope"


@pytest.mark.parametrize(
    ("title", "locale", "fields"),
    [
        ("Cut churn from 8% to 5%", "en_US",
         {"baseline": 8, "target": 5, "unit_of_measure": "%", "direction": "decrease"}),
        ("Cut churn from 8 % to 5 %", "en_US",
         {"baseline": 8, "target": 5, "unit_of_measure": "%", "direction": "decrease"}),
        ("Raise NPS from 30 to 45", "en_US", {"baseline": 30, "target": 45}),
        ("Grow weekly teams from 1,200 to 1,500", "en_US", {"baseline": 1200, "target": 1500}),
        ("Grow weekly teams from 1.200 to 1.500", "de_DE", {"baseline": 1200, "target": 1500}),
        ("Senke die Kosten von 1.200 € auf 900 €", "en_US",
         {"baseline": 1200, "target": 900, "direction": "decrease"}),
        ("Senke die Quote von 8,5 % auf 6 %", "de_DE",
         {"baseline": 8.5, "target": 6, "unit_of_measure": "%", "direction": "decrease"}),
        ("Cut p95 latency from 800 ms to 500 ms", "en_US",
         {"baseline": 800, "target": 500, "direction": "decrease"}),
        ("Cut setup time from 30 to 10 minutes", "en_US",
         {"baseline": 30, "target": 10, "direction": "decrease"}),
        ("Grow ARR from $2M to $3M", "en_US", {"baseline": 2e6, "target": 3e6}),
        ("Move the launch from 1 March to 31 March", "en_US", {}),
        ("Move from Q1 to Q3", "en_US", {}),
        ("Upgrade from ISO 9001 to ISO 27001", "en_US", {}),
        ("Grow revenue", "en_US", {}),
        ("", "en_US", {}),
    ],
)  # fmt: skip
def test_baseline_and_target_from_a_title(title: str, locale: str, fields: dict) -> None:
    assert title_numbers(title, locale) == fields


# ---- the labelled titles (benchmarks/bench_number_rules.py prints the same figures) ---------
DATA = Path(__file__).parent / "data"


def _labelled() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("number_titles.tsv", "number_titles_heldout.tsv"):
        lines = (DATA / name).read_text("utf-8").splitlines()
        lines = [line for line in lines if not line.startswith("#")]
        rows += csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return rows


def test_the_labelled_set_is_large_and_in_both_languages() -> None:
    rows = _labelled()
    assert len(rows) >= 150
    assert {r["lang"] for r in rows} == {"en", "de"}
    assert all(r["kind"] in ("objective", "key_result") and r["measure"] in ("yes", "no")
               for r in rows)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "de"])
def test_false_alarms_stay_at_or_below_five_percent(lang: str) -> None:
    objectives = [r for r in _labelled() if r["lang"] == lang and r["kind"] == "objective"]
    krs = [r for r in _labelled() if r["lang"] == lang and r["kind"] == "key_result"]
    quiet = [r["title"] for r in objectives if r["measure"] == "no"]
    alarms = [t for t in quiet if "OBJ_HAS_NUMBER" in [h.code for h in objective_title_hints(t)]]
    assert len(alarms) / len(quiet) <= 0.05, alarms
    measured = [r["title"] for r in krs if r["measure"] == "yes"]
    alarms = [t for t in measured if "KR_NO_NUMBER" in _kr_codes(t)]
    assert len(alarms) / len(measured) <= 0.05, alarms
