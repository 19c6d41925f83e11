"""What the cascade wizard holds before Finish: nothing of it is in the file yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QLocale

from okr_studio.data import WorkshopData, name_key
from okr_studio.services import CASCADE_MAX_KRS
from ui.wizard.common import BadValue, parse_date, parse_number

#: The key result editor's columns: (field, header).
KR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "Key result"),
    ("metric", "Metric"),
    ("baseline", "Baseline"),
    ("target", "Target"),
    ("unit_of_measure", "Unit"),
    ("owner_name", "Owner"),
    ("direction", "Direction"),
    ("due_date", "Due date"),
    ("work_type", "Work type"),
)
KR_FIELDS: tuple[str, ...] = tuple(name for name, _ in KR_COLUMNS)
#: Fields whose text makes a row count as a key result (choices and dates have defaults).
CONTENT_FIELDS = ("title", "metric", "baseline", "target", "unit_of_measure", "owner_name")
_NUMBER_WORDS = {"baseline": "baseline", "target": "target"}


def row_has_content(row: dict[str, str]) -> bool:
    return any(row.get(name, "").strip() for name in CONTENT_FIELDS)


@dataclass
class Draft:
    """The team, objective and key results as typed (text), with the parent key result."""

    parent_kr_id: int
    unit_id: int | None = None
    new_team_name: str | None = None  # set when the team is created on the spot
    new_team_parent_id: int | None = None
    new_team_level: str = "team"
    objective: dict[str, str] = field(default_factory=dict)
    #: One dict of text per row of the editor, including empty rows.
    rows: list[dict[str, str]] = field(default_factory=list)

    # ---- the team ---------------------------------------------------------------------
    @property
    def new_unit(self) -> dict[str, Any] | None:
        if self.new_team_name is None:
            return None
        return {
            "name": self.new_team_name,
            "level": self.new_team_level,
            "parent_id": self.new_team_parent_id,
        }

    def team_id(self) -> int:
        """The team's id in the preview of the cascade: -1 for a team made on the spot
        (also while no team is chosen, which the first page does not let pass)."""
        if self.new_unit is not None or self.unit_id is None:
            return -1
        return self.unit_id

    def team_reason(self) -> str:
        """Why the first page cannot go on ("" when it can)."""
        if self.new_team_name is not None:
            if not self.new_team_name.strip():
                return "Name the new team to go on."
            return ""
        if self.unit_id is None:
            return "Choose the team that takes on this key result."
        return ""

    # ---- key results --------------------------------------------------------------------
    def filled_rows(self) -> list[tuple[int, dict[str, str]]]:
        """(row number from 1, values) of the rows that hold a key result."""
        return [(i + 1, r) for i, r in enumerate(self.rows) if row_has_content(r)]

    def kr_reasons(self, locale: QLocale | None = None) -> list[str]:
        """Why the key results page cannot go on: more than 5 rows, or unreadable values.

        Fewer than 3 key results do not stop the cascade (real teams start that way);
        the coach's hint on the check page says so.
        """
        reasons: list[str] = []
        filled = self.filled_rows()
        for number, row in filled:
            for name, word in _NUMBER_WORDS.items():
                text = row.get(name, "")
                try:
                    parse_number(text, locale)
                except BadValue:
                    reasons.append(f"Row {number}: the {word} “{_short(text)}” is not a number.")
            try:
                parse_date(row.get("due_date", ""), locale)
            except BadValue:
                text = row.get("due_date", "")
                reasons.append(
                    f"Row {number}: the due date “{_short(text)}” is not a date "
                    "(write it like 2027-03-31)."
                )
        n = len(filled)
        if n > CASCADE_MAX_KRS:
            extra = n - CASCADE_MAX_KRS
            reasons.append(
                f"A team objective takes at most {CASCADE_MAX_KRS} key results; "
                f"remove {extra} (there are {n})."
            )
        return reasons

    def key_result_values(self, locale: QLocale | None = None) -> list[dict[str, Any]]:
        """The filled rows as the cascade service takes them; raises BadValue if unreadable."""
        out = []
        for _number, row in self.filled_rows():
            out.append(row_values(row, locale))
        return out

    def objective_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": self.objective.get("title", ""),
            "problem": self.objective.get("problem", ""),
            "behaviour_change": self.objective.get("behaviour_change", ""),
            "success_measure": self.objective.get("success_measure", ""),
        }
        owner = self.objective.get("owner_name", "")
        values["owner_name"] = owner
        return values

    def new_people(self, data: WorkshopData, locale: QLocale | None = None) -> list[str]:
        """Names the cascade would add as people (owners not in the workshop yet)."""
        known = {name_key(p.name) for p in data.people.values()}
        names = [self.objective.get("owner_name", "")]
        names += [row.get("owner_name", "") for _n, row in self.filled_rows()]
        out: list[str] = []
        for name in names:
            wanted = name.strip()
            if wanted and name_key(wanted) not in known:
                known.add(name_key(wanted))
                out.append(wanted)
        return out


def row_values(row: dict[str, str], locale: QLocale | None = None) -> dict[str, Any]:
    """One editor row as the cascade service takes it (numbers and dates read)."""
    due: dt.date | None = parse_date(row.get("due_date", ""), locale)
    return {
        "title": row.get("title", ""),
        "metric": row.get("metric", ""),
        "baseline": parse_number(row.get("baseline", ""), locale),
        "target": parse_number(row.get("target", ""), locale),
        "unit_of_measure": row.get("unit_of_measure", ""),
        "direction": row.get("direction", "") or "increase",
        "due_date": due,
        "owner_name": row.get("owner_name", ""),
        "work_type": row.get("work_type", "") or "feature",
    }


def lenient_row_values(row: dict[str, str], locale: QLocale | None = None) -> dict[str, Any]:
    """Like :func:`row_values`, but an unreadable number or date counts as not given."""
    values: dict[str, Any] = dict(row)
    for name in ("baseline", "target"):
        try:
            values[name] = parse_number(row.get(name, ""), locale)
        except BadValue:
            values[name] = None
    try:
        values["due_date"] = parse_date(row.get("due_date", ""), locale)
    except BadValue:
        values["due_date"] = None
    values.setdefault("direction", "increase")
    values.setdefault("work_type", "feature")
    return values


def _short(text: str, limit: int = 30) -> str:
    single = " ".join(text.split())
    return single if len(single) <= limit else single[: limit - 1] + "…"
