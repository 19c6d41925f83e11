"""A start-up check for a Qt binding that loses references to ``None``.

PySide6 6.12.0 on Python 3.11 takes one reference off ``None`` on every call of
a Qt method that returns nothing; after a few thousand calls the interpreter
aborts ("deallocating None") and the facilitator loses the window mid-workshop.
Python 3.12+ is immune (``None`` is immortal there). So before the app opens a
window it calls a harmless void method a few hundred times and measures how
``sys.getrefcount(None)`` moved. A broken binding loses one reference a call;
a good one loses none.

The probe needs no QApplication and makes no other Qt calls, so a broken
binding is caught before it can do harm.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

#: Calls made at start-up; a broken binding loses about one reference per call.
STARTUP_CALLS = 200
#: A loss this large (out of STARTUP_CALLS) means the binding is broken.
BROKEN_THRESHOLD = 100
#: The releases known to work on Python 3.11, named in the refusal message.
KNOWN_GOOD = "6.11.3 or 6.10.3"


@dataclass(frozen=True)
class ProbeResult:
    calls: int
    lost: int  # references to None lost (positive = lost)
    pyside_version: str
    python_version: str

    @property
    def broken(self) -> bool:
        return self.lost >= min(BROKEN_THRESHOLD, max(1, self.calls // 2))


def measure_none_leak(calls: int = STARTUP_CALLS) -> ProbeResult:
    """Call ``QGraphicsRectItem.setPos`` ``calls`` times; count references to None lost."""
    import PySide6
    from PySide6.QtWidgets import QGraphicsRectItem

    item = QGraphicsRectItem()
    set_pos = item.setPos
    before = sys.getrefcount(None)
    for i in range(calls):
        set_pos(float(i), 0.0)
    lost = before - sys.getrefcount(None)
    if lost > 0:
        _give_back(lost)
    del item, set_pos
    return ProbeResult(
        calls=calls,
        lost=lost,
        pyside_version=getattr(PySide6, "__version__", "unknown"),
        python_version=".".join(str(p) for p in sys.version_info[:3]),
    )


def _give_back(count: int) -> None:
    """Add back the references the binding took, so the process can still exit cleanly."""
    import ctypes

    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    for _ in range(count):
        incref(None)


def needs_probe() -> bool:
    """Only Python before 3.12 can be hurt (None is immortal from 3.12 on)."""
    return sys.version_info < (3, 12)


def refusal_message(result: ProbeResult) -> str:
    """What the facilitator (or whoever installed the app) reads when it refuses to start."""
    return (
        "OKR Studio cannot start safely.\n\n"
        f"The installed Qt library for Python (PySide6 {result.pyside_version}) has a known "
        f"defect on Python {result.python_version}: it would crash the app after a few "
        "minutes of use, and you could lose what is on screen.\n"
        f"(It lost {result.lost} of {result.calls} references in a start-up check.)\n\n"
        "To fix it, install a working release, for example:\n"
        "    uv pip install 'pyside6>=6.8,<6.12'\n"
        f"(PySide6 {KNOWN_GOOD} are known to work), or run OKR Studio with Python 3.12 "
        "or newer.\n\nNothing was changed in your workshop files."
    )


def show_refusal(message: str) -> None:
    """Print the message and, when a display is available, show it in a plain box.

    With a broken binding every further Qt call costs a reference, so the box uses
    as few calls as possible (one static message box); the probe already gave back
    what it took, so a handful of calls is safe.
    """
    print(message, file=sys.stderr)
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        _app = QApplication.instance() or QApplication(sys.argv[:1])  # alive until the box closes
        if QApplication.platformName() in {"offscreen", "minimal"}:
            return
        QMessageBox.critical(None, "OKR Studio cannot start", message)
    except Exception:  # noqa: S110 - the message is already on stderr
        pass


def check_binding(calls: int = STARTUP_CALLS) -> ProbeResult | None:
    """Run the probe; returns the result when the binding is broken, else None."""
    if not needs_probe():
        return None
    result = measure_none_leak(calls)
    return result if result.broken else None


if __name__ == "__main__":  # used by the tests: print the loss over many calls
    n = int(sys.argv[1]) if len(sys.argv) > 1 else STARTUP_CALLS
    r = measure_none_leak(n)
    print(f"{r.lost} {r.calls} {r.pyside_version} {r.python_version}")
