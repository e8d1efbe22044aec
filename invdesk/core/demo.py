"""Deterministic demo data at three scales.

The same seed always gives the same database. Parts, locations, stock and its
history are bulk-loaded (the large scale writes a million stock items and over
three million ledger entries), with every item's quantity equal to the sum of its
ledger entries, so ``invdesk check`` holds. Demo accounts mirror InvenTree's demo.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import peewee as pw

from invdesk.core import auth, quantity, search_index
from invdesk.core import db as dbmod
from invdesk.core.models import Part, PartCategory, StockLocation, User, database

SCALES = {
    #          parts,   items,  location sites/rooms/shelves/bins
    "small": (400, 1_100, (1, 2, 3, 3)),
    "medium": (10_000, 100_000, (2, 5, 5, 10)),
    "large": (100_000, 1_000_000, (5, 10, 10, 10)),
}
EPOCH = dt.datetime(2025, 1, 6, 8, 0, 0)  # fixed, so the data never depends on "now"
BATCH = 20_000

CATEGORY_TREE = {
    "Electronics": {
        "Passives": {"Resistors": {}, "Capacitors": {}, "Inductors": {}},
        "Semiconductors": {"Diodes": {}, "Transistors": {}, "ICs": {"Microcontrollers": {},
                                                                   "Regulators": {}}},
        "Connectors": {"Headers": {}, "USB": {}},
        "Electromechanical": {"Switches": {}, "Relays": {}},
        "Wire": {},
    },
    "Mechanical": {"Fasteners": {"Screws": {}, "Nuts": {}, "Washers": {}}, "Enclosures": {}},
    "Consumables": {"Paint": {}, "Solder": {}, "Adhesives": {}},
    "Assemblies": {},
}

# category leaf -> (name pattern, units, quantity range)
FAMILIES = {
    "Resistors": ("R {value}Ω {r_package} {tol}", "pcs", (100, 5000)),
    "Capacitors": ("C {cap} {volt} {c_package}", "pcs", (100, 4000)),
    "Inductors": ("L {ind} {l_package}", "pcs", (50, 1000)),
    "Diodes": ("Diode {diode} {d_package}", "pcs", (50, 2000)),
    "Transistors": ("Transistor {fet} {t_package}", "pcs", (20, 1000)),
    "Microcontrollers": ("MCU {mcu}", "pcs", (5, 200)),
    "Regulators": ("Regulator {reg}", "pcs", (10, 500)),
    "Headers": ("Header {pins}-pin {pitch}", "pcs", (10, 500)),
    "USB": ("USB {usb} connector", "pcs", (10, 300)),
    "Switches": ("Switch {switch}", "pcs", (10, 300)),
    "Relays": ("Relay {coil} coil", "pcs", (5, 100)),
    "Wire": ("Wire {awg}AWG {colour}", "m", (5, 300)),
    "Screws": ("Screw M{metric}x{length} {head}", "pcs", (100, 5000)),
    "Nuts": ("Nut M{metric} {metal}", "pcs", (100, 5000)),
    "Washers": ("Washer M{metric} {metal}", "pcs", (100, 5000)),
    "Enclosures": ("Enclosure {size} {colour}", "pcs", (2, 50)),
    "Paint": ("Paint {colour} {finish}", "l", (1, 40)),
    "Solder": ("Solder wire {alloy} {dia}", "kg", (1, 10)),
    "Adhesives": ("Adhesive {glue}", "pcs", (2, 60)),
    "Assemblies": ("Assembly {board} rev {rev}", "pcs", (1, 40)),
}
WORDS = {
    "value": ["10", "22", "47", "100", "220", "470", "1k", "2k2", "4k7", "10k", "22k", "47k",
              "100k", "220k", "1M"],
    "package": ["0402", "0603", "0805", "1206", "SOT-23", "SOIC-8", "TO-220", "QFN-32"],
    # Each family's own packages; every list as long as "package", so a seed picks the
    # same positions whichever family asks.
    "r_package": ["0402", "0603", "0805", "1206", "0402", "0603", "2512", "axial"],
    "c_package": ["0402", "0603", "0805", "1206", "1210", "0603", "radial", "axial"],
    "l_package": ["0603", "0805", "1206", "1210", "4x4 mm", "6x6 mm", "CD54", "axial"],
    "d_package": ["SOD-123", "SOD-323", "SMA", "SMB", "DO-41", "0603", "0805", "SOT-23"],
    "t_package": ["SOT-23", "SOT-323", "SOT-223", "TO-92", "TO-220", "DPAK", "SOIC-8",
                  "SOT-23"],
    "tol": ["1%", "5%", "0.5%"],
    "cap": ["10pF", "100pF", "1nF", "10nF", "100nF", "1µF", "4.7µF", "10µF", "100µF"],
    "volt": ["6.3V", "16V", "25V", "50V", "100V"],
    "ind": ["1µH", "2.2µH", "10µH", "47µH", "100µH"],
    "diode": ["1N4148", "1N4007", "BAT54", "SS14", "BZX84C5V1", "LED red", "LED green"],
    "fet": ["2N7002", "BSS138", "AO3401", "IRLZ44N", "BC547", "BC557", "MMBT3904"],
    "mcu": ["ATmega328P", "STM32F103C8", "STM32G031", "RP2040", "ESP32-S3", "nRF52840",
            "ATtiny85", "SAMD21"],
    "reg": ["AMS1117-3.3", "LM7805", "MCP1700-3302", "TPS63020", "LM2596", "AP2112K"],
    "pins": ["2", "3", "4", "6", "8", "10", "20", "40"],
    "pitch": ["2.54mm", "1.27mm", "2.0mm"],
    "usb": ["Type-C", "Micro-B", "Type-A", "Mini-B"],
    "switch": ["tactile 6mm", "slide SPDT", "toggle", "DIP-4", "rotary encoder"],
    "coil": ["5V", "12V", "24V"],
    "awg": ["10", "12", "16", "18", "22", "24", "26"],
    "colour": ["red", "black", "white", "blue", "green", "yellow", "grey"],
    "metric": ["2", "2.5", "3", "4", "5", "6", "8"],
    "length": ["4", "6", "8", "10", "12", "16", "20", "25"],
    "head": ["pan", "countersunk", "socket", "button"],
    "finish": ["matt", "gloss", "satin", "eggshell", "primer"],
    "metal": ["zinc", "stainless", "black oxide", "brass", "nylon"],
    "size": ["100x60x25", "120x80x40", "150x100x50", "200x120x60"],
    "alloy": ["Sn63Pb37", "SAC305", "Sn99Cu1"],
    "dia": ["0.5mm", "0.8mm", "1.0mm"],
    "glue": ["epoxy 2-part", "cyanoacrylate", "hot-melt sticks", "silicone"],
    "board": ["Sensor board", "Motor driver", "Power supply", "Controller", "Display module",
              "Widget"],
    "rev": ["A", "B", "C"],
}
STATUS_WEIGHTS = [("ok", 90), ("attention", 3), ("damaged", 2), ("quarantined", 2),
                  ("rejected", 1), ("lost", 1), ("returned", 1)]

DEMO_ROLES = {
    "readers": ({area: ("view",) for area in
                 ("parts", "stock", "locations", "build", "purchase", "sales", "return")},
                "View everything, change nothing"),
    "engineers": ({"parts": ("view", "add", "change", "delete"),
                   "stock": ("view", "add", "change", "delete"),
                   "locations": ("view", "add", "change", "delete"),
                   "build": ("view", "add", "change", "delete")},
                  "Parts, stock and builds; no purchase or sales orders"),
    "all-access": ({area: ("view", "add", "change", "delete") for area in
                    ("parts", "stock", "locations", "build", "purchase", "sales", "return")},
                   "View, create and edit everything except administration"),
}
DEMO_USERS = [  # InvenTree's demo accounts
    ("admin", "inventree", [], True),
    ("allaccess", "nolimits", ["all-access"], False),
    ("engineer", "partsonly", ["engineers"], False),
    ("reader", "readonly", ["readers"], False),
]

Progress = Callable[[str], None]


def generate(scale: str = "small", seed: int = 1,
             progress: Progress | None = None) -> dict[str, int]:
    """Fill the open (empty) database with demo data; returns what was written."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    from invdesk.core.errors import Conflict  # noqa: PLC0415

    if Part.select().exists():
        raise Conflict("The database already has parts; demo data goes into an empty "
                       "database (use a new --db).")
    say = progress or (lambda text: None)
    rng = random.Random(seed)
    n_parts, n_items, shape = SCALES[scale]
    counts: dict[str, int] = {}
    _users()
    counts["users"] = User.select().count()
    leaves = _categories()
    counts["categories"] = PartCategory.select().count()
    bins = _locations(shape)
    counts["locations"] = StockLocation.select().count()
    say(f"parts: {n_parts:,}")
    part_units = _parts(rng, n_parts, leaves)
    counts["parts"] = n_parts
    say(f"stock items: {n_items:,} with their ledger")
    counts["stock items"], counts["ledger entries"] = _stock(rng, n_items, part_units, bins)
    for extra in _EXTRAS:
        counts.update(extra(rng, scale))
    return counts


