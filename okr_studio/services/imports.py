"""Applying an import plan: one transaction, one change record, one undo step.

:func:`apply_plan` writes what a plan (:func:`okr_studio.exchange.plan.make_plan`)
says, with the user's choices: the difference between the workshop now and
:meth:`Plan.result` becomes row inserts, updates and deletes through the
recorder, so Undo takes the whole import back at once. It refuses, and writes
nothing, when the workshop changed since the plan was made, when a choice would
make an alignment go round in a circle, or when a value does not pass the
checks every service makes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.keys import ItemKey
from okr_studio.services._bulk import insert_rows, next_id, update_rows
from okr_studio.services._common import clean, next_position, place
from okr_studio.services._tx import Recorder, run
from okr_studio.store import Workshop

if TYPE_CHECKING:
    from okr_studio.exchange.diff import Choices
    from okr_studio.exchange.items import Item, Ref, Side
    from okr_studio.exchange.plan import Plan

#: ``kind -> {interchange field: column}`` for the fields that link rows.
_LINKS: dict[str, dict[str, str]] = {
    "unit": {"parent": "parent_id"},
    "objective": {"parent": "unit_id", "aligned_to": "parent_kr_id", "owner": "owner_id"},
    "key_result": {"parent": "objective_id", "owner": "owner_id"},
    "check_in": {"parent": "key_result_id", "person": "person_id"},
    "initiative": {"parent": "key_result_id", "owner": "owner_id"},
    "person": {},
    "workshop": {},
    "agenda_item": {},
    "note": {"owner": "owner_id"},
}
#: Kinds kept in one order of their own (no parent): new ones go last.
_ORDERED = ("agenda_item", "note")
_OWN_CHOICES = {"note": ("status",), "agenda_item": ("state",)}
_TARGET = {"parent_id": "unit", "unit_id": "unit", "objective_id": "objective"}
_TARGET.update({"parent_kr_id": "key_result", "owner_id": "person"})
_TARGET.update({"key_result_id": "key_result", "person_id": "person"})
_PARENT_COLUMN = {
    "unit": "parent_id",
    "objective": "unit_id",
    "key_result": "objective_id",
    "check_in": "key_result_id",
    "initiative": "key_result_id",
}
_PARENT_TABLE = {"unit": "unit", "objective": "unit", "key_result": "objective"}
_PARENT_TABLE.update({"check_in": "key_result", "initiative": "key_result"})
#: The tables whose rows have a position among their siblings.
_PLACED = ("unit", "objective", "key_result", "initiative")
_STALE = (
    "The workshop changed since the import was previewed; look at the preview again "
    "before importing."
)


class _Writer:
    """Turns the difference between the workshop now and the plan's result into rows."""

    def __init__(self, rec: Recorder, now: Side, final: Side, plan: Plan) -> None:
        from okr_studio.snapshot import read_snapshot

        self.rec = rec
        self.now = now
        self.final = final
        self.plan = plan
        data = read_snapshot(rec.conn)
        self.ids: dict[str, int] = {uid: row_id for uid, (_t, row_id) in data.by_uid.items()}
        self.positions: dict[tuple[str, int | None], int] = {}
        self.gaps: dict[tuple[str, int | None], None] = {}
        self.later: list[tuple[int, str]] = []  # (objective id, key result uid)
        self.next: dict[str, int] = {}  # table -> the next row id to give
        self.new_ids: dict[str, set[int]] = {}  # table -> the row ids given
        self.pending: list[dict[str, Any]] = []
        self.first: ItemKey | None = None

    # ---- values ------------------------------------------------------------------------
    def columns(self, item: Item) -> tuple[dict[str, Any], str | None]:
        """The item's values as columns, and a parent key result not written yet (if any)."""
        links = _LINKS[item.kind]
        plain = {k: v for k, v in item.values.items() if k not in links}
        # a note's status and an agenda item's state are their own choices, checked when
        # the file was read (the services' cleaning knows an objective's and an initiative's)
        chosen = {k: plain.pop(k) for k in _OWN_CHOICES.get(item.kind, ()) if k in plain}
        out = {**clean(plain, tuple(plain)), **chosen}
        later = None
        for name, column in links.items():
            if name not in item.values:
                continue
            uid = item.values[name]
            if uid is None:
                out[column] = None
            elif uid in self.ids:
                out[column] = self.ids[uid]
            elif column == "parent_kr_id" and ("key_result", uid) in self.final:
                later = uid  # a key result of this import: linked once it exists
            else:
                raise EditRefused(_STALE)
        return out, later

    def position(self, table: str, parent: int | None) -> int:
        key = (table, parent)
        if key not in self.positions:
            new = parent is not None and parent in self.new_ids.get(_PARENT_TABLE[table], set())
            self.positions[key] = (
                0 if new else next_position(self.rec, table, _PARENT_COLUMN[table], parent)
            )
        self.positions[key] += 1
        return self.positions[key] - 1

    def last(self, table: str) -> int:
        """The next position at the end of ``table``'s own order."""
        key = (table, None)
        if key not in self.positions:
            top = self.rec.scalar(f"SELECT MAX(position) FROM {table}")  # noqa: S608
            self.positions[key] = 0 if top is None else int(top) + 1
        self.positions[key] += 1
        return self.positions[key] - 1

    # ---- one kind at a time ------------------------------------------------------------
    def insert(self, item: Item) -> None:
        """Give a new item its row id now; its row is written with its kind's others."""
        values, later = self.columns(item)
        table = item.kind
        if table in _PLACED:
            values["position"] = self.position(table, values.get(_PARENT_COLUMN[table]))
        elif table in _ORDERED:
            values["position"] = self.last(table)
        if table not in self.next:
            self.next[table] = next_id(self.rec, table)
        row_id = self.next[table]
        self.next[table] += 1
        self.pending.append({"id": row_id, "uid": item.key, **values})
        self.new_ids.setdefault(table, set()).add(row_id)
        self.ids[item.key] = row_id
        if later is not None:
            self.later.append((row_id, later))
        if self.first is None and table != "person":
            self.first = (table, row_id)

    def update(self, item: Item, before: Item) -> None:
        diff = {k: v for k, v in item.values.items() if k not in before.values
                or before.values[k] != v}  # fmt: skip
        changed = type(item)(item.kind, item.key, diff, item.line)
        if not changed.values:
            return
        table = item.kind
        row_id = self.ids[item.key]
        values, later = self.columns(changed)
        if later is not None:
            self.later.append((row_id, later))
        column = _PARENT_COLUMN.get(table) if table in _PLACED else None
        if column is not None and column in values:
            old = self.rec.need(table, row_id)[column]
            if old != values[column]:
                values["position"] = self.position(table, values[column])
                self.gaps[(table, old)] = None
        self.rec.update(table, row_id, values)

    def write(self) -> None:
        for kind in (
            "person",
            "unit",
            "objective",
            "key_result",
            "check_in",
            "initiative",
            *_ORDERED,
        ):
            items = self.final.of_kind_list(kind)
            if kind == "unit":
                items = _parents_first(items)
            for item in items:  # new items first: a moved item's new parent may be one
                if item.ref not in self.now:
                    self.insert(item)
            insert_rows(self.rec, kind, self.pending)
            self.pending = []
            for item in items:
                before = self.now.items.get(item.ref)
                if before is not None:
                    self.update(item, before)
        links = [(row_id, {"parent_kr_id": self.ids[kr]}) for row_id, kr in self.later]
        update_rows(self.rec, "objective", links)
        self.findings()
        self.remove()
        for table, parent in self.gaps:
            place(self.rec, table, _PARENT_COLUMN[table], parent, None)

    def info(self) -> None:
        item = self.final.workshop
        before = self.now.workshop
        if item is None or before is None:
            return
        values = {k: v for k, v in item.values.items() if before.values.get(k) != v}
        if self.plan.new_workshop and self.final.workshop_id:
            self.rec.update("workshop", 1, {"uid": self.final.workshop_id})
        if values:
            self.rec.update("workshop", 1, clean(values, tuple(values)))

    def findings(self) -> None:
        for item in self.final.of_kind("accepted_finding"):
            if item.ref in self.now:
                reason = item.values.get("reason", "")
                if self.now.items[item.ref].values.get("reason") != reason:
                    for row in self._finding_rows(self.now.items[item.ref]):
                        self.rec.update("accepted_finding", row, {"reason": reason})
                continue
            target = self.ids.get(item.values["item"])
            if target is None:
                continue
            values = {k: item.values.get(k, "") for k in ("code", "reason", "accepted_at")}
            values.update(item_kind=item.values["item_type"], item_id=target)
            self.rec.insert("accepted_finding", values)

    def _finding_rows(self, item: Item) -> list[int]:
        rows = self.rec.select(
            "SELECT id FROM accepted_finding WHERE code = :c AND item_kind = :k AND item_id = :i",
            c=item.values["code"],
            k=item.values["item_type"],
            i=self.ids.get(item.values["item"], -1),
        )
        return [r["id"] for r in rows]

    def remove(self) -> None:
        gone = [item for ref, item in self.now.items.items() if ref not in self.final]
        for item in (i for i in gone if i.kind == "accepted_finding"):
            for row in self._finding_rows(item):
                self.rec.delete("accepted_finding", row)
        for kind in ("check_in", "initiative", "key_result", "objective"):
            for item in (i for i in gone if i.kind == kind):
                row = self.rec.need(kind, self.ids[item.key])
                if kind == "key_result":  # an objective going too still supports it: the
                    # link is cleared through the recorder, so undo puts it back
                    for obj in self.rec.select(
                        "SELECT id FROM objective WHERE parent_kr_id = :k", k=row["id"]
                    ):
                        self.rec.update("objective", obj["id"], {"parent_kr_id": None})
                self.rec.delete(kind, row["id"])
                if kind in _PLACED:
                    self.gaps[(kind, row[_PARENT_COLUMN[kind]])] = None
        for item in reversed(_parents_first([i for i in gone if i.kind == "unit"])):
            row = self.rec.need("unit", self.ids[item.key])
            self.rec.delete("unit", row["id"])
            self.gaps[("unit", row["parent_id"])] = None
        for item in (i for i in gone if i.kind in _ORDERED):
            self.rec.delete(item.kind, self.ids[item.key])
        for item in (i for i in gone if i.kind == "person"):
            self.rec.delete("person", self.ids[item.key])
        for key in list(self.gaps):
            if key[1] is not None and self.rec.get(_TARGET[_PARENT_COLUMN[key[0]]], key[1]) is None:
                del self.gaps[key]  # its parent went too


