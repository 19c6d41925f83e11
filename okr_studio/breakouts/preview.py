"""What a merge of breakout files would do, before anything is written.

A :class:`MergePreview` holds, per group (:class:`GroupMerge`), what it added,
changed and removed, its conflicts with the main workshop (:class:`Conflict`,
both versions, answered per conflict: theirs, ours, or an edited value), and the
changes it claims outside its branch, refused with a reason (:class:`Refusal`).
Under it is one import plan (:class:`~okr_studio.exchange.plan.Plan`) of the
diff engine, which :func:`okr_studio.services.breakouts.apply_merge` writes in
one transaction and one undo step; :meth:`MergePreview.plan_choices` turns the
answers into that plan's choices and removals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from okr_studio.breakout_data import HandOutData
from okr_studio.exchange.diff import OURS, Choice, Choices, ItemDiff
from okr_studio.exchange.items import REFERENCE_KIND, Ref, Side
from okr_studio.exchange.plan import Plan

if TYPE_CHECKING:
    from okr_studio.breakouts.order import Reorder

ConflictKind = Literal["field", "deleted_here", "deleted_there", "cycle", "order"]
#: A new order of siblings to write: (their kind, the parent's stable id, the order).
Order = tuple[str, str, tuple[str, ...]]
#: A conflict's key: the item and the field ("" for the item itself).
ConflictKey = tuple[Ref, str]

KIND_WORDS = {
    "unit": "unit",
    "objective": "objective",
    "key_result": "key result",
    "check_in": "check-in",
    "initiative": "initiative",
    "person": "person",
    "note": "note",
    "agenda_item": "agenda item",
    "accepted_finding": "accepted finding",
    "workshop": "workshop",
}


@dataclass(frozen=True)
class Conflict:
    """A change of a group that meets a change of the main workshop (or makes a circle).

    ``field``: both changed it differently (``base``, ``theirs``, ``ours`` are its
    values); ``deleted_here``: the main workshop deleted what the group changed or
    added to (``members``: what comes back with "theirs"); ``deleted_there``: the
    group deleted what the main workshop changed or added to (``members``: what goes
    with "theirs"); ``cycle``: the group's alignment (or unit parent) would go round
    in a circle with the main workshop's; ``order``: both put the siblings of the
    item in a new order (``field`` names which: ``key_result_order`` …, the values
    are the stable ids in each order; see :mod:`.order`).
    """

    group: str
    kind: ConflictKind
    ref: Ref
    title: str
    field: str = ""
    base: Any = None
    theirs: Any = None
    ours: Any = None
    reason: str = ""
    members: tuple[Ref, ...] = ()

    @property
    def key(self) -> ConflictKey:
        return (self.ref, self.field)

    @property
    def editable(self) -> bool:
        """Whether a value can be typed instead of choosing a side."""
        return self.kind == "field" and self.field not in ("parent", "aligned_to", "owner")


@dataclass(frozen=True)
class Refusal:
    """A change outside the group's branch (or to what is shared), left out."""

    group: str
    ref: Ref
    title: str
    reason: str


@dataclass
class GroupMerge:
    """One breakout file's part of a merge."""

    path: Path
    name: str
    record: HandOutData
    added: list[ItemDiff] = field(default_factory=list)
    changed: list[ItemDiff] = field(default_factory=list)
    removed: list[ItemDiff] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    #: Sibling lists the group put in a new order, taken (:class:`.order.Reorder`).
    reordered: list[Reorder] = field(default_factory=list)
    #: What the merge does that the group may not expect (links that will be cleared).
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """ "3 added, 2 changed, 1 removed, 1 conflict, 1 refused" or "no changes"."""
        parts = []
        for count, word in (
            (len(self.added), "added"),
            (len(self.changed), "changed"),
            (len(self.removed), "removed"),
            (len(self.reordered), "reordered"),
            (len(self.conflicts), "conflict" if len(self.conflicts) == 1 else "conflicts"),
            (len(self.refused), "refused"),
        ):
            if count:
                parts.append(f"{count} {word}")
        return ", ".join(parts) or "no changes"


