"""Outlines in: a handbook page in Markdown, indented text, pasted lines; Copy and Paste."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from okr_studio import services
from okr_studio.exchange import make_plan, read_file
from okr_studio.exchange.clipboard import (
    html_table,
    paste_kind,
    plain_lines,
    read_pasted,
    selection_markdown,
    selection_tsv,
)
from okr_studio.exchange.outline import read_outline, reread
from okr_studio.exchange.outline_rules import OutlineRules, describe
from okr_studio.store import Workshop

HANDBOOK = Path(__file__).parent / "data" / "handbook_okrs.md"


def imported(path: Path, incoming):  # type: ignore[no-untyped-def]
    plan = make_plan(incoming)
    with Workshop.create(path) as ws:
        services.apply_plan(ws, plan)
        return plan, ws.snapshot()


def test_a_handbook_page(tmp_path: Path) -> None:
    plan, data = imported(tmp_path / "h.okr", read_file(HANDBOOK))
    owner = {o.title: data.person_name(o.owner_id) for o in data.objectives.values()}
    owner.update({k.title: data.person_name(k.owner_id) for k in data.key_results.values()})
    unit = {o.title: data.units[o.unit_id].name for o in data.objectives.values()}

    def parent(title: str) -> str | None:
        [o] = [o for o in data.objectives.values() if o.title == title]
        return data.key_results[o.parent_kr_id].title if o.parent_kr_id else None

    top = "Engineering handbook: our OKRs for 2027 Q1"
    assert [u.name for u in data.walk_units()] == [
        top, "Head of Sales", "Head of Customer Success", "Head of Engineering",
        "Tech Lead Payments",
    ]  # fmt: skip
    assert data.units[data.objectives[1].unit_id].name == top
    trust = "Become the checkout customers trust most in Europe"
    nrr = "Grow net revenue retention from 104% to 112%"  # "by 31 March 2027" is its due date
    conversion = "Raise checkout conversion from 2.1% to 2.6%"
    assert (owner[trust], unit[trust], parent(trust)) == ("CEO", top, None)
    assert owner[nrr] == "CEO"
    win_back = "Win back customers we lost in 2026"
    assert (owner[win_back], unit[win_back], parent(win_back)) == (
        "Head of Sales", "Head of Sales", nrr)  # fmt: skip
    assert parent("Customers succeed without calling us") == nrr
    assert parent("Our checkout feels instant") == conversion
    payments = "Payments never fail silently"
    assert parent(payments) == "Keep crash-free sessions above 99.5%"
    assert unit[payments] == "Tech Lead Payments"
    assert data.units[data.units[next(
        o.unit_id for o in data.objectives.values() if o.title == payments)].parent_id
    ].name == "Head of Engineering"  # fmt: skip
    assert owner["Reactivate 120 churned accounts"] == "Jana Novak"  # "@Jana_Novak" wins
    assert owner["Alert on 100% of failed payment webhooks within 5 minutes"] == (
        "Tech Lead Payments")  # fmt: skip
    krs = {k.title: k for k in data.key_results.values()}
    assert (krs[nrr].baseline, krs[nrr].target, krs[nrr].unit_of_measure) == (104, 112, "%")
    assert krs[nrr].metric == "net revenue retention"  # read as the canvas reads a typed line
    crash = krs["Keep crash-free sessions above 99.5%"]
    assert (crash.target, crash.direction, crash.unit_of_measure) == (99.5, "keep_above", "%")
    assert krs[nrr].due_date == dt.date(2027, 3, 31)
    assert krs[nrr].notes == "on track in week 6"
    churn = krs["Cut churn of enterprise accounts from 8% to 5%"]
    assert (churn.baseline, churn.target, churn.direction) == (8, 5, "decrease")
    assert churn.notes == "see the churn report"  # the link's text, not its address
    tickets = krs["Reduce support tickets per account from 4.2 to 2.5"]
    assert tickets.due_date == dt.date(2027, 3, 15)
    assert len(data.objectives) == 6 and len(data.key_results) == 9
    said = [str(p) for p in plan.problems]
    assert said == ["1 paragraph of plain text (not a heading, list item or bold line) is not "
                    "read as an item."]  # fmt: skip


def test_changed_rules_read_the_same_text_again() -> None:
    incoming = read_file(HANDBOOK)
    rules = replace(OutlineRules(), units_from_owners=False, nested_objective_aligns=False)
    again = reread(incoming, rules)
    assert not any(u.title.startswith("Head of") for u in again.side.of_kind("unit"))
    assert all(o.get("aligned_to") is None for o in again.side.of_kind("objective"))
    assert [name for name, on, _text in describe(rules) if not on] == [
        "nested_objective_aligns", "units_from_owners"]  # fmt: skip


INDENTED = """\
Sales
\tObjective: Win the mid-market
\t\tKR: Close 40 deals by 30.06.2027
\t\tKR2: Raise win rate from 20 % to 30 % @Bo
\tMarketing lead: Fill the funnel
\t\tSQLs from 300 to 450 => counted in the CRM
"""


def test_indented_text_pasted_from_a_document() -> None:
    plan = make_plan(read_outline(INDENTED, "notes.txt", markdown=False))
    assert not plan.problems
    tree = [(r.depth, r.kind, r.title) for r in plan.preview()]
    assert tree == [
        (0, "unit", "Sales"),
        (1, "objective", "Win the mid-market"),
        (2, "key_result", "Close 40 deals by 30.06.2027"),
        (2, "key_result", "Raise win rate from 20 % to 30 %"),
        (1, "objective", "Fill the funnel"),
        (2, "key_result", "SQLs from 300 to 450"),
    ]
    items = {i.title: i for i in plan.theirs.items.values()}
    assert items["Close 40 deals by 30.06.2027"].get("due_date") == dt.date(2027, 6, 30)
    assert plan.theirs.get("person", items["Fill the funnel"].get("owner")).title == (
        "Marketing lead")  # fmt: skip
    win_rate = items["Raise win rate from 20 % to 30 %"]
    assert plan.theirs.get("person", win_rate.get("owner")).title == "Bo"
    assert (win_rate.get("baseline"), win_rate.get("target")) == (20, 30)
    assert items["SQLs from 300 to 450"].get("notes") == "counted in the CRM"


def test_the_markdown_export_reads_back(tmp_path: Path) -> None:
    from okr_studio.exchange import export_file

    with Workshop.create(tmp_path / "w.okr", name="Q1 *draft*") as ws:
        acme = services.add_unit(ws, "Acme [EU]", "company").subject[1]  # type: ignore[index]
        grow = services.add_objective(ws, acme, "Grow_fast", owner_name="Ana", status="agreed")
        kr = services.add_key_result(ws, grow.subject[1], "Revenue", owner_name="Bo",  # type: ignore[index]
                                     baseline=1234.5, target=2000, unit_of_measure="€",
                                     due_date="2027-03-31", notes="from # the offsite")  # fmt: skip
        team = services.add_unit(ws, "Web", "team", acme).subject[1]  # type: ignore[index]
        services.add_objective(ws, team, "Checkout < 2 s", parent_kr_id=kr.subject[1])  # type: ignore[index]
        data = ws.snapshot()
    export_file(data, tmp_path / "w.md")
    text = (tmp_path / "w.md").read_text(encoding="utf-8")
    assert "# Q1 \\*draft\\*" in text and "## Acme \\[EU\\] (company)" in text
    assert "- **Grow\\_fast** — Ana *(agreed)*" in text
    assert "- **Checkout \\< 2 s** *(draft)* — supports “Revenue”" in text
    assert "  - KR: Revenue — Bo — 1,234.5 → 2,000 € — due 2027-03-31 => from # the offsite" in text
    _plan, again = imported(tmp_path / "again.okr", read_file(tmp_path / "w.md"))
    [revenue] = again.key_results.values()
    assert (revenue.title, revenue.baseline, revenue.target, revenue.unit_of_measure) == (
        "Revenue", 1234.5, 2000, "€")  # fmt: skip
    assert (str(revenue.due_date), revenue.notes) == ("2027-03-31", "from # the offsite")
    objectives = {o.title: o for o in again.objectives.values()}
    assert objectives["Grow_fast"].status == "agreed"
    assert again.person_name(objectives["Grow_fast"].owner_id) == "Ana"
    assert objectives["Checkout < 2 s"].parent_kr_id == revenue.id
    assert again.units[objectives["Checkout < 2 s"].unit_id].name == "Web"


def test_copy_and_paste_make_new_items_under_the_chosen_unit(tmp_path: Path) -> None:
    with Workshop.create(tmp_path / "w.okr") as ws:
        acme = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
        web = services.add_unit(ws, "Web", "team", acme).subject[1]  # type: ignore[index]
        obj = services.add_objective(ws, acme, "Grow <b>&", owner_name="Ana").subject[1]  # type: ignore[index]
        services.add_key_result(ws, obj, "=Revenue to 10M", baseline=5, target=10)
        data = ws.snapshot()
        tsv = selection_tsv(data, [("objective", obj)])
        lines = tsv.splitlines()
        assert lines[0].startswith("ID\tType\tParent") and len(lines) == 3
        assert "\t'=Revenue to 10M\t" in lines[2]
        markdown = selection_markdown(data, [("objective", obj)])
        assert markdown.splitlines() == [
            "- **Grow \\<b\\>\\&** — Ana *(draft)*",
            "  - KR: \\=Revenue to 10M — 5 → 10",
        ]
        for text in (tsv, markdown):
            plan = make_plan(read_pasted(text), ws.snapshot(), under=web, only_add=True)
            assert [d.status for d in plan.diffs] == ["added", "added"], plan.diffs
            services.apply_plan(ws, plan)
        after = ws.snapshot()
        copies = [o for o in after.objectives.values() if o.id != obj]
        assert [(o.title, o.unit_id) for o in copies] == [("Grow <b>&", web)] * 2
        titles = sorted(k.title for k in after.key_results.values())
        assert titles == ["=Revenue to 10M"] * 3
        assert len(after.people) == 1  # Ana is found, not added again


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Cut churn to 3%\nRaise NPS to 50\n", "lines"),
        ("- Cut churn to 3%\n- Raise NPS to 50\n", "lines"),
        ("1. Cut churn to 3%\n2. Raise NPS to 50\n", "lines"),
        ("Objectives for Q1 are due\nCall the KR owners\n", "lines"),
        ("## Sales\n- Win the north\n", "outline"),
        ("**Win the north**\n- Raise orders\n", "outline"),
        ("Objective: Win the north\nKR: Raise orders\n", "outline"),
        ("O1 - Win the north\nKR1: Raise orders\n", "outline"),
        ("- Win the north\n  - Raise orders\n", "outline"),
        ("Sales\n    Win the north\n", "outline"),
        ("Sales\n\tWin the north\n", "outline"),
        ("Type\tTitle\nObjective\tWin\n", "rows"),
        ("Objective\tKey Result\nWin\tRaise orders\n", "rows"),
        ("Name\tAge\nAna\t40\n", "lines"),
    ],
)
def test_paste_kind_tells_rows_an_outline_and_plain_lines(text: str, kind: str) -> None:
    assert paste_kind(text) == kind


def test_the_clipboard_saying_tab_separated_values_means_rows() -> None:
    assert paste_kind("Win\nGrow\n", offers_tsv=True) == "rows"


def test_plain_lines_lose_their_bullets_and_numbers_only() -> None:
    text = "- Cut churn\n\n* Raise NPS\n• Ship 2 guides\n3) Hire 4\n12 % more -5% waste\n"
    assert plain_lines(text) == [
        "Cut churn",
        "Raise NPS",
        "Ship 2 guides",
        "Hire 4",
        "12 % more -5% waste",
    ]


def test_html_table_escapes_text_and_leaves_empty_columns_out() -> None:
    table = html_table('ID\tTitle\tNotes\nk1\tGrow <b>& "win"\t\n')
    assert table == (
        '<meta charset="utf-8"><table><tr><th>ID</th><th>Title</th></tr>'
        "<tr><td>k1</td><td>Grow &lt;b&gt;&amp; &quot;win&quot;</td></tr></table>"
    )
    assert html_table("") == ""


def test_pasted_units_take_the_levels_of_where_they_land(tmp_path: Path) -> None:
    """An outline's top heading pasted under the company is a department, not a second
    company; the workshop's own level names win, and a level the text states is kept."""
    text = "## Sales\n### North\n- Objective: Win\n## Care (squad)\n- Objective: Calm\n"
    with Workshop.create(tmp_path / "w.okr") as ws:
        acme = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
        plan = make_plan(read_pasted(text), ws.snapshot(), under=acme, only_add=True)
        levels = {u.title: u.get("level") for u in plan.theirs.of_kind("unit")}
        assert levels == {"Sales": "department", "North": "team", "Care": "squad"}
        services.add_unit(ws, "Finance", "Bereich", acme)
        plan = make_plan(read_pasted(text), ws.snapshot(), under=acme, only_add=True)
        levels = {u.title: u.get("level") for u in plan.theirs.of_kind("unit")}
        assert levels == {"Sales": "Bereich", "North": "team", "Care": "squad"}
        plan = make_plan(read_pasted(text))  # a new workshop: as the headings say
        levels = {u.title: u.get("level") for u in plan.theirs.of_kind("unit")}
        assert levels == {"Sales": "company", "North": "department", "Care": "squad"}


