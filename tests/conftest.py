"""Settings shared by every test.

The offscreen platform is set here, before anything can create a QApplication,
so UI tests never need a display. The core tests never import Qt.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The app's settings (recent files, theme, window layout) of every process the tests
# start, the app run as a subprocess too, go to a folder of their own: the tests never
# add their temporary files to the recent list of the person running them.
_SETTINGS_HOME = tempfile.mkdtemp(prefix="okr-studio-tests-config-")
os.environ["XDG_CONFIG_HOME"] = _SETTINGS_HOME
atexit.register(shutil.rmtree, _SETTINGS_HOME, True)


def pytest_addoption(parser):  # type: ignore[no-untyped-def]
    group = parser.getgroup("okr-studio")
    group.addoption(
        "--crash-kills",
        type=int,
        default=200,
        help="how many SIGKILLs the crash harness injects (default 200)",
    )
