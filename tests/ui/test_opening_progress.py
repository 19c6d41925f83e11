"""Opening a workshop: progress only when it takes longer than half a second."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ui import opening_progress
from ui.opening_progress import OpeningProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_appears_only_after_half_a_second(qtbot):
    clock = Clock()
    progress = OpeningProgress(None, "Große <b>&</b> 🚀.okr", clock=clock)
    progress.step("read")
    clock.now += 0.4
    progress.step("panels")
    assert progress.dialog is None  # quick so far: nothing to read
    clock.now += 0.2  # 0.6 s in
    progress.step("layout")
    dialog = progress.dialog
    assert dialog is not None and dialog.isVisible()
    assert "Große <b>&</b> 🚀.okr" in dialog.labelText()
    assert "laying out" in dialog.labelText()
    assert dialog.value() == opening_progress.STEPS.index("layout")
    progress.close()
    assert progress.dialog is None


def test_a_small_workshop_opens_without_progress(window, sample_file, monkeypatch):
    made: list[OpeningProgress] = []
    real = OpeningProgress._make_dialog

    def spy(self: OpeningProgress):  # type: ignore[no-untyped-def]
        made.append(self)
        return real(self)

    monkeypatch.setattr(OpeningProgress, "_make_dialog", spy)
    # However loaded the machine, this opening counts as quick: under the threshold.
    monkeypatch.setattr(opening_progress, "SHOW_AFTER_S", 60.0)
    assert window.open_path(sample_file)
    assert made == []
    assert QApplication.overrideCursor() is None  # the busy pointer is gone again


def test_a_slow_opening_shows_each_step_and_closes(window, sample_file, monkeypatch):
    monkeypatch.setattr(opening_progress, "SHOW_AFTER_S", 0.0)  # every opening is "slow"
    seen: list[tuple[str, bool, bool]] = []
    real = OpeningProgress.step

    def spy(self: OpeningProgress, what: str) -> None:
        real(self, what)
        shown = self.dialog is not None and self.dialog.isVisible()
        seen.append((what, shown, window.stack.currentWidget() is window.welcome))

    monkeypatch.setattr(OpeningProgress, "step", spy)
    assert window.open_path(sample_file)
    # Each step is named while it runs; the welcome page's buttons are not behind it.
    assert seen == [("read", True, False), ("panels", True, False), ("layout", True, False)]
    assert opening_progress.current() is None
    assert QApplication.overrideCursor() is None
    assert window.document is not None and window.document.path == sample_file


def test_a_refused_file_leaves_no_progress_or_busy_pointer(window, answers, tmp_path, monkeypatch):
    monkeypatch.setattr(opening_progress, "SHOW_AFTER_S", 0.0)
    bad = tmp_path / "not a workshop.okr"
    bad.write_bytes(b"plain text, not SQLite" * 50)
    answers.add("show_error", None)
    assert not window.open_path(bad)
    assert window.document is None
    assert window.stack.currentWidget() is window.welcome  # back to the welcome page
    assert opening_progress.current() is None
    assert QApplication.overrideCursor() is None


def test_a_paint_behind_the_progress_is_not_the_first_paint(qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from ui.window_parts import AfterFirstPaint

    monkeypatch.setattr(opening_progress, "SHOW_AFTER_S", 0.0)
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[str] = []
    AfterFirstPaint(window, lambda: calls.append("after first paint"))
    with opening_progress.opening(window, "big.okr") as progress:
        window.show()
        progress.step("read")  # shown: the events it lets through paint the window
        qtbot.waitExposed(window)
        window.repaint()
        QApplication.processEvents()
        assert calls == []  # the workshop is not open yet: its first paint is still to come
    qtbot.waitUntil(lambda: calls == ["after first paint"], timeout=5000)


def test_a_slow_opening_at_start_still_builds_the_panels_after_its_paint(
    qtbot, sample_file, monkeypatch
):
    from ui.main_window import MainWindow

    monkeypatch.setattr(opening_progress, "SHOW_AFTER_S", 0.0)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_at_start(sample_file)
    qtbot.waitUntil(lambda: window._painted, timeout=10_000)
    qtbot.waitUntil(lambda: window.outline.topLevelItemCount() > 0, timeout=10_000)
    window.close()
