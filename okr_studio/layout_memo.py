"""The layout's logical tree, made once per snapshot.

A snapshot (:class:`~okr_studio.data.WorkshopData`) is frozen, so its tree never
changes; the PDF overview lays out a hundred branches of one snapshot, and each
layout used to build the whole tree again. The tree is kept with the snapshot, and
each caller still gets lists of its own to change. (The layout's own tree is kept the
same way, by :meth:`okr_studio.layout_tree.LogicalTree.of`, and a relayout that patched
the tree of the snapshot before hands the new one over.)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from okr_studio.data import WorkshopData

T = TypeVar("T", bound=tuple[Any, ...])


def _name(make: Callable[..., Any]) -> str:
    return f"_once_{make.__module__}.{make.__qualname__}"


def once_per_snapshot(make: Callable[[WorkshopData], T]) -> Callable[[WorkshopData], T]:
    """``make(data)`` once per snapshot; a tuple of lists and dicts of lists, copied out."""
    name = _name(make)

    @functools.wraps(make)
    def made(data: WorkshopData) -> T:
        found = data.__dict__.get(name)
        if found is None:
            found = data.__dict__[name] = make(data)
        return type(found)(_copy(part) for part in found)

    return made


def _copy(part: Any) -> Any:
    if isinstance(part, dict):
        return {k: list(v) if isinstance(v, list) else v for k, v in part.items()}
    return list(part) if isinstance(part, list) else part
