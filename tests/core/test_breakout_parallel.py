"""Three groups at three laptops, then the plenary: real files, real processes.

The main workshop hands out Payments, Risk and Search; three processes edit the
three breakout files at the same time (tests/core/breakout_worker.py) while the
plenary edits the main workshop. The merge then brings every edit in, reports
exactly the two conflicts that were made, and leaves a file that passes SQLite's
integrity and foreign-key checks.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from okr_studio import services
from okr_studio.breakouts import merge_plan
from okr_studio.exchange import THEIRS
from tests.core.breakout_build import checks, handed, master, row_id, rows

ROOT = Path(__file__).resolve().parents[2]


def test_three_groups_in_parallel_then_one_merge(tmp_path: Path) -> None:
    ws, t = master(tmp_path)
    try:
        files = handed(ws, tmp_path / "out", [t.payments], [t.risk], [t.search])
        go = tmp_path / "go"
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.core.breakout_worker", str(path), group, str(go)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path, group in zip(files, ("payments", "risk", "search"), strict=True)
        ]
        go.touch()
        # the plenary, meanwhile: a note kept, a target changed, a branch deleted
        services.update_objective(ws, t.pay, notes="Finance wants a demo")
        services.update_key_result(ws, t.chargebacks, target=0.8)
        services.delete_objective(ws, t.find)
        outputs = [w.communicate(timeout=120) for w in workers]
        for worker, (_out, err) in zip(workers, outputs, strict=True):
            assert worker.returncode == 0, err
        assert [o.split() for o, _e in outputs] == [["DONE", "6"], ["DONE", "4"], ["DONE", "6"]]

        preview = merge_plan(ws, files)
        found = {
            g.name: sorted(f"{c.kind} {c.title} {c.field}".strip() for c in g.conflicts)
            for g in preview.groups
        }
        assert found == {
            "Payments": [],
            "Risk": ["field Chargebacks target"],
            "Search": ["deleted_here Find it fast"],
        }
        [risk] = [c for c in preview.conflicts if c.group == "Risk"]
        assert (risk.base, risk.theirs, risk.ours) == (1.0, 0.5, 0.8)
        assert not preview.refused
        before = rows(ws)
        change = services.apply_merge(ws, preview, {c.key: THEIRS for c in preview.conflicts})
        d = ws.snapshot()

        # Payments
        pay = d.objectives[t.pay]
        assert (pay.title, pay.status, pay.notes) == ("Pay with a glance", "agreed",
                                                      "Finance wants a demo")  # fmt: skip
        assert d.key_results[t.wallets].target == 5 and t.checkout_time not in d.key_results
        tap = d.key_results[row_id(d, "Tap rate")]
        assert (tap.objective_id, tap.target, tap.unit_of_measure) == (t.pay, 40, "%")
        squad = d.units[row_id(d, "Wallet squad")]
        assert squad.parent_id == t.payments
        everywhere = d.objectives[row_id(d, "Wallets everywhere")]
        assert everywhere.unit_id == squad.id and everywhere.parent_kr_id == t.wallets
        # Risk
        chargebacks = d.key_results[t.chargebacks]
        assert chargebacks.target == 0.5
        [initiative] = d.initiatives.values()
        assert (initiative.title, initiative.key_result_id) == (
            "3-D Secure everywhere",
            t.chargebacks,
        )
        [check_in] = d.check_ins.values()
        assert (check_in.value, check_in.comment) == (1.4, "January")
        fraud = d.objectives[t.fraud]
        assert fraud.status == "agreed" and d.people[fraud.owner_id].name == "Dana"
        # Search: the objective the plenary deleted is back, with the group's changes
        find = d.objectives[row_id(d, "Find it fast")]
        assert find.unit_id == t.search and find.parent_kr_id == t.revenue
        assert [k.title for k in d.key_results_of(find.id)] == ["Search latency"]
        assert d.key_results_of(find.id)[0].target == 150
        typo = d.objectives[row_id(d, "Typo tolerance")]
        assert len(d.key_results_of(typo.id)) == 3
        assert all(r.merged_at for r in d.breakouts.values())

        services.undo(ws, change)
        assert rows(ws) == before
        services.redo(ws, change)
    finally:
        ws.close()
    integrity, foreign = checks(tmp_path / "plan.okr")
    assert integrity == ["ok"] and foreign == []
