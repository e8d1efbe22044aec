"""The frozen app: build it with invdesk.spec, run its self-test, open its demo, weigh it.

One test, so that one build (about a minute and a half on two cores) serves every check
even when the tests are spread over several workers. Everything runs offscreen with the
per-user folders in a temporary home, from an empty folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT_MB = 200

pytestmark = pytest.mark.slow


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(where: Path) -> Path:
    """Build the app into ``where``; its folder (dist/invdesk)."""
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(where / "dist"), "--workpath", str(where / "build"),
         str(ROOT / "invdesk.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=840)  # inside pytest's 900 s
    assert done.returncode == 0, done.stderr[-4000:]
    app = where / "dist" / "invdesk"
    assert (app / "invdesk").is_file() or (app / "invdesk.exe").is_file()
    return app


def run_frozen(app: Path, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    program = app / ("invdesk.exe" if sys.platform == "win32" else "invdesk")
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("PYTHONPATH", "INVDESK_DB", "INVDESK_PASSWORD")}
    environment.update(QT_QPA_PLATFORM="offscreen", HOME=str(home),
                       XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                       XDG_CACHE_HOME=str(home / "cache"), **env)
    # Run from an empty folder: nothing may come from the source checkout.
    return subprocess.run([str(program), *args], cwd=home, env=environment,
                          capture_output=True, text=True, timeout=300)


def selftest_passes(frozen: Path, tmp_path: Path) -> None:
    done = run_frozen(frozen, tmp_path, "selftest", "--json")
    report = json.loads(done.stdout)
    failed = [c for c in report["checks"] if not c["ok"]]
    assert done.returncode == 0 and not failed, failed or done.stderr[-3000:]
    assert report["where"] == "frozen app"
    names = {c["name"] for c in report["checks"]}
    # numerics and codecs run the libraries the build strips of their symbols.
    assert {"stock", "label", "rasterise", "decode zbar", "decode zxing", "main window",
            "resources", "printing", "raster label", "numerics", "codecs"} <= names
    zbar = next(c for c in report["checks"] if c["name"] == "decode zbar")
    assert "the bundle's libzbar" in zbar["detail"]


def demo_opens_from_the_data_folder(frozen: Path, tmp_path: Path) -> None:
    painted = tmp_path / "painted"
    done = run_frozen(frozen, tmp_path, "--demo", INVDESK_STARTUP_PROBE=str(painted))
    assert done.returncode == 0, done.stderr[-3000:]
    assert painted.exists(), "the main window never painted"
    assert (tmp_path / "data" / "invdesk" / "demo.sqlite3").is_file()
    check = run_frozen(frozen, tmp_path, "--db",
                       str(tmp_path / "data" / "invdesk" / "demo.sqlite3"), "check")
    assert check.returncode == 0, check.stdout + check.stderr


def only_the_qt_we_use(frozen: Path) -> None:
    qt = frozen / "_internal" / "PySide6"
    modules = {p.name.split(".")[0] for p in qt.glob("Qt*.*") if p.suffix in (".so", ".pyd")}
    assert {"QtCore", "QtGui", "QtWidgets", "QtCharts", "QtPrintSupport", "QtSvg"} <= modules
    for unwanted in ("QtWebEngineCore", "QtQml", "QtQuick", "QtMultimedia", "Qt3DCore",
                     "QtNetwork", "QtPdf"):
        assert unwanted not in modules
    libraries = " ".join(p.name for p in frozen.rglob("*Qt6*"))
    for unwanted in ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt6Multimedia", "Qt63D"):
        assert unwanted not in libraries
    assert list(frozen.rglob("libzbar*")), "libzbar is not in the bundle"
    assert (frozen / "_internal" / "resources" / "icons" / "invdesk.svg").is_file()


def download_under_200_mb(frozen: Path, tmp_path: Path) -> None:
    archive = tmp_path / "invdesk.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(frozen, arcname="invdesk")
    download_mb = archive.stat().st_size / 1e6
    on_disk_mb = folder_size(frozen) / 1e6
    print(f"frozen app: {download_mb:.0f} MB to download (tar.gz), "  # noqa: T201
          f"{on_disk_mb:.0f} MB unpacked")
    assert download_mb < LIMIT_MB


def test_the_frozen_app(tmp_path):
    frozen = build(tmp_path / "build")
    only_the_qt_we_use(frozen)
    (tmp_path / "selftest").mkdir()
    selftest_passes(frozen, tmp_path / "selftest")
    (tmp_path / "demo").mkdir()
    demo_opens_from_the_data_folder(frozen, tmp_path / "demo")
    download_under_200_mb(frozen, tmp_path)
