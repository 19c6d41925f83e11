"""Reading a key result's score back from where it is shown: the review PDF and ``progress``.

One test reads the same key result's score everywhere it is shown and compares them;
the app's views (card, outline) add their own readers beside these.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from xml.etree import ElementTree

from okr_studio.data import WorkshopData
from okr_studio.pdf.review_sheet import actual_lines
from okr_studio.scores import key_result_score

_XHTML = "{http://www.w3.org/1999/xhtml}"


def _blocks(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, x, y, text) of every text block, read by pdftotext with its boxes."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    blocks = []
    for page_no, page in enumerate(ElementTree.fromstring(out).iter(f"{_XHTML}page"), 1):
        for block in page.iter(f"{_XHTML}block"):
            words = [w.text or "" for w in block.iter(f"{_XHTML}word")]
            x, y = float(block.get("xMin", 0)), float(block.get("yMin", 0))
            blocks.append((page_no, x, y, " ".join(words)))
    return blocks


def pdf_score(pdf: Path, data: WorkshopData, kr_id: int) -> str:
    """The score printed in the review booklet on the row of key result ``kr_id``: the
    text of the Score column's cell level with its "baseline → target → actual" cell."""
    from okr_studio.pdf.context import SheetContext

    kr = data.key_results[kr_id]
    ctx = SheetContext(data, None, 0)  # type: ignore[arg-type]
    line = " ".join(actual_lines(ctx, kr, key_result_score(data, kr_id))[0].split())
    blocks = _blocks(pdf)
    rows = [(p, y) for p, _x, y, text in blocks if text.startswith(line)]
    assert len(rows) == 1, f"{line!r} is printed {len(rows)} times"
    page, y = rows[0]
    headers = [x for p, x, _y, text in blocks if p == page and text == "Score"]
    checkins = [x for p, x, _y, text in blocks if p == page and text == "Check-ins"]
    assert headers and checkins, "no key result table on that page"
    cells = [
        text
        for p, x, y2, text in blocks
        if p == page and abs(y2 - y) < 3 and headers[0] - 2 <= x < checkins[0] - 2
    ]
    assert len(cells) == 1, cells
    return cells[0]


def progress_score(output: str, title: str) -> str:
    """The score and colour ``okr-studio progress --key-results`` prints for a key result."""
    lines = [line for line in output.splitlines() if line.rstrip().endswith(f"· {title}")]
    assert len(lines) == 1, lines
    number, word, *_rest = lines[0].replace("no score", "no_score").split()
    return f"{number} {word.replace('no_score', 'no score')}"
