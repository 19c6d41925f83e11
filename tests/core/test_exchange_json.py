"""The JSON exchange file: a workshop → JSON → a new workshop is the same, field for field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from okr_studio import services
from okr_studio.exchange import ExchangeFileError, make_plan, read_file
from okr_studio.exchange.jsonfile import read_json_bytes, workshop_json
from okr_studio.store import Workshop
from tests.core.exchange_helpers import build, canonical, workshop_specs

_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def import_new(path: Path, raw: bytes, name: str = "w.json"):  # type: ignore[no-untyped-def]
    plan = make_plan(read_json_bytes(raw, name))
    with Workshop.create(path) as ws:
        services.apply_plan(ws, plan)
        return ws.snapshot()


@_SETTINGS
@given(spec=workshop_specs())
def test_json_round_trip_is_exact(tmp_path_factory: pytest.TempPathFactory, spec) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("json")
    data = build(folder / "a.okr", spec)
    again = import_new(folder / "b.okr", workshop_json(data))
    assert canonical(again) == canonical(data)
    assert again.info.uid == data.info.uid


def test_the_file_is_valid_against_the_models(tmp_path: Path) -> None:
    from okr_studio.model import ExchangeFile
    from okr_studio.sample import write_sample

    with Workshop.open(write_sample(tmp_path / "s.okr")) as ws:
        raw = workshop_json(ws.snapshot())
    document = ExchangeFile.model_validate_json(raw)
    assert document.version == 1 and document.base is not None
    assert len(document.objectives) == len(document.base.objectives) > 10


def _document(**changes: object) -> bytes:
    doc: dict[str, object] = {"format": "okr-studio-workshop", "version": 1}
    doc.update(changes)
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (_document(version=2), "newer version of OKR Studio (format version 2"),
        (_document(colour="red"), "a field OKR Studio does not know: “colour”"),
        (
            _document(units=[{"id": "u1", "name": "A", "size": 3}]),
            "does not know: “size” (units entry 1)",
        ),
        (b'{"format": "something else"}', "not a workshop exported by OKR Studio"),
        (b"{ nope", "not a readable JSON file (line 1"),
        (b"\xff\xfe\x00\x00junk", "not a JSON file in UTF-8"),
        (_document(version="1"), "no valid format “version”"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_files_refused_whole(tmp_path: Path, raw: bytes, words: str) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(raw)
    with pytest.raises(ExchangeFileError) as info:
        read_file(path)
    assert str(info.value).startswith("“in.json”")
    assert words in str(info.value)


def test_bad_entries_are_left_out_with_a_reason() -> None:
    raw = _document(
        units=[{"id": "u1", "name": "Acme"}],
        objectives=[
            {"id": "o1", "parent": "u1", "title": "Grow"},
            {"id": "o2", "parent": "u1", "title": "Bad", "status": "maybe"},
        ],
        key_results=[
            {"id": "k1", "parent": "o1", "title": "Revenue", "baseline": "lots"},
            {"id": "k2", "parent": "o1", "title": "Churn", "confidence": 3},
            {"id": "k3", "parent": "o1", "title": "Twice"},
            {"id": "k3", "parent": "o1", "title": "Twice again"},
            {"id": "k4", "parent": "nowhere", "title": "Lost"},
        ],
    )
    incoming = read_json_bytes(raw, "in.json")
    said = [str(p) for p in incoming.problems]
    assert any(s.startswith("objectives entry 2, status: “maybe” is not one of") for s in said)
    assert any(s.startswith("key_results entry 1, baseline: The baseline must be") for s in said)
    assert any(s.startswith("key_results entry 2, confidence:") for s in said), said
    assert any("key_results entry 4, id: The id" in s and "used twice" in s for s in said)
    plan = make_plan(incoming)
    said = [str(p) for p in plan.problems]
    assert any("entry 5" in s and "“nowhere” is neither in the file nor" in s for s in said)
    titles = sorted(i.title for i in plan.theirs.of_kind("key_result"))
    assert titles == ["Twice"]
