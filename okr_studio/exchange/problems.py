"""What can be wrong with an incoming file, said plainly, with where it is.

A :class:`Problem` names the row (tables), line (outlines) or entry (JSON)
and says what happens to it: an *error* leaves the row or value out, a
*warning* reads it with a change the user should know about, a *note* only
informs (the file's encoding, how numbers were read). A file that cannot be
read at all raises :class:`ExchangeFileError` instead, naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from okr_studio.errors import OkrError

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of an incoming file, with its place and a plain reason."""

    message: str
    #: The row (1 = the header row of a table), line (outlines) or entry number; None
    #: for the whole file.
    line: int | None = None
    #: What ``line`` counts: "row", "line" or "entry".
    unit: str = "row"
    #: The column's header (tables) or the field, where it applies.
    column: str = ""
    severity: Severity = "error"

    @property
    def where(self) -> str:
        """ "row 4, Baseline", "line 12", or "" for the whole file."""
        parts = [f"{self.unit} {self.line}"] if self.line is not None else []
        if self.column:
            parts.append(self.column)
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message


class ExchangeFileError(OkrError):
    """A file could not be imported at all (not what its name says, damaged, too large…).

    ``reason`` is the sentence after the file's name; ``line`` the row or line, if any.
    """

    def __init__(self, path: Path | str, reason: str, *, line: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = f", row {line}" if line is not None else ""
        super().__init__(f"“{self.path.name}”{where} {reason}")


def shown(text: object, limit: int = 40) -> str:
    """A value as a message quotes it: on one line, cut after ``limit`` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
