"""Fonts for the PDF: the bundled family, and per-character fallback to system fonts.

Every piece of text in an alignment sheet is drawn with an embedded TrueType
font. The bundled family (DejaVu Sans, in ``resources/fonts``) covers Latin,
Greek, Cyrillic, Arabic and Hebrew. A character it lacks (CJK, Devanagari…) is
drawn with an installed font that has it, found per character through
fontconfig (``fc-list``) when it is there, else by scanning the usual font
folders. Only TrueType-outline fonts qualify: ReportLab cannot embed CFF
outlines. Lookups are cached for the life of the process.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from okr_studio.errors import OkrError
from okr_studio.resources import ResourceMissingError, require_resource

#: Names the bundled family is registered under in ReportLab.
REGULAR = "OkrSans"
BOLD = "OkrSans-Bold"
ITALIC = "OkrSans-Oblique"
BOLD_ITALIC = "OkrSans-BoldOblique"
FAMILY_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf")


class FontError(OkrError):
    """The fonts the PDF needs are missing or damaged."""


def font_dir() -> Path:
    """The folder of the bundled fonts."""
    try:
        return require_resource("fonts", FAMILY_FILES[REGULAR]).parent
    except ResourceMissingError as exc:
        raise FontError(
            "The fonts that come with OKR Studio are missing, so no PDF can be made. "
            "Reinstall OKR Studio."
        ) from exc


def _has_truetype_outlines(path: Path) -> bool:
    """True when the file (or the first face of a collection) has a 'glyf' table."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                fh.seek(12)
                (offset,) = struct.unpack(">I", fh.read(4))
                fh.seek(offset)
                head = fh.read(12)
            if len(head) < 12:
                return False
            (num_tables,) = struct.unpack(">H", head[4:6])
            directory = fh.read(16 * num_tables)
    except OSError:
        return False
    tags = {directory[i : i + 4] for i in range(0, len(directory), 16)}
    return b"glyf" in tags and b"cmap" in tags


def _needs_no_glyph(ch: str) -> bool:
    """Characters that are never drawn: controls, format characters, variation selectors."""
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


@dataclass
class MissingGlyphs:
    """Characters no installed font could draw, with the items they appear in."""

    by_char: dict[str, list[str]] = field(default_factory=dict)

    def note(self, ch: str, item: str) -> None:
        items = self.by_char.setdefault(ch, [])
        if item and item not in items:
            items.append(item)


def _glyphs(name: str) -> frozenset[int]:
    """The characters the registered TrueType font ``name`` has a glyph for."""
    font = pdfmetrics.getFont(name)
    if not isinstance(font, TTFont):
        raise FontError(f"The font “{name}” is not a TrueType font. Reinstall OKR Studio.")
    return frozenset(font.face.charToGlyph)