@dataclass(frozen=True)
class MergePreview:
    """A merge of breakout files into a workshop, before anything is written."""

    groups: tuple[GroupMerge, ...]
    plan: Plan
    #: The stable ids of the hand-outs merged.
    records: tuple[HandOutData, ...]

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for g in self.groups for c in g.conflicts]

    @property
    def refused(self) -> list[Refusal]:
        return [r for g in self.groups for r in g.refused]

    @property
    def empty(self) -> bool:
        """Nothing to write but the mark that the files came back."""
        return not any(
            g.added or g.changed or g.removed or g.reordered or g.conflicts for g in self.groups
        )

    # ---- answers -----------------------------------------------------------------------
    def plan_choices(
        self, answers: Mapping[ConflictKey, Choice] | None = None
    ) -> tuple[set[Ref], Choices]:
        """The plan's removals and choices for the answers (default: the main workshop's)."""
        answers = answers or {}
        remove: set[Ref] = {d.ref for g in self.groups for d in g.removed}
        choices: Choices = {}
        for conflict in self.conflicts:
            answer = answers.get(conflict.key, OURS)
            if conflict.kind == "order":
                continue  # see :meth:`orders`
            if conflict.kind == "deleted_there":
                if answer.take == "theirs":
                    remove.update(conflict.members)
            elif conflict.kind == "deleted_here":
                for ref in conflict.members:
                    choices[(ref, "")] = Choice(answer.take if answer.take != "edit" else "ours")
                for ref, name in _moved_in(self.plan, conflict):
                    choices[(ref, name)] = Choice(answer.take if answer.take != "edit" else "ours")
            else:
                choices[conflict.key] = answer
        return remove, choices

    def orders(self, answers: Mapping[ConflictKey, Choice] | None = None) -> list[Order]:
        """The new orders of siblings to write for the answers (default: the main
        workshop's order where both changed it)."""
        answers = answers or {}
        out: list[Order] = [
            (r.child_kind, r.parent.key, r.keys) for g in self.groups for r in g.reordered
        ]
        for c in self.conflicts:
            if c.kind == "order" and answers.get(c.key, OURS).take == "theirs":
                out.append((c.field.removesuffix("_order"), c.ref[1], tuple(c.theirs)))
        return out

    def result(self, answers: Mapping[ConflictKey, Choice] | None = None) -> Side:
        """The workshop as the merge leaves it for these answers."""
        remove, choices = self.plan_choices(answers)
        return self.plan.result(remove, choices)

    def value_text(self, kind: str, name: str, value: Any) -> str:
        """A value as the preview shows it (titles for references, "(none)" for no link)."""
        if value is None and (kind, name) in REFERENCE_KIND:
            return "(none)"
        if name.endswith("_order") and isinstance(value, tuple):  # an order of siblings
            items = (self.plan.theirs.get(name[:-6], k) or self.plan.ours.get(name[:-6], k)
                     for k in value)  # fmt: skip
            return "; ".join(f"{i}. {item.title if item else '?'}" for i, item in
                             enumerate(items, 1))  # fmt: skip
        return self.plan.value_text(kind, name, value)

    def text(self) -> str:
        """The preview in plain text (the command line's dry run)."""
        from okr_studio.breakouts.report import preview_text

        return preview_text(self)


def _moved_in(plan: Plan, conflict: Conflict) -> list[tuple[Ref, str]]:
    """Items the group moved under something the main workshop deleted: their ``parent``
    follows the answer to the deletion."""
    keys = {key for _kind, key in conflict.members}
    out = []
    for d in plan.diffs:
        for f in d.fields:
            if f.conflict and f.field == "parent" and f.theirs in keys and not d.ours_gone:
                out.append((d.ref, "parent"))
    return out
