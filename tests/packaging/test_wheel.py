"""The wheel works when installed with plain pip into a fresh venv outside the checkout.

Slow (builds the wheel and the sdist, installs PySide6 and the other
dependencies into a new virtual environment): marked ``packaging``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from okr_studio._version import __version__
from okr_studio.model import APPLICATION_ID

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything pointing back at the checkout or its venv."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "UV_PROJECT_ENVIRONMENT"}
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the wheel (pip install uv)")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [uv, "build", "--out-dir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=_clean_env(),
    )
    wheels = list(out.glob("*.whl"))
    sdists = list(out.glob("*.tar.gz"))
    assert len(wheels) == 1, wheels
    assert len(sdists) == 1, sdists
    return {"wheel": wheels[0], "sdist": sdists[0]}


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Path:
    """A fresh venv (outside the checkout) with the wheel installed by pip; its bin folder."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    assert ROOT not in env_dir.parents
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(built["wheel"])],
        check=True,
        capture_output=True,
        env=_clean_env(),
        cwd=env_dir,
    )
    return bin_dir


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working folder with nothing of the checkout in it."""
    folder = tmp_path / "somewhere else"
    folder.mkdir()
    return folder


def _run(bin_dir: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "okr-studio"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=300,
        check=False,
    )


def test_wheel_holds_both_packages_and_the_resources(built):
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    for required in (
        "okr_studio/__init__.py",
        "okr_studio/cli.py",
        "okr_studio/resources.py",
        "ui/__init__.py",
        "ui/about.py",
        "okr_studio/_resources/fonts/DejaVuSans.ttf",
        "okr_studio/_resources/fonts/LICENSE-DejaVu.txt",
        "okr_studio/_resources/icons/okr-studio.svg",
        "okr_studio/_resources/icons/okr-document.svg",
        "okr_studio/_resources/icons/okr-studio-16.png",
        "okr_studio/_resources/icons/okr-studio-256.png",
    ):
        assert required in names, required
    assert not any(n.startswith(("tests/", "packaging/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(built["wheel"]).read(entry_points).decode()
    assert "okr-studio = okr_studio.cli:main" in text


def test_sdist_holds_sources_resources_and_packaging(built):
    with tarfile.open(built["sdist"]) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for required in (
        "pyproject.toml",
        "okr_studio/_version.py",
        "ui/about.py",
        "resources/fonts/LICENSE-DejaVu.txt",
        "resources/icons/okr-studio.svg",
        "packaging/okr-studio.spec",
        "packaging/linux/org.okrstudio.OkrStudio.desktop",
    ):
        assert required in names, required


def test_installed_copy_uses_its_own_resources(installed, elsewhere):
    probe = (
        "import okr_studio, okr_studio.resources as r; "
        "print(okr_studio.__file__); print(r.resources_root()); "
        "print(r.require_resource('fonts', 'DejaVuSans.ttf'))"
    )
    result = subprocess.run(
        [str(installed / "python"), "-c", probe],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=_clean_env(),
        check=True,
    )
    package_file, root, font = result.stdout.splitlines()
    env_dir = installed.parent
    for shown in (package_file, root, font):
        assert Path(shown).is_relative_to(env_dir), shown
    assert Path(root).name == "_resources"


def test_version_from_another_folder(installed, elsewhere):
    result = _run(installed, ["--version"], elsewhere)
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout


@pytest.fixture(scope="module")
def sample(installed, tmp_path_factory) -> Path:
    """The sample workshop, written by the installed command in a folder of its own."""
    folder = tmp_path_factory.mktemp("work") / "somewhere else"
    folder.mkdir()
    result = _run(installed, ["sample", "X.okr"], folder)
    assert result.returncode == 0, result.stdout + result.stderr
    target = folder / "X.okr"
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("SELECT count(*) FROM objective").fetchone()[0] > 0
    finally:
        con.close()
    return target


def test_check_from_another_folder(installed, sample):
    checked = _run(installed, ["check", sample.name], sample.parent)
    assert checked.returncode in (0, 1), checked.stdout + checked.stderr
    assert "open finding" in checked.stdout or "No findings" in checked.stdout


def test_export_from_another_folder(installed, sample):
    pdf = sample.parent / "sheets.pdf"
    exported = _run(installed, ["export", sample.name, "-o", pdf.name], sample.parent)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_app_opens_the_sample_and_paints(installed, sample):
    """The window starts (offscreen), paints once and quits (see ui/app.py)."""
    shown = subprocess.run(
        [str(installed / "okr-studio"), sample.name],
        cwd=sample.parent,
        capture_output=True,
        text=True,
        env=_clean_env(OKR_STUDIO_QUIT_AFTER_FIRST_PAINT="1"),
        timeout=300,
        check=False,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "unexpected error" not in shown.stderr
    assert not (sample.parent / f".~{sample.name}.lock").exists()
