"""Any text in any text field survives services → file → close → reopen unchanged.

The text is hypothesis-generated: markup (``<b>&amp;``), emoji and ZWJ
sequences, right-to-left and bidi controls, combining marks, control
characters, NUL, and 10,000-character values. Lone surrogates are left out of
the strategy on purpose: they are not characters and cannot be encoded as
UTF-8, the file's encoding; what the services do with one is tested below.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from okr_studio import services
from okr_studio.errors import OkrError
from okr_studio.store import Workshop

SPECIAL = [
    "<b>&amp;</b>",
    "AT&T",
    "<img src='/etc/passwd'/>",
    "</para><para>",
    "😀👩‍👩‍👧🇵🇱",
    "שלום עולם",
    "مرحبا بالعالم",
    "e\u0301\u0308",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\ufeff",
    "数据チーム 팀",
    "Zażółć gęślą jaźń",
    "Ωμέγα",
    "\U0010fffd",
    " ",
]

#: Every code point except lone surrogates (category Cs), control characters included.
CHARS = st.characters(blacklist_categories=("Cs",))
PIECES = st.one_of(st.text(CHARS, max_size=20), st.sampled_from(SPECIAL))

TEXT = st.one_of(
    st.text(CHARS, max_size=60),
    st.lists(PIECES, max_size=8).map("".join),
    st.text(CHARS, min_size=1, max_size=12).map(lambda s: (s * (10_000 // len(s) + 1))[:10_000]),
)

#: (table, field) for every free-text field a facilitator can type into.
FIELDS: list[tuple[str, str]] = [
    ("workshop", "name"),
    ("workshop", "cycle"),
    ("workshop", "facilitator"),
    ("workshop", "notes"),
    ("person", "name"),
    ("person", "role"),
    ("unit", "name"),
    ("unit", "level"),
    ("objective", "title"),
    ("objective", "problem"),
    ("objective", "behaviour_change"),
    ("objective", "success_measure"),
    ("key_result", "title"),
    ("key_result", "metric"),
    ("key_result", "unit_of_measure"),
    ("accepted_finding", "code"),
    ("accepted_finding", "item_kind"),
    ("accepted_finding", "reason"),
]

# Durability is the crash harness's subject; here a memory-backed temporary folder,
# when the system has one, keeps the many created files (each fsynced) fast.
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

WORST = "".join(SPECIAL) * 60
WORST = (WORST * (10_000 // len(WORST) + 1))[:10_000]


def fill(ws: Workshop, values: dict[str, str]) -> dict[str, int]:
    """Put every value into its field through the services; the ids of the rows made."""

    def v(table: str, field: str) -> str:
        return values[f"{table}.{field}"]

    services.update_info(
        ws, **{f: v("workshop", f) for f in ("name", "cycle", "facilitator", "notes")}
    )
    person = services.add_person(ws, v("person", "name"), v("person", "role")).subject[1]  # type: ignore[index]
    unit = services.add_unit(ws, v("unit", "name"), v("unit", "level")).subject[1]  # type: ignore[index]
    objective = services.add_objective(
        ws,
        unit,
        v("objective", "title"),
        problem=v("objective", "problem"),
        behaviour_change=v("objective", "behaviour_change"),
        success_measure=v("objective", "success_measure"),
        owner_id=person,
    ).subject[1]  # type: ignore[index]
    kr = services.add_key_result(
        ws,
        objective,
        v("key_result", "title"),
        metric=v("key_result", "metric"),
        unit_of_measure=v("key_result", "unit_of_measure"),
        owner_id=person,
    ).subject[1]  # type: ignore[index]
    code = v("accepted_finding", "code") or "KR_NO_BASELINE"
    kind = v("accepted_finding", "item_kind") or "key_result"
    accepted = services.accept_finding(ws, code, kind, kr, v("accepted_finding", "reason"))
    values["accepted_finding.code"], values["accepted_finding.item_kind"] = code, kind
    return {
        "person": person,
        "unit": unit,
        "objective": objective,
        "key_result": kr,
        "accepted_finding": accepted.subject[1],  # type: ignore[index]
    }


def read_back(path: Path, ids: dict[str, int]) -> dict[str, Any]:
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    rows = {
        "workshop": data.info,
        "person": data.people[ids["person"]],
        "unit": data.units[ids["unit"]],
        "objective": data.objectives[ids["objective"]],
        "key_result": data.key_results[ids["key_result"]],
        "accepted_finding": data.accepted[ids["accepted_finding"]],
    }
    return {f"{t}.{f}": getattr(rows[t], f) for t, f in FIELDS}


def stored_types(path: Path) -> set[str]:
    """SQLite's type of every text value in the file (the workshop is closed)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        types: set[str] = set()
        for table, field in FIELDS:
            types |= {r[0] for r in conn.execute(f"SELECT typeof({field}) FROM {table}")}
        return types
    finally:
        conn.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({f"{t}.{f}": TEXT for t, f in FIELDS}))
@example({f"{t}.{f}": WORST for t, f in FIELDS})
@example({f"{t}.{f}": "\x00" for t, f in FIELDS})
def test_every_text_field_round_trips(values: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(dir=SCRATCH) as folder:
        path = Path(folder) / "unicode.okr"
        with Workshop.create(path) as ws:
            ids = fill(ws, values)
        assert read_back(path, ids) == values
        assert stored_types(path) == {"text"}


def test_ten_thousand_characters_of_everything(tmp_path: Path) -> None:
    """The longest promised value, every special piece in it, in every field at once."""
    values = {f"{t}.{f}": WORST for t, f in FIELDS}
    path = tmp_path / "long.okr"
    with Workshop.create(path) as ws:
        ids = fill(ws, values)
    back = read_back(path, ids)
    assert all(len(v) == 10_000 for v in back.values())
    assert back == values


def test_lone_surrogate_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.okr"
    with Workshop.create(path) as ws:
        before = ws.snapshot()
        with pytest.raises(OkrError):
            services.add_unit(ws, "Team \ud800")
        assert ws.snapshot() == before
