"""Build the OKR Studio desktop bundle (one folder) with PyInstaller.

    uv run python packaging/build_bundle.py [--dist DIR] [--work DIR] [--no-icons]

Renders the icons from their SVG sources, runs PyInstaller on
``packaging/okr-studio.spec`` and prints where the bundle is and how big it is.
The result is ``packaging/dist/okr-studio/`` (``OKR Studio.app`` on macOS).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE / "okr-studio.spec"


def folder_size(folder: Path) -> int:
    """Bytes in all regular files under *folder* (symlinks not followed)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path, *, icons: bool = True) -> Path:
    if icons:
        subprocess.run([sys.executable, str(HERE / "make_icons.py")], check=True)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        env=env,
    )
    return dist / "okr-studio"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=HERE / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=HERE / "build", help="scratch folder")
    parser.add_argument("--no-icons", action="store_true", help="keep the rendered icons")
    args = parser.parse_args(argv)
    bundle = build(args.dist.resolve(), args.work.resolve(), icons=not args.no_icons)
    size = folder_size(bundle)
    print(f"bundle: {bundle}")
    print(f"size: {size / 1024 / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
