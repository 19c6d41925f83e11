"""File → Export alignment sheets…: the dialog driven headlessly."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer

import ui.export_dialog as ed
from okr_studio.pdf import sheet_units
from okr_studio.store import Workshop


@pytest.fixture
def data(sample_file: Path):
    with Workshop.open(sample_file, read_only=True) as ws:
        return ws.snapshot()


@pytest.fixture
def dialog(qtbot, sample_file, data):
    dept = next(u.id for u in data.walk_units() if u.level == "department")
    dlg = ed.ExportDialog(None, sample_file, data, selected_unit_id=dept)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    dlg.reject()


def test_scope_choices(dialog, data) -> None:
    teams = sheet_units(data)
    assert dialog.chosen_teams() is None
    assert dialog.all_teams.text() == f"All teams ({len(teams)})"
    dialog.branch.setChecked(True)
    branch = dialog.chosen_teams()
    assert branch and set(branch) < set(teams)
    dialog.one_team.setChecked(True)
    assert dialog.team_combo.isEnabled()
    dialog.team_combo.setCurrentIndex(2)
    assert dialog.chosen_teams() == [teams[2]]
    dialog.paper.setCurrentIndex(1)
    assert dialog.chosen_paper() == "letter"


def test_branch_is_disabled_without_a_selection(qtbot, sample_file, data) -> None:
    dlg = ed.ExportDialog(None, sample_file, data)
    qtbot.addWidget(dlg)
    assert not dlg.branch.isEnabled()
    dlg.reject()


def test_preview_shows_the_first_pages(dialog) -> None:
    dialog.preview_button.click()
    assert dialog.pdf.pageCount() >= 3  # cover, contents, overview and sheets
    assert "Preview" in dialog.status.text()


def test_export_booklet_then_open_it(dialog, tmp_path, monkeypatch) -> None:
    target = tmp_path / "out.pdf"
    opened: list[Path] = []
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: target)
    monkeypatch.setattr(ed, "open_path", opened.append)
    dialog.findings.setChecked(True)
    dialog.export_button.click()
    assert target.exists()
    assert len(PdfReader(target).pages) == dialog.report.pages
    assert dialog.open_pdf_button.isVisibleTo(dialog)
    assert "Wrote 1 file" in dialog.status.text()
    dialog.open_pdf_button.click()
    dialog.open_folder_button.click()
    assert opened == [target, tmp_path]


def test_export_one_file_per_team(dialog, tmp_path, monkeypatch, data) -> None:
    monkeypatch.setattr(ed, "ask_folder", lambda _parent, _start: tmp_path)
    dialog.per_team.setChecked(True)
    dialog.export_button.click()
    assert len(list(tmp_path.glob("*.pdf"))) == len(sheet_units(data))
    assert not dialog.open_pdf_button.isVisibleTo(dialog)
    assert dialog.open_folder_button.isVisibleTo(dialog)


def test_cancel_during_export_writes_nothing(dialog, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "cancelled.pdf"
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: target)
    # The click lands while the export runs (the progress callback processes events).
    QTimer.singleShot(0, dialog.cancel_button.click)
    dialog.export_button.click()
    assert not target.exists()
    assert list(out.iterdir()) == []
    assert "cancelled" in dialog.status.text()
    assert dialog.isVisible()  # Cancel stopped the export, not the dialog


def test_cancel_while_the_parts_are_joined_keeps_the_old_file(dialog, tmp_path, monkeypatch):
    from okr_studio.pdf import booklet

    monkeypatch.setattr(booklet, "PART_OBJECTIVES", 2)  # the sample in many parts
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "sheets.pdf"
    target.write_bytes(b"%PDF-1.4 last week's booklet")
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: target)
    steps = dialog._progress

    def progress(done: int, total: int) -> bool:
        if done == total - 1:  # the last parts are being joined into the file
            dialog.cancel_button.click()
        return steps(done, total)

    dialog._progress = progress
    dialog.export_button.click()
    assert target.read_bytes() == b"%PDF-1.4 last week's booklet"
    assert [p.name for p in target.parent.iterdir()] == ["sheets.pdf"]
    assert "cancelled" in dialog.status.text()


def test_export_error_is_shown_and_nothing_written(dialog, tmp_path, monkeypatch, answers):
    target = tmp_path / "missing-folder" / "x.pdf"
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: target)
    answers.add("show_error", None)
    dialog.export_button.click()
    assert "does not exist" in answers.texts("show_error")[0]
    assert not target.exists()
    assert dialog.report is None


def test_choosing_no_file_does_nothing(dialog, monkeypatch) -> None:
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: None)
    dialog.export_button.click()
    assert dialog.report is None
    assert dialog.status.text() == ""


def test_entry_function_returns_the_report(qtbot, sample_file, data, tmp_path, monkeypatch):
    target = tmp_path / "entry.pdf"
    monkeypatch.setattr(ed, "ask_pdf_path", lambda _parent, _suggested: target)

    def drive() -> None:
        dlg = next(w for w in ed.QApplication.topLevelWidgets() if isinstance(w, ed.ExportDialog))
        dlg.export_button.click()
        dlg.accept()

    QTimer.singleShot(0, drive)
    report = ed.export_alignment_sheets(None, sample_file, data)
    assert report is not None and report.files == [target]


# ---- the data formats ------------------------------------------------------------------------
def _choose_format(qtbot, dialog, name: str) -> None:
    """Pick a format with the keyboard (Alt+F reaches the format box)."""
    from PySide6.QtCore import Qt

    combo = dialog.format
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert combo.hasFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        data = combo.currentData()
        if getattr(data, "name", data) == name:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"no format {name}")


def _exported_titles(path: Path, name: str) -> str:
    if name == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        text = "\n".join(
            str(cell) for row in book.worksheets[0].iter_rows(values_only=True) for cell in row
        )
        book.close()
        return text
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("name", ["xlsx", "csv", "markdown", "json"])
def test_export_each_data_format(qtbot, dialog, data, tmp_path, monkeypatch, name) -> None:
    from ui import exchange_export

    asked: list[Path] = []

    def ask(_parent, suggested, fmt):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return tmp_path / f"out{fmt.suffix}"

    monkeypatch.setattr(exchange_export, "ask_export_path", ask)
    opened: list[Path] = []
    monkeypatch.setattr(ed, "open_path", opened.append)
    _choose_format(qtbot, dialog, name)
    assert not dialog.paper.isEnabled() and not dialog.view.isVisibleTo(dialog)
    assert dialog.format_note.text()
    dialog.export_button.click()
    [target] = list(tmp_path.glob("out.*"))
    assert asked[0].suffix == target.suffix
    text = _exported_titles(target, name)
    for obj in list(data.objectives.values())[:5]:
        assert obj.title in text
    assert f"Wrote {target.name}" in dialog.status.text()
    dialog.open_pdf_button.click()
    dialog.open_folder_button.click()
    assert opened == [target, tmp_path]
    assert dialog.open_pdf_button.text() == "Open the file"


def test_a_failed_data_export_says_why_and_writes_nothing(
    qtbot, dialog, tmp_path, monkeypatch, answers
) -> None:
    from ui import exchange_export

    folder = tmp_path / "not here"
    monkeypatch.setattr(exchange_export, "ask_export_path", lambda *_a: folder / "out.csv")
    _choose_format(qtbot, dialog, "csv")
    answers.add("show_error", None)
    dialog.export_button.click()
    [message] = answers.texts("show_error")
    assert "out.csv" in message
    assert not folder.exists()
    assert dialog.status.text() == "The export failed."
    _choose_format(qtbot, dialog, "pdf")
    assert dialog.paper.isEnabled() and dialog.view.isVisibleTo(dialog)
