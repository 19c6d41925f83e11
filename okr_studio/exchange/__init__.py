"""Import, export and re-import: every way in and out of a workshop, in the core.

One interchange (items keyed by stable ids, :mod:`.items`), one diff engine
(:mod:`.diff`), one plan (:mod:`.plan`) and one service that applies a plan in
one transaction and one undo step (:func:`okr_studio.services.apply_plan`).

The way in::

    incoming = read_file(path)             # or read_pasted(text); Incoming
    incoming = remap(incoming, mapping)    # a table read with another column mapping
    plan = make_plan(incoming, ws.snapshot(), under=unit_id)   # or make_plan(incoming)
    plan.diffs, plan.problems, plan.preview(remove, choices)   # what the preview shows
    services.apply_plan(ws, plan, remove=..., choices=...)     # one undo step

The way out: :func:`export_file` (XLSX, CSV, JSON, Markdown), and for Copy
:func:`selection_tsv` / :func:`selection_markdown`.

Nothing here loads SQLModel, openpyxl or markdown-it-py until a file is read
or written (the app's start-up does not pay for them).
"""

from okr_studio.exchange.diff import OURS, THEIRS, UNKNOWN, Choice, FieldDiff, ItemDiff
from okr_studio.exchange.formats import (
    EXPORT_SUFFIXES,
    IMPORT_FORMATS,
    export_file,
    export_format,
    read_file,
    remap,
)
from okr_studio.exchange.incoming import Incoming, OwnerText, RefText
from okr_studio.exchange.items import Item, Side, side_from_workshop
from okr_studio.exchange.plan import Plan, PreviewRow, make_plan
from okr_studio.exchange.problems import ExchangeFileError, Problem

__all__ = [
    "EXPORT_SUFFIXES",
    "IMPORT_FORMATS",
    "OURS",
    "THEIRS",
    "UNKNOWN",
    "Choice",
    "ExchangeFileError",
    "FieldDiff",
    "Incoming",
    "Item",
    "ItemDiff",
    "OwnerText",
    "Plan",
    "PreviewRow",
    "Problem",
    "RefText",
    "Side",
    "export_file",
    "export_format",
    "make_plan",
    "read_file",
    "remap",
    "side_from_workshop",
]
