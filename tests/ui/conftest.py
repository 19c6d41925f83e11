"""Hygiene for every UI test.

- QStandardPaths test mode and an isolated QSettings folder per test, so no test
  reads or writes the user's real settings, recent files or documents.
- Every modal question (ui.dialogs, ui.prompts, the unexpected-error dialog) is
  replaced by a stand-in that fails the test when called unexpectedly; a test
  that expects one asks the ``answers`` fixture for it.
- A test that leaves a top-level window or dialog open fails.
- The coach judges with no date (as after the workshop, without the closing rules),
  whatever the machine's date is; a test about the date sets ``Document.clock``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from ui.canvas import CanvasView
    from ui.document import Document

QStandardPaths.setTestModeEnabled(True)
QCoreApplication.setOrganizationName("OKR Studio Tests")
QCoreApplication.setApplicationName("OKR Studio Tests")

#: Functions that would open a modal window; the stand-ins replace them in every test.
MODAL_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "ui.dialogs": ("confirm", "show_error", "show_info", "ask_text"),
    "ui.prompts": ("ask_open_path", "ask_save_path", "ask_details"),
    "ui.errors": ("show_unexpected",),
    "ui.exchange_commands": ("ask_import_path", "ask_preview"),
    "ui.review_export": ("ask_review_pdf_path", "open_path"),
    "ui.breakout_commands": ("ask_hand_out", "ask_merge", "ask_breakout_files", "ask_folder"),
    "ui.note_dialog": ("ask_note",),
}


class UnexpectedDialog(AssertionError):
    pass


class DialogAnswers:
    """Scripted answers for modal questions, and a record of every question asked.

    ``answers.add("confirm", True)`` queues one answer for the next ``confirm``;
    ``answers.calls`` lists ``(name, args, kwargs)`` of every call, in order.
    A question with no queued answer fails the test.
    """

    def __init__(self) -> None:
        self.queued: dict[str, list[Any]] = {}
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.unexpected: list[str] = []

    def add(self, name: str, *values: Any) -> DialogAnswers:
        self.queued.setdefault(name, []).extend(values)
        return self

    def texts(self, name: str) -> list[str]:
        """The message text of every call of ``name`` (joined args that are strings)."""
        out = []
        for called, args, kwargs in self.calls:
            if called == name:
                parts = [str(a) for a in args[1:] if isinstance(a, str | BaseException)]
                parts += [str(v) for v in kwargs.values() if isinstance(v, str)]
                out.append("\n".join(parts))
        return out

    def stand_in(self, name: str):  # type: ignore[no-untyped-def]
        def fake(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            queue = self.queued.get(name)
            if not queue:
                shown = " | ".join(str(a) for a in args[1:3])
                self.unexpected.append(f"{name}: {shown}")
                raise UnexpectedDialog(f"unexpected {name}() call: {shown}")
            value = queue.pop(0)
            return value(*args, **kwargs) if callable(value) else value

        return fake


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    yield folder
    QSettings().clear()


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[DialogAnswers]:
    import importlib

    record = DialogAnswers()
    import ui.errors

    ui.errors.forget_shown()
    for module_name, names in MODAL_FUNCTIONS.items():
        module = importlib.import_module(module_name)
        for name in names:
            monkeypatch.setattr(module, name, record.stand_in(name))
    # Never write into the real Documents folder.
    docs = tmp_path / "Documents"
    import ui.prompts
    import ui.window_files

    monkeypatch.setattr(ui.window_files, "_sample_folder", lambda: docs / "OKR Studio")
    monkeypatch.setattr(ui.prompts, "default_folder", lambda: docs)
    yield record
    assert not record.unexpected, f"unexpected modal dialogs: {record.unexpected}"


@pytest.fixture(autouse=True)
def coach_without_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.document

    monkeypatch.setattr(ui.document, "today", lambda: None)


@pytest.fixture(autouse=True)
def no_windows_left_open() -> Iterator[None]:
    yield
    app = QApplication.instance()
    if app is None:
        return
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in left:
        w.close()
    names = [f"{type(w).__name__}({w.objectName() or w.windowTitle()!r})" for w in left]
    assert not left, f"test left windows open: {names}"


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    from okr_studio.sample import write_sample

    return write_sample(tmp_path / "sample.okr")


@pytest.fixture
def window(qtbot, answers):  # type: ignore[no-untyped-def]
    """A main window with no file open; closed (and its file released) after the test."""
    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.document is not None:
        win.close_workshop()
    win.close()


@pytest.fixture(autouse=True)
def system_theme() -> Iterator[None]:
    """The theme choice and the app's palette are global: each test ends on "System"."""
    yield
    from ui import palette

    palette.apply("system")


@pytest.fixture
def document(qtbot) -> Iterator[Callable[[Path], Document]]:  # type: ignore[no-untyped-def]
    """Opens workshop files as documents: ``doc = document(path, read_only=False)``;
    each is closed (its file released) after the test, even if the test closed it."""
    from okr_studio.store import Workshop
    from ui.document import Document

    opened: list[Document] = []

    def open_document(path: Path, *, read_only: bool = False) -> Document:
        doc = Document(Workshop.open(path, read_only=read_only))
        opened.append(doc)
        return doc

    yield open_document
    for doc in reversed(opened):
        doc.close()


@pytest.fixture
def canvas(qtbot, document) -> Iterator[Callable[..., tuple[Document, CanvasView]]]:  # type: ignore[no-untyped-def]
    """Opens a workshop file in a shown, focused canvas view:
    ``doc, view = canvas(path, size=(1600, 1000))``. After the test every view opened
    this way is closed, then its document (and the file) released."""
    from tests.ui.canvas_build import show_canvas

    views: list[CanvasView] = []

    def open_view(path: Path, size: tuple[int, int] = (1400, 900)) -> tuple[Document, CanvasView]:
        doc = document(path)
        views.append(show_canvas(qtbot, doc, size))
        return doc, views[-1]

    yield open_view
    for view in reversed(views):
        view.close()
