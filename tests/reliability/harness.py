"""Crash and concurrency runs shared by the tests and benchmarks/reliability.py.

Writers are separate processes (``tests/reliability/writer.py``) forked from a clean
forkserver, never from a process that has had a database open.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import peewee as pw

from invdesk.core import check, db, locations, parts, stock
from invdesk.core.models import StockEntry, StockItem, StockOperation

ROOT = Path(__file__).resolve().parents[2]
PARTS = (("Resistor 10k", "pcs"), ("Hook-up wire red", "m"), ("Capacitor 100n", "pcs"))
PLACES = ("Lab/Shelf A", "Lab/Shelf B", "Store/Bin 1", "Store/Bin 2")


@dataclass
class Outcome:
    """What a run did and what it found."""

    engine: str
    processes: int = 0
    kills: int = 0
    operations: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    lost_updates: int = 0
    integrity_failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def seed_database(url: str, items_per_part: int = 3, start: str = "1000") -> dict[int, Decimal]:
    """Parts, locations and items for the writers; returns each part's starting total."""
    db.open_database(url, auto_backup=False)
    try:
        places = [locations.ensure(path) for path in PLACES]
        totals = {}
        for n, (name, units) in enumerate(PARTS):
            part = parts.add(name, units=units)
            for i in range(items_per_part):
                stock.receive(part, places[(n + i) % len(places)], start)
            totals[part.id] = Decimal(start) * items_per_part
        return totals
    finally:
        db.close()


_context = None


def _processes():
    """A forkserver: writers start as forks of a clean helper that has imported the
    product but never opened a database (fast to start, nothing shared by accident)."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["tests.reliability.writer"])
    return _context


class Writer:
    """One writer process (see writer.py): wait until it is ready, kill it or let it
    finish, and read how many operations it committed."""

    def __init__(self, url: str, seed: int, ops: int, *, counts: bool = False) -> None:
        from tests.reliability import writer  # noqa: PLC0415

        context = _processes()
        self._ready = context.Event()
        self._count = context.RawValue("q", 0)
        self._results = context.SimpleQueue()
        self.process = context.Process(
            target=writer.run_process, daemon=True,
            args=(url, seed, ops, counts, self._ready, self._count, self._results))
        self.process.start()

    @property
    def committed(self) -> int:
        return self._count.value

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.2):
            if not self.process.is_alive():
                raise RuntimeError(f"writer died before it was ready ({self.process.exitcode})")
            if time.monotonic() > deadline:
                raise RuntimeError("writer was not ready in time")

    def kill(self) -> int:
        """SIGKILL the writer; returns its exit code (-9 when the kill hit it alive)."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
        self.process.close()
        return -signal.SIGKILL

    def result(self, timeout: float = 900) -> dict | None:
        """The writer's summary once it has finished, or None if it died without one."""
        deadline = time.monotonic() + timeout
        while self.process.is_alive() or not self._results.empty():
            if not self._results.empty():
                summary = self._results.get()
                self.process.join()
                return summary
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)
        return None


def crash(url: str, *, kills: int = 50, writers: int = 2, seed: int = 1,
          engine: str = "sqlite") -> Outcome:
    """Writers do random stock operations; one is SIGKILLed at a random moment, again and
    again, until ``kills`` kills; then the database is checked."""
    rng = random.Random(seed)
    outcome = Outcome(engine)
    started = time.perf_counter()
    seed_database(url)
    running: list[Writer] = []
    launched = 0
    try:
        while outcome.kills < kills:
            while len(running) < writers:
                running.append(Writer(url, rng.randrange(1 << 30), 0, counts=True))
                launched += 1
                running[-1].wait_ready()
            time.sleep(rng.uniform(0.02, 0.3))
            victim = running.pop(rng.randrange(len(running)))
            if not victim.process.is_alive():
                outcome.errors.append(f"a writer ended by itself ({victim.process.exitcode})")
            victim.kill()
            outcome.operations += victim.committed
            outcome.kills += 1
    finally:
        for proc in running:
            proc.kill()
            outcome.operations += proc.committed
    outcome.processes = launched
    outcome.integrity_failures = verify(url)
    outcome.seconds = time.perf_counter() - started
    return outcome


def concurrency(url: str, *, processes: int = 4, ops: int = 2000, seed: int = 1,
                engine: str = "sqlite") -> Outcome:
    """``processes`` writers, ``ops`` operations each, on the same items at once; then
    every part's total must be exactly its start plus what the writers committed."""
    outcome = Outcome(engine, processes=processes)
    started = time.perf_counter()
    expected = seed_database(url)
    procs = [Writer(url, seed * 1000 + n, ops) for n in range(processes)]
    for proc in procs:
        summary = proc.result()
        if summary is None:
            outcome.errors.append(f"a writer failed ({proc.process.exitcode})")
            continue
        outcome.operations += summary["done"]
        outcome.refused += summary["refused"]
        outcome.errors += summary["errors"]
        for part_id, delta in summary["net"].items():
            expected[int(part_id)] += Decimal(delta)
    db.open_database(url, auto_backup=False)
    try:
        for part_id, total in expected.items():
            held = sum((i.quantity for i in StockItem.select().where(StockItem.part == part_id)),
                       Decimal(0))
            if held != total:
                outcome.lost_updates += 1
                outcome.integrity_failures.append(
                    f"part {part_id}: holds {held}, the committed operations imply {total}")
    finally:
        db.close()
    outcome.integrity_failures += verify(url)
    outcome.seconds = time.perf_counter() - started
    return outcome


def verify(url: str) -> list[str]:
    """``invdesk check`` (as a user would run it) and the ledger's own invariants."""
    found = []
    done = subprocess.run([sys.executable, "-m", "invdesk", "--db", url, "check"], cwd=ROOT,
                          env=environment(), capture_output=True, text=True)
    if done.returncode != 0:
        found.append(f"invdesk check failed: {done.stdout}{done.stderr}".strip())
    db.open_database(url, auto_backup=False)
    try:
        found += check.problems()
        # Atomicity: an operation is all its entries or nothing; moving stock between
        # items (split, merge, move) conserves it within the operation.
        empty = (StockOperation.select().join(StockEntry, pw.JOIN.LEFT_OUTER)
                 .where(StockEntry.id.is_null()).count())
        if empty:
            found.append(f"{empty} operations have no ledger entries")
        unbalanced = (StockOperation.select(StockOperation.id)
                      .join(StockEntry)
                      .where(StockOperation.kind.in_(("split", "merge", "move")))
                      .group_by(StockOperation.id)
                      .having(pw.fn.sum(StockEntry.delta) != 0).count())
        if unbalanced:
            found.append(f"{unbalanced} split/merge/move operations do not conserve stock")
    finally:
        db.close()
    return found
