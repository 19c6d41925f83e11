"""The File menu of the main window: new, open, the sample, Save As, close, export.

A mixin of :class:`ui.main_window.MainWindow`. Every store error is shown
through :func:`ui.dialogs.show_error`, never raised; file choosers go through
:mod:`ui.prompts` so tests can answer them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

from okr_studio.errors import OkrError, WorkshopLockedError
from ui import dialogs, recent
from ui.window_base import WindowBase

if TYPE_CHECKING:
    from okr_studio.store import Workshop
    from ui.document import Document


def _sample_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home()) / "OKR Studio"


def unique_path(folder: Path, stem: str, suffix: str = ".okr") -> Path:
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem} {n}{suffix}"
        n += 1
    return candidate


def _readable(workshop: Workshop) -> bool:
    """Whether the open file can still be read (False when its drive was pulled out)."""
    try:
        workshop.data_version()
    except Exception:  # any failure to read: fall back to the data in memory
        return False
    return True


def _remember(path: Path) -> None:
    recent.add_recent(path)
    recent.mark_opened()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


class FileCommands(WindowBase):
    """File menu commands; mixed into the main window."""

    def open_path(self, path: Path | str, *, read_only: bool = False) -> bool:
        """Open a workshop file, replacing the open one; errors are shown, never raised."""
        from okr_studio.store import Workshop

        path = Path(path)
        if self.document is not None and _same_file(path, self.document.path):
            return True  # already open here
        from ui import memory, opening_progress

        memory.hold_collector()  # until the canvas first paints it
        failure: OkrError | OSError | None = None
        with opening_progress.opening(self, path.name, on_show=self._cover_welcome) as progress:
            progress.step("read")
            try:
                workshop = Workshop.open(path, read_only=read_only)
            except (OkrError, OSError) as exc:
                failure = exc
            else:
                self._adopt(workshop, follow_up=False)
        if failure is None:
            # The coach's first run (in a thread) and the writer's loading begin once the
            # opening is over: the progress lets timers run between its steps.
            if not self._at_start and self.document is not None:
                self.document.start_follow_up()
            return True
        memory.settle_collector()
        if self.document is None:
            self.stack.setCurrentWidget(self.welcome)
        return self._open_failed(path, failure)

    def _cover_welcome(self) -> None:
        """While a slow opening shows its progress, the welcome page's buttons are hidden."""
        from PySide6.QtWidgets import QWidget

        if self.stack.currentWidget() is self.welcome:
            blank = self.findChild(QWidget, "openingBlank")
            if blank is None:
                blank = QWidget()
                blank.setObjectName("openingBlank")
                self.stack.addWidget(blank)
            self.stack.setCurrentWidget(blank)

    def _open_failed(self, path: Path, failure: OkrError | OSError) -> bool:
        """Say why a file did not open (or offer it read-only); True if it opened after all."""
        if isinstance(failure, WorkshopLockedError):
            if not dialogs.confirm(
                self,
                self.tr("Workshop in use"),
                str(failure),
                detail=self.tr(
                    "You can open it read-only: you will see everything but cannot change it."
                ),
                ok_text=self.tr("Open Read-Only"),
            ):
                return False
            return self.open_path(path, read_only=True)
        if isinstance(failure, OkrError):
            dialogs.show_error(self, failure, title=self.tr("Cannot open workshop"))
            if not path.exists():  # a recent file that was moved or deleted
                recent.remove_recent(path)
                self.welcome.refresh()
            return False
        reason = failure.strerror or str(failure)
        dialogs.show_error(
            self,
            self.tr("“{name}” could not be opened: {reason}.").format(
                name=path.name, reason=reason
            ),
            title=self.tr("Cannot open workshop"),
        )
        return False

    def open_at_start(self, path: Path | str) -> bool:
        """Open the file named on the command line, before the window's first paint.

        The workshop is painted first; the outline, the coach's list and the recent
        files (a write to the settings) follow right after the paint.
        """
        self._at_start = True
        try:
            return self.open_path(path)
        finally:
            self._at_start = False

    def _adopt(self, workshop: Workshop, *, follow_up: bool = True) -> None:
        """Show ``workshop``; its coach and writer follow up at once, or (``follow_up``
        False) when the caller says (:meth:`Document.start_follow_up`)."""
        from ui.document import Document

        # A file named on the command line is painted before the coach's first run and
        # the loading of the writer start: on a slow machine their timers could come due
        # before the paint.
        document = Document(workshop, start=False)
        self._set_document(document)
        if self._at_start:
            self.after_first_paint(document.start_follow_up)
            self.after_first_paint(lambda: _remember(workshop.path))
        else:
            if follow_up:
                document.start_follow_up()
            _remember(workshop.path)

    def open_dialog(self) -> bool:
        from ui import prompts  # the file choosers load when first needed

        path = prompts.ask_open_path(self)
        return self.open_path(path) if path is not None else False

    def new_workshop(self) -> bool:
        from ui import prompts

        details = prompts.ask_details(self)
        if details is None:
            return False
        name, cycle = details
        path = prompts.ask_save_path(
            self, self.tr("Save the new workshop as"), f"{name or self.tr('Workshop')}.okr"
        )
        if path is None:
            return False
        from okr_studio.dates import quarter_dates
        from okr_studio.store import Workshop

        try:
            workshop = Workshop.create(path, name=name, cycle=cycle)
            dates = quarter_dates(cycle)
            if dates is not None:  # "2027 Q2": the cycle's start and end, for due dates
                from okr_studio import services

                services.update_info(workshop, cycle_start=dates[0], cycle_end=dates[1])
        except OkrError as exc:
            dialogs.show_error(self, exc, title=self.tr("Cannot create workshop"))
            return False
        except OSError as exc:
            dialogs.show_error(
                self,
                self.tr("“{name}” could not be created: {reason}.").format(
                    name=path.name, reason=exc.strerror or exc
                ),
            )
            return False
        self._adopt(workshop)
        return True

    def open_sample(self) -> bool:
        """Copy a fresh sample workshop into Documents/OKR Studio and open it."""
        from okr_studio.sample import write_sample

        folder = _sample_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = unique_path(folder, "OKR Studio sample")
            write_sample(path)
        except (OkrError, OSError) as exc:
            dialogs.show_error(
                self,
                self.tr("The sample could not be written to {folder}: {reason}").format(
                    folder=folder, reason=exc
                ),
            )
            return False
        return self.open_path(path)

    def save_as(self) -> bool:
        doc = self.document
        if doc is None:
            return False
        self.inspector.flush()
        from ui import prompts

        path = prompts.ask_save_path(
            self, self.tr("Save workshop as"), self.tr("{name} copy.okr").format(name=doc.path.stem)
        )
        if path is None:
            return False
        try:
            new = doc.workshop.save_as(path)
        except (OkrError, OSError) as exc:
            rescued = self._save_what_is_on_screen(doc, path, exc)
            if rescued is None:
                return False
            new = rescued
        if new is doc.workshop:
            return True
        self._adopt(new)
        return True

    def _save_what_is_on_screen(
        self, doc: Document, path: Path, failure: BaseException
    ) -> Workshop | None:
        """Save As could not copy the file: if the open file cannot be read any more
        (its drive was pulled out), write the workshop from what is on screen instead."""
        if _readable(doc.workshop):  # the target was the problem: say why
            dialogs.show_error(self, failure, title=self.tr("Save As failed"))
            return None
        from okr_studio import rescue

        try:
            return rescue.write_snapshot(doc.data, path)
        except (OkrError, OSError) as exc:
            dialogs.show_error(self, exc, title=self.tr("Save As failed"))
            return None

    def close_workshop(self) -> None:
        if self.document is not None:
            self._set_document(None)

    def import_file(self) -> bool:
        """File → Import…: a spreadsheet, JSON export or outline, through the preview."""
        from ui import exchange_commands

        return exchange_commands.import_file(self)

    def export_sheets(self) -> None:
        """File → Export alignment sheets: the export dialog, for the selected branch."""
        doc = self.document
        if doc is None:
            return
        from ui import export_dialog
        from ui.window_edit import unit_of

        self.inspector.flush()
        export_dialog.export_alignment_sheets(
            self, doc.path, doc.data, selected_unit_id=unit_of(doc.data, doc.current)
        )

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        files = recent.recent_files()
        for path in files:
            act = menu.addAction(path.name, lambda p=path: self.open_path(p))
            act.setToolTip(str(path))
            act.setEnabled(path.is_file())
        if files:
            menu.addSeparator()
            menu.addAction(self.tr("Clear the list"), recent.clear_recent)
        menu.setEnabled(bool(files))

    def check_reachable(self) -> bool:
        """Called on a timer: if the file is gone, say so and offer Save As."""
        doc = self.document
        if doc is None or not hasattr(doc.workshop, "check_reachable"):
            return True
        try:
            doc.workshop.check_reachable()
        except OkrError as exc:
            self._reach_timer.stop()
            self.status.update_save_state(self.tr("Not saved: the file cannot be reached"))
            if dialogs.confirm(
                self, self.tr("Workshop file not found"), str(exc),
                detail=self.tr("Everything on screen is still here. Save it to a new file now?"),
                ok_text=self.tr("Save As…"),
            ):  # fmt: skip
                if not self.save_as():
                    self._reach_timer.start()
            else:
                self._reach_timer.start()
            return False
        return True
