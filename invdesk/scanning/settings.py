"""Scanner settings of this workstation: which camera, at what size, how codes are
confirmed, and how the keyboard-wedge scanner is recognised.

They belong to the workstation (its camera, its USB scanner), not to the shared
database, so they live in a small JSON file in the per-user configuration folder.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "scanner.json"


@dataclass
class ScannerSettings:
    camera_source: str = "0"          # device number, video file or camera URL
    camera_width: int = 1280
    camera_height: int = 720
    confirm_reads: int = 2            # reads needed before a code counts
    confirm_window: float = 1.0       # … within this many seconds
    repeat_seconds: float = 2.0       # the same code again only after this long out of view
    reconnect_seconds: float = 2.0    # wait between attempts when the camera is gone
    wedge_enabled: bool = True
    wedge_prefix: str = ""
    wedge_suffix: str = ""
    wedge_max_interval_ms: int = 30   # scanners send a key every few ms; people are slower
    wedge_min_length: int = 4
    wedge_terminators: list[str] = field(default_factory=lambda: ["enter", "tab"])
    sounds: bool = True

    @classmethod
    def load(cls, folder: Path | None = None) -> ScannerSettings:
        """The saved settings, or the defaults (unknown or bad entries are ignored)."""
        path = _path(folder)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("Scanner settings in %s could not be read (%s); using defaults.",
                        path, exc)
            return cls()
        settings = cls()
        for f in dataclasses.fields(cls):
            if f.name in data:
                value = data[f.name]
                default = getattr(settings, f.name)
                if isinstance(default, bool) != isinstance(value, bool):
                    continue
                if isinstance(default, int | float) and isinstance(value, int | float):
                    setattr(settings, f.name, type(default)(value))
                elif isinstance(value, type(default)):
                    setattr(settings, f.name, value)
        return settings

    def save(self, folder: Path | None = None) -> Path:
        path = _path(folder)
        path.write_text(json.dumps(dataclasses.asdict(self), indent=2), encoding="utf-8")
        return path


def _path(folder: Path | None) -> Path:
    if folder is None:
        from invdesk import paths  # noqa: PLC0415

        folder = paths.config_dir()
    return Path(folder) / FILE_NAME
