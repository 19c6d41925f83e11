"""A table of cells (CSV, XLSX, pasted rows) read into items, with every problem found.

Two layouts are read (see :mod:`okr_studio.exchange.columns`):

- the *flat table*, one row per item with a Type column. A row's parent is the
  row its Parent column names (by id, or by title), else the nearest row above
  of the right type (a key result under the objective above it, an objective
  under the unit above it); an objective with neither goes under the unit the
  import is made into.
- the *wide* sheet without a Type column: unit columns named by level, an
  Objective column and a Key result column; an empty cell repeats the one above
  (as merged cells look when read), so each row is one key result of the
  objective and units on its left.

A cell that cannot be read is left empty with a warning naming the row and the
column; a row that cannot be placed (no type, no title, an id used twice) is
left out with an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from okr_studio.errors import EditRefused
from okr_studio.exchange.cells import read_cell
from okr_studio.exchange.columns import columns, fold
from okr_studio.exchange.incoming import IdMap, Incoming, OwnerText, RefText
from okr_studio.exchange.items import PARENT_KIND, Item, Side, fields_of
from okr_studio.exchange.problems import Problem, Severity, shown


@dataclass(frozen=True)
class RawTable:
    """Cells as a file holds them: a header row and the rows below it."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    #: The row number of each row in the file (the header row is row ``header_line``).
    lines: tuple[int, ...]
    header_line: int = 1


_TYPE_WORDS: dict[str, str] = {
    **dict.fromkeys(("unit", "units", "orgunit", "einheit", "organisationseinheit"), "unit"),
    **dict.fromkeys(("objective", "objectives", "o", "obj", "ziel", "objektiv"), "objective"),
    **dict.fromkeys(
        ("keyresult", "keyresults", "kr", "krs", "k", "schlüsselergebnis", "ergebnis"), "key_result"
    ),
}
_LEVEL_TYPES = (
    "company", "organisation", "organization", "division", "department", "area", "tribe",
    "group", "team", "squad", "businessunit", "unternehmen", "bereich", "abteilung", "gruppe",
)  # fmt: skip


def _type_of(value: Any) -> tuple[str | None, str]:
    """(kind, level) a Type cell names; a level word ("Team") is a unit of that level."""
    word = fold(value)
    if word in _TYPE_WORDS:
        return _TYPE_WORDS[word], ""
    if word in _LEVEL_TYPES:
        return "unit", str(value).strip().lower()
    return None, ""


