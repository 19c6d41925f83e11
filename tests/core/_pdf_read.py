"""Reading exported PDFs back, for the PDF tests (pdftotext when present, else pypdf)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader

HAVE_PDFTOTEXT = shutil.which("pdftotext") is not None
_XHTML = "{http://www.w3.org/1999/xhtml}"
BASE14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


def squash(text: str) -> str:
    """One space between words; compatibility forms (Arabic presentation forms) folded."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(path: Path, *, reading_order: bool = False) -> str:
    """The PDF's text, one text block (a table cell, a paragraph) per line.

    pdftotext's block layout keeps the lines of one table cell together even when
    the cells beside it wrap too; without pdftotext, pypdf's plain extraction.
    ``reading_order`` asks pdftotext for its plain text, in which right-to-left
    runs are put back in logical order (the block layout lists words as drawn).
    """
    if HAVE_PDFTOTEXT and reading_order:
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    if HAVE_PDFTOTEXT:
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        root = ElementTree.fromstring(out)
        blocks = []
        for block in root.iter(f"{_XHTML}block"):
            lines = [
                " ".join(w.text or "" for w in line.iter(f"{_XHTML}word"))
                for line in block.iter(f"{_XHTML}line")
            ]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def fonts_of(path: Path) -> dict[str, bool]:
    """Every font the PDF uses → whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        _collect(resources.get_object(), found, set())
    return found


def _collect(resources: object, found: dict[str, bool], seen: set[int]) -> None:
    fonts = resources.get("/Font")  # type: ignore[attr-defined]
    if fonts is not None:
        for ref in fonts.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            embedded = False
            for desc_holder in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                desc = desc_holder.get("/FontDescriptor")
                if desc is not None:
                    desc = desc.get_object()
                    embedded = embedded or any(
                        k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
                    )
            found[name] = found.get(name, False) or embedded
    xobjects = resources.get("/XObject")  # type: ignore[attr-defined]
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            key = id(ref.get_object())
            if key in seen:
                continue
            seen.add(key)
            inner = ref.get_object().get("/Resources")
            if inner is not None:
                _collect(inner.get_object(), found, seen)


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page number from 1) of every bookmark, in order."""
    reader = PdfReader(path)
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def page_count(path: Path) -> int:
    return len(PdfReader(path).pages)


def cell_text(path: Path) -> str:
    """Text regrouped by where it was drawn: consecutive lines that start at the same
    x position (one table cell or paragraph) are joined, so a title that wraps inside
    its cell reads as one string even when the cell beside it wraps too."""
    out: list[str] = []
    for page in PdfReader(path).pages:
        out += _page_cells(page)
    return "\n".join(out)


def _page_cells(page: object) -> list[str]:
    # (line start x, y, text, x of the last piece) in drawing order
    lines: list[list] = []

    def visit(text: str, cm: list, tm: list, _fd: object, _fs: object) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        text = text.strip("\n")
        lines.append([round(x, 1), y, text, x])

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    columns: dict[float, list[tuple[float, str]]] = {}
    for x, y, text, _end in lines:
        columns.setdefault(x, []).append((y, text))
    cells = []
    for column in columns.values():
        column.sort(key=lambda item: -item[0])
        current: list[str] = []
        last_y = None
        for y, text in column:
            if last_y is not None and last_y - y > 16:
                cells.append(" ".join(current))
                current = []
            current.append(text)
            last_y = y
        cells.append(" ".join(current))
    return cells


def missing_strings(path: Path, needles: list[str]) -> list[str]:
    """The needles not printed in the PDF.

    A needle counts as printed when it is in the text regrouped by table cell
    (whitespace squashed), or, for text whose font changes inside a line (CJK,
    where extractors insert spaces at font changes), in pdftotext's block text
    with all whitespace removed.
    """
    cells = squash(cell_text(path))
    blocks = "".join(squash(pdf_text(path)).split())
    return [
        n for n in needles if squash(n) not in cells and "".join(squash(n).split()) not in blocks
    ]
