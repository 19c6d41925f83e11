"""Fuzzing every number field of the services (issue 11, defect 3).

Arbitrary ints (far beyond a float), floats (NaN, infinities), decimals (NaN, sNaN,
huge exponents), fractions and text (numbers as people type them, and anything else)
go into the baseline, target and confidence of every service that takes them. Each is
either stored exactly as :func:`okr_studio.numbers.read_value` reads it, or refused
with an EditRefused message, and nothing is written then. Never a raw exception.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from okr_studio import services
from okr_studio.errors import EditRefused
from okr_studio.numbers import NotANumber, format_number, read_value
from okr_studio.store import Workshop

# A memory-backed folder, where there is one, keeps the many fsynced commits fast.
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
FIELDS = ("baseline", "target", "confidence")
LOCALES = ("en_US", "de_DE", "fr_FR", "de_CH", "en_IN")

TYPED = st.builds(  # numbers as people of some locale write them, maybe with a percent sign
    lambda value, locale, suffix: format_number(value, locale) + suffix,
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(LOCALES),
    st.sampled_from(["", " %", "%"]),
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**500),
    st.floats(),
    st.decimals(),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.fractions(),
    st.text(max_size=30),
    st.text(alphabet="0123456789.,-+ %e\u00a0\u202f'’−", max_size=20),
    TYPED,
    st.sampled_from(["nan", "inf", "-Infinity", "1e400", "9" * 400, "1_000", "0x1f", "½"]),
)


def _expected(value: Any, field: str) -> float | type[EditRefused] | None:
    try:
        result = read_value(value, field)
    except NotANumber:
        return EditRefused
    if field == "confidence" and result is not None and not 0.0 <= result <= 1.0:
        return EditRefused
    return result


@pytest.fixture(scope="module")
def workshop() -> Iterator[tuple[Workshop, int, int]]:
    with (
        tempfile.TemporaryDirectory(dir=SCRATCH) as folder,
        Workshop.create(Path(folder) / "fuzz.okr", name="Fuzz") as ws,
    ):
        unit = services.add_unit(ws, "ACME", "company").subject[1]
        team = services.add_unit(ws, "Team", "team", unit).subject[1]
        obj = services.add_objective(ws, unit, "Customers love us").subject[1]
        kr = services.add_key_result(ws, obj, "Retention", baseline=1, target=2).subject[1]
        yield ws, obj, kr, team  # type: ignore[misc]


def _add(ws: Workshop, obj: int, _kr: int, _team: int, field: str, value: Any) -> int:
    return services.add_key_result(ws, obj, "Fuzzed", **{field: value}).subject[1]


def _update(ws: Workshop, _obj: int, kr: int, _team: int, field: str, value: Any) -> int:
    services.update_key_result(ws, kr, **{field: value})
    return kr


def _cascade(ws: Workshop, _obj: int, kr: int, team: int, field: str, value: Any) -> int:
    rows = [{"title": f"K{i}", "owner_name": "Ana"} for i in range(3)]
    rows[1][field] = value
    change = services.cascade(ws, kr, team, {"title": "Team goal"}, rows)
    objective = change.subject[1]
    return ws.snapshot().key_results_of(objective)[1].id


ENTRY: dict[str, Callable[..., int]] = {"add": _add, "update": _update, "cascade": _cascade}


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=VALUES, field=st.sampled_from(FIELDS), entry=st.sampled_from(sorted(ENTRY)))
@example(value=10**400, field="target", entry="add")
@example(value=10**309, field="baseline", entry="add")
@example(value=10**400, field="confidence", entry="add")
@example(value=Decimal("sNaN"), field="target", entry="update")
@example(value="1.234,5", field="baseline", entry="cascade")
def test_number_fields_store_what_the_reader_says_or_refuse(workshop, value, field, entry):
    ws, obj, kr, team = workshop
    expected = _expected(value, field)
    before = ws.snapshot()
    if entry == "update" and field in ("baseline", "target") and expected is not EditRefused:
        row = before.key_results[kr]  # an increase key result
        other = row.target if field == "baseline" else row.baseline
        if expected is not None and expected == other:
            expected = EditRefused  # a target equal to the baseline cannot be scored
    try:
        item = ENTRY[entry](ws, obj, kr, team, field, value)
    except EditRefused as refused:
        assert expected is EditRefused, f"{value!r} refused: {refused}"
        assert str(refused).strip()
        assert ws.snapshot() == before  # nothing written
        return
    assert expected is not EditRefused, f"{value!r} was stored, the reader refuses it"
    assert getattr(ws.snapshot().key_results[item], field) == expected
