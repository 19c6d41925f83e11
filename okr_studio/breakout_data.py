"""Breakouts as a snapshot holds them: the hand-outs of a workshop, a breakout's origin.

A workshop hands a branch out to a group as a breakout file (see
:mod:`okr_studio.breakouts`); the workshop keeps one :class:`HandOutData` per file
written, and the breakout file one :class:`OriginData` (id 1) naming the workshop,
the hand-out, the group's units and the state it started from (its base).
"""

from __future__ import annotations

import json
from dataclasses import dataclass


def unit_list(text: str) -> tuple[str, ...]:
    """The stable ids of a ``units`` column (a JSON list; () when damaged)."""
    try:
        value = json.loads(text) if text else []
    except ValueError:
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def unit_text(uids: tuple[str, ...] | list[str]) -> str:
    """A ``units`` column's text for the stable ids ``uids``."""
    return json.dumps(list(uids))


@dataclass(frozen=True, slots=True)
class HandOutData:
    """One breakout file handed out from this workshop."""

    id: int
    uid: str = ""
    #: The group's name ("Payments + Risk").
    name: str = ""
    units: str = ""
    file_name: str = ""
    base_digest: str = ""
    handed_out_at: str = ""
    #: When it was merged back ("" while it is out).
    merged_at: str = ""
    merge_summary: str = ""

    @property
    def unit_uids(self) -> tuple[str, ...]:
        return unit_list(self.units)

    @property
    def merged(self) -> bool:
        return bool(self.merged_at)


@dataclass(frozen=True, slots=True)
class OriginData:
    """Where a breakout file came from (the one row of a breakout file)."""

    id: int
    breakout_uid: str = ""
    workshop_uid: str = ""
    workshop_name: str = ""
    name: str = ""
    units: str = ""
    base: str = ""
    handed_out_at: str = ""

    @property
    def unit_uids(self) -> tuple[str, ...]:
        return unit_list(self.units)
