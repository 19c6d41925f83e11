# ruff: noqa: E501  (the tables of titles read best one a line)
"""A real-shaped workshop for the canvas: uneven, deep, wordy, and not all neatly aligned.

:func:`build_real_shaped` writes, through the services as a facilitator would
enter it, a company quarter of 49 objectives and 136 key results:

* uneven branches: Sales with eight teams, Finance with one, People with two,
  Customer Care with no objective yet (a placeholder card), and Operations five
  levels deep (company → department → region → team → shift);
* two depths whose level is called "team" (a team and the team below it);
* long titles (some over 150 characters), and key results that hold no number,
  only a target, or only an owner;
* alignments as real companies make them: sideways to a peer department or
  another branch, to a key result of the objective's own unit (a leader's
  sub-objective), and objectives aligned to nothing.

``script="cjk"`` writes the same tree with titles in Chinese, Japanese and Thai
(no spaces between words) for the text-wrapping checks. Deterministic: the same
call always writes the same rows. Used by the canvas tests and
``benchmarks/bench_canvas.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from okr_studio import services
from okr_studio.store import Workshop

Script = Literal["latin", "cjk"]

# (name, level, parent name, number of objectives, key results per objective)
UNITS: list[tuple[str, str, str | None, int, tuple[int, ...]]] = [
    ("Lindqvist & Okafor Logistics", "company", None, 3, (4, 3, 3)),
    ("Operations", "department", "Lindqvist & Okafor Logistics", 2, (3, 3)),
    ("Region North", "region", "Operations", 2, (3, 2)),
    ("Warehouse Hamburg", "team", "Region North", 2, (3, 3)),
    ("Night shift", "shift", "Warehouse Hamburg", 1, (2,)),
    ("Warehouse Gothenburg", "team", "Region North", 2, (3, 2)),
    ("Linehaul North", "team", "Region North", 1, (4,)),
    ("Region South", "region", "Operations", 2, (3, 3)),
    ("Sales", "department", "Lindqvist & Okafor Logistics", 3, (3, 3, 2)),
    *[
        (name, "team", "Sales", 2 if i < 4 else 1, (3, 2))
        for i, name in enumerate((
            "Key accounts DACH", "Key accounts Nordics", "Mid-market", "Inside sales",
            "Partner channel", "Sales operations", "Tenders & public sector", "E-commerce shippers",
        ))
    ],
    ("Engineering", "department", "Lindqvist & Okafor Logistics", 2, (3, 3)),
    ("Platform", "team", "Engineering", 2, (3, 2)),
    ("Platform reliability", "team", "Platform", 1, (3,)),
    ("Tracking app", "team", "Engineering", 2, (4, 3)),
    ("Data & pricing", "team", "Engineering", 1, (3,)),
    ("Drivers app", "team", "Engineering", 2, (3, 3)),
    ("Finance", "department", "Lindqvist & Okafor Logistics", 2, (3, 2)),
    ("Controlling", "team", "Finance", 1, (2,)),
    ("People", "department", "Lindqvist & Okafor Logistics", 2, (3, 1)),
    ("Recruiting", "team", "People", 2, (3, 2)),
    ("Learning", "team", "People", 2, (3, 3)),
    ("Customer Care", "department", "Lindqvist & Okafor Logistics", 0, ()),
]  # fmt: skip

#: (unit, objective index) → how it is aligned, when not to a key result of its parent unit.
#: "none": aligned to nothing; ("unit", n): sideways to the n-th key result of that unit
#: (its own unit: a leader's sub-objective).
SPECIAL: dict[tuple[str, int], str | tuple[str, int]] = {
    ("Lindqvist & Okafor Logistics", 2): ("Lindqvist & Okafor Logistics", 1),
    ("Sales", 2): ("Sales", 0),
    ("Platform", 1): ("Platform", 2),
    ("Tracking app", 1): ("Sales", 4),
    ("Data & pricing", 0): ("Mid-market", 0),
    ("Partner channel", 0): ("Operations", 3),
    ("Finance", 0): ("Sales", 1),
    ("Controlling", 0): "none",
    ("Inside sales", 0): "none",
    ("People", 1): "none",
    ("Region South", 0): ("Warehouse Hamburg", 0),
}

_EN_OBJECTIVES = [  # in the order of UNITS, so each title fits its unit
    "Customers trust us with their most time-critical shipments",
    "Grow profitably in the Nordics without adding a second hub",
    "Leadership team sets one clear priority per quarter and everyone can repeat it",
    "Our warehouses run quietly through the peak season",
    "Every depot works from the same playbook",
    "Pick-and-pack errors stop reaching our customers, because we find them on the shelf instead of on the customer's doorstep three days later",
    "Hamburg becomes the hub other sites learn from",
    "Night shift hands over a clean floor",
    "Returns are sorted within a day instead of piling up in aisle nine",
    "The night shift is safe, staffed and finished by six",
    "Gothenburg ships every order on the day it arrives",
    "Gothenburg's pickers stop walking empty aisles",
    "Linehaul trucks leave full and on time",
    "South catches up with North on delivery promise",
    "Depots in the South stop losing parcels at handover",
    "Sales wins the customers we are best at serving",
    "Renewals happen before anyone has to ask",
    "Account plans exist for the twenty accounts that matter most",
    "Key accounts in Germany, Austria and Switzerland see us as a partner rather than a carrier",
    "Key accounts renew without a discount war",
    "Nordic key accounts stay with us after the price increase",
    "Nordic customers understand what they pay for",
    "Mid-market customers onboard themselves in a day",
    "Mid-market shops grow their volume with us",
    "Inside sales turns inbound interest into booked trials",
    "Inside sales answers every inbound lead within an hour",
    "Partners sell our tracking as part of their own offer",
    "Sales spends its time selling, not cleaning up the CRM",
    "We win the public tenders we choose to bid for",
    "Online shops pick us at checkout",
    "Engineering ships small changes safely every day",
    "Customers see where their parcel is without calling us",
    "The platform stays up when volume doubles overnight",
    "Engineers stop losing afternoons to flaky deployments and manual environment set-up, so that most of their week goes into work customers notice",
    "Incidents are rare, short and never repeated",
    "The tracking app is the first thing a receiver opens",
    "Receivers reschedule a delivery without calling us",
    "Prices reflect what a shipment really costs us",
    "Drivers trust the app enough to stop carrying paper",
    "The drivers app works in basements and on country roads",
    "Finance closes the month without surprises",
    "Month-end numbers arrive when managers still care about them",
    "Controlling gives every department a number it believes",
    "People who join us stay and grow",
    "Managers hold a real conversation with each report every month",
    "We hire the people we need before the peak, not during it",
    "Hiring managers and recruiters agree on what good looks like",
    "Every new colleague knows their job and their people after two weeks",
    "Team leads grow into managers we would hire from outside",
]  # fmt: skip

_EN_KRS = [
    "Raise on-time delivery from 91% to 96% across all routes",
    "Cut customer complaints per 10,000 parcels from 14 to 8",
    "Net promoter score of our top 50 accounts from 31 to 45",
    "Every region reviews its delivery promise weekly with sales",
    "Keep damaged parcels below 0.3%",
    "Reduce cost per parcel in the Nordics from 4.10 € to 3.60 €",
    "Win 6 new Nordic accounts above 500 parcels a day",
    "Agree the Nordic hub decision with the board",
    "Each department names its one priority in the kick-off",
    "Keep warehouse overtime under 6% of hours during November and December",
    "Pick accuracy from 99.1% to 99.7%, measured by the weekly shelf audit rather than by customer complaints",
    "Dock-to-stock time below 4 hours",
    "All depots run the new playbook",
    "Zero lost-time accidents",
    "Handover checklist completed on 100% of shifts",
    "Night shift finishes by 06:00 on 95% of nights",
    "Staffing plan signed off by works council",
    "Same-day delivery share in the South from 62% to 80%",
    "Qualified pipeline of 3.2 M€ by the end of the quarter",
    "Win rate on targeted segments from 18% to 25%",
    "Renewal rate of contracts due this quarter at least 92%",
    "Account plans written for the top 20 accounts",
    "Two joint business reviews per key account",
    "Churn in the Nordics below 5% after the price increase",
    "Self-service onboarding completed within 1 day for 70% of new shops",
    "Trials booked from inbound leads from 40 to 65 a month",
    "Three partners resell tracking",
    "CRM fields complete on 95% of open deals",
    "Bid on 8 tenders and win 3",
    "Checkout plug-in installed by 400 shops",
    "Deployments per week from 3 to 15",
    "Change failure rate below 10%",
    "Tracking page answers 90% of where-is-my-parcel questions",
    "Availability of the tracking API at least 99.95%",
    "Handle twice the November volume in a load test",
    "Environment set-up time from two days to one hour",
    "Mean time to recover below 30 minutes",
    "Every incident reviewed within 5 days",
    "Tracking app weekly active receivers from 120k to 200k",
    "App store rating from 3.6 to 4.4",
    "Drivers scanning with the app on 90% of stops",
    "Paperless proof of delivery on all routes",
    "Price model covers 95% of shipment types",
    "Month-end close in 5 working days",
    "Forecast error below 3%",
    "Department dashboards used in every monthly review",
    "Regretted attrition below 6%",
    "Internal moves fill 30% of open roles",
    "Monthly one-to-ones held by every manager",
    "Carrier contracts renegotiated",
    "Same-day shipping share in Gothenburg from 71% to 90%",
    "Returns sorted within 24 hours on 95% of days",
    "Truck fill rate on linehaul from 78% to 88%",
    "Departures on schedule at least 97%",
    "Fuel per 100 km down from 31 l to 28 l",
    "Discount given at renewal below 2% on average",
    "Price increase explained in person to all 40 Nordic accounts",
    "Mid-market volume per shop from 120 to 160 parcels a week",
    "Median first response to inbound leads below 60 minutes",
    "Dispatch calls per driver per day from 3.2 to 1.5",
    "Offline scans synced without loss on 99.9% of stops",
    "Management report ready on working day 3",
    "Peak roles filled by 1 October",
    "Time to hire from 54 to 35 days",
    "Interview scorecards used in every hiring decision",
    "New colleagues rate their first two weeks at least 4.3 of 5",
    "Buddy assigned before the first day for every new colleague",
    "12 team leads complete the management programme",
    "Half of all training hours given on the floor by colleagues",
    "Safety walk on every shift",
    "Customs documents right the first time on 98% of shipments",
    "Claims settled within 10 days",
    "Energy use per parcel down 12%",
    "Electric vans do 30% of city deliveries",
    "Customer portal log-ins from 2,300 to 4,000 a week",
    "Address errors caught before dispatch on 90% of cases",
    "Two new carrier partners for the Baltic routes",
    "Board approves the 2028 network plan",
]  # fmt: skip

_CJK_OBJECTIVES = [
    "客户把最紧急的货物放心地交给我们运输",
    "在不增加第二个物流中心的情况下实现北欧市场的盈利增长",
    "経営チームが四半期ごとに一つの明確な優先事項を定め全員がそれを説明できる",
    "旺季期间我们的仓库平稳运转没有积压",
    "すべての拠点が同じ運用手順で仕事をしている",
    "拣货和包装错误在货架上就被发现而不是三天后在客户门口被发现从而不再影响客户体验",
    "夜勤が次のシフトにきれいな現場を引き継ぐ",
    "ศูนย์ฮัมบูร์กเป็นต้นแบบให้สาขาอื่นเรียนรู้",
    "夜班安全人员充足并在早上六点前完成",
    "南部地区的准时交付追上北部地区",
    "営業チームは私たちが最も得意とする顧客を獲得する",
]  # fmt: skip

_CJK_KRS = [
    "所有线路的准时交付率从91%提高到96%",
    "每万件包裹的客户投诉从14件降到8件",
    "主要顧客五十社のNPSを31から45に上げる",
    "各地区每周与销售一起检查交付承诺",
    "破損した荷物を0.3%未満に保つ",
    "ลดต้นทุนต่อพัสดุในกลุ่มประเทศนอร์ดิกจาก4.10ยูโรเหลือ3.60ยูโร",
    "赢得六个每天超过五百件包裹的北欧新客户",
    "与董事会就北欧中心的决定达成一致",
    "拣货准确率从99.1%提高到99.7%以每周货架审核而不是客户投诉来衡量",
    "入庫から棚入れまでの時間を4時間未満にする",
    "零工伤事故",
]  # fmt: skip

_PEOPLE = [
    "Ingrid Lindqvist", "Chidi Okafor", "Mareike Brandt", "Tomás Herrera", "Yuki Sato",
    "Aleksander Nowak", "Priya Nair", "Jonas Weber", "Fatou Diallo", "Li Wei",
]  # fmt: skip
_CJK_PEOPLE = ["王芳", "佐藤由紀", "李伟", "สมชาย ใจดี", "鈴木一郎", "陈静"]


@dataclass
class RealShaped:
    """What the builder made, to find things again."""

    path: Path
    units: dict[str, int] = field(default_factory=dict)
    objectives: dict[tuple[str, int], int] = field(default_factory=dict)
    key_results: dict[str, list[int]] = field(default_factory=dict)
    sideways: list[int] = field(default_factory=list)
    same_unit: list[int] = field(default_factory=list)
    unaligned: list[int] = field(default_factory=list)


def _kr_fields(n: int, owner: str) -> dict[str, object]:
    """Numbers as real sets have them: most complete, some missing in telling ways."""
    shape = n % 7
    fields: dict[str, object] = {"owner_name": owner, "due_date": dt.date(2027, 3, 31)}
    if shape in (0, 1, 2):
        base = [12, 40, 91, 250, 3.6][n % 5]
        fields.update(
            baseline=base, target=round(base * 1.3, 1), unit_of_measure="%" if n % 2 else ""
        )
    elif shape == 3:
        fields.update(target=40)  # only the target is known
    elif shape == 4:
        fields.update(direction="milestone")  # a milestone with no number
    elif shape == 5:
        pass  # no number at all: only the owner
    else:
        fields.update(baseline=2000, target=1200, direction="decrease", owner_name="")
    return fields


def build_real_shaped(path: Path, *, script: Script = "latin") -> RealShaped:
    """Write the real-shaped workshop to ``path`` (see the module's description)."""
    cjk = script == "cjk"
    objectives = itertools.cycle(_CJK_OBJECTIVES if cjk else _EN_OBJECTIVES)
    krs = itertools.cycle(_CJK_KRS if cjk else _EN_KRS)
    people = _CJK_PEOPLE if cjk else _PEOPLE
    built = RealShaped(Path(path))
    ws = Workshop.create(
        path, name="物流公司 2027 Q1" if cjk else "Lindqvist & Okafor — Q1", cycle="2027 Q1"
    )
    n_kr = 0
    try:
        services.update_info(
            ws,
            facilitator="Morgan Ellis",
            cycle_start=dt.date(2027, 1, 1),
            cycle_end=dt.date(2027, 3, 31),
        )
        for name, level, parent, count, kr_counts in UNITS:
            parent_id = built.units.get(parent) if parent else None
            unit_id = services.add_unit(ws, name, level, parent_id).subject[1]
            built.units[name] = unit_id
            built.key_results[name] = []
            above = built.key_results.get(parent, []) if parent else []
            for i in range(count):
                special = SPECIAL.get((name, i))
                parent_kr: int | None = above[(i * 2 + len(name)) % len(above)] if above else None
                if special == "none":
                    parent_kr = None
                elif special is not None:
                    other, index = special
                    parent_kr = built.key_results[other][index]
                fields: dict[str, object] = {"owner_name": people[(len(name) + i) % len(people)]}
                if parent_kr is not None:
                    fields["parent_kr_id"] = parent_kr
                oid = services.add_objective(ws, unit_id, next(objectives), **fields).subject[1]
                built.objectives[(name, i)] = oid
                if isinstance(special, tuple):
                    (built.same_unit if special[0] == name else built.sideways).append(oid)
                elif parent is not None and parent_kr is None:
                    built.unaligned.append(oid)
                for _ in range(kr_counts[i]):
                    n_kr += 1
                    owner = people[n_kr % len(people)]
                    kr = services.add_key_result(ws, oid, next(krs), **_kr_fields(n_kr, owner))
                    built.key_results[name].append(kr.subject[1])
    finally:
        ws.close()
    return built
