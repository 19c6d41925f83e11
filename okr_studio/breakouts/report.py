"""A merge preview in plain text: what the command line's dry run prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okr_studio.breakouts.order import PLURAL_WORDS
from okr_studio.breakouts.preview import KIND_WORDS

if TYPE_CHECKING:
    from okr_studio.breakouts.preview import Conflict, GroupMerge, MergePreview
    from okr_studio.exchange.diff import ItemDiff


def _short(value: Any, limit: int = 70) -> str:
    line = " ".join(str(value).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _item(d: ItemDiff) -> str:
    return f"{KIND_WORDS.get(d.kind, d.kind)} “{_short(d.title)}”"


def _changes(p: MergePreview, d: ItemDiff) -> list[str]:
    out = []
    for f in d.changes:
        was = p.value_text(d.kind, f.field, f.base)
        now = p.value_text(d.kind, f.field, f.theirs)
        out.append(f"      {f.field.replace('_', ' ')}: “{_short(was, 40)}” → “{_short(now, 40)}”")
    return out


def _conflict(p: MergePreview, c: Conflict) -> list[str]:
    what = f"{KIND_WORDS.get(c.ref[0], c.ref[0])} “{_short(c.title)}”"
    lines = [f"  conflict  {what}: {c.reason}"]
    if c.kind in ("field", "cycle", "order"):
        kind = c.ref[0]
        width = 200 if c.kind == "order" else 70
        theirs = _short(p.value_text(kind, c.field, c.theirs), width)
        ours = _short(p.value_text(kind, c.field, c.ours), width)
        lines.append(f"      theirs ({c.group}): “{theirs}”")
        lines.append(f"      ours (main workshop): “{ours}”")
    return lines


def _group(p: MergePreview, g: GroupMerge) -> list[str]:
    lines = [f"{g.path.name} (breakout for “{g.name}”): {g.summary()}"]
    for d in g.added:
        lines.append(f"  added     {_item(d)}")
    for d in g.changed:
        lines.append(f"  changed   {_item(d)}")
        lines.extend(_changes(p, d))
    for d in g.removed:
        lines.append(f"  removed   {_item(d)}")
    for r in g.reordered:
        order = p.value_text(r.parent.kind, f"{r.child_kind}_order", r.keys)
        words = f"{PLURAL_WORDS[r.child_kind]} of {KIND_WORDS[r.parent.kind]}"
        lines.append(f"  reordered the {words} “{_short(r.parent.title)}”")
        lines.append(f"      now: {_short(order, 300)}")
    for c in g.conflicts:
        lines.extend(_conflict(p, c))
    for r in g.refused:
        lines.append(
            f"  refused   {KIND_WORDS.get(r.ref[0], r.ref[0])} “{_short(r.title)}”: {r.reason}"
        )
    for note in g.notes:
        lines.append(f"  note      {note}")
    return lines


def preview_text(p: MergePreview) -> str:
    lines: list[str] = []
    for g in p.groups:
        lines.extend(_group(p, g))
    count = len(p.conflicts)
    if count:
        lines.append(
            f"{count} conflict{'s' if count != 1 else ''}: merge in the app to choose, or "
            "without --dry-run to keep the main workshop's version of each."
        )
    return "\n".join(lines) + "\n"