def test_a_paste_read_again_with_other_columns_or_rules_is_still_new_items(
    tmp_path: Path,
) -> None:
    """The preview reads pasted text again when a column or a rule is changed: the copies
    stay copies (they never update the items they were copied from)."""
    from okr_studio.exchange.formats import remap
    from okr_studio.exchange.outline import reread

    with Workshop.create(tmp_path / "w.okr") as ws:
        acme = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
        obj = services.add_objective(ws, acme, "Grow", owner_name="Ana").subject[1]  # type: ignore[index]
        services.add_key_result(ws, obj, "Revenue to 10M", baseline=5, target=10)
        data = ws.snapshot()
        tsv = read_pasted(selection_tsv(data, [("objective", obj)]))
        markdown = read_pasted(selection_markdown(data, [("objective", obj)]))
        for again in (remap(tsv, tsv.mapping), reread(markdown, markdown.rules)):
            plan = make_plan(again, data, under=acme, only_add=True)
            assert [(d.status, d.title) for d in plan.diffs] == [
                ("added", "Grow"),
                ("added", "Revenue to 10M"),
            ]
            assert not any(ref in plan.ours.items for ref in plan.theirs.items)


def test_key_results_pasted_onto_an_objective_go_into_it(tmp_path: Path) -> None:
    with Workshop.create(tmp_path / "w.okr") as ws:
        acme = services.add_unit(ws, "Acme", "company").subject[1]  # type: ignore[index]
        grow = services.add_objective(ws, acme, "Grow").subject[1]  # type: ignore[index]
        kr = services.add_key_result(ws, grow, "NPS from 30 to 45", baseline=30, target=45)
        calm = services.add_objective(ws, acme, "Calm").subject[1]  # type: ignore[index]
        data = ws.snapshot()
        into = data.objectives[calm].uid
        copied = [("key_result", kr.subject[1])]  # type: ignore[index]
        for text in (
            selection_tsv(data, copied),
            selection_markdown(data, copied),
            "KR: Cut churn from 8% to 5%\nKR: Sign 5 partners\n",
        ):
            plan = make_plan(read_pasted(text, objective=into), data, under=acme, only_add=True)
            assert not plan.problems
            added = [d for d in plan.diffs if d.kind == "key_result"]
            assert added and all(d.status == "added" for d in added)
            assert {plan.theirs.get("key_result", d.key).get("parent") for d in added} == {into}
        # onto a unit, a key result on its own has nowhere to go: it is left out, saying so
        plan = make_plan(read_pasted("KR: Cut churn\n"), data, under=acme, only_add=True)
        assert [p.message for p in plan.problems] == [
            "The key result has no objective above it. It is left out."
        ]
