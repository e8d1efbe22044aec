"""Hostile text in every text field and in every search: it is stored as typed or refused
with a clear message, it never runs as SQL or FTS syntax, and it breaks nothing."""

from __future__ import annotations

import functools
import itertools

import pytest

from invdesk.core import (
    activity,
    auth,
    barcodes,
    bom,
    builds,
    companies,
    locations,
    parts,
    purchasing,
    sales,
    search,
    stock,
    users,
)
from invdesk.core.errors import InvdeskError, ValidationError
from invdesk.core.models import (
    BarcodeLink,
    BomItem,
    BuildOrder,
    Company,
    Contact,
    Part,
    PartCategory,
    PurchaseOrder,
    SalesOrder,
    StockItem,
    StockLocation,
    SupplierPart,
    User,
)
from tests.core.helpers import snapshot

pytestmark = pytest.mark.usefixtures("any_db")

HOSTILE = [
    "'; DROP TABLE part; --",
    "\" OR 1=1 --",
    "x' OR '1'='1",
    "1; DELETE FROM stock_item",
    "Robert'); DROP TABLE user;--",
    "\"a\" OR b*",
    "NEAR(a b, 2)",
    "a AND",
    "*",
    "^start",
    "name:resistor",
    "{name ipn}: x",
    "-excluded",
    "%s %d %n {0} {user.password_hash} %(x)s {{}}",
    "%_\\",
    "\u202eevil.exe",
    "e\u0301\u200b\ufeff",
    "🙂🔩" * 5,
    "\r\n\t",
    "\x00null\x01",
    "\ud800lone",
    "q\udcffz",
    "x" * 100_000,
]
_ids = [repr(text[:12]) for text in HOSTILE]
_n = itertools.count(1)


def clean_or_refused(create, read_back, text: str) -> None:
    """``create(text)`` stores ``text`` exactly, or is refused leaving everything as it was."""
    if isinstance(create, tuple):  # (prepare, create): prepare what the field belongs to
        prepared = create[0]()
        create = functools.partial(create[1], prepared)
    before = snapshot()
    try:
        obj = create(text)
    except ValidationError:
        assert snapshot() == before
        return
    stored = read_back(obj)
    if not text.strip():
        return  # blank means "not given": empty, or a default such as a generated reference
    # Stored values may be trimmed of surrounding white space, never otherwise changed.
    assert stored in (text, text.strip()), (text[:30], (stored or "")[:30])


def _supplier():
    return companies.add(f"S{next(_n)}", supplier=True)


def _customer():
    return companies.add(f"K{next(_n)}", customer=True)


def _buyable():
    return parts.add(f"P{next(_n)}", purchaseable=True), _supplier()


def _assembly():
    return parts.add(f"A{next(_n)}", assembly=True)


def _link_of(part):
    row = BarcodeLink.get(BarcodeLink.kind == "part", BarcodeLink.object_id == part.id)
    return row.text


def _part_and_place():
    return parts.add(f"P{next(_n)}"), locations.ensure("Lab")


