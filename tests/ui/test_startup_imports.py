"""Start-up stays light: the first paint needs neither SQLAlchemy nor ReportLab.

The window (the welcome page, or a workshop given on the command line) is
painted before the heavy parts of the app are loaded: SQLAlchemy comes with the
first edit, ReportLab with the first PDF, the coach's language data with the
coach's first run right after the paint. The welcome page is painted before the
window's panels (outline, inspector, closing the loop, breakouts, the room), the
file choosers, the tick boxes' style, the core's number readers, the log file's
handler and Qt's whole ``Qt`` namespace are loaded: they follow right after it.
A workshop's first frame (its canvas painted, numbers written as an English locale
writes them) needs no Babel and no reader of typed lines either. Each case runs the
real ``okr-studio`` entry point in a fresh process that quits after its first paint,
and lists which of those modules were loaded when the window was first painted, and
when that first frame was done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from okr_studio.sample import write_sample

HEAVY = ("sqlalchemy", "sqlmodel", "reportlab", "okr_studio.pdf", "okr_studio.coach.task_en")
#: Not in a workshop's first frame either: the line reader of the in-place editor (with
#: its first use), Babel's number and date formats (the inspector's values, right after
#: the first paint; the cards' numbers in an English locale need none).
AFTER_PAINT = ("okr_studio.entry", "ui.entry_chips", "babel", "babel.numbers", "babel.dates")
#: Never on the way to a first paint: the cascade wizard, xml.sax (it brings urllib,
#: http and ssl) and hmac (with OpenSSL's library, for secrets' random names).
NEVER = ("ui.wizard.wizard", "okr_studio.exchange", "xml.sax.saxutils", "urllib.request", "hmac")
#: Loaded after the welcome page's first paint (a workshop's first paint needs them).
PANELS = (
    "ui.outline",
    "ui.inspector",
    "ui.review_inspector",
    "ui.review_mode",
    "ui.breakout_commands",
    "ui.room",
    "ui.document",
    "ui.prompts",
    "ui.ticks",
    "okr_studio.numbers",
    "logging.handlers",
)

DRIVER = """
import json, os, sys
import ui.app
from okr_studio.cli import main

watched = json.loads(os.environ["WATCHED_MODULES"])
seen = {}
quit_after_paint = ui.app._quit_after_first_paint

def snapshot_at_first_paint(app, window):
    from PySide6 import QtCore
    from PySide6.QtCore import QEvent, QObject, QTimer

    def loaded():
        return sorted(m for m in sys.modules if m in watched)

    class Snapshot(QObject):
        def eventFilter(self, obj, event):
            if not seen and event.type() == QEvent.Type.Paint:
                seen["modules"] = loaded()
                seen["qt_namespace"] = "Qt" in vars(QtCore)
                # Once the whole first frame is painted (the canvas's cards too), before
                # what the window does after it (installed last, this filter runs first).
                QTimer.singleShot(0, lambda: seen.setdefault("frame", loaded()))
            return False

    watcher = quit_after_paint(app, window)
    window.installEventFilter(Snapshot(window))
    return watcher

ui.app._quit_after_first_paint = snapshot_at_first_paint
status = main(sys.argv[1:])
print("SEEN " + json.dumps(seen))
print("STATUS", status)
"""


def _first_paint(tmp_path: Path, *args: str) -> dict:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        OKR_STUDIO_QUIT_AFTER_FIRST_PAINT="1",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        WATCHED_MODULES=json.dumps([*HEAVY, *NEVER, *PANELS, *AFTER_PAINT]),
        LANG="C.UTF-8",  # numbers as en_US writes them (which needs no Babel)
        LC_ALL="C.UTF-8",
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
    seen = next(line for line in lines if line.startswith("SEEN "))
    return json.loads(seen.removeprefix("SEEN "))


def test_welcome_page_paints_before_the_heavy_modules_and_the_panels(tmp_path):
    seen = _first_paint(tmp_path)
    assert seen["modules"] == []
    assert not seen["qt_namespace"]  # ~20 ms of enums: theme and panels load it after


def test_a_workshop_paints_without_the_heavy_modules(tmp_path):
    path = write_sample(tmp_path / "sample.okr")
    seen = _first_paint(tmp_path, str(path))
    assert not set(seen["modules"]) & {*HEAVY, *NEVER, *AFTER_PAINT}
    # The cards' numbers are painted without Babel; the line reader waits for its use.
    assert not set(seen["frame"]) & {*HEAVY, *NEVER, *AFTER_PAINT}
    assert "ui.ticks" not in seen["modules"]  # no tick box in the first frame: it follows
    assert "ui.outline" in seen["modules"]  # (the snapshot is taken at the first paint)
