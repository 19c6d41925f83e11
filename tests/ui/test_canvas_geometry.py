"""A card's geometry (counted lines, no text) is always that of its content (wrapped text):
the layout is made from the one, the card drawn from the other."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okr_studio.data import (
    InitiativeData,
    KeyResultData,
    ObjectiveData,
    PersonData,
    UnitData,
    WorkshopData,
)
from okr_studio.sample import write_sample
from okr_studio.sample_review import add_review
from okr_studio.store import Workshop
from tests.generate import generate
from tests.real_shaped import build_real_shaped
from ui.canvas.geometry import Shaper, card_geometry, line_count
from ui.canvas.measure import NORMAL, PRESENTATION, card_for, wrap

STYLES = {
    "normal": NORMAL,
    "presentation": PRESENTATION,
    "review": replace(NORMAL, review=True),
}


def _keys(data: WorkshopData) -> list:
    keys: list = [("objective", oid) for oid in data.objectives]
    return keys + [("unit", u) for u in data.units if not data.objectives_of(u)]


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("workshop", ["sample", "review", "real", "cjk", "generated"])
def test_geometry_is_the_contents(qapp, tmp_path: Path, workshop: str, style: str) -> None:
    path = tmp_path / "w.okr"
    if workshop == "sample":
        write_sample(path)
    elif workshop == "review":  # check-ins and initiatives
        write_sample(path)
        with Workshop.open(path) as ws:
            add_review(ws)
    elif workshop == "generated":
        generate(path, objectives=60, key_results=240, teams=12, departments=3)
    else:
        build_real_shaped(path, script="cjk" if workshop == "cjk" else "latin")
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    s = STYLES[style]
    shaper = Shaper(data, s)
    some = {i.key_result_id for i in data.initiatives.values()}
    some = set(sorted(some)[::2])  # every other key result with initiatives lists them
    for key in _keys(data):
        content = card_for(data, key, s)
        assert shaper.shape(key) == content.geometry(), key
        assert shaper.size(key) == content.geometry().size, key  # the layout's size
        assert card_geometry(data, key, s) == content.geometry(), key
        listed = card_for(data, key, s, opened=some)
        assert card_geometry(data, key, s, opened=some) == listed.geometry(), key
        if key[0] == "objective" and data.key_results_of(key[1]):
            only = (data.key_results_of(key[1])[0].id,)  # presentation lists fewer rows
            assert shaper.shape(key, only) == card_for(data, key, s, only).geometry(), key


TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="ab cd—-·😀🎉中文字日本語ไทย \n\t", max_size=200),
    st.builds(lambda n, w: " ".join(["W" * w] * n), st.integers(0, 6), st.integers(1, 90)),
    st.just("x" * 10_000),
    st.just("<b>&amp; “quoted” AT&T</b>"),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=TEXT,
    krs=st.lists(TEXT, max_size=6),
    unit=TEXT,
    owner=TEXT,
    initiatives=st.lists(TEXT, max_size=4),
)
def test_any_text_has_the_geometry_of_its_wrapped_lines(
    qapp, title: str, krs: list[str], unit: str, owner: str, initiatives: list[str]
) -> None:
    data = WorkshopData(
        people={1: PersonData(1, owner)},
        units={1: UnitData(1, None, unit, "team")},
        objectives={1: ObjectiveData(1, 1, None, title, owner_id=1)},
        key_results={
            i + 2: KeyResultData(i + 2, 1, text, target=10.0, owner_id=1, position=i)
            for i, text in enumerate(krs)
        },
        initiatives={
            n + 1: InitiativeData(n + 1, 2, text, state="done" if n % 2 else "planned")
            for n, text in enumerate(initiatives if krs else [])
        },
    )
    key = ("objective", 1)
    for s in STYLES.values():
        for opened in ((), (2,)):
            geometry = card_geometry(data, key, s, opened=opened)
            assert geometry == card_for(data, key, s, opened=opened).geometry()
    for width in (80.0, 276.0):
        for lines in (1, 2, 3):
            assert line_count(title, 15, True, width, lines) == len(
                wrap(title, 15, True, width, lines)
            )
