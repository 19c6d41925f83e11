"""Properties of the merge, on random workshops and random edits (hypothesis).

- Merging a breakout nobody changed changes nothing but the hand-out's mark, however
  the main workshop changed meanwhile.
- Merging, whatever the group and the plenary did and whatever the answers, then
  undoing, gives back the main workshop exactly: every row and field of every table.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from okr_studio import services
from okr_studio.breakouts import hand_out, merge_plan, out_units, view_of
from okr_studio.errors import EditRefused
from okr_studio.exchange import OURS, THEIRS
from okr_studio.store import Workshop
from tests.core.breakout_build import checks, content, rows
from tests.core.exchange_helpers import texts

SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

OPS = (
    "edit objective", "edit key result", "add key result", "add objective", "delete key result",
    "delete objective", "align", "move key result", "add unit", "delete unit", "check-in",
)  # fmt: skip
EDITS = st.lists(
    st.tuples(st.sampled_from(OPS), st.integers(0, 99), st.integers(0, 99), texts(max_size=4)),
    max_size=10,
)


@st.composite
def workshops(draw: st.DrawFn) -> dict[str, Any]:
    """A random tree: units (each under an earlier one), objectives, key results, links."""
    n_units = draw(st.integers(1, 5))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, n_units)]
    objectives = draw(
        st.lists(
            st.tuples(
                st.integers(0, n_units - 1),
                texts(max_size=4),
                st.integers(0, 3),
                st.integers(0, 99),
            ),
            max_size=6,
        )
    )
    return {"parents": parents, "objectives": objectives, "names": draw(
        st.lists(texts(max_size=3), min_size=n_units, max_size=n_units))}  # fmt: skip


def build_tree(path: Path, spec: dict[str, Any]) -> Workshop:
    ws = Workshop.create(path, name="Random")
    units: list[int] = []
    for name, parent in zip(spec["names"], spec["parents"], strict=True):
        above = units[parent] if parent is not None else None
        units.append(services.add_unit(ws, name or "u", "team", above).subject[1])  # type: ignore[index]
    for unit, title, n_krs, align in spec["objectives"]:
        krs = sorted(ws.snapshot().key_results)
        obj = services.add_objective(ws, units[unit], title, owner_name="Ana").subject[1]  # type: ignore[index]
        if krs:
            try:
                services.align_objective(ws, obj, krs[align % len(krs)])
            except EditRefused:
                pass
        for i in range(n_krs):
            services.add_key_result(ws, obj, f"{title} {i}", baseline=i, target=10 + i)
    return ws


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(dir=SCRATCH) as name:
        yield Path(name)


def _pick(rows_: Any, n: int) -> int | None:
    keys = sorted(rows_)
    return keys[n % len(keys)] if keys else None


def _branch(ws: Workshop, a: int) -> tuple[Any, Any, Any]:
    """Objectives, key results and units to pick from: mostly those of the branch out."""
    d = ws.snapshot()
    out = out_units(d) or {u.id for u in d.units.values() if view_of(d) is None}
    view = view_of(d)
    if view is not None:
        out = set(view.scope.units)
    if a % 4 == 0 or not out:
        return d.objectives, d.key_results, d.units
    objs = {o.id: o for o in d.objectives.values() if o.unit_id in out}
    krs = {k.id: k for k in d.key_results.values() if k.objective_id in objs}
    return objs, krs, {u: d.units[u] for u in out}


def _one(ws: Workshop, op: str, a: int, b: int, words: str) -> object:
    s = services
    d = ws.snapshot()
    objs, krs, units = _branch(ws, a)
    obj, kr, unit = _pick(objs, a), _pick(krs, a), _pick(units, a)
    if op in ("edit objective", "add key result", "delete objective", "align") and obj is None:
        return None
    if op in ("edit key result", "delete key result", "move key result", "check-in") and not kr:
        return None
    if op in ("add objective", "add unit", "delete unit") and unit is None:
        return None
    result: object = None
    if op == "edit objective":
        result = s.update_objective(ws, obj, title=words, notes=f"{b}")  # type: ignore[arg-type]
    elif op == "edit key result":
        result = s.update_key_result(ws, kr, target=b, title=words)  # type: ignore[arg-type]
    elif op == "add key result":
        result = s.add_key_result(ws, obj, words, target=b)  # type: ignore[arg-type]
    elif op == "add objective":
        result = s.add_objective(ws, unit, words)  # type: ignore[arg-type]
    elif op == "delete key result":
        result = s.delete_key_result(ws, kr)  # type: ignore[arg-type]
    elif op == "delete objective":
        result = s.delete_objective(ws, obj)  # type: ignore[arg-type]
    elif op == "align":
        result = s.align_objective(ws, obj, _pick(d.key_results, b))  # type: ignore[arg-type]
    elif op == "move key result":
        target = _pick(objs, b)
        result = s.update_key_result(ws, kr, objective_id=target)  # type: ignore[arg-type]
    elif op == "add unit":
        result = s.add_unit(ws, words, "squad", unit)
    elif op == "delete unit":
        result = s.delete_unit(ws, unit)  # type: ignore[arg-type]
    elif op == "check-in":
        result = s.add_check_in(ws, kr, b, date="2027-02-01")  # type: ignore[arg-type]
    return result


def edit(ws: Workshop, program: list[tuple[str, int, int, str]]) -> int:
    """Apply a random edit program through the services; refusals are part of the game.
    Returns how many edits were made."""
    made = 0
    for op, a, b, words in program:
        try:
            made += _one(ws, op, a, b, words) is not None
        except EditRefused:
            pass
    return made


def _hand_out_one(ws: Workshop, where: Path, pick: int) -> Path | None:
    units = sorted(ws.snapshot().units)
    if not units:
        return None
    return hand_out(ws, [[units[pick % len(units)]]], where).files[0]


@SETTINGS
@given(spec=workshops(), pick=st.integers(0, 9), plenary=EDITS)
def test_merging_a_breakout_nobody_changed_changes_nothing(spec, pick, plenary) -> None:  # type: ignore[no-untyped-def]
    with folder() as tmp, build_tree(tmp / "w.okr", spec) as ws:
        path = _hand_out_one(ws, tmp, pick)
        if path is None:
            return
        edit(ws, plenary)
        before = content(ws)
        preview = merge_plan(ws, [path])
        assert preview.empty and not preview.conflicts and not preview.refused
        services.apply_merge(ws, preview)
        assert content(ws) == before
        assert all(r.merged_at for r in ws.snapshot().breakouts.values())


@SETTINGS
@given(
    spec=workshops(),
    pick=st.integers(0, 9),
    group=EDITS.filter(bool),
    plenary=EDITS,
    answers=st.lists(st.booleans(), max_size=12),
)
def test_merge_then_undo_gives_back_every_row_and_field(
    spec, pick, group, plenary, answers
) -> None:  # type: ignore[no-untyped-def]
    with folder() as tmp, build_tree(tmp / "w.okr", spec) as ws:
        path = _hand_out_one(ws, tmp, pick)
        if path is None:
            return
        with Workshop.open(path) as b:
            event(f"group edits: {min(edit(b, group), 3)}")
        edit(ws, plenary)
        before = rows(ws)
        preview = merge_plan(ws, [path])
        event(f"conflicts: {min(len(preview.conflicts), 2)}")
        event(f"refused: {bool(preview.refused)}")
        chosen = {
            c.key: THEIRS if answers and answers[i % len(answers)] else OURS
            for i, c in enumerate(preview.conflicts)
        }
        try:
            change = services.apply_merge(ws, preview, chosen)
        except EditRefused as exc:  # theirs made a circle: ours never does
            assert "circle" in str(exc)
            assert rows(ws) == before
            change = services.apply_merge(ws, preview)
        assert checks(ws.path) == (["ok"], [])
        data = ws.snapshot()
        assert all(k.objective_id in data.objectives for k in data.key_results.values())
        services.undo(ws, change)
        assert rows(ws) == before
