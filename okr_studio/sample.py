"""The sample workshop: a realistic company → department → team cascade for one cycle.

Built through :mod:`okr_studio.services` only, so it is exactly what a facilitator
could have typed. It carries a few deliberate coach findings (a task-worded key
result, key results without a baseline, an objective with two key results, a
team with no objective, a due date after the cycle, an uncovered key result…)
so the coach has something to say, and one finding the room accepted. The cycle has
been lived too (:mod:`okr_studio.sample_review`): check-ins, initiatives, and the
review of a few teams.
Every build gives the same workshop, row for row, except for the stable ids (each
file written is a workshop of its own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from okr_studio import services
from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.sample_review import add_review
from okr_studio.store import Workshop

CYCLE_START = dt.date(2027, 1, 1)
CYCLE_END = dt.date(2027, 3, 31)

PEOPLE: tuple[tuple[str, str], ...] = (
    ("Amélie Laurent", "Chief executive"),
    ("Jonas Øberg", "VP Product & Engineering"),
    ("Chiara Bianchi", "Head of Customer Experience"),
    ("Diego Álvarez", "Head of Growth"),
    ("Fatima Zahra Benali", "Product manager, Checkout"),
    ("Tomás Ferreira", "Tech lead, Checkout"),
    ("Katarzyna Wójcik", "Product manager, Payments"),
    ("Łukasz Zieliński", "Tech lead, Payments"),
    ("Sam O'Neill", "Tech lead, Platform"),
    ("Marta Nowak", "Site reliability engineer"),
    ("Priya Raman", "Product manager, Onboarding"),
    ("Mateo Rossi", "Engineer, Onboarding"),
    ("Νίκος Παπαδόπουλος", "Support lead"),
    ("Ελένη Γεωργίου", "Knowledge manager"),
    ("佐藤 花子", "Product manager, Japan"),
    ("田中 翔", "Mobile tech lead"),
    ("Ines Müller", "Lifecycle marketing lead"),
)


def kr(
    title: str,
    baseline: float | None,
    target: float | None,
    owner: str,
    *,
    unit: str = "",
    direction: str = "increase",
    work_type: str = "feature",
    metric: str = "",
    due: dt.date = CYCLE_END,
    confidence: float | None = 0.7,
) -> dict[str, Any]:
    """The fields of one key result, as :func:`okr_studio.services.cascade` takes them."""
    return {
        "title": title,
        "metric": metric,
        "baseline": baseline,
        "target": target,
        "unit_of_measure": unit,
        "direction": direction,
        "due_date": due,
        "owner_name": owner,
        "work_type": work_type,
        "confidence": confidence,
    }


def objective(
    title: str,
    owner: str,
    *,
    problem: str = "",
    behaviour: str = "",
    measure: str = "",
    status: str = "draft",
) -> dict[str, Any]:
    return {
        "title": title,
        "owner_name": owner,
        "problem": problem,
        "behaviour_change": behaviour,
        "success_measure": measure,
        "status": status,
    }


def _ids(change: Change, table: str) -> list[int]:
    """Ids of the rows of ``table`` a change added, in the order they were added."""
    return [r.id for r in change.rows if r.table == table and r.kind == "added"]


def _subject(change: Change) -> int:
    assert change.subject is not None
    return change.subject[1]


def _add_objective(
    ws: Workshop, unit_id: int, fields: dict[str, Any], krs: list[dict[str, Any]]
) -> list[int]:
    """An objective with its key results, one service call each; returns the KR ids."""
    obj_id = _subject(services.add_objective(ws, unit_id, **fields))
    return [_subject(services.add_key_result(ws, obj_id, **k)) for k in krs]


def _cascade(
    ws: Workshop, parent_kr: int, team: int, fields: dict[str, Any], krs: list[dict[str, Any]]
) -> list[int]:
    return _ids(services.cascade(ws, parent_kr, team, fields, krs), "key_result")


def _units(ws: Workshop) -> dict[str, int]:
    """The organisation: a company, three departments, eight teams; ids by short name."""

    def unit(name: str, level: str, parent: int | None = None) -> int:
        return _subject(services.add_unit(ws, name, level, parent))

    u: dict[str, int] = {}
    u["company"] = unit("Lumière Commerce", "company")
    u["product"] = unit("Product & Engineering", "department", u["company"])
    u["cx"] = unit("Customer Experience", "department", u["company"])
    u["growth"] = unit("Growth", "department", u["company"])
    u["checkout"] = unit("Checkout", "team", u["product"])
    u["payments"] = unit("Zespół Płatności", "team", u["product"])
    u["platform"] = unit("Platform", "team", u["product"])
    u["onboarding"] = unit("Onboarding", "team", u["cx"])
    u["support"] = unit("Ομάδα Υποστήριξης", "team", u["cx"])
    u["tokyo"] = unit("東京チーム", "team", u["growth"])
    u["marketing"] = unit("Lifecycle Marketing", "team", u["growth"])
    unit("Partnerships", "team", u["growth"])  # no objective yet: the coach notices
    return u


def _company(ws: Workshop, u: dict[str, int], k: dict[str, int]) -> None:
    """The company's objectives; their key results' ids go into ``k``."""
    k["retention"], k["conversion"], k["availability"] = _add_objective(
        ws,
        u["company"],
        objective(
            "Shopping with us feels effortless, so customers keep coming back",
            "Amélie Laurent",
            problem="Four in ten new customers never place a second order.",
            behaviour="Customers return on their own instead of after a discount e-mail.",
            measure="30-day retention, checkout conversion and availability.",
            status="agreed",
        ),
        [
            kr("Increase customer retention by 10% within 30 days", 60, 66, "Chiara Bianchi",
               unit="%", metric="30-day retention"),
            kr("Raise checkout conversion from 2.8% to 3.4%", 2.8, 3.4, "Jonas Øberg",
               unit="%", metric="Checkout conversion"),
            kr("Keep monthly platform availability above 99.9%", 99.82, 99.9, "Jonas Øberg",
               unit="%", direction="keep_above", work_type="risk", metric="Availability"),
        ],
    )  # fmt: skip
    k["markets"], _, _ = _add_objective(
        ws,
        u["company"],
        objective(
            "Merchants in Poland and Japan choose us first",
            "Diego Álvarez",
            problem="Local competitors win most merchants who compare.",
            behaviour="Merchants recommend us to other merchants in their own language.",
            measure="Active merchants and net promoter score in both markets.",
            status="agreed",
        ),
        [
            kr("Grow active merchants in Poland and Japan from 140 to 400", 140, 400,
               "Diego Álvarez", unit="merchants", metric="Active merchants"),
            kr("Reach a net promoter score of 45 in both new markets", None, 45,
               "Diego Álvarez", metric="NPS", confidence=0.5),
            kr("Keep support cost per order below €0.40", 0.46, 0.40, "Chiara Bianchi",
               unit="€", direction="keep_below", metric="Support cost per order"),
        ],
    )  # fmt: skip
    services.accept_finding(
        ws,
        "KR_UNCOVERED",
        "key_result",
        k["availability"],
        "Run as business as usual by the on-call rota; no team objective this cycle.",
        accepted_at="2026-12-10T10:30:00+00:00",
    )


def _departments(ws: Workshop, u: dict[str, int], k: dict[str, int]) -> None:
    """The departments' objectives, cascaded from the company's key results."""
    k["mobile"], k["failed"], k["latency"] = _cascade(
        ws,
        k["conversion"],
        u["product"],
        objective("Checkout and payments just work, on every device", "Jonas Øberg",
                  status="agreed"),
        [
            kr("Raise mobile checkout completion from 61% to 72%", 61, 72,
               "Fatima Zahra Benali", unit="%"),
            kr("Cut failed card payments from 4.5% to 2.5%", 4.5, 2.5, "Katarzyna Wójcik",
               unit="%", direction="decrease", work_type="defect"),
            kr("Cut p95 checkout response time from 1,100 ms to 800 ms", 1100, 800,
               "Sam O'Neill", unit="ms", direction="decrease", work_type="technical_debt"),
        ],
    )  # fmt: skip
    k["tickets"], k["first_sale"], _ = _cascade(
        ws,
        k["retention"],
        u["cx"],
        objective("New customers succeed on their own in their first week", "Chiara Bianchi",
                  problem="New merchants call us for things the product should explain.",
                  status="agreed"),
        [
            kr("Reduce onboarding-related support tickets by 15%", 1200, 1020,
               "Νίκος Παπαδόπουλος", unit="tickets a month", direction="decrease"),
            kr("Raise the share of new merchants with a first sale in week one from 35% "
               "to 55%", 35, 55, "Priya Raman", unit="%"),
            kr("Keep first response time to new merchants below 2 hours", 3.5, 2,
               "Νίκος Παπαδόπουλος", unit="h", direction="keep_below", work_type="risk"),
        ],
    )  # fmt: skip
    # Only two key results: the coach asks for a third.
    k["poland"], k["japan"] = _add_objective(
        ws,
        u["growth"],
        {**objective("Merchants in Poland and Japan feel the product was made for them",
                     "Diego Álvarez", status="agreed"), "parent_kr_id": k["markets"]},
        [
            kr("Grow active merchants in Poland from 60 to 220", 60, 220, "Ines Müller",
               unit="merchants"),
            kr("Grow active merchants in Japan from 80 to 180", 80, 180, "佐藤 花子",
               unit="merchants"),
        ],
    )  # fmt: skip


def _product_teams(ws: Workshop, u: dict[str, int], k: dict[str, int]) -> None:
    """The objectives of Product & Engineering's teams, cascaded from its key results."""
    _cascade(ws, k["mobile"], u["checkout"],
        objective("Paying on a phone feels as easy as tapping a card", "Fatima Zahra Benali",
                  behaviour="Shoppers finish on the phone instead of switching to a laptop."),
        [
            kr("Raise Apple Pay and Google Pay share of mobile orders from 22% to 40%", 22, 40,
               "Fatima Zahra Benali", unit="%"),
            kr("Cut checkout form errors per session from 0.8 to 0.3", 0.8, 0.3,
               "Tomás Ferreira", direction="decrease", work_type="defect"),
            kr("Keep crash-free mobile checkout sessions above 99.5%", 99.1, 99.5,
               "Tomás Ferreira", unit="%", direction="keep_above", work_type="risk"),
        ],
    )  # fmt: skip
    _cascade(ws, k["failed"], u["payments"],
        objective("Płatności przechodzą za pierwszym razem: payments go through first time",
                  "Katarzyna Wójcik"),
        [
            kr("Cut failed card payments in Poland from 5.1% to 2.5%", 5.1, 2.5,
               "Łukasz Zieliński", unit="%", direction="decrease", work_type="defect"),
            kr("Raise BLIK share of Polish payments from 12% to 30%", 12, 30,
               "Katarzyna Wójcik", unit="%"),
            # A task, not an outcome: the coach asks what changes when it is done.
            kr("Migrate card payments to the new payment gateway", None, None,
               "Łukasz Zieliński", direction="milestone", work_type="technical_debt",
               due=dt.date(2027, 3, 15)),
        ],
    )  # fmt: skip
    _cascade(ws, k["latency"], u["platform"],
        objective("Checkout stays fast on the busiest day of the year", "Sam O'Neill"),
        [
            kr("Cut p95 checkout API latency from 900 ms to 550 ms", 900, 550, "Sam O'Neill",
               unit="ms", direction="decrease", work_type="technical_debt"),
            kr("Reduce database queries per order from 48 to 20", 48, 20, "Marta Nowak",
               direction="decrease", work_type="technical_debt"),
            kr("Keep error rate under peak load below 0.5%", 1.2, 0.5, "Marta Nowak",
               unit="%", direction="keep_below", work_type="risk"),
        ],
    )  # fmt: skip


