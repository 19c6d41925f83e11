"""Check-ins brought in as rows of a sheet, through the import's plan: one undo step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.exchange import ExchangeFileError, make_plan
from okr_studio.exchange.check_in_rows import is_check_in_table, read_check_ins
from okr_studio.sample import write_sample
from okr_studio.store import Workshop

SHEET = """\
Key result;Date;Value;Confidence;Comment;Who
{kr_id};01.04.2027;1.234,5;70 %;"<b>&amp; 🚀 via sheet";Ines Müller
Raise BLIK share of Polish payments from 12% to 30%;31.03.2027;29;0,8;corrected;
Raise BLIK share of Polish payments from 12% to 30%;15.04.2027;31;;;
Nowhere to be found;15.04.2027;3;;;
{kr_id};16.04.2027;lots;;;
{kr_id};17.04.2027;5;;;Nobody Known
"""


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    workshop = Workshop.open(write_sample(tmp_path / "s.okr"))
    yield workshop
    workshop.close()


def test_a_sheet_of_check_ins_comes_in_as_one_step(ws: Workshop, tmp_path: Path) -> None:
    data = ws.snapshot()
    grow = next(k for k in data.key_results.values() if k.title.startswith("Grow reviews"))
    blik = next(k for k in data.key_results.values() if k.title.startswith("Raise BLIK"))
    sheet = tmp_path / "check-ins.csv"
    sheet.write_text(SHEET.format(kr_id=grow.uid), encoding="utf-8")
    incoming = read_check_ins(sheet, data)
    said = [str(p) for p in incoming.problems]
    assert any(s.startswith("row 5, Key result: The key result “Nowhere") for s in said), said
    assert any(s.startswith("row 6") and "must be a number" in s for s in said), said
    assert any(s.startswith("row 7") and "not a person of the workshop" in s for s in said)
    plan = make_plan(incoming, data, only_add=True)
    assert len(plan.added) == 2 and len(plan.changed) == 1  # 31 March: BLIK's existing one
    change = services.apply_plan(ws, plan)
    after = ws.snapshot()
    (new,) = after.check_ins_of(grow.id)
    assert (new.date, new.value, new.confidence) == (dt.date(2027, 4, 1), 1234.5, 0.7)
    assert new.comment == "<b>&amp; 🚀 via sheet" and after.person_name(new.person_id) == (
        "Ines Müller"
    )
    blik_values = [(c.date, c.value, c.comment) for c in after.check_ins_of(blik.id)]
    assert blik_values[-2:] == [(dt.date(2027, 3, 31), 29.0, "corrected"),
                                (dt.date(2027, 4, 15), 31.0, "")]  # fmt: skip
    # the same sheet again adds nothing twice
    again = make_plan(read_check_ins(sheet, after), after, only_add=True)
    assert again.added == [] and again.changed == []
    # one undo step takes it all back
    services.undo(ws, change)
    assert ws.snapshot() == data


def test_a_sheet_without_the_columns_is_refused(ws: Workshop, tmp_path: Path) -> None:
    assert is_check_in_table(["KR", "Datum", "Wert"]) and not is_check_in_table(["Title"])
    sheet = tmp_path / "plan.csv"
    sheet.write_text("Type,Title\nObjective,Grow\n", encoding="utf-8")
    with pytest.raises(ExchangeFileError, match=r"not a sheet of check-ins.*date, value"):
        read_check_ins(sheet, ws.snapshot())
