"""XLSX: the flat table out and back in, a re-import edited with openpyxl, bad workbooks."""

from __future__ import annotations

import resource
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from okr_studio import services
from okr_studio.exchange import ExchangeFileError, export_file, make_plan, read_file
from okr_studio.exchange.sources import MAX_ROWS
from okr_studio.store import Workshop
from tests.core.exchange_helpers import build, canonical, workshop_specs

_SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def carried(data) -> dict:  # type: ignore[no-untyped-def]
    """What a workbook carries: the flat table, and the workshop's details (its base)."""
    out = canonical(data, people="owners")
    out.pop("accepted")
    return out


def import_new(source: Path, target: Path):  # type: ignore[no-untyped-def]
    plan = make_plan(read_file(source))
    with Workshop.create(target) as ws:
        services.apply_plan(ws, plan)
        return ws.snapshot()


@_SETTINGS
@given(spec=workshop_specs())
def test_xlsx_round_trip_keeps_every_field_it_carries(tmp_path_factory, spec) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("xlsx")
    data = build(folder / "a.okr", spec)
    export_file(data, folder / "a.xlsx")
    again = import_new(folder / "a.xlsx", folder / "b.okr")
    assert carried(again) == carried(data)


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Workshop, Path]:
    ws = Workshop.create(tmp_path / "w.okr", name="Sheet", cycle="2027 Q1")
    company = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
    team = services.add_unit(ws, "Web", "team", company).subject[1]  # type: ignore[index]
    grow = services.add_objective(ws, company, "=Grow revenue", owner_name="Ana").subject[1]  # type: ignore[index]
    for i, title in enumerate(("Revenue to 10M", "-5% churn", "@NPS above 40", "Margin 30%")):
        services.add_key_result(ws, grow, title, baseline=i, target=10 + i, owner_name="Bo")
    fast = services.add_objective(ws, team, "Fast checkout").subject[1]  # type: ignore[index]
    services.add_key_result(ws, fast, "p95 below 300 ms", target=300, direction="keep_below")
    path = tmp_path / "w.xlsx"
    export_file(ws.snapshot(), path)
    yield ws, path
    ws.close()


