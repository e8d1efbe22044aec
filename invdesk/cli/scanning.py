"""invdesk decode …, invdesk scan …, invdesk barcode link|unlink …"""

from __future__ import annotations

import argparse
from pathlib import Path

from invdesk.cli import output
from invdesk.core import ids
from invdesk.core.errors import NotFound, ValidationError

VIDEO_SUFFIXES = {".avi", ".mp4", ".mkv", ".mov", ".webm", ".m4v", ".mpg", ".mpeg", ".wmv"}
LINK_KINDS = {"part": "part", "stock": "stockitem", "stockitem": "stockitem",
              "location": "location"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("decode", help="read the barcodes in image or video files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=decode, needs_db=False)

    p = sub.add_parser("scan", help="what a scanned text names (as the scanner would)")
    p.add_argument("text")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=scan)

    group = sub.add_parser("barcode", help="link external barcodes to parts, stock, "
                                           "locations").add_subparsers(metavar="ACTION")
    p = group.add_parser("link", help="link a barcode (e.g. a box's EAN) to an object")
    p.add_argument("text")
    p.add_argument("kind", choices=("part", "stock", "location"))
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=link)
    p = group.add_parser("unlink", help="remove a barcode's link")
    p.add_argument("text")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=unlink)


def decode_file(path: str) -> list[dict]:
    """The symbols in one image, or the codes a video would scan frame by frame."""
    from invdesk.scanning import decode as decoder  # noqa: PLC0415 - OpenCV loads on use
    from invdesk.scanning import stream  # noqa: PLC0415

    file = Path(path)
    if not file.is_file():
        raise NotFound(f"{path}: no such file.")
    if file.suffix.lower() not in VIDEO_SUFFIXES:
        try:
            image = decoder.read_file(path)
        except ValueError:
            image = None
        if image is not None:
            return [{"type": s.type, "text": s.text,
                     "points": [list(p) for p in s.points]}
                    for s in decoder.decode_image(image)]
    from invdesk.scanning.settings import ScannerSettings  # noqa: PLC0415

    # A video is read as the camera reads: this workstation's confirmation timings.
    s = ScannerSettings.load()
    loop = stream.FrameLoop(stream.Confirmer(s.confirm_reads, s.confirm_window,
                                             s.repeat_seconds))
    try:
        return [{"type": sym.type, "text": sym.text, "time": round(t, 3)}
                for t, sym in stream.video_codes(path, loop)]
    except ValueError as exc:
        raise ValidationError(f"{path}: neither an image nor a video that can be read.") \
            from exc


def decode(args: argparse.Namespace, user) -> int:
    results = [{"file": path, "symbols": decode_file(path)} for path in args.files]
    if args.json:
        output.emit(results, as_json=True)
    else:
        lines = []
        for result in results:
            if not result["symbols"]:
                lines.append(f"{result['file']}: nothing found")
            for symbol in result["symbols"]:
                lines.append(f"{result['file']}: {symbol['type']} {_visible(symbol['text'])}")
        output.emit(None, as_json=False, text="\n".join(lines))
    return 0 if all(r["symbols"] for r in results) else 1


def _visible(text: str) -> str:
    """Control characters shown as <GS>, <RS>, <EOT> so a terminal shows them."""
    names = {"\x1d": "<GS>", "\x1e": "<RS>", "\x04": "<EOT>"}
    return "".join(names.get(c, c if c.isprintable() else f"<{ord(c):02X}>") for c in text)


def scan(args: argparse.Namespace, user) -> int:
    from invdesk.core import barcodes  # noqa: PLC0415

    result = barcodes.resolve(args.text)
    data = result.as_dict()
    output.emit(data, as_json=args.json)
    return 0 if result.known else 1


def link(args: argparse.Namespace, user) -> int:
    from invdesk.core import barcodes  # noqa: PLC0415

    text = str(args.id).strip()
    number = ids.parse(text)
    if number is None:
        raise ValidationError(f"Give the {args.kind} by its id (a whole number), not {text!r}.")
    row = barcodes.link(args.text, LINK_KINDS[args.kind], number, user=user)
    output.emit({"text": row.text, "kind": row.kind, "id": row.object_id},
                as_json=args.json,
                text=f"Linked {row.text} to {args.kind} {row.object_id}.")
    return 0


def unlink(args: argparse.Namespace, user) -> int:
    from invdesk.core import barcodes  # noqa: PLC0415

    kind, object_id = barcodes.unlink(args.text, user=user)
    output.emit({"text": args.text, "kind": kind, "id": object_id}, as_json=args.json,
                text=f"Unlinked {args.text.strip()} from {kind} {object_id}.")
    return 0
