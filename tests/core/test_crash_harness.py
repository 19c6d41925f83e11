"""Kill a process that is editing a workshop, many times, and check nothing is lost.

A worker (crash_worker.py) applies a seeded random stream of service edits and
undo/redo to one workshop and reports each commit with a digest of the whole
workshop. We SIGKILL it at a random moment (counted from the moment it opened
the workshop, so a slow machine still kills among the edits; one kill in
seven during the open itself), reopen the file through
``Workshop.open`` and check: integrity_check and foreign_key_check clean, the
state is the last reported one, or the one after exactly one more step (the
kill fell between the commit and the report; we learn that state by
replaying the stream on a copy), and no side file is left once it is closed.

Kills run in batches of 50 on one file each, continuing on the same file after
each kill, so later kills hit a larger file. ``--crash-kills N`` sets the total
(default 200). Figures are printed (``pytest -s`` shows them), with the
verified calls of each service. The mix of service calls is
``crash_worker.MIX``: a new service joins the harness with one line there.
"""

from __future__ import annotations

import math
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from okr_studio.errors import WorkshopLockedError
from okr_studio.lock import lock_path
from okr_studio.store import Workshop
from tests.core import crash_worker

WORKER = Path(crash_worker.__file__)
BATCH = 50
NAME = "crash test.okr"


