"""Help → About: the version, the licences of what ships inside, where files live.

``show_about(parent)`` opens the dialog window-modal and returns at once (it
never runs a nested event loop), so the menu action and the tests can call it
without blocking. ``about_html()`` and ``licences_html()`` build the text and
can be read without showing anything.
"""

from __future__ import annotations

import html
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, qVersion
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from okr_studio._version import __version__
from okr_studio.resources import resource_path

APP_NAME = "OKR Studio"
SUMMARY = (
    "Run an OKR cascade workshop on a laptop and a shared screen: draw the objective "
    "tree, cascade key results, check alignment, print alignment sheets."
)


@dataclass(frozen=True)
class Library:
    name: str
    distribution: str  # the name to ask importlib.metadata for its version
    licence: str
    use: str


LIBRARIES = (
    Library("Qt", "", "LGPL-3.0", "windows, drawing, file dialogs"),
    Library("PySide6", "pyside6", "LGPL-3.0", "Qt for Python"),
    Library("Shiboken6", "shiboken6", "LGPL-3.0", "Qt for Python bindings"),
    Library("SQLModel", "sqlmodel", "MIT", "the workshop file's tables"),
    Library("SQLAlchemy", "sqlalchemy", "MIT", "reading and writing the workshop file"),
    Library("Pydantic", "pydantic", "MIT", "data validation"),
    Library("ReportLab", "reportlab", "BSD-3-Clause", "PDF alignment sheets"),
    Library("Pillow", "pillow", "MIT-CMU (HPND)", "images in PDFs"),
    Library("uharfbuzz", "uharfbuzz", "Apache-2.0 (HarfBuzz: MIT)", "text shaping in PDFs"),
    Library(
        "Babel",
        "babel",
        "BSD-3-Clause (CLDR data: Unicode-3.0)",
        "numbers and dates as you write them",
    ),
    Library("openpyxl", "openpyxl", "MIT", "spreadsheets (.xlsx) in and out"),
    Library("et_xmlfile", "et-xmlfile", "MIT", "writing spreadsheets"),
    Library("defusedxml", "defusedxml", "PSF-2.0", "reading spreadsheets safely"),
    Library("lxml", "lxml", "BSD-3-Clause (libxml2: MIT)", "writing spreadsheets quickly"),
    Library("markdown-it-py", "markdown-it-py", "MIT", "reading Markdown outlines"),
    Library("mdurl", "mdurl", "MIT", "reading Markdown outlines"),
    Library("Python", "", "PSF-2.0", "the language runtime"),
)


def library_version(library: Library) -> str:
    """The installed version of *library*, or "" when it cannot be told."""
    if library.name == "Qt":
        return qVersion()
    if library.name == "Python":
        import platform

        return platform.python_version()
    try:
        return importlib.metadata.version(library.distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def font_licence_files() -> list[Path]:
    """The licence texts of the bundled fonts (``resources/fonts/LICENSE*``)."""
    folder = resource_path("fonts")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.upper().startswith("LICEN"))


def log_file() -> str:
    """The log file (in the app's data folder, QStandardPaths.AppDataLocation)."""
    from ui.errors import log_path

    return str(log_path())


def settings_location() -> str:
    """The settings file (or, where settings are not a file, their folder)."""
    name = QSettings().fileName()
    if name:
        return name
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)


def about_html() -> str:
    esc = html.escape
    return (
        f"<h2>{esc(APP_NAME)}</h2>"
        f"<p><b>Version {esc(__version__)}</b></p>"
        f"<p>{esc(SUMMARY)}</p>"
        "<p>OKR Studio is free software under the MIT licence. It works fully offline: "
        "your workshops stay in the .okr files you choose.</p>"
        "<h3>Where OKR Studio keeps its files</h3>"
        f"<p><b>Log:</b><br>{esc(log_file())}</p>"
        f"<p><b>Settings:</b><br>{esc(settings_location())}</p>"
    )


def licences_html() -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(lib.name)}</td><td>{esc(library_version(lib))}</td>"
        f"<td>{esc(lib.licence)}</td><td>{esc(lib.use)}</td></tr>"
        for lib in LIBRARIES
    )
    parts = [
        "<h3>Libraries</h3>",
        "<table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>Library</th><th align='left'>Version</th>"
        "<th align='left'>Licence</th><th align='left'>Used for</th></tr>"
        f"{rows}</table>",
        "<p>Qt and PySide6 are used under the GNU Lesser General Public License v3: "
        "they are separate shared libraries that you may replace with your own build.</p>",
        "<h3>Fonts</h3>",
    ]
    licences = font_licence_files()
    if not licences:
        parts.append("<p>No bundled fonts.</p>")
    for path in licences:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            text = f"(cannot read this licence: {error})"
        parts.append(f"<p><b>{esc(path.name)}</b></p><pre>{esc(text)}</pre>")
    return "".join(parts)


class AboutDialog(QDialog):
    """The Help → About window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About {name}").format(name=APP_NAME))
        icon_file = resource_path("icons", "okr-studio-128.png")
        if icon_file.is_file():
            self.setWindowIcon(QIcon(str(icon_file)))

        header = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(QPixmap(str(resource_path("icons", "okr-studio-64.png"))))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        header.addWidget(logo)
        self.about_view = QTextBrowser()
        self.about_view.setObjectName("aboutText")
        self.about_view.setOpenLinks(False)
        self.about_view.setHtml(about_html())
        header.addWidget(self.about_view, 1)
        about_page = QWidget()
        about_page.setLayout(header)

        self.licences_view = QTextBrowser()
        self.licences_view.setObjectName("licencesText")
        self.licences_view.setOpenLinks(False)
        self.licences_view.setHtml(licences_html())

        self.tabs = QTabWidget()
        self.tabs.addTab(about_page, self.tr("About"))
        self.tabs.addTab(self.licences_view, self.tr("Licences"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.resize(640, 520)


def show_about(parent: QWidget | None) -> AboutDialog:
    """Open the About window (window-modal, non-blocking) and return it.

    The dialog deletes itself when closed.
    """
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
