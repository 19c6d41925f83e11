"""The coach panel's list checked against a full fill: every row made at once, as the
panel made them before it made rows only for what can be seen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from ui import coach_panel_rows
from ui.coach_panel import CoachView
from ui.document import Document
from ui.tree_items import child_items, top_items


@contextmanager
def rows_made(eager_limit: int, slice_rows: int) -> Iterator[None]:
    """Lists of up to ``eager_limit`` findings have every row made; rows come
    ``slice_rows`` at a time."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(coach_panel_rows, "EAGER_LIMIT", eager_limit)
        mp.setattr(coach_panel_rows, "SLICE_ROWS", slice_rows)
        yield


def full_fill(doc: Document, *, show_accepted: bool = False) -> CoachView:
    """A new panel on ``doc`` with every row made (close it after use)."""
    with rows_made(10**9, 10**9):
        view = CoachView(doc)
        view.show_accepted.setChecked(show_accepted)
    return view


def all_rows(view: CoachView) -> list[tuple[int, str]]:
    """Every row made in the panel's list, with its depth, in order."""
    out = []
    for top in top_items(view.tree):
        out.append((0, top.text(0)))
        for group in child_items(top):
            out.append((1, group.text(0)))
            out += [(2, leaf.text(0)) for leaf in child_items(group)]
    return out


def assert_like_full(view: CoachView, full: CoachView) -> None:
    """``view`` lists what the full fill ``full`` lists: the same findings in the same
    order and the same severities with their counts; where a severity's group rows are
    made (always when it is expanded) they are all its groups with their counts, and
    where a group's finding rows are made (always when it is expanded) they are all of
    them, as the full fill shows them."""
    view.rows.complete()  # the slices still to come
    assert view.rows.listed() == full.rows.listed()
    tops, full_tops = top_items(view.tree), top_items(full.tree)
    assert [t.text(0) for t in tops] == [t.text(0) for t in full_tops]
    for top, full_top in zip(tops, full_tops, strict=True):
        groups, full_groups = child_items(top), child_items(full_top)
        if top.isExpanded() or groups:
            assert [g.text(0) for g in groups] == [g.text(0) for g in full_groups]
        for group, full_group in zip(groups, full_groups, strict=False):
            leaves = child_items(group)
            if group.isExpanded() or leaves:
                full_leaves = child_items(full_group)
                assert [leaf.text(0) for leaf in leaves] == [leaf.text(0) for leaf in full_leaves]
                assert [leaf.data(0, coach_panel_rows.FINDING_ROLE) for leaf in leaves] == [
                    leaf.data(0, coach_panel_rows.FINDING_ROLE) for leaf in full_leaves
                ]
