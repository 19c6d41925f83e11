"""One-line entry in the key result table: a title cell read as a whole key result.

"Raise onboarding NPS from 20 to 40 @Ana García" typed into a row's title fills its
metric, baseline, target, unit, direction, owner, due date and work type
(:func:`okr_studio.entry.read_entry`), the owner leaving the title. Only cells still
empty (or holding their default) are filled: what the room typed into a cell wins.
"""

from __future__ import annotations

from okr_studio.entry import Entry
from ui.numbers import format_number
from ui.wizard.common import format_date

#: A choice cell's value when nobody chose: the line may change it.
_DEFAULTS = {"direction": "increase", "work_type": "feature"}


def entry_updates(values: dict[str, str], entry: Entry, *, due_default: str = "") -> dict[str, str]:
    """The cells of a row (``values``, as text) that ``entry`` fills, as text."""
    out: dict[str, str] = {}
    fields = entry.fields
    if entry.title.strip() and entry.title != values.get("title", ""):
        out["title"] = entry.title
    if not values.get("baseline", "").strip() and not values.get("target", "").strip():
        for name in ("baseline", "target"):
            if fields.get(name) is not None:
                out[name] = format_number(fields[name])
    for name in ("metric", "unit_of_measure", "owner_name"):
        if fields.get(name) and not values.get(name, "").strip():
            out[name] = str(fields[name])
    for name, default in _DEFAULTS.items():
        if fields.get(name) and values.get(name, "") in ("", default):
            out[name] = str(fields[name])
    due = fields.get("due_date")
    if due is not None and values.get("due_date", "").strip() in ("", due_default):
        out["due_date"] = format_date(due)
    return out
