"""Breakouts in the crash harness's mix: hand a unit out, and merge a breakout back.

The files go to the stream's breakout folder, outside the folder of the workshop
the harness watches. A merge never edits a handed-out file itself: it copies it
and lets the group edit the copy (a stream of random service calls of its own,
refused outside its branch), so a worker killed in the middle of it and the
harness's replay of the same step find the same file.
"""

from __future__ import annotations

import datetime as dt
import shutil
from typing import TYPE_CHECKING

from okr_studio import services
from okr_studio.breakouts import BreakoutError
from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.exchange import OURS, THEIRS
from okr_studio.store import Workshop

if TYPE_CHECKING:
    from tests.core.crash_worker import EditStream

#: When hand-outs and merges say they happened (the replay must write the same rows).
WHEN = dt.datetime(2027, 1, 12, 11, tzinfo=dt.UTC)


def hand_out(stream: EditStream) -> Change:
    from okr_studio.breakouts import hand_out as write

    assert stream.breakouts is not None
    stream.breakouts.mkdir(exist_ok=True)
    groups = [[stream.pick(stream.data.units)]]
    if stream.rng.random() < 0.3:
        groups.append([stream.pick(stream.data.units)])
    try:
        return write(stream.ws, groups, stream.breakouts, now=WHEN).change
    except BreakoutError as exc:  # a unit out already, or in two groups
        raise EditRefused(str(exc)) from exc


def merge(stream: EditStream) -> Change:
    from okr_studio.breakouts import merge_plan
    from tests.core.crash_worker import EditStream

    assert stream.breakouts is not None
    out = sorted((r for r in stream.data.breakouts.values() if not r.merged), key=lambda r: r.id)
    record = stream.rng.choice(out)
    handed = stream.breakouts / record.file_name
    seed = stream.rng.randrange(1 << 30)
    steps = stream.rng.randint(0, 8)
    if not handed.exists():  # handed out by a run whose files are gone: it is refused
        raise EditRefused("the breakout file is not there")
    copy = stream.breakouts / f"edited-{record.uid}-{seed}.okr"
    copy.unlink(missing_ok=True)
    shutil.copyfile(handed, copy)
    with Workshop.open(copy) as b:
        group = EditStream(b, seed)
        for _ in range(steps):
            group.step(*group.choose())
    try:
        preview = merge_plan(stream.ws, [copy])
    except BreakoutError as exc:
        raise AssertionError(f"a breakout just handed out cannot be merged: {exc}") from exc
    answers = {c.key: stream.rng.choice([OURS, THEIRS]) for c in preview.conflicts}
    try:
        return services.apply_merge(stream.ws, preview, answers, now=WHEN)
    except EditRefused as exc:
        if "circle" not in str(exc):
            raise
        return services.apply_merge(stream.ws, preview, now=WHEN)
