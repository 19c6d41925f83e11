"""File → Start Next Cycle…: a new workshop file that starts from this cycle's review.

The window says what comes along (the objectives decided keep or change, with their
key results, whose new baselines are the last actual values) and what stays behind
(dropped, and not decided yet), asks where to save the new file, writes it whole with
:func:`okr_studio.next_cycle.write_next_cycle` and opens it. The file open now is not
changed and stays in Open Recent.

The questions go through :mod:`ui.dialogs` and :mod:`ui.prompts` with the main window
as their parent: they open on the facilitator's screen (the console), and tests answer
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from okr_studio.data import WorkshopData
from okr_studio.errors import OkrError
from okr_studio.next_cycle import NextCycle, plan_next_cycle, write_next_cycle
from okr_studio.vocab import Decision
from ui import dialogs, prompts, recent

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("NextCycle", text)


def summary(data: WorkshopData, plan: NextCycle) -> tuple[str, str]:
    """The question and its detail: the new cycle, what comes along, what stays behind."""
    info = plan.data.info
    decided = [o.decision for o in data.objectives.values()]
    keep, change = decided.count(Decision.KEEP.value), decided.count(Decision.CHANGE.value)
    dropped = decided.count(Decision.DROP.value)
    cycle = info.cycle or _tr("the next cycle")
    question = _tr("Start {cycle} from this review?").format(cycle=cycle)
    lines = [
        _tr(
            "{keep} objectives to keep (as they are) and {change} to change (as drafts) come "
            "along with their {krs} key results; each key result starts from its last "
            "actual value."
        ).format(keep=keep, change=change, krs=len(plan.data.key_results)),
        _tr("{dropped} objectives decided “drop” stay behind.").format(dropped=dropped),
    ]
    if plan.undecided:
        names = [t or _tr("(untitled)") for _i, t, d in plan.left_behind if not d][:6]
        lines.append(
            _tr(
                "{count} objectives have no decision yet and stay behind too: {names}. "
                "Decide keep, change or drop in the inspector first to bring them along."
            ).format(count=plan.undecided, names="; ".join(names))
        )
    if info.cycle_start and info.cycle_end:
        lines.append(
            _tr("The new cycle runs from {start} to {end}.").format(
                start=info.cycle_start.isoformat(), end=info.cycle_end.isoformat()
            )
        )
    lines.append(_tr("This file is not changed."))
    return question, "\n\n".join(lines)


def suggested_name(window: MainWindow, plan: NextCycle) -> str:
    doc = window.document
    stem = plan.data.info.name or (doc.path.stem if doc is not None else "Workshop")
    if doc is not None and stem == doc.path.stem:
        stem = _tr("{name} next cycle").format(name=stem)
    return f"{stem}.okr"


def start_next_cycle(window: MainWindow) -> Path | None:
    """Ask, write the next cycle's file and open it; its path, or None when nothing was
    written (cancelled, or refused with the reason shown)."""
    doc = window.document
    if doc is None:
        return None
    window.inspector.flush()
    plan = plan_next_cycle(doc.data)
    question, detail = summary(doc.data, plan)
    if not dialogs.confirm(
        window, _tr("Start Next Cycle"), question, detail=detail, ok_text=_tr("Choose File…")
    ):
        return None
    path = prompts.ask_save_path(
        window, _tr("Save the next cycle as"), suggested_name(window, plan)
    )
    if path is None:
        return None
    if path.exists() and _same(path, doc.path):
        dialogs.show_error(window, _tr("The next cycle needs a new file; this one stays as it is."))
        return None
    try:
        write_next_cycle(doc.data, path)
    except OkrError as exc:
        dialogs.show_error(window, exc, title=_tr("Start Next Cycle"))
        return None
    old = doc.path
    recent.add_recent(old)
    if window.open_path(path):
        window.status.showMessage(
            _tr("Started {cycle} in “{new}”; “{old}” is unchanged (File → Open Recent).").format(
                cycle=plan.data.info.cycle or _tr("the next cycle"), new=path.name, old=old.name
            ),
            15000,
        )
    return path


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False
