"""Crash and concurrency runs shared by the tests and benchmarks/reliability.py.

Writers are separate processes (``tests/reliability/writer.py``), never forks of a
process that has a database open.
"""

from __future__ import annotations

import json
import os
import random
import select
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


def writer(url: str, seed: int, ops: int, *, counts: bool = False) -> subprocess.Popen:
    command = [sys.executable, "-m", "tests.reliability.writer", url, str(seed), str(ops)]
    if counts:
        command.append("--counts")
    return subprocess.Popen(command, cwd=ROOT, env=environment(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_ready(proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if line.strip() == "ready":
                return
            if not line:
                raise RuntimeError(f"writer died before it was ready: {proc.stderr.read()}")
    raise RuntimeError("writer was not ready in time")


def crash(url: str, *, kills: int = 50, writers: int = 2, seed: int = 1,
          engine: str = "sqlite") -> Outcome:
    """Writers do random stock operations; one is SIGKILLed at a random moment, again and
    again, until ``kills`` kills; then the database is checked."""
    rng = random.Random(seed)
    outcome = Outcome(engine)
    started = time.perf_counter()
    seed_database(url)
    running: list[subprocess.Popen] = []
    launched = 0
    try:
        while outcome.kills < kills:
            while len(running) < writers:
                proc = writer(url, rng.randrange(1 << 30), 0, counts=True)
                launched += 1
                running.append(proc)
                _wait_ready(proc)
            time.sleep(rng.uniform(0.02, 0.3))
            victim = running.pop(rng.randrange(len(running)))
            victim.send_signal(signal.SIGKILL)
            out, err = victim.communicate()
            outcome.operations += out.count("ok\n")
            if victim.returncode != -signal.SIGKILL:
                outcome.errors.append(f"writer ended by itself ({victim.returncode}): {err}")
            elif "Traceback" in err:
                outcome.errors.append(err.strip().splitlines()[-1])
            outcome.kills += 1
    finally:
        for proc in running:
            proc.kill()
            out, _ = proc.communicate()
            outcome.operations += out.count("ok\n")
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
    procs = [writer(url, seed * 1000 + n, ops) for n in range(processes)]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        lines = out.strip().splitlines()
        try:
            summary = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            outcome.errors.append(f"writer failed ({proc.returncode}): {err.strip()[-500:]}")
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
