"""A breakout group at its own laptop: a process that edits one breakout file.

``python -m tests.core.breakout_worker FILE GROUP GO`` waits until the file GO
exists (so several workers start editing together), opens FILE and makes the
edits of GROUP ("payments", "risk" or "search") through the services, one
commit each, then prints ``DONE n`` (n edits). Each group's edits are what
test_breakout_parallel.py expects to find in the main workshop after the merge.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from okr_studio import services
from okr_studio.store import Workshop
from tests.core.breakout_build import row_id


def payments(ws: Workshop) -> int:
    d = ws.snapshot()
    pay = row_id(d, "Pay in one tap")
    s = services
    s.update_objective(ws, pay, title="Pay with a glance", status="agreed")
    s.update_key_result(ws, row_id(d, "Wallets"), target=5)
    s.delete_key_result(ws, row_id(d, "Checkout time"))
    s.add_key_result(ws, pay, "Tap rate", baseline=10, target=40, unit_of_measure="%")
    squad = s.add_unit(ws, "Wallet squad", "squad", row_id(d, "Payments")).subject
    assert squad is not None
    s.add_objective(ws, squad[1], "Wallets everywhere", parent_kr_id=row_id(d, "Wallets"))
    return 6


def risk(ws: Workshop) -> int:
    d = ws.snapshot()
    chargebacks = row_id(d, "Chargebacks")
    s = services
    s.update_key_result(ws, chargebacks, target=0.5)
    s.add_initiative(ws, chargebacks, "3-D Secure everywhere", link="RISK-7")
    s.add_check_in(ws, chargebacks, 1.4, date=dt.date(2027, 2, 1), comment="January")
    s.update_objective(ws, row_id(d, "Stop fraud"), status="agreed", owner_name="Dana")
    return 4


def search(ws: Workshop) -> int:
    d = ws.snapshot()
    find = row_id(d, "Find it fast")
    s = services
    s.update_key_result(ws, row_id(d, "Search latency"), target=150)
    typo = s.add_objective(ws, row_id(d, "Search"), "Typo tolerance").subject
    assert typo is not None
    for title in ("Zero-result searches", "Did-you-mean clicks", "Search exits"):
        s.add_key_result(ws, typo[1], title, target=1)
    s.align_objective(ws, find, row_id(d, "Revenue +20 %"))
    return 6


GROUPS = {"payments": payments, "risk": risk, "search": search}


def main(argv: list[str]) -> int:
    path, group, go = Path(argv[0]), argv[1], Path(argv[2])
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            print("NO GO", flush=True)
            return 2
        time.sleep(0.01)
    with Workshop.open(path) as ws:
        made = GROUPS[group](ws)
    print(f"DONE {made}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
