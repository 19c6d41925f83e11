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
