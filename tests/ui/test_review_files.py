"""File → Start Next Cycle… and File → Export Review Booklet… from the window."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from okr_studio import services
from tests.core._pdf_read import pdf_text, squash
from tests.ui.review_build import cycle
from tests.ui.shell_build import rows


@pytest.fixture
def opened(window, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "acme.okr"
    ids = cycle(path)
    assert window.open_path(path)
    return window, path, ids


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_start_next_cycle_writes_a_new_file_opens_it_and_leaves_this_one(
    opened, answers, tmp_path: Path
):
    window, path, ids = opened
    doc = window.document
    doc.execute(lambda ws: services.review_objective(ws, ids["obj"], decision="keep"))
    doc.execute(lambda ws: services.review_objective(ws, ids["top"], decision="drop"))
    before = _digest(path)
    new = tmp_path / "next.okr"
    answers.add("confirm", True).add("ask_save_path", new)
    assert window.review_acts.next_cycle.isEnabled()
    window.review_acts.next_cycle.trigger()
    question = answers.texts("confirm")[0]
    assert "Start 2027 Q2 from this review?" in question
    assert "1 objectives to keep" in question and "1 objectives decided “drop”" in question
    assert window.document.path == new
    assert "2027 Q2" in window.statusBar().currentMessage()
    assert _digest(path) == before  # the old file is not changed
    got = rows(new, "SELECT title, carried_score, decision FROM objective")
    assert got == [("Paying is a joy", 0.5, "")]
    krs = rows(new, "SELECT title, baseline, carried_score FROM key_result ORDER BY position")
    assert krs == [
        ("Raise conversion from 2 to 4 %", 2.0, None),
        ("Cut failed payments from 5 to 1 %", 3.0, 0.5),  # starts from its last actual
    ]
    assert rows(new, "SELECT cycle, cycle_start, cycle_end FROM workshop") == [
        ("2027 Q2", "2027-04-01", "2027-06-30")
    ]
    # Last cycle's score beside the objective in the new file's inspector.
    window.document.select(("objective", window.document.data.objectives_of(ids["team"])[0].id))
    assert window.inspector.review.last_cycle.text() == "Last cycle: 0.5 yellow"


def test_undecided_objectives_are_named_and_cancel_writes_nothing(opened, answers, tmp_path):
    window, path, _ids = opened
    answers.add("confirm", False)
    window.review_acts.next_cycle.trigger()
    detail = answers.texts("confirm")[0]
    assert "2 objectives have no decision yet" in detail
    assert "Customers love us; Paying is a joy" in detail
    assert window.document.path == path
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".okr") == ["acme.okr"]


def test_the_next_cycle_refuses_a_file_that_exists(opened, answers, tmp_path: Path):
    window, path, _ids = opened
    taken = tmp_path / "taken.okr"
    taken.write_bytes(b"not ours")
    answers.add("confirm", True).add("ask_save_path", taken).add("show_error", None)
    window.review_acts.next_cycle.trigger()
    assert "already exists" in answers.texts("show_error")[0]
    assert taken.read_bytes() == b"not ours"
    assert window.document.path == path


def test_export_review_booklet_writes_the_pdf_with_the_scores(opened, answers, tmp_path: Path):
    window, _path, ids = opened
    doc = window.document
    doc.execute(lambda ws: services.review_objective(ws, ids["obj"], learned="Wallets <b>& 😀"))
    out = tmp_path / "out" / "review.pdf"
    out.parent.mkdir()
    answers.add("ask_review_pdf_path", out).add("confirm", False)
    window.review_acts.export_review.trigger()
    assert out.is_file()
    text = squash(pdf_text(out))
    assert "Paying is a joy" in text and "Wallets <b>&" in text
    assert "0.5" in text
    assert "Wrote the review booklet" in answers.texts("confirm")[0]


def test_export_review_booklet_cancelled_at_the_file_chooser_writes_nothing(
    opened, answers, tmp_path: Path
):
    window, _path, _ids = opened
    answers.add("ask_review_pdf_path", None)
    window.review_acts.export_review.trigger()
    assert not list(tmp_path.glob("*.pdf"))
