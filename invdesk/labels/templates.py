"""Label templates: a built-in one for every kind of object and size of label, and the
users' saved ones (stored through ``invdesk.core.label_templates``)."""

from __future__ import annotations

from dataclasses import dataclass

from invdesk.core import label_templates
from invdesk.core.errors import ValidationError
from invdesk.core.label_templates import BARCODES, FIELDS, KINDS
from invdesk.labels.media import Medium

# Fields of the built-in templates by kind, most important first; a label shows as many
# as its size allows.
_BUILTIN_FIELDS = {
    "part": ("name", "ipn", "description", "category"),
    "stockitem": ("name", "ipn", "quantity", "location", "batch", "serial", "date"),
    "location": ("name", "path", "description"),
    "build": ("reference", "name", "quantity", "batch", "date"),
    "purchaseorder": ("reference", "supplier", "date", "description"),
}


@dataclass(frozen=True)
class Template:
    name: str
    kind: str
    fields: tuple[str, ...]
    barcode: str = "qr"
    media: str = ""            # the medium it was made for ("" for any)
    builtin: bool = False

    def __post_init__(self) -> None:
        if self.kind not in FIELDS:
            raise ValidationError(f"Labels are made for {', '.join(KINDS)}, not {self.kind!r}.")
        if self.barcode not in BARCODES:
            raise ValidationError(f"The barcode is one of {', '.join(BARCODES)}, not "
                                  f"{self.barcode!r}.")
        bad = [f for f in self.fields if f not in FIELDS[self.kind]]
        if bad:
            raise ValidationError(f"A {self.kind} label has no field {bad[0]!r}; fields: "
                                  f"{', '.join(FIELDS[self.kind])}.")

    def but(self, *, fields: tuple[str, ...] | list[str] | None = None,
            barcode: str | None = None) -> Template:
        """This template with other fields or barcode (an unsaved variation)."""
        return Template(self.name, self.kind,
                        tuple(fields) if fields is not None else self.fields,
                        barcode or self.barcode, self.media, builtin=False)


def size_class(medium: Medium) -> str:
    """tiny, small, medium or large, from the printable area."""
    _, _, w, h = medium.printable()
    if min(w, h) < 12:
        return "tiny"
    if min(w, h) < 20 or w * h < 900:
        return "small"
    if min(w, h) < 40:
        return "medium"
    return "large"


_FIELD_COUNT = {"tiny": 2, "small": 3, "medium": 4, "large": 7}


def builtin(kind: str, medium: Medium) -> Template:
    """The built-in template for ``kind`` on ``medium``."""
    if kind not in _BUILTIN_FIELDS:
        raise ValidationError(f"Labels are made for {', '.join(KINDS)}, not {kind!r}.")
    size = size_class(medium)
    fields = _BUILTIN_FIELDS[kind][:_FIELD_COUNT[size]]
    # Data Matrix packs the same payload into the fewest modules: the best fit for
    # labels a few millimetres high.
    barcode = "datamatrix" if size == "tiny" else "qr"
    return Template(f"{kind}/{size}", kind, fields, barcode, medium.name, builtin=True)


def from_saved(row) -> Template:
    """A template from its database row (``invdesk.core.models.LabelTemplate``)."""
    data = label_templates.definition(row)
    return Template(row.name, row.kind, tuple(data.get("fields", ())),
                    data.get("barcode", "qr"), row.media)


def choose(kind: str, medium: Medium, name: str | None = None) -> Template:
    """The saved template ``name``, or the built-in one for ``kind`` on ``medium``."""
    if not name:
        return builtin(kind, medium)
    if "/" in name and name.split("/", 1)[0] == kind:
        return builtin(kind, medium)
    template = from_saved(label_templates.get(name))
    if template.kind != kind:
        raise ValidationError(f"Template {name!r} is for {template.kind} labels, not {kind}.")
    return template
