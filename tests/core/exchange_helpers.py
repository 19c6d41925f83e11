"""Workshops for the exchange tests: built through the services, compared by stable id.

:func:`canonical` is written here independently of the exchange code: every item
by its stable id, every field, links as the stable ids they point to, and the
order among siblings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from okr_studio import services
from okr_studio.data import WorkshopData, as_dict
from okr_studio.store import Workshop

#: Characters the random texts are made of: words, markup, emoji, right-to-left,
#: CJK, combining marks, line ends, tabs and other control characters.
PIECES = [
    *"abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 .,;:%'\"-=+@",
    "<b>", "&amp;", "AT&T", "</para>", "😀", "👩‍👩‍👧", "שלום", "مرحبا", "数据", "チーム",
    "e\u0301", "\t", "\n", "\r\n", "\r", "\x00", "\x07", "\ufeff", "=SUM(A1)", "@x", "+1",
]  # fmt: skip


def texts(*, controls: bool = True, max_size: int = 12) -> st.SearchStrategy[str]:
    pieces = PIECES if controls else [p for p in PIECES if p not in ("\x00", "\x07", "\r")]
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


names = st.lists(st.sampled_from(list("abcdefgh ÄÖéß数")), min_size=1, max_size=8).map(
    lambda s: "P" + "".join(s).strip()
)
numbers = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6).map(float),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
dates = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)))


@st.composite
def workshop_specs(draw: st.DrawFn, *, controls: bool = True) -> dict[str, Any]:
    """A random workshop as a plan of service calls (see :func:`build`)."""
    text = texts(controls=controls)
    n_units = draw(st.integers(1, 4))
    units = [
        {
            "name": draw(text),
            "level": draw(st.sampled_from(["company", "department", "team", ""])),
            "parent": None if i == 0 else draw(st.integers(0, i - 1)),
        }
        for i in range(n_units)
    ]
    # an e-mail address names one person (the flat table matches owners by it)
    people = [
        (name, f"p{i}@example.org" if mail else "")
        for i, (name, mail) in enumerate(
            draw(st.lists(st.tuples(names, st.booleans()), max_size=3,
                          unique_by=lambda p: p[0].casefold()))
        )
    ]  # fmt: skip
    objectives = []
    for _ in range(draw(st.integers(0, 4))):
        objectives.append(
            {
                "unit": draw(st.integers(0, n_units - 1)),
                "title": draw(text),
                "problem": draw(text),
                "behaviour_change": draw(text),
                "success_measure": draw(text),
                "notes": draw(text),
                "status": draw(st.sampled_from(["draft", "agreed"])),
                "owner": draw(st.none() | st.integers(0, 9)),
                "krs": [
                    {
                        "title": draw(text),
                        "metric": draw(text),
                        "baseline": draw(numbers),
                        "target": draw(numbers),
                        "unit_of_measure": draw(st.sampled_from(["", "%", "ms", "€"])),
                        "direction": draw(st.sampled_from(
                            ["increase", "decrease", "keep_above", "keep_below", "milestone"])),
                        "due_date": draw(dates),
                        "work_type": draw(st.sampled_from(
                            ["feature", "technical_debt", "defect", "risk"])),
                        "confidence": draw(st.none() | st.floats(0, 1)),
                        "notes": draw(text),
                        "owner": draw(st.none() | st.integers(0, 9)),
                        "weight": draw(st.sampled_from([1.0, 0.0, 2.5])),
                        "learning_note": draw(text),
                        "check_ins": draw(st.lists(st.tuples(dates.filter(bool), numbers.filter(
                            lambda n: n is not None), text), max_size=2)),
                        "initiatives": draw(st.lists(st.tuples(text, st.sampled_from(
                            ["planned", "in_progress", "done", "stopped"]), text), max_size=2)),
                    }
                    for _ in range(draw(st.integers(0, 3)))
                ],
                "align": draw(st.none() | st.integers(0, 50)),
                "review": (draw(text), draw(text), draw(st.sampled_from(["", "keep", "drop"]))),
            }
        )  # fmt: skip
    info = {
        "name": draw(text),
        "cycle": draw(st.sampled_from(["2027 Q1", "", "H2 2026"])),
        "date": draw(dates),
        "facilitator": draw(text),
        "notes": draw(text),
        "language": draw(st.sampled_from(["", "en", "de"])),
    }
    accept = draw(st.lists(st.integers(0, 20), max_size=2))
    return {"units": units, "people": people, "objectives": objectives, "info": info,
            "accept": accept}  # fmt: skip


def build(path: Path, spec: dict[str, Any]) -> WorkshopData:
    """Make the workshop ``spec`` describes, through the services; returns its snapshot."""
    with Workshop.create(path) as ws:
        services.update_info(ws, **spec["info"])
        people = [
            services.add_person(ws, name, email=email).subject[1]  # type: ignore[index]
            for name, email in spec["people"]
        ]
        units: list[int] = []
        for u in spec["units"]:
            parent = units[u["parent"]] if u["parent"] is not None else None
            units.append(services.add_unit(ws, u["name"], u["level"], parent).subject[1])  # type: ignore[index]
        krs: list[tuple[int, int]] = []  # (kr id, unit id)
        for o in spec["objectives"]:
            owner = people[o["owner"] % len(people)] if people and o["owner"] is not None else None
            fields = {k: o[k] for k in ("problem", "behaviour_change", "success_measure",
                                        "notes", "status")}  # fmt: skip
            unit = units[o["unit"]]
            obj = services.add_objective(ws, unit, o["title"], owner_id=owner, **fields)
            obj_id = obj.subject[1]  # type: ignore[index]
            outcome, learned, decision = o["review"]
            services.review_objective(
                ws, obj_id, actual_outcome=outcome, learned=learned, decision=decision
            )
            data = ws.snapshot()
            above = {x.id for x in data.unit_ancestors(unit)}
            candidates = [k for k, u in krs if u in above]
            if o["align"] is not None and candidates:
                services.align_objective(ws, obj_id, candidates[o["align"] % len(candidates)])
            for k in o["krs"]:
                kr_owner = None
                if people and k["owner"] is not None:
                    kr_owner = people[k["owner"] % len(people)]
                later = ("owner", "title", "weight", "learning_note", "check_ins", "initiatives")
                values = {key: v for key, v in k.items() if key not in later}
                if values["baseline"] is not None and values["baseline"] == values["target"]:
                    values["direction"] = "keep_above"  # equal: no increase/decrease to score
                kr = services.add_key_result(ws, obj_id, k["title"], owner_id=kr_owner, **values)
                kr_id = kr.subject[1]  # type: ignore[index]
                krs.append((kr_id, unit))
                services.review_key_result(
                    ws, kr_id, weight=k["weight"], learning_note=k["learning_note"]
                )
                for day, value, comment in k["check_ins"]:
                    services.add_check_in(ws, kr_id, value, date=day, comment=comment,
                                          person_id=kr_owner)  # fmt: skip
                for title, state, outcome in k["initiatives"]:
                    services.add_initiative(ws, kr_id, title, state=state, owner_id=owner,
                                            actual_outcome=outcome)  # fmt: skip
        data = ws.snapshot()
        items = [("objective", o.id) for o in data.objectives.values()]
        items += [("key_result", k.id) for k in data.key_results.values()]
        for n in spec["accept"]:
            if items:
                kind, item_id = items[n % len(items)]
                services.accept_finding(ws, f"RULE_{n}", kind, item_id, f"because {n}",
                                        accepted_at="2027-01-01T00:00:00+00:00")  # fmt: skip
        return ws.snapshot()


def _uid(rows: Any, row_id: int | None) -> str | None:
    return rows[row_id].uid if row_id is not None and row_id in rows else None


def canonical(data: WorkshopData, *, people: str = "all") -> dict[str, Any]:
    """Every item by stable id with every field, links as stable ids, row ids left out.

    ``people``: "all" compares people as items; "owners" gives what a flat table carries:
    each owner by name and e-mail only, and no check-ins or initiatives.
    """
    out: dict[str, Any] = {"workshop": {**as_dict(data.info)}}

    def owner(person_id: int | None) -> Any:
        if person_id is None or person_id not in data.people:
            return None
        p = data.people[person_id]
        return p.uid if people == "all" else (p.name, p.email)

    if people == "all":
        for p in data.people.values():
            out[p.uid] = {"name": p.name, "role": p.role, "email": p.email}
    for u in data.units.values():
        out[u.uid] = {**as_dict(u), "id": None, "parent_id": _uid(data.units, u.parent_id)}
    for o in data.objectives.values():
        out[o.uid] = {
            **as_dict(o),
            "id": None,
            "unit_id": _uid(data.units, o.unit_id),
            "parent_kr_id": _uid(data.key_results, o.parent_kr_id),
            "owner_id": owner(o.owner_id),
        }
    for k in data.key_results.values():
        out[k.uid] = {
            **as_dict(k),
            "id": None,
            "objective_id": _uid(data.objectives, k.objective_id),
            "owner_id": owner(k.owner_id),
        }
    flat = people == "owners"
    for c in [] if flat else data.check_ins.values():
        out[c.uid] = {
            **as_dict(c),
            "id": None,
            "key_result_id": _uid(data.key_results, c.key_result_id),
            "person_id": owner(c.person_id),
        }
    for i in [] if flat else data.initiatives.values():
        out[i.uid] = {
            **as_dict(i),
            "id": None,
            "key_result_id": _uid(data.key_results, i.key_result_id),
            "owner_id": owner(i.owner_id),
        }
    kinds = {"objective": data.objectives, "key_result": data.key_results}
    out["accepted"] = sorted(
        (a.code, a.item_kind, _uid(kinds[a.item_kind], a.item_id), a.reason, a.accepted_at)
        for a in data.accepted.values()
    )
    return out
