"""A file that cannot be imported is refused with a dialog naming it; nothing changes."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from tests.ui.import_build import write
from tests.ui.shell_build import rows, small


def _zip_bomb(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row>" + b" " * (30 << 20))
    return path


def _damaged_xlsx(tmp_path):  # type: ignore[no-untyped-def]
    from okr_studio.exchange import export_file
    from okr_studio.store import Workshop

    with Workshop.open(small(tmp_path / "source.okr"), read_only=True) as ws:
        export_file(ws.snapshot(), tmp_path / "whole.xlsx")
    raw = (tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(raw[: len(raw) // 2])
    return path


def _newer_json(tmp_path):  # type: ignore[no-untyped-def]
    document = {"format": "okr-studio-workshop", "version": 99, "workshop": {}, "units": []}
    return write(tmp_path, "future.json", json.dumps(document))


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: write(tmp, "plan.xlsx", "Type,Title\nObjective,Grow\n"), "is not an Excel"),
        (lambda tmp: shutil.copy(small(tmp / "other.okr"), tmp / "teams.csv"), "a database"),
        (lambda tmp: write(tmp, "empty.csv", ""), "empty"),
        (_zip_bomb, "zip bomb"),
        (_damaged_xlsx, "damaged"),
        (_newer_json, "newer"),
        (lambda tmp: write(tmp, "broken.json", '{"format": "okr-studio-workshop", '), "JSON"),
    ],
    ids=[
        "text named xlsx",
        "workshop named csv",
        "empty",
        "zip bomb",
        "damaged xlsx",
        "newer json",
        "damaged json",
    ],
)
def test_a_bad_file_is_refused_and_the_workshop_is_unchanged(window, answers, tmp_path, make, says):
    path = small(tmp_path / "w.okr")
    window.open_path(path)
    bad = make(tmp_path)
    before = rows(path, "SELECT count(*) FROM unit"), rows(path, "SELECT count(*) FROM objective")
    answers.add("ask_import_path", bad)
    answers.add("show_error", None)
    window.acts.import_file.trigger()
    [message] = answers.texts("show_error")
    assert f"“{bad.name}”" in message and says in message
    assert (rows(path, "SELECT count(*) FROM unit"),
            rows(path, "SELECT count(*) FROM objective")) == before  # fmt: skip
    assert not window.document.undo_stack.canUndo()
