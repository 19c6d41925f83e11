"""One source for the interchange: the models in okr_studio.model.

The JSON Schema in the repository is generated from them; every column of every
table has its field there (so a new field cannot be left out of export and
import); the exchange code reads its field lists and table columns from them;
and none of it loads SQLModel, openpyxl or markdown-it-py until it is used.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from okr_studio.exchange.columns import columns
from okr_studio.exchange.schema import schema_text
from okr_studio.model import EXCHANGE_LINKS, EXCHANGE_ROWS, NOT_EXCHANGED
from okr_studio.schema import COLUMNS

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_json_schema_is_current() -> None:
    committed = (ROOT / "docs" / "exchange.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "docs/exchange.schema.json is out of date: run "
        "“uv run python -m okr_studio.exchange.schema > docs/exchange.schema.json”"
    )


def test_every_table_and_column_has_its_interchange_field() -> None:
    # hand-outs and a breakout's origin say how this file relates to others: they stay
    assert set(EXCHANGE_ROWS) == set(COLUMNS) - NOT_EXCHANGED, "a table without interchange rows"
    for table, model in EXCHANGE_ROWS.items():
        links = EXCHANGE_LINKS.get(table, {})
        expected = {links.get(c, c) for c in COLUMNS[table] if c not in ("id", "position")}
        expected = {"id" if c == "uid" else c for c in expected}
        if table == "accepted_finding":
            expected.discard("id")
        assert set(model.model_fields) == expected, table


def test_the_flat_table_has_a_column_for_every_objective_and_key_result_field() -> None:
    fields = {c.field for c in columns()}
    for table in ("objective", "key_result"):
        for name in EXCHANGE_ROWS[table].model_fields:
            assert name in fields, (table, name)


def test_the_apply_service_links_the_same_columns() -> None:
    from okr_studio.services.imports import _LINKS

    for table, links in EXCHANGE_LINKS.items():
        if table in _LINKS:
            assert {f: c for c, f in links.items()} == _LINKS[table], table


def test_importing_the_exchange_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, okr_studio.exchange, okr_studio.services;"
        "print([m for m in ('sqlmodel', 'openpyxl', 'markdown_it') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr


def test_every_column_is_explained_in_the_read_me() -> None:
    from okr_studio.exchange.xlsx_write import COLUMN_HELP

    assert [c.field for c in columns() if c.field not in COLUMN_HELP] == []