# Later areas (companies, orders, builds) add their demo data here: f(rng, scale) -> counts.
_EXTRAS: list[Callable[[random.Random, str], dict[str, int]]] = []


def _orders(rng: random.Random, scale: str) -> dict[str, int]:
    from invdesk.core import demo_orders  # noqa: PLC0415 - it builds on this module's data

    return demo_orders.generate(rng, scale)


_EXTRAS.append(_orders)


def ensure_demo_database(path: str | Path) -> None:
    """Create the small demo database at ``path`` unless it exists already."""
    path = Path(path)
    if path.exists():
        return
    partial = path.with_suffix(".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    dbmod.open_database(str(partial))
    try:
        generate("small")
    finally:
        dbmod.close()
    partial.rename(path)


def _users() -> None:
    for name, (grants, description) in DEMO_ROLES.items():
        auth.define_role(name, grants, description=description)
    for username, password, roles, superuser in DEMO_USERS:
        existing = User.get_or_none(User.username == username)
        if existing is None:
            auth.create_user(username, password, roles=roles, superuser=superuser)
        elif not existing.password_hash:
            User.update(password_hash=auth.hash_password(password)).where(
                User.id == existing.id).execute()


def _categories() -> list[tuple[str, PartCategory]]:
    from invdesk.core import tree  # noqa: PLC0415

    leaves: list[tuple[str, PartCategory]] = []

    def walk(children: dict, parent: PartCategory | None) -> None:
        for name, below in children.items():
            node = tree.create(PartCategory, name, parent, "category",
                               structural=bool(below))
            if below:
                walk(below, node)
            else:
                leaves.append((name, node))

    walk(CATEGORY_TREE, None)
    return leaves


def _locations(shape: tuple[int, int, int, int]) -> list[int]:
    """A site/room/shelf/bin tree; returns the ids of the bins (where stock lives)."""
    sites, rooms, shelves, bins = shape
    db = database.obj
    rows = []
    next_id = 1
    leaf_ids: list[int] = []
    for s in range(sites):
        site_id = next_id
        next_id += 1
        site = f"Site {chr(65 + s)}" if sites > 1 else "Workshop"
        rows.append((site_id, site, "", site, f"{site_id}/", None, True, False))
        for r in range(rooms):
            room_id = next_id
            next_id += 1
            room = f"{site}/Room {r + 1}"
            rows.append((room_id, f"Room {r + 1}", "", room, f"{site_id}/{room_id}/", site_id,
                         True, False))
            for sh in range(shelves):
                shelf_id = next_id
                next_id += 1
                shelf = f"{room}/Shelf {chr(65 + sh)}"
                rows.append((shelf_id, f"Shelf {chr(65 + sh)}", "", shelf,
                             f"{site_id}/{room_id}/{shelf_id}/", room_id, False, False))
                for b in range(bins):
                    bin_id = next_id
                    next_id += 1
                    rows.append((bin_id, f"Bin {b + 1}", "", f"{shelf}/Bin {b + 1}",
                                 f"{site_id}/{room_id}/{shelf_id}/{bin_id}/", shelf_id, False,
                                 False))
                    leaf_ids.append(bin_id)
    _bulk(db, "stock_location", ("id", "name", "description", "path", "tree", "parent_id",
                                 "structural", "external"), rows)
    return leaf_ids


def _name(rng: random.Random, family: str) -> str:
    pattern = FAMILIES[family][0]
    return pattern.format(**{k: rng.choice(v) for k, v in WORDS.items() if "{" + k in pattern})


def _parts(rng: random.Random, n: int, leaves: list[tuple[str, PartCategory]]) -> list[str]:
    db = database.obj
    owner = auth.owner().id
    created = _ts(EPOCH)
    units_of: list[str] = [""]  # index = part id
    rows = []
    for pid in range(1, n + 1):
        family, category = leaves[rng.randrange(len(leaves))]
        units = FAMILIES[family][1]
        units_of.append(units)
        assembly = family == "Assemblies"
        name = f"{_name(rng, family)} #{pid}" if n > 2000 else _name(rng, family)
        rows.append((pid, name, f"{family[:3].upper()}-{pid:06d}", "", f"{family} demo part",
                     family.lower(), category.id, units,
                     quantity.to_db(rng.choice((0, 0, 10, 25, 50, 100))), "", "", "",
                     assembly, not assembly, not assembly, assembly, False, False, True,
                     False, None, 0, created, owner))
        if len(rows) >= BATCH:
            _bulk(db, "part", _PART_COLUMNS, rows)
            rows = []
    _bulk(db, "part", _PART_COLUMNS, rows)
    return units_of


_PART_COLUMNS = ("id", "name", "ipn", "revision", "description", "keywords", "category_id",
                 "units", "minimum_stock", "link", "image", "notes", "assembly", "component",
                 "purchaseable", "salable", "trackable", "virtual", "active", "is_template",
                 "variant_of_id", "default_expiry_days", "created", "creator_id")
_ITEM_COLUMNS = ("id", "part_id", "location_id", "quantity", "status", "batch", "serial",
                 "expiry", "purchase_currency", "notes", "created", "updated")
_OP_COLUMNS = ("id", "kind", "user_id", "created", "note", "reverses_id")
_ENTRY_COLUMNS = ("id", "operation_id", "item_id", "kind", "delta", "quantity_after",
                  "location_from_id", "location_to_id")


def _stock(rng: random.Random, n: int, units_of: list[str],
           bins: Sequence[int]) -> tuple[int, int]:
    """Items with a receive entry and two or three more (remove, add, move, count)."""
    db = database.obj
    users = [u.id for u in User.select(User.id).order_by(User.id)]
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    n_parts = len(units_of) - 1
    items, ops, entries = [], [], []
    op_id = entry_id = 0
    seconds = 600 * 86400
    unit = quantity.SCALE  # quantities below are whole millionths: exact and cheap
    stamp = _Stamps()
    with _bulk_load(db, ("stock_item", "stock_operation", "stock_entry")):
        for item_id in range(1, n + 1):
            part_id = rng.randint(1, n_parts)
            units = units_of[part_id]
            low, high = FAMILIES_RANGE[units]
            scale = 1 if units == "pcs" else 100
            qty = rng.randint(low * scale, high * scale) * (unit // scale)
            whole = qty // unit
            location = bins[rng.randrange(len(bins))]
            when = rng.randrange(seconds)
            user = users[rng.randrange(len(users))]
            history = [("receive", qty, None, location)]
            current, where = qty, location
            for _ in range(2 + (rng.random() < 0.1)):
                roll = rng.random()
                if roll < 0.35:
                    take = min(current, rng.randint(1, max(1, whole // 4)) * unit)
                    history.append(("remove", -take, None, None))
                    current -= take
                elif roll < 0.55:
                    more = rng.randint(1, max(1, whole // 5 or 1)) * unit
                    history.append(("add", more, None, None))
                    current += more
                elif roll < 0.8:
                    target = bins[rng.randrange(len(bins))]
                    if target != where:
                        history.append(("move", 0, where, target))
                        where = target
                    else:
                        history.append(("count", 0, None, None))
                else:
                    counted = max(0, current + rng.randint(-3, 2) * unit)
                    history.append(("count", counted - current, None, None))
                    current = counted
            status = statuses[rng.randrange(len(statuses))]
            expiry = None
            if rng.random() < 0.05:
                expiry = (EPOCH + dt.timedelta(days=rng.randint(200, 900))).date().isoformat()
            batch = f"B{rng.randint(1000, 9999)}" if rng.random() < 0.3 else None
            created = stamp(when)
            items.append((item_id, part_id, where, current, status, batch, None,
                          expiry, "", "", created, created))
            after = 0
            for kind, delta, source, target in history:
                op_id += 1
                entry_id += 1
                after += delta
                ops.append((op_id, kind, user, stamp(when), "", None))
                entries.append((entry_id, op_id, item_id, kind, delta, after, source, target))
                when += rng.randrange(86400 * 3)
            if len(entries) >= BATCH * 3:
                _flush(db, items, ops, entries)
                items, ops, entries = [], [], []
        _flush(db, items, ops, entries)
    if not dbmod.is_sqlite(db):
        _reset_sequences(db)
    search_index.rebuild(db)
    return n, entry_id


FAMILIES_RANGE = {"pcs": (1, 2000), "m": (1, 100), "l": (1, 20), "kg": (1, 5)}


def _flush(db: pw.Database, items: list, ops: list, entries: list) -> None:
    with db.atomic():
        _bulk(db, "stock_item", _ITEM_COLUMNS, items)
        _bulk(db, "stock_operation", _OP_COLUMNS, ops)
        _bulk(db, "stock_entry", _ENTRY_COLUMNS, entries)


@contextmanager
def _bulk_load(db: pw.Database, tables: tuple[str, ...]) -> Iterator[None]:
    """Load without secondary indexes (built once at the end: far faster than keeping
    them up to date row by row) and without waiting for the disk after each batch."""
    if not dbmod.is_sqlite(db):
        yield
        return
    marks = ", ".join("?" * len(tables))
    indexes = db.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})", tables).fetchall()
    for name, _ in indexes:
        db.execute_sql(f'DROP INDEX "{name}"')
    db.execute_sql("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        for _, sql in indexes:
            db.execute_sql(sql)
        db.execute_sql("PRAGMA synchronous = NORMAL")


def _ts(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


class _Stamps:
    """Seconds after EPOCH as timestamp text, without a strftime for every row."""

    def __init__(self) -> None:
        self._midnight = EPOCH.replace(hour=0, minute=0, second=0)
        self._offset = (EPOCH - self._midnight).seconds
        self._days: dict[int, str] = {}

    def __call__(self, seconds: int) -> str:
        day, rest = divmod(seconds + self._offset, 86400)
        date = self._days.get(day)
        if date is None:
            date = (self._midnight + dt.timedelta(days=day)).strftime("%Y-%m-%d")
            self._days[day] = date
        hours, rest = divmod(rest, 3600)
        return f"{date} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def _bulk(db: pw.Database, table: str, columns: Iterable[str], rows: list) -> None:
    if not rows:
        return
    columns = list(columns)
    names = ", ".join(f'"{c}"' for c in columns)
    if dbmod.is_sqlite(db):
        marks = ", ".join("?" * len(columns))
        db.cursor().executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
    else:
        from psycopg2.extras import execute_values  # noqa: PLC0415

        execute_values(db.cursor(), f'INSERT INTO "{table}" ({names}) VALUES %s', rows,
                       page_size=5000)


def _reset_sequences(db: pw.Database) -> None:
    for table in ("stock_location", "part", "stock_item", "stock_operation", "stock_entry"):
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"coalesce((SELECT max(id) FROM \"{table}\"), 1))")
