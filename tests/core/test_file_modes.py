"""Files are created with the user's umask applied, not private by accident.

A colleague on the same machine, or a shared folder, can read a workshop or a
handout when the user's umask lets them (as with any other file the user
makes); a stricter umask is respected; Save As over a file keeps its mode.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.cli import main
from okr_studio.lock import lock_path
from okr_studio.pdf import export_booklet, export_per_team
from okr_studio.rescue import write_snapshot
from okr_studio.store import Workshop


@pytest.fixture
def umask() -> Iterator[object]:
    old = os.umask(0o022)

    def set_umask(value: int) -> None:
        os.umask(value)

    try:
        yield set_umask
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def filled(path: Path) -> Workshop:
    ws = Workshop.create(path, name="Modes", cycle="2027 Q1")
    company = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
    team = services.add_unit(ws, "Team", "team", company).subject[1]  # type: ignore[index]
    services.add_objective(ws, team, "Grow")
    return ws


def test_workshops_pdfs_and_locks_follow_the_umask(tmp_path: Path, umask) -> None:  # type: ignore[no-untyped-def]
    with filled(tmp_path / "w.okr") as ws:
        assert mode(tmp_path / "w.okr") == 0o644
        assert mode(lock_path(tmp_path / "w.okr")) == 0o644
        data = ws.snapshot()
        copy = ws.save_as(tmp_path / "copy.okr")
    with copy:
        assert mode(tmp_path / "copy.okr") == 0o644
    export_booklet(data, tmp_path / "sheets.pdf", workshop_name_for_footer="w.okr")
    assert mode(tmp_path / "sheets.pdf") == 0o644
    (tmp_path / "teams").mkdir()
    report = export_per_team(data, tmp_path / "teams", workshop_name_for_footer="w.okr")
    assert [mode(p) for p in report.files] == [0o644]
    write_snapshot(data, tmp_path / "rescued.okr").close()
    assert mode(tmp_path / "rescued.okr") == 0o644
    assert main(["sample", str(tmp_path / "sample.okr")]) == 0
    assert mode(tmp_path / "sample.okr") == 0o644

    umask(0o077)  # a user who wants private files gets them
    with filled(tmp_path / "private.okr"):
        assert mode(tmp_path / "private.okr") == 0o600
    export_booklet(data, tmp_path / "private.pdf", workshop_name_for_footer="w.okr")
    assert mode(tmp_path / "private.pdf") == 0o600


def test_save_as_over_a_file_keeps_its_mode(tmp_path: Path, umask) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "shared.okr"
    target.write_bytes(b"an older file the facilitator replaces")
    target.chmod(0o664)
    with filled(tmp_path / "w.okr") as ws:
        new = ws.save_as(target)
    with new:
        assert mode(target) == 0o664
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(b"%PDF an older export")
    pdf.chmod(0o640)
    with Workshop.open(target, read_only=True) as ws:
        export_booklet(ws.snapshot(), pdf, workshop_name_for_footer="shared.okr")
    assert mode(pdf) == 0o640
    assert main(["sample", "--force", str(target)]) == 0
    assert mode(target) == 0o664
