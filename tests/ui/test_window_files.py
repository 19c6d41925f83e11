"""The File side of the main window: welcome page, new, open, recent, Save As, close, drop."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from okr_studio import services
from okr_studio.store import Workshop
from tests.ui.shell_build import rows as _rows
from tests.ui.shell_build import small as _small
from ui import recent


# ---- welcome page and opening ---------------------------------------------------------------
def test_welcome_page_first_start_offers_the_sample_first(window):
    assert window.windowTitle() == "OKR Studio"
    assert window.stack.currentWidget() is window.welcome
    assert window.document is None
    assert not window.outline_dock.isVisible()
    welcome = window.welcome
    assert welcome.first_hint.isVisible()
    column = welcome.sample_button.parentWidget().layout()
    assert column is not None
    assert welcome.sample_button.isDefault()
    assert not window.acts.save_as.isEnabled()
    assert not window.acts.undo.isEnabled()


def test_open_the_sample_writes_a_fresh_copy_in_documents(window, qtbot, tmp_path):
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    doc = window.document
    assert doc is not None
    folder = tmp_path / "Documents" / "OKR Studio"
    assert doc.path == folder / "OKR Studio sample.okr"
    assert window.windowTitle() == "OKR Studio sample.okr — OKR Studio"
    assert window.outline.topLevelItemCount() >= 1
    assert recent.recent_files()[0] == doc.path.resolve()
    assert not recent.first_start()
    # A second sample never overwrites the first one.
    window.acts.open_sample.trigger()
    assert window.document.path == folder / "OKR Studio sample 2.okr"
    assert (folder / "OKR Studio sample.okr").is_file()


def test_open_a_damaged_file_shows_the_reason_and_leaves_it_alone(window, answers, tmp_path):
    bad = tmp_path / "broken.okr"
    bad.write_bytes(b"this is not a workshop at all" * 50)
    before = bad.read_bytes()
    answers.add("ask_open_path", bad).add("show_error", None)
    window.acts.open.trigger()
    assert window.document is None
    assert window.stack.currentWidget() is window.welcome
    (message,) = answers.texts("show_error")
    assert "broken.okr" in message
    assert "Traceback" not in message
    assert bad.read_bytes() == before


def test_a_recent_file_that_was_deleted_is_explained_and_forgotten(window, answers, tmp_path):
    path = _small(tmp_path / "old.okr")
    window.open_path(path)
    window.close_workshop()
    path.unlink()
    answers.add("show_error", None)
    window.welcome.recent_list.itemActivated.emit(window.welcome.recent_list.item(0))
    assert "old.okr" in answers.texts("show_error")[0]
    assert recent.recent_files() == []
    assert window.welcome.recent_list.count() == 0


def test_a_file_open_elsewhere_is_offered_read_only(window, answers, tmp_path):
    path = _small(tmp_path / "busy.okr")
    holder = Workshop.open(path)
    try:
        answers.add("confirm", True)
        assert window.open_path(path)
        (question,) = answers.texts("confirm")
        assert "busy.okr" in question
        assert window.document.read_only
        assert window.windowTitle() == "busy.okr — OKR Studio [read-only]"
        assert window.status.save_label.text().startswith("Read-only")
        assert not window.acts.delete.isEnabled()
        assert not window.acts.insert_objective.isEnabled()
    finally:
        window.close_workshop()
        holder.close()


def test_new_workshop_asks_details_and_where_to_save(window, answers, tmp_path):
    target = tmp_path / "spring.okr"
    answers.add("ask_details", ("Spring cascade", "2027 Q2")).add("ask_save_path", target)
    window.acts.new.trigger()
    assert window.document is not None
    assert window.document.path == target
    assert _rows(target, "SELECT name, cycle FROM workshop") == [("Spring cascade", "2027 Q2")]
    assert window.windowTitle().startswith("spring.okr — ")


def test_new_workshop_cancelled_changes_nothing(window, answers, tmp_path):
    answers.add("ask_details", None)
    assert not window.new_workshop()
    assert window.document is None
    assert list(tmp_path.glob("*.okr")) == []


def test_opening_another_file_replaces_the_document_and_its_undo_stack(window, tmp_path):
    first = _small(tmp_path / "first.okr")
    second = _small(tmp_path / "second.okr")
    assert window.open_path(first)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Changed"))
    assert window.acts.undo.isEnabled()
    assert window.open_path(second)
    assert window.document is not doc
    assert window.document.undo_stack.count() == 0
    assert not window.acts.undo.isEnabled()
    # The first workshop was closed: it can be opened for editing again.
    Workshop.open(first).close()
    assert window.windowTitle().startswith("second.okr")


def test_save_as_continues_in_the_copy(window, answers, tmp_path):
    original = _small(tmp_path / "original.okr")
    copy = tmp_path / "copy.okr"
    window.open_path(original)
    answers.add("ask_save_path", copy)
    window.acts.save_as.trigger()
    assert window.document.path.resolve() == copy.resolve()
    assert window.windowTitle().startswith("copy.okr")
    obj = next(iter(window.document.data.objectives))
    window.document.execute(lambda ws: services.update_objective(ws, obj, title="Only in copy"))
    titles = {r[0] for r in _rows(copy, "SELECT title FROM objective")}
    assert "Only in copy" in titles
    assert "Only in copy" not in {r[0] for r in _rows(original, "SELECT title FROM objective")}


def test_close_returns_to_the_welcome_page_with_the_file_in_recent(window, qtbot, tmp_path):
    path = _small(tmp_path / "a.okr")
    window.open_path(path)
    window.acts.close.trigger()
    assert window.document is None
    assert window.stack.currentWidget() is window.welcome
    recent_list = window.welcome.recent_list
    assert recent_list.count() == 1
    assert recent_list.item(0).text().startswith("a.okr")
    assert str(tmp_path) in recent_list.item(0).text()
    # One click on a recent file opens it again.
    rect = recent_list.visualItemRect(recent_list.item(0))
    qtbot.mouseClick(recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document is not None
    assert window.document.path == path


def test_drop_of_a_workshop_file_opens_it(window, tmp_path):
    path = _small(tmp_path / "dropped.okr")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(event)
    assert window.document is not None
    assert window.document.path == path


def test_opening_the_open_file_again_keeps_it_as_it_is(window, tmp_path):
    path = _small(tmp_path / "twice.okr")
    window.open_path(path)
    doc = window.document
    obj = next(iter(doc.data.objectives))
    doc.execute(lambda ws: services.update_objective(ws, obj, title="Kept"))
    assert window.open_path(tmp_path / "." / "twice.okr")
    assert window.document is doc
    assert doc.undo_stack.count() == 1
    assert not doc.read_only


def test_a_missing_recent_file_stays_readable_after_the_theme_changes(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """The welcome page is made before the theme is applied: a file that is gone was
    drawn in the light theme's dimmed grey on the dark page, and could not be read."""
    from PySide6.QtGui import QPalette

    from ui import palette
    from ui.welcome import WelcomePage

    recent.add_recent(tmp_path / "gone.okr")
    palette.apply("light")
    page = WelcomePage()
    qtbot.addWidget(page)
    page.show()
    try:
        palette.apply("dark")
        qtbot.wait(10)
        [item] = [page.recent_list.item(i) for i in range(page.recent_list.count())]
        assert "(not found)" in item.text()
        dimmed = page.palette().color(QPalette.ColorRole.PlaceholderText)
        assert item.foreground().color() == dimmed
        assert dimmed.lightness() > page.palette().color(QPalette.ColorRole.Base).lightness()
    finally:
        palette.apply("system")