class FontBook:
    """The registered fonts and which of them draws each character."""

    def __init__(self, *, system_fallback: bool = True) -> None:
        self._lock = threading.RLock()
        self.system_fallback = system_fallback
        self._register_family()
        self.primary_cover: frozenset[int] = _glyphs(REGULAR)
        # Faces of every style share DejaVu's coverage closely enough; bold and
        # oblique lack a few rare characters, checked when a run is styled.
        self._style_cover = {name: _glyphs(name) for name in FAMILY_FILES}
        self._fallbacks: list[tuple[str, frozenset[int]]] = []
        self._by_char: dict[int, str | None] = {}
        self._tried_files: set[Path] = set()
        self._scan_files: list[Path] | None = None

    # ---- registration ----------------------------------------------------
    @staticmethod
    def _register_family() -> None:
        registered = set(pdfmetrics.getRegisteredFontNames())
        folder = None
        for name, file in FAMILY_FILES.items():
            if name in registered:
                continue
            folder = folder or font_dir()
            try:
                pdfmetrics.registerFont(TTFont(name, str(folder / file)))
            except (TTFError, OSError) as exc:
                raise FontError(
                    f"The font “{file}” that comes with OKR Studio cannot be read ({exc}). "
                    "Reinstall OKR Studio."
                ) from exc
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        styles: tuple[tuple[Literal[0, 1], Literal[0, 1], str], ...] = (
            (0, 0, REGULAR),
            (1, 0, BOLD),
            (0, 1, ITALIC),
            (1, 1, BOLD_ITALIC),
        )
        for bold, italic, name in styles:
            addMapping(REGULAR, bold, italic, name)

    def covers(self, font_name: str, ch: str) -> bool:
        cover = self._style_cover.get(font_name)
        if cover is None:
            return any(name == font_name and ord(ch) in c for name, c in self._fallbacks)
        return ord(ch) in cover

    # ---- lookup ----------------------------------------------------------
    def font_for(self, ch: str) -> str | None:
        """The registered font that draws ``ch``: the bundled one, a system one, or None."""
        cp = ord(ch)
        if cp in self.primary_cover:
            return REGULAR
        with self._lock:
            if cp in self._by_char:
                return self._by_char[cp]
            found = self._find(cp)
            self._by_char[cp] = found
            return found

    def _find(self, cp: int) -> str | None:
        for name, cover in self._fallbacks:
            if cp in cover:
                return name
        if not self.system_fallback:
            return None
        for path in self._candidates(cp):
            name = self._load(path)
            if name is not None and cp in self._fallbacks[-1][1]:
                return name
        return None

    def _candidates(self, cp: int) -> Iterator[Path]:
        if shutil.which("fc-list"):
            yield from self._fontconfig_candidates(cp)
            return
        yield from self._scanned_candidates()

    def _fontconfig_candidates(self, cp: int) -> Iterator[Path]:
        try:
            out = subprocess.run(
                ["fc-list", "--format", "%{file}|%{fontformat}|%{style}\n", f":charset={cp:x}"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return
        rows = []
        for line in out.splitlines():
            parts = line.split("|")
            if len(parts) < 3 or parts[1] != "TrueType":
                continue
            path = Path(parts[0])
            if path.suffix.lower() not in _FONT_SUFFIXES or path in self._tried_files:
                continue
            style = parts[2].lower()
            plain = "regular" in style or "book" in style or "normal" in style
            # Prefer upright regular faces, then sans faces, then smaller files.
            rows.append((not plain, "sans" not in path.name.lower(), path.name, path))
        for *_, path in sorted(rows):
            yield path

    def _scanned_candidates(self) -> Iterator[Path]:
        if self._scan_files is None:
            self._scan_files = sorted(
                (p for p in _font_files(_system_font_dirs()) if _has_truetype_outlines(p)),
                key=lambda p: ("sans" not in p.name.lower(), p.name),
            )
        for path in self._scan_files:
            if path not in self._tried_files:
                yield path

    def _load(self, path: Path) -> str | None:
        self._tried_files.add(path)
        if not _has_truetype_outlines(path):
            return None
        name = f"OkrFallback{len(self._fallbacks) + 1}-{_safe(path.stem)}"
        try:
            font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
        except Exception:
            return None
        self._fallbacks.append((name, frozenset(font.face.charToGlyph)))
        return name

    def runs(self, text: str) -> list[tuple[str | None, str]]:
        """Split text into runs of one font each; a None font means no font has the run."""
        out: list[tuple[str | None, str]] = []
        cover = self.primary_cover
        for ch in text:
            font = REGULAR if ord(ch) in cover else self.font_for(ch)
            if font is None and _needs_no_glyph(ch):
                font = REGULAR
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out


def _safe(stem: str) -> str:
    return "".join(c for c in stem if c.isalnum())[:24] or "Font"


def _system_font_dirs() -> list[Path]:
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local/share/fonts",
    ]
    if sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [
            windir / "Fonts",
            Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts",
        ]
    return [d for d in dirs if d.is_dir()]


def _font_files(dirs: Iterable[Path]) -> Iterator[Path]:
    for folder in dirs:
        for root, _subdirs, files in os.walk(folder):
            for file in files:
                if file.lower().endswith(_FONT_SUFFIXES):
                    yield Path(root) / file


_BOOK: FontBook | None = None
_BOOK_LOCK = threading.Lock()


def font_book() -> FontBook:
    """The process-wide font book (fonts register once; fallbacks are cached)."""
    global _BOOK
    with _BOOK_LOCK:
        if _BOOK is None:
            _BOOK = FontBook()
        return _BOOK
