"""A small workshop to hand out, and ways to look at files whole, for the breakout tests.

The tree (levels as in a real cascade, each team aligned to its department)::

    Acme (company)            O "Grow revenue": KR "Revenue +20 %", KR "Churn below 2 %"
      Product (department)    O "Ship what sells" → Revenue: KR "Conversion 3 %", KR "Uptime"
        Payments (team)       O "Pay in one tap" → Conversion: KR "Checkout time", KR "Wallets"
        Risk (team)           O "Stop fraud" → Uptime: KR "Chargebacks"
        Search (team)         O "Find it fast" → Conversion: KR "Search latency"

Ana owns "Pay in one tap". :func:`rows` reads every row and field of every table
(the workshop's whole state); :func:`content` leaves out the hand-out records.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from okr_studio import services
from okr_studio.breakouts import hand_out
from okr_studio.data import WorkshopData
from okr_studio.schema import COLUMNS
from okr_studio.store import Workshop


def _id(change: Any) -> int:
    return int(change.subject[1])


@dataclass
class Tree:
    acme: int
    product: int
    payments: int
    risk: int
    search: int
    grow: int
    revenue: int
    churn: int
    ship: int
    conversion: int
    uptime: int
    pay: int
    checkout_time: int
    wallets: int
    fraud: int
    chargebacks: int
    find: int
    latency: int
    ana: int


def build(ws: Workshop) -> Tree:
    s = services
    acme = _id(s.add_unit(ws, "Acme", "company"))
    product = _id(s.add_unit(ws, "Product", "department", acme))
    payments = _id(s.add_unit(ws, "Payments", "team", product))
    risk = _id(s.add_unit(ws, "Risk", "team", product))
    search = _id(s.add_unit(ws, "Search", "team", product))
    grow = _id(s.add_objective(ws, acme, "Grow revenue"))
    revenue = _id(s.add_key_result(ws, grow, "Revenue +20 %", baseline=10, target=12))
    churn = _id(s.add_key_result(ws, grow, "Churn below 2 %", target=2, direction="keep_below"))
    ship = _id(s.add_objective(ws, product, "Ship what sells", parent_kr_id=revenue))
    conversion = _id(s.add_key_result(ws, ship, "Conversion 3 %", baseline=2, target=3))
    uptime = _id(s.add_key_result(ws, ship, "Uptime", target=99.9))
    pay = _id(s.add_objective(ws, payments, "Pay in one tap", parent_kr_id=conversion,
                              owner_name="Ana"))  # fmt: skip
    checkout_time = _id(s.add_key_result(ws, pay, "Checkout time", baseline=40, target=20))
    wallets = _id(s.add_key_result(ws, pay, "Wallets", target=3))
    fraud = _id(s.add_objective(ws, risk, "Stop fraud", parent_kr_id=uptime))
    chargebacks = _id(s.add_key_result(ws, fraud, "Chargebacks", target=1))
    find = _id(s.add_objective(ws, search, "Find it fast", parent_kr_id=conversion))
    latency = _id(s.add_key_result(ws, find, "Search latency", target=200))
    ana = next(p.id for p in ws.snapshot().people.values() if p.name == "Ana")
    return Tree(
        acme, product, payments, risk, search, grow, revenue, churn, ship, conversion,
        uptime, pay, checkout_time, wallets, fraud, chargebacks, find, latency, ana,
    )  # fmt: skip


def master(folder: Path, name: str = "plan.okr") -> tuple[Workshop, Tree]:
    ws = Workshop.create(folder / name, name="Acme 2027 Q1", cycle="2027 Q1")
    return ws, build(ws)


def handed(ws: Workshop, folder: Path, *groups: list[int]) -> list[Path]:
    """Hand ``groups`` out into ``folder`` (made); the files, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    return list(hand_out(ws, [list(g) for g in groups], folder).files)


def find(data: WorkshopData, title: str) -> tuple[str, int]:
    """(table, row id) of the unit, objective or key result called ``title``."""
    found = [("unit", u.id) for u in data.units.values() if u.name == title]
    found += [("objective", o.id) for o in data.objectives.values() if o.title == title]
    found += [("key_result", k.id) for k in data.key_results.values() if k.title == title]
    assert len(found) == 1, (title, found)
    return found[0]


def row_id(data: WorkshopData, title: str) -> int:
    return find(data, title)[1]


def rows(ws: Workshop) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table with every field, by id: the file's whole state."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ws.read() as conn:
        for table, cols in COLUMNS.items():
            names = ", ".join(cols)
            found = conn.execute(text(f"SELECT {names} FROM {table} ORDER BY id"))
            out[table] = [tuple(r) for r in found]
    return out


def content(ws: Workshop) -> dict[str, list[tuple[Any, ...]]]:
    """:func:`rows` without the hand-out records (what a merge may change)."""
    return {t: r for t, r in rows(ws).items() if t != "breakout"}


def checks(path: Path) -> tuple[list[str], list[Any]]:
    """(integrity_check, foreign_key_check) of a closed file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return integrity, foreign
