"""Small workshops and file reads shared by the main-window tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from okr_studio import services
from okr_studio.store import Workshop


def rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def small(path: Path) -> Path:
    with Workshop.create(path, name="Spring", cycle="2027 Q1") as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]
        obj = services.add_objective(ws, company, "Customers love us").subject[1]
        services.add_key_result(ws, obj, "Raise NPS from 30 to 45", baseline=30, target=45)
        services.add_unit(ws, "Product", "department", company)
    return path
