"""Handing branches of a workshop out to groups, one breakout file each.

:func:`hand_out` writes, for each group of units, a breakout file into a folder:
a copy of the whole workshop (the group's branch editable, the rest there for
context and locked, see :mod:`okr_studio.breakouts.scope`) that records where it
came from: the workshop's stable id and name, the hand-out's stable id, the
group's units, and the workshop's items as they were (the *base* of the later
three-way merge, as the JSON exchange content). Each file is made aside and put
in place whole, never over an existing file. Then the workshop records the
hand-outs in one change (one undo step); if that fails, the files are removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from okr_studio.breakout_data import unit_text
from okr_studio.breakouts.guard import out_units
from okr_studio.data import WorkshopData
from okr_studio.errors import EditRefused, OkrError
from okr_studio.events import Change
from okr_studio.store import SUFFIX, Workshop
from okr_studio.vocab import new_uid


class BreakoutError(OkrError):
    """A hand-out or a merge cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class HandOut:
    """What :func:`hand_out` did: the files written (one per group) and the change."""

    files: tuple[Path, ...]
    names: tuple[str, ...]
    change: Change


# ---- messages ------------------------------------------------------------------------------
def _is_breakout_message(path: Path, data: WorkshopData) -> str:
    origin = data.origin[min(data.origin)]
    return (
        f"“{path.name}” is itself a breakout (of “{origin.workshop_name}” for “{origin.name}”): "
        "hand out from the main workshop, and merge this file back into it first."
    )


def _overlap_message(inner: str, outer: str) -> str:
    return (
        f"“{inner}” is part of “{outer}”, which is handed out too: each unit can be in one "
        "group only."
    )


def _twice_message(unit: str) -> str:
    return f"“{unit}” is chosen twice: each unit can be in one group only."


def _out_message(unit: str, group: str, since: str) -> str:
    return (
        f"“{unit}” is already out in the breakout “{group}” (handed out {since}): merge that "
        "file back, or take the hand-out back, before handing it out again."
    )


_NONE = "Choose at least one unit to hand out."
_GONE = "That unit is no longer in the workshop; choose again."


# ---- choosing --------------------------------------------------------------------------------
def group_name(data: WorkshopData, units: Sequence[int]) -> str:
    """A group's name: its units' names ("Payments + Risk")."""
    return " + ".join(data.units[u].name.strip() or "Unnamed unit" for u in units)


def check_groups(data: WorkshopData, groups: Sequence[Sequence[int]]) -> None:
    """Raise :class:`BreakoutError` saying why ``groups`` cannot be handed out."""
    if not groups or not all(groups):
        raise BreakoutError(_NONE)
    chosen: dict[int, int] = {}
    for index, units in enumerate(groups):
        for unit in units:
            if unit not in data.units:
                raise BreakoutError(_GONE)
            if unit in chosen:
                raise BreakoutError(_twice_message(data.units[unit].name))
            chosen[unit] = index
    for unit in chosen:
        for above in data.unit_ancestors(unit):
            if above.id in chosen:
                raise BreakoutError(_overlap_message(data.units[unit].name, above.name))
    out = out_units(data)
    for unit in chosen:
        branch = [unit, *(u.id for u in data.unit_descendants(unit))]
        for inner in branch:
            if inner in out:
                record = out[inner]
                since = record.handed_out_at.replace("T", " ")[:16]
                raise BreakoutError(_out_message(data.units[inner].name, record.name, since))


def _file_part(name: str) -> str:
    cleaned = re.sub(r'[\x00-\x1f\x7f<>:"/\\|?*]', "-", name)
    cleaned = " ".join(cleaned.split())[:60].strip(" .")
    return cleaned or "group"


def breakout_path(folder: Path, master: Path, name: str) -> Path:
    """A free name in ``folder`` for the breakout of group ``name`` ("plan - Payments.okr")."""
    stem = f"{_file_part(master.stem)} - {_file_part(name)}"
    path = folder / f"{stem}{SUFFIX}"
    number = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{stem} ({number}){SUFFIX}"
        number += 1
    return path


# ---- writing -------------------------------------------------------------------------------
def base_text(data: WorkshopData) -> tuple[str, str]:
    """The workshop's items as the base of a breakout (JSON content) and their fingerprint
    as read back from it (what the merge checks the file's base against)."""
    from okr_studio.breakouts.reading import base_side
    from okr_studio.exchange.items import side_from_workshop
    from okr_studio.exchange.jsonfile import content_of

    text = json.dumps(content_of(side_from_workshop(data)), ensure_ascii=False)
    return text, base_side(text).fingerprint()


def _write(master: Workshop, path: Path, origin: dict[str, str]) -> None:
    from okr_studio.files import write_changed_copy

    def change(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM breakout")  # the main workshop's hand-outs stay there
        names = ", ".join(origin)
        marks = ", ".join(f":{k}" for k in origin)
        conn.execute(f"INSERT INTO breakout_origin (id, {names}) VALUES (1, {marks})", origin)  # noqa: S608

    raw = master.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        write_changed_copy(source, path, change)
    finally:
        raw.close()


def hand_out(
    master: Workshop,
    groups: Sequence[Sequence[int]],
    folder: Path | str,
    *,
    now: dt.datetime | None = None,
) -> HandOut:
    """Write one breakout file per group of units (row ids) into ``folder``; see the
    module notes. Raises :class:`BreakoutError` (nothing written) for a bad choice."""
    from okr_studio.services.breakouts import record_hand_outs

    if master.read_only:
        raise EditRefused(f"“{master.path.name}” is open read-only; {master.read_only_reason}")
    data = master.snapshot()
    if data.origin:
        raise BreakoutError(_is_breakout_message(master.path, data))
    check_groups(data, groups)
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    stamp = when.isoformat()
    base, digest = base_text(data)
    folder = Path(folder).absolute()
    written: list[Path] = []
    records: list[dict[str, str]] = []
    try:
        for units in groups:
            name = group_name(data, units)
            uids = unit_text([data.units[u].uid for u in units])
            path = breakout_path(folder, master.path, name)
            uid = new_uid()
            origin = {"breakout_uid": uid, "workshop_uid": data.info.uid}
            origin.update(workshop_name=data.info.name, name=name, units=uids)
            origin.update(base=base, handed_out_at=stamp)
            _write(master, path, origin)
            written.append(path)
            records.append(
                {"uid": uid, "name": name, "units": uids, "file_name": path.name}
                | {"base_digest": digest, "handed_out_at": stamp}
            )
        change = record_hand_outs(master, records)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    names = tuple(r["name"] for r in records)
    return HandOut(tuple(written), names, change)
