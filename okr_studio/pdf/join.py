"""Join PDF parts into one file, streaming, with one outline and one set of page numbers.

A large booklet is laid out in parts (:mod:`okr_studio.pdf.parts`) so that only
one part's pages are ever held in memory. This writes them out as one PDF to a
file object, object by object: every object a part's pages use is copied once
under a new number (its stream bytes as they are), the part's own page tree,
catalog and outline are left behind, and one page tree, outline, table of named
destinations and catalog are written for the whole file.

What a part could not know when it was laid out (the page count in "page x of
y", the page numbers of the contents) is drawn at the end into *late forms*
(form XObjects, in a small PDF of their own); each part's empty stand-in of a
late form is replaced by the real one, found by its name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from okr_studio.pdf.pdfsyntax import Name, PdfSyntaxError, Ref, Source, rewrite, serialize

__all__ = ["OutlineEntry", "join", "text_string"]

_XOBJECT = re.compile(rb"/FormXob\.([^\s()<>\[\]{}/%]+)[\s\x00]+([0-9]+)[\s\x00]+0[\s\x00]+R")


@dataclass(frozen=True)
class OutlineEntry:
    """One bookmark: its title, its depth (0 = top), whether it starts closed, its page."""

    title: str
    level: int
    closed: bool
    page: int  # 1-based, in the joined file
    place: tuple[float, float] | None = None  # a place on the page, else the whole page


def _dest(page: int, place: tuple[float, float] | None) -> bytes:
    if place is None:
        return b"[%d 0 R /Fit]" % page
    x, y = ((b"%.5f" % v).rstrip(b"0").rstrip(b".") for v in place)
    return b"[%d 0 R /XYZ %s %s 0]" % (page, x, y)


class _Out:
    """Writes numbered objects to a file object and remembers where each one starts."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.pos = 0
        self.offsets: dict[int, int] = {}
        self.count = 0

    def reserve(self) -> int:
        self.count += 1
        return self.count

    def raw(self, data: bytes | memoryview) -> None:
        self.fh.write(data)
        self.pos += len(data)

    def obj(self, num: int, body: bytes, stream: memoryview | None = None) -> None:
        self.offsets[num] = self.pos
        self.raw(b"%d 0 obj\n" % num)
        self.raw(body)
        if stream is not None:
            self.raw(b"\nstream\n")
            self.raw(stream)
            self.raw(b"\nendstream")
        self.raw(b"\nendobj\n")