def _other_teams(ws: Workshop, u: dict[str, int], k: dict[str, int]) -> None:
    """The objectives of the Customer Experience and Growth teams."""
    _cascade(ws, k["first_sale"], u["onboarding"],
        objective("New merchants make their first sale without calling us", "Priya Raman",
                  problem="Setting up payments and shipping takes new merchants a week.",
                  behaviour="Merchants publish their shop on the day they sign up.",
                  measure="Share publishing on day one; days to first sale."),
        [
            kr("Raise the share of merchants who publish their shop on day one from 18% "
               "to 40%", 18, 40, "Priya Raman", unit="%"),
            kr("Cut median time to first sale from 9 days to 5 days", 9, 5, "Priya Raman",
               unit="days", direction="decrease"),
            kr("Reduce setup errors in the shop wizard from 14% to 5%", 14, 5, "Mateo Rossi",
               unit="%", direction="decrease", work_type="defect"),
        ],
    )  # fmt: skip
    _cascade(ws, k["tickets"], u["support"],
        objective("Νέοι πελάτες βρίσκουν απαντήσεις μόνοι τους: answers before the ticket",
                  "Νίκος Παπαδόπουλος"),
        [
            kr("Raise help-centre self-service resolution from 41% to 60%", 41, 60,
               "Ελένη Γεωργίου", unit="%"),
            kr("Cut repeat contacts within 7 days from 22% to 12%", 22, 12,
               "Νίκος Παπαδόπουλος", unit="%", direction="decrease", work_type="defect"),
            # Nobody has measured this yet: no baseline.
            kr("Keep answer accuracy of the help assistant above 90%", None, 90,
               "Ελένη Γεωργίου", unit="%", direction="keep_above", work_type="risk"),
        ],
    )  # fmt: skip
    _cascade(ws, k["japan"], u["tokyo"],
        objective("日本の加盟店が安心して開店できる: Japanese merchants open with confidence",
                  "佐藤 花子"),
        [
            kr("Grow merchants who finish Japanese onboarding from 20 to 90 a month", 20, 90,
               "佐藤 花子", unit="merchants a month"),
            # Due after the cycle ends: the coach notices.
            kr("Raise App Store rating in Japan from 3.6 to 4.3", 3.6, 4.3, "田中 翔",
               due=dt.date(2027, 4, 30)),
            kr("Cut Japanese-language support tickets from 140 to 70 a month", 140, 70,
               "田中 翔", direction="decrease", work_type="defect"),
        ],
    )  # fmt: skip
    # One owner for every key result, and only feature work: two hints.
    _cascade(ws, k["poland"], u["marketing"],
        objective("Polish merchants hear about us from someone they trust", "Ines Müller"),
        [
            kr("Grow referred Polish merchants from 10 to 60", 10, 60, "Ines Müller",
               unit="merchants"),
            kr("Raise trial-to-paid conversion in Poland from 18% to 25%", 18, 25,
               "Ines Müller", unit="%"),
            kr("Grow reviews from Polish merchants from 15 to 120", 15, 120, "Ines Müller",
               unit="reviews"),
        ],
    )  # fmt: skip


