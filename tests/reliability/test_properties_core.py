"""Property-based tests: quantities, search text and barcode resolution never crash on any
input, and their promises hold for every value hypothesis can think of."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from invdesk.cli import output
from invdesk.core import barcodes, parts, quantity, search, stock, supplier_barcodes
from invdesk.core.errors import InvdeskError, ValidationError
from invdesk.core.models import StockItem
from tests.core.helpers import item, snapshot

# No example database on disk, no timing deadlines on a shared machine, and a database
# fixture shared by the examples of one test (each example cleans up or only reads).
PROPERTY = settings(database=None, deadline=None, max_examples=150,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
ON_DATABASE = settings(PROPERTY, max_examples=60)

anything = st.one_of(st.text(), st.binary().map(lambda b: b.decode("latin-1")),
                     st.integers(), st.floats(), st.decimals(), st.none(), st.booleans())
# Text a person can type or a scanner can send: no control characters.
typed = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)


# ---------------------------------------------------------------- quantities

@PROPERTY
@given(anything, st.integers(0, 6), st.booleans(), st.booleans())
@example("1E+1000000", 6, True, False)     # once overflowed instead of being refused
@example("-8E1458128", 6, True, False)
@example("1e-99999999999", 6, True, True)  # once read as 0
def test_parsing_any_input_gives_an_exact_quantity_or_a_clear_refusal(value, places,
                                                                      allow_zero, negative):
    try:
        number = quantity.parse(value, places=places, allow_zero=allow_zero,
                                allow_negative=negative)
    except ValidationError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(number, Decimal) and number.is_finite()
    assert quantity.places_of(number) <= places
    assert abs(number) < quantity.LIMIT
    assert negative or number >= 0
    assert allow_zero or number != 0
    # What we print reads back as the same number, and the database keeps it exactly.
    assert quantity.parse(quantity.format(number), places=places,
                          allow_negative=True) == number
    assert quantity.from_db(quantity.to_db(number)) == number


@PROPERTY
@given(st.decimals(min_value=-10**12, max_value=10**12, places=6, allow_nan=False,
                   allow_infinity=False))
def test_every_six_place_decimal_round_trips_through_text_and_the_database(number):
    parsed = quantity.parse(str(number), allow_negative=True)
    assert parsed == number
    assert quantity.from_db(quantity.to_db(parsed)) == number
    assert quantity.parse(quantity.format(parsed), allow_negative=True) == number


@PROPERTY
@given(st.text(alphabet="0123456789.,-+_ eE", max_size=12))
def test_number_like_text_never_escapes_as_an_unexpected_error(text):
    try:
        quantity.parse(text)
    except ValidationError:
        pass


# ---------------------------------------------------------------- search text

@ON_DATABASE
@given(st.text(max_size=300))
@example("²")              # a digit to str.isdigit, not to int()
@example("9" * 23)         # more than an id column holds
def test_any_search_text_runs_as_data_never_as_query_syntax(any_db, text):
    # Quotes, %, _, backslashes, NUL, FTS operators, 300 characters: no error.
    list(search.parts(text).limit(5))
    list(search.stock_items(text).limit(5))
    list(search.locations(text).limit(5))
    for query in search.orders(text):
        list(query.limit(5))
    assert len(search.clean(text)) <= search.MAX_TEXT


@ON_DATABASE
@given(typed, st.data())
def test_a_part_is_found_by_any_piece_of_its_name(sqlite_db, name, data):
    """Three characters or more: any piece of the name. One or two: its start."""
    assume(name.strip())
    part = parts.add(name)
    try:
        stored = part.name
        start = data.draw(st.integers(0, len(stored) - 1))
        end = data.draw(st.integers(start + 1, len(stored)))
        piece = stored[start:end]
        if len(search.clean(piece)) < 3:
            piece = stored[:end]
            assume(stored.startswith(search.clean(piece)))
        assume(search.clean(piece))
        assert part.id in [p.id for p in search.parts(piece)]
    finally:
        parts.delete(part)


# ---------------------------------------------------------------- barcodes

@PROPERTY
@given(st.sampled_from(sorted(barcodes.CODES)), st.integers(1, 10**18 - 1),
       st.sampled_from([str, str.lower, lambda s: f"  {s}\n"]))
def test_our_payloads_round_trip_whatever_the_case_and_surrounding_space(kind, object_id,
                                                                         mangle):
    payload = barcodes.encode(kind, object_id)
    assert payload == payload.upper() and len(payload) <= 4 + 2 + 18
    assert barcodes.parse_ours(mangle(payload)) == barcodes.Reference(kind, object_id)


@ON_DATABASE
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(
    lambda b: b.decode("latin-1")), st.just("[)>\x1e06\x1dP\x1d\x04"), st.from_regex(
        r"\A(IVD|INV)[:-](SI|PO|P|L)[0-9]{0,20}\Z")))
@example('{"part": "²"}')
@example('{"stockitem": 99999999999999999999999}')
def test_resolving_any_scanned_text_never_raises_and_prints_as_json(sqlite_db, text):
    found = barcodes.resolve(text)
    assert isinstance(found, barcodes.Resolution)
    assert found.known or found.reason
    json.loads(output.dumps(found.as_dict()))
    supplier_barcodes.parse(text)
    supplier_barcodes.looks_like(text)


@ON_DATABASE
@given(st.integers(1, 10**6))
def test_a_stock_label_resolves_to_its_item_and_a_missing_one_says_so(sqlite_db, offset):
    it = StockItem.select().first() or item("3")
    found = barcodes.resolve(barcodes.encode("stockitem", it.id))
    assert (found.kind, found.id, found.via) == ("stockitem", it.id, "ours")
    missing = barcodes.resolve(barcodes.encode("stockitem", it.id + offset))
    assert not missing.known and "no longer exists" in missing.reason


@ON_DATABASE
@given(typed)
def test_any_unknown_code_once_linked_resolves_to_its_part(sqlite_db, code):
    part = parts.get("Linked thing") if parts.listing(text="Linked thing").count() else \
        parts.add("Linked thing")
    before = barcodes.resolve(code)
    assume(not before.known and barcodes.linked(code) is None)
    state = snapshot()
    try:
        barcodes.link(code, "part", part.id)
    except InvdeskError:
        assert snapshot() == state  # a refused link changes nothing
        return
    try:
        found = barcodes.resolve(code)
        assert (found.kind, found.id, found.via) == ("part", part.id, "link")
    finally:
        barcodes.unlink(code)


@pytest.mark.parametrize("text", ["", "   ", "\x00", "IVD:", "IVD:SI", "IVD:SI0", "INV-SI",
                                  "{}", "{\"stockitem\": -1}", "[)>", "\x1d" * 50])
def test_odd_scans_are_unknown_with_a_reason(sqlite_db, text):
    found = barcodes.resolve(text)
    assert not found.known and found.reason


@ON_DATABASE
@given(st.one_of(st.text(max_size=30), st.integers(), st.just("²"), st.just("9" * 25)))
@example("²" * 12)  # twelve 'digits' once reached the EAN check digit as int('²')
def test_any_text_given_as_an_id_is_found_or_refused_clearly(sqlite_db, ref):
    for lookup in (stock.get, stock.entry):
        try:
            lookup(ref)
        except InvdeskError as exc:
            assert str(exc)
    barcodes.normalise_external(str(ref))