def test_no_cell_is_a_formula_and_the_sheets_are_there(exported: tuple[Workshop, Path]) -> None:
    _ws, path = exported
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["OKRs", "Read me", "okr-studio-base"]
    assert book["okr-studio-base"].sheet_state == "veryHidden"
    sheet = book["OKRs"]
    assert sheet.freeze_panes == "A2"
    cells = [c for row in book["OKRs"].iter_rows() for c in row]
    assert not [c.coordinate for s in book for row in s.iter_rows() for c in row
                if c.data_type == "f"]  # fmt: skip
    quoted = {c.value for c in cells if c.quotePrefix}
    assert {"=Grow revenue", "-5% churn", "@NPS above 40"} <= quoted
    lists = {
        str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    header = [c.value for c in sheet[1]]
    assert lists[chr(ord("A") + header.index("Direction"))].startswith('"Increase,Decrease')
    assert lists[chr(ord("A") + header.index("Status"))] == '"Draft,Agreed"'
    assert sheet.column_dimensions["F"].width == 50  # Title
    readme = [row[0] for row in book["Read me"].iter_rows(values_only=True)]
    assert "Owner e-mail" in readme and "Aligned to" in readme


def test_reimport_of_an_edited_workbook(exported: tuple[Workshop, Path]) -> None:
    ws, path = exported
    book = openpyxl.load_workbook(path)
    sheet = book["OKRs"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    rows = {sheet.cell(r, col["Title"]).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["Web"], col["Title"]).value = "Web shop"
    sheet.cell(rows["Fast checkout"], col["Title"]).value = "Checkout feels instant"
    sheet.cell(rows["Revenue to 10M"], col["Title"]).value = "Revenue to 12M"
    sheet.cell(rows["-5% churn"], col["Target"]).value = 8
    grow_id = sheet.cell(rows["=Grow revenue"], col["ID"]).value
    added = sheet.max_row + 1
    sheet.cell(added, col["Type"]).value = "Key result"
    sheet.cell(added, col["Parent"]).value = grow_id
    sheet.cell(added, col["Title"]).value = "Ship the new pricing page"
    sheet.cell(added, col["Owner"]).value = "Cleo"
    sheet.delete_rows(rows["Margin 30%"])
    book.save(path)

    before = canonical(ws.snapshot())
    plan = make_plan(read_file(path), ws.snapshot())
    assert plan.three_way and not plan.problems
    listed = sorted((d.status, d.title, tuple(f.field for f in d.fields)) for d in plan.diffs)
    assert listed == [
        ("added", "Cleo", ()),  # the new row's owner, a new person
        ("added", "Ship the new pricing page", ()),
        ("changed", "-5% churn", ("target",)),
        ("changed", "Checkout feels instant", ("title",)),
        ("changed", "Revenue to 12M", ("title",)),
        ("changed", "Web shop", ("name",)),
        ("missing", "Margin 30%", ()),
    ]
    [missing] = plan.missing
    change = services.apply_plan(ws, plan, remove={missing.ref})
    after = canonical(ws.snapshot())
    touched = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert touched == {d.key for d in plan.diffs}
    services.undo(ws, change)
    assert canonical(ws.snapshot()) == before


def test_a_sheet_written_by_hand_with_levels_in_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Department", "Team", "Objective", "Key Result", "Owner", "Start value",
                  "Target value", "Owner E-Mail"])  # fmt: skip
    sheet.append(["Sales", "DACH", "Win the mid-market", "Close 40 deals", "Ana", 12, 40,
                  "ana@example.org"])  # fmt: skip
    sheet.append([None, None, None, "Raise win rate", "Bo", "20 %", "30 %", None])
    sheet.append([None, "Nordics", "Enter Sweden", "Sign 5 partners", "Ana", 0, 5, None])
    book.save(tmp_path / "plan.xlsx")
    plan = make_plan(read_file(tmp_path / "plan.xlsx"))
    tree = [(r.depth, r.kind, r.title) for r in plan.preview()]
    assert tree == [
        (0, "unit", "Sales"),
        (1, "unit", "DACH"),
        (2, "objective", "Win the mid-market"),
        (3, "key_result", "Close 40 deals"),
        (3, "key_result", "Raise win rate"),
        (1, "unit", "Nordics"),
        (2, "objective", "Enter Sweden"),
        (3, "key_result", "Sign 5 partners"),
    ]
    people = {p.title: p.get("email") for p in plan.theirs.of_kind("person")}
    assert people == {"Ana": "ana@example.org", "Bo": ""}
    rate = next(k for k in plan.theirs.of_kind("key_result") if k.title == "Raise win rate")
    assert (rate.get("baseline"), rate.get("target"), rate.get("unit_of_measure")) == (20, 30, "%")


def _peak(fn: Callable[[], None]) -> tuple[float, float]:
    """(peak Python memory in MB, growth of the process's peak RSS in MB) of fn().

    Memory, not time: how long a refusal takes depends on the machine's load, how
    much it holds does not.
    """
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return peak, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1e3


def test_a_zip_bomb_is_refused_unread_and_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"<row>" + b" " * (1 << 20)
            for _ in range(400):  # 400 MB of XML-looking padding
                part.write(block)
    assert path.stat().st_size < 2_000_000

    def read() -> None:
        with pytest.raises(ExchangeFileError, match="would unpack to 419 MB") as info:
            read_file(path)
        assert "“bomb.xlsx”" in str(info.value) and "zip bomb" in str(info.value)

    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def open_part(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_part)
    peak, rss = _peak(read)
    print(f"zip bomb refused: peak {peak:.1f} MB, RSS +{rss:.1f} MB, parts opened {opened}")
    assert "xl/worksheets/sheet1.xml" not in opened  # refused from the directory alone
    assert peak < 20 and rss < 50