FIELDS = [
    ("part name", lambda t: parts.add(t), lambda o: Part.get_by_id(o.id).name),
    ("part description", lambda t: parts.add(f"P{next(_n)}", description=t),
     lambda o: Part.get_by_id(o.id).description),
    ("part IPN", lambda t: parts.add(f"P{next(_n)}", ipn=t), lambda o: Part.get_by_id(o.id).ipn),
    ("part notes", lambda t: parts.add(f"P{next(_n)}", notes=t),
     lambda o: Part.get_by_id(o.id).notes),
    ("category name", lambda t: parts.add_category(t),
     lambda o: PartCategory.get_by_id(o.id).name),
    ("location name", lambda t: locations.add(t), lambda o: StockLocation.get_by_id(o.id).name),
    ("location description", lambda t: locations.add(f"L{next(_n)}", description=t),
     lambda o: StockLocation.get_by_id(o.id).description),
    ("batch code", (_part_and_place, lambda pl, t: stock.receive(*pl, "1", batch=t)),
     lambda o: StockItem.get_by_id(o.id).batch),
    ("serial number", (_part_and_place, lambda pl, t: stock.receive(*pl, "1", serial=t)),
     lambda o: StockItem.get_by_id(o.id).serial),
    ("stock note", (_part_and_place, lambda pl, t: stock.receive(*pl, "1", note=t)),
     lambda o: stock.history(o)[0].operation.note),
    ("company name", lambda t: companies.add(t, supplier=True),
     lambda o: Company.get_by_id(o.id).name),
    ("company notes", lambda t: companies.add(f"C{next(_n)}", customer=True, notes=t),
     lambda o: Company.get_by_id(o.id).notes),
    ("contact name", (_supplier, lambda co, t: companies.add_contact(co, t)),
     lambda o: Contact.get_by_id(o.id).name),
    ("SKU", (_buyable, lambda pc, t: companies.add_supplier_part(pc[0], pc[1], t)),
     lambda o: SupplierPart.get_by_id(o.id).sku),
    ("purchase order description",
     (_supplier, lambda co, t: purchasing.new(co, description=t)),
     lambda o: PurchaseOrder.get_by_id(o.id).description),
    ("purchase order reference", (_supplier, lambda co, t: purchasing.new(co, reference=t)),
     lambda o: PurchaseOrder.get_by_id(o.id).reference),
    ("sales order customer reference",
     (_customer, lambda co, t: sales.new(co, customer_reference=t)),
     lambda o: SalesOrder.get_by_id(o.id).customer_reference),
    ("build title", (_assembly, lambda asm, t: builds.new(asm, "1", title=t)),
     lambda o: BuildOrder.get_by_id(o.id).title),
    ("BOM reference", (lambda: (_assembly(), parts.add(f"P{next(_n)}")),
                       lambda ac, t: bom.add_line(ac[0], ac[1], "1", reference=t)),
     lambda o: BomItem.get_by_id(o.id).reference),
    ("external barcode", (_part_and_place, lambda pl, t: (barcodes.link(t, "part", pl[0].id),
                                                         pl[0])[1]),
     _link_of),
    ("user name", lambda t: users.add(t, None), lambda o: User.get_by_id(o.id).username),
    ("full name", lambda t: users.add(f"u{next(_n)}", None, full_name=t),
     lambda o: User.get_by_id(o.id).full_name),
]


@pytest.mark.parametrize("text", HOSTILE, ids=_ids)
def test_hostile_text_in_every_field_is_stored_verbatim_or_refused(text):
    for _name, create, read_back in FIELDS:
        clean_or_refused(create, read_back, text)
    # Nothing was dropped or emptied along the way.
    assert Part.select().count() >= 0 and User.select().where(
        User.username == auth.OWNER).exists()


@pytest.mark.parametrize("text", HOSTILE, ids=_ids)
def test_hostile_text_in_every_search_finds_only_what_matches(text):
    parts.add("Resistor 10k", description="thick film")
    stock.receive(parts.add("Capacitor"), locations.ensure("Lab/Shelf"), "3", batch="LOT-1")
    companies.add("DigiKey", supplier=True)
    before = snapshot()
    if not search.clean(text):  # white space only: no filter at all
        assert [p.name for p in parts.listing(text=text)] == ["Capacitor", "Resistor 10k"]
        return
    assert [p.name for p in parts.listing(text=text)] == []
    assert list(search.stock_items(text)) == []
    assert list(search.locations(text)) == []
    assert all(list(query) == [] for query in search.orders(text))
    assert list(companies.listing(text=text)) == []
    for lookup in (parts.get, locations.get, users.get, stock.get):
        with pytest.raises(InvdeskError):
            lookup(text)
    assert users.badge_user(text) is None
    with pytest.raises(users.LoginRefused):
        users.login(text, text)
    assert snapshot() == before


def test_search_text_is_data_even_when_it_matches():
    tricky = parts.add('Cable "a" OR b* NEAR(x) 100%_off')
    parts.add("Cable plain")
    assert [p.id for p in parts.listing(text='"a" OR b*')] == [tricky.id]
    assert [p.id for p in parts.listing(text="100%_")] == [tricky.id]
    # One or two characters match the start of a name: a wildcard would match both.
    odd = parts.add("%_ odd start")
    assert [p.id for p in parts.listing(text="%")] == [odd.id]
    assert [p.name for p in parts.listing(text="_")] == []


def test_hostile_text_in_the_activity_view_is_shown_as_written():
    evil = "'; DROP TABLE audit_entry; -- {0} %s"
    it = stock.receive(parts.add("Fuse"), locations.ensure("Lab"), "2", note=evil)
    row = activity.page(activity.Filter(obj=it))[0]
    assert evil in row.detail
    assert activity.count() == 1
