"""The desktop files, the icon tree and the version agree with each other."""

from __future__ import annotations

import configparser
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

from okr_studio._version import __version__
from okr_studio.model import APPLICATION_ID

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "packaging" / "icons"
APP_ID = "org.okrstudio.OkrStudio"
MIME = "application/x-okr-studio"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_desktop_file_opens_files_with_the_okr_type():
    entry = _desktop_entry()
    assert entry["Exec"] == "okr-studio %f"
    assert entry["Icon"] == APP_ID
    assert MIME in entry["MimeType"].split(";")


def test_mime_type_matches_extension_and_application_id():
    root = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    mime = root.find(f"{MIME_NS}mime-type")
    assert mime.get("type") == MIME
    assert mime.find(f"{MIME_NS}glob").get("pattern") == "*.okr"
    outer = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    assert outer.get("value").startswith("SQLite format 3")
    inner = outer.find(f"{MIME_NS}match")
    assert inner.get("offset") == "68"
    assert int(inner.get("value"), 16) == APPLICATION_ID


def test_metainfo_release_is_the_package_version():
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/mediatype") == MIME
    assert root.find("releases/release").get("version") == __version__


def test_icon_theme_has_every_size_at_its_size():
    for size in SIZES:
        for context, name in (("apps", APP_ID), ("mimetypes", MIME.replace("/", "-"))):
            png = ICONS / "hicolor" / f"{size}x{size}" / context / f"{name}.png"
            assert _png_size(png) == (size, size)
    assert (ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_windows_and_macos_icons_hold_png_entries():
    ico = (ICONS / "okr-studio.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    assert count == 7  # 16 … 256
    icns = (ICONS / "okr-studio.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns  # the 512 px entry
