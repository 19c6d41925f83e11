"""Start the desktop app: check the Qt binding, set up the application, open the window.

``run_app(path)`` is what ``okr-studio [FILE]`` calls. SIGTERM and SIGINT
quit it like File → Quit (the workshop closed, its lock removed). With
``OKR_STUDIO_QUIT_AFTER_FIRST_PAINT=1`` in the environment the app quits right
after the main window painted for the first time (start-up benchmark, smoke
test of a packaged build).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported inside the functions: the binding is checked first
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

QUIT_AFTER_PAINT_ENV = "OKR_STUDIO_QUIT_AFTER_FIRST_PAINT"
ORGANIZATION = "OKR Studio"
APP_NAME = "OKR Studio"
#: Matches packaging/linux/org.okrstudio.OkrStudio.desktop (window grouping, icon on Wayland).
DESKTOP_NAME = "org.okrstudio.OkrStudio"
#: Exit status when the start-up check refuses the Qt binding.
EXIT_BROKEN_BINDING = 3


def _lighter_imports() -> None:
    """Make PySide6's check of each newly imported module cheap (start-up time).

    Once PySide6 is loaded, every module imported after it is asked whether its
    source mentions PySide6 (for ``from __feature__ import …``, which this app
    does not use): PySide6 reads the source through :mod:`inspect` and keeps it
    in :mod:`linecache`. Reading the file's bytes gives the same answer for a
    ``.py`` file at a fraction of the cost; anything else keeps PySide6's way.
    Nothing changes if PySide6's internals are not as expected. The sources its
    first check kept are let go (memory).
    """
    import linecache

    import PySide6.QtCore  # noqa: F401 - installs PySide6's import hook

    # Its first check read the modules loaded before it into linecache (near a megabyte
    # of source kept for good); a traceback reads a file again when it needs it.
    for name in [n for n in linecache.cache if Path(n).is_absolute()]:
        linecache.cache.pop(name, None)
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    code = getattr(original, "__code__", None)
    if feature is None or original is None or code is None or code.co_argcount != 1:
        return

    def uses_pyside(module: object) -> bool:
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and file.endswith(".py"):
            try:
                with open(file, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                return False
        return bool(original(module))

    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a module's private hook


def _check_binding() -> int | None:
    from ui import qt_check

    broken = qt_check.check_binding()
    if broken is None:
        return None
    qt_check.show_refusal(qt_check.refusal_message(broken))
    return EXIT_BROKEN_BINDING


def _app_icon() -> QIcon:
    from PySide6.QtGui import QIcon

    icon = QIcon()
    try:
        from okr_studio.resources import app_icon_files, resource_path

        svg = resource_path("icons", "okr-studio.svg")
        for file in app_icon_files():
            icon.addFile(str(file))
        if icon.isNull() and svg.is_file():
            icon.addFile(str(svg))
    except Exception:  # noqa: S110 - a missing icon must not stop the app
        pass
    return icon


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, high-DPI policy and icon (reuses an existing one)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else None
    if app is None:
        # Qt 6 always scales for high-DPI; keep fractional scale factors (150 %) exact,
        # unless the user's environment asks otherwise. (Set through the environment:
        # Qt's own enum would load the whole Qt namespace before the first paint.)
        os.environ.setdefault("QT_SCALE_FACTOR_ROUNDING_POLICY", "PassThrough")
        # Only macOS hands files to a running app (as events); elsewhere they come as arguments.
        kind = _application_class() if sys.platform == "darwin" else QApplication
        app = kind(list(argv) if argv is not None else sys.argv[:1])
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName(DESKTOP_NAME)
    from okr_studio._version import __version__

    QCoreApplication.setApplicationVersion(__version__)
    icon = _app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return app


def _use_system_locale() -> None:
    from ui.numbers import use_system_locale  # (with the core's number readers)

    use_system_locale()


def _application_class() -> type[QApplication]:
    """The app's QApplication: it tells of a file the system asks it to open.

    macOS hands a double-clicked .okr file to the running app as a QFileOpenEvent,
    sent to the application object; ``fileOpened`` carries its path. Only events for
    the application object itself pass through Python here, not every event of every
    widget (an event filter on the application would see them all, and slow them).
    """
    from PySide6.QtCore import Signal
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    class Application(QApplication):
        fileOpened = Signal(str)

        def event(self, event: QEvent) -> bool:
            if isinstance(event, QFileOpenEvent) and event.file():
                self.fileOpened.emit(event.file())
                return True
            return super().event(event)

    return Application


def _install_file_open_filter(app: QApplication, window: MainWindow) -> QObject:
    """macOS: a double-clicked .okr file arrives as a QFileOpenEvent (see
    :func:`_application_class`); an application made elsewhere gets an event filter."""
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QFileOpenEvent

    opened = getattr(app, "fileOpened", None)
    if opened is not None:

        class FileOpener(QObject):
            def open(self, file: str) -> None:
                window.open_path(Path(file))

        opener = FileOpener(window)
        opened.connect(opener.open)
        return opener

    class FileOpenFilter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if isinstance(event, QFileOpenEvent):
                file = event.file()
                if file:
                    window.open_path(Path(file))
                    return True
            return False

    flt = FileOpenFilter(app)
    app.installEventFilter(flt)
    return flt


def _quit_after_first_paint(app: QApplication, window: MainWindow) -> QObject:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from ui.window_parts import opening_now

    class PaintWatcher(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint and not opening_now():
                self.done = True
                # The start-up benchmark reads this line (wall-clock seconds, CPU seconds).
                stamp = f"{time.time():.6f} cpu {time.process_time():.6f}"
                print(f"okr-studio first paint {stamp}", flush=True)
                # Quit once this paint has been delivered.
                QTimer.singleShot(0, window.close)
                QTimer.singleShot(0, app.quit)
            return False

    watcher = PaintWatcher()
    window.installEventFilter(watcher)
    return watcher


def _wakeup_channel() -> tuple[int, int, Callable[[], bytes], Callable[[], None]]:
    """A non-blocking (reader, writer) pair of file descriptors for the signal wake-up,
    with functions that read from it and close it: a pipe (light to set up), or a
    socket pair on Windows, where :func:`signal.set_wakeup_fd` takes only sockets."""
    if sys.platform == "win32":
        import socket

        ends = socket.socketpair()
        for end in ends:
            end.setblocking(False)

        def close_sockets() -> None:
            for end in ends:
                end.close()

        return ends[0].fileno(), ends[1].fileno(), lambda: ends[0].recv(64), close_sockets
    reader, writer = os.pipe()
    os.set_blocking(reader, False)
    os.set_blocking(writer, False)

    def close() -> None:
        os.close(reader)
        os.close(writer)

    return reader, writer, lambda: os.read(reader, 64), close


def _quit_on_signals(app: QApplication, window: MainWindow) -> Callable[[], None] | None:
    """SIGTERM (logout, a process manager) and SIGINT (Ctrl+C) quit the app cleanly.

    Python runs signal handlers only between bytecodes, never while Qt's event
    loop waits; ``signal.set_wakeup_fd`` writes the signal's number to a pipe
    (a socket on Windows) that a QSocketNotifier watches, so the loop wakes and
    quits as File → Quit does: open questions are answered "cancel", the
    inspector's typing is committed, the workshop is closed and its lock removed.
    """
    import signal

    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    from ui.window_parts import opening_now

    reader, writer, receive, close = _wakeup_channel()
    try:
        signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
    except ValueError:  # not the main thread: leave the default behaviour
        close()
        return None
    previous = {n: signal.getsignal(n) for n in (signal.SIGTERM, signal.SIGINT)}
    for number in previous:
        signal.signal(number, lambda *_args: None)  # the wake-up byte does the work
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read)
    quitting = [False]

    def quit_step(attempt: int = 0) -> None:
        if opening_now():  # quit once the workshop under way is open (a quit now is lost)
            QTimer.singleShot(50, lambda: quit_step(attempt))
            return
        modal = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if modal is not None and attempt < 50:
            # A dialog's own loop ends first (as if cancelled); then try again.
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()
            QTimer.singleShot(20, lambda: quit_step(attempt + 1))
            return
        window.close()
        app.quit()

    def woken() -> None:
        try:
            received = receive()
        except OSError:
            return
        if received and not quitting[0]:
            quitting[0] = True
            quit_step()

    notifier.activated.connect(woken)

    def restore() -> None:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(-1)
        for number, handler in previous.items():
            signal.signal(number, handler)
        close()

    return restore


def _after_first_paint(collect: bool) -> None:
    from ui import errors

    errors.finish_install()
    if collect:
        gc.enable()


def run_app(path: Path | None, argv: list[str] | None = None) -> int:
    """Run the app (optionally opening ``path``); returns the process exit status.

    Python's cycle collector waits for the first paint: until then it would walk the
    modules and widgets being made again and again (about a twentieth of the time to
    the first paint), and nothing made before it is garbage worth collecting (the same
    for a workshop opened later: :func:`ui.memory.hold_collector`).
    """
    collect = gc.isenabled()
    gc.disable()
    try:
        return _run_app(path, argv, collect)
    finally:
        if collect:
            gc.enable()


def _run_app(path: Path | None, argv: list[str] | None, collect: bool) -> int:
    _lighter_imports()
    refused = _check_binding()
    if refused is not None:
        return refused

    from ui import errors

    app = make_application(argv)
    errors.install(now=False)  # the log file and the thread bridge follow the first paint
    from ui import palette

    palette.follow_system()

    from ui.main_window import MainWindow
    from ui.window_parts import AfterFirstPaint

    window = MainWindow()
    # The canvas, the panels and the PDF write numbers and dates as the system's locale
    # does; nothing on the welcome page does, so the core learns it with the panels.
    window.before_parts(_use_system_locale)
    errors.set_recovery(window.recover)
    errors.set_parent_provider(lambda: window)
    restore_signals = _quit_on_signals(app, window)
    keep: list[QObject] = []
    if sys.platform == "darwin":
        keep.append(_install_file_open_filter(app, window))
    keep.append(AfterFirstPaint(window, lambda: _after_first_paint(collect)))
    if os.environ.get(QUIT_AFTER_PAINT_ENV) == "1":
        keep.append(_quit_after_first_paint(app, window))
    if window.restored:
        window.show()
    else:
        window.show_first_time()
    if path is not None:
        window.open_at_start(Path(path))
    try:
        return int(app.exec())
    finally:
        errors.set_recovery(None)
        errors.set_parent_provider(None)
        if window.isVisible():  # however the loop ended, the workshop is closed, unlocked
            window.close()
        if restore_signals is not None:
            restore_signals()
        del keep
