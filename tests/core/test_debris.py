"""What a copy killed during Save As leaves behind is cleaned up at the next open or save.

The hidden ``.~NAME.okr.*.tmp`` and ``.tmp-journal`` files of a copy that was
killed, and the lock it took for a file it never finished, go at the next
open or save in that folder; a live copy's temporary files stay.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from okr_studio import services
from okr_studio.store import Workshop
from tests.core.store_helpers import ROOT, folder_listing

KILLED_DURING_SAVE_AS = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from okr_studio import files
    from okr_studio.store import Workshop

    def verify_then_die(conn):
        # Killed in the middle of writing the copy: a temporary file and its hot journal.
        conn.execute("PRAGMA cache_size=1")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE unit SET name = hex(randomblob(2000))")
        os.kill(os.getpid(), signal.SIGKILL)

    files._verify = verify_then_die
    ws = Workshop.open(sys.argv[1])
    ws.save_as(Path(sys.argv[1]).with_name("copy.okr"))
    """
)


def make(path: Path, units: int = 20) -> Path:
    with Workshop.create(path, name="Debris", cycle="2027 Q1") as ws:
        for i in range(units):
            services.add_unit(ws, f"Unit {i} " + "x" * 200)
    return path


def test_debris_of_a_save_as_cut_off_by_a_kill_goes_at_the_next_open(tmp_path: Path) -> None:
    path = make(tmp_path / "w.okr")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_DURING_SAVE_AS, str(path)], cwd=ROOT, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    left = folder_listing(tmp_path)
    assert any(n.startswith(".~copy.okr.") and n.endswith(".tmp") for n in left), left
    assert any(n.endswith(".tmp-journal") for n in left), left
    assert ".~copy.okr.lock" in left  # the lock of a copy that never appeared
    with Workshop.open(path) as ws:
        assert len(ws.snapshot().units) == 20
    assert folder_listing(tmp_path) == ["w.okr"]


SAVING_FOREVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from okr_studio.store import Workshop
    folder = Path(sys.argv[1])
    ws = Workshop.open(folder / "a.okr")
    print("open", flush=True)
    names = ["a.okr", "b.okr"]
    i = 0
    while True:
        i += 1
        ws = ws.save_as(folder / names[i % 2])
    """
)


def test_random_kills_during_save_as_leave_nothing_after_the_next_open(tmp_path: Path) -> None:
    make(tmp_path / "a.okr", units=200)
    rng = random.Random(11)
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", SAVING_FOREVER, str(tmp_path)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        time.sleep(rng.uniform(0.05, 0.5))
        proc.kill()
        proc.wait()
        proc.stdout.close()
        for name in ("a.okr", "b.okr"):
            if (tmp_path / name).exists():
                with Workshop.open(tmp_path / name) as ws:
                    assert len(ws.snapshot().units) == 200
        assert folder_listing(tmp_path) in (["a.okr"], ["a.okr", "b.okr"])
