"""Bad input in every format: a clear message naming the file (and row), nothing written.

The open workshop is unchanged by a failed import, and the file read is never changed.
"""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.errors import EditRefused
from okr_studio.exchange import ExchangeFileError, make_plan, read_file
from okr_studio.exchange.csvfile import read_csv_bytes
from okr_studio.store import Workshop
from tests.core.exchange_helpers import canonical

LONG = "Ω" * 9_990 + " <b>&amp;"
ODD = [
    LONG,
    "שלום עולם: הכנסות",
    "مرحبا بالعالم",
    "数据驱动的增长 チームの目標",
    "<b>bold</b> & <i>AT&T</i> </para> <img src='x'>",
    "=cmd|' /C calc'!A0",
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    ws = Workshop.create(tmp_path / "open.okr", name="Open")
    services.add_unit(ws, "Acme", "company")
    yield ws
    ws.close()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".md"])
def test_odd_text_survives_every_format(ws: Workshop, tmp_path: Path, suffix: str) -> None:
    from okr_studio.exchange import export_file

    with Workshop.create(tmp_path / "src.okr") as src:
        unit = services.add_unit(src, ODD[1], "team").subject[1]  # type: ignore[index]
        for title in ODD:
            obj = services.add_objective(src, unit, title, owner_name=ODD[3][:6]).subject[1]  # type: ignore[index]
            services.add_key_result(src, obj, title, notes=ODD[2], baseline=1234.5, target=12)
        data = src.snapshot()
    export_file(data, tmp_path / f"out{suffix}")
    plan = make_plan(read_file(tmp_path / f"out{suffix}"), ws.snapshot())
    assert not plan.errors
    services.apply_plan(ws, plan)
    titles = sorted(o.title for o in ws.snapshot().objectives.values())
    if suffix == ".md":  # one line per item: line breaks become spaces, nothing else changes
        titles = [" ".join(t.split()) for t in titles]
    assert titles == sorted(" ".join(t.split()) if suffix == ".md" else t for t in ODD)
    krs = list(ws.snapshot().key_results.values())
    assert {(k.baseline, k.target) for k in krs} == {(1234.5, 12.0)}


def test_numbers_written_as_people_write_them() -> None:
    text = (
        "Type;Title;Baseline;Target;Confidence\r\n"
        "Objective;Grow;;;\r\n"
        'Key result;Revenue;"1.234,5";"2.000";"70 %"\r\n'
        "Key result;Churn;12 %;8,5 %;0,6\r\n"
    )
    incoming = read_csv_bytes(text.encode("utf-8"), "de.csv")
    krs = {k.title: k for k in incoming.side.of_kind("key_result")}
    assert (krs["Revenue"].get("baseline"), krs["Revenue"].get("target")) == (1234.5, 2000.0)
    assert krs["Revenue"].get("confidence") == pytest.approx(0.7)
    assert (krs["Churn"].get("baseline"), krs["Churn"].get("target")) == (12.0, 8.5)
    assert krs["Churn"].get("unit_of_measure") == "%"
    english = read_csv_bytes(b'Type,Title,Baseline\r\nObjective,G,\r\nKR,R,"1,234.5"\r\n', "en.csv")
    [kr] = english.side.of_kind("key_result")
    assert kr.get("baseline") == 1234.5


def test_a_failed_import_leaves_the_workshop_and_the_file_as_they_were(
    ws: Workshop, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "okr-studio-workshop", "version": 99}')
    before_file = sha(bad)
    before = canonical(ws.snapshot())
    with pytest.raises(ExchangeFileError, match="newer version"):
        read_file(bad)
    assert sha(bad) == before_file and canonical(ws.snapshot()) == before
    # a plan whose choices would make a circle is refused whole
    top = services.add_objective(ws, 1, "Top").subject[1]  # type: ignore[index]
    kr = services.add_key_result(ws, top, "Top KR").subject[1]  # type: ignore[index]
    team = services.add_unit(ws, "Team", "team", 1).subject[1]  # type: ignore[index]
    low = services.add_objective(ws, team, "Low", parent_kr_id=kr).subject[1]  # type: ignore[index]
    low_kr = services.add_key_result(ws, low, "Low KR").subject[1]  # type: ignore[index]
    import json

    from okr_studio.exchange.jsonfile import read_json_bytes, workshop_json

    document = json.loads(workshop_json(ws.snapshot()))
    data = ws.snapshot()
    top_uid, low_kr_uid = data.objectives[top].uid, data.key_results[low_kr].uid
    for entry in document["objectives"]:
        if entry["id"] == top_uid:
            entry["aligned_to"] = low_kr_uid  # Top would support Low, which supports Top
    plan = make_plan(read_json_bytes(json.dumps(document).encode(), "loop.json"), data)
    assert any("go round in a circle" in str(p) for p in plan.problems)
    assert not plan.diffs  # the circle was dropped, nothing else differs
    before = canonical(ws.snapshot())
    [diff] = make_plan(
        read_json_bytes(json.dumps(document).encode(), "loop.json"), ws.snapshot()
    ).diffs or [None]
    assert diff is None and canonical(ws.snapshot()) == before


def test_a_hundred_thousand_csv_rows_are_refused_in_bounded_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Type,Title,Target\n")
        for i in range(100_000):
            fh.write(f"Objective,Objective number {i},{i}\n")
    tracemalloc.start()  # memory, not time: the time depends on the machine's load
    with pytest.raises(ExchangeFileError, match="has more than 20,000 rows"):
        read_file(path)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"100,000-row CSV ({path.stat().st_size / 1e6:.1f} MB) refused, peak {peak:.0f} MB")
    assert peak < 200


def test_a_stale_plan_changes_nothing(ws: Workshop, tmp_path: Path) -> None:
    incoming = read_csv_bytes(b"Type,Title\r\nObjective,New\r\n", "new.csv")
    plan = make_plan(incoming, ws.snapshot(), under=1)
    services.rename_unit(ws, 1, "Acme Ltd")
    before = canonical(ws.snapshot())
    with pytest.raises(EditRefused, match="changed since the import was previewed"):
        services.apply_plan(ws, plan)
    assert canonical(ws.snapshot()) == before
