"""Alignments across the tree in the PDF: the sheet's chain and the overview's cards name them."""

from __future__ import annotations

from pathlib import Path

from okr_studio import services
from okr_studio.pdf import export_booklet
from okr_studio.store import Workshop
from tests.core._pdf_read import pdf_text, squash


def _workshop(path: Path) -> dict[str, int]:
    ids: dict[str, int] = {}
    with Workshop.create(path, name="W", cycle="Q1") as ws:

        def add(service, *args, **kw) -> int:  # type: ignore[no-untyped-def]
            return service(ws, *args, **kw).subject[1]

        company = add(services.add_unit, "Acme", "company")
        sales = add(services.add_unit, "Sales", "department", company)
        ops = add(services.add_unit, "Operations", "department", company)
        top = add(services.add_objective, company, "Grow")
        top_kr = add(services.add_key_result, top, "Revenue from 10 to 14", baseline=10, target=14)
        lead = add(services.add_objective, sales, "Deals close", parent_kr_id=top_kr)
        lead_kr = add(services.add_key_result, lead, "Win 40 deals", target=40)
        ids["sub"] = add(services.add_objective, sales, "Pipeline is full", parent_kr_id=lead_kr)
        add(services.add_key_result, ids["sub"], "Book 90 demos", target=90)
        ids["side"] = add(
            services.add_objective, ops, "Deliveries help sales", parent_kr_id=lead_kr
        )
        add(services.add_key_result, ids["side"], "On time from 91 to 96", baseline=91, target=96)
    return ids


def test_the_chain_says_sideways_and_own_unit_and_the_overview_cards_too(tmp_path: Path) -> None:
    path = tmp_path / "w.okr"
    _workshop(path)
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    out = tmp_path / "w.pdf"
    export_booklet(data, out, workshop_name_for_footer="w.okr")
    text = squash(pdf_text(out))
    assert "aligned sideways to a key result of Sales: Win 40 deals" in text
    assert "supports a key result of its own unit: Win 40 deals" in text
    assert "key result taken on: Revenue from 10 to 14" in text  # the cascade, as before
    assert "Aligned sideways to Sales" in text
    assert "Supports a key result of its own unit" in text
    assert "Not aligned" not in text
