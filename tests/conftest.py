"""Settings shared by every test.

The offscreen platform is set here, before anything can create a QApplication,
so UI tests never need a display. The core tests never import Qt.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser):  # type: ignore[no-untyped-def]
    group = parser.getgroup("okr-studio")
    group.addoption(
        "--crash-kills",
        type=int,
        default=200,
        help="how many SIGKILLs the crash harness injects (default 200)",
    )
