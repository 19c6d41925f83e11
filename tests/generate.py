"""A deterministic, large workshop for the benchmarks and the layout and canvas tests.

``generate(path)`` writes 1 company, 10 departments, 200 teams, 1,000
objectives and 4,000 key results by default, all aligned, in one transaction;
:func:`add_check_ins` checks every key result in a few times (for the review).
"""

from __future__ import annotations

import random
from pathlib import Path

from okr_studio.services._tx import Recorder, run
from okr_studio.store import Workshop

_VERBS = ("Increase", "Reduce", "Improve", "Grow", "Keep", "Cut", "Raise", "Lower")
_THINGS = (
    "customer retention",
    "onboarding completion",
    "weekly active teams",
    "p95 response time",
    "support tickets per account",
    "release frequency",
    "net revenue retention",
    "checkout conversion",
    "crash-free sessions",
    "time to first value",
)
_OBJECTIVES = (
    "Customers succeed without calling us",
    "Our product feels instant",
    "Teams ship with confidence",
    "Every new user finds value in the first week",
    "Partners grow with us",
    "Operations run quietly",
)


def fill(
    ws: Workshop,
    *,
    departments: int = 10,
    teams: int = 200,
    objectives: int = 1000,
    key_results: int = 4000,
    seed: int = 1,
) -> None:
    rnd = random.Random(seed)
    company_objs = 3
    dept_objs = 3

    def body(rec: Recorder) -> None:
        people = [
            rec.insert("person", {"name": f"Person {i:03d}", "role": "Product manager"})
            for i in range(60)
        ]
        company = rec.insert("unit", {"name": "Generated Company", "level": "company"})
        depts = [
            rec.insert(
                "unit",
                {
                    "name": f"Department {d + 1}",
                    "level": "department",
                    "parent_id": company,
                    "position": d,
                },
            )
            for d in range(departments)
        ]
        team_units: list[tuple[int, int]] = []
        for t in range(teams):
            dept = depts[t % departments]
            team_units.append(
                (
                    rec.insert(
                        "unit",
                        {
                            "name": f"Team {t + 1}",
                            "level": "team",
                            "parent_id": dept,
                            "position": t // departments,
                        },
                    ),
                    dept,
                )
            )
        n_team_objs = max(0, objectives - company_objs - departments * dept_objs)
        n_objs_total = company_objs + departments * dept_objs + n_team_objs
        krs_per = [key_results // n_objs_total] * n_objs_total
        for i in range(key_results - sum(krs_per)):
            krs_per[i % n_objs_total] += 1
        counter = iter(range(n_objs_total))
        krs_of_unit: dict[int, list[int]] = {}

        def objective(unit_id: int, parent_kr: int | None, pos: int) -> None:
            idx = next(counter)
            oid = rec.insert(
                "objective",
                {
                    "unit_id": unit_id,
                    "parent_kr_id": parent_kr,
                    "title": f"{rnd.choice(_OBJECTIVES)} ({idx + 1})",
                    "owner_id": rnd.choice(people),
                    "status": "agreed" if rnd.random() < 0.5 else "draft",
                    "position": pos,
                },
            )
            for k in range(krs_per[idx]):
                base = rnd.randint(10, 90)
                verb = rnd.choice(_VERBS)
                kr = rec.insert(
                    "key_result",
                    {
                        "objective_id": oid,
                        "title": f"{verb} {rnd.choice(_THINGS)} from {base} to {base + 10}",
                        "metric": rnd.choice(_THINGS),
                        "baseline": float(base),
                        "target": float(base + 10),
                        "unit_of_measure": "%",
                        "owner_id": rnd.choice(people),
                        "position": k,
                    },
                )
                krs_of_unit.setdefault(unit_id, []).append(kr)

        for p in range(company_objs):
            objective(company, None, p)
        for dept in depts:
            for p in range(dept_objs):
                objective(dept, rnd.choice(krs_of_unit[company]), p)
        for i in range(n_team_objs):
            team, dept = team_units[i % len(team_units)]
            objective(team, rnd.choice(krs_of_unit[dept]), i // len(team_units))

    run(ws, "Generate workshop", body)


def add_check_ins(ws: Workshop, *, per_key_result: int = 3, seed: int = 1) -> None:
    """Check in every key result ``per_key_result`` times over 2027 Q1, in one transaction:
    values from the baseline towards (and sometimes past) the target, as a cycle goes."""
    import datetime as dt

    rnd = random.Random(seed)
    days = [
        dt.date(2027, 1, 1) + dt.timedelta(days=(n + 1) * 84 // per_key_result)
        for n in range(per_key_result)
    ]

    def body(rec: Recorder) -> None:
        people = [r["id"] for r in rec.select("SELECT id FROM person ORDER BY id")]
        for kr in rec.select("SELECT id, baseline, target FROM key_result ORDER BY id"):
            base, target = kr["baseline"] or 0.0, kr["target"] or 1.0
            reach = rnd.uniform(0.1, 1.2)
            for n, day in enumerate(days, start=1):
                value = base + (target - base) * reach * n / per_key_result
                rec.insert(
                    "check_in",
                    {
                        "key_result_id": kr["id"],
                        "date": day,
                        "value": round(value, 2),
                        "confidence": round(rnd.uniform(0.3, 0.9), 1),
                        "person_id": rnd.choice(people) if people else None,
                    },
                )

    run(ws, "Check in", body)


def generate(path: Path | str, **kwargs: int) -> Path:
    path = Path(path)
    ws = Workshop.create(path, name="Generated workshop", cycle="2027 Q1")
    try:
        fill(ws, **kwargs)
    finally:
        ws.close()
    return path
