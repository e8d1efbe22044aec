"""invdesk label …: print labels to PDF, list media, keep templates and calibrations."""

from __future__ import annotations

import argparse

from invdesk.cli import output
from invdesk.core import label_templates
from invdesk.core.errors import ValidationError
from invdesk.core.models import User

KIND_WORDS = ("part", "stock", "location", "build", "po")
KIND_TITLES = {"part": "parts", "stock": "stock items", "location": "locations",
               "build": "build orders", "po": "purchase orders"}


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("label", help="print labels, list label media and templates"
                           ).add_subparsers(metavar="ACTION")
    for word in KIND_WORDS:
        p = group.add_parser(word, help=f"labels for {KIND_TITLES[word]}: a PDF, a printer "
                                        f"file, or straight to a label printer")
        p.add_argument("ids", nargs="+", metavar="ID")
        p.add_argument("--media", required=True, metavar="NAME",
                       help="label medium (see `invdesk label media`)")
        p.add_argument("--template", metavar="T", help="a saved template (default: built-in)")
        p.add_argument("--fields", metavar="A,B", help="fields to print, in order")
        p.add_argument("--barcode", choices=label_templates.BARCODES)
        p.add_argument("--start", type=int, default=1, metavar="N",
                       help="first free position on a partly used sheet (1 = top left)")
        p.add_argument("--copies", type=int, default=1, metavar="K")
        p.add_argument("--length", type=float, metavar="MM", help="cut length on a roll")
        p.add_argument("--printer", metavar="NAME", help="apply this printer's calibration")
        p.add_argument("-o", "--output", metavar="FILE",
                       help="write FILE.pdf, or printer language: FILE.zpl (Zebra) or "
                            "FILE.bin (Brother QL raster)")
        p.add_argument("--send", metavar="URL",
                       help="print directly on a Brother QL or Zebra printer: "
                            "tcp://HOST:9100, usb://… or a device path")
        p.add_argument("--model", default="QL-820NWB", help="Brother QL model (for --send "
                       "and .bin files)")
        p.set_defaults(handler=make_labels, kind_word=word)

    p = group.add_parser("media", help="the label media catalogue")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=list_media)

    p = group.add_parser("add-media", help="add label stock of your own to the catalogue")
    p.add_argument("name")
    p.add_argument("--title", default="")
    p.add_argument("--width", type=float, required=True, metavar="MM")
    p.add_argument("--height", type=float, required=True, metavar="MM")
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--form", default="die-cut", choices=("continuous", "die-cut", "sheet"))
    p.add_argument("--inset", type=float, default=1.0, metavar="MM",
                   help="unprintable margin on every side of a label")
    p.add_argument("--thermal", action="store_true", help="a thermal printer's stock")
    p.add_argument("--rotated", action="store_true", help="the printer feeds it sideways")
    p.add_argument("--page", metavar="WxH", help="sheets: page size in mm, e.g. 210x297")
    p.add_argument("--origin", metavar="X,Y", help="sheets: first label's top-left, mm")
    p.add_argument("--pitch", metavar="X,Y", help="sheets: label origin to the next, mm")
    p.add_argument("--grid", metavar="CxR", help="sheets: columns x rows")
    p.set_defaults(handler=add_media)

    p = group.add_parser("templates", help="saved label templates")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=list_templates)

    p = group.add_parser("save-template", help="save a named label template")
    p.add_argument("name")
    p.add_argument("--kind", required=True, choices=KIND_WORDS)
    p.add_argument("--fields", required=True, metavar="A,B")
    p.add_argument("--barcode", default="qr", choices=label_templates.BARCODES)
    p.add_argument("--media", default="", metavar="NAME")
    p.add_argument("--replace", action="store_true")
    p.set_defaults(handler=save_template)

    p = group.add_parser("calibrate", help="shift everything printed on a printer")
    p.add_argument("printer")
    p.add_argument("--dx", type=float, default=0.0, metavar="MM", help="right is positive")
    p.add_argument("--dy", type=float, default=0.0, metavar="MM", help="down is positive")
    p.set_defaults(handler=calibrate)


