"""The next cycle: a new file from this cycle's review; the old file stays byte for byte."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import textwrap
from pathlib import Path

import pytest

from okr_studio import scores, services
from okr_studio.data import InfoData
from okr_studio.errors import WorkshopFileError, WorkshopWriteError
from okr_studio.next_cycle import next_cycle_info, next_cycle_label, write_next_cycle
from okr_studio.store import Workshop
from okr_studio.vocab import is_uid
from tests.core.store_helpers import folder_listing, make_device, read_only_folder, run_python


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """A 2027 Q1 cascade after its review: kept, changed, dropped and undecided objectives."""
    path = tmp_path / "2027 Q1.okr"
    with Workshop.create(path, name="Acme — 2027 Q1 cascade", cycle="2027 Q1") as ws:
        services.update_info(
            ws,
            cycle_start="2027-01-01",
            cycle_end="2027-03-31",
            facilitator="Hélène",
            date="2026-12-10",
            language="de",
        )
        ana = services.add_person(ws, "Ana", email="ana@example.com").subject[1]
        company = services.add_unit(ws, "Acme", "company").subject[1]
        team = services.add_unit(ws, "Checkout", "team", company).subject[1]
        top = services.add_objective(
            ws, company, "Customers come back", owner_id=ana, status="agreed", problem="Churn"
        ).subject[1]
        retention = services.add_key_result(
            ws,
            top,
            "Raise retention from 60 to 70",
            baseline=60,
            target=70,
            unit_of_measure="%",
            due_date="2027-03-31",
            weight=2,
            confidence=0.6,
        ).subject[1]
        cost = services.add_key_result(
            ws,
            top,
            "Keep cost below 0.4",
            baseline=0.46,
            target=0.4,
            direction="keep_below",
            due_date="2027-03-15",
        ).subject[1]
        kept = services.add_objective(
            ws, team, "Paying is easy", parent_kr_id=retention, status="agreed"
        ).subject[1]
        mobile = services.add_key_result(
            ws, kept, "Raise mobile completion from 61 to 72", baseline=61, target=72
        ).subject[1]
        dropped = services.add_objective(ws, team, "Launch stickers").subject[1]
        services.add_key_result(ws, dropped, "Ship 3 sticker packs", baseline=0, target=3)
        undecided = services.add_objective(ws, team, "Undecided").subject[1]
        services.add_key_result(ws, undecided, "Something", baseline=0, target=3)
        services.add_check_in(ws, retention, 64, date="2027-02-01")
        services.add_check_in(ws, retention, 66.5, date="2027-03-30")
        services.add_check_in(ws, cost, 0.43, date="2027-03-10")  # slipped
        services.add_check_in(ws, mobile, 72, date="2027-03-28")
        services.add_initiative(ws, mobile, "Wallets", state="done")
        services.review_objective(ws, top, actual_outcome="Retention 66.5 %", decision="change")
        services.review_objective(ws, kept, actual_outcome="Done", decision="keep")
        services.review_objective(ws, dropped, decision="drop")
        services.review_key_result(ws, retention, learning_note="Slow start")
    return path


def test_cycle_labels_and_dates() -> None:
    assert next_cycle_label("2027 Q1") == "2027 Q2"
    assert next_cycle_label("Q4 2027") == "Q1 2028"
    assert next_cycle_label("H2 2027") == "H1 2028"
    assert next_cycle_label("2. Quartal 2027") == "3. Quartal 2027"
    assert next_cycle_label("Spring push") is None
    info = next_cycle_info(InfoData(name="Acme — 2027 Q1 cascade", cycle="2027 Q1"))
    assert (info.name, info.cycle) == ("Acme — 2027 Q2 cascade", "2027 Q2")
    assert (info.cycle_start, info.cycle_end) == (dt.date(2027, 4, 1), dt.date(2027, 6, 30))
    own = next_cycle_info(
        InfoData(cycle="Sprint", cycle_start=dt.date(2027, 1, 4), cycle_end=dt.date(2027, 2, 14))
    )
    assert own.cycle == "" and own.cycle_start == dt.date(2027, 2, 15)
    assert own.cycle_end == dt.date(2027, 3, 28)  # as long as the last one


def test_the_next_cycle_carries_kept_and_changed_objectives(reviewed: Path, tmp_path: Path):
    before = digest(reviewed)
    with Workshop.open(reviewed) as ws:
        old = ws.snapshot()
        plan = write_next_cycle(old, tmp_path / "2027 Q2.okr")
    assert digest(reviewed) == before  # the old file is not changed, byte for byte
    with Workshop.open(tmp_path / "2027 Q2.okr") as ws:
        new = ws.snapshot()
    # the cycle, its dates and details
    assert (new.info.name, new.info.cycle) == ("Acme — 2027 Q2 cascade", "2027 Q2")
    assert (new.info.cycle_start, new.info.cycle_end) == (dt.date(2027, 4, 1), dt.date(2027, 6, 30))
    assert new.info.facilitator == "Hélène" and new.info.language == "de"
    assert new.info.date is None and new.info.uid != old.info.uid and is_uid(new.info.uid)
    # same units and people, the same stable ids
    assert new.units == old.units and new.people == old.people
    # kept and changed come along; dropped and undecided stay behind
    titles = {o.title: o for o in new.objectives.values()}
    assert set(titles) == {"Customers come back", "Paying is easy"}
    assert plan.carried == 2 and plan.undecided == 1
    assert sorted(t for _i, t, _d in plan.left_behind) == ["Launch stickers", "Undecided"]
    top, kept = titles["Customers come back"], titles["Paying is easy"]
    assert top.status == "draft" and kept.status == "agreed"  # changed: a draft to rework
    assert top.problem == "Churn" and top.actual_outcome == top.decision == ""
    old_top = next(o for o in old.objectives.values() if o.title == "Customers come back")
    assert top.carried_from == old_top.uid and top.uid != old_top.uid and is_uid(top.uid)
    assert top.carried_score == scores.objective_score(old, old_top.id).value
    # key results: new baselines from the last actual values, where they came from
    krs = {k.title: k for k in new.key_results.values()}
    retention = krs["Raise retention from 60 to 70"]
    assert (retention.baseline, retention.target) == (66.5, 70)
    assert retention.weight == 2 and retention.confidence is None
    assert retention.learning_note == "" and retention.due_date == dt.date(2027, 6, 30)
    old_retention = next(k for k in old.key_results.values() if k.uid == retention.carried_from)
    assert retention.carried_score == 0.65 == scores.key_result_score(old, old_retention.id).value
    cost = krs["Keep cost below 0.4"]
    assert cost.baseline == 0.43 and cost.carried_score == 0.0
    assert cost.due_date == dt.date(2027, 6, 13)  # moved with the cycle (90 days later)
    # the alignment between carried items is kept
    assert new.key_results[kept.parent_kr_id].title == "Raise retention from 60 to 70"
    # nothing of the review itself
    assert not new.check_ins and not new.initiatives and not new.accepted
    assert "Raise mobile completion from 61 to 72" in krs


def test_an_alignment_to_a_key_result_left_behind_is_dropped(reviewed: Path, tmp_path: Path):
    with Workshop.open(reviewed) as ws:
        top = next(o.id for o in ws.snapshot().objectives.values() if o.unit_id == 1)
        services.review_objective(ws, top, decision="drop")
        old = ws.snapshot()
    plan = write_next_cycle(old, tmp_path / "next.okr")
    (kept,) = plan.data.objectives.values()
    assert kept.title == "Paying is easy" and kept.parent_kr_id is None and kept.position == 0
    with Workshop.open(tmp_path / "next.okr") as ws:
        assert ws.snapshot().objectives[kept.id].parent_kr_id is None


def test_an_existing_target_is_refused_and_left_alone(reviewed: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken.okr"
    target.write_bytes(b"mine")
    with Workshop.open(reviewed, read_only=True) as ws:
        data = ws.snapshot()
    with pytest.raises(WorkshopFileError, match="already exists"):
        write_next_cycle(data, target)
    with pytest.raises(WorkshopFileError, match="already exists"):
        write_next_cycle(data, reviewed)
    assert target.read_bytes() == b"mine"


def test_devices_pipes_links_and_read_only_folders(reviewed: Path, tmp_path: Path) -> None:
    with Workshop.open(reviewed, read_only=True) as ws:
        data = ws.snapshot()
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "pipe.okr")
    make_device(out / "device.okr")
    for name in ("pipe.okr", "device.okr"):
        with pytest.raises(WorkshopFileError, match="already exists"):
            write_next_cycle(data, out / name)
    (out / "link.okr").symlink_to(out / "elsewhere.okr")  # a dangling link is a name taken
    with pytest.raises(WorkshopFileError, match="already exists"):
        write_next_cycle(data, out / "link.okr")
    assert folder_listing(out) == ["device.okr", "link.okr", "pipe.okr"]
    with read_only_folder(out) as locked, pytest.raises(WorkshopWriteError) as info:
        write_next_cycle(data, locked / "next.okr")
    assert "next.okr" in str(info.value)
    assert folder_listing(out) == ["device.okr", "link.okr", "pipe.okr"]


FULL_DISK = textwrap.dedent(
    """
    import json, os, resource, signal, sys
    from pathlib import Path
    from okr_studio.errors import WorkshopWriteError
    from okr_studio.next_cycle import write_next_cycle
    from okr_studio.store import Workshop

    source, folder = Path(sys.argv[1]), Path(sys.argv[2])
    with Workshop.open(source, read_only=True) as ws:
        data = ws.snapshot()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
    try:
        write_next_cycle(data, folder / "next.okr")
        said = ""
    except WorkshopWriteError as exc:
        said = str(exc)
    print(json.dumps({"said": said, "left": sorted(os.listdir(folder))}))
    """
)


def test_a_full_disk_leaves_no_half_made_file(reviewed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    code = FULL_DISK.replace("sys.argv[1]", repr(str(reviewed))).replace(
        "sys.argv[2]", repr(str(folder))
    )
    out = run_python(code)
    assert out["said"].startswith("“next.okr” could not be created"), out
    assert out["left"] == []
