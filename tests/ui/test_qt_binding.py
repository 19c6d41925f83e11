"""The installed Qt binding must not lose references to None (docs/architecture.md, "Traps…").

PySide6 6.12.0 on Python 3.11 takes one reference off None on every call of a
void Qt method and the interpreter aborts after a few thousand calls. The first
test runs the start-up probe in a fresh process with many calls: on a broken
binding it reports the loss, or the process dies, and the test fails either way.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from ui import app, qt_check

CALLS = 5000


def test_the_installed_binding_does_not_leak_none_references():
    proc = subprocess.run(
        [sys.executable, "-m", "ui.qt_check", str(CALLS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"the probe process died: {proc.returncode}\n{proc.stderr}"
    lost, calls, pyside, python = proc.stdout.split()
    assert int(calls) == CALLS
    assert abs(int(lost)) <= 5, (
        f"PySide6 {pyside} on Python {python} lost {lost} references to None in {CALLS} "
        "calls: this binding crashes the app; install one named in pyproject.toml"
    )


def test_the_startup_probe_passes_here():
    result = qt_check.measure_none_leak(qt_check.STARTUP_CALLS)
    assert not result.broken
    assert qt_check.check_binding() is None


def _broken(calls: int = qt_check.STARTUP_CALLS) -> qt_check.ProbeResult:
    return qt_check.ProbeResult(
        calls=calls, lost=calls, pyside_version="6.12.0", python_version="3.11.7"
    )


def test_a_leaking_binding_is_refused_at_startup_with_a_clear_message(monkeypatch, capsys):
    monkeypatch.setattr(qt_check, "needs_probe", lambda: True)
    monkeypatch.setattr(qt_check, "measure_none_leak", _broken)
    status = app.run_app(None)
    assert status == app.EXIT_BROKEN_BINDING
    err = capsys.readouterr().err
    assert "OKR Studio cannot start safely" in err
    assert "PySide6 6.12.0" in err
    assert "Python 3.11.7" in err
    assert "pyside6>=6.8,<6.12" in err  # what to install instead
    assert qt_check.KNOWN_GOOD in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("lost", "broken"),
    [(0, False), (1, False), (-3, False), (99, False), (100, True), (200, True)],
)
def test_what_counts_as_broken(lost, broken):
    result = qt_check.ProbeResult(200, lost, "x", "3.11")
    assert result.broken is broken


def test_python_312_and_later_need_no_probe(monkeypatch):
    monkeypatch.setattr(qt_check.sys, "version_info", (3, 12, 0))
    assert not qt_check.needs_probe()
    assert qt_check.check_binding() is None
