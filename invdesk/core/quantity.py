"""Exact quantities and prices.

Quantities and money are :class:`decimal.Decimal` in Python and whole numbers of
millionths in the database, so ``quantity = quantity + ?`` is exact integer
arithmetic on SQLite and PostgreSQL alike: 0.1 m moved 10,000 times conserves.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from invdesk.core.errors import ValidationError

PLACES = 6
SCALE = 10**PLACES
# Largest magnitude a signed 64-bit column holds at this scale, with headroom for sums.
LIMIT = Decimal(2**62) / SCALE


def parse(value: object, *, places: int = PLACES, what: str = "quantity",
          allow_zero: bool = True, allow_negative: bool = False) -> Decimal:
    """Turn user input (text, int, Decimal, float) into an exact Decimal, or refuse.

    ``places`` is how many decimal places the part's units allow.
    """
    if isinstance(value, bool) or value is None:
        raise ValidationError(f"The {what} must be a number, not {value!r}.")
    if type(value) is int and 0 < value < LIMIT:  # the everyday case: whole, in range
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"The {what} must be a finite number, not {value}.")
        value = repr(value)
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        if not text:
            raise ValidationError(f"The {what} is empty; enter a number.")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"The {what} must be a number, not {value!r}.") from None
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        raise ValidationError(f"The {what} must be a number, not {type(value).__name__}.")
    if not number.is_finite():
        raise ValidationError(f"The {what} must be a finite number, not {value!r}.")
    # Size first, exactly: rounding 1E+1000000 or 1E-1000000 to the decimal context
    # would overflow, or quietly turn it into 0.
    if number.copy_abs() >= LIMIT:
        raise ValidationError(f"The {what} {number} is too large.")
    if number < 0 and not allow_negative:
        raise ValidationError(f"The {what} cannot be negative ({format(number)}).")
    if number == 0 and not allow_zero:
        raise ValidationError(f"The {what} must be more than zero.")
    if places_of(number) > places:
        unit_hint = "whole numbers only" if places == 0 else f"at most {places} decimal places"
        shown = format(number) if number.adjusted() > -3 * PLACES else str(number)
        raise ValidationError(
            f"The {what} {shown} is more precise than allowed ({unit_hint}).")
    return normal(number)


def places_of(number: Decimal) -> int:
    """Decimal places that matter (trailing zeros do not), counted exactly."""
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or not any(digits):
        return 0
    text = "".join(map(str, digits))
    return max(0, -(exponent + len(text) - len(text.rstrip("0"))))


def normal(number: Decimal) -> Decimal:
    """The shortest exact form without exponent: 440, 0.1, 37.4904."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1)) if abs(number) < LIMIT else number
    return number.normalize()


def to_db(number: Decimal | int | str) -> int:
    if type(number) is int:
        return number * SCALE
    if type(number) is not Decimal:
        number = Decimal(number)
    whole = int(number)
    if whole == number:
        return whole * SCALE
    scaled = number * SCALE
    if scaled != scaled.to_integral_value():
        raise ValidationError(f"{format(number)} has more than {PLACES} decimal places.")
    return int(scaled)


def from_db(value: int) -> Decimal:
    whole, rest = divmod(int(value), SCALE)
    if not rest and abs(whole) < LIMIT:
        return Decimal(whole)  # what normal() makes of a whole number, without the work
    return normal(Decimal(int(value)) / SCALE)


def format(number: Decimal | None) -> str:  # noqa: A001 - reads naturally at call sites
    if number is None:
        return ""
    return str(normal(Decimal(number)))
