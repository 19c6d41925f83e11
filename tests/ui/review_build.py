"""A small cycle to close, and helpers shared by the review tests of the app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from okr_studio import services
from okr_studio.store import Workshop
from tests.ui.wizard_keys import type_text


def cycle(path: Path) -> dict[str, int]:
    """Acme (2027 Q1): a company objective with one key result (NPS 30 → 45), and a team
    objective aligned to it with two key results; one check-in on the team's first."""
    with Workshop.create(path, name="Acme 2027 Q1", cycle="2027 Q1") as ws:
        services.update_info(ws, cycle_start=dt.date(2027, 1, 1), cycle_end=dt.date(2027, 3, 31))
        company = services.add_unit(ws, "Acme", "company").subject[1]
        team = services.add_unit(ws, "Checkout", "team", company).subject[1]
        top = services.add_objective(ws, company, "Customers love us").subject[1]
        nps = services.add_key_result(
            ws, top, "Raise NPS from 30 to 45", baseline=30, target=45, owner_name="Ana García"
        ).subject[1]
        obj = services.add_objective(ws, team, "Paying is a joy", parent_kr_id=nps).subject[1]
        conv = services.add_key_result(
            ws, obj, "Raise conversion from 2 to 4 %", baseline=2, target=4, unit_of_measure="%"
        ).subject[1]
        fail = services.add_key_result(
            ws, obj, "Cut failed payments from 5 to 1 %", baseline=5, target=1,
            direction="decrease", unit_of_measure="%",
        ).subject[1]  # fmt: skip
        services.add_check_in(ws, fail, 3, date=dt.date(2027, 2, 1))
    return {"company": company, "team": team, "top": top, "nps": nps, "obj": obj,
            "conv": conv, "fail": fail}  # fmt: skip


def press(key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on whatever has the keyboard (an open popup first, as on a desktop)."""
    target: QWidget | None = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, mods)


def type_keys(text: str) -> None:
    """Type into the focused widget (beyond ASCII as an input method sends it)."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    type_text(text, target)