def _fields(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [f.strip() for f in text.split(",") if f.strip()]


def _format(path: str) -> str:
    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    formats = {"pdf": "pdf", "zpl": "zpl", "bin": "brother", "ql": "brother"}
    if suffix not in formats:
        raise ValidationError(f"Name the output …pdf, …zpl (Zebra) or …bin (Brother QL), "
                              f"not {path!r}.")
    return formats[suffix]


def make_labels(args, user: User | None) -> int:
    from invdesk.labels import data, direct, media, render, templates  # noqa: PLC0415

    if not args.output and not args.send:
        raise ValidationError("Say where the labels go: -o FILE or --send URL.")
    kind = data.kind_of(args.kind_word)
    medium = media.get(args.media, label_templates.custom_media())
    if args.length:
        medium = medium.with_length(args.length)
    template = templates.choose(kind, medium, args.template)
    if args.fields is not None or args.barcode:
        template = template.but(fields=_fields(args.fields), barcode=args.barcode)
    offset = label_templates.calibration(args.printer) if args.printer else (0.0, 0.0)
    file_format = _format(args.output) if args.output else None
    if file_format in ("zpl", "brother") and direct.format_for(medium) != file_format:
        raise ValidationError(f"{medium.title} cannot be written as {file_format}.")
    language = direct.format_for(medium) if args.send else None
    objects = data.load(kind, args.ids)
    plan = render.plan(objects, medium, template, start=args.start, copies=args.copies,
                       offset=offset)

    def encoded(fmt: str) -> bytes:
        if fmt == "zpl":
            return direct.zpl(plan).encode("ascii")
        return direct.brother_raster(plan, args.model)

    done = []
    if args.output:
        try:
            if file_format == "pdf":
                render.write_pdf(plan, args.output)
            else:
                with open(args.output, "wb") as handle:
                    handle.write(encoded(file_format))
        except OSError as exc:
            raise ValidationError(f"Cannot write {args.output}: {exc.strerror}") from None
        done.append(f"to {args.output}")
    if args.send:
        direct.send(encoded(language), args.send)
        done.append(f"sent to {args.send}")
    pages = len(plan.pages)
    print(f"Wrote {plan.labels} label{'s' * (plan.labels != 1)} on {pages} "
          f"page{'s' * (pages != 1)} of {medium.title} {' and '.join(done)}")
    return 0


def list_media(args, user) -> int:
    from invdesk.labels import media  # noqa: PLC0415

    rows = [m.describe() for m in media.catalogue(label_templates.custom_media())]
    text_rows = [{"name": r["name"], "title": r["title"], "size": f"{r['width']:g} × "
                  f"{r['height']:g} mm", "labels": r["columns"] * r["rows"], "dpi": r["dpi"],
                  "form": r["form"]} for r in rows]
    output.emit(rows, as_json=args.json, text=output.table(text_rows))
    return 0


def _pair(text: str | None, sep: str, what: str) -> list[float] | None:
    if text is None:
        return None
    try:
        a, b = text.lower().split(sep)
        return [float(a), float(b)]
    except ValueError:
        raise ValidationError(f"{what} is two numbers written A{sep}B, not {text!r}.") from None


def add_media(args, user) -> int:
    from invdesk.labels import media  # noqa: PLC0415

    definition = {"name": args.name, "title": args.title or args.name, "width": args.width,
                  "height": args.height, "dpi": args.dpi, "form": args.form,
                  "insets": [args.inset] * 4, "thermal": args.thermal,
                  "rotated": args.rotated}
    if args.form == "sheet":
        grid = _pair(args.grid, "x", "--grid")
        definition.update(page=_pair(args.page, "x", "--page"),
                          origin=_pair(args.origin, ",", "--origin") or [0, 0],
                          pitch=_pair(args.pitch, ",", "--pitch") or [0, 0],
                          columns=int(grid[0]) if grid else 1, rows=int(grid[1]) if grid else 1)
    medium = media.from_definition(definition)
    label_templates.save_medium(definition, user=user)
    print(f"Added label medium {medium.name!r}: {medium.width:g} × {medium.height:g} mm, "
          f"{medium.per_page} per page")
    return 0


def list_templates(args, user) -> int:
    rows = [{"name": t.name, "kind": t.kind, "media": t.media,
             **label_templates.definition(t)} for t in label_templates.listing()]
    output.emit(rows, as_json=args.json,
                text=output.table(rows, ["name", "kind", "media", "barcode", "fields"]))
    return 0


def save_template(args, user) -> int:
    from invdesk.labels import data, media  # noqa: PLC0415

    if args.media:
        media.get(args.media, label_templates.custom_media())
    row = label_templates.save(args.name, kind=data.kind_of(args.kind),
                               fields=_fields(args.fields) or [], barcode=args.barcode,
                               media=args.media, replace=args.replace, user=user)
    print(f"Saved label template {row.name!r} for {row.kind} labels")
    return 0


def calibrate(args, user) -> int:
    dx, dy = label_templates.set_calibration(args.printer, args.dx, args.dy, user=user)
    print(f"Printer {args.printer!r} now prints {dx:+g} mm right and {dy:+g} mm down")
    return 0
