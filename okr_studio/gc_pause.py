"""Pausing Python's cycle collector while a large structure is built in one go.

Opening a workshop or laying out its whole tree makes tens of thousands of small
objects that all stay alive. The cycle collector runs after every few hundred new
objects, and every tenth of those runs walks the older ones too, so at 10,000
objectives it took a quarter to a third of a whole layout's time finding nothing to
free. :func:`gc_paused` turns it off for the duration of such work (nested uses and
a collector already off are left as they were); the objects made are looked at once
afterwards, when it next runs. Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector off while the ``with`` block runs (back on after, if it was)."""
    was_on = gc.isenabled()
    if was_on:
        gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
