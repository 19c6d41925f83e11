"""Recent workshop files, remembered in QSettings (most recent first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent/files"
LIMIT = 10


def _settings() -> QSettings:
    return QSettings()


def recent_files(*, existing_only: bool = False) -> list[Path]:
    value = _settings().value(KEY, [])
    if isinstance(value, str):  # QSettings gives a bare string for one-element lists
        value = [value]
    paths = [Path(str(v)) for v in (value if isinstance(value, list) else []) if v]
    if existing_only:
        paths = [p for p in paths if p.is_file()]
    return paths


def _resolved(path: Path | str) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a link that leads back to itself
        return Path(path).absolute()


def add_recent(path: Path | str) -> list[Path]:
    path = _resolved(path)
    paths = [p for p in recent_files() if p != path]
    paths.insert(0, path)
    del paths[LIMIT:]
    _save(paths)
    return paths


def remove_recent(path: Path | str) -> None:
    path = _resolved(path)
    _save([p for p in recent_files() if p != path])


def clear_recent() -> None:
    _save([])


def _save(paths: list[Path]) -> None:
    settings = _settings()
    settings.setValue(KEY, [str(p) for p in paths])
    settings.sync()


def first_start() -> bool:
    """True until a workshop was opened once (the welcome page then offers the sample first)."""
    return not _settings().value("recent/opened_once", False, type=bool)


def mark_opened() -> None:
    _settings().setValue("recent/opened_once", True)
