"""Memory the app gives back: a large block it frees returns to the system at once.

The canvas makes and drops pictures the size of a window (the view's background
after each zoom step, the overview's pictures, the cards' pictures of each zoom).
glibc's allocator serves a block that large from a mapping of its own, but each
time it frees one it raises the size from which it does so, up to 32 MB: the
next pictures then come from the heap, where freed memory still counts as the
app's until everything above it is freed too. Measured on the 1,000-objective
workshop, that kept 7–10 MB more at the peak, with no picture more on screen.

:func:`give_back_large_blocks` fixes that size at glibc's own starting value, so
every block larger than it is given back when freed (a picture is drawn in far
more time than a mapping costs). Elsewhere (macOS, Windows, musl) nothing changes.
"""

from __future__ import annotations

import sys

#: Blocks of at least this many bytes get a mapping of their own (glibc's default).
LARGE_BLOCK = 128 * 1024
#: mallopt's parameter for that size (M_MMAP_THRESHOLD in glibc's malloc.h).
_M_MMAP_THRESHOLD = -3

_applied: bool | None = None


def give_back_large_blocks() -> bool:
    """Fix the allocator's size for blocks of their own (once per process); True when
    the C library is glibc and took the setting."""
    global _applied
    if _applied is None:
        _applied = _set_threshold()
    return _applied


def _set_threshold() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # (a few milliseconds: only when a workshop is first shown)

    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - glibc only: musl's mallopt does nothing
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK) == 1


# ---- the cycle collector while a workshop opens ----------------------------------------------
#: How long (ms) a hold lasts at most when nothing paints (a hidden canvas, a failed opening).
HOLD_LIMIT_MS = 5000

_holding = False
#: A zero timer is about to end the hold (see settle_collector_soon).
_settling = False


def hold_collector() -> None:
    """Turn Python's cycle collector off until :func:`settle_collector` (or
    :data:`HOLD_LIMIT_MS`): opening a workshop makes a few hundred thousand objects
    that all stay (the records, the layout, the connectors' ends, the overview's
    lines), and each of the collector's runs meanwhile walks every one of them again
    (a tenth of the time to the first paint at 10,000 objectives) to free nothing.
    A collector already off (the app's start, see ``ui.app``) is left to whoever
    turned it off.

    Not ``gc.freeze`` after the paint (measured): with the opened workshop kept out of
    its walks, the collector counts too few old objects and then runs through all the
    others (a snapshot read again, the layouts after edits) every few edits, a quarter
    of a second each at 10,000 objectives."""
    global _holding
    import gc

    if _holding or not gc.isenabled():
        return
    gc.disable()
    _holding = True
    from PySide6.QtCore import QCoreApplication, QTimer

    if QCoreApplication.instance() is not None:
        QTimer.singleShot(HOLD_LIMIT_MS, settle_collector)


def settle_collector_soon() -> None:
    """End a :func:`hold_collector` once the event being handled is over (a paint):
    the collector's first run after a hold frees whatever became garbage meanwhile,
    and a widget without a parent freed in the middle of an event Qt delivers to it
    crashes the interpreter (``docs/architecture.md``, traps). A zero timer runs
    :func:`settle_collector` from the event loop instead."""
    global _settling
    if not _holding or _settling:
        return
    from PySide6.QtCore import QCoreApplication, QTimer

    if QCoreApplication.instance() is None:
        settle_collector()
        return
    _settling = True
    QTimer.singleShot(0, settle_collector)


def settle_collector() -> None:
    """End a :func:`hold_collector` (after the opened workshop's first paint): the
    collector runs again, first once at once."""
    global _holding, _settling
    import gc

    _settling = False
    if not _holding:
        return
    _holding = False
    gc.enable()
    # Collect now, from the event loop, not at whatever allocation comes next (it can be
    # in the middle of an event to a widget the collection frees); a full collection, for
    # what was dropped meanwhile among older objects (a workshop opened instead of another).
    gc.collect()
