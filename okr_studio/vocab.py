"""The words of a .okr file that every layer shares, without any database import.

Constants of the file format and the fixed choices of the model. Kept apart from
:mod:`okr_studio.model` so that the app, the services and the PDF export can use
them without loading SQLModel (the tables are only needed by tests and tools).
"""

from __future__ import annotations

from enum import StrEnum

#: ``PRAGMA application_id`` of a .okr file: "OKRS" in ASCII.
APPLICATION_ID = 0x4F4B5253
#: ``PRAGMA user_version`` written by this version of the app.
SCHEMA_VERSION = 2


def new_uid() -> str:
    """A new stable id: a random UUID as lower-case text (``"3f2b…-…"``, 36 characters).

    Every workshop, person, unit, objective and key result has one (column ``uid``). It
    never changes: Save As, undo/redo and export → import keep it, and merges match on it.
    """
    import uuid  # here, not at the top: it costs start-up time and is needed only to write

    return str(uuid.uuid4())


def is_uid(value: object) -> bool:
    """True for text written the way :func:`new_uid` writes it."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    import uuid

    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    KEEP_ABOVE = "keep_above"
    KEEP_BELOW = "keep_below"
    MILESTONE = "milestone"

    @property
    def label(self) -> str:
        return {
            "increase": "Increase",
            "decrease": "Decrease",
            "keep_above": "Keep above",
            "keep_below": "Keep below",
            "milestone": "Milestone",
        }[self.value]


class WorkType(StrEnum):
    FEATURE = "feature"
    TECHNICAL_DEBT = "technical_debt"
    DEFECT = "defect"
    RISK = "risk"

    @property
    def label(self) -> str:
        return {
            "feature": "Feature",
            "technical_debt": "Technical debt",
            "defect": "Defect",
            "risk": "Risk",
        }[self.value]


class Status(StrEnum):
    DRAFT = "draft"
    AGREED = "agreed"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "agreed": "Agreed"}[self.value]


class Language(StrEnum):
    """The language a workshop is written in (the coach reads its wording by it)."""

    SYSTEM = ""  # follow the system's locale
    ENGLISH = "en"
    GERMAN = "de"

    @property
    def label(self) -> str:
        # Each language is named in itself, as language menus do.
        return {"": "Follow the system", "en": "English", "de": "Deutsch"}[self.value]


class Decision(StrEnum):
    """What the review decides for an objective in the next cycle."""

    NONE = ""  # not decided yet
    KEEP = "keep"  # carried into the next cycle as it is
    CHANGE = "change"  # carried into the next cycle, to be reworded there
    DROP = "drop"  # stays behind

    @property
    def label(self) -> str:
        return {"": "Not decided", "keep": "Keep", "change": "Change", "drop": "Drop"}[self.value]


class InitiativeState(StrEnum):
    """Where an initiative (an epic or a bet meant to move a key result) stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return {
            "planned": "Planned",
            "in_progress": "In progress",
            "done": "Done",
            "stopped": "Stopped",
        }[self.value]


class NoteKind(StrEnum):
    """What a note of the parking lot and decision log is."""

    QUESTION = "question"
    PARKED = "parked"
    DECISION = "decision"
    ACTION = "action"

    @property
    def label(self) -> str:
        return {
            "question": "Question",
            "parked": "Parked topic",
            "decision": "Decision",
            "action": "Action",
        }[self.value]


class NoteStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": "Open", "closed": "Closed"}[self.value]


class AgendaState(StrEnum):
    """Where an agenda item is in the workshop: still to come, the current one, or done."""

    WAITING = "waiting"
    CURRENT = "current"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"waiting": "To come", "current": "Now", "done": "Done"}[self.value]
