"""The type checker reads only rule-named ``# pyright: ignore[rule]`` comments
(``enableTypeIgnoreComments = false`` in pyproject.toml), so a ``# type: ignore`` in
okr_studio/ or ui/ would look like a silenced check while silencing nothing, or hide a
real type error from a reader. There is none: fix the type, or name the rule and say why.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _type_ignores(source: str) -> list[int]:
    """Lines with a ``# type: ignore`` comment (in comments only, not in strings)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [
        tok.start[0]
        for tok in tokens
        if tok.type == tokenize.COMMENT and re.search(r"type:\s*ignore", tok.string)
    ]


def test_no_type_ignore_comment() -> None:
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{line}"
        for pkg in ("okr_studio", "ui")
        for path in sorted((ROOT / pkg).rglob("*.py"))
        for line in _type_ignores(path.read_text(encoding="utf-8"))
    ]
    assert not found, "'# type: ignore' silences nothing here:\n" + "\n".join(found)


def test_the_finder_reads_comments_only() -> None:
    source = 'x = "# type: ignore"\ny = 1  # type: ignore[arg-type]\nz = 2  # type:ignore\n'
    assert _type_ignores(source) == [2, 3]