def build_sample(ws: Workshop) -> None:
    """Fill an empty workshop with the sample cascade (refused if it holds any unit)."""
    if ws.snapshot().units:
        raise EditRefused("The sample can only fill an empty workshop.")
    services.update_info(
        ws,
        name="Lumière Commerce — 2027 Q1 cascade",
        cycle="2027 Q1",
        date=dt.date(2026, 12, 10),
        cycle_start=CYCLE_START,
        cycle_end=CYCLE_END,
        facilitator="Hélène Dubois",
        notes="Leadership agreed the company objectives on 3 December; "
        "departments and teams cascade them today.",
    )
    for name, role in PEOPLE:
        services.add_person(ws, name, role)
    u = _units(ws)
    k: dict[str, int] = {}  # the key results' ids, by short name
    _company(ws, u, k)
    _departments(ws, u, k)
    _product_teams(ws, u, k)
    _other_teams(ws, u, k)
    # The cycle, lived: check-ins, initiatives and the review of a few teams.
    add_review(ws)


def write_sample(path: Path | str) -> Path:
    """Create a new workshop file at ``path`` holding the sample; returns the path.

    Refuses an existing path. If filling the file fails, the half-made file is removed.
    """
    path = Path(path)
    ws = Workshop.create(path)
    try:
        build_sample(ws)
    except BaseException:
        ws.close()
        path.unlink(missing_ok=True)
        raise
    ws.close()
    return path
