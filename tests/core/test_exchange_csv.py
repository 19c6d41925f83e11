"""CSV: the flat table out and back in, spreadsheet programs' CSV in, bad CSV refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from okr_studio import services
from okr_studio.exchange import ExchangeFileError, make_plan, read_file
from okr_studio.exchange.csvfile import read_csv_bytes, side_csv
from okr_studio.exchange.items import side_from_workshop
from okr_studio.store import Workshop
from tests.core.exchange_helpers import build, canonical, workshop_specs

_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: What the flat table does not carry: the workshop's details, people who own
#: nothing (and people's roles), accepted findings.
_NOT_CARRIED = ("workshop", "accepted")


def carried(data) -> dict:  # type: ignore[no-untyped-def]
    out = canonical(data, people="owners")
    for key in _NOT_CARRIED:
        out.pop(key)
    return out


def import_new(path: Path, raw: bytes):  # type: ignore[no-untyped-def]
    plan = make_plan(read_csv_bytes(raw, "w.csv"))
    with Workshop.create(path) as ws:
        services.apply_plan(ws, plan)
        return ws.snapshot()


@_SETTINGS
@given(spec=workshop_specs())
def test_csv_round_trip_keeps_every_field_it_carries(tmp_path_factory, spec) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("csv")
    data = build(folder / "a.okr", spec)
    raw = side_csv(side_from_workshop(data))
    assert raw.startswith(b"\xef\xbb\xbf")
    again = import_new(folder / "b.okr", raw)
    assert carried(again) == carried(data)


def test_formula_cells_are_quoted_and_come_back_exactly(tmp_path: Path) -> None:
    with Workshop.create(tmp_path / "w.okr") as ws:
        unit = services.add_unit(ws, '=HYPERLINK("http://x")', "team").subject[1]  # type: ignore[index]
        for title in ("=1+1", "+49 30 123", "-minus", "@SUM(A1)", "\tTab", "'=quoted", "''"):
            services.add_objective(ws, unit, title)
        data = ws.snapshot()
    raw = side_csv(side_from_workshop(data)).decode("utf-8-sig")
    for line in raw.splitlines()[1:]:
        cells = line.split(",")
        assert not any(c.lstrip('"')[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells), line
    again = import_new(tmp_path / "b.okr", raw.encode("utf-8-sig"))
    assert carried(again) == carried(data)


GERMAN = (
    "\ufeffTyp;Titel;Verantwortlich;Ausgangswert;Zielwert;Einheit;Fällig;Konfidenz\r\n"
    "Einheit;Vertrieb;;;;;;\r\n"
    "Ziel;Mehr Kunden gewinnen;Anna Schmidt;;;;;\r\n"
    "KR;Umsatz steigern;Jürgen;1.234,5;2.000;€;31.03.2027;70 %\r\n"
    'KR;"Kündigungen senken; schnell";Jürgen;12 %;8,5 %;;30.06.2027;0,6\r\n'
)


def test_a_german_spreadsheet_csv(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(GERMAN.encode("utf-8"))
    incoming = read_file(path)
    assert [p.message for p in incoming.problems] == [
        "Numbers were read with a decimal comma (1.234,5)."
    ]
    plan = make_plan(incoming)
    with Workshop.create(tmp_path / "w.okr") as ws:
        services.apply_plan(ws, plan)
        data = ws.snapshot()
    [unit] = [u for u in data.units.values() if u.name == "Vertrieb"]
    [obj] = data.objectives.values()
    assert obj.unit_id == unit.id and data.people[obj.owner_id].name == "Anna Schmidt"
    krs = {k.title: k for k in data.key_results.values()}
    revenue = krs["Umsatz steigern"]
    assert (revenue.baseline, revenue.target, revenue.unit_of_measure) == (1234.5, 2000.0, "€")
    assert str(revenue.due_date) == "2027-03-31" and revenue.confidence == pytest.approx(0.7)
    churn = krs["Kündigungen senken; schnell"]
    assert (churn.baseline, churn.target, churn.unit_of_measure) == (12.0, 8.5, "%")
    assert churn.confidence == pytest.approx(0.6)
    assert data.people[churn.owner_id].name == "Jürgen"


def test_windows_1252_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes("Type,Title,Owner\r\nObjective,Qualité d’abord,José\r\n".encode("cp1252"))
    incoming = read_file(path)
    assert any("Windows-1252" in p.message for p in incoming.problems)
    [obj] = incoming.side.of_kind("objective")
    assert obj.title == "Qualité d’abord"


def test_a_csv_in_no_readable_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"Type,Title\r\nObjective,\x81\x8d\x8f\x90\x9d\xff\xfe\r\n")
    with pytest.raises(ExchangeFileError, match=r"“mixed\.csv” is in a character encoding"):
        read_file(path)


def test_problems_name_the_row_and_the_reason(tmp_path: Path) -> None:
    text = (
        "ID,Type,Parent,Title,Baseline,Direction\r\n"
        "u1,Unit,,Acme,,\r\n"  # row 2
        "o1,Objective,u1,Grow,,\r\n"  # row 3
        "k1,Key result,o1,Revenue,lots,\r\n"  # row 4
        "k2,Key result,o9,Lost,,\r\n"  # row 5
        "o1,Objective,u1,Twice,,\r\n"  # row 6
        "x,Thing,,What,,\r\n"  # row 7
        "k3,Key result,o1,,,\r\n"  # row 8
        "k4,Key result,o1,Sideways,,sideways\r\n"  # row 9
        "o2,Objective,u1,Round,,\r\n"  # row 10
    )
    incoming = read_csv_bytes(text.encode(), "in.csv")
    plan = make_plan(incoming)
    said = [str(p) for p in plan.problems]
    left_empty = "The value is left empty."
    assert f"row 4, Baseline: The baseline must be a number, not “lots”. {left_empty}" in said
    assert any(s.startswith("row 5, Parent: The parent objective “o9” is neither") for s in said)
    assert "row 6, ID: The id “o1” is also used in row 3. The row is left out." in said
    assert any(s.startswith("row 7, Type: “Thing” is not a type") for s in said)
    assert "row 8, Title: The title is empty." in said
    assert any(s.startswith("row 9, Direction: “sideways” is not a direction") for s in said)
    assert sorted(i.title for i in plan.theirs.of_kind("key_result")) == ["", "Revenue", "Sideways"]
