"""The open file deleted, renamed, replaced, or its drive gone, while the app runs.

The window's periodic check notices, says what happened, and offers Save As;
an edit made before the check also says so. The offered Save As really works
with the original gone (the open connection still reads the old file on
Linux), and with a pulled USB stick, whose file cannot be read at all (an ext4
file system shut down under the app: every read fails with EIO), it writes what
is on screen instead: the rescued file reopens with exactly what was on screen,
and the window carries on editing it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.store import Workshop
from tests.ui.faults_env import pull_out, rows, small_drive, small_workshop, usb_stick


def _edited(window, path: Path):  # type: ignore[no-untyped-def]
    """Open ``path`` and make one edit, so the screen holds more than the first state."""
    assert window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Customers adore us"))
    return doc, doc.data


def _wait_for_the_check(window, qtbot, answers) -> str:  # type: ignore[no-untyped-def]
    """Let the window's timer run its check; returns the question it asked."""
    window._reach_timer.setInterval(20)
    window._reach_timer.start()
    qtbot.waitUntil(lambda: any(c[0] == "confirm" for c in answers.calls), timeout=5000)
    [question] = answers.texts("confirm")
    return question


def _rescued(window, rescue: Path, on_screen) -> None:  # type: ignore[no-untyped-def]
    """The window now edits ``rescue``, which holds everything that was on screen."""
    doc = window.document
    assert doc.path == rescue and not doc.read_only
    assert window.windowTitle().startswith(f"{rescue.name} — ")
    assert doc.data == on_screen
    # It keeps working: a new edit lands in the rescued file.
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, owner_name="Ana"))
    window.close_workshop()
    with Workshop.open(rescue) as again:
        data = again.snapshot()
    assert data.objectives[obj].title == "Customers adore us"
    assert data.person_name(data.objectives[obj].owner_id) == "Ana"
    assert data.key_results == on_screen.key_results
    assert data.units == on_screen.units
    assert rows(rescue, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("how", ["deleted", "renamed", "replaced"])
def test_the_file_going_away_is_noticed_and_save_as_rescues_everything(
    window, answers, qtbot, tmp_path, how
):
    folder = tmp_path / "usb"
    folder.mkdir()
    path = small_workshop(folder / "offsite.okr")
    _doc, on_screen = _edited(window, path)
    if how == "deleted":
        path.unlink()
        expected = "moved, renamed or deleted"
    elif how == "renamed":
        path.rename(folder / "offsite old.okr")
        expected = "moved, renamed or deleted"
    else:  # another program wrote a new file under the same name
        other = small_workshop(tmp_path / "other.okr", name="Someone else's")
        os.replace(other, path)
        expected = "replaced by another file"

    rescue = tmp_path / "rescued.okr"
    answers.add("confirm", True).add("ask_save_path", rescue)
    question = _wait_for_the_check(window, qtbot, answers)
    assert question.startswith("Workshop file not found\n“offsite.okr”")
    assert expected in question
    assert "Save As" in question
    assert "Everything on screen is still here" in question
    _rescued(window, rescue, on_screen)
    if how == "renamed":  # the renamed file is whole, and no lock was left beside it
        assert rows(folder / "offsite old.okr", "PRAGMA integrity_check") == [("ok",)]
        assert sorted(p.name for p in folder.iterdir()) == ["offsite old.okr"]
    if how == "replaced":  # the other program's file was not touched
        assert rows(path, "SELECT name FROM workshop") == [("Someone else's",)]
    if how == "deleted":
        assert list(folder.iterdir()) == []


def test_an_edit_after_the_file_was_deleted_says_so_then_save_as_is_offered(
    window, answers, qtbot, tmp_path
):
    path = small_workshop(tmp_path / "gone.okr")
    doc, on_screen = _edited(window, path)
    window._reach_timer.stop()
    path.unlink()
    index = doc.undo_stack.index()
    doc.select(("unit", doc.data.root_units()[0].id))
    answers.add("ask_text", "Customer Care").add("show_error", None)
    window.acts.insert_unit.trigger()
    [message] = answers.texts("show_error")
    assert message.startswith("“gone.okr” is no longer where it was opened from")
    assert "Use Save As to keep everything that is on screen." in message
    assert doc.undo_stack.index() == index
    assert doc.data == on_screen  # the refused edit is not on screen either

    rescue = tmp_path / "rescued.okr"
    answers.add("confirm", True).add("ask_save_path", rescue)
    _wait_for_the_check(window, qtbot, answers)
    _rescued(window, rescue, on_screen)


def test_declining_the_rescue_keeps_asking_and_a_later_save_as_still_works(
    window, answers, qtbot, tmp_path
):
    path = small_workshop(tmp_path / "later.okr")
    _doc, on_screen = _edited(window, path)
    path.unlink()
    answers.add("confirm", False)
    _wait_for_the_check(window, qtbot, answers)
    assert window.status.save_label.text() == "Not saved: the file cannot be reached"
    assert window._reach_timer.isActive()  # it will ask again
    window._reach_timer.stop()
    rescue = tmp_path / "by hand.okr"
    answers.add("ask_save_path", rescue)
    window.acts.save_as.trigger()
    _rescued(window, rescue, on_screen)


def test_the_drive_unmounted_under_the_open_file(window, answers, qtbot, tmp_path):
    """The stick is gone from its folder (lazy unmount): the open file still reads."""
    stick = tmp_path / "stick"
    with small_drive(stick, size="4m"):
        path = small_workshop(stick / "offsite.okr")
        _doc, on_screen = _edited(window, path)
        subprocess.run(["umount", "-l", str(stick)], check=True)
        assert not path.exists()
        rescue = tmp_path / "rescued.okr"
        answers.add("confirm", True).add("ask_save_path", rescue)
        question = _wait_for_the_check(window, qtbot, answers)
        assert "moved, renamed or deleted, or its drive was removed" in question
        _rescued(window, rescue, on_screen)


@pytest.mark.parametrize("noticed_by", ["check", "edit"])
def test_a_pulled_usb_stick_is_noticed_and_what_is_on_screen_is_saved(
    window, answers, qtbot, tmp_path, noticed_by
):
    stick = tmp_path / "stick"
    with usb_stick(stick, tmp_path / "stick.img"):
        path = small_workshop(stick / "offsite.okr")
        doc, on_screen = _edited(window, path)
        window._reach_timer.stop()
        pull_out(stick)
        assert path.exists()  # the folder still lists it: only reading fails
        with pytest.raises(sqlite3.Error):  # so Save As can only write what is in memory
            doc.workshop.snapshot()
        if noticed_by == "edit":
            index = doc.undo_stack.index()
            obj = next(iter(doc.data.objectives))
            doc.select(("objective", obj))
            answers.add("show_error", None)
            from ui import operations  # the canvas's in-place rename ends here

            assert not operations.rename(doc, ("objective", obj), "Renamed", window)
            [message] = answers.texts("show_error")
            assert message.startswith("“offsite.okr” cannot be read any more")
            assert "drive was removed or is failing" in message
            assert "Use Save As" in message
            assert doc.undo_stack.index() == index and doc.data == on_screen
        rescue = tmp_path / "rescued.okr"
        answers.add("confirm", True).add("ask_save_path", rescue)
        question = _wait_for_the_check(window, qtbot, answers)
        assert "cannot be read any more: its drive was removed or is failing" in question
        assert "Everything on screen is still here" in question
        _rescued(window, rescue, on_screen)
