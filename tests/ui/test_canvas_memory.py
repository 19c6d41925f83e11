"""The canvas's memory: pictures kept within a window's worth, large blocks given back,
no sources kept for PySide6's import check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPixmapCache

from tests.generate import generate

ROOT = Path(__file__).resolve().parents[2]

#: Frees a large block (glibc then serves blocks that size from its heap, unless told
#: otherwise), then takes and frees a smaller one; prints how much the process kept.
FREED = """
import sys
from ui.memory import give_back_large_blocks

def anon_kb():
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon:"):
            return int(line.split()[1])

print(give_back_large_blocks())
first = bytearray(b"x") * (24 << 20)
del first
before = anon_kb()
second = bytearray(b"x") * (12 << 20)
del second
print(anon_kb() - before)
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
    reason="the setting is glibc's",
)
def test_a_large_block_goes_back_to_the_system_when_freed() -> None:
    run = subprocess.run(
        [sys.executable, "-c", FREED],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    applied, kept_kb = run.stdout.split()
    assert applied == "True"
    assert int(kept_kb) < 2048  # not the 12 MB block still counted as the app's


def test_card_pictures_stay_within_a_window(qtbot, tmp_path, canvas) -> None:
    path = generate(tmp_path / "big.okr", objectives=300, key_results=1200, teams=60)
    _doc, view = canvas(path, size=(1920, 1080))
    scene = view.canvas_scene
    viewport = view.viewport()
    dpr = viewport.devicePixelRatioF()
    window = int(viewport.width() * viewport.height() * dpr * dpr * 4)
    image = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
    view.zoom_reset()
    for scale in (1.0, 0.6, 0.35):
        view.set_scale(scale)
        bar = view.verticalScrollBar()
        for _ in range(8):
            bar.setValue(bar.value() + viewport.height() // 2)
            viewport.render(image)
            qtbot.wait(5)
    assert scene.pictures.cap == window
    assert 0 < scene.pictures.bytes <= window
    # Qt's copies of the cards on screen: one window's worth (or Qt's own default).
    assert QPixmapCache.cacheLimit() <= max(10240, window // 1024 + 1)


def test_pyside_import_check_keeps_no_sources() -> None:
    import linecache

    from ui.app import _lighter_imports

    linecache.getline(__file__, 1)  # a file read for a traceback, say
    _lighter_imports()
    assert not [name for name in linecache.cache if Path(name).is_absolute()]
    assert linecache.getline(__file__, 1)  # read again when asked


def test_pictures_waiting_for_a_deleted_card_are_passed_over(sample_file, canvas) -> None:
    import shiboken6

    _doc, view = canvas(sample_file)
    filler = view.canvas_scene.pictures
    scene = view.canvas_scene
    assert scene.layout is not None
    item = scene.cards[next(iter(scene.layout.boxes))]
    filler._settle[item] = (1.0, 1.0, 1.0)
    filler._urgent[item] = (1.0, 1.0, 1.0)
    shiboken6.delete(item)  # as when its scene is deleted with the picture still to draw
    filler._fill_settled()  # raised "Internal C++ object (CardItem) already deleted"
    filler._fill_urgent()
    assert not filler.busy()
