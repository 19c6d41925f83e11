"""What every part of a sheet needs: the data, the text maker, the width, findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from okr_studio.data import WorkshopData
from okr_studio.pdf.text import TextMaker


@dataclass
class SheetContext:
    data: WorkshopData
    text: TextMaker
    width: float
    #: Open coach findings by (item_kind, item_id), when the user asked for them.
    findings: dict[tuple[str, int], list[Any]] | None = None
