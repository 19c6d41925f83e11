"""The room in print: the agenda on the cover, the decision log, a team's decisions.

Read back with pdftotext (pypdf when it is missing): every agenda item and its minutes,
every decision and action with its owner and due date, on the pages they belong to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from okr_studio import services as s
from okr_studio.pdf import export_booklet, export_per_team, sheet_units
from okr_studio.store import Workshop
from tests.core._pdf_read import outline, pdf_text, squash

T0 = dt.datetime(2027, 1, 12, 9, tzinfo=dt.UTC)
MARKUP = "Ship <b>AT&T</b> & </para> first"


def _page_texts(path: Path) -> list[str]:
    return [squash(p.extract_text() or "") for p in PdfReader(path).pages]


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("room") / "room.okr"
    with Workshop.create(path, name="Spring cascade", cycle="2027 Q1") as ws:
        company = s.add_unit(ws, "Acme", "company").subject[1]
        checkout = s.add_unit(ws, "Checkout", "team", company).subject[1]
        search = s.add_unit(ws, "Search", "team", company).subject[1]
        obj = s.add_objective(ws, company, "Customers love us").subject[1]
        nps = s.add_key_result(ws, obj, "Raise NPS from 30 to 45").subject[1]
        speed = s.add_key_result(ws, obj, "Cut time to find from 40 to 20 s").subject[1]
        fast = s.add_objective(ws, checkout, "Checkout feels instant", parent_kr_id=nps)
        s.add_key_result(ws, fast.subject[1], "Cut p95 from 800 to 400 ms")
        found = s.add_objective(ws, search, "Search finds it first", parent_kr_id=speed)
        s.add_key_result(ws, found.subject[1], "Raise first-hit rate from 40% to 60%")
        s.add_agenda_items(
            ws,
            [
                {"title": "Company objectives", "planned_minutes": 20},
                {"title": "Breakouts", "planned_minutes": 45},
                {"title": "Plenary", "planned_minutes": 30},
            ],
        )
        s.start_agenda_timer(ws, now=T0)
        s.next_agenda_item(ws, now=T0 + dt.timedelta(minutes=25))
        s.add_note(ws, "decision", "NPS is measured every quarter", item=("key_result", nps))
        s.add_note(ws, "decision", "Pricing stays as it is this cycle")
        s.add_note(
            ws,
            "action",
            "Send the checkout survey",
            item=("objective", fast.subject[1]),
            owner_name="Dana Lee",
            due_date=dt.date(2027, 1, 29),
        )
        s.add_note(ws, "action", MARKUP, item=("unit", search), owner_name="Eli Moss")
        s.add_note(ws, "question", "Who owns the data warehouse?")
        s.add_note(ws, "parked", "A second region")
        gone = s.add_objective(ws, search, "An idea we dropped").subject[1]
        s.add_note(ws, "decision", "Drop the idea", item=("objective", gone))
        s.delete_objective(ws, gone)
    return path


@pytest.fixture(scope="module")
def booklet(workshop: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with Workshop.open(workshop) as ws:
        data = ws.snapshot()
    out = tmp_path_factory.mktemp("pdf") / "booklet.pdf"
    export_booklet(data, out, workshop_name_for_footer="room.okr", paper="a4")
    return out


def test_the_agenda_is_on_the_cover(booklet: Path) -> None:
    cover = _page_texts(booklet)[0]
    for text in ("Agenda", "Company objectives", "20 min", "Breakouts", "45 min", "Plenary"):
        assert text in cover, text
    assert "Total" in cover and "1 h 35" in cover
    assert "Took" in cover and "25 min" in cover and "under way" in cover  # the room ran it
    assert "Company objectives 20 min 25 min" in squash(pdf_text(booklet))


def test_the_decision_log_lists_decisions_and_actions(booklet: Path) -> None:
    text = squash(pdf_text(booklet))
    pages = _page_texts(booklet)
    log = next(
        i for i, p in enumerate(pages) if p.startswith("Decision log") or "Decision log Spring" in p
    )
    page = pages[log]
    for expected in (
        "Decisions (3)",
        "NPS is measured every quarter",
        "Key result “Raise NPS from 30 to 45” (Acme)",
        "Pricing stays as it is this cycle",
        "Workshop",
        "Drop the idea",
        "“An idea we dropped” (deleted)",
        "Actions (2)",
        "Send the checkout survey",
        "Dana Lee",
        "2027-01-29",
        "Eli Moss",
    ):
        assert expected in page, expected
    assert MARKUP in text  # markup printed as the text it is
    assert "Who owns the data warehouse?" not in text  # questions are not in the log
    titles = [t for _d, t, _p in outline(booklet)]
    assert titles[:4] == ["Cover", "Contents", "Overview", "Decision log"]
    assert "Decision log" in pages[1]  # in the contents too


def test_a_team_sheet_carries_the_decisions_and_actions_that_concern_it(
    workshop: Path, tmp_path: Path
) -> None:
    with Workshop.open(workshop) as ws:
        data = ws.snapshot()
    report = export_per_team(data, tmp_path, workshop_name_for_footer="room.okr", paper="a4")
    by_team = {}
    for path in report.files:
        by_team[path.name] = squash(pdf_text(path))
    checkout = next(t for n, t in by_team.items() if "Checkout" in n)
    search = next(t for n, t in by_team.items() if "Search" in n)
    # Checkout supports the NPS key result: its decision concerns Checkout too.
    assert "Decisions that concern this team" in checkout
    assert "NPS is measured every quarter" in checkout
    assert "Send the checkout survey" in checkout and "Dana Lee" in checkout
    assert "NPS is measured every quarter" not in search
    assert MARKUP in search and "Eli Moss" in search
    assert "Pricing stays as it is" not in checkout + search  # the workshop's, in the log only
    assert len(sheet_units(data)) == 3


def test_a_workshop_without_agenda_or_decisions_prints_as_before(tmp_path: Path) -> None:
    path = tmp_path / "plain.okr"
    with Workshop.create(path, name="Plain") as ws:
        unit = s.add_unit(ws, "Acme", "company").subject[1]
        s.add_objective(ws, unit, "Grow")
        s.add_note(ws, "question", "Anything?")
        data = ws.snapshot()
    out = tmp_path / "plain.pdf"
    export_booklet(data, out, workshop_name_for_footer="plain.okr", paper="a4")
    text = squash(pdf_text(out))
    assert "Agenda" not in text and "Decision log" not in text
    assert [t for _d, t, _p in outline(out)][:3] == ["Cover", "Contents", "Overview"]
