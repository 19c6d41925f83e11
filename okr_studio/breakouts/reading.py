"""Reading breakout files for a merge, refusing any that cannot be merged safely.

:func:`read_breakouts` opens each file read-only (so the checks every open makes
apply: not a workshop, damaged or truncated, a newer version) and refuses, naming
the file and saying what to do: a file that is not a breakout, one handed out
from another workshop, one this workshop has no record of, one already merged,
one whose record of its starting state does not match the hand-out, the same
file (or a copy of the same breakout) twice, and a merge into a file that is
itself a breakout. Nothing is written anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from okr_studio.breakout_data import HandOutData, OriginData
from okr_studio.breakouts.handout import BreakoutError
from okr_studio.data import WorkshopData
from okr_studio.exchange.incoming import IdMap
from okr_studio.exchange.items import Side, side_from_workshop
from okr_studio.store import Workshop


@dataclass(frozen=True)
class BreakoutFile:
    """One breakout file read for a merge: its origin, the master's record, its items."""

    path: Path
    origin: OriginData
    record: HandOutData
    data: WorkshopData
    theirs: Side
    base: Side

    @property
    def name(self) -> str:
        return self.record.name


# ---- messages ------------------------------------------------------------------------------
def _not_breakout(path: Path) -> str:
    return (
        f"“{path.name}” is not a breakout file: it has no record of a workshop it was handed "
        "out from. To bring its items in, use File → Import instead."
    )


def _other_workshop(path: Path, origin: OriginData, master: WorkshopData) -> str:
    return (
        f"“{path.name}” is a breakout of another workshop (“{origin.workshop_name}”), not of "
        f"“{master.info.name}”: open that workshop to merge it."
    )


def _unknown(path: Path, origin: OriginData, master: WorkshopData) -> str:
    return (
        f"“{path.name}” was handed out from “{origin.workshop_name}” for “{origin.name}”, but "
        f"this copy of “{master.info.name}” has no record of that hand-out (was it made "
        "before the hand-out, or is the file a breakout of a breakout?). Merge it into the "
        "file it was handed out from."
    )


def _merged(path: Path, record: HandOutData) -> str:
    when = record.merged_at.replace("T", " ")[:16]
    return (
        f"“{path.name}” (the breakout for “{record.name}”) was already merged on {when}. "
        "Undo that merge first to merge it again."
    )


def _bad_base(path: Path) -> str:
    return (
        f"“{path.name}” is damaged: its record of the state it was handed out from does not "
        "match the hand-out, so its changes cannot be told apart from the main workshop's. "
        "It cannot be merged; copy its changes by hand."
    )


def _twice(path: Path, other: Path) -> str:
    if path == other:
        return f"“{path.name}” is listed twice; merge each breakout file once."
    return (
        f"“{path.name}” and “{other.name}” are copies of the same breakout: merge one of "
        "them (the one the group finished)."
    )


def _master_is_breakout(path: Path, origin: OriginData) -> str:
    return (
        f"“{path.name}” is itself a breakout (of “{origin.workshop_name}” for "
        f"“{origin.name}”): merge breakout files into the main workshop."
    )


# ---- reading -------------------------------------------------------------------------------
def base_side(text: str) -> Side:
    """A breakout's base (JSON content) as items; raises ValueError when it is damaged."""
    from okr_studio.exchange.jsonfile import side_from_content
    from okr_studio.exchange.problems import ExchangeFileError

    content = json.loads(text)
    if not isinstance(content, dict):
        raise ValueError("the base is not an object")
    try:
        side = side_from_content(content, IdMap(), None, source="base")
    except ExchangeFileError as exc:
        raise ValueError(str(exc)) from exc
    return side


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a == b


def _open(path: Path) -> WorkshopData:
    with Workshop.open(path, read_only=True) as ws:
        return ws.snapshot()


def read_breakout(path: Path | str, master: WorkshopData) -> BreakoutFile:
    """One breakout file, checked against the master workshop ``master``."""
    path = Path(path)
    data = _open(path)
    if not data.origin:
        raise BreakoutError(_not_breakout(path))
    origin = data.origin[min(data.origin)]
    if origin.workshop_uid != master.info.uid:
        raise BreakoutError(_other_workshop(path, origin, master))
    record = next((r for r in master.breakouts.values() if r.uid == origin.breakout_uid), None)
    if record is None:
        raise BreakoutError(_unknown(path, origin, master))
    if record.merged:
        raise BreakoutError(_merged(path, record))
    try:
        base = base_side(origin.base)
    except (ValueError, RecursionError):
        raise BreakoutError(_bad_base(path)) from None
    if base.fingerprint() != record.base_digest:
        raise BreakoutError(_bad_base(path))
    base.workshop_id = origin.workshop_uid
    return BreakoutFile(path, origin, record, data, side_from_workshop(data), base)


def read_breakouts(
    paths: Sequence[Path | str], master: WorkshopData, where: Path
) -> list[BreakoutFile]:
    """Every file of ``paths`` read for a merge into ``master`` (the file at ``where``)."""
    if master.origin:
        raise BreakoutError(_master_is_breakout(where, master.origin[min(master.origin)]))
    if not paths:
        raise BreakoutError("Choose at least one breakout file to merge.")
    out: list[BreakoutFile] = []
    seen: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw).absolute()
        if _same_file(path, where):
            raise BreakoutError(
                f"“{path.name}” is the workshop itself; choose the breakout files to merge."
            )
        if any(_same_file(path, earlier.path) for earlier in out):
            raise BreakoutError(_twice(path, path))
        found = read_breakout(path, master)
        uid = found.origin.breakout_uid
        if uid in seen:
            raise BreakoutError(_twice(path, seen[uid]))
        seen[uid] = path
        out.append(found)
    return out
