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
    """Open the database named by ``--db`` (or the default one); documents and exports are
    then in the shop's language (Settings → Invoicing) unless ``--language`` chose one."""
    opened = database.open(args.db, create=create)
    if not create:
        use_shop_language(getattr(args, "language", None))
    return opened


def use_shop_language(chosen: str | None = None) -> str:
    """Print and export in ``chosen``, else the shop's document language, else this PC's
    (``--language`` > ``shop_settings.language`` > Settings → This PC > the system locale).
    The command line writes only documents, so its text follows the same language."""
    from shopdesk import formatting, i18n
    from shopdesk.models.settings import SETTINGS_ID, ShopSettings

    shop = (ShopSettings.select(ShopSettings.language)  # read only: no shop yet, no row made
            .where(ShopSettings.id == SETTINGS_ID).first())
    code = chosen or (shop.language if shop else "") or i18n.screen_language()
    i18n.set_language(code)
    i18n.set_document_language(code)
    formatting.configure(locale=i18n.format_locale(code))
    return code


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
