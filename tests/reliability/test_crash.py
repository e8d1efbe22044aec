"""Power cuts: writers killed with SIGKILL in the middle of stock operations."""

from __future__ import annotations

import pytest

from tests.reliability import harness

pytestmark = pytest.mark.slow


def test_fifty_kills_mid_operation_leave_a_sound_database_whose_quantities_equal_the_ledger(
        tmp_path):
    outcome = harness.crash(str(tmp_path / "crash.sqlite3"), kills=50, writers=2, seed=7)
    assert outcome.kills >= 50
    assert outcome.errors == []
    # Writers got real work done between kills (a test killing idle processes proves little).
    assert outcome.operations >= 100
    # invdesk check passes, every quantity equals its ledger, every operation is whole.
    assert outcome.integrity_failures == []
