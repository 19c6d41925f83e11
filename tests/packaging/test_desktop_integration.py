"""The Linux desktop files pass the freedesktop validators and the MIME type works.

Needs Debian's desktop-file-utils, appstream and shared-mime-info.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from okr_studio.store import Workshop

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.okrstudio.OkrStudio"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(
            f"{name} is not installed (apt-get install desktop-file-utils appstream "
            "shared-mime-info)"
        )
    return path


def test_desktop_file_is_valid():
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(LINUX / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # no warnings either


def test_metainfo_is_valid():
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation was successful" in result.stdout
    assert "W:" not in result.stdout and "E:" not in result.stdout


def test_mime_type_recognises_workshops_by_name_and_by_content(tmp_path):
    update = _tool("update-mime-database")
    share = tmp_path / "share"
    packages = share / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(LINUX / f"{APP_ID}.mime.xml", packages / f"{APP_ID}.xml")
    subprocess.run([update, str(share / "mime")], check=True, capture_output=True)

    named = tmp_path / "plan.okr"
    Workshop.create(named, name="Mime check").close()
    unnamed = tmp_path / "copy-without-extension"
    shutil.copyfile(named, unnamed)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("create table t(x)")
    con.commit()
    con.close()

    probe = (
        "import sys\n"
        "from PySide6.QtCore import QMimeDatabase\n"
        "db = QMimeDatabase()\n"
        "for p in sys.argv[1:]:\n"
        "    print(db.mimeTypeForFile(p).name())\n"
    )
    env = dict(os.environ, XDG_DATA_DIRS=f"{share}:/usr/share", XDG_DATA_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", probe, str(named), str(unnamed), str(other)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert result.stdout.split() == [
        "application/x-okr-studio",
        "application/x-okr-studio",
        "application/vnd.sqlite3",
    ]
