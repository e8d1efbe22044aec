"""Companies (suppliers, manufacturers, customers), their contacts and addresses,
manufacturer parts (MPN), supplier parts (SKU) and supplier price breaks.

A price break says: buying at least ``quantity`` packs costs ``price`` per pack. The
unit price of a part is the pack price divided by the supplier part's pack quantity.

Suppliers and manufacturers are the buyers' business (the purchase permission);
companies that are customers only are the sales people's (the sales permission).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from invdesk.core import auth, events, ids, quantity, search
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import (
    Address,
    Company,
    Contact,
    ManufacturerPart,
    Part,
    PriceBreak,
    SupplierPart,
    User,
)

ROLES = ("supplier", "manufacturer", "customer")
EDITABLE = ("name", "description", "website", "email", "phone", "currency", "is_supplier",
            "is_manufacturer", "is_customer", "active", "notes")
MILLIONTH = Decimal("0.000001")


# ---------------------------------------------------------------- helpers

def _text(value: object, what: str, limit: int, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError(f"The {what} is empty.")
    if len(text) > limit:
        raise ValidationError(f"The {what} is longer than {limit} characters.")
    return text


def clean_currency(value: object) -> str:
    code = str(value or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValidationError(f"A currency is a three-letter code such as USD or EUR, "
                              f"not {value!r}.")
    return code


def unit_price(pack_price: Decimal, pack_quantity: Decimal) -> Decimal:
    """Price of one unit of the part, to the millionth."""
    if pack_quantity == 1:
        return pack_price
    return quantity.normal((pack_price / pack_quantity).quantize(MILLIONTH, ROUND_HALF_UP))


# ---------------------------------------------------------------- companies

def _area(sells_to_us: bool) -> str:
    """Whose permission a company needs: buyers look after suppliers and manufacturers,
    sales after companies that are customers only."""
    return "purchase" if sells_to_us else "sales"


def get(ref: object) -> Company:
    """A company by id or exact (case-insensitive) name."""
    if isinstance(ref, Company):
        return ref
    text = str(ref or "").strip()
    if not text:
        raise ValidationError("No company given.")
    if (number := ids.parse(text)) is not None:
        found = Company.get_or_none(Company.id == number)
        if found is not None:
            return found
    found = Company.get_or_none(Company.name == text)
    if found is None:
        found = Company.get_or_none(pw.fn.lower(Company.name) == text.lower())
    if found is None:
        raise NotFound(f"No company with id or name {text!r}.")
    return found


def _validate(fields: dict[str, object], current: Company | None) -> dict[str, object]:
    clean: dict[str, object] = {}
    for key, value in fields.items():
        if key not in EDITABLE:
            raise ValidationError(f"A company has no editable field {key!r}.")
        clean[key] = value
    if "name" in clean:
        name = _text(clean["name"], "company name", 200, required=True)
        clash = Company.get_or_none(pw.fn.lower(Company.name) == name.lower())
        if clash is not None and (current is None or clash.id != current.id):
            raise Conflict(f"There is already a company named {clash.name!r}.")
        clean["name"] = name
    if "currency" in clean:
        clean["currency"] = clean_currency(clean["currency"])
    for key, limit in (("email", 254), ("phone", 50)):
        if key in clean:
            clean[key] = _text(clean[key], key, limit)
    for key in ("description", "website", "notes"):
        if key in clean:
            clean[key] = str(clean[key] or "")
    for key in ("is_supplier", "is_manufacturer", "is_customer", "active"):
        if key in clean:
            clean[key] = bool(clean[key])
    return clean


@transactional
def add(name: str, *, supplier: bool = False, manufacturer: bool = False,
        customer: bool = False, currency: str = "USD", user: User | None = None,
        **fields: object) -> Company:
    """Create a company with its roles (supplier, manufacturer, customer)."""
    auth.require(user, _area(supplier or manufacturer), "add")
    values = _validate(dict(name=name, is_supplier=supplier, is_manufacturer=manufacturer,
                            is_customer=customer, currency=currency, **fields), None)
    company = Company.create(**values)
    events.changed("company", [company.id])
    return company


@transactional
def edit(company: Company, *, user: User | None = None, **fields: object) -> Company:
    sells = (company.is_supplier or company.is_manufacturer
             or bool(fields.get("is_supplier")) or bool(fields.get("is_manufacturer")))
    auth.require(user, _area(sells), "change")
    values = _validate(fields, company)
    if values:
        Company.update(**values).where(Company.id == company.id).execute()
    events.changed("company", [company.id])
    return Company.get_by_id(company.id)


@transactional
def add_contact(company: Company, name: str, *, role: str = "", email: str = "",
                phone: str = "", user: User | None = None) -> Contact:
    auth.require(user, _area(company.is_supplier or company.is_manufacturer), "change")
    contact = Contact.create(company=company, name=_text(name, "contact name", 200,
                                                         required=True),
                             role=_text(role, "role", 100), email=_text(email, "email", 254),
                             phone=_text(phone, "phone", 50))
    events.changed("contact", [contact.id])
    return contact


@transactional
def add_address(company: Company, *, title: str = "", line1: str = "", line2: str = "",
                postal_code: str = "", city: str = "", region: str = "", country: str = "",
                primary: bool = False, user: User | None = None) -> Address:
    """Add an address; a primary address replaces the previous primary one."""
    auth.require(user, _area(company.is_supplier or company.is_manufacturer), "change")
    values = {"title": _text(title, "address title", 100), "line1": _text(line1, "line 1", 200),
              "line2": _text(line2, "line 2", 200),
              "postal_code": _text(postal_code, "postal code", 20),
              "city": _text(city, "city", 100), "region": _text(region, "region", 100),
              "country": _text(country, "country", 100)}
    if not any(values.values()):
        raise ValidationError("The address is empty; fill in at least one line.")
    if primary or not Address.select().where(Address.company == company).exists():
        Address.update(primary=False).where(Address.company == company).execute()
        primary = True
    address = Address.create(company=company, primary=primary, **values)
    events.changed("address", [address.id])
    return address


def listing(*, text: str = "", role: str | None = None,
            active_only: bool = False) -> pw.ModelSelect:
    """Companies filtered in SQL (by name substring and role), ordered by name."""
    query = Company.select()
    if role is not None:
        if role not in ROLES:
            raise ValidationError(f"Unknown company role {role!r}; use one of: "
                                  f"{', '.join(ROLES)}.")
        query = query.where(getattr(Company, f"is_{role}") == True)  # noqa: E712
    if active_only:
        query = query.where(Company.active == True)  # noqa: E712
    text = search.clean(text)
    if text:
        query = query.where(search.ilike(Company.name, text)
                            | search.ilike(Company.description, text))
    return query.order_by(Company.name, Company.id)


def contacts(company: Company) -> pw.ModelSelect:
    return Contact.select().where(Contact.company == company).order_by(Contact.name, Contact.id)


def addresses(company: Company) -> pw.ModelSelect:
    return (Address.select().where(Address.company == company)
            .order_by(Address.primary.desc(), Address.id))


def roles(company: Company) -> list[str]:
    return [role for role in ROLES if getattr(company, f"is_{role}")]


# ---------------------------------------------------------------- manufacturer parts

def _require_role(company: Company, role: str) -> None:
    if not getattr(company, f"is_{role}"):
        raise ValidationError(f"{company.name} is not marked as a {role}; mark it as one "
                              f"first.")


@transactional
def add_manufacturer_part(part: Part, manufacturer: Company, mpn: str, *,
                          description: str = "", link: str = "",
                          user: User | None = None) -> ManufacturerPart:
    """Record that ``manufacturer`` makes ``part`` as ``mpn``."""
    auth.require(user, "purchase", "add")
    _require_role(manufacturer, "manufacturer")
    mpn = _text(mpn, "MPN", 100, required=True)
    clash = ManufacturerPart.get_or_none(ManufacturerPart.manufacturer == manufacturer,
                                         ManufacturerPart.mpn == mpn)
    if clash is not None:
        raise Conflict(f"{manufacturer.name} MPN {mpn!r} already exists (for part "
                       f"{Part.get_by_id(clash.part_id).name!r}).")
    made = ManufacturerPart.create(part=part, manufacturer=manufacturer, mpn=mpn,
                                   description=str(description or ""), link=str(link or ""))
    events.changed("manufacturer_part", [made.id])
    return made


def find_manufacturer_part(manufacturer: Company, mpn: str) -> ManufacturerPart | None:
    return ManufacturerPart.get_or_none(ManufacturerPart.manufacturer == manufacturer,
                                        ManufacturerPart.mpn == mpn.strip())


def manufacturer_parts(*, part: Part | None = None, manufacturer: Company | None = None,
                       text: str = "") -> pw.ModelSelect:
    query = (ManufacturerPart.select(ManufacturerPart, Part, Company)
             .join(Part).switch(ManufacturerPart).join(Company))
    if part is not None:
        query = query.where(ManufacturerPart.part == part)
    if manufacturer is not None:
        query = query.where(ManufacturerPart.manufacturer == manufacturer)
    text = search.clean(text)
    if text:
        query = query.where(search.ilike(ManufacturerPart.mpn, text))
    return query.order_by(ManufacturerPart.mpn, ManufacturerPart.id)


# ---------------------------------------------------------------- supplier parts

def _breaks(prices: Iterable[tuple[object, object]] | None) -> list[tuple[Decimal, Decimal]]:
    rows: list[tuple[Decimal, Decimal]] = []
    for qty, price in prices or ():
        q = quantity.parse(qty, what="price break quantity", allow_zero=False)
        p = quantity.parse(price, what="price")
        if any(q == seen for seen, _ in rows):
            raise ValidationError(f"Two price breaks at quantity {quantity.format(q)}; "
                                  f"give each quantity once.")
        rows.append((q, p))
    return sorted(rows)


def parse_price_break(text: str) -> tuple[Decimal, Decimal]:
    """"QTY:PRICE" (e.g. "100:0.012") as a quantity and a price."""
    qty, sep, price = str(text).partition(":")
    if not sep:
        raise ValidationError(f"A price break is QTY:PRICE, e.g. 100:0.012, not {text!r}.")
    ((q, p),) = _breaks([(qty, price)])
    return q, p


@transactional
def add_supplier_part(part: Part, supplier: Company, sku: str, *,
                      manufacturer_part: ManufacturerPart | None = None,
                      mpn: str | None = None, manufacturer: Company | None = None,
                      pack_quantity: object = 1, link: str = "", description: str = "",
                      packaging: str = "",
                      prices: Sequence[tuple[object, object]] | None = None,
                      currency: str | None = None, user: User | None = None) -> SupplierPart:
    """Record that ``supplier`` sells ``part`` as ``sku``, with optional price breaks.

    ``mpn`` with ``manufacturer`` links (or creates) the manufacturer part.
    """
    auth.require(user, "purchase", "add")
    _require_role(supplier, "supplier")
    sku = _text(sku, "SKU", 100, required=True)
    if SupplierPart.select().where(SupplierPart.supplier == supplier,
                                   SupplierPart.sku == sku).exists():
        raise Conflict(f"{supplier.name} already has a supplier part with SKU {sku!r}.")
    if not part.purchaseable:
        raise ValidationError(f"Part {part.name!r} is not purchaseable; mark it purchaseable "
                              f"before adding a supplier for it.")
    pack = quantity.parse(pack_quantity, what="pack quantity", allow_zero=False)
    breaks = _breaks(prices)
    currency = clean_currency(currency or supplier.currency)
    if mpn:
        if manufacturer is None:
            raise ValidationError("An MPN needs its manufacturer (--manufacturer NAME).")
        manufacturer_part = (find_manufacturer_part(manufacturer, mpn)
                             or add_manufacturer_part(part, manufacturer, mpn, user=user))
    if manufacturer_part is not None and manufacturer_part.part_id != part.id:
        raise Conflict(f"MPN {manufacturer_part.mpn!r} belongs to another part "
                       f"({Part.get_by_id(manufacturer_part.part_id).name!r}).")
    sold = SupplierPart.create(part=part, supplier=supplier, sku=sku,
                               manufacturer_part=manufacturer_part, pack_quantity=pack,
                               link=str(link or ""), description=str(description or ""),
                               packaging=_text(packaging, "packaging", 50))
    for qty, price in breaks:
        PriceBreak.create(supplier_part=sold, quantity=qty, price=price, currency=currency)
    events.changed("supplier_part", [sold.id])
    return sold


@transactional
def edit_supplier_part(supplier_part: SupplierPart, *, user: User | None = None,
                       **fields: object) -> SupplierPart:
    """Change SKU, pack quantity, link, description, packaging or active."""
    auth.require(user, "purchase", "change")
    allowed = ("sku", "pack_quantity", "link", "description", "packaging", "active")
    values: dict[str, object] = {}
    for key, value in fields.items():
        if key not in allowed:
            raise ValidationError(f"A supplier part has no editable field {key!r}; "
                                  f"editable: {', '.join(allowed)}.")
        values[key] = value
    if "sku" in values:
        sku = _text(values["sku"], "SKU", 100, required=True)
        clash = SupplierPart.get_or_none(SupplierPart.supplier == supplier_part.supplier_id,
                                         SupplierPart.sku == sku)
        if clash is not None and clash.id != supplier_part.id:
            raise Conflict(f"This supplier already has a supplier part with SKU {sku!r}.")
        values["sku"] = sku
    if "pack_quantity" in values:
        values["pack_quantity"] = quantity.parse(values["pack_quantity"],
                                                 what="pack quantity", allow_zero=False)
    if "packaging" in values:
        values["packaging"] = _text(values["packaging"], "packaging", 50)
    for key in ("link", "description"):
        if key in values:
            values[key] = str(values[key] or "")
    if "active" in values:
        values["active"] = bool(values["active"])
    if values:
        SupplierPart.update(**values).where(SupplierPart.id == supplier_part.id).execute()
    events.changed("supplier_part", [supplier_part.id])
    return SupplierPart.get_by_id(supplier_part.id)


@transactional
def set_price_break(supplier_part: SupplierPart, qty: object, price: object, *,
                    currency: str | None = None, user: User | None = None) -> PriceBreak:
    """Add or replace the price break at ``qty``."""
    auth.require(user, "purchase", "change")
    ((q, p),) = _breaks([(qty, price)])
    code = clean_currency(currency or Company.get_by_id(supplier_part.supplier_id).currency)
    existing = PriceBreak.get_or_none(PriceBreak.supplier_part == supplier_part,
                                      PriceBreak.quantity == q)
    if existing is not None:
        PriceBreak.update(price=p, currency=code).where(PriceBreak.id == existing.id).execute()
        row = PriceBreak.get_by_id(existing.id)
    else:
        row = PriceBreak.create(supplier_part=supplier_part, quantity=q, price=p, currency=code)
    events.changed("price_break", [row.id])
    return row


@transactional
def remove_price_break(supplier_part: SupplierPart, qty: object, *,
                       user: User | None = None) -> None:
    auth.require(user, "purchase", "change")
    q = quantity.parse(qty, what="price break quantity", allow_zero=False)
    count = PriceBreak.delete().where(PriceBreak.supplier_part == supplier_part,
                                      PriceBreak.quantity == q).execute()
    if not count:
        raise NotFound(f"Supplier part {supplier_part.sku} has no price break at "
                       f"{quantity.format(q)}.")
    events.changed("price_break")


def supplier_part(ref: object, *, supplier: Company | None = None) -> SupplierPart:
    """A supplier part by id or SKU (the supplier narrows an SKU two suppliers share)."""
    if isinstance(ref, SupplierPart):
        return ref
    text = str(ref or "").strip()
    if not text:
        raise ValidationError("No supplier part (SKU) given.")
    query = SupplierPart.select().where(SupplierPart.sku == text)
    if supplier is not None:
        query = query.where(SupplierPart.supplier == supplier)
    found = list(query.limit(2))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise Conflict(f"More than one supplier sells SKU {text!r}; name the supplier.")
    if (number := ids.parse(text)) is not None:
        by_id = SupplierPart.get_or_none(SupplierPart.id == number)
        if by_id is not None and (supplier is None or by_id.supplier_id == supplier.id):
            return by_id
    where = f" from {supplier.name}" if supplier is not None else ""
    raise NotFound(f"No supplier part with SKU or id {text!r}{where}.")


def supplier_parts(*, part: Part | None = None, supplier: Company | None = None,
                   text: str = "", active_only: bool = False) -> pw.ModelSelect:
    """Supplier parts with part, supplier and MPN, filtered in SQL, ordered by SKU."""
    query = (SupplierPart.select(SupplierPart, Part, Company, ManufacturerPart)
             .join(Part).switch(SupplierPart)
             .join(Company, on=(SupplierPart.supplier == Company.id)).switch(SupplierPart)
             .join(ManufacturerPart, pw.JOIN.LEFT_OUTER))
    if part is not None:
        query = query.where(SupplierPart.part == part)
    if supplier is not None:
        query = query.where(SupplierPart.supplier == supplier)
    if active_only:
        query = query.where(SupplierPart.active == True)  # noqa: E712
    text = search.clean(text)
    if text:
        query = query.where(search.ilike(SupplierPart.sku, text)
                            | search.ilike(Part.name, text)
                            | search.ilike(ManufacturerPart.mpn, text))
    return query.order_by(SupplierPart.sku, SupplierPart.id)


def price_breaks(supplier_part: SupplierPart) -> pw.ModelSelect:
    return (PriceBreak.select().where(PriceBreak.supplier_part == supplier_part)
            .order_by(PriceBreak.quantity))


def pack_price(supplier_part: SupplierPart, packs: object = 1) -> PriceBreak | None:
    """The price break that applies when buying ``packs`` packs (None if unpriced)."""
    q = quantity.parse(packs, what="quantity")
    row = (PriceBreak.select().where(PriceBreak.supplier_part == supplier_part,
                                     PriceBreak.quantity <= q)
           .order_by(PriceBreak.quantity.desc()).first())
    if row is None:  # below the smallest break: the smallest break's price still applies
        row = price_breaks(supplier_part).first()
    return row


def best_unit_price(part: Part, units: object = 1) -> tuple[Decimal, str] | None:
    """The lowest unit price any supplier offers for ``units`` of ``part``, with currency."""
    need = quantity.parse(units, what="quantity")
    best: tuple[Decimal, str] | None = None
    for sold in SupplierPart.select().where(SupplierPart.part == part,
                                            SupplierPart.active == True):  # noqa: E712
        packs = (need / sold.pack_quantity).to_integral_value(rounding="ROUND_CEILING")
        row = pack_price(sold, max(packs, Decimal(1)))
        if row is None:
            continue
        price = unit_price(row.price, sold.pack_quantity)
        if best is None or price < best[0]:
            best = (price, row.currency)
    return best
