"""A plain in-memory model of a workshop: what each service should do, written again simply.

The stateful test (test_stateful_undo.py) applies every operation both to a
real workshop file (through the services) and to this model, and compares them
after each step. The model is dictionaries of rows; it knows the rules a
facilitator can see (sibling order, what a delete takes with it, alignment
refusals, ids never reused) and nothing about SQL.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any


class Refused(Exception):
    """The model says the service must refuse this edit and change nothing."""


TABLES = ("person", "unit", "objective", "key_result", "check_in", "initiative", "accepted_finding")

DEFAULTS: dict[str, dict[str, Any]] = {
    "person": {"name": "", "role": "", "email": ""},
    "unit": {"parent_id": None, "name": "", "level": "team", "position": 0},
    "objective": {
        "unit_id": None,
        "parent_kr_id": None,
        "title": "",
        "problem": "",
        "behaviour_change": "",
        "success_measure": "",
        "owner_id": None,
        "status": "draft",
        "position": 0,
        "notes": "",
        "actual_outcome": "",
        "learned": "",
        "decision": "",
        "carried_from": "",
        "carried_score": None,
    },
    "key_result": {
        "objective_id": None,
        "title": "",
        "metric": "",
        "baseline": None,
        "target": None,
        "unit_of_measure": "",
        "direction": "increase",
        "due_date": None,
        "owner_id": None,
        "work_type": "feature",
        "confidence": None,
        "position": 0,
        "notes": "",
        "weight": 1.0,
        "learning_note": "",
        "carried_from": "",
        "carried_score": None,
    },
    "check_in": {
        "key_result_id": None,
        "date": None,
        "value": None,
        "confidence": None,
        "comment": "",
        "person_id": None,
    },
    "initiative": {
        "key_result_id": None,
        "title": "",
        "work_type": "feature",
        "owner_id": None,
        "link": "",
        "state": "planned",
        "problem": "",
        "behaviour_change": "",
        "success_measure": "",
        "actual_outcome": "",
        "position": 0,
    },
}
DEFAULTS["accepted_finding"] = {
    "code": "",
    "item_kind": "",
    "item_id": 0,
    "reason": "",
    "accepted_at": "",
}
PARENT = {
    "unit": "parent_id",
    "objective": "unit_id",
    "key_result": "objective_id",
    "initiative": "key_result_id",
}


def clean(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for key in ("baseline", "target", "confidence", "value", "weight"):
        if key in out and out[key] is not None:
            out[key] = float(out[key])
    for key in ("due_date", "date"):
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    return out


def unscorable(kr: dict[str, Any]) -> bool:
    """An increase or decrease key result whose target equals its baseline."""
    b, t = kr.get("baseline"), kr.get("target")
    linear = kr.get("direction", "increase") in ("increase", "decrease")
    return linear and b is not None and t is not None and float(b) == float(t)


class Model:
    def __init__(self, name: str = "", cycle: str = "") -> None:
        self.info: dict[str, Any] = {
            "name": name,
            "cycle": cycle,
            "date": None,
            "cycle_start": None,
            "cycle_end": None,
            "facilitator": "",
            "notes": "",
            "language": "",
        }
        self.rows: dict[str, dict[int, dict[str, Any]]] = {t: {} for t in TABLES}
        #: The highest id ever given per table (ids are never reused).
        self.seq: dict[str, int] = dict.fromkeys(TABLES, 0)

    # ---- whole states (for undo / redo and comparison) ------------------------
    def state(self) -> tuple[dict, dict]:
        return copy.deepcopy((self.info, self.rows))

    def restore(self, state: tuple[dict, dict]) -> None:
        self.info, self.rows = copy.deepcopy(state)

    def tables(self) -> dict[str, Any]:
        return {"workshop": self.info, **{t: self.rows[t] for t in TABLES}}

    # ---- helpers -------------------------------------------------------------
    def insert(self, table: str, values: dict[str, Any]) -> int:
        self.seq[table] += 1
        row_id = self.seq[table]
        self.rows[table][row_id] = {"id": row_id, **DEFAULTS[table], **values}
        return row_id

    def siblings(self, table: str, parent: int | None, exclude: int | None = None) -> list[int]:
        col = PARENT[table]
        rows = [r for r in self.rows[table].values() if r[col] == parent and r["id"] != exclude]
        return [r["id"] for r in sorted(rows, key=lambda r: (r["position"], r["id"]))]

    def next_position(self, table: str, parent: int | None) -> int:
        positions = [r["position"] for r in self.rows[table].values() if r[PARENT[table]] == parent]
        return max(positions) + 1 if positions else 0

    def place(self, table: str, parent: int | None, row_id: int | None, index: int | None) -> None:
        ids = self.siblings(table, parent, exclude=row_id)
        if row_id is not None:
            if index is None or index > len(ids):
                index = len(ids)
            ids.insert(max(0, index), row_id)
        for pos, sibling in enumerate(ids):
            self.rows[table][sibling]["position"] = pos

    def loops(self, objective_id: int, start: int | None) -> bool:
        """Whether the chain of parent key results from ``start`` reaches the objective."""
        seen: set[int] = set()
        walk = start
        while walk is not None and walk not in seen:
            if walk == objective_id:
                return True
            seen.add(walk)
            up = self.rows["objective"][walk]["parent_kr_id"]
            walk = self.rows["key_result"][up]["objective_id"] if up is not None else None
        return False

    def check_alignment(self, objective_id: int | None, kr_id: int) -> None:
        """Only a circle is refused: any unit's key result may be supported."""
        parent_obj = self.rows["key_result"][kr_id]["objective_id"]
        if objective_id is not None and parent_obj == objective_id:
            raise Refused("own key result")
        if objective_id is not None and self.loops(objective_id, parent_obj):
            raise Refused("cycle")

    def owner_from_name(self, values: dict[str, Any]) -> None:
        if "owner_name" not in values:
            return
        wanted = values.pop("owner_name").strip()
        if not wanted:
            values["owner_id"] = None
            return
        for pid in sorted(self.rows["person"]):
            if self.rows["person"][pid]["name"].strip().casefold() == wanted.casefold():
                values["owner_id"] = pid
                return
        values["owner_id"] = self.insert("person", {"name": wanted})

    # ---- people and details ----------------------------------------------------
    def add_person(self, name: str, role: str) -> None:
        self.insert("person", {"name": name, "role": role})

    def update_person(self, pid: int, **fields: Any) -> None:
        if "email" in fields:
            email = fields["email"].strip()
            at = email.find("@")
            fine = at > 0 and at == email.rfind("@") and not email.endswith("@")
            if email and (not fine or any(c.isspace() for c in email)):
                raise Refused("not an e-mail address")
            fields = {**fields, "email": email}
        self.rows["person"][pid].update(fields)

    def delete_person(self, pid: int) -> None:
        for table in ("objective", "key_result", "initiative", "check_in"):
            column = "person_id" if table == "check_in" else "owner_id"
            for row in self.rows[table].values():
                if row[column] == pid:
                    row[column] = None
        del self.rows["person"][pid]

    def update_info(self, **fields: Any) -> None:
        if fields.get("language", "") not in {"", "en", "de"}:
            raise Refused("not a language the app knows")
        self.info.update(clean(fields))

    def accept_finding(
        self, code: str, item_kind: str, item_id: int, reason: str, *, accepted_at: str
    ) -> None:
        if not code or not item_kind:
            raise Refused("nothing to accept")
        for row in self.rows["accepted_finding"].values():
            if (row["code"], row["item_kind"], row["item_id"]) == (code, item_kind, item_id):
                row["reason"] = reason
                return
        self.insert(
            "accepted_finding",
            {"code": code, "item_kind": item_kind, "item_id": item_id, "reason": reason,
             "accepted_at": accepted_at},
        )  # fmt: skip

    def reopen_finding(self, accepted_id: int) -> None:
        del self.rows["accepted_finding"][accepted_id]

    # ---- units -------------------------------------------------------------------
    def add_unit(self, name: str, level: str, parent: int | None, index: int | None) -> None:
        position = self.next_position("unit", parent)
        uid = self.insert("unit", {"name": name, "level": level, "parent_id": parent})
        self.rows["unit"][uid]["position"] = position
        if index is not None:
            self.place("unit", parent, uid, index)

    def rename_unit(self, uid: int, name: str) -> None:
        self.rows["unit"][uid]["name"] = name

    def move_unit(self, uid: int, new_parent: int | None, index: int | None) -> None:
        walk = new_parent
        while walk is not None:
            if walk == uid:
                raise Refused("under itself")
            walk = self.rows["unit"][walk]["parent_id"]
        old = self.rows["unit"][uid]["parent_id"]
        if old != new_parent:
            self.rows["unit"][uid]["parent_id"] = new_parent
            self.place("unit", old, None, None)
        self.place("unit", new_parent, uid, index)

    def _delete_unit_rows(self, uid: int) -> None:
        for child in [u for u, r in self.rows["unit"].items() if r["parent_id"] == uid]:
            self._delete_unit_rows(child)
        for obj in [o for o, r in self.rows["objective"].items() if r["unit_id"] == uid]:
            self._delete_objective_rows(obj)
        del self.rows["unit"][uid]

    def delete_unit(self, uid: int) -> None:
        parent = self.rows["unit"][uid]["parent_id"]
        self._delete_unit_rows(uid)
        self.place("unit", parent, None, None)

    # ---- objectives ----------------------------------------------------------------
    def _add_objective(self, unit: int, fields: dict[str, Any]) -> int:
        values = dict(fields)
        self.owner_from_name(values)
        parent_kr = values.pop("parent_kr_id", None)
        if parent_kr is not None:
            self.check_alignment(None, parent_kr)
            values["parent_kr_id"] = parent_kr
        values["unit_id"] = unit
        values["position"] = self.next_position("objective", unit)
        return self.insert("objective", values)

    def add_objective(self, unit: int, title: str, **fields: Any) -> None:
        self._add_objective(unit, {"title": title, **fields})

    def update_objective(self, oid: int, **fields: Any) -> None:
        values = dict(fields)
        self.owner_from_name(values)
        row = self.rows["objective"][oid]
        old_unit = row["unit_id"]
        moved = "unit_id" in values and values["unit_id"] != old_unit
        if moved:
            values["position"] = self.next_position("objective", values["unit_id"])
        row.update(values)
        if moved:
            self.place("objective", old_unit, None, None)

    def align_objective(self, oid: int, kr: int | None) -> None:
        if kr is not None:
            self.check_alignment(oid, kr)
        self.rows["objective"][oid]["parent_kr_id"] = kr

    def move_objective(self, oid: int, index: int) -> None:
        self.place("objective", self.rows["objective"][oid]["unit_id"], oid, index)

    def _delete_objective_rows(self, oid: int) -> None:
        for kr in [k for k, r in self.rows["key_result"].items() if r["objective_id"] == oid]:
            self._delete_kr_rows(kr)
        del self.rows["objective"][oid]

    def delete_objective(self, oid: int) -> None:
        unit = self.rows["objective"][oid]["unit_id"]
        self._delete_objective_rows(oid)
        self.place("objective", unit, None, None)

    # ---- key results -----------------------------------------------------------------
    def _add_kr(self, oid: int, fields: dict[str, Any]) -> int:
        values = dict(fields)
        self.owner_from_name(values)
        index = values.pop("index", None)
        values = clean(values)
        values["objective_id"] = oid
        if unscorable(values):
            raise Refused("target equals baseline")
        values["position"] = self.next_position("key_result", oid)
        kr = self.insert("key_result", values)
        if index is not None:
            self.place("key_result", oid, kr, index)
        return kr

    def add_key_result(self, oid: int, title: str, **fields: Any) -> None:
        self._add_kr(oid, {"title": title, **fields})

    def update_key_result(self, kr: int, **fields: Any) -> None:
        values = clean(fields)
        row = self.rows["key_result"][kr]
        if values.keys() & {"direction", "baseline", "target"} and unscorable({**row, **values}):
            raise Refused("target equals baseline")
        old = row["objective_id"]
        moved = "objective_id" in values and values["objective_id"] != old
        if moved:
            values["position"] = self.next_position("key_result", values["objective_id"])
        if moved:
            owner = values["objective_id"]
            if any(r["parent_kr_id"] == kr and self.loops(o, owner)
                   for o, r in self.rows["objective"].items()):  # fmt: skip
                raise Refused("a supporter would support itself")
        row.update(values)
        if moved:
            self.place("key_result", old, None, None)

    def move_key_result(self, kr: int, index: int) -> None:
        self.place("key_result", self.rows["key_result"][kr]["objective_id"], kr, index)

    def _delete_kr_rows(self, kr: int) -> None:
        for table in ("check_in", "initiative"):
            for row_id in [i for i, r in self.rows[table].items() if r["key_result_id"] == kr]:
                del self.rows[table][row_id]
        for row in self.rows["objective"].values():
            if row["parent_kr_id"] == kr:
                row["parent_kr_id"] = None
        del self.rows["key_result"][kr]

    def delete_key_result(self, kr: int) -> None:
        oid = self.rows["key_result"][kr]["objective_id"]
        self._delete_kr_rows(kr)
        self.place("key_result", oid, None, None)

    # ---- several items in one step ------------------------------------------------------
    def delete_items(self, keys: list[tuple[str, int]]) -> None:
        """The same as deleting each in turn (one that already went with another is skipped)."""
        if any(item_id not in self.rows[kind] for kind, item_id in keys):
            raise Refused("no longer there")
        single = {
            "unit": self.delete_unit,
            "objective": self.delete_objective,
            "key_result": self.delete_key_result,
        }
        for kind, item_id in keys:
            if item_id in self.rows[kind]:
                single[kind](item_id)

    def add_objectives(self, unit: int, items: list[dict[str, Any]], **_label: Any) -> None:
        for item in items:
            self._add_objective(unit, item)

    def add_key_results(self, oid: int, items: list[dict[str, Any]], **_label: Any) -> None:
        for item in items:
            self._add_kr(oid, item)

    # ---- cascade ---------------------------------------------------------------------
    def cascade(
        self,
        parent_kr: int,
        unit: int | None,
        objective: dict[str, Any],
        krs: list[dict[str, Any]],
        new_unit: dict[str, Any] | None = None,
    ) -> None:
        if len(krs) > 5 or (unit is None) == (new_unit is None):
            raise Refused("cascade shape")
        team = unit
        if new_unit is not None:
            if not new_unit.get("name", "").strip():
                raise Refused("new team needs a name")
            values = {"level": "team", **new_unit}
            values["position"] = self.next_position("unit", values.get("parent_id"))
            team = self.insert("unit", values)
        assert team is not None
        oid = self._add_objective(team, {**objective, "parent_kr_id": parent_kr})
        for kr in krs:
            self._add_kr(oid, kr)

    # ---- closing the loop ----------------------------------------------------------------
    def add_check_in(self, kr: int, value: Any, **fields: Any) -> None:
        if value is None:
            raise Refused("a check-in needs a value")
        self.insert("check_in", {**clean({**fields, "value": value}), "key_result_id": kr})

    def update_check_in(self, cid: int, **fields: Any) -> None:
        if "value" in fields and fields["value"] is None:
            raise Refused("a check-in needs a value")
        self.rows["check_in"][cid].update(clean(fields))

    def delete_check_in(self, cid: int) -> None:
        del self.rows["check_in"][cid]

    def add_initiative(self, kr: int, title: str, **fields: Any) -> None:
        values = dict(fields)
        index = values.pop("index", None)
        values.update(title=title, key_result_id=kr)
        values["position"] = self.next_position("initiative", kr)
        new = self.insert("initiative", values)
        if index is not None:
            self.place("initiative", kr, new, index)

    def delete_initiative(self, iid: int) -> None:
        kr = self.rows["initiative"][iid]["key_result_id"]
        del self.rows["initiative"][iid]
        self.place("initiative", kr, None, None)

    def review_objective(self, oid: int, **fields: Any) -> None:
        self.rows["objective"][oid].update(fields)

    def review_key_result(self, kr: int, **fields: Any) -> None:
        values = clean(fields)
        if "weight" in values and (values["weight"] is None or values["weight"] < 0):
            raise Refused("a weight is 0 or more")
        self.rows["key_result"][kr].update(values)
