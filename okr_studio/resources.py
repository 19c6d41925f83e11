"""The one way to find OKR Studio's bundled files (fonts, icons, styles, sample).

The files live in ``resources/`` at the top of a source checkout. The wheel
copies that folder into the package as ``okr_studio/_resources`` (see
``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml), and the
desktop bundle puts it at the same place inside the bundle folder. So the
lookup order is:

1. a frozen bundle: ``<bundle>/okr_studio/_resources`` under ``sys._MEIPASS``;
2. an installed package: ``_resources`` beside this module;
3. a source checkout: ``resources`` beside the ``okr_studio`` package.

This module never imports Qt, so the core and the command line can use it.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from okr_studio.errors import OkrError

PACKAGE_DIR = Path(__file__).resolve().parent
INSTALLED_NAME = "_resources"
CHECKOUT_NAME = "resources"

APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


class ResourceMissingError(OkrError):
    """A file that ships with OKR Studio is missing: the installation is incomplete."""


def _candidates() -> list[Path]:
    found: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        found.append(Path(bundle) / "okr_studio" / INSTALLED_NAME)
    found.append(PACKAGE_DIR / INSTALLED_NAME)
    found.append(PACKAGE_DIR.parent / CHECKOUT_NAME)
    return found


@cache
def resources_root() -> Path:
    """The folder holding the bundled resources, wherever OKR Studio runs from."""
    candidates = _candidates()
    for folder in candidates:
        if folder.is_dir():
            return folder
    looked = ", ".join(str(c) for c in candidates)
    raise ResourceMissingError(
        "OKR Studio cannot find its own files (fonts, icons). "
        f"Please reinstall it. Looked in: {looked}"
    )


def resource_path(*parts: str) -> Path:
    """The path of a bundled file, e.g. ``resource_path("icons", "okr-studio.svg")``.

    The path is returned even if the file does not exist, so a caller can
    test for optional files; use :func:`require_resource` for files that must
    be there.
    """
    return resources_root().joinpath(*parts)


def require_resource(*parts: str) -> Path:
    """Like :func:`resource_path`, but raise a readable error if the file is missing."""
    path = resource_path(*parts)
    if not path.exists():
        name = "/".join(parts)
        raise ResourceMissingError(
            f"OKR Studio cannot find its file “{name}”. Please reinstall it. (Looked for {path})"
        )
    return path


def app_icon_files() -> list[Path]:
    """The PNG renderings of the app icon, smallest first (for a window icon)."""
    files = [resource_path("icons", f"okr-studio-{size}.png") for size in APP_ICON_SIZES]
    return [f for f in files if f.is_file()]
