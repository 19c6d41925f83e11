"""Help → About shows the version, the licences and where files live, without blocking."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from okr_studio._version import __version__
from ui import about


def test_about_shows_version_paths_and_licences(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = about.show_about(parent)  # returns at once: no nested event loop
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    assert dialog.isModal()

    text = dialog.about_view.toPlainText()
    assert f"Version {__version__}" in text
    assert "Log:" in text
    assert about.log_file() in text
    assert about.log_file().endswith("okr-studio.log")
    assert about.settings_location() in text

    licences = dialog.licences_view.toPlainText()
    assert "LICENSE-DejaVu.txt" in licences
    assert "Bitstream Vera" in licences  # the font licence text itself
    for name in ("PySide6", "SQLAlchemy", "SQLModel", "ReportLab"):
        assert name in licences
    assert "LGPL-3.0" in licences
    assert "BSD-3-Clause" in licences

    with qtbot.waitSignal(dialog.finished, timeout=2000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Close).click()
    assert not any(w.isVisible() for w in parent.findChildren(about.AboutDialog) if w is not None)


def test_library_versions_are_the_installed_ones():
    import importlib.metadata

    by_name = {lib.name: lib for lib in about.LIBRARIES}
    assert about.library_version(by_name["ReportLab"]) == importlib.metadata.version("reportlab")
    assert about.library_version(by_name["Qt"]).startswith("6.")


def test_font_licences_come_from_the_resources_folder():
    names = [p.name for p in about.font_licence_files()]
    assert "LICENSE-DejaVu.txt" in names
    assert all(not n.endswith(".ttf") for n in names)
