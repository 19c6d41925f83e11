"""One import being previewed: the file as read, the user's choices, and the plan they make.

The preview dialog (:mod:`ui.import_dialog`) changes the choices — the column
mapping of a table, the recognition rules of an outline, where the items go
(the open workshop under a unit, or a new workshop), the missing items ticked
for removal, the answer to each conflict — and the session asks the core for
a new plan (:func:`okr_studio.exchange.make_plan`) after each. Nothing is
written here: :meth:`apply` hands the plan and the choices to the one service
(:func:`okr_studio.services.apply_plan`) when the user confirms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okr_studio.exchange import OURS, THEIRS, Choice, Incoming, Plan, make_plan, remap
from okr_studio.exchange.items import TREE_KINDS, Ref

if TYPE_CHECKING:
    from okr_studio.data import WorkshopData
    from okr_studio.events import Change
    from okr_studio.exchange.diff import ItemDiff
    from okr_studio.store import Workshop


class ImportSession:
    """The state of one preview; see the module notes."""

    def __init__(
        self,
        incoming: Incoming,
        data: WorkshopData | None,
        *,
        under: int | None = None,
        only_add: bool = False,
    ) -> None:
        self.original = incoming
        self.incoming = incoming
        #: The open workshop (None: nothing is open, or it is read-only).
        self.data = data
        #: True: into the open workshop; False: a new workshop.
        self.into = data is not None
        self.under = under
        self.only_add = only_add
        self.remove: set[Ref] = set()
        self.choices: dict[tuple[Ref, str], Choice] = {}
        self.plan: Plan = self._make()

    # ---- what the file is ------------------------------------------------------------------
    @property
    def is_table(self) -> bool:
        return self.incoming.table is not None

    @property
    def is_outline(self) -> bool:
        return self.incoming.rules is not None and self.incoming.text is not None

    # ---- changing the choices ----------------------------------------------------------------
    def _make(self) -> Plan:
        data = self.data if self.into else None
        under = self.under if self.into else None
        return make_plan(self.incoming, data, under=under, only_add=self.only_add)

    def remake(self) -> None:
        self.plan = self._make()
        refs = {d.ref for d in self.plan.diffs}
        self.remove &= refs
        self.choices = {k: v for k, v in self.choices.items() if k[0] in refs}

    def set_mapping(self, mapping: tuple[str | None, ...]) -> None:
        """Read the table again with another field per column."""
        self.incoming = remap(self.original, mapping)
        self.remake()

    def set_rules(self, rules: Any) -> None:
        """Read the outline again with other recognition rules."""
        from okr_studio.exchange.outline import reread

        self.incoming = reread(self.original, rules)
        self.remake()

    def set_destination(self, into: bool, under: int | None) -> None:
        if into and self.data is None:
            into = False
        if (into, under) != (self.into, self.under):
            self.into, self.under = into, under
            self.remake()

    def set_removed(self, ref: Ref, removed: bool) -> None:
        if removed:
            self.remove.add(ref)
        else:
            self.remove.discard(ref)

    def choose(self, ref: Ref, field: str, theirs: bool) -> None:
        """Answer a conflict: the file's value (``theirs``) or the workshop's."""
        self.choices[(ref, field)] = THEIRS if theirs else OURS

    def takes_theirs(self, ref: Ref, field: str) -> bool:
        return self.choices.get((ref, field), OURS).take == "theirs"

    def choose_all(self, theirs: bool) -> None:
        for diff in self.plan.conflicts:
            fields = [""] if diff.ours_gone else [f.field for f in diff.conflicts]
            for field in fields:
                self.choose(diff.ref, field, theirs)

    # ---- what it will do ---------------------------------------------------------------------
    def _counts(self, diff: ItemDiff) -> bool:
        if diff.status in ("added", "changed"):
            return True
        if diff.status == "missing":
            return diff.ref in self.remove
        if diff.status == "conflict":
            if diff.ours_gone:
                return self.takes_theirs(diff.ref, "")
            return bool(diff.changes) or any(
                self.takes_theirs(diff.ref, f.field) for f in diff.conflicts
            )
        return False

    def item_count(self) -> int:
        """How many units, objectives and key results the import adds, changes or removes."""
        return sum(1 for d in self.plan.diffs if d.kind in TREE_KINDS and self._counts(d))

    def writes_anything(self) -> bool:
        return any(self._counts(d) for d in self.plan.diffs)

    def apply(self, ws: Workshop, label: str) -> Change:
        """Write the plan with the choices made: one transaction, one undo step."""
        from okr_studio import services

        return services.apply_plan(
            ws, self.plan, remove=set(self.remove), choices=dict(self.choices), label=label
        )
