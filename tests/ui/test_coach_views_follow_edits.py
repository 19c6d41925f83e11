"""After a series of edits, undos and redos, the canvas's badges and the coach panel's
list, which update only the items whose findings changed, show exactly what they show
after a whole fresh check of the workshop: no badge or row is left stale."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from okr_studio import coach, services
from okr_studio.errors import OkrError
from okr_studio.events import Change
from okr_studio.numbers import locale_of
from tests.core.edit_steps import KINDS, Session
from tests.generate import generate
from tests.real_shaped import build_real_shaped
from tests.ui.coach_rows import all_rows, assert_like_full, full_fill, rows_made
from ui.canvas.badges import badges_for
from ui.coach_panel import CoachView
from ui.coach_panel_rows import EAGER_LIMIT, SLICE_ROWS
from ui.document import Document
from ui.tree_items import child_items, top_items

TITLES = (
    "",
    "Launch the new app",
    "Raise weekly active teams from 120 to 180",
    "Complete three refactoring tickets",
    "Customers succeed on their own in the first week",
    "<b>&amp; 😀 שלום",
)


def _fresh_findings(doc: Document) -> list[coach.Finding]:
    return coach.check(doc.data, locale_of().language, today=doc.clock())


def _step(doc: Document, rng: random.Random) -> None:
    kind = rng.choice([*KINDS, "check_in", "accept", "reopen"])
    a, b = rng.randrange(10_000), rng.randrange(10_000)
    try:
        if kind == "undo":
            if doc.undo_stack.canUndo():
                doc.undo()
        elif kind == "redo":
            if doc.undo_stack.canRedo():
                doc.redo()
        elif kind == "check_in" and doc.data.key_results:
            kr = sorted(doc.data.key_results)[a % len(doc.data.key_results)]
            day = dt.date(2027, 2, 1) - dt.timedelta(days=b % 60)
            doc.execute(lambda ws: services.add_check_in(ws, kr, float(b % 90), date=day))
        elif kind == "accept":
            found = [f for f in doc.coach_report.findings if f.is_open]
            if found:
                f = found[a % len(found)]
                doc.execute(
                    lambda ws: services.accept_finding(ws, f.code, f.item_kind, f.item_id, "Kept")
                )
        elif kind == "reopen" and doc.data.accepted:
            row = sorted(doc.data.accepted)[a % len(doc.data.accepted)]
            doc.execute(lambda ws: services.reopen_finding(ws, row))
        elif kind != "collapse":
            title = rng.choice(TITLES)
            edit = SimpleNamespace(ws=doc.workshop, data=doc.data)
            doc.execute(lambda ws: Session._edit(edit, kind, a, b, title) or Change("Nothing"))  # type: ignore[arg-type]
    except OkrError:
        pass


def _assert_like_fresh(doc: Document, view, panel: CoachView, qtbot, lazy: bool) -> None:  # type: ignore[no-untyped-def]
    report = doc.publish_findings()
    fresh = _fresh_findings(doc)
    assert list(report.findings) == fresh
    scene = view.canvas_scene
    assert scene.badges == badges_for(doc.data, fresh)
    for key, card in scene.cards.made.items():
        assert card.badge == scene.badges.get(key), key
    again = full_fill(doc, show_accepted=panel.show_accepted.isChecked())
    qtbot.addWidget(again)
    assert_like_full(panel, again)
    if not lazy:
        assert all_rows(panel) == all_rows(again)
    open_ = sum(1 for f in fresh if f.is_open)
    assert panel.counts.text().startswith(f"{open_} open")


def _toggle(panel: CoachView, rng: random.Random) -> None:
    """Expand or collapse a severity or a group of the list, as a facilitator does."""
    rows = [row for top in top_items(panel.tree) for row in (top, *child_items(top))]
    if rows:
        row = rng.choice(rows)
        row.setExpanded(not row.isExpanded())


@pytest.mark.parametrize(
    ("tree", "day", "seed"),
    [
        ("generated", None, 1),
        ("generated", dt.date(2027, 2, 20), 2),
        ("real-shaped", None, 3),
        ("real-shaped", dt.date(2027, 5, 1), 4),
    ],
)
@pytest.mark.parametrize("lazy", [False, True], ids=["every row", "rows when opened"])
def test_badges_and_panel_after_edits_equal_a_fresh_check(
    canvas, qtbot, tmp_path: Path, tree: str, day: dt.date | None, seed: int, lazy: bool
):
    """``lazy``: the list counts as long (its groups' rows are made when they are
    opened, two at a time), and rows are opened and closed between the edits."""
    if tree == "generated":
        path = generate(
            tmp_path / "gen.okr", departments=2, teams=8, objectives=30, key_results=100
        )
    else:
        path = build_real_shaped(tmp_path / "real.okr").path
    doc, view = canvas(path)
    doc.clock = lambda: day
    with rows_made(0, 2) if lazy else rows_made(EAGER_LIMIT, SLICE_ROWS):
        panel = CoachView(doc)
        qtbot.addWidget(panel)
        panel.show()
        doc.publish_findings()
        rng, opening = random.Random(seed), random.Random(seed + 100)
        for i in range(60):
            _step(doc, rng)
            if lazy:
                for _ in range(2):
                    _toggle(panel, opening)
                if i % 10 == 5:  # the list made again, with what is open
                    panel.show_accepted.toggle()
                    panel.show_accepted.toggle()
            if i % 3 != 1:  # some reports follow more than one edit
                _assert_like_fresh(doc, view, panel, qtbot, lazy)
            if i == 30:
                panel.show_accepted.setChecked(True)  # accepted rows listed too


def test_a_badge_moves_with_its_key_result_and_the_panel_row_goes(canvas, qtbot, tmp_path):
    path = build_real_shaped(tmp_path / "move.okr").path
    doc, view = canvas(path)
    panel = CoachView(doc)
    qtbot.addWidget(panel)
    doc.publish_findings()
    kr = next(k for k in doc.data.key_results.values() if k.title)
    doc.execute(lambda ws: services.update_key_result(ws, kr.id, title=""))
    doc.publish_findings()
    card = ("objective", kr.objective_id)
    assert dict(view.canvas_scene.badges[card].rows).get(kr.id) == "error"
    assert any("No title" in text for _d, text in all_rows(panel))
    doc.undo()
    doc.publish_findings()
    badge = view.canvas_scene.badges.get(card)
    assert badge is None or kr.id not in dict(badge.rows)
    assert view.canvas_scene.badges == badges_for(doc.data, _fresh_findings(doc))
