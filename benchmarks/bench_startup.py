"""Start-up time: from launching ``okr-studio`` to its first painted window.

Each run starts a fresh process on the offscreen platform with
``OKR_STUDIO_QUIT_AFTER_FIRST_PAINT=1``; the app prints a wall-clock stamp and the
CPU time it has used at its first paint, and quits. Next to it, in the same run
and interleaved, a bare PySide6 window that paints once is timed the same way, so
the ratio says what OKR Studio adds on top of Qt itself on this machine.

    uv run python benchmarks/bench_startup.py [--runs 15] [--instructions 3]

Prints the median and spread of each, and their ratios: of the medians, and the
median of the ratios within each round (a round runs the three cases back to back,
in turn order, so a machine busy with other work weighs on all of them alike). The
CPU time to the first paint is the steadiest figure on a shared machine.

Bytecode is compiled first (``compileall`` of the app and its environment), as an
installed app has it: this machine sets PYTHONDONTWRITEBYTECODE, and compiling
every module at each start would double the figures.

With ``--instructions N`` (and valgrind installed) each case also runs N times under
valgrind's callgrind, ending at its first paint, and the fewest instructions each
ran are printed: a count that other work on the machine does not change (timers
that come due while valgrind slows the process can add some, hence the fewest).
It weighs every instruction alike, so its ratios run higher than the times'.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

BARE = r"""
import os, sys, time
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
            print(f"okr-studio first paint {time.time():.6f} cpu {time.process_time():.6f}",
                  flush=True)
            if os.environ.get("BENCH_EXIT_AT_PAINT") == "1":
                os._exit(0)
            QTimer.singleShot(0, app.quit)
        return False

w = Watch()
win.installEventFilter(w)
win.show()
sys.exit(app.exec())
"""


#: The app, ending right at its first paint (for --instructions).
APP_EXIT_AT_PAINT = r"""
import os, sys
import ui.app

quit_after_paint = ui.app._quit_after_first_paint

def exit_at_first_paint(app, window):
    from PySide6.QtCore import QEvent, QObject

    class Exit(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                sys.stdout.flush()
                os._exit(0)
            return False

    window.installEventFilter(Exit(window))
    return quit_after_paint(app, window)

ui.app._quit_after_first_paint = exit_at_first_paint
from okr_studio.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _command() -> list[str]:
    script = Path(sys.executable).with_name("okr-studio")
    if script.exists():
        return [str(script)]
    found = shutil.which("okr-studio")
    return [found] if found else [sys.executable, "-m", "okr_studio"]


class Run(NamedTuple):
    paint: float  # seconds from launch to the first paint (wall clock)
    cpu: float  # CPU seconds the process had used at its first paint
    total: float  # seconds from launch to the process exit


def _time(cmd: list[str], env: dict[str, str]) -> Run:
    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    end = time.time()
    for line in proc.stdout.splitlines():
        if line.startswith("okr-studio first paint "):
            words = line.split()  # okr-studio first paint WALL [cpu CPU]
            cpu = float(words[5]) if len(words) > 5 and words[4] == "cpu" else float("nan")
            return Run(float(words[3]) - start, cpu, end - start)
    raise RuntimeError(f"{cmd} never painted (exit {proc.returncode}):\n{proc.stderr[-2000:]}")


def _summary(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return (
        f"{name:<34} median {statistics.median(ms):7.0f} ms   (min {ms[0]:.0f}, max {ms[-1]:.0f})"
    )


def _compile() -> None:
    """Write the bytecode an installed app has (quietly; quick when it is up to date)."""
    root = Path(__file__).resolve().parents[1]
    for folder in (root / "okr_studio", root / "ui", Path(sysconfig.get_paths()["purelib"])):
        compileall.compile_dir(folder, quiet=2, workers=1)


def _instructions(cmd: list[str], env: dict[str, str], runs: int) -> int:
    """The fewest instructions ``cmd`` ran to its first paint, of ``runs`` runs."""
    counts = []
    for _ in range(runs):
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
            env=dict(env, BENCH_EXIT_AT_PAINT="1", PYTHONHASHSEED="0"),
            capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        found = re.search(r"Collected : (\d+)", proc.stderr)
        if found is None:
            raise RuntimeError(f"valgrind counted nothing for {cmd}:\n{proc.stderr[-2000:]}")
        counts.append(int(found.group(1)))
    return min(counts)


def _print_instructions(cases: dict[str, list[str]], env: dict[str, str], runs: int) -> None:
    print(f"Instructions to the first paint (valgrind callgrind, fewest of {runs}):")
    counts = {name: _instructions(cmd, env, runs) for name, cmd in cases.items()}
    bare = counts["bare PySide6 window"]
    for name, count in counts.items():
        print(f"  {name:<32} {count / 1e6:8.0f} M   ({count / bare:.2f} x bare)")


def _ratios(runs: dict[str, list[Run]], field: str, what: str) -> None:
    bare_name, *others = runs
    bare = [getattr(r, field) for r in runs[bare_name]]
    for name in others:
        values = [getattr(r, field) for r in runs[name]]
        of_medians = statistics.median(values) / statistics.median(bare)
        paired = sorted(v / b for v, b in zip(values, bare, strict=True))
        print(
            f"ratio {name} / bare PySide6 ({what}): {of_medians:.2f}"
            f"   (median of rounds {statistics.median(paired):.2f},"
            f" quartiles {_quartiles(paired)})"
        )


def _quartiles(values: list[float]) -> str:
    if len(values) < 4:
        return "-"
    q1, _q2, q3 = statistics.quantiles(values, n=4)
    return f"{q1:.2f}–{q3:.2f}"


def _report(cases: dict[str, list[str]], runs: dict[str, list[Run]], app: list[str]) -> None:
    print(f"Start-up to first paint, {len(runs[next(iter(runs))])} rounds, offscreen, "
          "bytecode compiled")  # fmt: skip
    print(f"command: {' '.join(app)}")
    for name in cases:
        print(_summary(name, [r.paint for r in runs[name]]))
    _ratios(runs, "paint", "wall clock")
    print("CPU time used by the first paint:")
    for name in cases:
        print(_summary("  " + name, [r.cpu for r in runs[name]]))
    _ratios(runs, "cpu", "CPU time")
    print("(process start to exit, for reference:)")
    for name in cases:
        print(_summary("  " + name, [r.total for r in runs[name]]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--instructions", type=int, default=0, metavar="N",
                        help="also count instructions under valgrind, N runs each")  # fmt: skip
    args = parser.parse_args()
    _compile()

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
        # One warm-up of each (file-system caches), then rounds of all three in turn.
        for cmd in cases.values():
            _time(cmd, env)
        runs: dict[str, list[Run]] = {k: [] for k in cases}
        names = list(cases)
        for i in range(args.runs):
            for name in names[i % 3 :] + names[: i % 3]:  # each case first in turn
                runs[name].append(_time(cases[name], env))
        _report(cases, runs, app)
        if args.instructions and not shutil.which("valgrind"):
            print("(--instructions: valgrind is not installed)")
        elif args.instructions:
            at_paint = [sys.executable, "-c", APP_EXIT_AT_PAINT]
            counted = {**cases, "okr-studio (welcome page)": at_paint,
                       "okr-studio sample.okr": [*at_paint, str(sample)]}  # fmt: skip
            _print_instructions(counted, env, args.instructions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
