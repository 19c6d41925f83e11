"""Packing the overview's blocks: reading order, and a small branch floats into room left."""

from __future__ import annotations

from okr_studio.pdf.overview import pack
from okr_studio.pdf.overview_page import Block


def _block(name: str, w: float, h: float, *, whole: bool = True) -> Block:
    mark = (name, name, 1) if whole else None
    return Block(None, None, (0.0, 0.0, w, h), 1.0, "", bookmark=mark)  # type: ignore[arg-type]


def _pages(blocks: list[Block]) -> list[list[str]]:
    names = {id(b): str(i) for i, b in enumerate(blocks)}
    return [[names[id(p.block)] for p in page] for page in pack(blocks, 800.0, 500.0)]


def test_a_small_branch_floats_into_the_room_a_big_one_leaves() -> None:
    small, big, later = _block("a", 300, 100), _block("b", 700, 450), _block("c", 400, 150)
    # before: "a" alone on its page (b fits neither beside nor below it), then b, then c
    assert _pages([small, big, later]) == [["0", "2"], ["1"]]


def test_reading_order_when_everything_fits_and_parts_of_a_branch_never_float() -> None:
    blocks = [_block("a", 300, 100), _block("b", 300, 100), _block("c", 300, 100)]
    assert _pages(blocks) == [["0", "1", "2"]]
    head, part = _block("h", 700, 450), _block("p", 300, 100, whole=False)
    # the part of a split branch would fit beside "a", but never goes before its branch
    assert _pages([_block("a", 300, 100), head, part]) == [["0"], ["1"], ["2"]]
    # a branch's head followed by its own parts is not a whole branch: it stays in order
    lead = _block("l", 300, 100)
    assert _pages([_block("a", 300, 100), head, lead, part]) == [["0"], ["1"], ["2", "3"]]