def _parents_first(units: list[Item]) -> list[Item]:
    keys = {u.key for u in units}
    placed: set[str] = set()
    out: list[Item] = []
    todo = list(units)
    while todo:
        rest = []
        for unit in todo:
            parent = unit.values.get("parent")
            if parent is None or parent not in keys or parent in placed:
                out.append(unit)
                placed.add(unit.key)
            else:
                rest.append(unit)
        if len(rest) == len(todo):  # a circle (the plan drops them): keep the order
            out.extend(rest)
            break
        todo = rest
    return out


def _check_circles(final: Side) -> None:
    kr_objective = {k.key: k.values.get("parent") for k in final.of_kind("key_result")}
    up = {
        o.key: kr_objective.get(o.values.get("aligned_to") or "")
        for o in final.of_kind("objective")
    }
    for start in up:
        seen: set[str] = set()
        walk = up.get(start)
        while walk is not None and walk not in seen:
            if walk == start:
                raise EditRefused(
                    "These choices would make an alignment go round in a circle (an "
                    "objective would support itself); choose the other value for it."
                )
            seen.add(walk)
            walk = up.get(walk)


def apply_plan(
    ws: Workshop,
    plan: Plan,
    *,
    remove: Collection[Ref] = (),
    choices: Choices | None = None,
    label: str | None = None,
    also: Callable[[Recorder], None] | None = None,
) -> Change:
    """Write an import plan into ``ws`` as one step (see the module notes).

    ``remove``: missing items ticked for removal (their refs); ``choices``: the answer to
    each conflict (default: keep the workshop's value). A plan for a new workshop is
    applied to an empty one, whose details and stable id it sets. ``also`` writes more in
    the same transaction (a merge marks its breakouts merged).
    """
    from okr_studio.exchange.items import TREE_KINDS, side_from_workshop
    from okr_studio.snapshot import read_snapshot

    final = plan.result(remove, choices)
    _check_circles(final)

    def body(rec: Recorder) -> ItemKey | None:
        now = side_from_workshop(read_snapshot(rec.conn))
        if plan.new_workshop:
            if any(ref[0] in (*TREE_KINDS, "person") for ref in now.items):
                raise EditRefused("A new workshop can only be made from an import into an "
                                  "empty workshop.")  # fmt: skip
        elif now.fingerprint() != plan.fingerprint:
            raise EditRefused(_STALE)
        writer = _Writer(rec, now, final, plan)
        writer.info()
        writer.write()
        if also is not None:
            also(rec)
        return writer.first

    name = plan.source if len(plan.source) <= 40 else plan.source[:39] + "…"
    verb = "Update from" if plan.reimport else "Import"
    return run(ws, label or f"{verb} “{name}”", body)
