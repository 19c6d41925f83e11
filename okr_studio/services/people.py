"""Services for people (owners), workshop details and accepted coach findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from okr_studio.errors import EditRefused
from okr_studio.events import Change
from okr_studio.services._common import INFO_FIELDS, PERSON_FIELDS, clean
from okr_studio.services._tx import Recorder, run, text_value
from okr_studio.store import Workshop


def add_person(ws: Workshop, name: str, role: str = "", email: str = "") -> Change:
    values = clean({"name": name, "role": role, "email": email}, PERSON_FIELDS)

    def body(rec: Recorder) -> tuple[str, int]:
        return ("person", rec.insert("person", values))

    return run(ws, "Add person", body)


def update_person(ws: Workshop, person_id: int, **fields: Any) -> Change:
    values = clean(fields, PERSON_FIELDS)

    def body(rec: Recorder) -> tuple[str, int]:
        rec.update("person", person_id, values)
        return ("person", person_id)

    return run(ws, "Edit person", body)


def delete_person(ws: Workshop, person_id: int) -> Change:
    """Remove a person; what they owned (actions too) keeps its place with no owner (their check-ins
    stay, saying nobody)."""

    def body(rec: Recorder) -> None:
        rec.need("person", person_id)
        links = (
            ("objective", "owner_id"),
            ("key_result", "owner_id"),
            ("initiative", "owner_id"),
            ("check_in", "person_id"),
            ("note", "owner_id"),
        )
        for table, column in links:
            for row in rec.select(
                f"SELECT id FROM {table} WHERE {column} = :p ORDER BY id",  # noqa: S608
                p=person_id,
            ):
                rec.update(table, row["id"], {column: None})
        rec.delete("person", person_id)

    return run(ws, "Delete person", body)


def update_info(ws: Workshop, **fields: Any) -> Change:
    """Edit the workshop's name, cycle, date, cycle start/end, facilitator, notes or language."""
    values = clean(fields, INFO_FIELDS)

    def body(rec: Recorder) -> tuple[str, int]:
        if rec.get("workshop", 1) is None:
            rec.insert("workshop", {"id": 1})
        rec.update("workshop", 1, values)
        return ("workshop", 1)

    return run(ws, "Edit workshop details", body)


def accept_finding(
    ws: Workshop,
    code: str,
    item_kind: str,
    item_id: int,
    reason: str,
    *,
    accepted_at: str | None = None,
) -> Change:
    """Record that the room accepted a coach finding on purpose, and why.

    ``accepted_at`` (ISO 8601) defaults to now; the sample workshop passes a fixed time.
    """
    reason = text_value(reason, "reason")
    if not code or not item_kind:
        raise EditRefused("That finding cannot be accepted.")

    def body(rec: Recorder) -> tuple[str, int]:
        for row in rec.select(
            "SELECT id FROM accepted_finding WHERE code = :c AND item_kind = :k AND item_id = :i",
            c=code,
            k=item_kind,
            i=item_id,
        ):
            rec.update("accepted_finding", row["id"], {"reason": reason})
            return ("accepted_finding", row["id"])
        now = accepted_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        row_id = rec.insert(
            "accepted_finding",
            {
                "code": code,
                "item_kind": item_kind,
                "item_id": item_id,
                "reason": reason,
                "accepted_at": now,
            },
        )
        return ("accepted_finding", row_id)

    return run(ws, "Accept finding", body)


def reopen_finding(ws: Workshop, accepted_id: int) -> Change:
    def body(rec: Recorder) -> None:
        rec.delete("accepted_finding", accepted_id)

    return run(ws, "Reopen finding", body)
