"""Opening a workshop and reading it needs only sqlite3; SQLAlchemy loads with the first write.

Start-up time: the app paints an opened file before SQLAlchemy is imported. The
workshop keeps one connection; reads use it directly, and the engine that
writes go through is made around that same connection on first use.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from okr_studio import services
from okr_studio.sample import write_sample
from okr_studio.store import Workshop

SCRIPT = """
import sys
from okr_studio.store import Workshop
from okr_studio import services
ws = Workshop.open(sys.argv[1])
data = ws.snapshot()
ws.data_version()
ws.check_reachable()
print("units", len(data.units), "sqlalchemy" in sys.modules)
services.rename_unit(ws, min(data.units), "Renamed")
print("renamed", ws.snapshot().units[min(data.units)].name, "sqlalchemy" in sys.modules)
ws.close()
"""


def test_reading_does_not_load_sqlalchemy_and_writing_still_works(tmp_path):
    path = write_sample(tmp_path / "s.okr")
    with Workshop.open(path) as ws:
        units = len(ws.snapshot().units)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == [f"units {units} False", "renamed Renamed True"]


def test_a_read_after_writes_sees_them_and_leaves_no_transaction_open(tmp_path):
    path = write_sample(tmp_path / "s.okr")
    with Workshop.open(path) as ws:
        unit = min(ws.snapshot().units)
        services.rename_unit(ws, unit, "First")
        assert ws.snapshot().units[unit].name == "First"
        services.rename_unit(ws, unit, "Second")  # the read ended its transaction
        assert ws.snapshot().units[unit].name == "Second"
    with Workshop.open(path, read_only=True) as ro:
        assert ro.snapshot().units[unit].name == "Second"
