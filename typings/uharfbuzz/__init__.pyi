# The part of uharfbuzz that okr_studio/pdf/shaping.py uses. uharfbuzz is a compiled
# module without type information; the type checker reads this instead (stubPath).
from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any

class BufferClusterLevel(IntEnum):
    MONOTONE_GRAPHEMES = 0
    MONOTONE_CHARACTERS = 1
    CHARACTERS = 2
    GRAPHEMES = 3

class GlyphInfo:
    @property
    def codepoint(self) -> int: ...
    @property
    def cluster(self) -> int: ...

class GlyphPosition:
    @property
    def x_advance(self) -> int: ...
    @property
    def y_advance(self) -> int: ...
    @property
    def x_offset(self) -> int: ...
    @property
    def y_offset(self) -> int: ...

class Buffer:
    cluster_level: BufferClusterLevel
    direction: str
    def add_str(self, text: str, item_offset: int = 0, item_length: int = -1) -> None: ...
    def guess_segment_properties(self) -> None: ...
    @property
    def glyph_infos(self) -> Sequence[GlyphInfo]: ...
    @property
    def glyph_positions(self) -> Sequence[GlyphPosition]: ...

def shape(
    font: Any,
    buffer: Buffer,
    features: Mapping[str, Any] | None = None,
    shapers: list[str] | None = None,
) -> None: ...