def _has_default(kind: str, name: str) -> bool:
    """Whether a field has a value even when nobody gave one (a choice, a weight)."""
    from okr_studio.model import EXCHANGE_ROWS

    return EXCHANGE_ROWS[kind].model_fields[name].default not in (None, "")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _raw_text(value: Any) -> str:
    """A text cell as written (a number cell as its digits)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Reader:
    """The state of reading one table: ids, titles, problems, the items made so far."""

    def __init__(self, table: RawTable, mapping: tuple[str | None, ...], locale: str) -> None:
        self.table = table
        self.mapping = mapping
        self.locale = locale
        self.ids = IdMap()
        self.problems: list[Problem] = []
        self.side = Side()
        self.header = {c.field: c.header for c in columns()}
        self.titles: dict[tuple[str, str], list[str]] = {}
        self.columns: dict[str, str] = {}  # field -> its column's header

    def new_key(self, name: str) -> str:
        """A stable id for an item the file gives no id (see ``Incoming.made_up``)."""
        return self.ids.uid(f"\x00{name}")

    def cells(self, row: tuple[Any, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if all(_blank(value) for value in row):
            return out
        for field, value in zip(self.mapping, row, strict=False):
            if field is not None and value is not None and value != "" and field not in out:
                out[field] = value
        return out

    def column_of(self, field: str) -> str:
        if field not in self.columns:
            self.columns[field] = next(
                (
                    str(h)
                    for h, f in zip(self.table.headers, self.mapping, strict=False)
                    if f == field
                ),
                self.header.get(field, field),
            )
        return self.columns[field]

    def problem(
        self, line: int, message: str, field: str = "", severity: Severity = "error"
    ) -> None:
        column = self.column_of(field) if field else ""
        self.problems.append(Problem(message, line, column=column, severity=severity))

    def values(self, kind: str, cells: dict[str, Any], line: int) -> dict[str, Any]:
        """The fields of ``kind`` the row's cells hold, each read or warned about."""
        out: dict[str, Any] = {}
        mapped = set(self.mapping)
        percent = False
        for name in fields_of(kind):
            if name in ("parent", "aligned_to", "owner") or name not in mapped:
                continue
            raw = cells.get(name)
            if raw is None and _has_default(kind, name):
                continue  # an empty choice or weight keeps what is there (new: the default)
            try:
                out[name] = read_cell(kind, name, raw, self.column_of(name).lower(), self.locale)
            except EditRefused as exc:
                self.problem(line, f"{exc} The value is left empty.", name, "warning")
                continue
            if name in ("baseline", "target") and isinstance(raw, str) and "%" in raw:
                percent = True
        if percent and not out.get("unit_of_measure"):
            out["unit_of_measure"] = "%"  # "12 %" says the unit
        return out

    def owner(self, cells: dict[str, Any], field: str = "owner") -> OwnerText | None:
        name = _text(cells.get(field))
        email = _text(cells.get("owner_email")) if field == "owner" else ""
        return OwnerText(name, email) if name or email else None

    def remember_title(self, kind: str, title: str, uid: str) -> None:
        self.titles.setdefault((kind, fold(title)), []).append(uid)

    def reference(self, kind: str, raw: Any) -> str | RefText | None:
        """A Parent or Aligned to cell: an id of the file, a UUID, a title in the file…"""
        text = _text(raw)
        if not text:
            return None
        uid = self.ids.known(text)
        if uid is not None:
            return uid
        found = self.titles.get((kind, fold(text)), [])
        if len(found) == 1:
            return found[0]
        return RefText(text)


# ---- the flat table -----------------------------------------------------------------------
def _flat_rows(r: _Reader) -> list[tuple[int, str, str, dict[str, Any], str]]:
    """Pass one: (line, kind, uid, cells, level) of every row that names its type."""
    out = []
    seen: dict[str, int] = {}
    for row, line in zip(r.table.rows, r.table.lines, strict=True):
        cells = r.cells(row)
        if not cells:
            continue
        kind, level = _type_of(cells.get("type", ""))
        if kind is None:
            word = shown(_text(cells.get("type", "")))
            reason = f"“{word}” is not a type" if word else "The row has no type"
            r.problem(
                line, f"{reason}: write Unit, Objective or Key result. The row is left out.", "type"
            )
            continue
        raw_id = _text(cells.get("id"))
        uid = r.ids.uid(raw_id) if raw_id else r.new_key(f"row {line}")
        if uid in seen:
            r.problem(
                line,
                f"The id “{shown(raw_id)}” is also used in row {seen[uid]}. The row is left out.",
                "id",
            )
            continue
        seen[uid] = line
        if not _text(cells.get("title")):
            r.problem(line, "The title is empty.", "title", "warning")
        r.remember_title(kind, _text(cells.get("title")), uid)
        out.append((line, kind, uid, cells, level))
    return out


def _read_flat(r: _Reader) -> None:
    above: dict[str, str] = {}  # kind -> uid of the nearest row above
    for line, kind, uid, cells, level in _flat_rows(r):
        values = r.values(kind, cells, line)
        title = _raw_text(cells.get("title"))
        if kind == "unit":
            values["name"] = title
            if level and not values.get("level"):
                values["level"] = level
        else:
            values["title"] = title
            owner = r.owner(cells)
            if owner is not None:
                values["owner"] = owner
        parent = r.reference(PARENT_KIND[kind], cells.get("parent"))
        if parent is None and "parent" not in cells and kind != "unit":
            parent = above.get(PARENT_KIND[kind])
        if kind == "key_result" and parent is None:
            r.problem(
                line,
                "The key result names no objective (Parent), and no objective is above it. "
                "The row is left out.",
                "parent",
            )
            continue
        values["parent"] = parent
        if kind == "objective":
            values["aligned_to"] = r.reference("key_result", cells.get("aligned_to"))
        r.side.add(Item(kind, uid, values, line))
        above[kind] = uid


