"""Just enough PDF syntax to join PDF files that ReportLab wrote.

A booklet is laid out in parts (:mod:`okr_studio.pdf.parts`), each a small PDF
of its own, and joined into one file by :mod:`okr_studio.pdf.join`. That needs
to read a part's cross-reference table, its objects (a dictionary or array,
and a stream's bytes, which are copied as they are) and to write objects again
under new numbers. ReportLab writes classic cross-reference tables and no
object streams; anything else is refused with :class:`PdfSyntaxError`, so a
change in ReportLab shows up as a clear failure, never as a broken file.

Values: dictionaries are ``dict`` (keys are :class:`Name`), arrays ``list``,
references :class:`Ref`; names are :class:`Name` and every other token
(numbers, strings, booleans, null) is kept as its exact bytes (:class:`Raw`),
so writing a value gives back what was read, but for the references.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Name", "PdfSyntaxError", "Raw", "Ref", "Source", "rewrite", "serialize"]


class PdfSyntaxError(ValueError):
    """A part is not the kind of PDF this module reads (a bug, never the user's doing)."""


@dataclass(frozen=True, slots=True)
class Ref:
    num: int
    gen: int = 0


class Name(bytes):
    """A PDF name, with its slash: ``b"/Type"``."""


class Raw(bytes):
    """Any other token, as written: ``b"612"``, ``b"(text)"``, ``b"<FEFF>"``, ``b"true"``."""


_WS = b" \t\r\n\x0c\x00"
_DELIM = b"()<>[]{}/%"
_REGULAR = re.compile(rb"[^\s()<>\[\]{}/%\x00]+")
_SPACE = re.compile(rb"[\s\x00]*(?:%[^\r\n]*[\s\x00]*)*")
_INT = re.compile(rb"[0-9]+$")
_OBJ_HEAD = re.compile(rb"\s*([0-9]+)\s+([0-9]+)\s+obj\b")
_STREAM = re.compile(rb"[\s\x00]*stream(?:\r\n|\n)")
#: In an object's text: a string (left as it is), a font subset's tag, or a reference.
_REWRITE = re.compile(
    rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>|/[A-Z]{6}\+"
    rb"|(?<![0-9.+-])([0-9]+)[\s\x00]+([0-9]+)[\s\x00]+R(?![^\s()<>\[\]{}/%\x00])",
    re.DOTALL,
)
_PAGES = re.compile(rb"/Type[\s\x00]*/Pages(?![^\s()<>\[\]{}/%\x00])")
_STREAM_START = re.compile(rb">>[\s\x00]*stream(?:\r\n|\n)")
_LENGTH = re.compile(rb"/Length[\s\x00]+([0-9]+)(?![0-9]|[\s\x00]+[0-9]+[\s\x00]+R)")


def _skip(buf: bytes, pos: int) -> int:
    match = _SPACE.match(buf, pos)
    return match.end() if match else pos


def _literal_end(buf: bytes, pos: int) -> int:
    """The index after the ``)`` that closes the literal string starting at ``pos``."""
    depth, i, n = 0, pos, len(buf)
    while i < n:
        c = buf[i]
        if c == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise PdfSyntaxError("unterminated string")


def parse_value(buf: bytes, pos: int) -> tuple[Any, int]:
    """The value starting at ``pos`` (after white space) and the index after it."""
    pos = _skip(buf, pos)
    if pos >= len(buf):
        raise PdfSyntaxError("unexpected end of data")
    c = buf[pos : pos + 1]
    if c == b"<":
        if buf[pos + 1 : pos + 2] == b"<":
            return _parse_dict(buf, pos + 2)
        end = buf.index(b">", pos) + 1
        return Raw(buf[pos:end]), end
    if c == b"[":
        return _parse_array(buf, pos + 1)
    if c == b"(":
        end = _literal_end(buf, pos)
        return Raw(buf[pos:end]), end
    if c == b"/":
        match = _REGULAR.match(buf, pos + 1)
        end = match.end() if match else pos + 1
        return Name(buf[pos:end]), end
    match = _REGULAR.match(buf, pos)
    if match is None:
        raise PdfSyntaxError(f"unexpected byte {c!r} at {pos}")
    token = match.group()
    end = match.end()
    if _INT.match(token):  # "12 0 R" is a reference
        m2 = _REGULAR.match(buf, _skip(buf, end))
        if m2 and _INT.match(m2.group()):
            m3 = _REGULAR.match(buf, _skip(buf, m2.end()))
            if m3 and m3.group() == b"R":
                return Ref(int(token), int(m2.group())), m3.end()
    return Raw(token), end


def _parse_dict(buf: bytes, pos: int) -> tuple[dict[Name, Any], int]:
    out: dict[Name, Any] = {}
    while True:
        pos = _skip(buf, pos)
        if buf[pos : pos + 2] == b">>":
            return out, pos + 2
        key, pos = parse_value(buf, pos)
        if not isinstance(key, Name):
            raise PdfSyntaxError(f"a dictionary key is not a name at {pos}")
        out[key], pos = parse_value(buf, pos)


def _parse_array(buf: bytes, pos: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    while True:
        pos = _skip(buf, pos)
        if buf[pos : pos + 1] == b"]":
            return out, pos + 1
        value, pos = parse_value(buf, pos)
        out.append(value)


def serialize(
    value: Any,
    ref: Callable[[Ref], int],
    name: Callable[[Name], bytes] | None = None,
) -> bytes:
    """Write ``value`` back as PDF, each reference renumbered by ``ref`` (generation 0)."""
    parts: list[bytes] = []
    _write(value, ref, name, parts)
    return b"".join(parts)


def _write(
    value: Any,
    ref: Callable[[Ref], int],
    name: Callable[[Name], bytes] | None,
    out: list[bytes],
) -> None:
    if isinstance(value, Ref):
        out.append(b"%d 0 R" % ref(value))
    elif isinstance(value, Name):
        out.append(name(value) if name is not None else value)
    elif isinstance(value, bytes):
        out.append(value)
    elif isinstance(value, dict):
        out.append(b"<<")
        for key, item in value.items():
            out.append(key)
            out.append(b" ")
            _write(item, ref, name, out)
            out.append(b"\n")
        out.append(b">>")
    elif isinstance(value, list):
        out.append(b"[")
        for item in value:
            _write(item, ref, name, out)
            out.append(b" ")
        out.append(b"]")
    else:
        raise PdfSyntaxError(f"cannot write {type(value).__name__}")


def rewrite(
    text: bytes | memoryview, ref: Callable[[int], int], tag: Callable[[bytes], bytes]
) -> bytes:
    """An object's text (no stream) with every reference renumbered by ``ref`` and every
    font subset tag (``/AAAAAB+``) renamed by ``tag``; strings are left untouched."""

    def replace(match: re.Match[bytes]) -> bytes:
        if match.group(1) is not None:
            return b"%d 0 R" % ref(int(match.group(1)))
        found = match.group()
        return tag(found) if found.startswith(b"/") else found

    return _REWRITE.sub(replace, bytes(text))


def refs_in(value: Any) -> list[Ref]:
    """Every reference inside ``value``, in order."""
    found: list[Ref] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Ref):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


class Source:
    """One PDF file in memory: its objects by number, read on demand."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offsets: dict[int, int] = {}
        self.trailer: dict[Name, Any] = {}
        self._xref = 0
        self._read_xref()
        ordered = sorted(self.offsets.items(), key=lambda item: item[1])
        ends = [offset for _num, offset in ordered[1:]] + [self._xref]
        self._ends = {num: end for (num, _offset), end in zip(ordered, ends, strict=True)}

    def _read_xref(self) -> None:
        data = self.data
        at = data.rfind(b"startxref")
        if at < 0:
            raise PdfSyntaxError("no startxref")
        start = self._xref = int(data[at + 9 :].split()[0])
        if data[start : start + 4] != b"xref":
            raise PdfSyntaxError("not a classic cross-reference table")
        pos = start + 4
        while True:
            pos = _skip(data, pos)
            if data.startswith(b"trailer", pos):
                break
            first, count = (int(x) for x in data[pos:].split(None, 2)[:2])
            pos = data.index(b"\n", pos) + 1
            for i in range(count):
                line = data[pos : pos + 20]
                pos += 20
                if line[17:18] == b"n":
                    self.offsets[first + i] = int(line[:10])
        trailer, _end = parse_value(data, pos + len(b"trailer"))
        if not isinstance(trailer, dict) or Name(b"/Prev") in trailer:
            raise PdfSyntaxError("an updated PDF (more than one cross-reference table)")
        self.trailer = trailer

    def read(self, num: int) -> tuple[Any, memoryview | None]:
        """Object ``num``: its value, and its stream's bytes (None for no stream)."""
        offset = self.offsets.get(num)
        if offset is None:
            raise PdfSyntaxError(f"object {num} is not in the file")
        head = _OBJ_HEAD.match(self.data, offset)
        if head is None or int(head.group(1)) != num:
            raise PdfSyntaxError(f"object {num} is not where the table says")
        value, pos = parse_value(self.data, head.end())
        stream = _STREAM.match(self.data, pos)
        if stream is None:
            return value, None
        length = value.get(Name(b"/Length")) if isinstance(value, dict) else None
        if not isinstance(length, Raw) or not _INT.match(length):
            raise PdfSyntaxError(f"object {num}: a stream without a direct length")
        begin = stream.end()
        return value, memoryview(self.data)[begin : begin + int(length)]

    def split(self, num: int) -> tuple[memoryview, memoryview | None]:
        """Object ``num`` as its text (without ``N 0 obj`` and ``endobj``) and its stream's
        bytes (None for no stream), without parsing it."""
        offset = self.offsets.get(num)
        if offset is None:
            raise PdfSyntaxError(f"object {num} is not in the file")
        head = _OBJ_HEAD.match(self.data, offset)
        if head is None or int(head.group(1)) != num:
            raise PdfSyntaxError(f"object {num} is not where the table says")
        view = memoryview(self.data)
        end = self.data.rfind(b"endobj", head.end(), self._ends[num])
        if end < 0:
            raise PdfSyntaxError(f"object {num} has no endobj")
        stop = self.data.rfind(b"endstream", head.end(), end)
        if stop < 0:
            return view[head.end() : end], None
        for start in _STREAM_START.finditer(self.data, head.end(), stop):
            length = _LENGTH.search(self.data, head.end(), start.start())
            if length is None:
                break
            data_end = start.end() + int(length.group(1))
            if data_end <= stop and not self.data[data_end:stop].strip():
                return view[head.end() : start.start() + 2], view[start.end() : data_end]
        raise PdfSyntaxError(f"object {num}: a stream without a direct length")

    def resolve(self, value: Any) -> Any:
        """``value`` itself, or the object a reference points to."""
        return self.read(value.num)[0] if isinstance(value, Ref) else value

    def root(self) -> dict[Name, Any]:
        return self.resolve(self.trailer[Name(b"/Root")])

    def page_tree(self) -> tuple[list[int], list[int]]:
        """The page objects in order, and the /Pages nodes above them (their numbers)."""
        pages: list[int] = []
        nodes: list[int] = []

        def walk(num: int) -> None:
            text, _stream = self.split(num)
            if _PAGES.search(text) is None:
                pages.append(num)
                return
            nodes.append(num)
            node, _end = parse_value(bytes(text), 0)
            for kid in node[Name(b"/Kids")]:
                walk(kid.num)

        walk(self.root()[Name(b"/Pages")].num)
        return pages, nodes
