"""Bad files in the app: each shown in a dialog that names the file and says why.

For every case of the core's corpus (tests/core/badfiles.py), opened from the
File menu, for editing and read-only: exactly one error dialog, naming the file
and giving a reason in plain words; no document opened; the window still opens
a good file afterwards; the bad file (and everything beside it) is unchanged,
with no journal, temporary or lock file left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core import badfiles
from tests.ui.faults_env import listing, small_workshop

#: Words that mean a message was written for a programmer, not a facilitator.
JARGON = ("traceback", "errno", "operationalerror", "sqlite3.", "pragma", "exception", "btree")

CASES = list(badfiles.CASES)


@pytest.mark.parametrize("read_only", [False, True], ids=["edit", "read-only"])
@pytest.mark.parametrize("case", CASES)
def test_a_bad_file_is_refused_in_a_dialog_and_left_alone(
    window, answers, tmp_path, case, read_only
):
    if case == "unreadable" and not badfiles.cannot_read_unreadable(tmp_path):
        pytest.skip("running as root: a file without read permission can still be read")
    bad = badfiles.build_case(case, tmp_path / "corpus")
    before = listing(bad.path.parent)

    answers.add("show_error", None)
    if read_only:
        assert not window.open_path(bad.path, read_only=True)
    else:
        answers.add("ask_open_path", bad.path)
        window.acts.open.trigger()

    assert window.document is None
    assert window.stack.currentWidget() is window.welcome
    [(_name, args, kwargs)] = [c for c in answers.calls if c[0] == "show_error"]
    assert args[0] is window  # the dialog belongs to the window
    error = args[1]
    assert isinstance(error, bad.error), f"{case}: {type(error).__name__}: {error}"
    message = str(error)
    assert bad.path.name in message
    reason = message.replace(f"“{bad.path.name}”", "")
    assert len(reason.split()) >= 4, message
    assert not [w for w in JARGON if w in message.lower()], message
    assert kwargs.get("title") == "Cannot open workshop"
    # Untouched: same bytes, same times, nothing new beside it.
    assert listing(bad.path.parent) == before

    # The window is still usable: a good file opens for editing.
    good = small_workshop(tmp_path / "good.okr")
    assert window.open_path(good)
    assert window.document is not None and not window.document.read_only
    assert window.windowTitle().startswith("good.okr")
    assert len(window.document.data.key_results) == 2
    window.close_workshop()
    assert listing(bad.path.parent) == before


def test_the_corpus_is_complete():
    """Every kind of bad file the issue names is in the corpus this suite runs."""
    needed = {
        "empty", "random-bytes", "text-file", "png-image", "truncated-100", "truncated-half",
        "header-magic", "corrupt-middle-page", "other-program-database", "future-version",
        "missing-table", "extra-trigger", "extra-view", "directory", "unreadable", "symlink-loop",
    }  # fmt: skip
    assert needed <= set(CASES)


def test_a_bad_file_while_another_is_open_keeps_the_open_one(window, answers, tmp_path):
    good = small_workshop(tmp_path / "open.okr")
    assert window.open_path(good)
    doc = window.document
    bad = badfiles.build_case("truncated-half", tmp_path / "corpus")
    answers.add("show_error", None)
    assert not window.open_path(bad.path)
    assert window.document is doc  # the open workshop stays, still editable
    obj = next(iter(doc.data.objectives))
    from okr_studio import services

    doc.execute(lambda ws: services.update_objective(ws, obj, title="Still editing"))
    assert doc.workshop.snapshot().objectives[obj].title == "Still editing"
    assert "truncated-half.okr" in answers.texts("show_error")[0]


STARTING_APP = """
import json, sys
from pathlib import Path
from ui import dialogs

seen = []

def show_error(parent, error, **kwargs):
    seen.append([parent.windowTitle(), parent.document is None, str(error), kwargs.get("title")])

dialogs.show_error = show_error
from ui.app import run_app

code = run_app(Path(sys.argv[1]))
print(json.dumps({"code": code, "seen": seen}))
"""


def test_starting_the_app_on_a_damaged_file_shows_why_and_the_welcome_page(tmp_path):
    """``okr-studio damaged.okr`` (in its own process): the same dialog, then the app runs."""
    bad = badfiles.build_case("truncated-half", tmp_path / "corpus")
    before = listing(bad.path.parent)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OKR_STUDIO_QUIT_AFTER_FIRST_PAINT": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", STARTING_APP, str(bad.path)],
        capture_output=True, text=True, timeout=120, env=env,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["code"] == 0  # the app ran (and quit after its first paint)
    [[title, nothing_open, message, dialog_title]] = out["seen"]
    assert title == "OKR Studio" and nothing_open  # the welcome page, nothing opened
    assert message.startswith("“truncated-half.okr” is damaged")
    assert dialog_title == "Cannot open workshop"
    assert listing(bad.path.parent) == before
