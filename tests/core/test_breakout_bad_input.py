"""Breakout files that cannot be merged: each refused with a clear message, nothing written.

Damaged and truncated files, a newer version, the same file twice (or two copies
of one breakout), a breakout of a breakout, another workshop's breakout, a file
that is no breakout, a base that does not match the hand-out. And text that is
hard to carry (10,000 characters, markup, emoji, right-to-left) arrives whole.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.breakouts import merge_plan
from okr_studio.errors import (
    DamagedWorkshopError,
    NewerVersionError,
    NotAWorkshopError,
    OkrError,
    WorkshopFileError,
)
from okr_studio.store import Workshop
from okr_studio.vocab import SCHEMA_VERSION
from tests.core.breakout_build import Tree, build, handed, master, rows

PAGE = 4096


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[tuple[Workshop, Tree]]:
    ws, tree = master(tmp_path)
    yield ws, tree
    ws.close()


def _sql(*statements: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            for statement in statements:
                conn.execute(statement)
        finally:
            conn.close()

    return make


def _cut(keep: Callable[[int], int]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: keep(len(data))])

    return make


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE // 2) * PAGE
    data[middle : middle + PAGE] = bytes(range(256)) * (PAGE // 256)
    path.write_bytes(bytes(data))


DAMAGE: dict[str, tuple[Callable[[Path], None], type[OkrError], str]] = {
    "truncated to half": (_cut(lambda n: (n // PAGE // 2) * PAGE), DamagedWorkshopError, ""),
    "last byte missing": (_cut(lambda n: n - 1), DamagedWorkshopError, ""),
    "first 100 bytes only": (_cut(lambda n: 100), DamagedWorkshopError, ""),
    "a page scribbled over": (_scribble, DamagedWorkshopError, ""),
    "empty": (lambda p: p.write_bytes(b""), NotAWorkshopError, ""),
    "text": (lambda p: p.write_text("Payments breakout notes\n"), NotAWorkshopError, ""),
    "newer version": (_sql(f"PRAGMA user_version={SCHEMA_VERSION + 1}"), NewerVersionError, ""),
    "table dropped": (_sql("DROP TABLE breakout_origin"), DamagedWorkshopError, ""),
    "origin removed": (_sql("DELETE FROM breakout_origin"), OkrError, "is not a breakout file"),
    "base edited": (
        _sql("UPDATE breakout_origin SET base = replace(base, 'Wallets', 'Purses')"),
        OkrError,
        "does not match the hand-out",
    ),
    "base not json": (
        _sql("UPDATE breakout_origin SET base = '{\"units\": [1, 2'"),
        OkrError,
        "is damaged: its record of the state it was handed out from",
    ),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_a_damaged_breakout_is_refused_and_the_workshop_is_unchanged(
    tmp_path: Path, plan: tuple[Workshop, Tree], case: str
) -> None:
    ws, t = plan
    [path] = handed(ws, tmp_path / "out", [t.payments])
    with Workshop.open(path) as b:
        services.update_key_result(b, t.wallets, target=9)
    damage, error, words = DAMAGE[case]
    damage(path)
    before = rows(ws)
    with pytest.raises(error, match=words or None) as caught:
        merge_plan(ws, [path])
    assert path.name in str(caught.value)
    assert rows(ws) == before


def test_a_missing_file_is_named(tmp_path: Path, plan: tuple[Workshop, Tree]) -> None:
    ws, _t = plan
    with pytest.raises(WorkshopFileError, match=r"gone\.okr"):
        merge_plan(ws, [tmp_path / "gone.okr"])


def test_the_same_file_twice_is_refused(tmp_path: Path, plan: tuple[Workshop, Tree]) -> None:
    ws, t = plan
    [path] = handed(ws, tmp_path / "out", [t.payments])
    before = rows(ws)
    with pytest.raises(OkrError, match="is listed twice"):
        merge_plan(ws, [path, tmp_path / "out" / ".." / "out" / path.name])
    copy = tmp_path / "copy.okr"
    shutil.copyfile(path, copy)
    with pytest.raises(OkrError, match="are copies of the same breakout"):
        merge_plan(ws, [path, copy])
    assert rows(ws) == before


def test_the_workshop_itself_is_not_a_breakout(tmp_path: Path, plan: tuple[Workshop, Tree]) -> None:
    ws, t = plan
    handed(ws, tmp_path / "out", [t.payments])
    with pytest.raises(OkrError, match="is the workshop itself"):
        merge_plan(ws, [ws.path])


def test_a_breakout_of_another_workshop_is_refused(
    tmp_path: Path, plan: tuple[Workshop, Tree]
) -> None:
    ws, _t = plan
    with Workshop.create(tmp_path / "other.okr", name="Other Corp") as other:
        o = build(other)
        [path] = handed(other, tmp_path / "theirs", [o.risk])
    before = rows(ws)
    with pytest.raises(OkrError, match=r"is a breakout of another workshop \(“Other Corp”\)"):
        merge_plan(ws, [path])
    assert rows(ws) == before


def test_a_copy_made_before_the_hand_out_has_no_record_of_it(
    tmp_path: Path, plan: tuple[Workshop, Tree]
) -> None:
    ws, t = plan
    early = ws.save_as(tmp_path / "early.okr")  # the same workshop, before the hand-out
    ws_path = tmp_path / "plan.okr"
    with Workshop.open(ws_path) as again:
        [path] = handed(again, tmp_path / "out", [t.payments])
    with pytest.raises(OkrError, match="has no record of that hand-out"):
        merge_plan(early, [path])
    early.close()


def test_a_breakout_of_a_breakout_is_refused(tmp_path: Path, plan: tuple[Workshop, Tree]) -> None:
    ws, t = plan
    [path] = handed(ws, tmp_path / "out", [t.product])
    with Workshop.open(path) as b:
        before = rows(b)
        with pytest.raises(OkrError, match="is itself a breakout"):  # merged into a breakout
            merge_plan(b, [path])
        assert rows(b) == before
    # a file handed out from the breakout (by another program: the app refuses to)
    inner = tmp_path / "inner.okr"
    shutil.copyfile(path, inner)
    _sql("UPDATE breakout_origin SET breakout_uid = 'c0ffee00-0000-4000-8000-000000000000'")(inner)
    before = rows(ws)
    with pytest.raises(OkrError, match="a breakout of a breakout"):
        merge_plan(ws, [inner])
    assert rows(ws) == before


def test_hard_text_arrives_whole(tmp_path: Path, plan: tuple[Workshop, Tree]) -> None:
    ws, t = plan
    long = "Ω" * 10_000
    hard = "<b>AT&T</b> &amp; 😀👩‍👩‍👧 שלום مرحبا 数据 e\u0301 \t tab"
    [path] = handed(ws, tmp_path / "out", [t.payments])
    with Workshop.open(path) as b:
        services.update_objective(b, t.pay, title=hard, notes=long)
        services.add_key_result(b, t.pay, hard + " 2", metric=long)
    services.apply_merge(ws, merge_plan(ws, [path]))
    data = ws.snapshot()
    assert (data.objectives[t.pay].title, data.objectives[t.pay].notes) == (hard, long)
    [kr] = [k for k in data.key_results.values() if k.title == hard + " 2"]
    assert kr.metric == long
