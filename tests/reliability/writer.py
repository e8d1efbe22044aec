"""A workstation that does nothing but random stock operations on shared items.

    python -m tests.reliability.writer URL SEED OPS [--counts]

Tells its parent when the database is open and counts every committed operation (so a
parent that kills it knows how far it got); at the end it reports how many operations
committed and were refused, the net quantity change per part that the committed
operations imply, and every unexpected error. OPS 0 means run until killed. Run from
the command line it prints ``ready``, ``ok`` per operation and the summary as JSON.

The script never retries anything itself: waiting out a busy database is the product's
job, and an error that reaches this script counts as an error.
"""

from __future__ import annotations

import json
import random
import sys
import traceback
from collections.abc import Callable
from decimal import Decimal

import peewee as pw

from invdesk.core import db, stock
from invdesk.core.errors import Conflict, ValidationError
from invdesk.core.models import Part, StockItem, StockLocation

REFUSALS = (Conflict, ValidationError)


def amount(rng: random.Random, part: Part, high: int) -> Decimal:
    if part.units == "m":  # exact decimals must conserve under contention too
        return Decimal(rng.randint(1, high * 100)) / 100
    return Decimal(rng.randint(1, high))


def pick(rng: random.Random, parts: list[int], *, nonempty: bool = True) -> StockItem | None:
    query = (StockItem.select(StockItem.id, StockItem.part, StockItem.location,
                              StockItem.quantity, StockItem.serial, StockItem.status)
             .where(StockItem.part.in_(parts)))
    if nonempty:
        query = query.where(StockItem.quantity > 0)
    # A few hot items most of the time, so writers really collide on the same rows.
    if rng.random() < 0.7:
        query = query.order_by(StockItem.id).limit(6)
        found = list(query)
        return rng.choice(found) if found else None
    return query.order_by(pw.fn.random()).first()


def one_operation(rng: random.Random, parts: dict[int, Part], places: list[StockLocation],
                  counts: bool) -> tuple[int, Decimal]:
    """Run one random operation; returns (part id, net change) it committed."""
    roll = rng.random()
    item = pick(rng, list(parts))
    if item is None or roll < 0.05:
        part = parts[rng.choice(list(parts))]
        q = amount(rng, part, 50)
        stock.receive(part, rng.choice(places), q)
        return part.id, q
    part = parts[item.part_id]
    if roll < 0.35:
        q = amount(rng, part, 20)
        stock.add(item, q)
        return part.id, q
    if roll < 0.65:
        q = amount(rng, part, 25)
        stock.remove(item, q)
        return part.id, -q
    if roll < 0.77:
        target = rng.choice([p for p in places if p.id != item.location_id])
        q = None if rng.random() < 0.5 else amount(rng, part, 10)
        stock.move(item, target, q)
        return part.id, Decimal(0)
    if roll < 0.85:
        stock.split(item, amount(rng, part, 10))
        return part.id, Decimal(0)
    if roll < 0.95 or not counts:
        other = (StockItem.select(StockItem.id).where(StockItem.part == part.id, StockItem.id != item.id,
                                          StockItem.quantity > 0)
                 .order_by(pw.fn.random()).first())
        if other is None:
            raise Conflict("nothing to merge with")
        stock.merge(item, [other])
        return part.id, Decimal(0)
    before = item.quantity
    after = stock.count(item, amount(rng, part, 100)).quantity
    return part.id, after - before  # not exact under contention: crash test only


def run(url: str, seed: int, ops: int, *, counts: bool = False,
        ready: Callable[[], None] = lambda: None,
        committed: Callable[[], None] = lambda: None) -> dict:
    """Open ``url`` and run ``ops`` random operations (0: until killed); ``ready()`` is
    called once the database is open and ``committed()`` after every committed one.
    Returns the summary described at the top of this module."""
    rng = random.Random(seed)
    # No daily backup here: the writers are about operations, and the backup folder of
    # a long-running helper process may not be this run's.
    db.open_database(url, auto_backup=False)
    parts = {p.id: p for p in Part.select().order_by(Part.id)}
    places = list(StockLocation.select().where(StockLocation.structural == False)  # noqa: E712
                  .order_by(StockLocation.id))
    ready()
    done = refused = 0
    net: dict[int, Decimal] = {}
    errors: list[str] = []
    while ops == 0 or done + refused + len(errors) < ops:
        try:
            part_id, delta = one_operation(rng, parts, places, counts)
        except REFUSALS:
            refused += 1
            continue
        except Exception as exc:  # noqa: BLE001 - every other failure is what we look for
            errors.append(f"{type(exc).__name__}: {exc}")
            if len(errors) <= 3:
                traceback.print_exc()
            continue
        done += 1
        net[part_id] = net.get(part_id, Decimal(0)) + delta
        committed()
    db.close()
    return {"done": done, "refused": refused, "errors": errors,
            "net": {str(k): str(v) for k, v in net.items()}}


def run_process(url: str, seed: int, ops: int, counts: bool, ready_event, counter,
                results) -> None:
    """Entry point of a writer started by multiprocessing (see harness.Writer)."""

    def committed() -> None:
        counter.value += 1  # only this process writes its counter

    summary = run(url, seed, ops, counts=counts, ready=ready_event.set, committed=committed)
    results.put(summary)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    summary = run(argv[0], int(argv[1]), int(argv[2]), counts="--counts" in argv,
                  ready=lambda: say("ready"), committed=lambda: say("ok"))
    say(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
