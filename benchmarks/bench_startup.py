"""Start-up time: from launching ``okr-studio`` to its first painted window.

Each run starts a fresh process on the offscreen platform with
``OKR_STUDIO_QUIT_AFTER_FIRST_PAINT=1``; the app prints a wall-clock stamp at
its first paint and quits. Next to it, in the same run and interleaved, a bare
PySide6 window that paints once is timed the same way, so the ratio says what
OKR Studio adds on top of Qt itself on this machine.

    uv run python benchmarks/bench_startup.py [--runs 7]

Prints the median and spread of each, and their ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel

app = QApplication(sys.argv[:1])
win = QMainWindow()
win.setCentralWidget(QLabel("hello"))
win.resize(1400, 900)

class Watch(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print(f"okr-studio first paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

w = Watch()
win.installEventFilter(w)
win.show()
sys.exit(app.exec())
"""


def _command() -> list[str]:
    script = Path(sys.executable).with_name("okr-studio")
    if script.exists():
        return [str(script)]
    found = shutil.which("okr-studio")
    return [found] if found else [sys.executable, "-m", "okr_studio"]


def _time(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the first paint, seconds to the process exit)."""
    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    end = time.time()
    for line in proc.stdout.splitlines():
        if line.startswith("okr-studio first paint "):
            return float(line.rsplit(" ", 1)[1]) - start, end - start
    raise RuntimeError(f"{cmd} never painted (exit {proc.returncode}):\n{proc.stderr[-2000:]}")


def _summary(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return (
        f"{name:<34} median {statistics.median(ms):7.0f} ms   (min {ms[0]:.0f}, max {ms[-1]:.0f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            OKR_STUDIO_QUIT_AFTER_FIRST_PAINT="1",
            XDG_CONFIG_HOME=str(Path(tmp) / "config"),
            XDG_DATA_HOME=str(Path(tmp) / "data"),
            HOME=tmp,
        )
        sample = Path(tmp) / "sample.okr"
        from okr_studio.sample import write_sample

        write_sample(sample)
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE)
        app = _command()
        cases = {
            "bare PySide6 window": [sys.executable, str(bare_script)],
            "okr-studio (welcome page)": app,
            "okr-studio sample.okr": [*app, str(sample)],
        }
        # One warm-up of each (file-system caches), then interleaved runs.
        for cmd in cases.values():
            _time(cmd, env)
        paint: dict[str, list[float]] = {k: [] for k in cases}
        total: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(args.runs):
            for name, cmd in cases.items():
                p, t = _time(cmd, env)
                paint[name].append(p)
                total[name].append(t)

    print(f"Start-up to first paint, {args.runs} runs each, offscreen, interleaved")
    print(f"command: {' '.join(app)}")
    for name in cases:
        print(_summary(name, paint[name]))
    bare = statistics.median(paint["bare PySide6 window"])
    for name in list(cases)[1:]:
        print(f"ratio {name} / bare PySide6: {statistics.median(paint[name]) / bare:.2f}")
    print("(process start to exit, for reference:)")
    for name in cases:
        print(_summary("  " + name, total[name]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
