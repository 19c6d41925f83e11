"""A team with one objective and a handful of key results gets a one-page sheet."""

from __future__ import annotations

from pathlib import Path

from okr_studio.pdf import export_booklet, sheet_units
from okr_studio.sample import write_sample
from okr_studio.store import Workshop
from tests.core._pdf_read import outline


def test_sample_teams_with_one_objective_fit_on_one_page(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "sample.okr")
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    out = tmp_path / "sheets.pdf"
    report = export_booklet(data, out, workshop_name_for_footer=path.name)
    marks = outline(out)
    start = {title: page for _depth, title, page in marks}
    pages = [*sorted(start.values()), report.pages + 1]
    names = {data.units[u].name: u for u in sheet_units(data)}
    checked = 0
    for name, unit_id in names.items():
        objectives = data.objectives_of(unit_id)
        if len(objectives) != 1 or len(data.key_results_of(objectives[0].id)) > 4:
            continue
        first = start[name]
        following = next(p for p in pages if p > first)
        assert following - first == 1, f"{name}'s sheet takes {following - first} pages"
        checked += 1
    assert checked >= 5
