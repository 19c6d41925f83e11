"""Widgets whose Python side is freed when its last reference goes, not by the cycle
collector.

A widget made without a parent belongs to its Python wrapper: when the wrapper is
freed, PySide deletes the widget. If the wrapper sits in a reference cycle (the widget
keeps a helper object that keeps one of the widget's bound methods), only Python's cycle
collector frees it, at whatever allocation starts a collection next, and that may be in
the middle of Qt delivering an event to that very widget: PySide looking for a Python
override of ``event`` or ``timerEvent`` allocates, the collection deletes the widget and
its children, and Qt goes on with the event on freed memory (a segmentation fault).
So a helper a widget keeps calls back into it through :func:`weak_method`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def weak_method(method: Callable[P, R], gone: R) -> Callable[P, R]:
    """A callable for the bound ``method`` that does not keep its object alive; once the
    object is freed it returns ``gone``."""
    ref = weakref.WeakMethod(method)

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        bound = ref()
        return gone if bound is None else bound(*args, **kwargs)

    return call
