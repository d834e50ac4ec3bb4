"""The ``shopdesk`` command. No subcommand opens the window; subcommands do the rest.

Every subcommand takes ``--db PATH|URL``. Errors a person can fix print one line and exit
non-zero (1 for a fault, 2 for a bad command line); unexpected errors go to the log, never a
traceback on screen.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

import shopdesk
from shopdesk import formatting, i18n, logs
from shopdesk.errors import ShopDeskError
from shopdesk.local_config import LocalConfig

log = logging.getLogger("shopdesk.cli")

#: Modules that add subcommands: each has ``register(subparsers, common)``. Imported only to
#: run a subcommand (or print the help): they import printing, exports and imports, which
#: opening the window has no use for.
COMMAND_MODULES = ["shop", "users", "customers", "backup", "parts", "invoices", "workshop",
                   "exports", "imports", "packages", "pricing", "reports", "counter", "database"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse prints usage too)
        self.exit(2, f"shopdesk: {message}\n(see 'shopdesk --help')\n")


def use_language(language: str | None = None) -> str:
    """Print and export in ``language``, else in this PC's language (Settings → This PC)."""
    code = language or i18n.resolve(LocalConfig.load().language)
    i18n.set_language(code)
    formatting.configure(locale=i18n.format_locale(code))
    return code


class _NotTheWindow(Exception):
    """The command line is more than the window's options: the full grammar reads it."""


class _WindowParser(_Parser):
    def error(self, message: str) -> None:
        raise _NotTheWindow(message)


def _common_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    # SUPPRESS: a subcommand without its own --db must not reset one given before it
    # (`shopdesk --db X check` checks X, not the default database).
    parser.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS,
                        help="shop database: a SQLite file or postgresql://user:pw@host/name "
                             "(default: the one in your data folder)")
    parser.add_argument("--language", choices=sorted(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help="language of printed documents and exports (default: this PC's, "
                             "as chosen in Settings → This PC)")
    return parser


def window_options(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options when ``argv`` only opens the window (``--db``, ``--language``), without
    building the full grammar (that imports every subcommand's module); None otherwise."""
    parser = _common_options(_WindowParser(prog="shopdesk", add_help=False))
    try:
        args, rest = parser.parse_known_args(list(argv), argparse.Namespace(db=None))
    except _NotTheWindow:
        return None
    return None if rest else args


def build_parser() -> argparse.ArgumentParser:
    """The full command-line grammar."""
    common = _common_options(_Parser(add_help=False))
    parser = _Parser(prog="shopdesk", parents=[common],
                     description="ShopDesk: the front desk of an auto repair shop or parts "
                                 "dealer. Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"ShopDesk {shopdesk.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"shopdesk.cli.{name}").register(sub, common)
    return parser


def damaged_database(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite finding the file damaged while a command reads it."""
    import sqlite3

    import peewee

    return (isinstance(exc, (sqlite3.DatabaseError, peewee.DatabaseError))
            and any(sign in str(exc) for sign in ("malformed", "not a database")))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = window_options(argv)
    if args is None:
        args = build_parser().parse_args(argv, argparse.Namespace(db=None))
    else:
        args.command = None
    logs.setup_logging()
    try:
        if args.command is None:
            from shopdesk.gui.app import run_gui  # Qt only when a window is wanted

            return run_gui(args.db)
        use_language(getattr(args, "language", None))
        return int(args.func(args) or 0)
    except ShopDeskError as exc:  # in the language the command prints in
        print(f"shopdesk: {exc.translated()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("shopdesk: stopped", file=sys.stderr)
        return 130
    except Exception as exc:  # the last guard: log it, say where, no traceback on screen
        if damaged_database(exc):
            log.warning("damaged database in %s: %s", args.command, exc)
            print("shopdesk: " + i18n.translate(
                "CLI", "the shop database is damaged ({problem}): restore it from a backup "
                       "(shopdesk restore FILE); nothing was changed.").format(problem=exc),
                  file=sys.stderr)
            return 1
        log.exception("unexpected error in %s", args.command)
        print(f"shopdesk: unexpected error ({type(exc).__name__}: {exc}); details in "
              f"{logs.log_file()}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
