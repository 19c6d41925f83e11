"""A coach panel made without a parent is deleted when its last reference goes, not
left to Python's cycle collector: a collection can start in the middle of Qt
delivering an event to the panel (PySide allocates while it looks for a Python
override), and deleting the panel there crashed the interpreter (ui/lifetime.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.real_shaped import build_real_shaped
from ui.coach_panel import CoachView
from ui.lifetime import weak_method


@contextmanager
def collector_off() -> Iterator[None]:
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _gone_flags(panel: CoachView) -> list[str]:
    gone: list[str] = []
    # Functions that do not refer to the panel: only its deletion is recorded.
    panel.destroyed.connect(lambda *_: gone.append("panel"))
    panel.tree.destroyed.connect(lambda *_: gone.append("tree"))
    return gone


@pytest.mark.parametrize("shown", [True, False], ids=["shown", "never shown"])
def test_a_coach_panel_dropped_is_deleted_at_once(document, qtbot, tmp_path, shown: bool):
    """As the tests' panels are: one shown, the others made to compare with and
    dropped when the next is made."""
    doc = document(build_real_shaped(tmp_path / "drop.okr").path)
    with collector_off():
        panel = CoachView(doc)
        if shown:
            panel.show()
            qtbot.waitExposed(panel)
        doc.publish_findings()
        assert panel.rows.listed()  # rows made, and the filters asked through the rows
        gone = _gone_flags(panel)
        wrapper = weakref.ref(panel)
        del panel
        assert wrapper() is None, "the panel's Python side waits for the cycle collector"
        assert sorted(gone) == ["panel", "tree"]


def test_a_weak_method_calls_its_object_while_it_lives():
    class Owner:
        def twice(self, n: int) -> int:
            return 2 * n

    owner = Owner()
    call = weak_method(owner.twice, -1)
    assert call(4) == 8
    with collector_off():
        del owner  # freed at once: the callable does not keep it
        assert call(4) == -1
