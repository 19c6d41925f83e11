"""Smoke test of the Linux desktop bundle: build it, then use nothing but the bundle.

Slow (a PyInstaller build takes minutes on a busy machine): marked ``packaging``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from okr_studio._version import __version__
from okr_studio.model import APPLICATION_ID

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]

ROOT = Path(__file__).resolve().parents[2]
QUIT_AFTER_PAINT_ENV = "OKR_STUDIO_QUIT_AFTER_FIRST_PAINT"  # read by ui/app.py


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _bundle_env(**extra: str) -> dict[str, str]:
    """No Python of the checkout: no PYTHONPATH, no venv on PATH."""
    venv = os.environ.get("VIRTUAL_ENV", "")
    path = os.pathsep.join(
        p for p in os.environ.get("PATH", "").split(os.pathsep) if not (venv and p.startswith(venv))
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"} and not k.startswith("QT_")
    }
    env.update(PATH=path, QT_QPA_PLATFORM="offscreen", PYTHONNOUSERSITE="1")
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """Build the bundle, then move it to a folder of its own (away from the build)."""
    work = tmp_path_factory.mktemp("bundle-build")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build_bundle.py"),
            "--no-icons",
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "work"),
        ],
        check=True,
        cwd=ROOT,
    )
    home = tmp_path_factory.mktemp("installed")
    target = home / "okr-studio"
    shutil.move(work / "dist" / "okr-studio", target)
    shutil.rmtree(work, ignore_errors=True)
    size = _folder_size(target)
    print(
        f"\nbundle size: {size / 1024 / 1024:.1f} MiB in {sum(1 for _ in target.rglob('*'))} files"
    )
    return target


def _run(bundle: Path, args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(bundle / "okr-studio"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_bundle_env(**env),
        timeout=300,
        check=False,
    )
    print(f"$ okr-studio {' '.join(args)} -> {result.returncode}")
    print(result.stdout.strip()[:2000])
    if result.stderr.strip():
        print("stderr:", result.stderr.strip()[:2000])
    return result


def test_bundle_leaves_out_what_the_app_does_not_use(bundle):
    names = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    for unwanted in (
        "WebEngine",
        "Qt6Qml",
        "Qt6Quick",
        "Qt63D",
        "Multimedia",
        "tkinter",
        "_pytest",
        "hypothesis",
        "libqeglfs",
        "libqvnc",
    ):
        hits = [n for n in names if unwanted.lower() in n.lower()]
        assert not hits, hits[:5]
    for needed in (
        "libQt6Widgets",
        "libqxcb",
        "libqoffscreen",
        "libqwayland",
        "libqsvg",
        "okr_studio/_resources/fonts/DejaVuSans.ttf",
        "okr_studio/_resources/icons/okr-studio-16.png",
    ):
        assert any(needed in n for n in names), needed


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory) -> Path:
    """A working folder far from the checkout and the build."""
    folder = tmp_path_factory.mktemp("work") / "somewhere else"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def sample(bundle, elsewhere) -> tuple[Path, list[str]]:
    """The sample workshop written by the bundle, and its objectives' titles."""
    result = _run(bundle, ["sample", "X.okr"], elsewhere)
    assert result.returncode == 0, result.stderr
    path = elsewhere / "X.okr"
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        titles = [r[0] for r in con.execute("SELECT title FROM objective")]
    finally:
        con.close()
    assert titles
    return path, titles


def test_bundle_prints_the_version(bundle, elsewhere):
    version = _run(bundle, ["--version"], elsewhere)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"okr-studio {__version__}"


def test_bundle_writes_and_checks_the_sample(bundle, sample, elsewhere):
    path, _ = sample
    checked = _run(bundle, ["check", path.name], elsewhere)
    assert checked.returncode in (0, 1), checked.stderr
    assert "open finding" in checked.stdout or "No findings" in checked.stdout


def test_bundle_exports_the_sample_as_pdf(bundle, sample, elsewhere):
    path, titles = sample
    exported = _run(bundle, ["export", path.name, "-o", "X.pdf"], elsewhere)
    assert exported.returncode == 0, exported.stderr
    pdf = elsewhere / "X.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    from pypdf import PdfReader

    text = " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert any(" ".join(t.split()[:2]) in text for t in titles), text[:500]


def test_bundle_window_starts_offscreen_until_first_paint(bundle, sample, elsewhere):
    path, _ = sample
    app = _run(bundle, [path.name], elsewhere, **{QUIT_AFTER_PAINT_ENV: "1"})
    assert app.returncode == 0, app.stderr
    assert "Traceback" not in app.stderr
    assert "unexpected error" not in app.stderr
    assert not (elsewhere / f".~{path.name}.lock").exists()  # the workshop was closed
