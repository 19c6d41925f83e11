"""Every change to a workshop goes through these functions.

Each call is one SQLite transaction, emits one change event, and returns the
:class:`~okr_studio.events.Change` that :func:`undo` and :func:`redo` replay.
"""

from okr_studio.services._tx import apply, redo, undo
from okr_studio.services.imports import apply_plan
from okr_studio.services.okrs import (
    CASCADE_MAX_KRS,
    add_key_result,
    add_key_results,
    add_objective,
    add_objectives,
    align_objective,
    cascade,
    delete_key_result,
    delete_objective,
    move_key_result,
    move_objective,
    update_key_result,
    update_objective,
)
from okr_studio.services.people import (
    accept_finding,
    add_person,
    delete_person,
    reopen_finding,
    update_info,
    update_person,
)
from okr_studio.services.review import (
    add_check_in,
    add_initiative,
    delete_check_in,
    delete_initiative,
    move_initiative,
    new_row_id,
    review_key_result,
    review_objective,
    update_check_in,
    update_initiative,
)
from okr_studio.services.units import (
    add_unit,
    delete_items,
    delete_unit,
    move_unit,
    rename_unit,
    update_unit,
)

__all__ = [
    "CASCADE_MAX_KRS",
    "accept_finding",
    "add_check_in",
    "add_initiative",
    "add_key_result",
    "add_key_results",
    "add_objective",
    "add_objectives",
    "add_person",
    "add_unit",
    "align_objective",
    "apply",
    "apply_plan",
    "cascade",
    "delete_check_in",
    "delete_initiative",
    "delete_items",
    "delete_key_result",
    "delete_objective",
    "delete_person",
    "delete_unit",
    "move_initiative",
    "move_key_result",
    "move_objective",
    "move_unit",
    "new_row_id",
    "redo",
    "rename_unit",
    "reopen_finding",
    "review_key_result",
    "review_objective",
    "undo",
    "update_check_in",
    "update_info",
    "update_initiative",
    "update_key_result",
    "update_objective",
    "update_person",
    "update_unit",
]
