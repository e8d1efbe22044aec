"""The ``invdesk`` command: the GUI by default, headless subcommands for everything else.

Each area registers its subcommands from its own module (see ``AREAS``). A handler
gets the parsed arguments and the acting user; it returns an exit code or None.
A refused operation prints one line on stderr and exits 1; bad usage exits 2.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from invdesk import __version__
from invdesk.core.errors import InvdeskError

AREAS = (
    "invdesk.cli.general",
    "invdesk.cli.parts",
    "invdesk.cli.stock",
    "invdesk.cli.orders",     # company, supplier-part, bom, build, po, so, ro, report
    "invdesk.cli.scanning",   # decode, scan, barcode
    "invdesk.cli.labels",     # label
    "invdesk.cli.users",      # user
    "invdesk.cli.transfer",   # import, export, import-inventree
    "invdesk.cli.backup",     # backup, restore
    "invdesk.cli.selftest",   # selftest
)

EXIT_REFUSED = 1
EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"invdesk: {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> Parser:
    parser = Parser(prog="invdesk", description="Inventory for the workbench.")
    parser.add_argument("--version", action="version", version=f"invdesk {__version__}")
    parser.add_argument("--db", metavar="URL",
                        help="database: a file path, sqlite:///path or postgresql://… "
                             "(default: $INVDESK_DB, else the per-user data folder)")
    parser.add_argument("--user", metavar="NAME",
                        help="act as this user (password from $INVDESK_PASSWORD or a prompt)")
    parser.add_argument("--demo", action="store_true",
                        help="open the GUI on the demo database (created if missing)")
    parser.add_argument("--screenshots", metavar="DIR",
                        help="open the demo database (or --db) offscreen, visit every page "
                             "and save one PNG per page in DIR")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in AREAS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.command is None and args.screenshots:
        from invdesk.ui import screenshots  # noqa: PLC0415 - Qt loads only when wanted

        return screenshots.run(args.screenshots, args.db)
    if args.command is None:
        return _gui(args)
    handler = getattr(args, "handler", None)
    if handler is None:  # a group without its subcommand, e.g. "invdesk stock"
        parser.parse_args([*(argv or sys.argv[1:]), "--help"])
        return EXIT_USAGE
    try:
        if getattr(args, "needs_db", True):
            from invdesk.cli import session  # noqa: PLC0415

            with session.opened(args) as user:
                result = handler(args, user)
        else:
            result = handler(args, None)
    except InvdeskError as exc:
        sys.stderr.write(f"invdesk: {exc}\n")
        return EXIT_REFUSED
    except UnicodeEncodeError:
        # An argument that was not valid text in the terminal's encoding.
        sys.stderr.write("invdesk: an argument is not valid text (check the terminal's "
                         "encoding); nothing was changed.\n")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        sys.stderr.write("invdesk: interrupted; nothing more was changed.\n")
        return 130
    return int(result or 0)


def main_gui() -> int:
    return main([])


def _gui(args: argparse.Namespace) -> int:
    from invdesk.ui import app  # noqa: PLC0415 - Qt loads only when the GUI is wanted

    if args.demo:
        from invdesk import paths  # noqa: PLC0415

        url = str(paths.demo_database())
        demo = True
    else:
        url = args.db or os.environ.get("INVDESK_DB") or None
        demo = False
    return app.run(url=url, username=args.user, demo=demo)
