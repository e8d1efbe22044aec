"""Running ``invdesk`` in the test process, on a database of the test's own."""

from __future__ import annotations

import pytest

from invdesk.cli import main


@pytest.fixture
def cli(capsys, monkeypatch):
    """``cli(database)`` gives ``run(*args)`` -> (exit code, stdout, stderr) of
    ``invdesk --db DATABASE ARGS``; ``db=False`` leaves ``--db`` out, ``password`` and
    ``new`` set INVDESK_PASSWORD and INVDESK_NEW_PASSWORD for that one call."""

    def runner(database):
        def invoke(*args: str, db: bool = True, password: str | None = None,
                   new: str | None = None):
            for name, value in (("INVDESK_PASSWORD", password),
                                ("INVDESK_NEW_PASSWORD", new)):
                if value is None:
                    monkeypatch.delenv(name, raising=False)
                else:
                    monkeypatch.setenv(name, value)
            argv = ["--db", str(database), *args] if db else list(args)
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse usage errors and --help
                code = exc.code
            out, err = capsys.readouterr()
            return code, out, err

        invoke.database = database
        return invoke

    return runner
