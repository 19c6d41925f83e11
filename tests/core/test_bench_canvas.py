"""benchmarks/bench_canvas.py measures a copy of a file it is given, never the file itself."""

from __future__ import annotations

import hashlib
import importlib.util
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from okr_studio.sample import write_sample

ROOT = Path(__file__).resolve().parents[2]


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "bench_canvas", ROOT / "benchmarks" / "bench_canvas.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_file_given_is_measured_on_a_copy(tmp_path: Path, monkeypatch, capsys) -> None:
    bench = _bench()
    original = write_sample(tmp_path / "mine.okr")
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    measured: list[Path] = []

    def fake_run(args, **_kw):  # type: ignore[no-untyped-def]
        path = Path(args[-1])
        measured.append(path)
        assert path.exists() and path != original
        con = sqlite3.connect(path)
        try:  # the copy is the same workshop, and the benchmark edits it
            assert con.execute("SELECT count(*) FROM objective").fetchone()[0] > 0
            con.execute("UPDATE key_result SET title = title || 'X'")
            con.commit()
        finally:
            con.close()
        opening = 100.0 * len(measured)  # 100, 200, 300 ms
        figures = {"cards": 1.0, "open + paint fitted": opening}
        figures["open + paint fitted, CPU time"] = opening
        return SimpleNamespace(stdout=f"{figures!r}\n")

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setattr(sys, "argv", ["bench_canvas.py", str(original)])
    bench.main()
    # Measured once whole, then opened twice more: each time on a fresh copy of its own.
    assert len(measured) == bench.OPENS == 3 and len(set(measured)) == 3
    assert all(path.parent != original.parent for path in measured)
    assert hashlib.sha256(original.read_bytes()).hexdigest() == digest
    out = capsys.readouterr().out
    assert "mine.okr" in out
    rows = {line[:44].strip(): line[44:].split() for line in out.splitlines()}
    assert rows["open + paint fitted"][:2] == ["200.0", "ms"]  # the median of the three
    assert rows["open + paint fitted, fastest"][:2] == ["100.0", "ms"]
    assert rows["open + paint fitted, slowest"][:2] == ["300.0", "ms"]
    assert rows["openings"][0] == "3"


def test_the_copy_refuses_a_file_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError):
        _bench().copy_of(tmp_path / "missing.okr", tmp_path)
