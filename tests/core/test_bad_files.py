"""Files that are not usable workshops: each refused with its own clear error, left untouched.

For every case of the corpus (badfiles.py), opened for editing and read-only:
``Workshop.open`` raises the case's own error class; the message names the file
(its name, not the folder path) and says why in plain words; the file's bytes
and modification time are the same afterwards; nothing (journal, lock, temp
file) is left beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from okr_studio.errors import WorkshopFileError
from okr_studio.store import Workshop
from tests.core import badfiles

# Words that mean the message was written for a programmer, not a facilitator.
JARGON = (
    "traceback",
    "errno",
    "operationalerror",
    "databaseerror",
    "sqlite3.",
    "pragma",
    "malformed",
    "btree",
    "b-tree",
    "sqlite_master",
    "exception",
)

CASES = [name for name in badfiles.CASES if name != "unreadable"]


def fingerprint(folder: Path) -> dict[str, tuple]:
    """Everything in ``folder``: kind, bytes (or link target) and mtime of each entry."""
    out: dict[str, tuple] = {}
    for entry in sorted(os.listdir(folder)):
        p = folder / entry
        st = p.lstat()
        if stat.S_ISLNK(st.st_mode):
            out[entry] = ("link", os.readlink(p), st.st_mtime_ns)
        elif stat.S_ISDIR(st.st_mode):
            out[entry] = ("dir", tuple(sorted(os.listdir(p))), st.st_mtime_ns)
        else:
            mode = stat.S_IMODE(st.st_mode)
            if not mode & 0o400:  # our own unreadable case: read it, as its owner may
                p.chmod(mode | 0o400)
            try:
                data = p.read_bytes()
            finally:
                p.chmod(mode)
            out[entry] = ("file", data, st.st_mtime_ns, mode)
    return out


def check_message(error: WorkshopFileError, path: Path) -> None:
    message = str(error)
    assert path.name in message, message
    assert str(path.parent) not in message, f"the message shows the folder path: {message}"
    reason = message.replace(path.name, "")
    assert len(reason.split()) >= 5, f"the reason is not a sentence: {message}"
    lowered = message.lower()
    found = [w for w in JARGON if w in lowered]
    assert not found, f"the message uses {found}: {message}"


def open_and_check(case: badfiles.BadFile, *, read_only: bool) -> WorkshopFileError:
    before = fingerprint(case.path.parent)
    with pytest.raises(WorkshopFileError) as info:
        ws = Workshop.open(case.path, read_only=read_only)
        ws.close()
    error = info.value
    assert type(error) is case.error, f"{case.name}: {type(error).__name__}: {error}"
    check_message(error, case.path)
    after = fingerprint(case.path.parent)
    assert after == before, f"{case.name}: the folder changed: {set(after) ^ set(before)}"
    return error


@pytest.mark.parametrize("read_only", [False, True], ids=["edit", "read-only"])
@pytest.mark.parametrize("name", CASES)
def test_bad_file_is_refused_and_left_alone(name: str, read_only: bool, tmp_path: Path) -> None:
    case = badfiles.build_case(name, tmp_path)
    error = open_and_check(case, read_only=read_only)
    print(f"\n{name} ({'read-only' if read_only else 'edit'}): {type(error).__name__}: {error}")


def test_good_workshop_from_the_corpus_builder_opens(tmp_path: Path) -> None:
    """The control: the workshop the bad cases are made from is fine, and spans many pages."""
    path = badfiles.write_good(tmp_path / "good.okr")
    before = path.read_bytes()
    assert len(before) >= 20 * badfiles.PAGE
    with Workshop.open(path) as ws:
        data = ws.snapshot()
        with ws.read() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert len(data.objectives) == 48
    assert len(data.key_results) == 144
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["good.okr"]


def test_corpus_lists_every_case_with_its_error(tmp_path: Path) -> None:
    corpus = badfiles.build_corpus(tmp_path)
    names = {c.name for c in corpus}
    assert names >= set(CASES)
    for case in corpus:
        assert case.path.parent == tmp_path / case.name
        assert issubclass(case.error, WorkshopFileError)
    print(f"\nbad files in the corpus: {len(corpus)}")


def _open_as(uid: int, path: Path) -> dict:
    """Open ``path`` in a forked child running as ``uid``; what it raised, as a dict."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, try to open, report, exit
        result = {"error": None}
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            try:
                Workshop.open(path).close()
            except WorkshopFileError as exc:
                result = {"error": type(exc).__name__, "message": str(exc)}
            except BaseException as exc:
                result = {"error": f"unexpected {type(exc).__name__}", "message": str(exc)}
        finally:
            os.write(write_fd, json.dumps(result).encode())
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        raw = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(raw)


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    """A file without read permission, opened by someone the permission stops.

    As an ordinary user that is this process. As root (who reads it anyway) the
    open runs in a child process that first drops to an unprivileged user, in
    a fresh temporary folder that user may enter.
    """
    if badfiles.cannot_read_unreadable(tmp_path):
        open_and_check(badfiles.build_case("unreadable", tmp_path), read_only=False)
        return
    folder = Path(tempfile.mkdtemp(prefix="okr-unreadable-"))
    try:
        folder.chmod(0o755)
        case = badfiles.build_case("unreadable", folder)
        case.path.parent.chmod(0o755)
        before = fingerprint(case.path.parent)
        result = _open_as(65534, case.path)
        assert result["error"] == "WorkshopFileError", result
        assert case.path.name in result["message"]
        assert "permission" in result["message"], result["message"]
        assert fingerprint(case.path.parent) == before
    finally:
        shutil.rmtree(folder, ignore_errors=True)
