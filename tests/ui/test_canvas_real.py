"""The canvas on a real-shaped tree (tests/real_shaped.py): how it opens, its lines,
its legend, key results without numbers, and titles in scripts written without spaces."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor

from okr_studio.data import KeyResultData, PersonData, WorkshopData
from tests.real_shaped import build_real_shaped
from ui.canvas.connectors import LINKS
from ui.canvas.items import MIN_TEXT_PX
from ui.canvas.measure import kr_detail, metrics, wrap
from ui.canvas.zoom import OPEN_SCALE


@pytest.fixture(scope="module")
def real_file(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build_real_shaped(tmp_path_factory.mktemp("real") / "real.okr")


def _on_screen(view, key) -> bool:  # type: ignore[no-untyped-def]
    item = view.canvas_scene.cards[key]
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    return seen.contains(item.mapRectToScene(item.card_rect()))


def test_a_real_file_opens_readable_with_the_company_on_screen(qtbot, real_file, canvas):
    _doc, view = canvas(real_file.path, size=(1200, 800))
    scene = view.canvas_scene
    first = scene.layout.roots[0]
    assert scene.detailed  # cards with their text, not coloured blocks
    assert view.scale_factor() == pytest.approx(OPEN_SCALE)
    assert view.scale_factor() * scene.card_style.title_px >= 9 > MIN_TEXT_PX
    assert _on_screen(view, first)
    card = scene.cards[first].mapRectToScene(scene.cards[first].card_rect())
    assert view.mapFromScene(card.topLeft()).x() < 60  # the company at the left
    # the window settles its size later (docks, maximising): still the company
    view.resize(1600, 1000)
    qtbot.wait(10)
    assert _on_screen(view, first) and view.scale_factor() == pytest.approx(OPEN_SCALE)
    # once the user moves the view, a resize keeps what they chose
    view.zoom_in()
    chosen = view.scale_factor()
    view.resize(1300, 900)
    assert view.scale_factor() == pytest.approx(chosen)


def test_a_tree_that_fits_readably_opens_fitted(tmp_path, canvas):
    from okr_studio import services
    from okr_studio.store import Workshop

    path = tmp_path / "small.okr"
    with Workshop.create(path) as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]
        top = services.add_objective(ws, company, "Customers trust us").subject[1]
        for name in ("Checkout", "Search"):
            kr = services.add_key_result(ws, top, f"{name} gets faster", target=5).subject[1]
            team = services.add_unit(ws, name, "team", company).subject[1]
            services.add_objective(ws, team, f"{name} feels instant", parent_kr_id=kr)
    _doc, view = canvas(path, size=(1600, 1000))
    assert view.scale_factor() > OPEN_SCALE
    layout = view.canvas_scene.layout
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(QRectF(0, 0, layout.width, layout.height))


def test_lines_are_solid_and_alignments_across_the_tree_stand_apart(real_file, canvas):
    doc, view = canvas(real_file.path)
    scene = view.canvas_scene
    by_kind: dict[str, list] = {}
    for item in scene.edges.values():
        by_kind.setdefault(item.kind, []).append(item)
        assert item.pen().style() == Qt.PenStyle.SolidLine  # dashes cost 5–10 ms a frame
        assert item.pen().isCosmetic()
    assert set(by_kind) == {"aligned", "loose", "sideways", "same_unit"}
    colours = {k: v[0].pen().color().name(QColor.NameFormat.HexArgb) for k, v in by_kind.items()}
    assert len(set(colours.values())) == 4
    assert len(by_kind["sideways"]) == len(real_file.sideways)
    assert len(by_kind["same_unit"]) == len(real_file.same_unit)
    for kind in LINKS:  # an arrowhead at the objective that supports the key result
        for item in by_kind[kind]:
            path = item.path()
            tip = path.elementAt(path.elementCount() - 2)
            child = next(k for k, v in scene.edges.items() if v is item)[1]
            card = scene.cards[child].mapRectToScene(scene.cards[child].card_rect())
            assert tip.x in (pytest.approx(card.left()), pytest.approx(card.right()))
    # selecting a sideways-aligned objective highlights its link too
    oid = real_file.sideways[0]
    doc.select(("objective", oid))
    item = next(v for k, v in scene.edges.items() if k[1] == ("objective", oid))
    assert scene.highlight_edges.path().intersects(item.path().boundingRect())


def test_legend_names_each_level_once_and_each_kind_of_line(real_file, canvas):
    _doc, view = canvas(real_file.path, size=(1400, 900))
    legend = view.legend
    names = [name for _depths, name in legend.entries]
    assert len(names) == len(set(names))
    depths = {name: d for d, name in legend.entries}
    assert depths["Team"] == (2, 3)  # teams, and teams below teams: both colours
    assert depths["Region"] == (2,) and depths["Shift"] == (4,)
    assert names[-1] == "No objective yet"
    assert [kind for kind, _ in legend.lines] == ["aligned", "sideways", "same_unit", "loose"]
    view.fit_to_window()
    legend.place()
    area = view.mapToScene(legend.geometry().translated(-view.viewport().pos()))
    hidden = [
        k
        for k, b in view.canvas_scene.layout.boxes.items()
        if area.boundingRect().intersects(QRectF(b.x, b.y, b.w, b.h))
    ]
    assert hidden == []


def test_the_legend_follows_another_file_as_it_opens(sample_file, real_file, canvas, document):
    """The scene lays the new file out before the view has it: the legend reads the file
    the layout was made from (it raised KeyError on ids the old file lacked)."""
    _doc, view = canvas(sample_file)
    other = document(real_file.path)
    view.set_document(other)
    names = [name for _depths, name in view.legend.entries]
    assert "Shift" in names and names[-1] == "No objective yet"
    view.viewport().grab()


def _kr(**fields) -> KeyResultData:  # type: ignore[no-untyped-def]
    return KeyResultData(id=1, objective_id=1, owner_id=7, **fields)


def test_key_results_show_what_is_known_of_their_numbers() -> None:
    data = WorkshopData(people={7: PersonData(7, "Yuki Sato")})
    assert kr_detail(data, _kr(baseline=40, target=55, unit_of_measure="%")) == (
        "40 → 55 %  ·  Yuki Sato"
    )
    assert kr_detail(data, _kr(target=40)) == "target 40  ·  Yuki Sato"
    assert kr_detail(data, _kr(baseline=12, unit_of_measure="days")) == (
        "baseline 12 days  ·  Yuki Sato"
    )
    assert kr_detail(data, _kr(direction="milestone")) == "milestone  ·  Yuki Sato"
    assert kr_detail(data, _kr()) == "Yuki Sato"
    assert kr_detail(WorkshopData(), _kr()) == "no owner"
    assert "?" not in kr_detail(data, _kr(target=40))


@pytest.mark.parametrize(
    "title",
    [
        "拣货和包装错误在货架上就被发现而不是三天后在客户门口被发现从而不再影响客户体验",
        "経営チームが四半期ごとに一つの明確な優先事項を定め全員がそれを説明できる",
        "ศูนย์ฮัมบูร์กเป็นต้นแบบให้สาขาอื่นเรียนรู้และพัฒนาคุณภาพการจัดส่งอย่างต่อเนื่อง",
    ],
)
def test_titles_without_spaces_wrap_by_unicode_rules(qapp, title: str) -> None:
    width = 200.0
    lines = wrap(title, 15, True, width, 6)
    assert len(lines) > 1
    assert "".join(lines) == title  # nothing cut, nothing elided
    fm = metrics(15, True)
    assert all(fm.horizontalAdvance(line) <= width + 2 for line in lines)
    short = wrap(title, 15, True, width, 2)  # more than two lines' worth: the last elided
    assert len(short) == 2 and short[-1].endswith("…") and short[0] == lines[0]


def test_latin_titles_wrap_at_spaces_as_before(qapp) -> None:
    text = "Customers trust us with their most time-critical shipments"
    lines = wrap(text, 15, True, 200.0, 3)
    assert " ".join(lines) == text and len(lines) > 1
    long_word = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung ok"
    assert wrap(long_word, 15, True, 200.0, 3)[0].endswith("…")


def test_the_first_edit_after_opening_keeps_the_view(tmp_path, real_file, canvas):
    """Only an empty workshop's first cards are fitted; an edit never refits a real file."""
    import shutil

    from okr_studio import services

    path = shutil.copy(real_file.path, tmp_path / "copy.okr")
    doc, view = canvas(path, size=(1200, 800))
    view.zoom_reset()
    before = view.scale_factor(), view.horizontalScrollBar().value()
    kr = next(iter(doc.data.key_results))
    doc.execute(lambda ws: services.update_key_result(ws, kr, title="Renamed"))
    assert (view.scale_factor(), view.horizontalScrollBar().value()) == before
