"""Helpers for the canvas tests: show a canvas, click and drag on it, read rows back.

Tests open canvases with the ``canvas`` fixture (tests/ui/conftest.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from ui.canvas import CanvasView
from ui.document import Document


def show_canvas(qtbot, doc: Document, size: tuple[int, int] = (1400, 900)) -> CanvasView:  # type: ignore[no-untyped-def]
    """A shown, active, focused canvas view of ``doc`` (tests use the ``canvas`` fixture)."""
    view = CanvasView(doc)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitActive(view)
    view.setFocus()
    return view


def rows(path: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def point_of(view: CanvasView, key: tuple[str, int], kr_id: int | None = None) -> QPoint:
    """Viewport point over a card's title, or over one of its key result rows."""
    item = view.canvas_scene.cards[key]
    view.ensure_visible(("key_result", kr_id) if kr_id is not None else key)
    if kr_id is not None:
        rect = item.row_rect(kr_id)
        assert rect is not None
        local = QPointF(rect.center().x(), rect.center().y())
    else:
        local = item.title_rect().center()
    return view.mapFromScene(item.mapToScene(local))


def click(view: CanvasView, point: QPoint, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, point)


def drag(
    view: CanvasView,
    start: QPoint,
    end: QPoint,
    *,
    release: bool = True,
    steps: int = 6,
    modifiers=Qt.KeyboardModifier.NoModifier,
) -> None:  # type: ignore[no-untyped-def]
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, modifiers, start)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        QTest.mouseMove(vp, QPoint(round(p.x()), round(p.y())))
    if release:
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, modifiers, end)
