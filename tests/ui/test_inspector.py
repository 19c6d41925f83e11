"""The inspector dock: every field edits the file in one undoable step, on editing-finished."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, Qt

from okr_studio import services
from okr_studio.store import Workshop
from ui.document import Document
from ui.inspector import Inspector


def _opened(combo):  # type: ignore[no-untyped-def]
    """The combo box after the user opened its list (long lists are made then)."""
    combo.showPopup()
    combo.hidePopup()
    return combo


def _one(path: Path, sql: str):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


@pytest.fixture
def setup(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "i.okr"
    with Workshop.create(path, name="Spring", cycle="2027 Q1") as ws:
        services.add_person(ws, "Ana García")
        company = services.add_unit(ws, "Acme", "company").subject[1]
        obj = services.add_objective(ws, company, "Customers love us").subject[1]
        kr = services.add_key_result(ws, obj, "Raise NPS", baseline=30, target=45).subject[1]
    doc = Document(Workshop.open(path))
    yield path, doc, {"unit": company, "objective": obj, "key_result": kr}
    doc.close()


@pytest.fixture
def inspector(qtbot, setup):  # type: ignore[no-untyped-def]
    _, doc, _ = setup
    widget = Inspector(doc)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _type(qtbot, editor, text: str) -> None:  # type: ignore[no-untyped-def]
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def test_nothing_selected_edits_the_workshop_details(inspector, setup, qtbot):
    path, doc, _ = setup
    assert inspector.heading.text() == "Workshop details"
    name = inspector.page.fields["name"]
    assert name.text() == "Spring"
    _type(qtbot, name, "Autumn")
    assert _one(path, "SELECT name FROM workshop") == ("Spring",)  # not on every keystroke
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert _one(path, "SELECT name FROM workshop") == ("Autumn",)
    assert doc.undo_stack.count() == 1


def test_title_edit_is_one_undoable_step(inspector, setup, qtbot):
    path, doc, ids = setup
    doc.select(("objective", ids["objective"]))
    assert inspector.heading.text() == "Objective"
    title = inspector.page.fields["title"]
    assert title.text() == "Customers love us"
    _type(qtbot, title, "Customers recommend us")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    sql = f"SELECT title FROM objective WHERE id={ids['objective']}"
    assert _one(path, sql) == ("Customers recommend us",)
    assert doc.undo_stack.count() == 1
    doc.undo()
    assert _one(path, sql) == ("Customers love us",)
    assert title.text() == "Customers love us"


def test_typing_a_new_owner_adds_the_person_in_the_same_step(inspector, setup, qtbot):
    path, doc, ids = setup
    doc.select(("key_result", ids["key_result"]))
    owner = inspector.page.fields["owner_name"]
    assert owner.findText("Ana García") >= 0
    _type(qtbot, owner.lineEdit(), "Jonas Øberg")
    qtbot.keyClick(owner.lineEdit(), Qt.Key.Key_Return)
    person = _one(path, "SELECT id FROM person WHERE name='Jonas Øberg'")
    assert person is not None
    kr_sql = f"SELECT owner_id FROM key_result WHERE id={ids['key_result']}"
    assert _one(path, kr_sql) == person
    assert doc.undo_stack.count() == 1
    doc.undo()
    assert _one(path, "SELECT id FROM person WHERE name='Jonas Øberg'") is None
    assert _one(path, kr_sql) == (None,)


def test_picking_an_existing_owner(inspector, setup):
    path, doc, ids = setup
    doc.select(("objective", ids["objective"]))
    owner = inspector.page.fields["owner_name"]
    owner.setCurrentIndex(owner.findText("Ana García"))
    owner.activated.emit(owner.currentIndex())
    ana = _one(path, "SELECT id FROM person WHERE name='Ana García'")
    assert _one(path, f"SELECT owner_id FROM objective WHERE id={ids['objective']}") == ana


def test_numbers_are_read_in_the_users_locale(inspector, setup, qtbot):
    path, doc, ids = setup
    doc.select(("key_result", ids["key_result"]))
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        target = inspector.page.fields["target"]
        _type(qtbot, target, "47,5")
        qtbot.keyClick(target, Qt.Key.Key_Return)
        assert _one(path, f"SELECT target FROM key_result WHERE id={ids['key_result']}") == (47.5,)
        confidence = inspector.page.fields["confidence"]
        _type(qtbot, confidence, "80 %")
        qtbot.keyClick(confidence, Qt.Key.Key_Return)
        sql = f"SELECT confidence FROM key_result WHERE id={ids['key_result']}"
        assert _one(path, sql)[0] == pytest.approx(0.8)
    finally:
        QLocale.setDefault(old)


def test_a_word_where_a_number_belongs_is_explained_not_saved(inspector, setup, qtbot):
    path, doc, ids = setup
    doc.select(("key_result", ids["key_result"]))
    baseline = inspector.page.fields["baseline"]
    _type(qtbot, baseline, "thirty")
    qtbot.keyClick(baseline, Qt.Key.Key_Return)
    assert "baseline must be a number" in inspector.message.text()
    assert _one(path, f"SELECT baseline FROM key_result WHERE id={ids['key_result']}") == (30.0,)
    assert doc.undo_stack.count() == 0


def test_a_service_refusal_is_shown_under_the_form(inspector, setup, qtbot):
    path, doc, ids = setup
    doc.select(("key_result", ids["key_result"]))
    confidence = inspector.page.fields["confidence"]
    _type(qtbot, confidence, "250")
    qtbot.keyClick(confidence, Qt.Key.Key_Return)
    assert "Confidence" in inspector.message.text()
    sql = f"SELECT confidence FROM key_result WHERE id={ids['key_result']}"
    assert _one(path, sql) == (None,)


def test_direction_work_type_and_status_are_choices(inspector, setup):
    path, doc, ids = setup
    doc.select(("key_result", ids["key_result"]))
    for name, value in (("direction", "keep_below"), ("work_type", "technical_debt")):
        combo = inspector.page.fields[name]
        combo.setCurrentIndex(combo.findData(value))
        combo.activated.emit(combo.currentIndex())
    row = _one(path, f"SELECT direction, work_type FROM key_result WHERE id={ids['key_result']}")
    assert row == ("keep_below", "technical_debt")
    doc.select(("objective", ids["objective"]))
    status = inspector.page.fields["status"]
    status.setCurrentIndex(status.findData("agreed"))
    status.activated.emit(status.currentIndex())
    assert _one(path, f"SELECT status FROM objective WHERE id={ids['objective']}") == ("agreed",)


def test_due_date_can_be_set_and_removed(inspector, setup):
    path, doc, ids = setup
    doc.select(("key_result", ids["key_result"]))
    due = inspector.page.fields["due_date"]
    assert not due.check.isChecked()
    due.edit.setDate(QDate(2027, 3, 31))
    due.check.setChecked(True)
    sql = f"SELECT due_date FROM key_result WHERE id={ids['key_result']}"
    assert _one(path, sql) == ("2027-03-31",)
    assert doc.data.key_results[ids["key_result"]].due_date == dt.date(2027, 3, 31)
    due.check.setChecked(False)
    assert _one(path, sql) == (None,)


def test_changing_the_selection_commits_the_field_being_edited(inspector, setup, qtbot):
    path, doc, ids = setup
    doc.select(("unit", ids["unit"]))
    name = inspector.page.fields["name"]
    _type(qtbot, name, "Acme Group")
    doc.select(("objective", ids["objective"]))  # e.g. a click on the canvas
    assert _one(path, f"SELECT name FROM unit WHERE id={ids['unit']}") == ("Acme Group",)
    assert inspector.heading.text() == "Objective"


def test_read_only_workshop_cannot_be_edited(qtbot, setup, document):
    path, doc, ids = setup
    doc.close()
    ro = document(path, read_only=True)
    widget = Inspector(ro)
    qtbot.addWidget(widget)
    ro.select(("key_result", ids["key_result"]))
    assert widget.page.fields["title"].isReadOnly()
    assert not widget.page.fields["direction"].isEnabled()


def test_alignment_is_chosen_units_above_first_then_sideways(qtbot, tmp_path, document):
    path = tmp_path / "align.okr"
    with Workshop.create(path) as ws:
        company = services.add_unit(ws, "Acme", "company").subject[1]
        team = services.add_unit(ws, "Checkout", "team", company).subject[1]
        other = services.add_unit(ws, "Search", "team", company).subject[1]
        top = services.add_objective(ws, company, "Grow").subject[1]
        kr = services.add_key_result(ws, top, "Revenue +10%").subject[1]
        sibling_obj = services.add_objective(ws, other, "Find fast").subject[1]
        services.add_key_result(ws, sibling_obj, "Search under 1 s")
        team_obj = services.add_objective(ws, team, "Pay in one click").subject[1]
    doc = document(path)
    widget = Inspector(doc)
    qtbot.addWidget(widget)
    doc.select(("objective", team_obj))
    combo = _opened(widget.page.fields["parent_kr_id"])
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == [
        "(no parent key result)",
        "Acme: Revenue +10%",
        "Search (sideways): Search under 1 s",  # a sibling's key result: allowed, marked
    ]
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    sql = f"SELECT parent_kr_id FROM objective WHERE id={team_obj}"
    assert _one(path, sql) == (kr,)
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert _one(path, sql) == (None,)


def test_a_unit_moves_under_another_unit(inspector, setup, qtbot, tmp_path):
    path, doc, ids = setup
    change = doc.execute(lambda ws: services.add_unit(ws, "Product", "department", ids["unit"]))
    product = change.subject[1]
    team = doc.execute(lambda ws: services.add_unit(ws, "Checkout", "team")).subject[1]
    doc.select(("unit", team))
    combo = _opened(inspector.page.fields["parent_id"])
    assert combo.findText("Checkout") < 0  # not under itself
    combo.setCurrentIndex(combo.findText("Product"))
    combo.activated.emit(combo.currentIndex())
    assert _one(path, f"SELECT parent_id FROM unit WHERE id={team}") == (product,)
    doc.select(("unit", ids["unit"]))
    assert _opened(inspector.page.fields["parent_id"]).findText("Product") < 0  # its own descendant


def test_cycle_start_and_end_are_edited_in_the_workshop_details(inspector, setup):
    path, doc, _ = setup
    assert inspector.heading.text() == "Workshop details"
    end = inspector.page.fields["cycle_end"]
    end.edit.setDate(QDate(2027, 3, 31))
    end.check.setChecked(True)
    assert _one(path, "SELECT cycle_end FROM workshop") == ("2027-03-31",)
    assert doc.data.info.cycle_end == dt.date(2027, 3, 31)
    start = inspector.page.fields["cycle_start"]
    start.edit.setDate(QDate(2027, 1, 1))
    start.check.setChecked(True)
    assert _one(path, "SELECT cycle_start FROM workshop") == ("2027-01-01",)
    doc.undo()
    assert _one(path, "SELECT cycle_start FROM workshop") == (None,)


def test_notes_on_objectives_and_key_results(inspector, setup, qtbot):
    path, doc, ids = setup
    for kind in ("objective", "key_result"):
        doc.select((kind, ids[kind]))
        notes = inspector.page.fields["notes"]
        notes.setFocus()
        qtbot.keyClicks(notes, f"Agreed <b>& for the {kind}")
        notes.insertPlainText(" 🚀")  # (key clicks cannot type characters beyond U+FFFF)
        sql = f"SELECT notes FROM {kind} WHERE id={ids[kind]}"
        assert _one(path, sql) == ("",)  # not on every keystroke
        inspector.page.fields["title"].setFocus()  # leaving the field commits it
        assert _one(path, sql) == (f"Agreed <b>& for the {kind} 🚀",)
    assert doc.undo_stack.count() == 2
    doc.undo()
    assert _one(path, f"SELECT notes FROM key_result WHERE id={ids['key_result']}") == ("",)
    assert inspector.page.fields["notes"].toPlainText() == ""


def test_the_workshop_language_is_a_choice(inspector, setup):
    path, doc, _ = setup
    language = inspector.page.fields["language"]
    labels = [language.itemText(i) for i in range(language.count())]
    assert labels == ["Follow the system", "English", "Deutsch"]
    assert language.currentText() == "Follow the system"
    language.setCurrentIndex(language.findData("de"))
    language.activated.emit(language.currentIndex())
    assert _one(path, "SELECT language FROM workshop") == ("de",)
    assert doc.data.info.language == "de"
    doc.undo()
    assert _one(path, "SELECT language FROM workshop") == ("",)
    assert language.currentText() == "Follow the system"


def test_alignment_choices_offer_every_unit_but_never_a_circle(inspector, setup):
    """Sideways and own-unit key results are offered (and marked); a circle is not."""
    path, doc, ids = setup

    def add(service, *args, **kw) -> int:  # type: ignore[no-untyped-def]
        return doc.execute(lambda ws: service(ws, *args, **kw)).subject[1]

    sales = add(services.add_unit, "Sales", "department", ids["unit"])
    ops = add(services.add_unit, "Ops", "department", ids["unit"])
    lead = add(services.add_objective, sales, "Deals close", parent_kr_id=ids["key_result"])
    lead_kr = add(services.add_key_result, lead, "Win 40 deals")
    sub = add(services.add_objective, sales, "Pipeline", parent_kr_id=lead_kr)
    sub_kr = add(services.add_key_result, sub, "Book 90 demos")
    ops_obj = add(services.add_objective, ops, "Stable ops")
    ops_kr = add(services.add_key_result, ops_obj, "Keep uptime above 99.9")
    doc.select(("objective", lead))
    combo = _opened(inspector.page.fields["parent_kr_id"])
    labels = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert labels[ids["key_result"]] == "Acme: Raise NPS"
    assert labels[ops_kr] == "Ops (sideways): Keep uptime above 99.9"
    assert lead_kr not in labels and sub_kr not in labels  # its own, and its supporter's
    doc.select(("objective", sub))
    combo = _opened(inspector.page.fields["parent_kr_id"])
    labels = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert labels[lead_kr] == "Sales (own unit): Win 40 deals"
    combo.setCurrentIndex(combo.findData(ops_kr))
    combo.activated.emit(combo.currentIndex())
    assert _one(path, f"SELECT parent_kr_id FROM objective WHERE id={sub}") == (ops_kr,)
    assert inspector.message.text() == ""


def test_the_inspector_fits_its_panel_whatever_the_longest_choice(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """A long parent key result among the "Supports" choices widened the whole inspector
    past its dock: every field was cut off at the right and a scroll bar appeared."""
    from okr_studio.sample import write_sample

    path = tmp_path / "sample.okr"
    write_sample(path)
    ws = Workshop.open(path)
    try:
        kr = min(ws.snapshot().key_results)
        services.update_key_result(ws, kr, title="Raise the share of orders " * 12)
    finally:
        ws.close()
    window.resize(1600, 1000)
    assert window.open_path(path)
    data = window.document.data
    team_objective = next(o for o in data.objectives.values() if o.parent_kr_id is not None)
    window.document.select(("objective", team_objective.id))
    qtbot.wait(50)
    inspector = window.inspector
    supports = _opened(inspector.page.fields["parent_kr_id"])
    assert max(len(supports.itemText(i)) for i in range(supports.count())) > 250
    assert inspector.widget().width() <= inspector.viewport().width()
    assert supports.geometry().right() <= inspector.viewport().width()


def test_a_long_choice_list_is_made_when_opened_and_shows_the_stored_choice_before(
    inspector, setup, qtbot
):
    """Selecting an objective filled "Supports" with every key result of the workshop
    (a second per click with 10,000 objectives): until its list is opened it holds the
    empty choice and the stored one, labelled as in the list."""
    path, doc, ids = setup
    sales = doc.execute(
        lambda ws: services.add_unit(ws, "Sales", "department", ids["unit"])
    ).subject[1]
    other = doc.execute(lambda ws: services.add_objective(ws, ids["unit"], "Other")).subject[1]
    spare = doc.execute(lambda ws: services.add_key_result(ws, other, "Spare")).subject[1]
    lead = doc.execute(
        lambda ws: services.add_objective(ws, sales, "Deals", parent_kr_id=ids["key_result"])
    ).subject[1]
    doc.select(("objective", lead))
    combo = inspector.page.fields["parent_kr_id"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(no parent key result)",
        "Acme: Raise NPS",
    ]
    assert combo.currentText() == "Acme: Raise NPS"
    combo.setFocus()  # the keyboard reaches it: the whole list, the choice kept
    qtbot.waitUntil(lambda: combo.count() == 3)
    assert combo.findData(spare) >= 0
    assert combo.currentText() == "Acme: Raise NPS"
    combo.setCurrentIndex(combo.findData(spare))
    combo.activated.emit(combo.currentIndex())
    assert _one(path, f"SELECT parent_kr_id FROM objective WHERE id={lead}") == (spare,)
