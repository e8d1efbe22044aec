"""Units of measure a part can be counted in, and how precisely."""

from __future__ import annotations

from invdesk.core.errors import ValidationError

# unit -> (decimal places allowed, description)
UNITS: dict[str, tuple[int, str]] = {
    "pcs": (0, "pieces"),
    "pair": (0, "pairs"),
    "box": (0, "boxes"),
    "reel": (0, "reels"),
    "roll": (0, "rolls"),
    "mm": (2, "millimetres"),
    "cm": (3, "centimetres"),
    "m": (4, "metres"),
    "km": (6, "kilometres"),
    "in": (3, "inches"),
    "ft": (4, "feet"),
    "mg": (2, "milligrams"),
    "g": (3, "grams"),
    "kg": (6, "kilograms"),
    "ml": (3, "millilitres"),
    "l": (6, "litres"),
    "m2": (4, "square metres"),
    "h": (4, "hours"),
}

ALIASES = {
    "": "pcs", "pc": "pcs", "piece": "pcs", "pieces": "pcs", "each": "pcs", "ea": "pcs",
    "x": "pcs", "units": "pcs", "unit": "pcs", "pairs": "pair", "boxes": "box",
    "reels": "reel", "rolls": "roll",
    "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "millimeter": "mm", "millimeters": "mm", "millimetre": "mm", "millimetres": "mm",
    "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm",
    "inch": "in", "inches": "in", "foot": "ft", "feet": "ft",
    "gram": "g", "grams": "g", "kilogram": "kg", "kilograms": "kg", "kilo": "kg",
    "milligram": "mg", "milligrams": "mg",
    "liter": "l", "liters": "l", "litre": "l", "litres": "l", "ltr": "l",
    "milliliter": "ml", "milliliters": "ml", "millilitre": "ml", "millilitres": "ml",
    "sqm": "m2", "m^2": "m2", "hour": "h", "hours": "h", "hr": "h",
}


def canonical(unit: str | None) -> str:
    """The canonical spelling of a unit, or a ValidationError listing the known ones."""
    key = (unit or "").strip()
    if key in UNITS:
        return key
    lowered = key.lower()
    if lowered in UNITS:
        return lowered
    if lowered in ALIASES:
        return ALIASES[lowered]
    raise ValidationError(
        f"Unknown unit {unit!r}; use one of: {', '.join(UNITS)}.")


def places(unit: str) -> int:
    return UNITS.get(unit, (6, ""))[0]
