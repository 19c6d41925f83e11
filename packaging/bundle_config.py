"""What the desktop bundle leaves out, shared by the PyInstaller spec and its tests.

OKR Studio uses Qt's Core, Gui, Widgets, Svg and PrintSupport modules. PySide6
ships some sixty more (a web engine, 3D, multimedia, QML…); PyInstaller only
collects the modules the app imports, and :func:`drop_unused` removes the
shared libraries, plugins and QML files that still slip in through plugins.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

# Python modules never imported by the app (test tools, other GUI toolkits,
# and the PySide6 modules OKR Studio does not use).
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pypdf",
    "IPython",
    "matplotlib",
    "numpy",
    "PyInstaller",
    "pydoc",
    "lib2to3",
    "ensurepip",
    "idlelib",
    "test",
    "tests",
    # Pillow's AVIF codec (5 MB of libraries); PDFs never embed AVIF images.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    *(
        f"PySide6.{name}"
        for name in (
            "Qt3DAnimation",
            "Qt3DCore",
            "Qt3DExtras",
            "Qt3DInput",
            "Qt3DLogic",
            "Qt3DRender",
            "QtBluetooth",
            "QtCharts",
            "QtConcurrent",
            "QtDataVisualization",
            "QtDBus",
            "QtDesigner",
            "QtGraphs",
            "QtGraphsWidgets",
            "QtHelp",
            "QtHttpServer",
            "QtLocation",
            "QtMultimedia",
            "QtMultimediaWidgets",
            "QtNetwork",
            "QtNetworkAuth",
            "QtNfc",
            "QtOpenGL",
            "QtOpenGLWidgets",
            "QtPdf",
            "QtPdfWidgets",
            "QtPositioning",
            "QtQml",
            "QtQuick",
            "QtQuick3D",
            "QtQuickControls2",
            "QtQuickTest",
            "QtQuickWidgets",
            "QtRemoteObjects",
            "QtScxml",
            "QtSensors",
            "QtSerialBus",
            "QtSerialPort",
            "QtSpatialAudio",
            "QtSql",
            "QtStateMachine",
            "QtTest",
            "QtTextToSpeech",
            "QtUiTools",
            "QtWebChannel",
            "QtWebEngineCore",
            "QtWebEngineQuick",
            "QtWebEngineWidgets",
            "QtWebSockets",
            "QtWebView",
            "QtXml",
        )
    ),
]

# Distributions whose metadata goes into the bundle, so Help → About can show
# their versions (importlib.metadata reads them).
METADATA_DISTRIBUTIONS = [
    "pyside6",
    "shiboken6",
    "sqlmodel",
    "sqlalchemy",
    "pydantic",
    "reportlab",
    "pillow",
    "uharfbuzz",
    "babel",
    "openpyxl",
    "et-xmlfile",
    "defusedxml",
    "lxml",
    "markdown-it-py",
    "mdurl",
]

# Files that PySide6's hook would still collect but the app never loads.
_UNUSED = re.compile(
    r"("
    r"Qt6?(WebEngine|Quick|Qml|3D|Multimedia|Pdf|Designer|Charts|DataVisualization|Graphs"
    r"|Location|Positioning|Sensors|Bluetooth|Nfc|SerialPort|SerialBus|RemoteObjects|Scxml"
    r"|TextToSpeech|SpatialAudio|VirtualKeyboard|Lottie|ShaderTools|Labs|Sql|Test|Help"
    r"|HttpServer|WebSockets|WebChannel|WebView|NetworkAuth|StateMachine|EglFS)"
    r"|/qml/"
    r"|/plugins/(sqldrivers|multimedia|position|sensors|texttospeech|webview|renderers"
    r"|sceneparsers|geometryloaders|qmltooling|designer|canbus|virtualkeyboard|assetimporters"
    r"|scxmldatamodel|generic|networkinformation|tls|egldeviceintegrations)/"
    r"|/platforms/libq(eglfs|linuxfb|minimal|minimalegl|vnc|vkkhrdisplay)\.so"
    # The GTK theme plugin would drag the build machine's GLib, Pango and Cairo into
    # the bundle, to be mixed with the user's GTK at run time; the XDG desktop
    # portal plugin gives native file dialogs without that.
    r"|/platformthemes/libqgtk3\.so"
    r"|Qt6Network\."  # nothing the app loads links to it (checked with objdump)
    r"|/imageformats/[^/]*(pdf|tiff|webp|tga|wbmp|icns)"
    r"|ffmpeg|avcodec|avformat|avutil|swscale|swresample"
    r")",
    re.IGNORECASE,
)


def is_unused(dest_name: str) -> bool:
    """True for a bundle entry (its path inside the bundle) the app never loads."""
    return bool(_UNUSED.search(dest_name.replace("\\", "/")))


def drop_unused(toc: list) -> list:
    """The PyInstaller TOC *toc* without the entries :func:`is_unused` names."""
    return [entry for entry in toc if not is_unused(entry[0])]


def _needed_libraries(path: str) -> list[str]:
    """The DT_NEEDED entries of an ELF file (Linux), read with objdump."""
    out = subprocess.run(
        ["objdump", "-p", path], capture_output=True, text=True, check=False
    ).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def drop_orphans(toc: list) -> list:
    """Linux: drop the shared libraries no remaining binary needs any more.

    Removing a plugin (the GTK theme) leaves behind the libraries that only it
    used. Loadable modules, plugins and libpython are the roots; a top-level
    library stays when some root needs it, directly or through another library.
    Elsewhere, or without objdump, *toc* is returned unchanged.
    """
    if not sys.platform.startswith("linux") or shutil.which("objdump") is None:
        return toc
    top = {
        dest: src
        for dest, src, kind in toc
        if kind == "BINARY" and "/" not in dest and ".so" in dest and ".cpython-" not in dest
    }
    roots = [src for dest, src, _ in toc if dest not in top or dest.startswith("libpython")]
    keep: set[str] = {d for d in top if d.startswith("libpython")}
    pending = list(roots)
    while pending:
        for name in _needed_libraries(pending.pop()):
            if name in top and name not in keep:
                keep.add(name)
                pending.append(top[name])
    return [entry for entry in toc if entry[0] not in top or entry[0] in keep]
