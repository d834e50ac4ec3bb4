"""Helpers the subcommands share: opening the database, reading a password, printing tables."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

import peewee

from shopdesk import db as database
from shopdesk.errors import ShopDeskError


def open_db(args: argparse.Namespace, *, create: bool = False) -> peewee.Database:
    """Open the database named by ``--db`` (or the default one)."""
    return database.open(args.db, create=create)


def read_password(prompt: str = "Password: ", *, confirm: bool = True) -> str:
    """Ask for a password on the terminal, or read one line from a pipe."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise ShopDeskError("No password given on standard input")
        return line.rstrip("\r\n")
    password = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != password:
        raise ShopDeskError("The two passwords differ; nothing was changed")
    return password


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows as aligned columns."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for i, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