# ---- the wide sheet -------------------------------------------------------------------------
def _read_wide(r: _Reader) -> None:
    unit_fields = [f for f in r.mapping if f is not None and f.startswith("unit:")]
    last: dict[str, Any] = {}
    units: dict[tuple[str, ...], str] = {}
    objectives: dict[tuple[str, ...], str] = {}
    for row, line in zip(r.table.rows, r.table.lines, strict=True):
        cells = r.cells(row)
        if not cells:
            continue
        for name in (*unit_fields, "objective"):
            if not _blank(cells.get(name)):
                last[name] = cells[name]
                # a new unit or objective starts its own column's values below it
                below = unit_fields[unit_fields.index(name) + 1 :] if name in unit_fields else []
                for other in (*below, "objective"):
                    if other != name and other not in cells:
                        last.pop(other, None)
        path: tuple[str, ...] = ()
        parent: str | None = None
        for name in unit_fields:
            if _blank(last.get(name)):
                continue
            title = _text(last[name])
            path = (*path, fold(title))
            if path not in units:
                units[path] = r.new_key(f"unit {path!r}")
                values = {"name": title, "level": name.split(":", 1)[1], "parent": parent}
                r.side.add(Item("unit", units[path], values, line))
            parent = units[path]
        _wide_items(r, cells, last, line, path, parent, objectives)


def _wide_items(
    r: _Reader,
    cells: dict[str, Any],
    last: dict[str, Any],
    line: int,
    path: tuple[str, ...],
    unit: str | None,
    objectives: dict[tuple[str, ...], str],
) -> None:
    title = _text(last.get("objective"))
    if not title:
        if _text(cells.get("key_result")):
            r.problem(line, "The key result has no objective. The row is left out.", "objective")
        return
    key = (*path, "\x00", fold(title))
    if key not in objectives:
        objectives[key] = r.new_key(f"objective {key!r}")
        values = r.values("objective", cells, line)
        values.update(title=title, parent=unit, aligned_to=None)
        owner = r.owner(cells, "objective_owner")
        if owner is None and not _text(cells.get("key_result")):
            owner = r.owner(cells)
        if owner is not None:
            values["owner"] = owner
        r.side.add(Item("objective", objectives[key], values, line))
    kr_title = _text(cells.get("key_result"))
    if not kr_title:
        return
    values = r.values("key_result", cells, line)
    values.update(title=kr_title, parent=objectives[key])
    owner = r.owner(cells, "key_result_owner") or r.owner(cells)
    if owner is not None:
        values["owner"] = owner
    r.side.add(Item("key_result", r.new_key(f"kr {line}"), values, line))


def read_table(
    table: RawTable,
    mapping: tuple[str | None, ...],
    *,
    source: str,
    format: str,
    locale: str,
    problems: list[Problem] | None = None,
) -> Incoming:
    """Read ``table`` with ``mapping`` (a field per column, see ``columns.guess_mapping``)."""
    r = _Reader(table, mapping, locale)
    r.problems.extend(problems or [])
    fields = set(mapping)
    if "type" in fields:
        _read_flat(r)
    elif fields & {"objective", "key_result"}:
        _read_wide(r)
    else:
        r.problems.append(
            Problem(
                "No column says which rows are objectives and which are key results: add a "
                "Type column (Unit, Objective, Key result), or name the columns Objective "
                "and Key result.",
                table.header_line,
            )
        )
    return Incoming(
        source=source,
        format=format,
        side=r.side,
        problems=r.problems,
        table=table,
        mapping=mapping,
        number_locale=locale,
        made_up=r.ids.generated,
    )