class Lines:
    """Read lines from a pipe with a deadline."""

    def __init__(self, stream: object) -> None:
        self.fd = stream.fileno()  # type: ignore[attr-defined]
        self.buf = b""

    def next(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the worker said nothing in time")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    raise EOFError("the worker's output ended")
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8")


@dataclass
class Report:
    """What one killed worker said."""

    pid: int = 0
    start: str | None = None
    begun: dict[int, str] = field(default_factory=dict)
    done: list[tuple[int, str, str, str]] = field(default_factory=list)  # i, status, digest, label
    bugs: list[str] = field(default_factory=list)
    exit_code: int | None = None

    def feed(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        if word == "PID":
            self.pid = int(rest)
        elif word == "START":
            self.start = rest
        elif word == "BEGIN":
            i, _, op = rest.partition(" ")
            self.begun[int(i)] = op
        elif word == "DONE":
            i, status, dig, label = [*rest.split(" ", 3), ""][:4]
            self.done.append((int(i), status, dig, label))
        elif word == "BUG":
            self.bugs.append(rest)
        elif word == "EXIT":
            self.exit_code = int(rest)


@dataclass
class Figures:
    kills: int = 0
    killed_before_open: int = 0
    killed_while_locking: int = 0
    killed_between_commit_and_report: int = 0
    edits_verified: int = 0
    refused_edits: int = 0
    lost: int = 0
    largest_file: int = 0
    next_cycles: int = 0
    next_cycle_debris: int = 0
    ops: Counter = field(default_factory=Counter)

    def add(self, other: Figures) -> None:
        for name in (
            "kills",
            "killed_before_open",
            "killed_while_locking",
            "killed_between_commit_and_report",
            "edits_verified",
            "refused_edits",
            "lost",
            "next_cycles",
            "next_cycle_debris",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.largest_file = max(self.largest_file, other.largest_file)
        self.ops.update(other.ops)

    def summary(self) -> str:
        undo_redo = self.ops["undo"] + self.ops["redo"]
        return (
            f"kills={self.kills} edits_verified={self.edits_verified} "
            f"(undo/redo {undo_redo}) edits_lost={self.lost} "
            f"refused_edits={self.refused_edits} killed_before_open={self.killed_before_open} "
            f"empty_locks_left={self.killed_while_locking} "
            f"killed_between_commit_and_report={self.killed_between_commit_and_report} "
            f"largest_file={self.largest_file} bytes next_cycle_files_whole={self.next_cycles} "
            f"(temporary files left by kills, for the next write to remove: "
            f"{self.next_cycle_debris})"
        )


def reopen(path: Path) -> tuple[list[str], list[tuple], str]:
    """Open through the store: integrity_check rows, foreign_key_check rows, digest."""
    with Workshop.open(path) as ws:
        with ws.read() as conn:
            integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            foreign = [tuple(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
        state = crash_worker.digest(ws.snapshot())
    return integrity, foreign, state


def _describe(file: Path) -> str:
    try:
        with file.open("rb") as f:
            return f"{file.stat().st_size} bytes starting {f.read(8).hex()}"
    except FileNotFoundError:
        return "none"


class Harness:
    """One workshop file, killed again and again; checks after each kill."""

    def __init__(self, folder: Path) -> None:
        self.work = folder / "work"
        self.spare = folder / "replay"
        self.work.mkdir()
        self.spare.mkdir()
        self.path = self.work / NAME
        Workshop.create(self.path, name="Crash test", cycle="2027 Q1").close()
        self.state = reopen(self.path)[2]
        self.figures = Figures()
        self.failures: list[str] = []
        #: Side files still there after the reopened workshop was closed.
        self.leftovers: list[str] = []
        self.seen_next: set[str] = set()

    def before_run(self) -> None:
        shutil.copyfile(self.path, self.spare / "base.okr")
        # The hand-outs' folder as this run starts: the killed worker may write to it
        # (hand-outs, merges), and a replay must start from the same folder it did.
        shutil.rmtree(self.spare / "breakouts-before", ignore_errors=True)
        handed = crash_worker.breakout_folder(self.path)
        if handed.exists():
            shutil.copytree(handed, self.spare / "breakouts-before")

    def _replay(self, seed: int, steps: int) -> list[str]:
        """The digests of the run's stream replayed from the file and the hand-outs'
        folder it started from (a copy: the replay writes to it too)."""
        folder = self.spare / "breakouts-replay"
        shutil.rmtree(folder, ignore_errors=True)
        if (self.spare / "breakouts-before").exists():
            shutil.copytree(self.spare / "breakouts-before", folder)
        return crash_worker.replay(self.spare / "base.okr", seed, steps, folder)

    def check(self, seed: int, report: Report, stderr: str = "") -> None:
        """Verify the file after one kill and move on to its new state."""
        f = self.figures
        f.kills += 1
        where = f"kill {f.kills} (seed {seed})"
        if report.bugs:
            self.failures.append(f"{where}: the worker hit a bug: {report.bugs}")
        if report.exit_code != -signal.SIGKILL:
            self.failures.append(f"{where}: worker exit {report.exit_code}, not killed\n{stderr}")
        if report.start is None:
            f.killed_before_open += 1
        elif report.start != self.state:
            self.failures.append(f"{where}: opening changed the workshop before any edit")
        journal = self.work / f"{NAME}-journal"
        before = _describe(journal)
        try:
            try:
                integrity, foreign, state = reopen(self.path)
            except WorkshopLockedError:
                # The lock appears whole (written aside, then hard-linked into place):
                # a kill must never leave an empty one that blocks the file.
                lock = lock_path(self.path)
                if lock.stat().st_size:
                    raise
                f.killed_while_locking += 1
                self.failures.append(f"{where}: an empty lock file was left behind")
                old = time.time() - 3600
                os.utime(lock, (old, old))
                integrity, foreign, state = reopen(self.path)
        except Exception as exc:
            self.failures.append(f"{where}: reopening failed: {type(exc).__name__}: {exc}")
            f.lost += 1
            return
        if integrity != ["ok"]:
            self.failures.append(f"{where}: integrity_check says {integrity[:5]}")
        if foreign:
            self.failures.append(f"{where}: foreign_key_check says {foreign[:5]}")
        left = sorted(os.listdir(self.work))
        if left != [NAME]:
            self.leftovers.append(
                f"{where}: files left beside the closed workshop: {left} "
                f"(journal before reopening: {before}; after closing: {_describe(journal)})"
            )
        f.largest_file = max(f.largest_file, self.path.stat().st_size)
        self.check_next_cycles(where)

        last = report.done[-1][2] if report.done else (report.start or self.state)
        n = report.done[-1][0] if report.done else 0
        if state != last:
            if n + 1 in report.begun:
                digests = self._replay(seed, n + 1)
                if digests[n] != last:
                    self.failures.append(f"{where}: the stream does not replay the same")
                if state == digests[n + 1]:
                    f.killed_between_commit_and_report += 1
                    report.done.append((n + 1, "changed", state, report.begun[n + 1]))
                else:
                    f.lost += 1
                    self.failures.append(
                        f"{where}: after step {n} the file is neither the state reported "
                        f"after step {n} nor the one after step {n + 1} "
                        f"({report.begun[n + 1]!r}): something was lost or half-applied"
                    )
            else:
                f.lost += 1
                self.failures.append(f"{where}: the file does not hold step {n} as reported")
        for i, status, _dig, _label in report.done:
            if status == "changed":
                f.edits_verified += 1
                f.ops[report.begun.get(i, "?")] += 1
            elif status == "refused":
                f.refused_edits += 1
        self.state = state

    def check_next_cycles(self, where: str) -> None:
        """Every next-cycle file written so far is a whole workshop (written in one go),
        whenever the kill came; a kill mid-write leaves at most a hidden temporary file,
        which the next write in that folder removes."""
        folder = self.work.parent / crash_worker.NEXT_FOLDER
        if not folder.is_dir():
            return
        for name in sorted(os.listdir(folder)):
            if name.startswith(".~"):
                if name not in self.seen_next:
                    self.seen_next.add(name)
                    self.figures.next_cycle_debris += 1
                continue
            if name in self.seen_next:
                continue
            self.seen_next.add(name)
            try:
                integrity, foreign, _state = reopen(folder / name)
                with Workshop.open(folder / name, read_only=True) as ws:
                    notes = ws.snapshot().info.notes
            except Exception as exc:
                self.failures.append(f"{where}: next cycle {name} unreadable: {exc}")
                continue
            if integrity != ["ok"] or foreign or not notes.startswith("Carried over"):
                self.failures.append(f"{where}: next cycle {name} is not whole")
            self.figures.next_cycles += 1


class ForkServer:
    """The worker's fork server: one interpreter start, one cheap fork per kill."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self._err = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._err,
        )
        self.lines = Lines(self.proc.stdout)
        assert self.lines.next(60) == "READY"

    def kill_once(self, path: Path, seed: int, delay: float, *, during_open: bool) -> Report:
        """Run a worker and SIGKILL it ``delay`` seconds after it started (``during_open``)
        or after it opened the workshop (so a slow machine still kills among the edits)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"run {seed} {path}\n".encode())
        self.proc.stdin.flush()
        report = Report()
        report.feed(self.lines.next())
        if not during_open:
            report.feed(self.lines.next())  # START, or EXIT if it could not open
        time.sleep(delay)
        try:
            os.kill(report.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it had already stopped; the EXIT line says why
        while report.exit_code is None:
            report.feed(self.lines.next())
        return report

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._err.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "kill_batch" in metafunc.fixturenames:
        total = max(1, metafunc.config.getoption("--crash-kills"))
        batches = [
            (i * BATCH, min(BATCH, total - i * BATCH)) for i in range(math.ceil(total / BATCH))
        ]
        metafunc.parametrize(
            "kill_batch", batches, ids=[f"kills{a + 1}-{a + n}" for a, n in batches]
        )


@pytest.fixture(scope="module")
def totals() -> Iterator[Figures]:
    figures = Figures()
    yield figures
    print(f"\ncrash harness total: {figures.summary()}")
    mix = ", ".join(f"{op} {n}" for op, n in figures.ops.most_common())
    print(f"crash harness, verified calls by service: {mix}")


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkServer]:
    server = ForkServer(tmp_path_factory.mktemp("fork-server") / "stderr.txt")
    yield server
    server.close()


def test_killed_worker_loses_nothing(
    kill_batch: tuple[int, int], fork_server: ForkServer, totals: Figures, tmp_path: Path
) -> None:
    first, count = kill_batch
    rng = random.Random(1000 + first)
    harness = Harness(tmp_path)
    for _ in range(count):
        seed = rng.randrange(2**31)
        # Mostly while edits stream; sometimes at once, during the open itself.
        during_open = rng.random() < 0.15
        delay = rng.uniform(0, 0.03) if during_open else rng.uniform(0, 0.2)
        harness.before_run()
        report = fork_server.kill_once(harness.path, seed, delay, during_open=during_open)
        harness.check(seed, report, fork_server.stderr())
        if len(harness.failures) > 5:
            break
    totals.add(harness.figures)
    print(f"\ncrash harness, kills {first + 1}-{first + count}: {harness.figures.summary()}")
    assert not harness.failures, "\n".join(harness.failures)
    assert harness.figures.lost == 0
    assert harness.figures.kills == count
    # The kills must actually land among the edits, or this proves nothing.
    assert harness.figures.edits_verified >= count
    assert not harness.leftovers, "\n".join(harness.leftovers)


def test_killed_fresh_interpreter_loses_nothing(tmp_path: Path) -> None:
    """The same check with a worker started the ordinary way (no fork server)."""
    harness = Harness(tmp_path)
    rng = random.Random(7)
    for _ in range(3):
        seed = rng.randrange(2**31)
        harness.before_run()
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), "run", str(harness.path), str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        lines = Lines(proc.stdout)
        report = Report()
        wanted = rng.randint(1, 30)
        while len(report.done) < wanted and not report.bugs:
            report.feed(lines.next(60))
        time.sleep(rng.uniform(0, 0.02))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        report.exit_code = proc.returncode
        rest = lines.buf + proc.stdout.read()  # type: ignore[union-attr]
        for line in rest.decode("utf-8", "replace").splitlines():
            report.feed(line)
        harness.check(seed, report, proc.stderr.read().decode(errors="replace"))  # type: ignore[union-attr]
    print(f"\ncrash harness, fresh interpreters: {harness.figures.summary()}")
    assert not harness.failures, "\n".join(harness.failures)
    assert harness.figures.edits_verified >= 3
    assert not harness.leftovers, "\n".join(harness.leftovers)
