"""``okr-studio breakout`` and ``okr-studio merge`` (dry run, conflicts, answers)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.cli import main
from okr_studio.store import Workshop
from tests.core.breakout_build import build

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    with Workshop.create(tmp_path / "plan.okr", name="Acme") as ws:
        build(ws)
    return tmp_path / "plan.okr"


def _breakout(plan: Path, out: Path, capsys: Capture, *units: list[str]) -> list[Path]:
    argv = ["breakout", str(plan), "-o", str(out)]
    for names in units:
        argv += ["--unit", *names]
    assert main(argv) == 0, capsys.readouterr().err
    lines = capsys.readouterr().out.splitlines()
    return [Path(line.split(": breakout for ")[0]) for line in lines]


def test_hand_out_then_merge(plan: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "usb stick"  # made when missing
    payments, rest = _breakout(plan, out, capsys, ["payments"], ["Product/Risk", "Search"])
    assert (payments.name, rest.name) == ("plan - Payments.okr", "plan - Risk + Search.okr")
    with Workshop.open(payments) as b:
        d = b.snapshot()
        wallets = next(k.id for k in d.key_results.values() if k.title == "Wallets")
        services.update_key_result(b, wallets, target=5, title="Wallets live")
    assert main(["merge", str(plan), str(payments), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert said.splitlines()[:3] == [
        "plan - Payments.okr (breakout for “Payments”): 1 changed",
        "  changed   key result “Wallets live”",
        "      title: “Wallets” → “Wallets live”",
    ]
    assert main(["merge", str(plan), str(payments)]) == 0
    assert capsys.readouterr().out.endswith("plan.okr: merged “plan - Payments.okr” (1 changed).\n")
    with Workshop.open(plan) as ws:
        assert "Wallets live" in {k.title for k in ws.snapshot().key_results.values()}
    assert main(["merge", str(plan), str(payments)]) == 1
    assert "was already merged on" in capsys.readouterr().err


def test_conflicts_exit_1_on_a_dry_run_and_need_an_answer(
    plan: Path, tmp_path: Path, capsys: Capture
) -> None:
    [path] = _breakout(plan, tmp_path / "out", capsys, ["Payments"])
    with Workshop.open(path) as b:
        wallets = next(k.id for k in b.snapshot().key_results.values() if k.title == "Wallets")
        services.update_key_result(b, wallets, target=5)
    with Workshop.open(plan) as ws:
        services.update_key_result(ws, wallets, target=7)
    assert main(["merge", str(plan), str(path), "--dry-run"]) == 1
    said = capsys.readouterr().out
    assert "  conflict  key result “Wallets”: “Payments” and the main workshop both" in said
    assert "      theirs (Payments): “5”" in said and "      ours (main workshop): “7”" in said
    assert main(["merge", str(plan), str(path)]) == 1
    assert "1 conflict: nothing was merged" in capsys.readouterr().err
    assert main(["merge", str(plan), str(path), "--take", "theirs"]) == 0
    with Workshop.open(plan) as ws:
        assert ws.snapshot().key_results[wallets].target == 5


@pytest.mark.parametrize(
    ("units", "words"),
    [
        (["Nobody"], "No unit is named “Nobody”. The units are: “Acme”, “Product”"),
        (["Product", "Payments"], "“Payments” is part of “Product”"),
    ],
)
def test_bad_units_are_one_line(
    plan: Path, tmp_path: Path, capsys: Capture, units: list[str], words: str
) -> None:
    argv = ["breakout", str(plan), "-o", str(tmp_path / "out")]
    for name in units:
        argv += ["--unit", name]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"okr-studio: {words}") and err.count("\n") == 1


def test_a_name_two_units_share_asks_for_the_path(
    plan: Path, tmp_path: Path, capsys: Capture
) -> None:
    with Workshop.open(plan) as ws:
        acme = next(u.id for u in ws.snapshot().units.values() if u.name == "Acme")
        services.add_unit(ws, "Risk", "department", acme)
    assert main(["breakout", str(plan), "--unit", "risk", "-o", str(tmp_path / "o")]) == 1
    assert "write its path, like “Acme/Product/Risk”" in capsys.readouterr().err
    assert main(["breakout", str(plan), "--unit", "Acme/Risk", "-o", str(tmp_path / "o")]) == 0


def test_merge_needs_a_breakout(plan: Path, tmp_path: Path, capsys: Capture) -> None:
    assert main(["merge", str(plan), str(plan), "--dry-run"]) == 1
    assert "is the workshop itself" in capsys.readouterr().err
    (tmp_path / "notes.okr").write_text("not a workshop")
    assert main(["merge", str(plan), str(tmp_path / "notes.okr")]) == 1
    assert "notes.okr" in capsys.readouterr().err


def test_a_circle_among_new_items_exits_1_on_a_dry_run(
    plan: Path, tmp_path: Path, capsys: Capture
) -> None:
    [path] = _breakout(plan, tmp_path / "out", capsys, ["Payments"])
    with Workshop.open(path) as b:
        payments = next(u.id for u in b.snapshot().units.values() if u.name == "Payments")
        one = services.add_objective(b, payments, "Tap anywhere").subject[1]
        k_one = services.add_key_result(b, one, "Taps a day").subject[1]
        two = services.add_objective(b, payments, "Pay by voice", parent_kr_id=k_one)
        services.add_key_result(b, two.subject[1], "Voice payments")
    conn = sqlite3.connect(path)  # another program closes the circle the app refuses
    with conn:
        conn.execute(
            "UPDATE objective SET parent_kr_id = (SELECT id FROM key_result WHERE title = "
            "'Voice payments') WHERE title = 'Tap anywhere'"
        )
    conn.close()
    assert main(["merge", str(plan), str(path), "--dry-run"]) == 1
    said = capsys.readouterr().out
    assert "conflict  objective “Tap anywhere”" in said
    assert "2 conflicts: merge in the app to choose" in said
