"""Presenter view on two screens: the cases in screens_cases.py, each in a process whose
Qt starts with several screens, on Qt's offscreen platform (three configured screens) and
on Xvfb (two monitors made with xrandr, one of them unplugged mid-workshop). With one
screen, presentation mode is the main window full screen, as before (tested here)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.wizard_build import build_workshop

ROOT = Path(__file__).resolve().parents[2]
CASES = "tests/ui/screens_cases.py"
SCREENS = {
    "screens": [
        {"name": "Laptop", "x": 0, "y": 0, "width": 1440, "height": 900},
        {"name": "Projector", "x": 1440, "y": 0, "width": 1920, "height": 1080},
        {"name": "Side", "x": 3360, "y": 0, "width": 1280, "height": 1024},
    ]
}


def run_cases(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", CASES]
    full = {**os.environ, **env}
    return subprocess.run(command, cwd=ROOT, env=full, capture_output=True, text=True, timeout=600)


def passed(result: subprocess.CompletedProcess[str], least: int) -> None:
    tail = result.stdout[-4000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    summary = result.stdout.strip().splitlines()[-1]
    count = int(summary.split(" passed")[0].split()[-1]) if " passed" in summary else 0
    assert count >= least, tail


def test_presenter_view_on_offscreen_screens(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS))
    result = run_cases(
        {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "OKR_SCREENS": "offscreen"}
    )
    passed(result, 4)


def _free_display() -> int:
    number = 80
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return number


@pytest.fixture
def xvfb():  # type: ignore[no-untyped-def]
    """An X server 3360×1080 with the monitors Laptop (1440×900) and Projector
    (1920×1080), kept as they are between clients (-noreset)."""
    if not (shutil.which("Xvfb") and shutil.which("xrandr")):
        pytest.skip("Xvfb and xrandr are not installed (.ci/run installs them)")
    display = f":{_free_display()}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "3360x1080x24", "-noreset", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        deadline = time.monotonic() + 10
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        for name, geometry, output in (
            ("Laptop", "1440/380x900/240+0+0", "screen"),
            ("Projector", "1920/500x1080/280+1440+0", "none"),
        ):
            subprocess.run(
                ["xrandr", "-d", display, "--setmonitor", name, geometry, output],
                check=True,
                capture_output=True,
            )
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_presenter_view_on_xvfb_survives_unplugging(xvfb):
    result = run_cases(
        {"QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb, "OKR_SCREENS": "xvfb", "OKR_DISPLAY": xvfb}
    )
    passed(result, 4)
    assert "cannot unplug" not in result.stdout  # the unplugging case ran


def test_one_screen_presents_in_the_window_as_before(window, tmp_path):
    path = tmp_path / "one.okr"
    build_workshop(path)
    assert window.open_path(path)
    window.toggle_presentation()
    try:
        assert window.presenting and not window.room.presenter.active
        assert window.isFullScreen() and window.canvas.presenting
    finally:
        window.toggle_presentation()
    assert not window.presenting and not window.isFullScreen()
