"""When a check-in counts as old is the facilitator's choice in the coach panel: the
coach judges with it at once, and it is kept for the next workshop opened."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from tests.ui.coach_dates import with_old_check_in
from tests.ui.faults_env import small_workshop
from ui.coach_panel import CoachPanel
from ui.document_coach import STALE_WEEKS_SETTING


def _stale(doc) -> set[int]:  # type: ignore[no-untyped-def]
    report = doc.publish_findings()
    return {f.item_id for f in report.findings if f.code == "KR_STALE_CHECK_IN"}


def _listed(panel: CoachPanel) -> set[tuple[str, int]]:
    """(rule, item) of every finding the panel lists."""
    found = (leaf.data(0, Qt.ItemDataRole.UserRole) for leaf in panel.view.leaves())
    return {(f.code, f.item_id) for f in found}


def test_the_weeks_chosen_in_the_panel_judge_check_ins(document, qtbot, tmp_path):
    doc = document(small_workshop(tmp_path / "weeks.okr"))
    kr = with_old_check_in(doc)
    panel = CoachPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    spin = panel.view.stale_weeks.spin
    assert doc.stale_weeks == spin.value() == 3  # the default
    assert _stale(doc) == {kr}
    assert ("KR_STALE_CHECK_IN", kr) in _listed(panel)

    spin.setValue(6)  # as the arrows or typing and Enter do
    qtbot.waitUntil(lambda: doc.stale_weeks == 6, timeout=2000)
    assert _stale(doc) == set()
    assert ("KR_STALE_CHECK_IN", kr) not in _listed(panel)
    assert int(str(QSettings().value(STALE_WEEKS_SETTING))) == 6

    spin.setValue(2)
    qtbot.waitUntil(lambda: doc.stale_weeks == 2, timeout=2000)
    qtbot.waitUntil(lambda: doc.fresh_report is not None, timeout=2000)  # the coach's timer
    assert {f.item_id for f in doc.fresh_report.findings if f.code == "KR_STALE_CHECK_IN"} == {kr}


def test_the_choice_is_kept_for_the_next_workshop(document, qtbot, tmp_path):
    QSettings().setValue(STALE_WEEKS_SETTING, 5)
    doc = document(small_workshop(tmp_path / "next.okr"))
    assert doc.stale_weeks == 5
    panel = CoachPanel(doc)
    qtbot.addWidget(panel)
    assert panel.view.stale_weeks.spin.value() == 5
    assert panel.view.stale_weeks.spin.text().startswith("A check-in counts as old after 5")
    QSettings().setValue(STALE_WEEKS_SETTING, "nonsense")  # a damaged preference: the default
    assert document(small_workshop(tmp_path / "other.okr")).stale_weeks == 3
