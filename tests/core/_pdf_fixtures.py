"""Workshops built through the services, for the PDF tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from okr_studio import services
from okr_studio.events import Change
from okr_studio.store import Workshop

TRICKY_TITLE = "R&D <b>x</b> &amp;"
IMG_TITLE = '<img src="/etc/passwd"/> is text'
ACCENTS = "Équipe données — café naïve"
POLISH = "Zażółć gęślą jaźń"
GREEK = "Ελληνική ομάδα ανάπτυξης"
CJK_NAME = "山田太郎"
ARABIC = "زيادة رضا العملاء"
HEBREW = "צוות שלום"


def build_workshop(path: Path) -> Path:
    """A company, two departments and four teams with text that tests every path."""
    ws = Workshop.create(path, name="Q1 Planning & <Offsite>", cycle="2027 Q1")
    try:
        services.update_info(
            ws, facilitator="Zoë Brontë", date=dt.date(2027, 1, 12), notes="Bring markers"
        )
        company = _first(services.add_unit(ws, "Acme Corp", "company"))
        eng = _first(services.add_unit(ws, "Engineering", "department", company))
        sales = _first(services.add_unit(ws, "Sales & Success", "department", company))
        top = _first(
            services.add_objective(
                ws,
                company,
                "Customers love our product",
                owner_name="Ana García",
                problem="Churn is high",
                behaviour_change="Customers recommend us",
                success_measure="NPS above 50",
            )
        )
        top_kr = _first(
            services.add_key_result(
                ws, top, "Raise NPS", metric="NPS", baseline=20, target=50, owner_name="Ana García"
            )
        )
        dept = _first(
            services.add_objective(
                ws, eng, "Our product feels instant", owner_name=CJK_NAME, parent_kr_id=top_kr
            )
        )
        dept_kr = _first(
            services.add_key_result(
                ws,
                dept,
                "Cut p95 latency",
                baseline=900,
                target=300,
                unit_of_measure="ms",
                direction="decrease",
                owner_name=POLISH,
            )
        )
        sales_obj = _first(
            services.add_objective(ws, sales, GREEK, owner_name="Νίκος", parent_kr_id=top_kr)
        )
        sales_kr = _first(
            services.add_key_result(ws, sales_obj, ARABIC, target=90, unit_of_measure="%")
        )
        team_a = _first(services.add_unit(ws, TRICKY_TITLE, "team", eng))
        team_b = _first(services.add_unit(ws, ACCENTS, "team", eng))
        team_c = _first(services.add_unit(ws, "فريق المبيعات", "team", sales))
        team_d = _first(services.add_unit(ws, "東京チーム", "team", sales))
        services.cascade(
            ws,
            dept_kr,
            team_a,
            {"title": TRICKY_TITLE, "owner_name": "O'Brien & Sons", "problem": IMG_TITLE},
            [
                {"title": IMG_TITLE, "target": 12, "owner_name": CJK_NAME},
                {
                    "title": "Line one\nLine two",
                    "baseline": 1.5,
                    "target": 2.75,
                    "owner_name": GREEK,
                    "due_date": dt.date(2027, 3, 31),
                    "confidence": 0.7,
                },
                {
                    "title": "Keep errors low",
                    "direction": "keep_below",
                    "target": 0.1,
                    "unit_of_measure": "%",
                    "work_type": "defect",
                },
            ],
        )
        services.cascade(
            ws,
            dept_kr,
            team_b,
            {"title": ACCENTS + " objective", "owner_name": POLISH},
            [
                {"title": f"{POLISH} KR {i}", "target": i * 10, "owner_name": "Łukasz"}
                for i in range(1, 4)
            ],
        )
        services.cascade(
            ws,
            sales_kr,
            team_c,
            {"title": ARABIC + " في الربع الأول", "owner_name": "سارة"},
            [{"title": f"{HEBREW} {i}", "target": i, "owner_name": "דוד"} for i in range(1, 4)],
        )
        services.cascade(
            ws,
            sales_kr,
            team_d,
            {"title": "日本市場で成長する", "owner_name": CJK_NAME},
            [
                {"title": f"新規顧客を{i}0社獲得", "target": i * 10, "owner_name": "佐藤花子"}
                for i in range(1, 4)
            ],
        )
    finally:
        ws.close()
    return path


def _first(change: Change) -> int:
    assert change.subject is not None
    return change.subject[1]
