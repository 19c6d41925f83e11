"""The resource loader finds bundled files from a checkout, a wheel and a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from okr_studio import resources


@pytest.fixture(autouse=True)
def _fresh_cache():
    resources.resources_root.cache_clear()
    yield
    resources.resources_root.cache_clear()


def test_checkout_finds_the_app_icon():
    path = resources.resource_path("icons", "okr-studio.svg")
    assert path.is_file()
    assert "<svg" in path.read_text(encoding="utf-8")


def test_app_icon_files_are_pngs_smallest_first():
    files = resources.app_icon_files()
    assert [f.name for f in files][:2] == ["okr-studio-16.png", "okr-studio-24.png"]
    assert all(f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for f in files)


def test_frozen_bundle_wins(tmp_path, monkeypatch):
    bundled = tmp_path / "okr_studio" / "_resources"
    (bundled / "icons").mkdir(parents=True)
    (bundled / "icons" / "x.txt").write_text("from the bundle", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icons", "x.txt").read_text(encoding="utf-8") == (
        "from the bundle"
    )


def test_installed_copy_is_preferred_over_nothing(tmp_path, monkeypatch):
    package = tmp_path / "site" / "okr_studio"
    (package / "_resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE_DIR", package)
    assert resources.resources_root() == package / "_resources"
    assert resources.resource_path("fonts", "a.ttf") == package / "_resources" / "fonts" / "a.ttf"


def test_missing_everything_says_reinstall(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "PACKAGE_DIR", tmp_path / "nowhere" / "okr_studio")
    with pytest.raises(resources.ResourceMissingError, match="reinstall"):
        resources.resource_path("icons")


def test_require_resource_names_the_missing_file():
    with pytest.raises(resources.ResourceMissingError, match=r"icons/no-such\.svg"):
        resources.require_resource("icons", "no-such.svg")
    assert resources.require_resource("icons", "okr-document.svg").is_file()


def test_checkout_layout_is_the_repo_resources_folder():
    assert resources.resources_root() == Path(__file__).resolve().parents[2] / "resources"
