"""Model-based test of the services and undo/redo (hypothesis RuleBasedStateMachine).

Random service calls, undos and redos are applied to a real workshop file and
to a plain in-memory model (plain_model.py) side by side. The Changes the
services return are kept on an undo stack and a redo stack, as the UI's undo
stack keeps them. After every step the file, reopened as a snapshot, equals
the model; at the end, undoing everything returns the file to its first state.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from okr_studio import services
from okr_studio.data import WorkshopData, as_dict
from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.store import Workshop
from okr_studio.vocab import is_uid
from tests.core.plain_model import Model, Refused

# Durability is the crash harness's subject; here a memory-backed temporary folder,
# when the system has one, keeps hundreds of commits (each fsynced) fast.
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
    st.sampled_from(["", "  ", "Sales", "sales ", "<b>&amp;", "😀", "שלום", "e\u0301", "a\x00b"]),
)
PICK = st.integers(min_value=0, max_value=10_000)
INDEX = st.one_of(st.none(), st.integers(min_value=-1, max_value=6))
NUMBER = st.one_of(st.none(), st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False))
#: Owner names typed in the cascade: new people, and "Ana" of the seed tree in other spellings.
OWNER_NAME = st.sampled_from(["", "  ", "Ana", " ana ", "ANA", "Cy", "Zoë", "zoë"]) | TEXT
OBJECTIVE_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "title": TEXT,
        "problem": TEXT,
        "behaviour_change": TEXT,
        "success_measure": TEXT,
        "notes": TEXT,
        "status": st.sampled_from(["draft", "agreed"]),
    },
)
KR_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "metric": TEXT,
        "unit_of_measure": TEXT,
        "notes": TEXT,
        "baseline": NUMBER,
        "target": NUMBER,
        "confidence": st.one_of(st.none(), st.floats(0, 1)),
        "direction": st.sampled_from(
            ["increase", "decrease", "keep_above", "keep_below", "milestone"]
        ),
        "work_type": st.sampled_from(["feature", "technical_debt", "defect", "risk"]),
        "due_date": st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
    },
)


EMAIL = st.sampled_from(
    ["", " ana@example.com ", "zoë@例え.jp", "not an address", "a@@b", "@x", "x@", "a b@c"]
)


def _without_uid(row: Any) -> dict[str, Any]:
    out = as_dict(row)
    out.pop("uid", None)
    return out


def file_tables(data: WorkshopData) -> dict[str, Any]:
    """The snapshot as the model's plain dictionaries (stable ids aside: see check_uids)."""

    def rows(table: Any) -> dict[int, dict[str, Any]]:
        return {k: _without_uid(v) for k, v in table.items()}

    return {
        "workshop": _without_uid(data.info),
        "person": rows(data.people),
        "unit": rows(data.units),
        "objective": rows(data.objectives),
        "key_result": rows(data.key_results),
        "check_in": rows(data.check_ins),
        "initiative": rows(data.initiatives),
        "accepted_finding": rows(data.accepted),
    }


def check_uids(data: WorkshopData, seen: dict[tuple[str, int], str]) -> None:
    """Every item has a well-formed stable id of its own, and keeps it for good.

    Ids are never reused, so an item that comes back (undo of a delete, redo of an
    add) must come back with the stable id it had.
    """
    items = {("workshop", 1): data.info.uid}
    tables = {"person": data.people, "unit": data.units, "objective": data.objectives,
              "key_result": data.key_results, "check_in": data.check_ins,
              "initiative": data.initiatives}  # fmt: skip
    for table, rows in tables.items():
        items.update({(table, k): v.uid for k, v in rows.items()})
    assert all(is_uid(u) for u in items.values()), items
    assert len(set(items.values())) == len(items)
    for key, uid in items.items():
        assert seen.setdefault(key, uid) == uid, f"{key} changed its stable id"


class WorkshopMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="okr-stateful-", dir=SCRATCH))
        self.ws = Workshop.create(self.folder / "model.okr", name="Model", cycle="2027 Q1")
        self.model = Model("Model", "2027 Q1")
        self.first = file_tables(self.ws.snapshot())
        assert self.first == self.model.tables()
        self.uids: dict[tuple[str, int], str] = {}
        check_uids(self.ws.snapshot(), self.uids)
        # (change, model state before, model state after), as an undo stack holds them.
        self.done: list[tuple[Change, Any, Any]] = []
        self.undone: list[tuple[Change, Any, Any]] = []
        self.steps = 0

    # ---- the two sides ---------------------------------------------------------
    def both(self, model_op: str, service: Any, *args: Any, **kwargs: Any) -> None:
        """Apply one edit to the model (on a copy) and to the file; they must agree."""
        trial = copy.deepcopy(self.model)
        before = self.model.state()
        try:
            getattr(trial, model_op)(*args, **kwargs)
            refused = None
        except Refused as exc:
            refused = exc
        try:
            change = service(self.ws, *args, **kwargs)
        except EditRefused as exc:
            assert refused is not None, f"the service refused {model_op}: {exc}"
            return
        assert refused is None, f"the service accepted {model_op}, the model refused: {refused}"
        self.model = trial
        if not change.empty:
            self.done.append((change, before, self.model.state()))
            self.undone.clear()

    def pick(self, table: str, i: int) -> int:
        ids = sorted(self.model.rows[table])
        return ids[i % len(ids)]

    def has(self, table: str) -> bool:
        return bool(self.model.rows[table])

    # ---- rules ---------------------------------------------------------------------
    @initialize()
    def seed_tree(self) -> None:
        """A small company tree to start from (undone at the end like everything else)."""
        both = self.both
        both("add_person", services.add_person, "Ana", "Product manager")
        both("add_person", services.add_person, "Bo", "Tech lead")
        both("add_unit", services.add_unit, "Acme", "company", None, index=None)
        both("add_unit", services.add_unit, "Sales", "department", 1, index=None)
        both("add_unit", services.add_unit, "Product", "department", 1, index=None)
        both("add_unit", services.add_unit, "Team A", "team", 3, index=None)
        both("add_objective", services.add_objective, 1, "Grow", owner_id=1)
        for k in range(3):
            both("add_key_result", services.add_key_result, 1, f"KR {k}", owner_id=2, target=10)
        both("add_objective", services.add_objective, 3, "Retain", parent_kr_id=1, owner_id=2)
        both("add_key_result", services.add_key_result, 2, "Churn", owner_id=1, baseline=4)
        assert len(self.done) == 12

    @rule(name=TEXT, level=st.sampled_from(["company", "department", "team"]), parent=PICK,
          top=st.booleans(), index=INDEX)  # fmt: skip
    def add_unit(self, name: str, level: str, parent: int, top: bool, index: int | None) -> None:
        parent_id = None if top or not self.has("unit") else self.pick("unit", parent)
        self.both("add_unit", services.add_unit, name, level, parent_id, index=index)

    @precondition(lambda self: self.has("unit"))
    @rule(unit=PICK, name=TEXT)
    def rename_unit(self, unit: int, name: str) -> None:
        self.both("rename_unit", services.rename_unit, self.pick("unit", unit), name)

    @precondition(lambda self: self.has("unit"))
    @rule(unit=PICK, parent=PICK, top=st.booleans(), index=INDEX)
    def move_unit(self, unit: int, parent: int, top: bool, index: int | None) -> None:
        new_parent = None if top else self.pick("unit", parent)
        self.both("move_unit", services.move_unit, self.pick("unit", unit), new_parent, index)

    @precondition(lambda self: len(self.model.rows["unit"]) > 2)
    @rule(unit=PICK)
    def delete_unit(self, unit: int) -> None:
        self.both("delete_unit", services.delete_unit, self.pick("unit", unit))

    @rule(name=TEXT, role=TEXT)
    def add_person(self, name: str, role: str) -> None:
        self.both("add_person", services.add_person, name, role)

    @precondition(lambda self: self.has("person"))
    @rule(person=PICK, name=TEXT, email=st.none() | EMAIL)
    def update_person(self, person: int, name: str, email: str | None) -> None:
        fields = {"name": name} if email is None else {"name": name, "email": email}
        self.both("update_person", services.update_person, self.pick("person", person), **fields)

    @precondition(lambda self: self.has("person"))
    @rule(person=PICK)
    def delete_person(self, person: int) -> None:
        self.both("delete_person", services.delete_person, self.pick("person", person))

    @rule(name=TEXT, notes=TEXT, date=st.one_of(st.none(), st.dates()),
          language=st.sampled_from(["", "en", "de", "fr", "EN"]))  # fmt: skip
    def update_info(self, name: str, notes: str, date: Any, language: str) -> None:
        self.both("update_info", services.update_info, name=name, notes=notes, date=date,
                  language=language)  # fmt: skip

    @rule(code=st.sampled_from(["", "KR_NO_OWNER", "kr_no_owner", "OBJ_ORPHAN"]),
          kind=st.sampled_from(["", "key_result", "objective"]), item=st.integers(0, 6),
          reason=TEXT)  # fmt: skip
    def accept_finding(self, code: str, kind: str, item: int, reason: str) -> None:
        self.both("accept_finding", services.accept_finding, code, kind, item, reason,
                  accepted_at="2027-01-12T10:00:00+00:00")  # fmt: skip

    @precondition(lambda self: self.has("accepted_finding"))
    @rule(accepted=PICK)
    def reopen_finding(self, accepted: int) -> None:
        accepted_id = self.pick("accepted_finding", accepted)
        self.both("reopen_finding", services.reopen_finding, accepted_id)

    def owner(self, i: int | None) -> int | None:
        return None if i is None or not self.has("person") else self.pick("person", i)

    @precondition(lambda self: self.has("unit"))
    @rule(unit=PICK, title=TEXT, fields=OBJECTIVE_FIELDS, owner=st.none() | PICK,
          kr=st.none() | PICK)  # fmt: skip
    def add_objective(self, unit: int, title: str, fields: dict, owner: int | None,
                      kr: int | None) -> None:  # fmt: skip
        fields = {k: v for k, v in fields.items() if k != "title"}
        fields["owner_id"] = self.owner(owner)
        if kr is not None and self.has("key_result"):
            fields["parent_kr_id"] = self.pick("key_result", kr)  # any unit: no circle
        self.both("add_objective", services.add_objective, self.pick("unit", unit), title, **fields)

    @precondition(lambda self: self.has("objective"))
    @rule(obj=PICK, fields=OBJECTIVE_FIELDS, owner=st.none() | PICK, unit=st.none() | PICK)
    def update_objective(self, obj: int, fields: dict, owner: int | None, unit: int | None) -> None:
        fields = dict(fields)
        if owner is not None:
            fields["owner_id"] = self.owner(owner)
        if unit is not None:
            fields["unit_id"] = self.pick("unit", unit)
        if not fields:
            fields["title"] = "Renamed"
        oid = self.pick("objective", obj)
        self.both("update_objective", services.update_objective, oid, **fields)

    @precondition(lambda self: self.has("objective") and self.has("key_result"))
    @rule(obj=PICK, kr=st.none() | PICK)
    def align_objective(self, obj: int, kr: int | None) -> None:
        kr_id = None if kr is None else self.pick("key_result", kr)
        oid = self.pick("objective", obj)
        self.both("align_objective", services.align_objective, oid, kr_id)

    @precondition(lambda self: self.has("objective"))
    @rule(obj=PICK, index=st.integers(-1, 6))
    def move_objective(self, obj: int, index: int) -> None:
        oid = self.pick("objective", obj)
        self.both("move_objective", services.move_objective, oid, index)

    @precondition(lambda self: self.has("objective"))
    @rule(obj=PICK)
    def delete_objective(self, obj: int) -> None:
        self.both("delete_objective", services.delete_objective, self.pick("objective", obj))

    @precondition(lambda self: self.has("objective"))
    @rule(obj=PICK, title=TEXT, fields=KR_FIELDS, index=INDEX, owner=st.none() | PICK)
    def add_key_result(self, obj: int, title: str, fields: dict, index: int | None,
                       owner: int | None) -> None:  # fmt: skip
        fields = {**fields, "owner_id": self.owner(owner)}
        if index is not None:
            fields["index"] = index
        oid = self.pick("objective", obj)
        self.both("add_key_result", services.add_key_result, oid, title, **fields)

    @precondition(lambda self: self.has("key_result"))
    @rule(kr=PICK, fields=KR_FIELDS, title=st.none() | TEXT, obj=st.none() | PICK)
    def update_key_result(self, kr: int, fields: dict, title: str | None, obj: int | None) -> None:
        fields = dict(fields)
        if title is not None:
            fields["title"] = title
        if obj is not None:
            fields["objective_id"] = self.pick("objective", obj)
        if not fields:
            fields["title"] = "Renamed"
        kid = self.pick("key_result", kr)
        self.both("update_key_result", services.update_key_result, kid, **fields)

    @precondition(lambda self: self.has("key_result"))
    @rule(kr=PICK, index=st.integers(-1, 6))
    def move_key_result(self, kr: int, index: int) -> None:
        self.both("move_key_result", services.move_key_result, self.pick("key_result", kr), index)

    @precondition(lambda self: self.has("key_result"))
    @rule(kr=PICK)
    def delete_key_result(self, kr: int) -> None:
        self.both("delete_key_result", services.delete_key_result, self.pick("key_result", kr))

    @precondition(lambda self: self.has("unit"))
    @rule(picks=st.lists(st.tuples(st.sampled_from(["unit", "objective", "key_result"]), PICK),
                         min_size=1, max_size=5), gone=st.booleans())  # fmt: skip
    def delete_items(self, picks: list, gone: bool) -> None:
        """Several items of any kinds at once, nested ones too; one no longer there refuses."""
        keys = [(kind, self.pick(kind, i)) for kind, i in picks if self.has(kind)]
        if gone:
            keys.append(("objective", self.model.seq["objective"] + 1))
        self.both("delete_items", services.delete_items, keys)

    @precondition(lambda self: self.has("unit"))
    @rule(unit=PICK, items=st.lists(OBJECTIVE_FIELDS, max_size=4), kr=st.none() | PICK)
    def add_objectives(self, unit: int, items: list, kr: int | None) -> None:
        if kr is not None and self.has("key_result") and items:
            items = [*items[:-1], {**items[-1], "parent_kr_id": self.pick("key_result", kr)}]
        self.both("add_objectives", services.add_objectives, self.pick("unit", unit), items,
                  label="Paste")  # fmt: skip

    @precondition(lambda self: self.has("objective"))
    @rule(obj=PICK, items=st.lists(KR_FIELDS, max_size=4), index=INDEX)
    def add_key_results(self, obj: int, items: list, index: int | None) -> None:
        if index is not None and items:
            items = [{**items[0], "index": index}, *items[1:]]
        oid = self.pick("objective", obj)
        self.both("add_key_results", services.add_key_results, oid, items)

    @precondition(lambda self: self.has("key_result"))
    @rule(kr=PICK, team=st.none() | PICK, name=TEXT, title=TEXT,
          krs=st.lists(st.tuples(TEXT, OWNER_NAME, st.none() | st.integers(0, 100)),
                       min_size=2, max_size=6))  # fmt: skip
    def cascade(self, kr: int, team: int | None, name: str, title: str, krs: list) -> None:
        kr_id = self.pick("key_result", kr)
        kr_unit = self.model.rows["objective"][
            self.model.rows["key_result"][kr_id]["objective_id"]
        ]["unit_id"]
        objective = {"title": title, "owner_name": "ana"}
        key_results = [{"title": t, "owner_name": o, "target": n} for t, o, n in krs]
        if team is None:
            new_unit = {"name": name, "parent_id": kr_unit}
            self.both("cascade", services.cascade, kr_id, None, objective, key_results,
                      new_unit=new_unit)  # fmt: skip
        else:
            unit = self.pick("unit", team)  # any team: only a circle is refused
            self.both("cascade", services.cascade, kr_id, unit, objective, key_results)

    # ---- closing the loop ---------------------------------------------------------------
    @precondition(lambda self: self.has("key_result"))
    @rule(kr=PICK, value=NUMBER, day=st.dates(), confidence=st.none() | st.floats(0, 1),
          comment=TEXT, person=st.none() | PICK)  # fmt: skip
    def add_check_in(self, kr: int, value: Any, day: Any, confidence: Any, comment: str,
                     person: int | None) -> None:  # fmt: skip
        kid = self.pick("key_result", kr)
        self.both("add_check_in", services.add_check_in, kid, value, date=day,
                  confidence=confidence, comment=comment, person_id=self.owner(person))  # fmt: skip

    @precondition(lambda self: self.has("check_in"))
    @rule(check_in=PICK, value=NUMBER, comment=TEXT)
    def update_check_in(self, check_in: int, value: Any, comment: str) -> None:
        cid = self.pick("check_in", check_in)
        self.both("update_check_in", services.update_check_in, cid, value=value, comment=comment)

    @precondition(lambda self: self.has("check_in"))
    @rule(check_in=PICK)
    def delete_check_in(self, check_in: int) -> None:
        self.both("delete_check_in", services.delete_check_in, self.pick("check_in", check_in))

    @precondition(lambda self: self.has("key_result"))
    @rule(kr=PICK, title=TEXT, state=st.sampled_from(["planned", "in_progress", "done"]),
          owner=st.none() | PICK, index=INDEX, outcome=TEXT)  # fmt: skip
    def add_initiative(self, kr: int, title: str, state: str, owner: int | None,
                       index: int | None, outcome: str) -> None:  # fmt: skip
        fields: dict[str, Any] = {"state": state, "owner_id": self.owner(owner),
                                  "actual_outcome": outcome}  # fmt: skip
        if index is not None:
            fields["index"] = index
        kid = self.pick("key_result", kr)
        self.both("add_initiative", services.add_initiative, kid, title, **fields)

    @precondition(lambda self: self.has("initiative"))
    @rule(initiative=PICK)
    def delete_initiative(self, initiative: int) -> None:
        iid = self.pick("initiative", initiative)
        self.both("delete_initiative", services.delete_initiative, iid)

    @precondition(lambda self: self.has("objective"))
    @rule(obj=PICK, outcome=TEXT, learned=TEXT, decision=st.sampled_from(["", "keep", "drop"]))
    def review_objective(self, obj: int, outcome: str, learned: str, decision: str) -> None:
        self.both("review_objective", services.review_objective, self.pick("objective", obj),
                  actual_outcome=outcome, learned=learned, decision=decision)  # fmt: skip

    @precondition(lambda self: self.has("key_result"))
    @rule(kr=PICK, note=TEXT, weight=st.sampled_from([0, 1, 2.5, -1]))
    def review_key_result(self, kr: int, note: str, weight: float) -> None:
        self.both("review_key_result", services.review_key_result, self.pick("key_result", kr),
                  learning_note=note, weight=weight)  # fmt: skip

    @precondition(lambda self: self.done)
    @rule()
    def undo(self) -> None:
        change, before, _after = self.done.pop()
        services.undo(self.ws, change)
        self.model.restore(before)
        self.undone.append((change, before, _after))

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self) -> None:
        change, _before, after = self.undone.pop()
        services.redo(self.ws, change)
        self.model.restore(after)
        self.done.append((change, _before, after))

    # ---- checks --------------------------------------------------------------------
    @invariant()
    def file_equals_model(self) -> None:
        self.steps += 1
        data = self.ws.snapshot()
        assert file_tables(data) == self.model.tables()
        check_uids(data, self.uids)

    def teardown(self) -> None:
        try:
            while self.done:
                change, before, _after = self.done.pop()
                services.undo(self.ws, change)
                self.model.restore(before)
                assert file_tables(self.ws.snapshot()) == self.model.tables()
                check_uids(self.ws.snapshot(), self.uids)
            assert file_tables(self.ws.snapshot()) == self.first
            STEPS.append(self.steps)
        finally:
            self.ws.close()
            shutil.rmtree(self.folder, ignore_errors=True)


STEPS: list[int] = []

WorkshopMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_services_and_undo_match_the_model = WorkshopMachine.TestCase


@pytest.fixture(scope="module", autouse=True)
def _report_steps() -> Iterator[None]:
    yield
    print(f"\nstateful: {len(STEPS)} runs, {sum(STEPS)} checked steps")
