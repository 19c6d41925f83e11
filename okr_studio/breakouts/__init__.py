"""Breakout groups: hand a branch of a workshop to a group as its own file, merge it back.

The way out::

    done = hand_out(ws, [[payments_id], [risk_id, compliance_id]], folder)
    done.files          # one .okr per group; ws records each hand-out (one undo step)

A breakout file is a whole workshop whose group's branch is editable and the
rest locked (the services refuse, saying why: :mod:`.scope`, :mod:`.guard`);
it records the workshop it came from and the state it started from (the base).

The way back::

    preview = merge_plan(ws, [path, ...])   # nothing written; BreakoutError names a bad file
    preview.groups, preview.conflicts   # added, changed, removed, reordered; conflicts, refused
    services.apply_merge(ws, preview, {conflict.key: THEIRS})   # one undo step

The merge is the exchange's diff engine run against each file's base
(:mod:`okr_studio.exchange`); applying it is :func:`okr_studio.services.apply_plan`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okr_studio.breakouts.guard import BreakoutView, out_units, view_of
    from okr_studio.breakouts.handout import BreakoutError, HandOut, group_name, hand_out
    from okr_studio.breakouts.merge import merge_plan
    from okr_studio.breakouts.preview import Conflict, GroupMerge, MergePreview, Refusal
    from okr_studio.breakouts.reading import BreakoutFile, read_breakout

#: ``name -> its module``: loaded when first asked for, so that the services' guard
#: (:mod:`.guard`, on every change) does not load the merge.
_WHERE = {
    "BreakoutView": "guard",
    "out_units": "guard",
    "view_of": "guard",
    "BreakoutError": "handout",
    "HandOut": "handout",
    "group_name": "handout",
    "hand_out": "handout",
    "merge_plan": "merge",
    "Conflict": "preview",
    "GroupMerge": "preview",
    "MergePreview": "preview",
    "Refusal": "preview",
    "BreakoutFile": "reading",
    "read_breakout": "reading",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)


__all__ = [
    "BreakoutError",
    "BreakoutFile",
    "BreakoutView",
    "Conflict",
    "GroupMerge",
    "HandOut",
    "MergePreview",
    "Refusal",
    "group_name",
    "hand_out",
    "merge_plan",
    "out_units",
    "read_breakout",
    "view_of",
]