def test_a_large_workbook_is_refused_after_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("OKRs")
    sheet.append(["Type", "Title", "Parent"])
    for i in range(100_000):
        sheet.append(["Objective", f"Objective {i}", None])
    book.save(tmp_path / "big.xlsx")

    def read() -> None:
        with pytest.raises(
            ExchangeFileError,
            match=r"has (more than 20,000|100,000) rows; OKR Studio imports up to 20,000",
        ):
            read_file(tmp_path / "big.xlsx")

    rows_read = 0
    real_rows = ReadOnlyWorksheet.iter_rows

    def counted(self: ReadOnlyWorksheet, *args: Any, **kwargs: Any) -> Iterator[Any]:
        nonlocal rows_read
        for row in real_rows(self, *args, **kwargs):
            rows_read += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counted)
    peak, rss = _peak(read)
    print(
        f"100,000-row workbook refused after {rows_read:,} rows, "
        f"peak {peak:.1f} MB, RSS +{rss:.1f} MB"
    )
    assert rows_read <= MAX_ROWS + 2  # the header, the rows allowed, the first one too many
    assert peak < 200


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            b"Type,Title\r\nObjective,Grow\r\n",
            "is not an Excel workbook (.xlsx), although its name",
        ),
        (b"\x00\x01\x02" * 100, "it is a binary file"),
        (b"%PDF-1.7 ...", "it is a PDF document"),
    ],
)
def test_a_file_that_is_not_what_its_name_says(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(content)
    with pytest.raises(ExchangeFileError) as info:
        read_file(path)
    assert str(info.value).startswith("“sheet.xlsx”") and words in str(info.value)


def test_damaged_workbooks(exported: tuple[Workshop, Path], tmp_path: Path) -> None:
    _ws, path = exported
    raw = path.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(raw[: len(raw) // 2])
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    flipped = tmp_path / "flipped.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(flipped, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]
            target.writestr(info, data)
    for bad in (cut, other, flipped):
        with pytest.raises(ExchangeFileError, match="is damaged or is not an Excel workbook"):
            read_file(bad)


def test_rows_far_down_a_sheet_are_read(tmp_path: Path) -> None:
    """A sheet may leave rows out (blank rows, or rows deleted in between): an item far
    below the others is still read, not silently left behind."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Type", "Title"])
    sheet.append(["Objective", "Near the top"])
    sheet.cell(25_000, 1).value = "Objective"
    sheet.cell(25_000, 2).value = "Far below"
    book.save(tmp_path / "gaps.xlsx")
    incoming = read_file(tmp_path / "gaps.xlsx")
    assert sorted(i.title for i in incoming.side.of_kind("objective")) == [
        "Far below",
        "Near the top",
    ]


def test_the_exported_sheets_say_their_size(exported: tuple[Workshop, Path]) -> None:
    """Each sheet declares its size (as Excel writes it): a reader in read-only mode then
    need not parse a whole sheet once just to measure it."""
    _ws, path = exported
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sizes = {s.title: (s.max_row, s.max_column) for s in book.worksheets}
    finally:
        book.close()
    full = openpyxl.load_workbook(path)
    assert sizes == {s.title: (s.max_row, s.max_column) for s in full.worksheets}


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_xml_entities_are_never_expanded(
    exported: tuple[Workshop, Path], tmp_path: Path, part: str
) -> None:
    """A billion laughs in the workbook's parts: refused, or read without expanding them
    (3 GB if expanded), quickly and small."""
    _ws, path = exported
    bad = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                text = data.decode("utf-8").split("?>", 1)[-1]
                data = (_LAUGHS + text.replace(">Acme<", ">&lol9;<", 1)).encode("utf-8")
            target.writestr(info, data)

    def read() -> None:
        try:
            incoming = read_file(bad)
        except ExchangeFileError as exc:
            assert "“laughs.xlsx”" in str(exc)
        else:
            assert all("lollol" not in i.title for i in incoming.side.items.values())

    peak, _rss = _peak(read)
    assert peak < 50


def test_a_workbook_with_its_base_as_plain_text_is_reimported_three_way(
    exported: tuple[Workshop, Path], tmp_path: Path
) -> None:
    """Workbooks exported before the base was compressed still carry a base."""
    import base64
    import zlib

    from okr_studio.exchange.xlsx_write import escape

    ws, path = exported
    book = openpyxl.load_workbook(path)
    base = book["okr-studio-base"]
    cells = [row[0] for row in base.iter_rows(values_only=True)]
    text = zlib.decompress(base64.b64decode("".join(cells[1:]))).decode("utf-8")
    base.delete_rows(1, base.max_row)
    base.append(["okr-studio-base 1"])
    for start in range(0, len(text), 1000):
        base.append([escape(text[start : start + 1000])])
    book.save(tmp_path / "plain.xlsx")
    plan = make_plan(read_file(tmp_path / "plain.xlsx"), ws.snapshot())
    assert plan.three_way and not plan.diffs
