"""A process that edits one workshop until it is killed, reporting every commit.

The crash harness (test_crash_harness.py) runs this, kills it with SIGKILL at a
random moment and checks that the reopened file holds exactly what was
reported. Two ways to run it:

``python crash_worker.py run PATH SEED [STEPS]``
    Open PATH and apply a seeded random stream of service edits (and undo /
    redo of earlier ones). Report on stdout, one flushed line each:
    ``PID n``, ``START digest`` once the workshop is open, ``BEGIN i op``
    before step i, ``DONE i status digest label`` after step i returned
    (status: changed, unchanged or refused; digest: the whole workshop as read
    back after the commit), ``BUG i text`` when something that must never
    happen happens (the process then exits with status 3). Breakout files are
    handed out into the folder ``breakouts`` beside PATH's folder.

``python crash_worker.py serve``
    A fork server, so that a kill costs milliseconds instead of an interpreter
    start: it imports the core once, prints ``READY``, then for each line
    ``run SEED PATH`` on stdin forks a child that does what ``run`` does and
    prints ``EXIT code`` when that child is gone.

The stream is deterministic for a given file and seed, so the harness can
replay it in-process (:func:`replay`) to learn the state one step further.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import random
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okr_studio import services
from okr_studio.data import WorkshopData, replaced
from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.next_cycle import write_next_cycle
from okr_studio.store import Workshop
from okr_studio.vocab import is_uid
from tests.core import crash_breakouts

FOREVER = 10**9
#: The folder (beside the workshop's) the next-cycle files are written to.
NEXT_FOLDER = "next"

# Characters the random text is drawn from: plain words, markup, emoji,
# right-to-left, combining marks, CJK, control characters and NUL.
_PIECES = [
    *"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 .,;:-%",
    "<b>", "&amp;", "AT&T", "</para>", '"', "'", "\\", "é", "ł", "Ω", "ß", "€",
    "😀", "👩‍👩‍👧", "🇵🇱", "שלום", "مرحبا", "\u202e", "e\u0301", "\u0308", "数据", "チーム",
    "\t", "\n", "\r\n", "\x00", "\x07", "\x1b", "\ufeff",
]  # fmt: skip
_LEVELS = ["company", "department", "team", "squad", "tribe"]
_ATTR = {"unit": "units", "objective": "objectives", "key_result": "key_results"}


def _canonical(row: Any, uids: list[str], by_uid: dict[str, tuple[str, int]]) -> str:
    """The row's repr, its stable id replaced by whether it is one (ids are random), and
    a stable id it refers to (a note's item) by the row it names.

    A record's repr lists every field by name, in order: canonical enough.
    """
    uid = getattr(row, "uid", None)
    if uid is None:
        return repr(row)
    uids.append(uid)
    row = replaced(row, uid="ok" if is_uid(uid) else f"BAD {uid!r}")
    if getattr(row, "item_uid", ""):
        row = replaced(row, item_uid=repr(by_uid.get(row.item_uid, "gone")))
    return repr(row)


def digest(data: WorkshopData) -> str:
    """A hash of a canonical serialisation of everything in the workshop."""
    uids: list[str] = []
    by_uid = data.by_uid
    h = hashlib.sha256(_canonical(data.info, uids, by_uid).encode("utf-8", "surrogatepass"))
    tables = (data.people, data.units, data.objectives, data.key_results, data.accepted)
    # hand-outs: where the file went and the base's digest (random ids) are not compared
    handed = {
        k: dataclasses.replace(r, file_name="", base_digest="",
                               units=repr([by_uid.get(u, "gone") for u in r.unit_uids]))
        for k, r in data.breakouts.items()
    }  # fmt: skip
    for table in (*tables, data.check_ins, data.initiatives, data.agenda, data.notes, handed):
        for key in sorted(table):
            h.update(_canonical(table[key], uids, by_uid).encode("utf-8", "surrogatepass"))
    h.update(b"unique ids" if len(set(uids)) == len(uids) else b"DUPLICATE IDS")
    return h.hexdigest()[:20]


class EditStream:
    """A seeded random stream of service calls on one open workshop, with undo/redo."""

    def __init__(self, ws: Workshop, seed: int, breakouts: Path | None = None) -> None:
        self.ws = ws
        #: Where breakout files are handed out to (None: no breakouts in this stream).
        self.breakouts = breakouts
        self.rng = random.Random(seed)
        self.done: list[Change] = []
        self.undone: list[Change] = []
        self.data = ws.snapshot()
        self.written = 0  # next-cycle files written

    # ---- random values ---------------------------------------------------
    def text(self) -> str:
        r = self.rng.random()
        if r < 0.6:
            n = self.rng.randint(0, 12)
        elif r < 0.95:
            n = self.rng.randint(12, 120)
        else:
            n = self.rng.randint(500, 2500)
        return "".join(self.rng.choices(_PIECES, k=n))

    def pick(self, items: Any) -> Any:
        seq = sorted(items)
        return self.rng.choice(seq) if seq else None

    def maybe_person(self) -> int | None:
        return self.pick(self.data.people) if self.rng.random() < 0.6 else None

    def ancestor_krs(self, unit_id: int) -> list[int]:
        ancestors = {u.id for u in self.data.unit_ancestors(unit_id)}
        return sorted(
            k.id
            for k in self.data.key_results.values()
            if self.data.objectives[k.objective_id].unit_id in ancestors
        )

    # ---- operations ------------------------------------------------------
    def _ops(self) -> list[tuple[str, float, Callable[[], Change]]]:
        d = self.data
        size = len(d.units) + len(d.objectives) + len(d.key_results) + len(d.people)
        size += len(d.agenda) + len(d.notes)
        scale = {"grow": 1.0, "shrink": 0.3, "": 1.0} if size < 300 else {
            "grow": 0.3, "shrink": 1.5, "": 1.0,
        }  # fmt: skip
        return [
            (op.name, op.weight * scale[op.size], functools.partial(op.call, self))
            for op in MIX
            if self.has(op.needs)
        ]

    def has(self, needs: str) -> bool:
        """Whether an operation that ``needs`` something (see :class:`Op`) can run now."""
        if not needs:
            return True
        if needs in ("done", "undone"):
            return bool(getattr(self, needs))
        if needs in ("breakouts", "out"):  # a folder to hand out to; a breakout not back
            if self.breakouts is None or self.data.origin:
                return False
            if needs == "out":
                return any(not r.merged for r in self.data.breakouts.values())
            return bool(self.data.units)
        return bool(getattr(self.data, needs))

    def choose(self) -> tuple[str, Callable[[], Change]]:
        ops = self._ops()
        name, _w, fn = self.rng.choices(ops, weights=[w for _n, w, _f in ops])[0]
        return name, fn

    def add_unit(self) -> Change:
        parent = None if self.rng.random() < 0.1 else self.pick(self.data.units)
        return services.add_unit(self.ws, self.text(), self.rng.choice(_LEVELS), parent)

    def rename_unit(self) -> Change:
        return services.rename_unit(self.ws, self.pick(self.data.units), self.text())

    def move_unit(self) -> Change:
        unit = self.pick(self.data.units)
        parent = None if self.rng.random() < 0.15 else self.pick(self.data.units)
        index = self.rng.choice([None, 0, 1, 2])
        return services.move_unit(self.ws, unit, parent, index)

    def delete_unit(self) -> Change:
        leaves = [u for u in self.data.units if not self.data.child_units(u)]
        pool = leaves if leaves and self.rng.random() < 0.8 else list(self.data.units)
        return services.delete_unit(self.ws, self.pick(pool))

    def add_person(self) -> Change:
        return services.add_person(self.ws, self.text(), self.text())

    def edit_person(self) -> Change:
        return services.update_person(self.ws, self.pick(self.data.people), name=self.text())

    def delete_person(self) -> Change:
        return services.delete_person(self.ws, self.pick(self.data.people))

    def edit_details(self) -> Change:
        field = self.rng.choice(["name", "cycle", "facilitator", "notes"])
        return services.update_info(self.ws, **{field: self.text()})

    def objective_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name in ("title", "problem", "behaviour_change", "success_measure"):
            if self.rng.random() < 0.5:
                fields[name] = self.text()
        if self.rng.random() < 0.3:
            fields["status"] = self.rng.choice(["draft", "agreed"])
        if self.rng.random() < 0.3:
            fields["owner_id"] = self.maybe_person()
        return fields

    def add_objective(self) -> Change:
        unit = self.pick(self.data.units)
        krs = self.ancestor_krs(unit)
        fields = self.objective_fields()
        fields.pop("title", None)
        if krs and self.rng.random() < 0.6:
            fields["parent_kr_id"] = self.rng.choice(krs)
        return services.add_objective(self.ws, unit, self.text(), **fields)

    def edit_objective(self) -> Change:
        fields = self.objective_fields() or {"title": self.text()}
        return services.update_objective(self.ws, self.pick(self.data.objectives), **fields)

    def move_objective(self) -> Change:
        return services.move_objective(
            self.ws, self.pick(self.data.objectives), self.rng.randint(0, 4)
        )

    def delete_objective(self) -> Change:
        return services.delete_objective(self.ws, self.pick(self.data.objectives))

    def kr_fields(self) -> dict[str, Any]:
        r = self.rng
        fields: dict[str, Any] = {}
        for name in ("metric", "unit_of_measure"):
            if r.random() < 0.5:
                fields[name] = self.text()
        for name in ("baseline", "target"):
            if r.random() < 0.5:
                fields[name] = r.choice([None, 0.0, r.uniform(-1e6, 1e6), r.randint(0, 100)])
        if r.random() < 0.3:
            fields["confidence"] = r.choice([None, round(r.random(), 3)])
        if r.random() < 0.3:
            fields["direction"] = r.choice(
                ["increase", "decrease", "keep_above", "keep_below", "milestone"]
            )
        if r.random() < 0.3:
            fields["work_type"] = r.choice(["feature", "technical_debt", "defect", "risk"])
        if r.random() < 0.3:
            fields["due_date"] = r.choice(
                [None, f"2027-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"]
            )
        if r.random() < 0.3:
            fields["owner_id"] = self.maybe_person()
        return fields

    def add_key_result(self) -> Change:
        return services.add_key_result(
            self.ws, self.pick(self.data.objectives), self.text(), **self.kr_fields()
        )

    def edit_key_result(self) -> Change:
        fields = self.kr_fields() or {"title": self.text()}
        if self.rng.random() < 0.4:
            fields["title"] = self.text()
        return services.update_key_result(self.ws, self.pick(self.data.key_results), **fields)

    def move_key_result(self) -> Change:
        return services.move_key_result(
            self.ws, self.pick(self.data.key_results), self.rng.randint(0, 5)
        )

    def delete_key_result(self) -> Change:
        return services.delete_key_result(self.ws, self.pick(self.data.key_results))

    def align_objective(self) -> Change:
        obj = self.pick(self.data.objectives)
        krs = self.ancestor_krs(self.data.objectives[obj].unit_id)
        r = self.rng.random()
        if r < 0.15:
            kr = None
        elif r < 0.3 or not krs:
            kr = self.pick(self.data.key_results)  # often refused: not above
        else:
            kr = self.rng.choice(krs)
        return services.align_objective(self.ws, obj, kr)

    def cascade(self) -> Change:
        kr = self.pick(self.data.key_results)
        kr_unit = self.data.objectives[self.data.key_results[kr].objective_id].unit_id
        below = sorted(u.id for u in self.data.unit_descendants(kr_unit))
        krs = [
            {"title": self.text(), "owner_name": self.text()[:20], **self.kr_fields()}
            for _ in range(self.rng.randint(3, 5))
        ]
        objective = {"title": self.text(), **self.objective_fields()}
        if below and self.rng.random() < 0.6:
            return services.cascade(self.ws, kr, self.rng.choice(below), objective, krs)
        team = {"name": self.text() or "Team", "level": "team", "parent_id": kr_unit}
        return services.cascade(self.ws, kr, None, objective, krs, new_unit=team)

    # ---- the batch forms: several items, one transaction, one step ----------------
    def add_objectives(self) -> Change:
        items = [
            {**self.objective_fields(), "title": self.text()} for _ in range(self.rng.randint(1, 4))
        ]
        return services.add_objectives(self.ws, self.pick(self.data.units), items)

    def add_key_results(self) -> Change:
        items = [{**self.kr_fields(), "title": self.text()} for _ in range(self.rng.randint(1, 5))]
        return services.add_key_results(self.ws, self.pick(self.data.objectives), items)

    def delete_items(self) -> Change:
        d = self.data
        pool = [("key_result", k) for k in d.key_results] + [("objective", o) for o in d.objectives]
        pool += [("unit", u) for u in d.units if not d.child_units(u)]
        keys = self.rng.sample(sorted(pool), min(len(pool), self.rng.randint(2, 5)))
        return services.delete_items(self.ws, keys)

    # ---- closing the loop: check-ins, initiatives, the review ------------------------------
    def add_check_in(self) -> Change:
        r = self.rng
        value: Any = r.choice([r.uniform(-1e6, 1e6), r.randint(0, 100), 0.0, None])
        if r.random() < 0.2:
            value = self.text()  # mostly refused: not a number
        return services.add_check_in(
            self.ws,
            self.pick(self.data.key_results),
            value,
            date=f"2027-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
            confidence=r.choice([None, round(r.random(), 3)]),
            comment=self.text(),
            person_id=self.maybe_person(),
        )

    def edit_check_in(self) -> Change:
        fields: dict[str, Any] = {"comment": self.text()}
        if self.rng.random() < 0.5:
            fields["value"] = self.rng.uniform(-100, 100)
        return services.update_check_in(self.ws, self.pick(self.data.check_ins), **fields)

    def delete_check_in(self) -> Change:
        return services.delete_check_in(self.ws, self.pick(self.data.check_ins))

    def add_initiative(self) -> Change:
        return services.add_initiative(
            self.ws,
            self.pick(self.data.key_results),
            self.text(),
            state=self.rng.choice(["planned", "in_progress", "done", "stopped"]),
            owner_id=self.maybe_person(),
            problem=self.text(),
            actual_outcome=self.text(),
            index=self.rng.choice([None, 0, 1]),
        )

    def delete_initiative(self) -> Change:
        return services.delete_initiative(self.ws, self.pick(self.data.initiatives))

    def review_objective(self) -> Change:
        return services.review_objective(
            self.ws,
            self.pick(self.data.objectives),
            actual_outcome=self.text(),
            learned=self.text(),
            decision=self.rng.choice(["", "keep", "change", "drop"]),
        )

    def import_rows(self) -> Change:
        """An import: rows of a sheet under a unit, or the workshop's own JSON re-imported
        with titles edited and key results deleted (some ticked for removal)."""
        import json

        from okr_studio.exchange.csvfile import delimited_lines, read_delimited
        from okr_studio.exchange.jsonfile import read_json_bytes, workshop_json
        from okr_studio.exchange.plan import make_plan

        r = self.rng
        if r.random() < 0.5 and self.data.key_results:
            doc = json.loads(workshop_json(self.data, exported_at="2027-01-01T00:00:00+00:00"))
            for entry in doc["objectives"] + doc["key_results"]:
                if r.random() < 0.2:
                    entry["title"] = self.text()
            for _ in range(min(r.randint(0, 3), len(doc["key_results"]))):
                doc["key_results"].pop(r.randrange(len(doc["key_results"])))
            plan = make_plan(read_json_bytes(json.dumps(doc).encode(), "w.json"), self.data)
            remove = {d.ref for d in plan.missing if r.random() < 0.5}
            return services.apply_plan(self.ws, plan, remove=remove)
        rows = []
        for _ in range(r.randint(1, 6)):
            kind = r.choice(["Objective", "Key result", "Key result", "Team"])
            rows.append([kind, self.text() or "x", self.text()[:20], r.choice(["", "12 %", "x"])])
        head = ["Type", "Title", "Owner", "Target"]
        text = "".join(delimited_lines(rows, delimiter="\t", head=head))
        incoming = read_delimited(text, "sheet", format="tsv", delimiter="\t")
        plan = make_plan(incoming, self.data, under=self.pick(self.data.units))
        return services.apply_plan(self.ws, plan)

    # ---- the room: agenda, timer and notes -------------------------------------------
    def add_agenda_item(self) -> Change:
        index = self.rng.choice([None, None, 0, 1])
        minutes = self.rng.randint(0, 90)
        return services.add_agenda_item(self.ws, self.text(), minutes, index=index)

    def edit_agenda_item(self) -> Change:
        fields: dict[str, Any] = {"title": self.text()}
        if self.rng.random() < 0.5:
            fields["planned_minutes"] = self.rng.randint(0, 120)
        return services.update_agenda_item(self.ws, self.pick(self.data.agenda), **fields)

    def move_agenda_item(self) -> Change:
        item = self.pick(self.data.agenda)
        return services.move_agenda_item(self.ws, item, self.rng.randint(0, 4))

    def delete_agenda_item(self) -> Change:
        return services.delete_agenda_item(self.ws, self.pick(self.data.agenda))

    def run_timer(self) -> Change:
        now = dt.datetime(2027, 1, 12, 9, tzinfo=dt.UTC) + dt.timedelta(
            seconds=self.rng.randint(0, 8 * 3600)
        )
        step = self.rng.choice(["start", "start", "pause", "next", "next", "reset", "jump"])
        if step == "start":
            return services.start_agenda_timer(self.ws, now=now)
        if step == "jump":
            return services.start_agenda_timer(
                self.ws, item_id=self.pick(self.data.agenda), now=now
            )
        if step == "pause":
            return services.pause_agenda_timer(self.ws, now=now)
        if step == "next":
            return services.next_agenda_item(self.ws, now=now)
        return services.reset_agenda(self.ws)

    def note_item(self) -> Any:
        kinds = [k for k in ("unit", "objective", "key_result") if getattr(self.data, _ATTR[k])]
        if not kinds or self.rng.random() < 0.3:
            return None
        kind = self.rng.choice(kinds)
        return (kind, self.pick(getattr(self.data, _ATTR[kind])))

    def add_note(self) -> Change:
        fields: dict[str, Any] = {}
        if self.rng.random() < 0.4:
            fields["owner_name"] = self.text()[:30]
        if self.rng.random() < 0.3:
            fields["due_date"] = f"2027-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        kind = self.rng.choice(["question", "parked", "decision", "action"])
        fields["created_at"] = f"2027-01-12T{self.rng.randint(9, 17):02d}:00:00+00:00"  # replayable
        return services.add_note(self.ws, kind, self.text(), item=self.note_item(), **fields)

    def edit_note(self) -> Change:
        r = self.rng.random()
        if r < 0.3:
            fields: dict[str, Any] = {"status": self.rng.choice(["open", "closed"])}
        elif r < 0.5:
            fields = {"item": self.note_item()}
        elif r < 0.6:
            fields = {"owner_id": self.maybe_person()}
        else:
            fields = {"text": self.text()}
        return services.update_note(self.ws, self.pick(self.data.notes), **fields)

    def move_note(self) -> Change:
        return services.move_note(self.ws, self.pick(self.data.notes), self.rng.randint(0, 5))

    def delete_note(self) -> Change:
        return services.delete_note(self.ws, self.pick(self.data.notes))

    def next_cycle(self) -> Change:
        """Write the next cycle to a new file in ``next`` beside the workshop's folder.

        The open workshop does not change (an empty change); the harness checks that
        every file there is a whole workshop, whenever the kill came.
        """
        folder = Path(self.ws.path).parent.parent / NEXT_FOLDER
        folder.mkdir(exist_ok=True)
        self.written += 1
        target = folder / f"next-{os.getpid()}-{self.written}.okr"
        while target.exists():  # the harness replays streams in its own process, each
            self.written += 1  # counting from 1 again
            target = folder / f"next-{os.getpid()}-{self.written}.okr"
        write_next_cycle(self.data, target)
        return Change("Start next cycle")

    def undo(self) -> Change:
        change = self.done.pop()
        try:
            result = services.undo(self.ws, change)
        except BaseException:
            self.done.append(change)
            raise
        self.undone.append(change)
        return result

    def redo(self) -> Change:
        change = self.undone.pop()
        try:
            result = services.redo(self.ws, change)
        except BaseException:
            self.undone.append(change)
            raise
        self.done.append(change)
        return result

    # ---- one step ------------------------------------------------------------
    def step(self, op: str, fn: Callable[[], Change]) -> tuple[str, str]:
        """Run one chosen operation; returns (status, label). EditRefused is a status."""
        try:
            change = fn()
        except EditRefused as exc:
            if op in ("undo", "redo"):
                raise AssertionError(f"{op} was refused: {exc}") from exc
            self.data = self.ws.snapshot()
            return "refused", op
        if op not in ("undo", "redo") and not change.empty:
            self.done.append(change)
            self.undone.clear()
        self.data = self.ws.snapshot()
        return ("unchanged" if change.empty else "changed"), change.label


@dataclass(frozen=True)
class Op:
    """One kind of service call in the harness's mix.

    ``call`` makes one random call of the service on the stream's workshop and
    returns its Change (so it can be undone and redone later); ``needs`` names
    what must exist first (a table of the workshop: "units", "people",
    "objectives", "key_results", "check_ins", "initiatives"; or "done"/"undone" for
    undo/redo); ``size``
    is "grow" for calls that add (rarer once the workshop is large), "shrink"
    for calls that remove (more frequent then), "" otherwise.
    """

    name: str
    weight: float
    call: Callable[[EditStream], Change]
    needs: str = ""
    size: str = ""


#: The mix of service calls the worker draws from. To put a new service in the
#: harness (import, re-import, check-ins, next cycle):
#: write a method of EditStream that makes one random call of it and returns its
#: Change, and add one line here. The harness then kills the worker in the middle
#: of it like any other call and checks that the file holds the state before or
#: after it, never a part of it.
MIX: tuple[Op, ...] = (
    Op("add unit", 1.5, EditStream.add_unit, size="grow"),
    Op("add person", 0.6, EditStream.add_person, size="grow"),
    Op("edit details", 0.3, EditStream.edit_details),
    Op("rename unit", 0.6, EditStream.rename_unit, needs="units"),
    Op("move unit", 0.4, EditStream.move_unit, needs="units"),
    Op("delete unit", 0.25, EditStream.delete_unit, needs="units", size="shrink"),
    Op("add objective", 2.0, EditStream.add_objective, needs="units", size="grow"),
    Op("edit person", 0.4, EditStream.edit_person, needs="people"),
    Op("delete person", 0.2, EditStream.delete_person, needs="people", size="shrink"),
    Op("edit objective", 1.5, EditStream.edit_objective, needs="objectives"),
    Op("move objective", 0.4, EditStream.move_objective, needs="objectives"),
    Op("delete objective", 0.4, EditStream.delete_objective, needs="objectives", size="shrink"),
    Op("add key result", 2.5, EditStream.add_key_result, needs="objectives", size="grow"),
    Op("align objective", 0.6, EditStream.align_objective, needs="objectives"),
    Op("edit key result", 1.5, EditStream.edit_key_result, needs="key_results"),
    Op("move key result", 0.4, EditStream.move_key_result, needs="key_results"),
    Op("delete key result", 0.5, EditStream.delete_key_result, needs="key_results", size="shrink"),
    Op("cascade", 0.8, EditStream.cascade, needs="key_results", size="grow"),
    Op("add objectives", 0.5, EditStream.add_objectives, needs="units", size="grow"),
    Op("add key results", 0.6, EditStream.add_key_results, needs="objectives", size="grow"),
    Op("delete items", 0.3, EditStream.delete_items, needs="units", size="shrink"),
    Op("add check-in", 1.5, EditStream.add_check_in, needs="key_results", size="grow"),
    Op("edit check-in", 0.4, EditStream.edit_check_in, needs="check_ins"),
    Op("delete check-in", 0.3, EditStream.delete_check_in, needs="check_ins", size="shrink"),
    Op("add initiative", 0.6, EditStream.add_initiative, needs="key_results", size="grow"),
    Op("delete initiative", 0.2, EditStream.delete_initiative, needs="initiatives", size="shrink"),
    Op("review objective", 0.6, EditStream.review_objective, needs="objectives"),
    Op("import", 0.4, EditStream.import_rows, needs="units", size="grow"),
    Op("add agenda item", 0.4, EditStream.add_agenda_item, size="grow"),
    Op("edit agenda item", 0.2, EditStream.edit_agenda_item, needs="agenda"),
    Op("move agenda item", 0.15, EditStream.move_agenda_item, needs="agenda"),
    Op("delete agenda item", 0.1, EditStream.delete_agenda_item, needs="agenda", size="shrink"),
    Op("run timer", 0.5, EditStream.run_timer, needs="agenda"),
    Op("add note", 0.6, EditStream.add_note, size="grow"),
    Op("edit note", 0.4, EditStream.edit_note, needs="notes"),
    Op("move note", 0.15, EditStream.move_note, needs="notes"),
    Op("delete note", 0.15, EditStream.delete_note, needs="notes", size="shrink"),
    Op("next cycle", 0.1, EditStream.next_cycle),
    Op("hand out", 0.8, crash_breakouts.hand_out, needs="breakouts"),
    Op("merge breakout", 1.0, crash_breakouts.merge, needs="out"),
    Op("undo", 1.5, EditStream.undo, needs="done"),
    Op("redo", 1.2, EditStream.redo, needs="undone"),
)


def _say(fd: int, line: str) -> None:
    os.write(fd, (line.replace("\n", " ") + "\n").encode("utf-8", "replace"))


def breakout_folder(path: str | Path) -> Path:
    """Where a stream editing ``path`` hands breakouts out to: beside its folder."""
    return Path(path).absolute().parent.parent / "breakouts"


def run(path: str, seed: int, steps: int = FOREVER, fd: int = 1) -> int:
    """Edit ``path`` for ``steps`` steps, reporting each on file descriptor ``fd``."""
    _say(fd, f"PID {os.getpid()}")
    ws = Workshop.open(path)
    try:
        stream = EditStream(ws, seed, breakout_folder(path))
        _say(fd, f"START {digest(stream.data)}")
        for i in range(1, steps + 1):
            op, fn = stream.choose()
            _say(fd, f"BEGIN {i} {op}")
            try:
                status, label = stream.step(op, fn)
            except Exception as exc:
                _say(fd, f"BUG {i} {op}: {type(exc).__name__}: {exc}")
                traceback.print_exc()
                return 3
            _say(fd, f"DONE {i} {status} {digest(stream.data)} {label}")
    finally:
        ws.close()
    return 0


def replay(path: str | Path, seed: int, steps: int, breakouts: Path | None = None) -> list[str]:
    """Run the same stream in this process; the digests after steps 0..steps
    (``breakouts``: the hand-outs' folder as the stream's run found it)."""
    ws = Workshop.open(path)
    try:
        stream = EditStream(ws, seed, breakouts or breakout_folder(path))
        out = [digest(stream.data)]
        for _ in range(steps):
            op, fn = stream.choose()
            stream.step(op, fn)
            out.append(digest(stream.data))
        return out
    finally:
        ws.close()


def _warm_up() -> None:
    """Open, edit and close a scratch workshop once, so every forked child starts warm.

    (The first open of a process builds SQLAlchemy's caches, which would make
    each child spend most of its short life opening the file.)
    """
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm.okr"
        Workshop.create(path).close()
        ws = Workshop.open(path)
        try:
            stream = EditStream(ws, 0, Path(folder) / "breakouts")
            for _ in range(30):
                stream.step(*stream.choose())
            if stream.data.units:  # a hand-out and a merge load what they need once
                stream.step("hand out", functools.partial(crash_breakouts.hand_out, stream))
            if stream.has("out"):
                stream.step("merge", functools.partial(crash_breakouts.merge, stream))
        finally:
            ws.close()


def serve() -> int:
    """Fork one child per ``run SEED PATH`` line on stdin; report its exit."""
    _warm_up()
    _say(1, "READY")
    while True:
        line = sys.stdin.buffer.readline().decode("utf-8")
        if not line.strip():
            return 0
        _cmd, seed, path = line.rstrip("\n").split(" ", 2)
        pid = os.fork()
        if pid == 0:  # the child
            code = 2
            try:
                code = run(path, int(seed))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        _pid, status = os.waitpid(pid, 0)
        _say(1, f"EXIT {os.waitstatus_to_exitcode(status)}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"]:
        return serve()
    if argv[:1] == ["run"] and len(argv) in (3, 4):
        steps = int(argv[3]) if len(argv) == 4 else FOREVER
        return run(argv[1], int(argv[2]), steps)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
