"""What the desktop bundle leaves out, shared by the PyInstaller spec and its tests.

OKR Studio uses Qt's Core, Gui, Widgets, Svg and PrintSupport modules. PySide6
ships some sixty more (a web engine, 3D, multimedia, QML…); PyInstaller only
collects the modules the app imports, and :func:`drop_unused` removes the
shared libraries, plugins and QML files that still slip in through plugins.
"""

from __future__ import annotations

import re

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