def _retag(index: int) -> Callable[[bytes], bytes]:
    """Font subset tags (``/AAAAAB+``) made unique per part: the same tag in two parts
    names two different subsets."""

    def rename(tag: bytes) -> bytes:
        old = 0
        for ch in tag[1:7]:
            old = old * 26 + ch - 65
        new = old + index * 26**3
        return b"/" + bytes(65 + (new // 26**k) % 26 for k in range(5, -1, -1)) + b"+"

    return rename


def _copy(
    out: _Out,
    src: Source,
    roots: Sequence[int],
    fixed: dict[int, int],
    rename: Callable[[bytes], bytes],
) -> dict[int, int]:
    """Copy every object ``roots`` reach in ``src``; ``fixed`` maps objects not to copy."""
    mapping = dict(fixed)
    queue: list[int] = []

    def number(old: int) -> int:
        num = mapping.get(old)
        if num is None:
            num = mapping[old] = out.reserve()
            queue.append(old)
        return num

    for root in roots:
        number(root)
    while queue:
        old = queue.pop()
        text, stream = src.split(old)
        out.obj(mapping[old], rewrite(text, number, rename), stream)
    return mapping


def _forms(src: Source) -> dict[bytes, int]:
    """Form XObject name → object number, as the part's pages name them."""
    return {m.group(1): int(m.group(2)) for m in _XOBJECT.finditer(src.data)}


def text_string(text: str) -> bytes:
    """A PDF text string: plain ASCII as a literal, anything else as UTF-16 with a BOM."""
    if text.isascii() and text.isprintable():
        escaped = text.encode("ascii").replace(b"\\", b"\\\\")
        return b"(" + escaped.replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _outline(out: _Out, entries: Sequence[OutlineEntry], pages: Sequence[int]) -> int | None:
    """Write the bookmarks as a tree (by level); returns the /Outlines object's number."""
    if not entries:
        return None
    nums = [out.reserve() for _ in entries]
    root = out.reserve()
    children: dict[int, list[int]] = {-1: []}  # entry index (-1 = the root) → children
    parent_of: dict[int, int] = {}
    position: dict[int, int] = {}  # entry index → its place among its siblings
    stack: list[int] = []
    for i, entry in enumerate(entries):
        while stack and entries[stack[-1]].level >= entry.level:
            stack.pop()
        parent = stack[-1] if stack else -1
        siblings = children.setdefault(parent, [])
        position[i] = len(siblings)
        siblings.append(i)
        parent_of[i] = parent
        stack.append(i)

    def visible(i: int) -> int:  # descendants shown when ``i`` is open
        return sum(1 + (visible(c) if not entries[c].closed else 0) for c in children.get(i, []))

    counts = {i: visible(i) for i in range(len(entries))}
    for i, entry in enumerate(entries):
        kids = children.get(i, [])
        parent = parent_of[i]
        siblings, at = children[parent], position[i]
        body = [
            b"<< /Title " + text_string(entry.title),
            b" /Parent %d 0 R" % (nums[parent] if parent >= 0 else root),
            b" /Dest " + _dest(pages[entry.page - 1], entry.place),
        ]
        if at > 0:
            body.append(b" /Prev %d 0 R" % nums[siblings[at - 1]])
        if at + 1 < len(siblings):
            body.append(b" /Next %d 0 R" % nums[siblings[at + 1]])
        if kids:
            count = -counts[i] if entry.closed else counts[i]
            body.append(
                b" /First %d 0 R /Last %d 0 R /Count %d" % (nums[kids[0]], nums[kids[-1]], count)
            )
        out.obj(nums[i], b"".join(body) + b" >>")
    top = children[-1]
    total = sum(1 + (counts[c] if not entries[c].closed else 0) for c in top)
    out.obj(
        root,
        b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
        % (nums[top[0]], nums[top[-1]], total),
    )
    return root


def _dests(
    out: _Out, dests: dict[str, tuple[int, tuple[float, float] | None]], pages: Sequence[int]
) -> int | None:
    """A table of named destinations (key → page and place), for links between parts."""
    if not dests:
        return None
    items = sorted((text_string(k), v) for k, v in dests.items())
    body = b" ".join(key + b" " + _dest(pages[page - 1], at) for key, (page, at) in items)
    num = out.reserve()
    out.obj(num, b"<< /Names [" + body + b"] >>")
    return num


def join(
    parts: Sequence[bytes],
    late: bytes,
    fh: BinaryIO,
    *,
    outline: Sequence[OutlineEntry] = (),
    dests: dict[str, tuple[int, tuple[float, float] | None]] | None = None,
    tick: Callable[[], None] | None = None,
) -> int:
    """Write ``parts`` as one PDF to ``fh``; returns the number of pages.

    ``late`` is a PDF whose pages use the late forms by name; a part's forms of
    the same names are replaced by them. ``tick`` is called after each part.
    """
    if not parts:
        raise PdfSyntaxError("nothing to join")
    out = _Out(fh)
    out.raw(b"%PDF-1.4\n%\x93\x8c\x8b\x9e OKR Studio\n")
    catalog, page_tree = out.reserve(), out.reserve()
    late_src = Source(late)
    late_forms = _forms(late_src)
    copied = _copy(out, late_src, list(late_forms.values()), {}, _retag(0))
    replaced = {name: copied[num] for name, num in late_forms.items()}
    page_nums: list[int] = []
    info: int | None = None
    first_id: Any = None
    for index, data in enumerate(parts, start=1):
        src = Source(data)
        pages, nodes = src.page_tree()
        fixed = {num: replaced[name] for name, num in _forms(src).items() if name in replaced}
        fixed.update(dict.fromkeys(nodes, page_tree))
        mapping = _copy(out, src, pages, fixed, _retag(index))
        page_nums += [mapping[p] for p in pages]
        info_ref = src.trailer.get(Name(b"/Info"))
        if info is None and isinstance(info_ref, Ref):
            info = _copy(out, src, [info_ref.num], {}, _retag(index))[info_ref.num]
            first_id = src.trailer.get(Name(b"/ID"))
        del src, data
        if tick is not None:
            tick()
    outlines = _outline(out, outline, page_nums)
    names = _dests(out, dict(dests or {}), page_nums)
    kids = b" ".join(b"%d 0 R" % n for n in page_nums)
    out.obj(page_tree, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(page_nums), kids))
    cat = [b"<< /Type /Catalog /Pages %d 0 R /PageMode /UseNone" % page_tree]
    if outlines is not None:
        cat.append(b" /Outlines %d 0 R" % outlines)
    if names is not None:
        cat.append(b" /Names << /Dests %d 0 R >>" % names)
    out.obj(catalog, b"".join(cat) + b" >>")
    _trailer(out, catalog, info, first_id, len(page_nums))
    return len(page_nums)


def _trailer(out: _Out, catalog: int, info: int | None, first_id: Any, pages: int) -> None:
    xref = out.pos
    size = out.count + 1
    lines = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    lines += [b"%010d 00000 n \n" % out.offsets[n] for n in range(1, size)]
    out.raw(b"".join(lines))
    seed = serialize(first_id, lambda r: r.num) if first_id is not None else b""
    digest = hashlib.md5(seed + b"%d" % pages, usedforsecurity=False).hexdigest().encode()
    trailer = b"trailer\n<< /Size %d /Root %d 0 R" % (size, catalog)
    if info is not None:
        trailer += b" /Info %d 0 R" % info
    trailer += b" /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (digest, digest, xref)
    out.raw(trailer)
