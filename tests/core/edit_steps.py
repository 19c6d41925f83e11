"""Random edits of a workshop through the services, with undo and redo, for the
property tests of the incremental layout and coach.

A step is a tuple drawn by :data:`STEPS`: what to do and a few numbers that pick
its targets among the items there are at the time. :class:`Session` applies steps
to a real file and keeps a snapshot patched from the change records, as the UI's
document does.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from okr_studio import services
from okr_studio.data import WorkshopData, patched
from okr_studio.errors import OkrError
from okr_studio.events import Change
from okr_studio.store import Workshop
from tests.core.store_helpers import backup_copy
from tests.generate import generate
from tests.real_shaped import build_real_shaped

SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

KINDS = (
    "add_kr",
    "rename_objective",
    "rename_kr",
    "delete_kr",
    "add_objective",
    "delete_objective",
    "align",
    "unalign",
    "move_objective",
    "move_kr",
    "add_unit",
    "delete_unit",
    "move_unit",
    "rename_unit",
    "owner",
    "kr_numbers",
    "collapse",
    "undo",
    "redo",
)
PICK = st.integers(min_value=0, max_value=10_000)
TITLES = st.sampled_from(
    [
        "",
        "Launch the new app",
        "Raise weekly active teams from 120 to 180",
        "Customers succeed on their own in the first week",
        "Complete three refactoring tickets",
        "Reduce p95 latency below 300 ms by March 2027",
        "A title long enough to wrap over several lines of a card on the canvas " * 2,
        "Wir führen mit jeder Division eine Kommunikationsplanung durch",
        "<b>&amp; 😀 שלום",
    ]
)
STEPS = st.tuples(st.sampled_from(KINDS), PICK, PICK, TITLES)


@contextmanager
def scratch_copy(path: Path) -> Iterator[Path]:
    """A private copy of a closed workshop file, in memory where the system allows."""
    with tempfile.TemporaryDirectory(dir=SCRATCH) as tmp:
        yield backup_copy(path, Path(tmp) / "w.okr")


def edit_trees(folder: Path) -> dict[str, Path]:
    """The workshops the property tests edit: a real-shaped one and a generated one."""
    return {
        "real-shaped": build_real_shaped(folder / "real.okr").path,
        "generated": generate(
            folder / "gen.okr", departments=3, teams=14, objectives=70, key_results=230
        ),
    }


#: How many edit sequences a property test tries (each on a fresh copy of a tree).
EDIT_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _pick(items: Any, n: int) -> Any:
    items = sorted(items)
    return items[n % len(items)] if items else None


class Session:
    """A workshop file being edited, its undo and redo stacks, and its snapshot."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws
        self.data: WorkshopData = ws.snapshot()
        self.undo: list[Change] = []
        self.redo: list[Change] = []
        self.collapsed: set[tuple[str, int]] = set()
        #: The rows the last step changed (for what the canvas would measure again).
        self.rows: tuple[Any, ...] = ()

    def step(self, step: tuple[str, int, int, str]) -> None:
        kind, a, b, title = step
        self.rows = ()
        if kind == "collapse":
            node = ("objective", _pick(self.data.objectives, a))
            if node[1] is not None:
                self.collapsed ^= {node}
            return
        if kind in ("undo", "redo"):
            stack, other = (self.undo, self.redo) if kind == "undo" else (self.redo, self.undo)
            if not stack:
                return
            change = stack.pop()
            done = (
                services.undo(self.ws, change) if kind == "undo" else services.redo(self.ws, change)
            )
            other.append(change)
            self._patch(done)
            return
        try:
            change = self._edit(kind, a, b, title)
        except OkrError:
            return
        if change is not None and not change.empty:
            self.undo.append(change)
            self.redo.clear()
            self._patch(change)

    def _patch(self, change: Change) -> None:
        self.rows = change.rows
        self.data = patched(self.data, change.rows)

    def _edit(self, kind: str, a: int, b: int, title: str) -> Change | None:
        ws, data = self.ws, self.data
        obj, kr, unit = _pick(data.objectives, a), _pick(data.key_results, a), _pick(data.units, a)
        other_kr, other_unit = _pick(data.key_results, b), _pick(data.units, b)
        if kind == "add_kr" and obj is not None:
            return services.add_key_result(ws, obj, title, target=b % 50 or None)
        if kind == "rename_objective" and obj is not None:
            return services.update_objective(ws, obj, title=title)
        if kind == "rename_kr" and kr is not None:
            return services.update_key_result(ws, kr, title=title)
        if kind == "delete_kr" and kr is not None:
            return services.delete_key_result(ws, kr)
        if kind == "add_objective" and unit is not None:
            return services.add_objective(ws, unit, title)
        if kind == "delete_objective" and obj is not None:
            return services.delete_objective(ws, obj)
        if kind == "align" and obj is not None and other_kr is not None:
            return services.align_objective(ws, obj, other_kr)
        if kind == "unalign" and obj is not None:
            return services.align_objective(ws, obj, None)
        if kind == "move_objective" and obj is not None:
            return services.move_objective(ws, obj, b % 5)
        if kind == "move_kr" and kr is not None:
            return services.move_key_result(ws, kr, b % 6)
        if kind == "add_unit":
            return services.add_unit(ws, title or "Team", level="team", parent_id=other_unit)
        if kind == "delete_unit" and unit is not None and b % 3 == 0:
            return services.delete_unit(ws, unit)
        if kind == "move_unit" and unit is not None:
            return services.move_unit(ws, unit, None if b % 5 == 0 else other_unit, b % 3)
        if kind == "rename_unit" and unit is not None:
            return services.update_unit(ws, unit, name=title, level=("team", "squad")[b % 2])
        if kind == "owner" and obj is not None and kr is not None:
            name = ("", "Ana", "Cy")[b % 3]
            if b % 2:
                return services.update_key_result(ws, kr, owner_name=name)
            return services.update_objective(ws, obj, owner_name=name)
        if kind == "kr_numbers" and kr is not None:
            return services.update_key_result(ws, kr, baseline=b % 7 or None, target=a % 9 or None)
        return None


def copy_tree(src: Path, folder: Path) -> Path:
    """A copy of a closed workshop file (kept beside the tests' other files)."""
    target = folder / src.name
    shutil.copy(src, target)
    return target
