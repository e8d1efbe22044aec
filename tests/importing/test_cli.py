"""invdesk export | import | import-inventree from the command line."""

from __future__ import annotations

import json

from invdesk.cli import main
from tests.importing.test_inventree import FIXTURE


def run(capsys, db, *argv):
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_reports_every_rejected_row_and_exits_1(tmp_path, capsys):
    db = tmp_path / "inv.sqlite3"
    good = tmp_path / "parts.csv"
    good.write_text("Name,IPN,Units\nWire,W-1,m\nBolt,B-1,pcs\n")
    code, out, _ = run(capsys, db, "import", str(good), "--table", "parts", "--dry-run",
                       "--json")
    report = json.loads(out)
    assert code == 0 and report["accepted"] == 2 and not report["committed"]
    code, out, _ = run(capsys, db, "import", str(good), "--table", "parts")
    assert code == 0 and out.startswith("Imported 2 parts rows")

    bad = tmp_path / "stock.csv"
    bad.write_text("Thing,Location,Qty\nW-1,Lab,1.5\nB-1,Lab,1.5\nX,Lab,1\n")
    code, out, _ = run(capsys, db, "import", str(bad), "--table", "stock", "--map",
                       "Thing=part", "--json")
    report = json.loads(out)
    assert code == 1 and report["accepted"] == 1 and not report["committed"]
    assert [r["line"] for r in report["rejected"]] == [3, 4]
    assert "more precise than allowed" in report["rejected"][0]["errors"][0]

    code, out, _ = run(capsys, db, "export", "stock", str(tmp_path / "stock.xlsx"))
    assert code == 0 and out.startswith("Exported 0 stock rows")


def test_import_inventree_then_check_then_refuse_a_second_time(tmp_path, capsys):
    db = tmp_path / "inv.sqlite3"
    code, out, _ = run(capsys, db, "import-inventree", str(FIXTURE), "--json")
    report = json.loads(out)
    assert code == 0 and report["counts"]["stock items"] == 1106
    assert any("stock.stockitemtestresult" in s for s in report["skipped"])
    code, out, _ = run(capsys, db, "check")
    assert code == 0 and out.startswith("OK")
    code, out, err = run(capsys, db, "import-inventree", str(FIXTURE))
    assert code == 1 and "already imported" in err
    code, out, _ = run(capsys, db, "export", "ledger", str(tmp_path / "ledger.csv"))
    assert code == 0 and "2,182 ledger rows" in out
