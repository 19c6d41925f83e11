"""The JSON exchange file: a whole workshop, field for field, with its base.

Layout (the JSON Schema in docs/exchange.schema.json is generated from the
models in :mod:`okr_studio.model`)::

    {"format": "okr-studio-workshop", "version": 1, "exported_at": "…",
     "workshop": {...}, "people": [...], "units": [...], "objectives": [...],
     "key_results": [...], "accepted_findings": [...], "agenda": [...], "notes": [...],
     "base": {the same lists, as exported: leave it as it is}}

Every entry is validated through its model; an entry that does not pass is
left out with a problem naming it ("objectives entry 4, baseline: …"). A file
of a newer format version, or with a field this version does not know, is
refused whole: guessing could lose what the newer version meant.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from okr_studio.data import WorkshopData
from okr_studio.exchange.incoming import IdMap, Incoming, OwnerText, RefText
from okr_studio.exchange.items import (
    REFERENCE_KIND,
    WORKSHOP_KEY,
    Item,
    Side,
    finding_key,
    side_from_workshop,
)
from okr_studio.exchange.problems import ExchangeFileError, Problem, shown

#: ``list name in the file -> kind``, in the order they are read.
LISTS: dict[str, str] = {
    "people": "person",
    "units": "unit",
    "objectives": "objective",
    "key_results": "key_result",
    "check_ins": "check_in",
    "initiatives": "initiative",
    "accepted_findings": "accepted_finding",
    "agenda": "agenda_item",
    "notes": "note",
}


# ---- writing -----------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (OwnerText, RefText)):
        return str(value)
    return value


def content_of(side: Side) -> dict[str, Any]:
    """A side as the JSON content: the workshop, then one list per kind, in order."""
    out: dict[str, Any] = {}
    info = side.workshop
    if info is not None:
        out["workshop"] = {"id": side.workshop_id, **{k: _plain(v) for k, v in info.values.items()}}
    for name, kind in LISTS.items():
        rows = []
        for item in side.of_kind(kind):
            values = {k: _plain(v) for k, v in item.values.items()}
            rows.append(values if kind == "accepted_finding" else {"id": item.key, **values})
        out[name] = rows
    return out


def workshop_json(data: WorkshopData, *, exported_at: str | None = None) -> bytes:
    """The whole workshop as the JSON exchange file (its base included), UTF-8."""
    from okr_studio.model import EXCHANGE_FORMAT, EXCHANGE_VERSION

    content = content_of(side_from_workshop(data))
    when = exported_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    document = {
        "format": EXCHANGE_FORMAT,
        "version": EXCHANGE_VERSION,
        "exported_at": when,
        **content,
        "base": content,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def write_json(data: WorkshopData, path: Path | str) -> None:
    """Write the workshop as a JSON exchange file, whole or not at all."""
    from okr_studio.safewrite import write_bytes

    write_bytes(path, workshop_json(data))


# ---- reading ------------------------------------------------------------------------------
def _pydantic_reason(error: Mapping[str, Any]) -> tuple[str, str]:
    """(field, plain reason) of one pydantic error."""
    name = ".".join(str(p) for p in error.get("loc", ()) if not isinstance(p, int))
    kind = error.get("type", "")
    value = error.get("input")
    if kind == "extra_forbidden":
        return name, f"“{name}” is not a field OKR Studio knows."
    if kind in ("enum", "literal_error"):
        allowed = error.get("ctx", {}).get("expected", "")
        return name, f"“{shown(value)}” is not one of {allowed}."
    if "finite" in kind or "float" in kind or "int" in kind:
        return name, f"the {name.replace('_', ' ')} must be a finite number, not “{shown(value)}”."
    if "date" in kind:
        return name, f"the {name.replace('_', ' ')} must be a date like 2027-03-31."
    if kind in ("greater_than_equal", "less_than_equal"):
        return name, f"the {name.replace('_', ' ')} must be between 0 and 1."
    if kind == "missing":
        return name, f"the entry has no “{name}”."
    if kind == "string_too_short":
        return name, f"the “{name}” is empty."
    return name, f"the {name.replace('_', ' ') or 'entry'} is not valid ({error.get('msg', '')})."


def _reference(raw: Any, ids: IdMap) -> str | RefText | None:
    """A stable id for a reference: one the file defines or a UUID; else the text."""
    if raw is None or raw == "":
        return None
    uid = ids.known(str(raw))
    return uid if uid is not None else RefText(str(raw))


def _refuse_unknown(obj: dict[str, Any], allowed: set[str], where: str, path: str) -> None:
    for key in obj:
        if key not in allowed:
            raise ExchangeFileError(
                path,
                f"has a field OKR Studio does not know: “{shown(key)}”{where}. It may come "
                "from a newer version of OKR Studio or another program; remove the field, "
                "or import the file with a newer version.",
            )


def side_from_content(
    content: dict[str, Any],
    ids: IdMap,
    problems: list[Problem] | None,
    *,
    source: str = "",
) -> Side:
    """The items of a JSON content object, validated entry by entry.

    ``problems`` collects the entries left out (None: the content is our own base,
    and a damaged entry there is simply skipped).
    """
    from okr_studio.model import EXCHANGE_ROWS

    side = Side()
    info = content.get("workshop")
    if isinstance(info, dict):
        _refuse_unknown(info, set(EXCHANGE_ROWS["workshop"].model_fields), " (workshop)", source)
        row = _validate("workshop", info, 1, "workshop", problems)
        if row is not None:
            side.workshop_id = ids.known(row.pop("id")) or ""
            side.add(Item("workshop", WORKSHOP_KEY, row))
    for name, kind in LISTS.items():
        entries = content.get(name) or []
        if not isinstance(entries, list):
            raise ExchangeFileError(source, f"has “{name}” that is not a list of entries.")
        known = set(EXCHANGE_ROWS[kind].model_fields)
        for index, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                _problem(problems, f"{name} entry", index, "", "the entry is not an object.")
                continue
            _refuse_unknown(entry, known, f" ({name} entry {index})", source)
            _add_entry(side, kind, name, index, entry, ids, problems)
    _link(side, ids)
    return side


def _problem(problems: list[Problem] | None, unit: str, line: int, column: str, text: str) -> None:
    if problems is not None:
        message = f"{text[:1].upper()}{text[1:]} The entry is left out."
        problems.append(Problem(message, line, unit=unit, column=column))


def _validate(
    kind: str, entry: dict[str, Any], index: int, unit: str, problems: list[Problem] | None
) -> dict[str, Any] | None:
    from pydantic import ValidationError

    from okr_studio.model import EXCHANGE_ROWS

    try:
        row = EXCHANGE_ROWS[kind].model_validate(entry)
    except ValidationError as exc:
        column, reason = _pydantic_reason(exc.errors()[0])
        _problem(problems, unit, index, column, reason)
        return None
    return row.model_dump(mode="python")


def _add_entry(
    side: Side,
    kind: str,
    name: str,
    index: int,
    entry: dict[str, Any],
    ids: IdMap,
    problems: list[Problem] | None,
) -> None:
    row = _validate(kind, entry, index, f"{name} entry", problems)
    if row is None:
        return
    values = {k: (v.value if isinstance(v, Enum) else v) for k, v in row.items()}
    if kind == "accepted_finding":
        values["item"] = ids.known(values["item"]) or values["item"]
        key = finding_key(values["code"], values["item_type"], values["item"])
    else:
        key = ids.uid(values.pop("id"))
    if kind == "note" and values.get("item_uid"):  # an item of the file named by its id
        values["item_uid"] = ids.known(values["item_uid"]) or values["item_uid"]
    if (kind, key) in side:
        _problem(problems, f"{name} entry", index, "id", f"the id “{shown(key)}” is used twice.")
        return
    side.add(Item(kind, key, values, line=index))


def _link(side: Side, ids: IdMap) -> None:
    """Turn the references of every item into stable ids (or RefText for unknown ones)."""
    for ref, item in list(side.items.items()):
        changed: dict[str, Any] = {}
        for (kind, name), _target in REFERENCE_KIND.items():
            if kind == item.kind and name in item.values:
                changed[name] = _reference(item.values[name], ids)
        if changed:
            side.items[ref] = item.with_values(**changed)


def _decode(raw: bytes, source: str) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeFileError(source, "is not a JSON file in UTF-8.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeFileError(
            source,
            f"is not a readable JSON file (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
        ) from None
    except RecursionError:
        raise ExchangeFileError(source, "is nested too deeply to be a workshop.") from None


def read_json_bytes(raw: bytes, source: str = "pasted text") -> Incoming:
    """Read a JSON exchange file's bytes (see the module notes for what is refused)."""
    from okr_studio.model import EXCHANGE_FORMAT, EXCHANGE_VERSION, ExchangeFile

    document = _decode(raw, source)
    if not isinstance(document, dict) or document.get("format") != EXCHANGE_FORMAT:
        raise ExchangeFileError(
            source,
            "is a JSON file, but not a workshop exported by OKR Studio (it has no "
            f"“format”: “{EXCHANGE_FORMAT}”).",
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ExchangeFileError(source, "has no valid format “version”.")
    if version > EXCHANGE_VERSION:
        raise ExchangeFileError(
            source,
            f"was written by a newer version of OKR Studio (format version {version}; this "
            f"version reads up to {EXCHANGE_VERSION}). Import it with a newer version.",
        )
    _refuse_unknown(document, set(ExchangeFile.model_fields), "", source)
    ids = IdMap()
    problems: list[Problem] = []
    side = side_from_content(document, ids, problems, source=source)
    base = _base(document.get("base"), ids, source)
    return Incoming(
        source=source,
        format="json",
        side=side,
        base=base,
        problems=problems,
        made_up=ids.generated,
    )


def _base(content: Any, ids: IdMap, source: str) -> Side | None:
    if not isinstance(content, dict):
        return None
    return side_from_content(content, ids, None, source=source)


def read_json(path: Path | str, read: Callable[[Path | str], bytes] | None = None) -> Incoming:
    from okr_studio.exchange.sources import read_limited

    path = Path(path)
    return read_json_bytes((read or read_limited)(path), path.name)
