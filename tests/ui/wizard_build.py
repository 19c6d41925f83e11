"""A small workshop for the wizard and coach panel tests, built through the services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from okr_studio import services
from okr_studio.store import Workshop


def build_workshop(path: Path) -> dict[str, int]:
    """Company → Product department → two teams; returns the ids the tests need."""
    ids: dict[str, int] = {}
    with Workshop.create(path, name="Spring workshop", cycle="2027 Q1") as ws:
        services.update_info(ws, cycle_start=dt.date(2027, 1, 1), cycle_end=dt.date(2027, 3, 31))
        ids["company"] = services.add_unit(ws, "Acme", "company").subject[1]
        ids["product"] = services.add_unit(ws, "Product", "department", ids["company"]).subject[1]
        ids["checkout"] = services.add_unit(ws, "Checkout", "team", ids["product"]).subject[1]
        ids["search"] = services.add_unit(ws, "Search", "team", ids["product"]).subject[1]
        ids["company_obj"] = services.add_objective(
            ws, ids["company"], "Customers love our product", owner_name="Ana García"
        ).subject[1]
        ids["company_kr"] = services.add_key_result(
            ws,
            ids["company_obj"],
            "Raise NPS from 30 to 45",
            metric="NPS",
            baseline=30,
            target=45,
            unit_of_measure="pts",
            owner_name="Ana García",
        ).subject[1]
        ids["product_obj"] = services.add_objective(
            ws,
            ids["product"],
            "Teams find what they need without help",
            parent_kr_id=ids["company_kr"],
            owner_name="Ben Okafor",
        ).subject[1]
        ids["product_kr"] = services.add_key_result(
            ws,
            ids["product_obj"],
            "Raise weekly active teams from 120 to 180",
            metric="weekly active teams",
            baseline=120,
            target=180,
            owner_name="Ben Okafor",
        ).subject[1]
        ids["search_obj"] = services.add_objective(
            ws,
            ids["search"],
            "Search answers the first question",
            parent_kr_id=ids["product_kr"],
            owner_name="Ben Okafor",
        ).subject[1]
    return ids
