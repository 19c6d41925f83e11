"""One score, the same everywhere: a key result's and its objective's score read from the
card (review mode), the outline, the inspector, the review booklet (its text, read back
by pdftotext) and ``okr-studio progress``, all in one test."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_studio.cli import main
from okr_studio.sample import write_sample
from tests.core._pdf_read import HAVE_PDFTOTEXT
from tests.core.review_read import _blocks, pdf_score, progress_score
from ui.review_score import band_word

pytestmark = pytest.mark.skipif(not HAVE_PDFTOTEXT, reason="needs pdftotext")


def pdf_objective_scores(pdf: Path, title: str) -> dict[str, str]:
    """The objective's score on the scoreboard ("0.33 red": the Score and Colour cells of
    its row), on its card in the overview ("Score 0.33 · red" under its title) and on its
    team's sheet ("Score 0.33 (red) from 3 of 3 key results")."""
    blocks = _blocks(pdf)
    heads = {p: text for p, _x, y, text in blocks if y < 60}  # each page's heading
    out: dict[str, str] = {}

    def names(text: str) -> bool:  # the title, or the overview's card's elided title
        return text == title or (text.endswith("…") and title.startswith(text[:-1]))

    for page, x, y, _text in [b for b in blocks if names(b[3])]:
        head = heads.get(page, "")
        if head == "Scoreboard":
            cells = sorted((x2, t) for p, x2, y2, t in blocks if p == page and abs(y2 - y) < 3)
            out["pdf scoreboard"] = f"{cells[0][1]} {cells[1][1]}"  # Score, Colour columns
        elif head.startswith("Overview"):
            below = [
                (y2, t)
                for p, x2, y2, t in blocks
                if p == page and abs(x2 - x) < 1 and y2 > y and t.startswith("Score ")
            ]
            number, _dot, colour = min(below)[1].split()[1:4]
            out["pdf overview"] = f"{number} {colour}"
        else:
            said = [t for p, _x, _y, t in blocks if p == page and t.startswith("Score ")]
            assert len(said) == 1, said
            number, colour = said[0].split()[1:3]
            out["pdf sheet"] = f"{number} {colour.strip('()')}"
    assert set(out) == {"pdf scoreboard", "pdf overview", "pdf sheet"}, out
    return out


def progress_objective(output: str, title: str) -> str:
    """ "0.33 red" from the line of ``okr-studio progress`` naming the objective."""
    lines = [line for line in output.splitlines() if title[:40] in line]
    assert len(lines) == 1, lines
    number, word = lines[0].split()[:2]
    return f"{number} {word}"


@pytest.mark.parametrize(
    ("objective", "key_result"),
    [
        (  # a mean of 0.57, 0.43 and a keep-below that slipped: 1/3
            "Checkout stays fast on the busiest day of the year",
            "Cut p95 checkout API latency from 900 ms to 550 ms",
        ),
        (  # a decrease key result beside an increase and a milestone
            "Płatności przechodzą za pierwszym razem: payments go through first time",
            "Cut failed card payments in Poland from 5.1% to 2.5%",
        ),
    ],
)
def test_one_score_on_the_card_outline_inspector_pdf_and_progress(
    window, tmp_path: Path, capsys: pytest.CaptureFixture[str], objective: str, key_result: str
):
    path = write_sample(tmp_path / "sample.okr")
    assert window.open_path(path)
    window.review_acts.set_review(True)
    data = window.document.data
    obj = next(o for o in data.objectives.values() if o.title == objective)
    kr = next(k for k in data.key_results_of(obj.id) if k.title == key_result)
    shown_obj: dict[str, str] = {}
    shown_kr: dict[str, str] = {}

    review = window.canvas.canvas_scene.cards[("objective", obj.id)].content.review
    shown_obj["card"] = f"{review.mark.text} {band_word(review.mark.band)}"
    mark = review.row_mark(kr.id)
    shown_kr["card"] = f"{mark.text} {band_word(mark.band)}"

    for key, shown in ((("objective", obj.id), shown_obj), (("key_result", kr.id), shown_kr)):
        item = window.outline.item_for(key)
        number = item.text(0).split()[0]
        said = item.toolTip(0).rsplit("Score: ", 1)[1]
        assert said.split()[0] == number, (item.text(0), said)
        shown["outline"] = said
        window.document.select(key)
        shown["inspector"] = " ".join(window.inspector.review.score.plain.split()[:2])

    assert main(["export", str(path), "--review", "-o", str(tmp_path / "review.pdf")]) == 0
    pdf = tmp_path / "review.pdf"
    shown_kr["pdf"] = pdf_score(pdf, data, kr.id)
    shown_obj |= pdf_objective_scores(pdf, objective)

    capsys.readouterr()
    assert main(["progress", str(path), "--key-results"]) == 0
    out = capsys.readouterr().out
    shown_kr["progress"] = progress_score(out, key_result)
    shown_obj["progress"] = progress_objective(out, objective)

    assert len(set(shown_kr.values())) == 1, shown_kr
    assert len(set(shown_obj.values())) == 1, shown_obj
    assert shown_obj["card"] != "— no score" and shown_kr["card"] != "— no score"
