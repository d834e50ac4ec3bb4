"""Helpers the subcommands share: opening the database, reading a password, printing tables."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

import peewee

from shopdesk import db as database
from shopdesk.errors import NotFoundError, ShopDeskError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.services.access import COMMAND_LINE


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


def hidden_parser(sub: argparse._SubParsersAction, name: str,
                  **kwargs: object) -> argparse.ArgumentParser:
    """A subcommand for tools and tests only (e.g. the installer's smoke run): it runs like
    any other but is not listed by ``--help``. (Without ``help=`` argparse lists no line for
    it; ``help=argparse.SUPPRESS`` would print "==SUPPRESS==" before Python 3.13.)"""
    assert "help" not in kwargs
    return sub.add_parser(name, **kwargs)  # type: ignore[arg-type]


def customer_from(text: str) -> int:
    """The id of the customer a person names on the command line: the customer number as
    printed on statements (``#123``), a name, phone digits (or the last digits), a plate or
    a VIN tail. Several found: they are listed and the command is refused."""
    from shopdesk.services.crm import search

    found = search.customers_meant(COMMAND_LINE, text)
    if not found:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "No customer matches '{text}'"),
                            text=text.strip())
    if len(found) > 1:
        print_table([translate("CLI", "no."), translate("CLI", "name"),
                     translate("CLI", "phone"), translate("CLI", "city"),
                     translate("CLI", "vehicle")],
                    [(f"#{m.customer_id}", m.name, m.phone, m.city, m.vehicle) for m in found])
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "{count} customers match '{text}': be more precise (the whole name, more "
                      "digits of the phone, or the customer number as #N)"),
            count=len(found), text=text.strip())
    return found[0].customer_id


def vehicle_from(text: str) -> int:
    """The id of the vehicle a person names on the command line: its plate (spaces, dashes
    and case ignored), its VIN or the VIN's last 6 or more characters. Several found: they
    are listed and the command is refused."""
    from shopdesk.services.crm import vehicles

    found = vehicles.vehicles_meant(COMMAND_LINE, text)
    if not found:
        raise NotFoundError(QT_TRANSLATE_NOOP(
            "Errors", "No vehicle has the plate or VIN '{text}'"), text=text.strip())
    if len(found) > 1:
        print_table([translate("CLI", "plate"), translate("CLI", "vehicle"), "VIN",
                     translate("CLI", "owner")],
                    [(v.plate, f"{v.make} {v.model}".strip(), v.vin, v.customer.display_name)
                     for v in found])
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "{count} vehicles match '{text}': give the whole plate or more of the "
                      "VIN"), count=len(found), text=text.strip())
    return found[0].id
