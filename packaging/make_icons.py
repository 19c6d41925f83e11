"""Render the OKR Studio icons from their SVG sources.

Writes, from ``resources/icons/*.svg``:

* ``resources/icons/okr-studio-<N>.png``: the window icon the app loads;
* ``packaging/icons/hicolor/<N>x<N>/{apps,mimetypes}/…png`` and
  ``…/scalable/…svg``: the freedesktop icon theme tree for Linux;
* ``packaging/icons/okr-studio.ico`` / ``.icns`` and
  ``okr-document.ico`` / ``.icns``: Windows and macOS icons, assembled here
  from the PNGs (both formats accept PNG-compressed entries).

The 16 and 24 px sizes come from ``<name>-16.svg`` and ``<name>-24.svg``,
drawn pixel by pixel on their own grids so the mark stays crisp; the other
sizes come from the full drawing ``<name>.svg``.

Run with ``uv run python packaging/make_icons.py``.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons"
PACKAGING_ICONS = ROOT / "packaging" / "icons"

APP_ID = "org.okrstudio.OkrStudio"
MIME_ICON = "application-x-okr-studio"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# (icon name in resources, name in the hicolor theme, theme context)
ICONS = (
    ("okr-studio", APP_ID, "apps"),
    ("okr-document", MIME_ICON, "mimetypes"),
)

# ICNS element types that hold PNG data, by pixel size (the @2x variants reuse
# the larger PNGs).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def _drawing(name: str, size: int) -> Path:
    """The SVG drawn for exactly *size* pixels if there is one, else the full drawing."""
    exact = SOURCE / f"{name}-{size}.svg"
    return exact if exact.is_file() else SOURCE / f"{name}.svg"


def render_png(svg: Path, size: int) -> bytes:
    """Render *svg* into a square PNG of *size* pixels and return its bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding every size up to 256 as a PNG entry."""
    sizes = [s for s in sorted(pngs) if s <= 256]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries = b""
    body = b""
    for size in sizes:
        png = pngs[size]
        dim = 0 if size == 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        body += png
        offset += len(png)
    return header + entries + body


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG entries for the standard sizes."""
    body = b""
    for kind, size in ICNS_TYPES:
        png = pngs[size]
        body += kind + struct.pack(">I", len(png) + 8) + png
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def make_all() -> list[Path]:
    written: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    for name, theme_name, context in ICONS:
        large = SOURCE / f"{name}.svg"
        pngs = {size: render_png(_drawing(name, size), size) for size in SIZES}
        for size, png in pngs.items():
            if name == "okr-studio":
                write(SOURCE / f"{name}-{size}.png", png)
            theme_dir = PACKAGING_ICONS / "hicolor" / f"{size}x{size}" / context
            write(theme_dir / f"{theme_name}.png", png)
        scalable = PACKAGING_ICONS / "hicolor" / "scalable" / context / f"{theme_name}.svg"
        scalable.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(large, scalable)
        written.append(scalable)
        write(PACKAGING_ICONS / f"{name}.ico", ico_bytes(pngs))
        write(PACKAGING_ICONS / f"{name}.icns", icns_bytes(pngs))
    return written


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    written = make_all()
    for path in written:
        print(path.relative_to(ROOT))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
