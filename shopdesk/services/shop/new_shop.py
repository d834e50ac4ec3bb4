"""A new shop's database made in one go by the first-run wizard: all of it, or nothing.

:func:`set_up` fills the bound (empty) database in one transaction: details, logo, tax
rates, the owner's account and where invoice numbers start. :func:`create_shop_file` makes a
new SQLite file the same way, but under a ``.partial`` name that only becomes the shop's file
once everything is in; a failure at any step removes it and leaves the previous database
bound, so the shop never finds a half-made file.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import peewee

from shopdesk import db as database
from shopdesk.errors import ValidationError
from shopdesk.models.base import database_proxy
from shopdesk.models.base import database_proxy as db
from shopdesk.models.invoices import DocumentKind, DocumentSequence
from shopdesk.services import audit
from shopdesk.services.access import Actor
from shopdesk.services.sales import numbering
from shopdesk.services.shop import settings, shop_setup

MAX_FIRST_NUMBER = 999_999


@dataclass
class NewShop:
    """Everything the first-run wizard collected."""

    details: shop_setup.ShopDetails
    owner_username: str
    owner_password: str
    owner_name: str = ""
    first_invoice_number: int = 1
    logo_png: bytes | None = None


def invoice_number_preview(prefix: str, first_number: int = 1, year: int | None = None,
                           kind: DocumentKind = DocumentKind.INVOICE) -> str:
    """The number the first invoice (or credit note) will carry, e.g. ``INV-2026-00001``."""
    return numbering.format_number(prefix, kind, year or dt.date.today().year, first_number)


def _start_invoice_numbers(owner: Actor, first_number: int, year: int) -> None:
    """Make the year's invoice series continue from the shop's old system."""
    if first_number == 1:
        return
    DocumentSequence.insert(series=DocumentKind.INVOICE.value, year=year,
                            last_number=first_number - 1).execute()
    audit.record(owner, "create", "numbering", f"{DocumentKind.INVOICE.value}/{year}",
                 f"Invoice numbers of {year} start at {first_number}",
                 None, {"year": year, "first_number": first_number})


def set_up(shop: NewShop) -> Actor:
    """Fill the bound, empty database with the new shop in one transaction; the owner."""
    if not 1 <= shop.first_invoice_number <= MAX_FIRST_NUMBER:
        raise ValidationError(f"The first invoice number is 1 to {MAX_FIRST_NUMBER:,}",
                              {"first_invoice_number": "1 or more"})
    with db.atomic():
        owner = shop_setup.create_shop(shop.details, shop.owner_username, shop.owner_password,
                                       shop.owner_name)
        if shop.logo_png:
            settings.update_settings(owner, logo_png=shop.logo_png)
        _start_invoice_numbers(owner, shop.first_invoice_number, dt.date.today().year)
    return owner


def _side_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]


def create_shop_file(target: Path, shop: NewShop) -> tuple[peewee.Database, Actor]:
    """Make the shop's SQLite file at ``target`` with :func:`set_up`; open and bound after.

    Built as ``<target>.partial`` and renamed only when complete. On any failure the partial
    file is removed, the database that was bound before is bound again, and the error is
    raised: nothing is left behind.
    """
    target = Path(target)
    if target.exists():
        raise ValidationError(f"There is already a shop database at {target}")
    partial = target.with_name(target.name + ".partial")
    previous = database_proxy.obj
    for leftover in _side_files(partial):  # from a crash in an earlier attempt
        leftover.unlink(missing_ok=True)
    new_db: peewee.Database | None = None
    try:
        new_db = database.open(partial, create=True)
        owner = set_up(shop)
        new_db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        new_db.close()
        os.replace(partial, target)
        return database.open(target), owner
    except BaseException:
        if new_db is not None:
            new_db.close()
        for leftover in _side_files(partial):
            leftover.unlink(missing_ok=True)
        database_proxy.initialize(previous)
        raise


def _existing(path: Path) -> Path | None:
    path = Path(path).expanduser().absolute()
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return None


def same_disk(folder: Path, database_file: Path) -> bool:
    """Whether backups in ``folder`` would sit on the same disk as ``database_file`` (a
    disk failure would take both). Unknown (nothing of either path exists): False."""
    a, b = _existing(folder), _existing(database_file)
    if a is None or b is None:
        return False
    return os.stat(a).st_dev == os.stat(b).st_dev
