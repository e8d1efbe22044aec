"""Per-user folders for data, configuration and backups."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "invdesk"


def data_dir() -> Path:
    return _ensure(Path(platformdirs.user_data_dir(APP, appauthor=False)))


def config_dir() -> Path:
    return _ensure(Path(platformdirs.user_config_dir(APP, appauthor=False)))


def backup_dir() -> Path:
    return _ensure(data_dir() / "backups")


def default_database() -> Path:
    return data_dir() / "invdesk.sqlite3"


def demo_database() -> Path:
    return data_dir() / "demo.sqlite3"


def _ensure(path: Path) -> Path:
    # Owner-only: the inventory and its backups are business records.
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path
