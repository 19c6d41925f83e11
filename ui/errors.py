"""One handler for every exception nobody caught.

Any exception that escapes a slot, a Qt override or a worker thread reaches
:func:`handle`: it is written to a rotating log file in the user's data folder
(``okr-studio.log``), shown in a plain dialog with the details to copy, and the
app keeps running. The workshop file stays consistent because every service
call is one transaction: an edit either committed entirely or not at all. After
the dialog the main window re-reads the file (see :func:`set_recovery`) so the
screen matches it again.

Tests replace :func:`show_unexpected` (the dialog) like any function of
:mod:`ui.dialogs`.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from okr_studio.errors import OkrError

LOG_NAME = "okr-studio.log"
log = logging.getLogger("okr_studio")

_recovery: Callable[[], None] | None = None
_parent: Callable[[], QWidget | None] | None = None
_showing = False
#: Seconds during which the same failure is not shown a second time.
REPEAT_SECONDS = 30.0
_last_shown: dict[tuple[str, str, int], float] = {}
#: The log file and the thread bridge are still to be set up (``install(now=False)``).
_pending = False


def log_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or Path.home() / ".okr-studio") / LOG_NAME


def setup_logging() -> Path | None:
    """Log warnings and errors to a rotating file; returns its path (None if unwritable)."""
    import logging.handlers  # loaded once the window is up (start-up time)

    path = log_path()
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=512_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def set_recovery(callback: Callable[[], None] | None) -> None:
    """Called after an unexpected error was shown (the main window re-reads its file)."""
    global _recovery
    _recovery = callback


def forget_shown() -> None:
    """Forget which failures were shown (a new session, or between tests)."""
    _last_shown.clear()


def set_parent_provider(provider: Callable[[], QWidget | None] | None) -> None:
    global _parent
    _parent = provider


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def plain_message(exc: BaseException) -> str:
    if isinstance(exc, OkrError):
        return str(exc)
    return _tr(
        "Something unexpected went wrong, and that action did not finish.\n\n"
        "Your workshop is safe: every change that was shown as saved is in the file, "
        "and OKR Studio re-reads it now. You can keep working.\n\n"
        "({kind}: {error})"
    ).format(kind=type(exc).__name__, error=exc)


def details_text(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    from okr_studio._version import __version__

    lines = traceback.format_exception(exc_type, exc, tb)
    head = f"OKR Studio {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
    return head + "".join(lines)


def _signature(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> tuple[str, str, int]:
    last = traceback.extract_tb(tb)[-1] if tb is not None else None
    return (exc_type.__name__, last.filename if last else "", last.lineno or 0 if last else 0)


def show_unexpected(parent: QWidget | None, message: str, details: str) -> None:
    """The dialog: a plain message, a details section and a "Copy details" button."""
    from PySide6.QtWidgets import QMessageBox  # loaded when first needed (start-up time)

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("OKR Studio — unexpected problem"))
    box.setText(message)
    box.setDetailedText(details)
    box.setInformativeText(_tr("Details were written to {path}.").format(path=log_path()))
    copy = box.addButton(_tr("Copy details"), QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()  # keep the box open after copying
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log the exception, tell the user, re-read the file; never raises."""
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return
    if _pending:  # an error before the log file was opened still reaches it
        setup_logging()
    details = details_text(exc_type, exc, tb)
    log.error("Unexpected error\n%s", details)
    if QApplication.instance() is None or _showing:
        print(details, file=sys.stderr)
        return
    # The same failure again right away (e.g. in every repaint) is logged, not shown
    # again: one dialog is enough, and a stream of them would lock the window.
    signature = _signature(exc_type, exc, tb)
    now = time.monotonic()
    if now - _last_shown.get(signature, -REPEAT_SECONDS) < REPEAT_SECONDS:
        return
    _last_shown[signature] = now
    _showing = True
    try:
        parent = _parent() if _parent is not None else QApplication.activeWindow()
        show_unexpected(parent, plain_message(exc), details)
        if _recovery is not None:
            _recovery()
    except Exception:
        log.exception("The error handler itself failed")
    finally:
        _showing = False


class _ThreadBridge(QObject):
    """Carries exceptions from other threads to the GUI thread."""

    raised = Signal(object, object, object)


_bridge: _ThreadBridge | None = None


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    if _bridge is not None and threading.current_thread() is not threading.main_thread():
        _bridge.raised.emit(args.exc_type, args.exc_value, args.exc_traceback)
    else:
        handle(args.exc_type, args.exc_value, args.exc_traceback)


CRASH_LOG_NAME = "okr-studio-crash.log"
_crash_file = None


def enable_crash_log() -> Path | None:
    """If the process dies outright (a fault inside Qt), leave its Python traceback in a file.

    No exception handler runs then; :mod:`faulthandler` writes the stack of every
    thread to ``okr-studio-crash.log`` beside the log, after a line saying which run
    it belongs to. Returns the file's path (None if it cannot be written).
    """
    global _crash_file
    if _crash_file is None:
        path = log_path().with_name(CRASH_LOG_NAME)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _crash_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run
        except OSError:
            return None
    from okr_studio._version import __version__

    started = f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}"
    _crash_file.write(f"--- OKR Studio {__version__}, process {os.getpid()}, started {started}\n")
    _crash_file.flush()
    faulthandler.enable(file=_crash_file, all_threads=True)
    return Path(_crash_file.name)


def install(*, now: bool = True) -> None:
    """Route uncaught exceptions of the main thread and of worker threads to :func:`handle`.

    The log file and the bridge from worker threads are set up now, or with
    ``now=False`` (the app's start: the window comes sooner, before any worker
    thread) by :func:`finish_install` once the window is up; an exception before
    that still reaches the log file.
    """
    global _pending
    enable_crash_log()
    sys.excepthook = handle
    threading.excepthook = _thread_hook
    _pending = True
    if now:
        finish_install()


def finish_install() -> None:
    """Open the log file and make the bridge that brings worker threads' exceptions to
    the GUI thread (call it from the GUI thread)."""
    global _bridge, _pending
    setup_logging()
    if _bridge is None:
        from PySide6.QtCore import Qt

        _bridge = _ThreadBridge()
        _bridge.raised.connect(handle, Qt.ConnectionType.QueuedConnection)
    _pending = False


def uninstall() -> None:
    global _crash_file, _pending
    _pending = False
    if _crash_file is not None:
        if sys.__stderr__ is not None:
            faulthandler.enable(file=sys.__stderr__)
        else:
            faulthandler.disable()
        _crash_file.close()
        _crash_file = None
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
