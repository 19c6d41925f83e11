"""Stable ids (``uid``) and the fields of schema version 2 through the services.

Every workshop, person, unit, objective and key result gets a stable id when it is
made; nothing edits it, and undo/redo, Save As and the rescue copy keep it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.data import WorkshopData
from okr_studio.errors import EditRefused
from okr_studio.rescue import write_snapshot
from okr_studio.store import Workshop
from okr_studio.vocab import Language, is_uid


def uids(data: WorkshopData) -> dict[tuple[str, int], str]:
    out = {("workshop", 1): data.info.uid}
    out.update({key: uid for uid, key in data.by_uid.items()})
    return out


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    ws = Workshop.create(tmp_path / "ids.okr", name="Ids")
    company = services.add_unit(ws, "Acme", "company").subject[1]
    obj = services.add_objective(ws, company, "Grow", owner_name="Ana").subject[1]
    kr = services.add_key_result(ws, obj, "Raise revenue from 1 to 2", baseline=1, target=2)
    services.cascade(
        ws,
        kr.subject[1],
        None,
        {"title": "Sell more"},
        [{"title": f"KR {i}", "owner_name": "Bo"} for i in range(3)],
        new_unit={"name": "Sales", "level": "team", "parent_id": company},
    )
    yield ws
    ws.close()


def test_every_new_item_gets_its_own_stable_id(ws: Workshop) -> None:
    data = ws.snapshot()
    ids = uids(data)
    # The workshop, 2 people (typed as owners), 2 units, 2 objectives, 4 key results.
    assert len(ids) == 1 + 2 + 2 + 2 + 4
    assert all(is_uid(u) for u in ids.values())
    assert len(set(ids.values())) == len(ids)


def test_nothing_edits_a_stable_id(ws: Workshop) -> None:
    before = uids(ws.snapshot())
    for call in (
        lambda: services.update_unit(ws, 1, uid="mine"),
        lambda: services.update_objective(ws, 1, uid="mine"),
        lambda: services.update_key_result(ws, 1, uid="mine"),
        lambda: services.update_person(ws, 1, uid="mine"),
        lambda: services.update_info(ws, uid="mine"),
    ):
        with pytest.raises(EditRefused, match="not a field"):
            call()
    assert uids(ws.snapshot()) == before


def test_undo_and_redo_keep_stable_ids(ws: Workshop) -> None:
    before = uids(ws.snapshot())
    # A deleted unit takes its objectives and key results with it; undo brings them
    # all back with their ids.
    deleted = services.delete_unit(ws, 1)
    assert len(ws.snapshot().by_uid) == 2  # only the people are left
    services.undo(ws, deleted)
    assert uids(ws.snapshot()) == before
    services.redo(ws, deleted)
    services.undo(ws, deleted)
    assert uids(ws.snapshot()) == before
    # An added item undone and redone comes back as the same item.
    added = services.add_person(ws, "Cy")
    cy = uids(ws.snapshot())[added.subject]
    services.undo(ws, added)
    services.redo(ws, added)
    assert uids(ws.snapshot())[added.subject] == cy


def test_save_as_and_the_rescue_copy_keep_stable_ids(ws: Workshop, tmp_path: Path) -> None:
    data = ws.snapshot()
    with ws.save_as(tmp_path / "copy.okr") as copy:
        assert uids(copy.snapshot()) == uids(data)
    with write_snapshot(data, tmp_path / "rescued.okr") as rescued:
        assert rescued.snapshot() == data


def test_notes_on_objectives_and_key_results(ws: Workshop) -> None:
    long = "Agreed in the room <b>&amp; 🚀 שלום 数据\n" * 250  # about 10,000 characters
    services.update_objective(ws, 1, notes=long)
    services.update_key_result(ws, 1, notes="Baseline from the Q4 report")
    services.add_key_result(ws, 1, "Cut churn from 5% to 4%", notes="Check with finance")
    data = ws.snapshot()
    assert data.objectives[1].notes == long
    assert data.key_results[1].notes == "Baseline from the Q4 report"
    assert [k.notes for k in data.key_results_of(1)][-1] == "Check with finance"
    with pytest.raises(EditRefused, match="notes must be text"):
        services.update_objective(ws, 1, notes=12)


@pytest.mark.parametrize("email", ["ana@example.com", "zoë@例え.jp", "a.b+okr@x.co"])
def test_a_persons_email(ws: Workshop, email: str) -> None:
    services.update_person(ws, 1, email=f"  {email} ")
    assert ws.snapshot().people[1].email == email
    services.update_person(ws, 1, email="")
    assert ws.snapshot().people[1].email == ""


def test_a_person_added_with_an_email(ws: Workshop) -> None:
    pid = services.add_person(ws, "Cy", "Tech lead", email="cy@example.com").subject[1]
    assert ws.snapshot().people[pid].email == "cy@example.com"
    with pytest.raises(EditRefused, match="not an e-mail address"):
        services.add_person(ws, "Di", email="di at example.com")


@pytest.mark.parametrize("email", ["Ana", "ana@", "@example.com", "a@b@c", "ana @example.com"])
def test_a_mistyped_email_is_refused_with_the_reason(ws: Workshop, email: str) -> None:
    services.update_person(ws, 1, email="ana@example.com")
    with pytest.raises(EditRefused, match=r"is not an e-mail address.*name@example\.com"):
        services.update_person(ws, 1, email=email)
    assert ws.snapshot().people[1].email == "ana@example.com"


def test_the_workshop_language(ws: Workshop) -> None:
    assert ws.snapshot().info.language == Language.SYSTEM == ""
    services.update_info(ws, language="de")
    assert ws.snapshot().info.language == "de"
    with pytest.raises(EditRefused, match="not a language; choose one of: Follow the system"):
        services.update_info(ws, language="fr")
    services.update_info(ws, language=Language.SYSTEM)
    assert ws.snapshot().info.language == ""
