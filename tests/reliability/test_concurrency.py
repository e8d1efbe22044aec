"""Several workstations changing the same stock at once: no lost update, no lock error."""

from __future__ import annotations

import pytest

from tests import pgserver
from tests.reliability import harness

pytestmark = pytest.mark.slow

PROCESSES = 4
OPERATIONS = 2000


def assert_sound(outcome: harness.Outcome) -> None:
    # Nothing reached the writers but refusals a person would get (not enough stock...):
    # in particular no "database is locked" and no lost connection.
    assert outcome.errors == []
    assert outcome.operations + outcome.refused == PROCESSES * OPERATIONS
    assert outcome.operations > PROCESSES * OPERATIONS * 0.8
    # Each part holds exactly its start plus what the committed operations imply,
    # invdesk check passes and every operation is whole.
    assert outcome.lost_updates == 0
    assert outcome.integrity_failures == []


def test_four_processes_on_one_sqlite_file_lose_no_update(tmp_path):
    assert_sound(harness.concurrency(str(tmp_path / "shared.sqlite3"), processes=PROCESSES,
                                     ops=OPERATIONS, seed=3))


def test_four_workstations_on_one_postgresql_server_lose_no_update(pg_server, worker_id):
    url = pgserver.create_database(pg_server, f"invdesk_concurrency_{worker_id}")
    assert_sound(harness.concurrency(url, processes=PROCESSES, ops=OPERATIONS, seed=5,
                                     engine="postgresql"))
