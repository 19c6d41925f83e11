"""Start-up stays light: the first paint needs neither SQLAlchemy nor ReportLab.

The window (the welcome page, or a workshop given on the command line) is
painted before the heavy parts of the app are loaded: SQLAlchemy comes with the
first edit, ReportLab with the first PDF, the coach's language data with the
coach's first run right after the paint. Each case runs the real ``okr-studio``
entry point in a fresh process that quits after its first paint, then lists
which of those modules it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from okr_studio.sample import write_sample

HEAVY = ("sqlalchemy", "sqlmodel", "reportlab", "okr_studio.pdf", "okr_studio.coach.task_en")

DRIVER = """
import json, os, sys
from okr_studio.cli import main
status = main(sys.argv[1:])
heavy = json.loads(os.environ["HEAVY_MODULES"])
print("LOADED " + json.dumps(sorted(m for m in sys.modules if m in heavy)))
print("STATUS", status)
"""


def _first_paint(tmp_path: Path, *args: str) -> list[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        OKR_STUDIO_QUIT_AFTER_FIRST_PAINT="1",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        HEAVY_MODULES=json.dumps(HEAVY),
    )
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    lines = proc.stdout.splitlines()
    assert any(line.startswith("okr-studio first paint ") for line in lines), proc.stderr[-2000:]
    assert "STATUS 0" in lines, proc.stdout + proc.stderr[-2000:]
    loaded = next(line for line in lines if line.startswith("LOADED "))
    return json.loads(loaded.removeprefix("LOADED "))


def test_welcome_page_paints_without_the_heavy_modules(tmp_path):
    loaded = _first_paint(tmp_path)
    assert loaded == []


def test_a_workshop_paints_without_the_heavy_modules(tmp_path):
    path = write_sample(tmp_path / "sample.okr")
    loaded = _first_paint(tmp_path, str(path))
    assert loaded == []
