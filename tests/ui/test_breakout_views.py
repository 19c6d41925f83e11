"""The breakouts' views: marks on the canvas, the merge dialog's answers, the panel,
and a file that cannot be merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette

from okr_studio import services
from okr_studio.breakouts import merge_plan
from okr_studio.exchange import OURS
from okr_studio.store import Workshop
from tests.core.breakout_build import handed, master
from tests.ui.shell_build import rows
from ui import breakout_commands
from ui.breakout_canvas import LOCKED_OPACITY, OutTag, tag_of
from ui.breakout_merge import MergeDialog


def _files(tmp_path: Path) -> tuple[Path, Path, object]:
    ws, t = master(tmp_path)
    try:
        [path] = handed(ws, tmp_path / "out", [t.payments])
    finally:
        ws.close()
    return tmp_path / "plan.okr", path, t


def test_a_breakout_greys_its_context_and_the_main_file_tags_what_is_out(window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan, path, t = _files(tmp_path)
    assert window.open_path(path)
    cards = window.canvas.canvas_scene.cards
    assert cards[("objective", t.grow)].opacity() == LOCKED_OPACITY
    assert "shown for context only" in cards[("objective", t.grow)].toolTip()
    assert cards[("objective", t.fraud)].opacity() == LOCKED_OPACITY
    assert cards[("objective", t.pay)].opacity() == 1.0
    outline = window.outline  # the outline greys the same rows, with the same reason
    locked, own = outline.item_for(("objective", t.grow)), outline.item_for(("objective", t.pay))
    assert "shown for context only" in locked.toolTip(0)
    assert locked.foreground(0).color() != own.foreground(0).color()
    assert "context only" not in own.toolTip(0)
    assert window.breakouts.banner.isVisible()
    assert not window.breakouts.panel.view.list.isVisible()
    assert window.open_path(plan)
    assert not window.breakouts.banner.isVisible()
    cards = window.canvas.canvas_scene.cards
    tag = tag_of(cards[("objective", t.pay)])
    assert isinstance(tag, OutTag) and tag.text == "Out: Payments"
    assert tag_of(cards[("objective", t.fraud)]) is None
    assert all(card.opacity() == 1.0 for card in cards.values())
    grow = window.outline.item_for(("objective", t.grow))
    assert "context only" not in grow.toolTip(0)


def test_the_inspector_shows_a_locked_items_fields_as_not_editable(window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _plan, path, t = _files(tmp_path)
    assert window.open_path(path)
    doc, inspector = window.document, window.inspector
    doc.select(("objective", t.pay))  # the group's own: editable, on the field colour
    own = {n: f.palette().color(QPalette.ColorRole.Base) for n, f in inspector.page.fields.items()}
    editable = inspector.page.fields["title"]
    assert not editable.isReadOnly()
    doc.select(("objective", t.grow))  # the company's: locked, on the window's colour
    page = inspector.page
    window_colour = page.palette().color(QPalette.ColorRole.Window)
    for name in ("title", "problem", "behaviour_change"):
        field = page.fields[name]
        assert field.isReadOnly()
        assert field.palette().color(QPalette.ColorRole.Base) == window_colour
        assert own[name] != window_colour
    doc.select(("objective", t.pay))  # and back: the own item's fields look editable again
    assert all(f.palette().color(QPalette.ColorRole.Base) == own[n] for n, f in page.fields.items())


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_breakouts_panel_sits_under_the_inspector_both_in_sight(
    window, qtbot, tmp_path, size
) -> None:  # type: ignore[no-untyped-def]
    plan, _path, t = _files(tmp_path)
    window.resize(*size)
    assert window.open_path(plan)
    panel, inspector = window.breakouts.panel, window.inspector_dock
    window.document.select(("key_result", t.wallets))
    # the key result's fields keep most of the room
    qtbot.waitUntil(lambda: inspector.height() >= 2 * panel.height(), timeout=2000)
    assert panel.height() >= 150  # a few groups in sight
    assert panel not in window.tabifiedDockWidgets(inspector)
    for dock in (panel, inspector):
        assert dock.isVisible() and not dock.visibleRegion().isEmpty(), dock.objectName()
    assert not panel.geometry().intersects(inspector.geometry())
    assert panel.view.list.topLevelItemCount() == 1


def test_the_hand_out_dialog_names_the_files_and_says_what_cannot_go(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.breakout_handout import HandOutDialog

    ws, t = master(tmp_path)
    try:
        data = ws.snapshot()
    finally:
        ws.close()
    dialog = HandOutDialog(None, data, tmp_path, {}, master=tmp_path / "plan.okr")
    qtbot.addWidget(dialog)
    dialog.set_ticked([t.payments, t.risk])
    assert dialog.summary.text() == (
        "2 breakout files will be written, one per group: “plan - Payments.okr”, “plan - Risk.okr”."
    )
    dialog.together.setChecked(True)
    assert dialog.summary.text() == (
        "One breakout file will be written: “plan - Payments + Risk.okr”."
    )
    assert dialog.ok.isEnabled()
    dialog.set_ticked([t.product, t.payments])  # Payments is part of Product
    assert "“Payments” is part of “Product”" in dialog.summary.text()
    assert not dialog.ok.isEnabled()


def test_each_conflict_gets_its_answer(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan, path, t = _files(tmp_path)
    with Workshop.open(path) as b:
        services.update_key_result(b, t.wallets, target=5)
        services.add_key_result(b, t.pay, "Tap rate")
    with Workshop.open(plan) as ws:
        services.update_key_result(ws, t.wallets, target=7)
        preview = merge_plan(ws, [path])
    dialog = MergeDialog(None, preview)
    qtbot.addWidget(dialog)
    [conflict] = dialog.conflicts
    assert [dialog.table.item(0, c).text() for c in (3, 4)] == ["5", "7"]
    assert dialog.answers() == {conflict.key: OURS}
    dialog.choose(conflict.key, "edit", "6")
    assert dialog.values[0].isEnabled()
    [answer] = dialog.answers().values()
    assert (answer.take, answer.value) == ("edit", "6")
    assert "Added: key result “Tap rate”" in _lines(dialog)


def test_both_versions_of_a_long_title_read_whole(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics

    plan, path, t = _files(tmp_path)
    with Workshop.open(path) as b:
        long = "Paying on a phone feels as easy as tapping a card, in every shop, everywhere"
        services.update_objective(b, t.pay, title=long)
    with Workshop.open(plan) as ws:
        services.update_objective(ws, t.pay, title="Paying by phone is as easy as a card tap")
        preview = merge_plan(ws, [path])
    dialog = MergeDialog(None, preview)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    for col in (3, 4):  # the group's version, the room's version
        cell = table.item(0, col)
        width = table.columnWidth(col) - 8
        needed = QFontMetrics(table.font()).boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, cell.text()
        )
        assert needed.height() <= table.rowHeight(0), (col, cell.text())
    dialog.close()


def test_a_deleted_branch_is_one_choice_with_its_items(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan, path, t = _files(tmp_path)
    with Workshop.open(path) as b:
        services.update_key_result(b, t.wallets, target=5)
    with Workshop.open(plan) as ws:
        services.delete_objective(ws, t.pay)
        preview = merge_plan(ws, [path])
    dialog = MergeDialog(None, preview)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 2).text() == "deleted in the room"
    assert dialog.table.item(0, 3).text() == "Bring it back with the group's changes (3 items)"
    assert dialog.table.item(0, 4).text() == "Deleted"
    assert dialog.takes[0].count() == 2  # no value to type for a whole branch


def test_a_new_order_shows_and_a_disputed_one_is_a_choice(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, t = master(tmp_path)
    try:
        fees = services.add_key_result(ws, t.pay, "Fees").subject[1]
        [path] = handed(ws, tmp_path / "out", [t.payments])
    finally:
        ws.close()
    with Workshop.open(path) as b:
        services.move_key_result(b, t.wallets, 0)  # Wallets, Checkout time, Fees
    with Workshop.open(tmp_path / "plan.okr") as ws:
        preview = merge_plan(ws, [path])
    dialog = MergeDialog(None, preview)
    qtbot.addWidget(dialog)
    line = (
        "Reordered: key results of objective “Pay in one tap”, now:\n"
        "    1. Wallets\n    2. Checkout time\n    3. Fees"
    )
    assert line in _lines(dialog)
    assert dialog.conflicts == []
    with Workshop.open(tmp_path / "plan.okr") as ws:  # the room reordered them meanwhile
        services.move_key_result(ws, fees, 0)
        preview = merge_plan(ws, [path])
    dialog = MergeDialog(None, preview)
    qtbot.addWidget(dialog)
    [conflict] = dialog.conflicts
    assert conflict.kind == "order"
    cells = [dialog.table.item(0, c).text() for c in (2, 3, 4)]
    assert cells == [
        "order of its key results",
        "1. Wallets; 2. Checkout time; 3. Fees",
        "1. Fees; 2. Checkout time; 3. Wallets",
    ]
    assert dialog.takes[0].count() == 2  # the room's or the group's, nothing to type


def test_a_file_that_cannot_be_merged_is_named_and_nothing_changes(
    window, answers, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    plan, _path, _t = _files(tmp_path)
    other = tmp_path / "notes.okr"
    other.write_text("not a workshop")
    assert window.open_path(plan)
    before = rows(plan, "SELECT * FROM breakout")
    answers.add("ask_breakout_files", [other]).add("show_error", None)
    assert not breakout_commands.merge(window)
    [message] = answers.texts("show_error")
    assert "notes.okr" in message
    assert rows(plan, "SELECT * FROM breakout") == before
    assert window.document.undo_stack.count() == 0


def test_take_back_from_the_panel_is_one_undo_step(window, answers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan, _path, _t = _files(tmp_path)
    assert window.open_path(plan)
    view = window.breakouts.panel.view
    view.list.setCurrentItem(view.list.topLevelItem(0))
    assert view.take_back.isEnabled()
    answers.add("confirm", True)
    view.take_back.click()
    [(_name, args, _kw)] = [c for c in answers.calls if c[0] == "confirm"]
    assert args[1] == "Take back" and "Take back the breakout “Payments”?" in args[2]
    assert rows(plan, "SELECT COUNT(*) FROM breakout") == [(0,)]
    assert view.list.topLevelItemCount() == 0
    window.undo()
    assert rows(plan, "SELECT COUNT(*) FROM breakout") == [(1,)]


def _lines(dialog: MergeDialog) -> list[str]:
    top = dialog.changes.topLevelItem(0)
    return [top.child(i).text(0) for i in range(top.childCount())]


def _room_sees_only_the_canvas(window) -> bool:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDockWidget, QToolBar

    shown = [
        w
        for w in (*window.findChildren(QDockWidget), *window.findChildren(QToolBar))
        if w.parent() is window and w.isVisible()
    ]
    return not shown and not window.status.isVisible() and not window.menuBar().isVisible()


def test_a_breakout_opened_while_presenting_keeps_its_banner_off_the_room(
    window, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """One screen: what the room sees stays the tree when a breakout file is opened in
    presentation mode (as when presenting starts with it open); the banner comes back
    after, and goes when the next file opened while presenting is not a breakout."""
    from PySide6.QtCore import Qt

    plan, path, _t = _files(tmp_path)
    assert window.open_path(plan)
    window.acts.presentation.trigger()
    assert window.presenting and _room_sees_only_the_canvas(window)
    assert window.open_path(path)
    assert window.presenting
    assert not window.breakouts.banner.isVisible()
    assert _room_sees_only_the_canvas(window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presenting
    assert window.breakouts.banner.isVisible() and window.toolbar.isVisible()
    window.acts.presentation.trigger()
    assert window.open_path(plan)
    assert _room_sees_only_the_canvas(window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.breakouts.banner.isVisible() and window.toolbar.isVisible()
