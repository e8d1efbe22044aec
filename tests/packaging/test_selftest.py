"""invdesk selftest: what it reports, and that it passes from source."""

from __future__ import annotations

import ctypes.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from invdesk import selftest, startup_probe

ROOT = Path(__file__).resolve().parents[2]


def test_a_failed_check_fails_the_run_and_skips_what_needs_it(monkeypatch):
    def broken(ctx):
        raise RuntimeError("the label printer caught fire")

    def fine(ctx):
        return "all good"

    monkeypatch.setattr(selftest, "CHECKS", [("first", broken, ()), ("second", fine, ("first",)),
                                             ("third", fine, ())])
    out = io.StringIO()
    results = selftest.run(out=out)
    assert [(r.name, r.ok) for r in results] == [("first", False), ("second", False),
                                                  ("third", True)]
    text = out.getvalue()
    assert "FAIL  first" in text and "the label printer caught fire" in text
    assert "not run: first failed" in text
    assert "ok    third" in text


def test_the_checks_never_touch_the_real_per_user_folders(monkeypatch, tmp_path):
    seen = {}

    def where_data_goes(ctx):
        from invdesk import paths

        seen["data"] = paths.data_dir()
        seen["folder"] = ctx.folder
        return "looked"

    monkeypatch.setattr(selftest, "CHECKS", [("paths", where_data_goes, ())])
    before = os.environ.get("XDG_DATA_HOME")
    assert all(r.ok for r in selftest.run(out=io.StringIO()))
    assert seen["folder"] in seen["data"].parents
    assert not seen["folder"].exists()          # cleaned up afterwards
    assert os.environ.get("XDG_DATA_HOME") == before


def test_the_startup_probe_sleeps_unless_asked(monkeypatch):
    monkeypatch.delenv(startup_probe.ENV, raising=False)
    assert startup_probe.install() is False


def test_the_frozen_app_finds_the_libzbar_it_carries(tmp_path, monkeypatch):
    (tmp_path / "libzbar.so.0").write_bytes(b"")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    system = ctypes.util.find_library
    try:
        hook = ROOT / "packaging" / "rthook_invdesk.py"
        exec(compile(hook.read_text(), str(hook), "exec"), {"__name__": "rthook"})  # noqa: S102
        assert ctypes.util.find_library("zbar") == str(tmp_path / "libzbar.so.0")
        assert ctypes.util.find_library("c") == system("c")  # everything else: the system's
    finally:
        ctypes.util.find_library = system


@pytest.mark.slow
def test_selftest_passes_from_source(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "invdesk", "selftest", "--json"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    failed = [c for c in report["checks"] if not c["ok"]]
    assert done.returncode == 0 and not failed, failed or done.stderr[-2000:]
    assert report["where"] == "from source"
    names = {c["name"] for c in report["checks"]}
    assert {"stock", "label", "rasterise", "decode zbar", "decode zxing", "printing",
            "raster label", "numerics", "codecs", "main window"} <= names


def test_your_database_is_opened_read_only(monkeypatch, tmp_path):
    from invdesk.core import db

    path = tmp_path / "inventory.sqlite3"
    db.open_database(str(path))
    db.close()
    before = path.read_bytes()
    monkeypatch.setattr(selftest, "CHECKS", [])
    out = io.StringIO()
    (result,) = selftest.run(out=out, your_db=str(path))
    assert result.ok, result.detail
    assert "schema" in result.detail and "0 parts" in result.detail
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()

    missing = tmp_path / "nowhere.sqlite3"
    (result,) = selftest.run(out=io.StringIO(), your_db=str(missing))
    assert not result.ok and "no database file" in result.detail
    assert not missing.exists()
